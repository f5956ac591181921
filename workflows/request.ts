/**
 * The request lifecycle (DESIGN §2): one durable workflow per request, `request-<number>`, from
 * registration (5.12) to the end of the applicant's rating window (10.1). It alone changes a
 * request's lifecycle state. The whole lifecycle is in this file, in this order:
 *
 *   1. state: the card (contracts/request.ts) plus the timers' bookkeeping, carried across continue-as-new;
 *   2. transitions: each appends to the history (8.1.7), is projected into MongoDB with its events
 *      (recordTransition), and refreshes the search attributes and the details the Temporal UI shows;
 *   3. actions: one Temporal Update per action of DESIGN §4, each with a synchronous validator running
 *      the rules of domain/lifecycle.ts, so a forbidden action is refused with a reason and leaves no
 *      trace; an accepted action returns the card once the read model holds it (read your writes);
 *   4. registration (5.12): the Classifier deadline, the first transition;
 *   5. timers: 8.1.2 acceptance reminder, deadline reminder, 8.1.5 deadline → overdue, 9.2.4 review
 *      window, 10.1 rating window → completed; continue-as-new when the history grows long.
 *
 * Deadlines are computed here with domain/calendar.ts, on a calendar read by an activity at that
 * moment, so an admin's calendar change applies to deadlines computed afterwards.
 */
import { defineSearchAttributeKey, type SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Activities, LifecycleRules } from '../activities/index.ts';
import { actorSchema, SYSTEM_ACTOR as SYSTEM, type Actor } from '../contracts/actor.ts';
import type { RequestEventType } from '../contracts/events.ts';
import {
  actionInputs,
  QUERY_CARD,
  REGISTRATION_UPDATE,
  RELAY_OUTBOX_SIGNAL,
  REPEATED_SIGNAL,
  repeatedSignalSchema,
  startRequestSchema,
  STATUS_LABELS_UK,
  UPDATE_NAMES,
  type ActionArg,
  type ActionInput,
  type ActionName,
  type RequestCard,
  type RepeatedSignal,
  type RequestStatus,
  type StartRequest,
} from '../contracts/request.ts';
import { requestWorkflowId } from '../contracts/wire.ts';
import { checkBounds } from '../domain/bounds.ts';
import { deadlineFrom, nextWorkingStart, type Term } from '../domain/calendar.ts';
import {
  awaitedOf,
  checkAction,
  deadlineRuns,
  extensionNeedsManager,
  inStrategicPlan,
  isNegativeRating,
  lastOpenInspection,
  RULES_REVISION,
  type Refusal,
} from '../domain/lifecycle.ts';
import { authorOf, initialCard, recordStep, registrationStep, type TransitionStep } from '../domain/registration.ts';
import { clone, oneAtATime, refusalFailure } from './common.ts';

// ─── 1. State ────────────────────────────────────────────────────────────────────────────────────

/** The card as the running workflow holds it: the fields added later are always set (see the start of the run). */
type LiveCard = RequestCard & Required<Pick<RequestCard, 'overdueCount' | 'missedDeadlines' | 'repeatedBy'>>;

/** Everything the lifecycle knows: the card, and when its reminders are due. Carried by continue-as-new. */
export interface LifecycleState {
  card: RequestCard;
  route: StartRequest['route'];
  /** When the running term started (registration, change of executor, extension, rework). */
  termStartedAt?: string;
  /** 8.1.2: when to remind the executor that the request is still not accepted (until sent). */
  acceptanceRemindAt?: string;
  /** When to remind the executor of the coming deadline (until sent). */
  deadlineRemindAt?: string;
  /** 8.2.2: when to remind the managers of an extension still waiting for their sign-off (until sent). */
  managerRemindAt?: string;
  /** 9.2.4: when to tell the operators' queue that a proposal made out of hours is reviewable (until sent). */
  reviewNoticeAt?: string;
  /** The rating window ended and `completed` was recorded: nothing more may happen. */
  completed: boolean;
}

/** The workflow's input: what intake starts it with, or that plus the state a continued run carries. */
export type RequestWorkflowInput = StartRequest & {
  carried?: LifecycleState;
  /** Continue as new past this many history events even before Temporal suggests it (tests, operations). */
  historyLimit?: number;
};

export const cardQuery = defineQuery<RequestCard>(QUERY_CARD);
export const registrationUpdate = defineUpdate<RequestCard, []>(REGISTRATION_UPDATE);
/** The Update of one action, typed (clients may equally use `UPDATE_NAMES[action]`). */
export const actionUpdate = <A extends ActionName>(action: A) => defineUpdate<RequestCard, [ActionArg<A>]>(UPDATE_NAMES[action]);
/** The outbox sweeper's request to relay what a failed publish left in the outbox (activities/outbox.ts). */
export const relayOutboxSignal = defineSignal(RELAY_OUTBOX_SIGNAL);
/** 9.2.3: a later request repeats this one (sent by the repeat's workflow at its registration). */
export const repeatedSignal = defineSignal<[RepeatedSignal]>(REPEATED_SIGNAL);

/**
 * The lifecycle corrections of rules revision 2 (domain/lifecycle.ts RULES_REVISION): the original of a
 * repeated request told and kept on control, the applicant's "not confirmed" going to the operator,
 * the 8.2.2 extension count and the managers' emails, the СЕР regime kept through rework. Requests
 * whose history was recorded before them replay without the marker and keep the old behaviour.
 */
const LIFECYCLE_CORRECTIONS = 'lifecycle-corrections-1';

const searchKeys = {
  RequestNumber: defineSearchAttributeKey('RequestNumber', 'KEYWORD'),
  RequestStatus: defineSearchAttributeKey('RequestStatus', 'KEYWORD'),
  ExecutorId: defineSearchAttributeKey('ExecutorId', 'KEYWORD'),
  CategoryCode: defineSearchAttributeKey('CategoryCode', 'KEYWORD'),
  District: defineSearchAttributeKey('District', 'KEYWORD'),
  DeadlineAt: defineSearchAttributeKey('DeadlineAt', 'DATETIME'),
  Overdue: defineSearchAttributeKey('Overdue', 'BOOL'),
};

// Both activities are short MongoDB/NATS round trips, run as local activities: each costs one marker
// in the history instead of three activity events and a workflow task (an ordinary lifecycle stays
// near 70 events), and an Update is answered in the workflow task that recorded it. Re-running one
// after a crash is safe: recordTransition's write is guarded by the card's version.
const { loadRules, recordTransition } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  // No attempt limit: a transition must reach the read model; MongoDB or NATS being down only delays it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// The sweeper's relay: a few attempts, then the sweeper asks again on a later sweep. It runs under the
// workflow's lock, so an Update waits at most these attempts, never a whole NATS outage.
const { relayOutbox } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const FIRST_WORKING_HOUR: Term = { amount: 1, unit: 'working_hours' };
const ONE_WORKING_DAY: Term = { amount: 1, unit: 'working_days' };

const iso = (ms: number | Date): string => new Date(ms).toISOString();
const ms = (isoInstant: string): number => new Date(isoInstant).getTime();

function initialState(input: StartRequest): LifecycleState {
  return { route: input.route, completed: false, card: initialCard(input) };
}

/** One request's lifecycle, from registration to the end of the rating window (see the file's doc). */
export async function requestWorkflow(raw: RequestWorkflowInput): Promise<RequestCard> {
  const parsed = startRequestSchema.safeParse(raw);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid request workflow input: ${parsed.error.message}`, 'invalid_input');
  const input = parsed.data;
  const s: LifecycleState = raw.carried ?? initialState(input);
  // A state carried from a run that predates these fields (older code never set them).
  s.card.overdueCount ??= 0;
  s.card.missedDeadlines ??= [];
  s.card.repeatedBy ??= [];
  const card = s.card as LiveCard;

  /** The rules revision this run's history is under (see LIFECYCLE_CORRECTIONS); only from handlers and the main path. */
  const revision = (): number => (patched(LIFECYCLE_CORRECTIONS) ? RULES_REVISION : 1);

  // ─── 2. Transitions: history, read model, events, visibility ─────────────────────────────────

  // Transitions run one at a time: an action awaiting its activities must not interleave with another.
  const lock = oneAtATime();
  // The registration is recorded first: an action or signal that reaches a new run with its start (intake
  // answers before the run's first task, so an executor may already act) waits for it.
  let registering = !raw.carried;
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    if (registering) await condition(() => !registering);
    return lock.run(fn);
  };

  const rules = (why: string, emailsOf?: 'manager' | 'operator'): Promise<LifecycleRules> => loadRules.executeWithOptions({ summary: why }, [emailsOf ? { emailsOf } : {}]);



  /** The last version the read model is known to hold. */
  let recorded = raw.carried ? card.version : 0;
  let shownSearch: Record<string, unknown> = {};
  /** The card lists every file attached to the request (registration, 8.2.2, 8.2.3): it decides who may download them. */
  const attach = (ids: readonly string[]): void => {
    card.attachmentIds = [...new Set([...card.attachmentIds, ...ids])];
  };
  const refreshVisibility = (): void => {
    const wanted: Record<keyof typeof searchKeys, string | boolean | Date | null> = {
      RequestNumber: card.number,
      RequestStatus: card.status,
      ExecutorId: card.executorId,
      CategoryCode: card.categoryCode,
      District: card.district,
      DeadlineAt: card.deadlineAt ? new Date(card.deadlineAt) : null,
      Overdue: card.overdue,
    };
    // Only what changed, so a transition costs at most one search-attribute event in the history.
    const changed = (Object.keys(wanted) as Array<keyof typeof searchKeys>).filter((k) => String(wanted[k]) !== String(shownSearch[k]));
    if (changed.length > 0) {
      upsertSearchAttributes(changed.map((k) => ({ key: searchKeys[k], value: wanted[k] }) as SearchAttributeUpdatePair));
      shownSearch = { ...shownSearch, ...Object.fromEntries(changed.map((k) => [k, wanted[k]])) };
    }
    setCurrentDetails(detailsOf(card));
  };

  /**
   * Records the transition just applied to `card`: a history entry (8.1.7), the events, the read
   * model (awaited, so the Update that caused it returns only once the read model holds it).
   */
  const commit = async (t: TransitionStep & {
    clause: string;
    /** The instant and event ids decided already (the registration intake recorded): recorded as they are. */
    decided?: { at: string; eventIds: string[] };
  }): Promise<void> => {
    const at = t.decided?.at ?? iso(Date.now());
    const events = recordStep(card, t, at, (i) => t.decided?.eventIds[i] ?? uuid4());
    refreshVisibility();
    log.info('request transition', { requestNumber: card.number, action: t.action, status: card.status, version: card.version });
    const version = card.version;
    await recordTransition.executeWithOptions({ summary: `${t.clause} record ${t.action} (v${version})` }, [{ card: clone(card), events }]);
    recorded = version;
  };

  /** Starts a term now (or at `from`): deadline, overdue cleared, the reminder before it. */
  const startTerm = (r: LifecycleRules, from: number, deadline: number): void => {
    card.deadlineAt = iso(deadline);
    card.overdue = false;
    s.termStartedAt = iso(from);
    const share = r.settings.deadlineReminderShare;
    const remindAt = from + share * (deadline - from);
    s.deadlineRemindAt = share > 0 && share < 1 && remindAt > Date.now() ? iso(Math.round(remindAt)) : undefined;
  };

  const startAssignment = (r: LifecycleRules, from: number): void => {
    delete card.acceptedAt;
    s.acceptanceRemindAt = iso(deadlineFrom(r.calendar, new Date(from), FIRST_WORKING_HOUR));
  };

  const backToReturnTo = (): void => {
    card.status = card.pending?.returnTo ?? 'in_progress';
    delete card.pending;
  };

  const close = async (actor: Actor, note: string, from: RequestStatus): Promise<void> => {
    const r = await rules('10.1 rating window length');
    const now = Date.now();
    card.status = 'closed';
    delete card.pending;
    card.closedAt = iso(now);
    card.ratingWindowEndsAt = iso(now + r.settings.ratingWindowDays * DAY_MS);
    await commit({
      actor,
      action: 'closed',
      from,
      note,
      clause: '9.2.4',
      events: [['closed', { result: card.result ?? null, note, ratingWindowEndsAt: card.ratingWindowEndsAt }]],
    });
  };

  /** 9.2.4 / 9.2.5 / 10.2.2 / 9.2.3: back to the executor with the Classifier's rework term. */
  const returnForRework = async (actor: Actor, origin: string, note: string, extraEvents: Array<[RequestEventType, Record<string, unknown>]> = []): Promise<void> => {
    const r = await rules(`${origin} working calendar for the rework deadline`);
    const from = card.status;
    const now = Date.now();
    card.status = 'rework';
    delete card.pending;
    delete card.closedAt;
    delete card.ratingWindowEndsAt;
    delete card.reviewableAt;
    delete card.applicantConfirmed;
    card.reworkCount += 1;
    card.underAdditionalControl = false;
    // 8.2.3: a request in the СЕР plans goes back to its planned works, not to the ordinary rework term.
    const planned = revision() >= 2 && inStrategicPlan(card);
    if (planned) {
      card.status = 'strategic_plan';
      card.deadlineAt = null;
      card.overdue = false;
      delete s.deadlineRemindAt;
    } else {
      startTerm(r, now, deadlineFrom(r.calendar, new Date(now), s.route.reworkTerm).getTime());
    }
    await commit({
      actor,
      action: 'returned_for_rework',
      from,
      note,
      clause: origin,
      events: [
        ...extraEvents,
        [
          'returned_for_rework',
          { origin, note, deadlineAt: card.deadlineAt, reworkTerm: planned ? null : s.route.reworkTerm, reworkCount: card.reworkCount, ...(planned ? { regime: 'strategic_plan' } : {}) },
        ],
      ],
    });
  };

  // ─── 3. Actions (Updates) ─────────────────────────────────────────────────────────────────────

  type Apply = { [A in ActionName]: (arg: ActionArg<A>, input: ActionInput<A>) => Promise<void> };
  const apply: Apply = {
    async accept({ actor }) {
      card.acceptedAt = iso(Date.now());
      delete s.acceptanceRemindAt;
      await commit({ actor, action: 'accepted', from: card.status, clause: '8.1.2', events: [['accepted', {}]] });
    },

    async comment({ actor }, { text, public: isPublic }) {
      card.comments.push({ at: iso(Date.now()), author: authorOf(actor), text, public: isPublic });
      await commit({ actor, action: 'comment_added', from: card.status, note: text, clause: '8.1.3', events: [['comment_added', { text, public: isPublic }]] });
    },

    async requestExecutorChange({ actor }, { reason }) {
      const from = card.status;
      card.pending = { kind: 'executor_change', since: iso(Date.now()), returnTo: from, reason };
      card.status = 'executor_change_requested';
      await commit({ actor, action: 'executor_change_requested', from, note: reason, clause: '8.2.1', events: [['executor_change_requested', { reason }]] });
    },

    async decideExecutorChange({ actor, executor }, { approve, note }) {
      const from = card.status;
      const reason = card.pending?.reason;
      if (!approve) {
        backToReturnTo();
        await commit({ actor, action: 'executor_change_rejected', from, note, clause: '8.2.1', events: [['executor_change_rejected', { reason, note }]] });
        return;
      }
      // checkAction refuses an approval without the new executor; this only narrows the type.
      if (!executor) throw refusalFailure({ kind: 'rule_violation', message: '8.2.1 approving a change of executor needs the new executor' });
      const r = await rules('8.2.1 working calendar for the new executor\'s term');
      const previous = card.executor;
      backToReturnTo();
      card.executor = executor;
      card.executorId = executor.id;
      card.underAdditionalControl = false;
      // The new executor gets the Classifier's full term from the hand-over and must accept anew.
      const now = Date.now();
      const term = card.status === 'rework' ? s.route.reworkTerm : s.route.term;
      startTerm(r, now, deadlineFrom(r.calendar, new Date(now), term).getTime());
      startAssignment(r, now);
      await commit({
        actor,
        action: 'executor_changed',
        from,
        note: `${previous.id} → ${executor.id}${note ? `: ${note}` : ''}`,
        clause: '8.2.1',
        events: [['executor_changed', { previousExecutor: previous, reason, note, deadlineAt: card.deadlineAt }]],
      });
    },

    async requestAdditionalControl({ actor }, { reason, proposedDeadline, attachmentIds, responsiblePerson }) {
      const from = card.status;
      const managerRequired = extensionNeedsManager(card);
      card.pending = {
        kind: 'additional_control',
        since: iso(Date.now()),
        returnTo: from,
        reason,
        proposedDeadline: iso(ms(proposedDeadline)),
        attachmentIds,
        ...(responsiblePerson ? { responsiblePerson } : {}),
      };
      attach(attachmentIds);
      card.status = 'additional_control_requested';
      await commit({
        actor,
        action: 'additional_control_requested',
        from,
        note: reason,
        clause: '8.2.2',
        events: [['additional_control_requested', { reason, proposedDeadline: card.pending.proposedDeadline, attachmentIds, responsiblePerson: responsiblePerson ?? null, managerRequired }]],
      });
    },

    async decideAdditionalControl({ actor }, { approve, deadline, note }) {
      const from = card.status;
      const pending = card.pending;
      if (!approve || !pending) {
        backToReturnTo();
        await commit({ actor, action: 'additional_control_rejected', from, note, clause: '8.2.2', events: [['additional_control_rejected', { note, by: 'operator' }]] });
        return;
      }
      const newDeadline = iso(ms(deadline ?? pending.proposedDeadline ?? ''));
      const rev = revision();
      if (extensionNeedsManager(card, rev)) {
        // 8.2.2: the second extension waits for the manager's sign-off; the managers are emailed, and
        // reminded after a working day without a decision.
        const now = Date.now();
        let notify: string[] | undefined;
        if (rev >= 2) {
          const r = await rules('8.2.2 the managers to sign off and the working day before the reminder', 'manager');
          notify = r.emails ?? [];
          s.managerRemindAt = iso(deadlineFrom(r.calendar, new Date(now), ONE_WORKING_DAY));
        }
        card.pending = { ...pending, kind: 'manager_approval', since: iso(now), proposedDeadline: newDeadline };
        await commit({
          actor,
          action: 'manager_approval_requested',
          from,
          note,
          clause: '8.2.2',
          events: [
            [
              'manager_approval_requested',
              {
                deadline: newDeadline,
                note,
                reason: pending.reason,
                responsiblePerson: pending.responsiblePerson ?? null,
                ...(notify ? { notify, count: card.additionalControlCount + 1, remindAt: s.managerRemindAt } : {}),
              },
            ],
          ],
        });
        return;
      }
      await extend(actor, newDeadline, note, false);
    },

    async managerApproval({ actor }, { approve, note }) {
      const from = card.status;
      delete s.managerRemindAt;
      if (!approve || !card.pending?.proposedDeadline) {
        backToReturnTo();
        await commit({ actor, action: 'additional_control_rejected', from, note, clause: '8.2.2', events: [['additional_control_rejected', { note, by: 'manager' }]] });
        return;
      }
      await extend(actor, card.pending.proposedDeadline, note, true);
    },

    async requestStrategicPlan({ actor }, { reason, attachmentIds }) {
      const from = card.status;
      card.pending = { kind: 'strategic_plan', since: iso(Date.now()), returnTo: from, reason, attachmentIds };
      attach(attachmentIds);
      card.status = 'strategic_plan_requested';
      await commit({ actor, action: 'strategic_plan_requested', from, note: reason, clause: '8.2.3', events: [['strategic_plan_requested', { reason, attachmentIds }]] });
    },

    async decideStrategicPlan({ actor }, { approve, note, planYear, plannedDate }) {
      const from = card.status;
      if (!approve) {
        backToReturnTo();
        await commit({ actor, action: 'strategic_plan_rejected', from, note, clause: '8.2.3', events: [['strategic_plan_rejected', { note }]] });
        return;
      }
      const suspendedDeadline = card.deadlineAt;
      delete card.pending;
      card.status = 'strategic_plan';
      // 8.2.3: the request leaves the ordinary deadline regime and is tracked as planned work.
      card.deadlineAt = null;
      card.overdue = false;
      delete s.deadlineRemindAt;
      if (planYear !== undefined || plannedDate !== undefined) {
        // 8.2.3: "tracked as planned": the plan it belongs to is on the card.
        card.strategicPlan = { ...(planYear !== undefined ? { planYear } : {}), ...(plannedDate !== undefined ? { plannedDate } : {}), approvedAt: iso(Date.now()), ...(note ? { note } : {}) };
      }
      await commit({
        actor,
        action: 'strategic_plan_approved',
        from,
        note,
        clause: '8.2.3',
        events: [['strategic_plan_approved', { note, suspendedDeadline, planYear: planYear ?? null, plannedDate: plannedDate ?? null }]],
      });
    },

    async proposeClosure({ actor }, proposal) {
      const r = await rules('9.2.4 working calendar for reviewableAt');
      const from = card.status;
      const now = Date.now();
      // 9.2.4: a proposal made outside working hours is reviewed from the next working period.
      card.reviewableAt = iso(nextWorkingStart(r.calendar, new Date(now)));
      card.result = proposal;
      card.pending = { kind: 'closure_review', since: iso(now), returnTo: from };
      card.status = 'closure_proposed';
      if (ms(card.reviewableAt) > now && revision() >= 2) s.reviewNoticeAt = card.reviewableAt;
      else delete s.reviewNoticeAt;
      await commit({
        actor,
        action: 'closure_proposed',
        from,
        note: proposal.result,
        clause: '8.3',
        events: [['closure_proposed', { result: proposal, reviewableAt: card.reviewableAt, outOfHours: ms(card.reviewableAt) > now }]],
      });
    },

    async review({ actor }, { decision, note }) {
      // Reviewed: the queue needs no notice any more (an objection brings the proposal back to review, not to the queue's notice).
      delete s.reviewNoticeAt;
      // 9.2.3 (revision 2): after the applicant's "not confirmed" the operator decides, as on a negative rating.
      const objected = revision() >= 2 && card.applicantConfirmed === false;
      if (decision === 'rework') return returnForRework(actor, objected ? '9.2.3' : '9.2.4', note);
      if (objected) {
        await close(actor, `the applicant's objection found unfounded: ${note}`, card.status);
        return;
      }
      if (card.requiresApplicantConfirmation && card.applicantConfirmed !== true) {
        // 9.2.3: the operator found it done, but a repeated request closes only on the applicant's word.
        card.pending = { kind: 'applicant_confirmation', since: iso(Date.now()), returnTo: card.pending?.returnTo ?? 'in_progress' };
        await commit({
          actor,
          action: 'applicant_confirmation_requested',
          from: card.status,
          note,
          clause: '9.2.3',
          events: [['applicant_confirmation_requested', { note, result: card.result ?? null }]],
        });
        return;
      }
      await close(actor, note, card.status);
    },

    async spotCheck({ actor }, { confirmed, note }) {
      if (!confirmed) return returnForRework(actor, '9.2.5', note, [['spot_checked', { confirmed, note }]]);
      await commit({ actor, action: 'spot_checked', from: card.status, note, clause: '9.2.5', events: [['spot_checked', { confirmed, note }]] });
    },

    async rate({ actor }, { score, comment }) {
      const from = card.status;
      card.rating = { score, at: iso(Date.now()), ...(comment ? { comment } : {}) };
      const events: Array<[RequestEventType, Record<string, unknown>]> = [['rated', { score, comment: comment ?? null }]];
      if (isNegativeRating(score)) {
        // 10.2.1: an operator checks a negative rating before anything goes back to the executor.
        card.pending = { kind: 'rating_check', since: card.rating.at, returnTo: 'closed', ...(comment ? { reason: comment } : {}) };
        card.status = 'rating_disputed';
        events.push(['rating_disputed', { score, comment: comment ?? null }]);
      }
      await commit({ actor, action: 'rated', from, note: `${score}${comment ? `: ${comment}` : ''}`, clause: '10.1', events });
    },

    async verifyRating({ actor }, { upheld, note }) {
      if (upheld) return returnForRework(actor, '10.2.2', note);
      const from = card.status;
      backToReturnTo();
      await commit({ actor, action: 'rating_dismissed', from, note, clause: '10.2.1', events: [['rating_dismissed', { note }]] });
    },

    async scheduleInspection({ actor }, { scheduledAt, note }) {
      card.inspections.push({ scheduledAt: iso(ms(scheduledAt)), note, by: actor.id });
      await commit({ actor, action: 'inspection_scheduled', from: card.status, note, clause: '9.2.3', events: [['inspection_scheduled', { scheduledAt: iso(ms(scheduledAt)), note }]] });
    },

    async recordInspectionOutcome({ actor }, { inspection, heldAt, findings, workDone }) {
      // checkAction refused a missing inspection; the index is found the same way here.
      const index = inspection !== undefined ? inspection - 1 : lastOpenInspection(card);
      const target = card.inspections[index];
      if (!target) throw refusalFailure({ kind: 'rule_violation', message: '9.2.3 no such inspection without an outcome' });
      target.outcome = { heldAt: iso(ms(heldAt)), findings, workDone, by: actor.id, recordedAt: iso(Date.now()) };
      await commit({
        actor,
        action: 'inspection_held',
        from: card.status,
        note: findings,
        clause: '9.2.3',
        events: [['inspection_held', { inspection: index + 1, scheduledAt: target.scheduledAt, heldAt: target.outcome.heldAt, findings, workDone }]],
      });
    },

    async confirmResolution({ actor }, { confirmed, note }) {
      if (!confirmed && revision() >= 2) {
        // 9.2.3: the applicant's word goes to the operator, who decides (9.2.4) as on a negative rating
        // (10.2.1): back for rework, or closed with a note on why the objection is unfounded.
        const from = card.status;
        card.applicantConfirmed = false;
        card.pending = { kind: 'closure_review', since: iso(Date.now()), returnTo: card.pending?.returnTo ?? 'in_progress', ...(note ? { reason: note } : {}) };
        await commit({ actor, action: 'applicant_not_confirmed', from, note, clause: '9.2.3', events: [['applicant_not_confirmed', { note }]] });
        return;
      }
      if (!confirmed) return returnForRework(actor, '9.2.3', note);
      card.applicantConfirmed = true;
      if (card.pending?.kind === 'applicant_confirmation') {
        await close(actor, note, card.status);
        return;
      }
      await commit({ actor, action: 'applicant_confirmed', from: card.status, note, clause: '9.2.3', events: [['applicant_confirmed', { note }]] });
    },
  };

  /** 8.2.2: an approved extension (by the operator, or by the manager for a second one). */
  async function extend(actor: Actor, deadline: string, note: string, byManager: boolean): Promise<void> {
    const r = await rules('8.2.2 reminder settings for the new deadline');
    const from = card.status;
    const responsiblePerson = card.pending?.responsiblePerson;
    backToReturnTo();
    card.underAdditionalControl = true;
    card.additionalControlCount += 1;
    startTerm(r, Date.now(), ms(deadline));
    await commit({
      actor,
      action: 'additional_control_approved',
      from,
      note,
      clause: '8.2.2',
      events: [['additional_control_approved', { deadline, note, managerApproved: byManager, responsiblePerson: responsiblePerson ?? null, count: card.additionalControlCount }]],
    });
  }

  const refusalOf = <A extends ActionName>(action: A, arg: ActionArg<A> | undefined, rev: number): Refusal | undefined => {
    if (s.completed) return { kind: 'wrong_status', message: `request ${card.number}'s lifecycle is complete` };
    const actor = actorSchema.safeParse(arg?.actor);
    if (!actor.success) return { kind: 'forbidden', message: 'the action carries no valid actor' };
    return checkAction({ card, action, actor: actor.data, input: arg?.input ?? {}, ...(arg?.executor ? { executor: arg.executor } : {}), now: new Date(), revision: rev });
  };

  const register = <A extends ActionName>(action: A): void => {
    const run = apply[action];
    setHandler(
      actionUpdate(action),
      (arg: ActionArg<A>) =>
        exclusive(async () => {
          // Checked again: an action accepted while another was running may no longer be allowed. A
          // replayed older history is checked by the rules it was recorded under.
          const refusal = refusalOf(action, arg, revision());
          if (refusal) throw refusalFailure(refusal);
          await run(arg, actionInputs[action].parse(arg.input) as ActionInput<A>);
          return clone(card);
        }),
      {
        // Validators run only when an Update arrives, never on replay: always the current rules.
        validator: (arg: ActionArg<A>) => {
          const refusal = refusalOf(action, arg, RULES_REVISION) ?? checkBounds(card, action, arg.input);
          if (refusal) throw refusalFailure(refusal);
        },
      },
    );
  };
  (Object.keys(apply) as ActionName[]).forEach(register);

  setHandler(cardQuery, () => clone(card));
  // Events a failed publish left in the outbox are relayed here, in turn with the transitions: the
  // read model's document has one writer at a time (FerretDB does not isolate concurrent updates).
  setHandler(relayOutboxSignal, () =>
    exclusive(async () => {
      try {
        await relayOutbox.executeWithOptions({ summary: '8.1.7 relay the events left in the outbox' }, [{ number: card.number }]);
      } catch (err) {
        log.warn('relaying the outbox failed; the sweeper asks again', { requestNumber: card.number, err: err instanceof Error ? err.message : String(err) });
      }
    }),
  );
  // 9.2.3: a later request repeats this one: it learns the repeat's number, stays on control until its
  // applicant confirms (requiresApplicantConfirmation), and its executor is told (request.repeated).
  setHandler(repeatedSignal, (raw: RepeatedSignal) =>
    exclusive(async () => {
      const parsedSignal = repeatedSignalSchema.safeParse(raw);
      if (!parsedSignal.success || s.completed || card.repeatedBy.includes(parsedSignal.data.number)) return;
      const r = parsedSignal.data;
      card.repeatedBy.push(r.number);
      card.requiresApplicantConfirmation = true;
      await commit({
        actor: SYSTEM,
        action: 'repeated',
        from: card.status,
        note: `${r.number} (${card.repeatedBy.length})`,
        clause: '9.2.3',
        events: [['repeated', { repeat: r.number, repeatRegisteredAt: r.registeredAt, repeatedCount: card.repeatedBy.length, repeatedBy: [...card.repeatedBy] }]],
      });
    }),
  );
  setHandler(registrationUpdate, async () => {
    await condition(() => recorded >= 1);
    return clone(card);
  });

  // ─── 4. Registration (5.12) ───────────────────────────────────────────────────────────────────

  if (raw.carried) {
    refreshVisibility();
  } else {
    try {
      await lock.run(async () => {
        const r = await rules('5.12 working calendar for the Classifier deadline');
        const registeredAt = ms(card.registeredAt);
        // Intake decided the deadline and recorded the registration already, so its answer did not wait for
        // this task (domain/registration.ts): the same transition is recorded again, which writes nothing twice.
        const decided = input.registered;
        startTerm(r, registeredAt, decided ? ms(decided.deadlineAt) : deadlineFrom(r.calendar, new Date(registeredAt), s.route.term).getTime());
        startAssignment(r, registeredAt);
        await commit({ ...registrationStep(card, input), clause: '5.12', ...(decided ? { decided: { at: iso(ms(decided.at)), eventIds: [decided.eventId] } } : {}) });
      });
    } finally {
      registering = false;
    }
    // 9.2.3: the request this one repeats is told, so it stays on control too. It may have completed
    // its lifecycle (closed, rating window over): then there is nobody to tell.
    if (input.repeatOf !== undefined && input.repeatOf !== card.number && revision() >= 2) {
      try {
        await getExternalWorkflowHandle(requestWorkflowId(input.repeatOf)).signal(repeatedSignal, { number: card.number, registeredAt: card.registeredAt, repeatCount: card.repeatCount });
      } catch (err) {
        log.info('the repeated request\'s workflow is not running; not told', { requestNumber: card.number, repeatOf: input.repeatOf, err: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  // ─── 5. Timers ────────────────────────────────────────────────────────────────────────────────

  type Due = { at: number; what: 'acceptance' | 'reminder' | 'deadline' | 'review' | 'review_notice' | 'manager_reminder' | 'rating_window'; summary: string };
  const nextDue = (): Due | undefined => {
    const due: Due[] = [];
    if (card.status === 'in_progress' && !card.acceptedAt && s.acceptanceRemindAt) {
      due.push({ at: ms(s.acceptanceRemindAt), what: 'acceptance', summary: '8.1.2 remind the executor to accept' });
    }
    if (deadlineRuns(card.status) && card.deadlineAt && !card.overdue) {
      if (s.deadlineRemindAt) due.push({ at: ms(s.deadlineRemindAt), what: 'reminder', summary: '8.1.5 remind the executor of the deadline' });
      due.push({ at: ms(card.deadlineAt), what: 'deadline', summary: '8.1.5 deadline: overdue unless proposed for closure' });
    }
    if (card.status === 'closure_proposed' && card.pending?.kind === 'closure_review' && s.reviewNoticeAt) {
      due.push({ at: ms(s.reviewNoticeAt), what: 'review_notice', summary: "9.2.4 closure proposal becomes reviewable: tell the operators' queue" });
    } else if (card.status === 'closure_proposed' && card.reviewableAt && ms(card.reviewableAt) > Date.now()) {
      // Nothing changes then (the validator compares the clock with reviewableAt); the wake-up only
      // refreshes what the Temporal UI says the request awaits.
      due.push({ at: ms(card.reviewableAt), what: 'review', summary: '9.2.4 closure proposal becomes reviewable' });
    }
    if (card.pending?.kind === 'manager_approval' && s.managerRemindAt) {
      due.push({ at: ms(s.managerRemindAt), what: 'manager_reminder', summary: '8.2.2 remind the managers of the extension waiting for their sign-off' });
    }
    if (card.status === 'closed' && card.ratingWindowEndsAt) {
      due.push({ at: ms(card.ratingWindowEndsAt), what: 'rating_window', summary: '10.1 the applicant\'s rating window ends' });
    }
    return due.sort((a, b) => a.at - b.at)[0];
  };

  /** Runs what is due now (re-checked under the lock: an action may have made it moot). True when the lifecycle is over. */
  const fire = async (): Promise<boolean> => {
    const due = nextDue();
    if (!due || due.at > Date.now()) return false;
    const from = card.status;
    switch (due.what) {
      case 'acceptance':
        delete s.acceptanceRemindAt;
        await commit({ actor: SYSTEM, action: 'acceptance_reminder', from, clause: '8.1.2', events: [['acceptance_reminder', { registeredAt: card.registeredAt }]] });
        return false;
      case 'reminder':
        delete s.deadlineRemindAt;
        await commit({ actor: SYSTEM, action: 'deadline_reminder', from, clause: '8.1.5', events: [['deadline_reminder', { deadlineAt: card.deadlineAt }]] });
        return false;
      case 'deadline': {
        const at = iso(Date.now());
        card.overdue = true;
        // 8.1.5: a missed term is never forgotten, though a new term clears the flag.
        card.overdueCount += 1;
        if (card.deadlineAt) card.missedDeadlines.push({ deadlineAt: card.deadlineAt, at });
        delete s.deadlineRemindAt;
        await commit({ actor: SYSTEM, action: 'overdue', from, clause: '8.1.5', events: [['overdue', { deadlineAt: card.deadlineAt, overdueCount: card.overdueCount }]] });
        return false;
      }
      case 'review':
        return false;
      case 'review_notice': {
        delete s.reviewNoticeAt;
        const r = await rules("9.2.4 the operators' queue to tell", 'operator');
        const queue = r.settings.reviewQueueEmails ?? [];
        await commit({
          actor: SYSTEM,
          action: 'closure_reviewable',
          from,
          clause: '9.2.4',
          events: [['closure_reviewable', { reviewableAt: card.reviewableAt ?? null, proposedAt: card.pending?.since ?? null, notify: queue.length > 0 ? queue : (r.emails ?? []) }]],
        });
        return false;
      }
      case 'manager_reminder': {
        delete s.managerRemindAt;
        const r = await rules('8.2.2 the managers to remind', 'manager');
        await commit({
          actor: SYSTEM,
          action: 'manager_approval_reminder',
          from,
          clause: '8.2.2',
          events: [['manager_approval_reminder', { notify: r.emails ?? [], deadline: card.pending?.proposedDeadline ?? null, responsiblePerson: card.pending?.responsiblePerson ?? null, since: card.pending?.since ?? null }]],
        });
        return false;
      }
      case 'rating_window':
        s.completed = true;
        await commit({ actor: SYSTEM, action: 'completed', from, clause: '10.1', events: [['completed', { rating: card.rating ?? null }]] });
        return true;
    }
  };

  // Timers are never cancelled: when what is due changes, a new timer is armed and the old one fires
  // later into a loop that finds nothing due. That costs a wake-up, not a command, and avoids racing a
  // timer that fires while its cancellation is on the way (the time-skipping test server strands a run
  // on that race, temporalio/sdk-java#3088).
  const armed = new Set<number>();
  let wakeUps = 0;
  const arm = (due: Due): void => {
    armed.add(due.at);
    void sleep(Math.max(1, due.at - Date.now()), { summary: due.summary }).then(
      () => {
        armed.delete(due.at);
        wakeUps += 1;
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
  };

  for (;;) {
    const due = nextDue();
    if (due && due.at <= Date.now()) {
      if (await exclusive(fire)) break;
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || (raw.historyLimit !== undefined && info.historyLength > raw.historyLimit)) {
      await condition(() => !lock.busy && allHandlersFinished());
      const dueNow = nextDue();
      // Something fell due while the handlers finished: run it first, it may end the lifecycle.
      if (dueNow && dueNow.at <= Date.now()) continue;
      log.info('continuing as new', { requestNumber: card.number, historyLength: info.historyLength });
      const { carried: _carried, ...start } = raw;
      await continueAsNew<typeof requestWorkflow>({ ...start, carried: s });
    }
    if (due && !armed.has(due.at)) arm(due);
    const version = card.version;
    const seen = wakeUps;
    await condition(() => card.version !== version || wakeUps !== seen);
    setCurrentDetails(detailsOf(card));
  }
  // Let actions already accepted finish (they are refused now that the lifecycle is complete).
  await condition(allHandlersFinished);
  return clone(card);
}

function kyiv(isoInstant: string): string {
  return DateTime.fromMillis(ms(isoInstant), { zone: 'Europe/Kyiv' }).toFormat('yyyy-LL-dd HH:mm');
}

const planOf = (p: NonNullable<RequestCard['strategicPlan']>): string =>
  [p.planYear !== undefined ? `plan ${p.planYear}` : undefined, p.plannedDate ? `works planned ${p.plannedDate}` : undefined].filter(Boolean).join(', ');

/** The details the Temporal UI shows for a running request (markdown): what it is, whose, by when, waiting for what. */
function detailsOf(c: RequestCard): string {
  return [
    `**${c.number}** · ${STATUS_LABELS_UK[c.status]} (\`${c.status}\`)${c.overdue ? ' · **OVERDUE**' : ''}${c.underAdditionalControl ? ' · additional control' : ''}`,
    `Executor: ${c.executor.name} (${c.executorId})${c.acceptedAt ? `, accepted ${kyiv(c.acceptedAt)}` : ''}`,
    `Deadline: ${c.deadlineAt ? `${kyiv(c.deadlineAt)} Kyiv` : c.status === 'strategic_plan' ? `suspended (СЕР plans, 8.2.3)${c.strategicPlan ? `: ${planOf(c.strategicPlan)}` : ''}` : '—'}`,
    ...((c.overdueCount ?? 0) > 0 ? [`Missed terms: ${c.overdueCount} (8.1.5)`] : []),
    ...((c.repeatedBy ?? []).length > 0 ? [`Repeated by: ${(c.repeatedBy ?? []).join(', ')} (9.2.3)`] : []),
    ...(c.reviewableAt && c.status === 'closure_proposed'
      ? [`${ms(c.reviewableAt) > Date.now() ? 'Reviewable from' : 'Reviewable since'}: ${kyiv(c.reviewableAt)} Kyiv (9.2.4)`]
      : []),
    `Awaiting: ${awaitedOf(c)}`,
  ].join('\n');
}

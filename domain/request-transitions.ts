/**
 * The request lifecycle's decisions as pure transitions (DESIGN §2): state + action + rules (calendar,
 * settings, whom to tell) + now → the next state, the steps to record (history entry and events) and,
 * through the state, the timers to arm (`dueTimers`). No I/O and no clock of their own: the request
 * workflow (workflows/request.ts) keeps only the lock, the commit, the timers and the Updates, and runs
 * these with its workflow time; unit tests run them with any instant (test/domain/request-transitions.test.ts).
 *
 * Every rule that changed over time is gated on the rules revision the request runs under
 * (domain/lifecycle.ts `RULE_REVISIONS`), so a request keeps the rules it started with.
 */
import { DateTime } from 'luxon';
import { SYSTEM_ACTOR as SYSTEM, type Actor } from '../contracts/actor.ts';
import type { RequestEventType } from '../contracts/events.ts';
import type { ActionArg, ActionInput, ActionName, RequestCard, RequestStatus, StartRequest } from '../contracts/request.ts';
import { deadlineFrom, nextWorkingStart, workingEndAtOrBefore, workingReminderAt, type Term, type WorkingCalendar } from './calendar.ts';
import { deadlineRuns, extensionNeedsManager, inStrategicPlan, isNegativeRating, lastOpenInspection, partsOpen, type PendingKind } from './lifecycle.ts';
import { authorOf, initialCard, type TransitionStep } from './registration.ts';

/** Lifecycle settings the worker is configured with (services/worker/config.ts). */
export interface LifecycleSettings {
  /** 10.1: how long after closure the applicant may rate (and return) the request. */
  ratingWindowDays: number;
  /** The deadline reminder fires when this share of the term has passed (0.8 = at 80 %). */
  deadlineReminderShare: number;
  /** 9.2.4: who hears that an out-of-hours proposal became reviewable; empty = every active operator. */
  reviewQueueEmails?: string[];
}

export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = { ratingWindowDays: 30, deadlineReminderShare: 0.8, reviewQueueEmails: [] };

/** The staff roles whose emails a transition may need (who must act on what it records). */
export type StaffRole = 'manager' | 'operator' | 'admin';

/** What a transition computes with, read when it runs (an admin's calendar change applies from then on). */
export interface LifecycleRules {
  calendar: WorkingCalendar;
  settings: LifecycleSettings;
  /** The emails of the active staff asked for (`emailsOf`): who must act on what the workflow records next. */
  emails?: string[];
}

/** What a transition needs loaded before it runs: the rules, and the emails of one role. */
export interface RulesNeed {
  why: string;
  emailsOf?: StaffRole;
}

/** Everything the lifecycle knows: the card, and when its reminders are due. Carried by continue-as-new. */
export interface LifecycleState {
  card: RequestCard;
  route: StartRequest['route'];
  /** The rules revision the request runs under (from revision 3 on; absent: decided by the `patched()` markers). */
  rulesRevision?: number;
  /** When the running term started (registration, change of executor, extension, rework). */
  termStartedAt?: string;
  /** 8.1.2: when to remind the executor that the request is still not accepted (until sent). */
  acceptanceRemindAt?: string;
  /** When to remind the executor of the coming deadline (until sent). */
  deadlineRemindAt?: string;
  /** 8.2.2 (revision 2): when to remind the managers of an extension still waiting for their sign-off (until sent). */
  managerRemindAt?: string;
  /** 9.2.4: when to tell the operators' queue that a proposal made out of hours is reviewable (until sent). */
  reviewNoticeAt?: string;
  /** The rating window ended and `completed` was recorded: nothing more may happen. */
  completed: boolean;
}

export function initialState(input: StartRequest): LifecycleState {
  return { route: input.route, completed: false, card: initialCard(input) };
}

/** One transition to record: the step (who, what, from, events) and the clause it applies. */
export interface Step extends TransitionStep {
  clause: string;
}

export interface TransitionContext {
  /** The instant of the transition (workflow time). */
  now: number;
  revision: number;
  /** Loaded when `rulesNeeded` asked for them. */
  rules?: LifecycleRules;
}

export interface Outcome {
  state: LifecycleState;
  steps: Step[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const FIRST_WORKING_HOUR: Term = { amount: 1, unit: 'working_hours' };
const ONE_WORKING_DAY: Term = { amount: 1, unit: 'working_days' };

const iso = (ms: number | Date): string => new Date(ms).toISOString();
const ms = (isoInstant: string): number => new Date(isoInstant).getTime();
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// ─── Who must act, and when they are reminded and the next role up is told ───────────────────────

/** What a watch waits for: a pending decision, or the СЕР planned works. */
export type WatchKind = Exclude<PendingKind, 'applicant_confirmation'> | 'planned_works';

/** One watch's rule: the clause, who is reminded after how long, and who is told after how much longer. */
export interface WatchRule {
  clause: string;
  remind: StaffRole | 'executor';
  remindAfter: Term;
  escalateTo: StaffRole;
  escalateAfter: Term;
  what: string;
}

/**
 * Revision 3: nobody can sit on a request. Each person who must act is reminded after the term here
 * (counted on the working calendar from when the wait began), and the next role up is told when a
 * further term passes with nothing done. The Contact Center's own decisions on an executor's request
 * (8.2.x) take a working day, as a closure proposal's review does (9.2.4: "наступного робочого дня").
 */
export const WATCHES: Record<WatchKind, WatchRule> = {
  closure_review: { clause: '9.2.4', remind: 'operator', remindAfter: ONE_WORKING_DAY, escalateTo: 'manager', escalateAfter: ONE_WORKING_DAY, what: 'the review of a closure proposal' },
  executor_change: { clause: '8.2.1', remind: 'operator', remindAfter: ONE_WORKING_DAY, escalateTo: 'manager', escalateAfter: ONE_WORKING_DAY, what: 'the decision on a change of executor' },
  additional_control: { clause: '8.2.2', remind: 'operator', remindAfter: ONE_WORKING_DAY, escalateTo: 'manager', escalateAfter: ONE_WORKING_DAY, what: 'the decision on additional control' },
  manager_approval: { clause: '8.2.2', remind: 'manager', remindAfter: ONE_WORKING_DAY, escalateTo: 'admin', escalateAfter: ONE_WORKING_DAY, what: "the manager's sign-off on an extension" },
  strategic_plan: { clause: '8.2.3', remind: 'operator', remindAfter: ONE_WORKING_DAY, escalateTo: 'manager', escalateAfter: ONE_WORKING_DAY, what: 'the decision on the СЕР plans' },
  rating_check: { clause: '10.2.1', remind: 'operator', remindAfter: ONE_WORKING_DAY, escalateTo: 'manager', escalateAfter: ONE_WORKING_DAY, what: 'the check of a negative rating' },
  planned_works: {
    clause: '8.2.3',
    remind: 'executor',
    // Counted from the planned date's end: the executor is reminded the next working day.
    remindAfter: ONE_WORKING_DAY,
    escalateTo: 'operator',
    escalateAfter: { amount: 5, unit: 'working_days' },
    what: 'the СЕР planned works and their closure proposal',
  },
};

/** What the request awaits now that a watch covers, with when the wait began. */
function awaitedNow(card: RequestCard, calendar: WorkingCalendar): { kind: WatchKind; since: number } | undefined {
  const p = card.pending;
  if (p && p.kind !== 'applicant_confirmation') {
    // Counted from the request on the working calendar: a proposal made on Friday evening is reviewed
    // on Monday (9.2.4 "наступного робочого дня"), and its reminder comes at the close of Monday.
    return { kind: p.kind, since: ms(p.since) };
  }
  if (card.status === 'strategic_plan' && card.strategicPlan?.plannedDate) {
    const dayAfter = DateTime.fromISO(card.strategicPlan.plannedDate, { zone: calendar.timeZone }).plus({ days: 1 }).startOf('day');
    // Counted from the end of the planned date; the day it falls due is its first working day after.
    return { kind: 'planned_works', since: dayAfter.toMillis() - 1 };
  }
  return undefined;
}

/** Revision 3: keeps `card.watch` on what is awaited now (a new wait gets its reminder and escalation instants). */
function rewatch(s: LifecycleState, ctx: TransitionContext): void {
  if (ctx.revision < 3) return;
  const awaitsSomebody = (s.card.pending && s.card.pending.kind !== 'applicant_confirmation') || (s.card.status === 'strategic_plan' && s.card.strategicPlan?.plannedDate);
  if (!awaitsSomebody) {
    delete s.card.watch;
    return;
  }
  // Only a new wait needs the calendar; `rulesNeeded` loads it for every action that can start one.
  if (!ctx.rules) return;
  const cal = ctx.rules.calendar;
  const now = awaitedNow(s.card, cal);
  if (!now) return;
  const current = s.card.watch;
  if (current && current.awaiting === now.kind && ms(current.since) === now.since) return;
  const rule = WATCHES[now.kind];
  const remindAt = deadlineFrom(cal, new Date(now.since), rule.remindAfter);
  const escalateAt = deadlineFrom(cal, remindAt, rule.escalateAfter);
  s.card.watch = {
    awaiting: now.kind,
    clause: rule.clause,
    since: iso(now.since),
    remindAt: iso(nextWorkingStart(cal, remindAt)),
    escalateAt: iso(nextWorkingStart(cal, escalateAt)),
    remind: rule.remind,
    escalateTo: rule.escalateTo,
  };
}

// ─── The clock ───────────────────────────────────────────────────────────────────────────────────

/** Starts a term at `from` ending at `deadline`: overdue cleared, the reminder before it (revision 3: in working time). */
function startTerm(s: LifecycleState, ctx: TransitionContext, from: number, deadline: number): void {
  const r = ctx.rules!;
  s.card.deadlineAt = iso(deadline);
  s.card.overdue = false;
  s.termStartedAt = iso(from);
  const share = r.settings.deadlineReminderShare;
  const planned = from + share * (deadline - from);
  let remindAt: number | undefined = share > 0 && share < 1 && planned > ctx.now ? Math.round(planned) : undefined;
  if (remindAt !== undefined && ctx.revision >= 3) {
    // 10 (revision 3): a reminder reaches people in working time, never at night.
    remindAt = workingReminderAt(r.calendar, new Date(remindAt), new Date(deadline), new Date(ctx.now))?.getTime();
  }
  s.deadlineRemindAt = remindAt !== undefined ? iso(remindAt) : undefined;
}

/** 8.1.2: a new assignment must be accepted within the first working hour. */
function startAssignment(s: LifecycleState, ctx: TransitionContext, from: number): void {
  delete s.card.acceptedAt;
  s.acceptanceRemindAt = iso(deadlineFrom(ctx.rules!.calendar, new Date(from), FIRST_WORKING_HOUR));
}

/** 8.2.x (revision 3): the executor's clock stops while the Contact Center decides its request. */
function stopClock(s: LifecycleState, ctx: TransitionContext): void {
  if (ctx.revision >= 3 && s.card.deadlineAt) s.card.clockStoppedAt = iso(ctx.now);
}

/**
 * 8.2.x (revision 3): the decision is made; the time it took is added to the request's total. With
 * `resume` (a refusal: the executor goes on under its term) the deadline and its reminder move by it.
 */
function releaseClock(s: LifecycleState, ctx: TransitionContext, resume: boolean): number {
  const c = s.card;
  if (!c.clockStoppedAt) return 0;
  const stopped = Math.max(0, ctx.now - ms(c.clockStoppedAt));
  delete c.clockStoppedAt;
  c.clockStoppedMs = (c.clockStoppedMs ?? 0) + stopped;
  if (resume && c.deadlineAt && !c.overdue) {
    c.deadlineAt = iso(ms(c.deadlineAt) + stopped);
    if (s.deadlineRemindAt) s.deadlineRemindAt = iso(ms(s.deadlineRemindAt) + stopped);
  }
  return stopped;
}

/**
 * 8.2.2 (revision 3): a term the Contact Center sets ends on a working instant: the close of the last
 * working period at or before the one asked, or, when that is not later than now and the current
 * deadline, the end of the next working day.
 */
export function extendedDeadline(cal: WorkingCalendar, asked: number, notAfter: number): number {
  const back = workingEndAtOrBefore(cal, new Date(asked));
  if (back && back.getTime() > notAfter) return back.getTime();
  return deadlineFrom(cal, new Date(asked), ONE_WORKING_DAY).getTime();
}

// ─── What a transition needs loaded ──────────────────────────────────────────────────────────────

/**
 * The rules an action needs before it runs (undefined: none). Revision 3 keeps `card.watch`, which
 * needs the calendar whenever the awaited decision may change.
 */
export function rulesNeeded<A extends ActionName>(s: LifecycleState, action: A, input: ActionInput<A>, revision: number): RulesNeed | undefined {
  const card = s.card;
  const i = input as Record<string, unknown>;
  switch (action) {
    case 'accept':
    case 'comment':
    case 'scheduleInspection':
    case 'recordInspectionOutcome':
    case 'involveCoExecutor':
    case 'proposePart':
      return undefined;
    case 'decideAdditionalControl': {
      if (i.approve !== true) return revision >= 3 ? { why: '8.2.2 the working day the request waits in' } : undefined;
      const manager = revision >= 3 ? card.pending?.managerRequired === true : extensionNeedsManager(card, revision);
      if (!manager) return { why: '8.2.2 reminder settings for the new deadline' };
      // Revision 1 asked the manager without emailing anybody.
      return revision >= 2 ? { why: '8.2.2 the managers to sign off and the working day before the reminder', emailsOf: 'manager' } : undefined;
    }
    case 'decideExecutorChange':
      return i.approve === true || revision >= 3 ? { why: "8.2.1 working calendar for the new executor's term" } : undefined;
    case 'managerApproval':
      return i.approve === true || revision >= 3 ? { why: '8.2.2 reminder settings for the new deadline' } : undefined;
    case 'proposeClosure':
      return { why: '9.2.4 working calendar for reviewableAt' };
    case 'review': {
      if (i.decision === 'rework') return { why: '9.2.4 working calendar for the rework deadline' };
      const objected = revision >= 2 && card.applicantConfirmed === false;
      // 9.2.3: a repeated request waits for its applicant, which needs no rules.
      if (!objected && card.requiresApplicantConfirmation && card.applicantConfirmed !== true) return undefined;
      return { why: '10.1 rating window length' };
    }
    case 'spotCheck':
      return i.confirmed === true ? undefined : { why: '9.2.5 working calendar for the rework deadline' };
    case 'verifyRating':
      return i.upheld === true ? { why: '10.2.2 working calendar for the rework deadline' } : undefined;
    case 'rate':
      return revision >= 3 && isNegativeRating(Number(i.score)) ? { why: '10.2.1 the working day the check takes' } : undefined;
    case 'confirmResolution':
      if (i.confirmed === false) return revision === 2 ? undefined : { why: '9.2.3 working calendar for the rework deadline' };
      return card.pending?.kind === 'applicant_confirmation' ? { why: '10.1 rating window length' } : undefined;
    default:
      return revision >= 3 ? { why: `${action}: the working day the Contact Center decides in` } : undefined;
  }
}

// ─── The transitions ─────────────────────────────────────────────────────────────────────────────

type Ev = Array<[RequestEventType, Record<string, unknown>]>;

function backToReturnTo(s: LifecycleState): void {
  s.card.status = s.card.pending?.returnTo ?? 'in_progress';
  delete s.card.pending;
}

function close(s: LifecycleState, ctx: TransitionContext, actor: Actor, note: string, from: RequestStatus): Step {
  const c = s.card;
  c.status = 'closed';
  delete c.pending;
  c.closedAt = iso(ctx.now);
  c.ratingWindowEndsAt = iso(ctx.now + ctx.rules!.settings.ratingWindowDays * DAY_MS);
  return { actor, action: 'closed', from, note, clause: '9.2.4', events: [['closed', { result: c.result ?? null, note, ratingWindowEndsAt: c.ratingWindowEndsAt }]] };
}

/** 9.2.4 / 9.2.5 / 10.2.2 / 9.2.3: back to the executor with the Classifier's rework term. */
function returnForRework(s: LifecycleState, ctx: TransitionContext, actor: Actor, origin: string, note: string, extraEvents: Ev = []): Step {
  const c = s.card;
  const from = c.status;
  c.status = 'rework';
  delete c.pending;
  delete c.closedAt;
  delete c.ratingWindowEndsAt;
  delete c.reviewableAt;
  delete c.applicantConfirmed;
  c.reworkCount += 1;
  c.underAdditionalControl = false;
  // 8.2.3: a request in the СЕР plans goes back to its planned works, not to the ordinary rework term.
  const planned = ctx.revision >= 2 && inStrategicPlan(c);
  if (planned) {
    c.status = 'strategic_plan';
    c.deadlineAt = null;
    c.overdue = false;
    delete s.deadlineRemindAt;
  } else {
    startTerm(s, ctx, ctx.now, deadlineFrom(ctx.rules!.calendar, new Date(ctx.now), s.route.reworkTerm).getTime());
  }
  return {
    actor,
    action: 'returned_for_rework',
    from,
    note,
    clause: origin,
    events: [
      ...extraEvents,
      ['returned_for_rework', { origin, note, deadlineAt: c.deadlineAt, reworkTerm: planned ? null : s.route.reworkTerm, reworkCount: c.reworkCount, ...(planned ? { regime: 'strategic_plan' } : {}) }],
    ],
  };
}

/** 8.2.2: an approved extension (by the operator, or by the manager when the rule needs the manager). */
function extend(s: LifecycleState, ctx: TransitionContext, actor: Actor, asked: string, note: string, byManager: boolean): Step {
  const c = s.card;
  const from = c.status;
  const responsiblePerson = c.pending?.responsiblePerson;
  const current = c.deadlineAt ? ms(c.deadlineAt) : 0;
  const clockStoppedFor = releaseClock(s, ctx, false);
  backToReturnTo(s);
  c.underAdditionalControl = true;
  c.additionalControlCount += 1;
  const deadline = ctx.revision >= 3 ? extendedDeadline(ctx.rules!.calendar, ms(asked), Math.max(ctx.now, current)) : ms(asked);
  startTerm(s, ctx, ctx.now, deadline);
  return {
    actor,
    action: 'additional_control_approved',
    from,
    note,
    clause: '8.2.2',
    events: [
      [
        'additional_control_approved',
        {
          deadline: iso(deadline),
          note,
          managerApproved: byManager,
          responsiblePerson: responsiblePerson ?? null,
          count: c.additionalControlCount,
          ...(ctx.revision >= 3 ? { asked: iso(ms(asked)), clockStoppedMs: clockStoppedFor } : {}),
        },
      ],
    ],
  };
}

/** A refused 8.2.x request: back where it came from; the executor's term resumes, moved by the time the decision took (revision 3). */
function refuseRequest(s: LifecycleState, ctx: TransitionContext, actor: Actor, action: string, clause: string, note: string, details: Record<string, unknown>): Step {
  const from = s.card.status;
  const clockStoppedFor = releaseClock(s, ctx, true);
  backToReturnTo(s);
  const type = action as RequestEventType;
  return { actor, action, from, note, clause, events: [[type, { ...details, ...(ctx.revision >= 3 ? { clockStoppedMs: clockStoppedFor, deadlineAt: s.card.deadlineAt } : {}) }]] };
}

type Transition<A extends ActionName> = (s: LifecycleState, arg: ActionArg<A>, input: ActionInput<A>, ctx: TransitionContext) => Step[];

const TRANSITIONS: { [A in ActionName]: Transition<A> } = {
  accept(s, { actor }, _input, ctx) {
    s.card.acceptedAt = iso(ctx.now);
    delete s.acceptanceRemindAt;
    return [{ actor, action: 'accepted', from: s.card.status, clause: '8.1.2', events: [['accepted', {}]] }];
  },

  comment(s, { actor }, { text, public: isPublic }, ctx) {
    s.card.comments.push({ at: iso(ctx.now), author: authorOf(actor), text, public: isPublic });
    return [{ actor, action: 'comment_added', from: s.card.status, note: text, clause: '8.1.3', events: [['comment_added', { text, public: isPublic }]] }];
  },

  requestExecutorChange(s, { actor }, { reason }, ctx) {
    const from = s.card.status;
    s.card.pending = { kind: 'executor_change', since: iso(ctx.now), returnTo: from, reason };
    s.card.status = 'executor_change_requested';
    stopClock(s, ctx);
    return [{ actor, action: 'executor_change_requested', from, note: reason, clause: '8.2.1', events: [['executor_change_requested', { reason }]] }];
  },

  decideExecutorChange(s, { actor, executor }, { approve, note }, ctx) {
    const c = s.card;
    const from = c.status;
    const reason = c.pending?.reason;
    if (!approve) return [refuseRequest(s, ctx, actor, 'executor_change_rejected', '8.2.1', note, { reason, note })];
    // checkAction refuses an approval without the new executor.
    if (!executor) throw new Error('8.2.1 approving a change of executor needs the new executor');
    const previous = c.executor;
    const clockStoppedFor = releaseClock(s, ctx, false);
    backToReturnTo(s);
    c.executor = executor;
    c.executorId = executor.id;
    c.underAdditionalControl = false;
    // The new executor gets the Classifier's full term from the hand-over and must accept anew.
    const term = c.status === 'rework' ? s.route.reworkTerm : s.route.term;
    startTerm(s, ctx, ctx.now, deadlineFrom(ctx.rules!.calendar, new Date(ctx.now), term).getTime());
    startAssignment(s, ctx, ctx.now);
    return [
      {
        actor,
        action: 'executor_changed',
        from,
        note: `${previous.id} → ${executor.id}${note ? `: ${note}` : ''}`,
        clause: '8.2.1',
        events: [['executor_changed', { previousExecutor: previous, reason, note, deadlineAt: c.deadlineAt, ...(ctx.revision >= 3 ? { clockStoppedMs: clockStoppedFor } : {}) }]],
      },
    ];
  },

  requestAdditionalControl(s, { actor }, { reason, proposedDeadline, attachmentIds, responsiblePerson }, ctx) {
    const c = s.card;
    const from = c.status;
    const managerRequired = extensionNeedsManager(c, ctx.revision);
    c.pending = {
      kind: 'additional_control',
      since: iso(ctx.now),
      returnTo: from,
      reason,
      proposedDeadline: iso(ms(proposedDeadline)),
      attachmentIds,
      ...(responsiblePerson ? { responsiblePerson } : {}),
      ...(ctx.revision >= 3 ? { managerRequired } : {}),
    };
    c.attachmentIds = [...new Set([...c.attachmentIds, ...attachmentIds])];
    c.status = 'additional_control_requested';
    stopClock(s, ctx);
    return [
      {
        actor,
        action: 'additional_control_requested',
        from,
        note: reason,
        clause: '8.2.2',
        events: [['additional_control_requested', { reason, proposedDeadline: c.pending.proposedDeadline, attachmentIds, responsiblePerson: responsiblePerson ?? null, managerRequired }]],
      },
    ];
  },

  decideAdditionalControl(s, { actor }, { approve, deadline, note }, ctx) {
    const c = s.card;
    const from = c.status;
    const pending = c.pending;
    if (!approve || !pending) return [refuseRequest(s, ctx, actor, 'additional_control_rejected', '8.2.2', note, { note, by: 'operator' })];
    const newDeadline = iso(ms(deadline ?? pending.proposedDeadline ?? ''));
    const managerRequired = ctx.revision >= 3 ? pending.managerRequired === true : extensionNeedsManager(c, ctx.revision);
    if (!managerRequired) return [extend(s, ctx, actor, newDeadline, note, false)];
    // 8.2.2: the extension waits for the manager's sign-off; the managers are emailed, and reminded
    // after a working day without a decision.
    let notify: string[] | undefined;
    if (ctx.revision >= 2) {
      notify = ctx.rules?.emails ?? [];
      if (ctx.revision < 3) s.managerRemindAt = iso(deadlineFrom(ctx.rules!.calendar, new Date(ctx.now), ONE_WORKING_DAY));
    }
    c.pending = { ...pending, kind: 'manager_approval', since: iso(ctx.now), proposedDeadline: newDeadline };
    return [
      {
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
              ...(notify ? { notify, count: c.additionalControlCount + 1, remindAt: ctx.revision >= 3 ? null : s.managerRemindAt } : {}),
            },
          ],
        ],
      },
    ];
  },

  managerApproval(s, { actor }, { approve, note }, ctx) {
    delete s.managerRemindAt;
    if (!approve || !s.card.pending?.proposedDeadline) return [refuseRequest(s, ctx, actor, 'additional_control_rejected', '8.2.2', note, { note, by: 'manager' })];
    return [extend(s, ctx, actor, s.card.pending.proposedDeadline, note, true)];
  },

  requestStrategicPlan(s, { actor }, { reason, attachmentIds }, ctx) {
    const c = s.card;
    const from = c.status;
    c.pending = { kind: 'strategic_plan', since: iso(ctx.now), returnTo: from, reason, attachmentIds };
    c.attachmentIds = [...new Set([...c.attachmentIds, ...attachmentIds])];
    c.status = 'strategic_plan_requested';
    stopClock(s, ctx);
    return [{ actor, action: 'strategic_plan_requested', from, note: reason, clause: '8.2.3', events: [['strategic_plan_requested', { reason, attachmentIds }]] }];
  },

  decideStrategicPlan(s, { actor }, { approve, note, planYear, plannedDate }, ctx) {
    const c = s.card;
    const from = c.status;
    if (!approve) return [refuseRequest(s, ctx, actor, 'strategic_plan_rejected', '8.2.3', note, { note })];
    const clockStoppedFor = releaseClock(s, ctx, false);
    const suspendedDeadline = c.deadlineAt;
    delete c.pending;
    c.status = 'strategic_plan';
    // 8.2.3: the request leaves the ordinary deadline regime and is tracked as planned work.
    c.deadlineAt = null;
    c.overdue = false;
    delete s.deadlineRemindAt;
    if (planYear !== undefined || plannedDate !== undefined) {
      c.strategicPlan = { ...(planYear !== undefined ? { planYear } : {}), ...(plannedDate !== undefined ? { plannedDate } : {}), approvedAt: iso(ctx.now), ...(note ? { note } : {}) };
    }
    return [
      {
        actor,
        action: 'strategic_plan_approved',
        from,
        note,
        clause: '8.2.3',
        events: [['strategic_plan_approved', { note, suspendedDeadline, planYear: planYear ?? null, plannedDate: plannedDate ?? null, ...(ctx.revision >= 3 ? { clockStoppedMs: clockStoppedFor } : {}) }]],
      },
    ];
  },

  proposeClosure(s, { actor }, proposal, ctx) {
    const c = s.card;
    const from = c.status;
    // 9.2.4: a proposal made outside working hours is reviewed from the next working period.
    c.reviewableAt = iso(nextWorkingStart(ctx.rules!.calendar, new Date(ctx.now)));
    c.result = proposal;
    c.pending = { kind: 'closure_review', since: iso(ctx.now), returnTo: from };
    c.status = 'closure_proposed';
    if (ms(c.reviewableAt) > ctx.now && ctx.revision >= 2) s.reviewNoticeAt = c.reviewableAt;
    else delete s.reviewNoticeAt;
    return [
      {
        actor,
        action: 'closure_proposed',
        from,
        note: proposal.result,
        clause: '8.3',
        events: [['closure_proposed', { result: proposal, reviewableAt: c.reviewableAt, outOfHours: ms(c.reviewableAt) > ctx.now }]],
      },
    ];
  },

  review(s, { actor }, { decision, note }, ctx) {
    const c = s.card;
    // Reviewed: the queue needs no notice any more.
    delete s.reviewNoticeAt;
    // 9.2.3 (revision 2): after the applicant's "not confirmed" the operator decided, as on a negative
    // rating. Revision 3 never gets here with an objection: it went back for rework at once.
    const objected = ctx.revision >= 2 && c.applicantConfirmed === false;
    if (decision === 'rework') return [returnForRework(s, ctx, actor, objected ? '9.2.3' : '9.2.4', note)];
    if (objected) return [close(s, ctx, actor, `the applicant's objection found unfounded: ${note}`, c.status)];
    if (c.requiresApplicantConfirmation && c.applicantConfirmed !== true) {
      // 9.2.3: the operator found it done, but a repeated request closes only on the applicant's word.
      c.pending = { kind: 'applicant_confirmation', since: iso(ctx.now), returnTo: c.pending?.returnTo ?? 'in_progress' };
      return [{ actor, action: 'applicant_confirmation_requested', from: c.status, note, clause: '9.2.3', events: [['applicant_confirmation_requested', { note, result: c.result ?? null }]] }];
    }
    return [close(s, ctx, actor, note, c.status)];
  },

  spotCheck(s, { actor }, { confirmed, note }, ctx) {
    if (!confirmed) return [returnForRework(s, ctx, actor, '9.2.5', note, [['spot_checked', { confirmed, note }]])];
    return [{ actor, action: 'spot_checked', from: s.card.status, note, clause: '9.2.5', events: [['spot_checked', { confirmed, note }]] }];
  },

  rate(s, { actor }, { score, comment }, ctx) {
    const c = s.card;
    const from = c.status;
    c.rating = { score, at: iso(ctx.now), ...(comment ? { comment } : {}) };
    const events: Ev = [['rated', { score, comment: comment ?? null }]];
    if (isNegativeRating(score)) {
      // 10.2.1: an operator checks a negative rating before anything goes back to the executor.
      c.pending = { kind: 'rating_check', since: c.rating.at, returnTo: 'closed', ...(comment ? { reason: comment } : {}) };
      c.status = 'rating_disputed';
      events.push(['rating_disputed', { score, comment: comment ?? null }]);
    }
    return [{ actor, action: 'rated', from, note: `${score}${comment ? `: ${comment}` : ''}`, clause: '10.1', events }];
  },

  verifyRating(s, { actor }, { upheld, note }, ctx) {
    if (upheld) return [returnForRework(s, ctx, actor, '10.2.2', note)];
    const from = s.card.status;
    backToReturnTo(s);
    return [{ actor, action: 'rating_dismissed', from, note, clause: '10.2.1', events: [['rating_dismissed', { note }]] }];
  },

  scheduleInspection(s, { actor }, { scheduledAt, note }) {
    s.card.inspections.push({ scheduledAt: iso(ms(scheduledAt)), note, by: actor.id });
    return [{ actor, action: 'inspection_scheduled', from: s.card.status, note, clause: '9.2.3', events: [['inspection_scheduled', { scheduledAt: iso(ms(scheduledAt)), note }]] }];
  },

  recordInspectionOutcome(s, { actor }, { inspection, heldAt, findings, workDone }, ctx) {
    // checkAction refused a missing inspection; the index is found the same way here.
    const index = inspection !== undefined ? inspection - 1 : lastOpenInspection(s.card);
    const target = s.card.inspections[index];
    if (!target) throw new Error('9.2.3 no such inspection without an outcome');
    target.outcome = { heldAt: iso(ms(heldAt)), findings, workDone, by: actor.id, recordedAt: iso(ctx.now) };
    return [
      {
        actor,
        action: 'inspection_held',
        from: s.card.status,
        note: findings,
        clause: '9.2.3',
        events: [['inspection_held', { inspection: index + 1, scheduledAt: target.scheduledAt, heldAt: target.outcome.heldAt, findings, workDone }]],
      },
    ];
  },

  involveCoExecutor(s, { actor, executor }, { task }, ctx) {
    const c = s.card;
    const from = c.status;
    // checkAction refuses it without the executor the gateway resolved.
    if (!executor) throw new Error('8.2.1 bringing in a co-executor needs the executor');
    // Asked as the executor's request for a change: answered by bringing another in, the executor stays and its clock resumes.
    const answered = c.pending?.kind === 'executor_change';
    const clockStoppedFor = answered ? releaseClock(s, ctx, true) : 0;
    if (answered) backToReturnTo(s);
    (c.coExecutors ??= []).push({ executor, task, addedAt: iso(ctx.now), addedBy: actor.id });
    return [
      {
        actor,
        action: 'co_executor_involved',
        from,
        note: `${executor.id}: ${task}`,
        clause: '8.2.1',
        events: [['co_executor_involved', { coExecutor: executor, task, coExecutorIds: c.coExecutors.map((x) => x.executor.id), ...(answered ? { onRequest: true, clockStoppedMs: clockStoppedFor, deadlineAt: c.deadlineAt } : {}) }]],
      },
    ];
  },

  proposePart(s, { actor }, { result, date }, ctx) {
    const c = s.card;
    const mine = (c.coExecutors ?? []).find((x) => x.executor.id === actor.executorId);
    // checkAction refuses anyone but a co-executor without its part.
    if (!mine) throw new Error('8.2.1 only a co-executor proposes a part');
    mine.part = { result, date, by: actor.id, at: iso(ctx.now) };
    const remaining = partsOpen(c);
    return [{ actor, action: 'part_proposed', from: c.status, note: result, clause: '8.2.1', events: [['part_proposed', { executorId: mine.executor.id, executor: mine.executor, result, date, remaining }]] }];
  },

  confirmResolution(s, { actor }, { confirmed, note, channel, callAt }, ctx) {
    const c = s.card;
    if (ctx.revision >= 3) {
      // 9.2.3: the applicant's word, with how it came and who recorded it.
      const recorded = actor.role !== 'applicant';
      c.applicantConfirmation = {
        confirmed,
        at: iso(ctx.now),
        channel: channel ?? (recorded ? 'phone_call' : 'cabinet'),
        ...(recorded ? { recordedBy: { id: actor.id, ...(actor.name ? { name: actor.name } : {}) } } : {}),
        ...(callAt ? { callAt: iso(ms(callAt)) } : {}),
        ...(note ? { note } : {}),
      };
    }
    const word = ctx.revision >= 3 ? { channel: c.applicantConfirmation!.channel, recordedBy: c.applicantConfirmation!.recordedBy ?? null } : {};
    if (!confirmed && ctx.revision >= 3) {
      // 9.2.3 (revision 3): "not confirmed" sends the request back for rework; it never closes it.
      return [returnForRework(s, ctx, actor, '9.2.3', note, [['applicant_not_confirmed', { note, ...word }]])];
    }
    if (!confirmed && ctx.revision >= 2) {
      // Revision 2: the applicant's word went to the operator, who decided (9.2.4) as on a negative rating.
      const from = c.status;
      c.applicantConfirmed = false;
      c.pending = { kind: 'closure_review', since: iso(ctx.now), returnTo: c.pending?.returnTo ?? 'in_progress', ...(note ? { reason: note } : {}) };
      return [{ actor, action: 'applicant_not_confirmed', from, note, clause: '9.2.3', events: [['applicant_not_confirmed', { note }]] }];
    }
    if (!confirmed) return [returnForRework(s, ctx, actor, '9.2.3', note)];
    c.applicantConfirmed = true;
    if (c.pending?.kind === 'applicant_confirmation') {
      const step = close(s, ctx, actor, note, c.status);
      return ctx.revision >= 3 ? [{ ...step, events: [['applicant_confirmed', { note, ...word }], ...step.events] }] : [step];
    }
    return [{ actor, action: 'applicant_confirmed', from: c.status, note, clause: '9.2.3', events: [['applicant_confirmed', { note, ...word }]] }];
  },
};

/** What the card shows of the rules now (the pages and templates read it instead of re-deriving it). */
function showRules(s: LifecycleState, revision: number): void {
  s.card.extensionNeedsManager = extensionNeedsManager(s.card, revision);
}

/**
 * One action: a copy of the state with the action applied, and the steps to record. The caller has
 * checked the action (domain/lifecycle.ts `checkAction`) and loaded what `rulesNeeded` asked for.
 */
export function transition<A extends ActionName>(state: LifecycleState, action: A, arg: ActionArg<A>, input: ActionInput<A>, ctx: TransitionContext): Outcome {
  const s = copy(state);
  const steps = (TRANSITIONS[action] as Transition<A>)(s, arg, input, ctx);
  rewatch(s, ctx);
  showRules(s, ctx.revision);
  return { state: s, steps };
}

// ─── Timers ──────────────────────────────────────────────────────────────────────────────────────

export type DueKind = 'acceptance' | 'reminder' | 'deadline' | 'review' | 'review_notice' | 'manager_reminder' | 'watch_remind' | 'watch_escalate' | 'rating_window';

/** A timer to arm: when, what, and the summary the Temporal UI shows (named by clause). */
export interface Due {
  at: number;
  what: DueKind;
  summary: string;
}

/** Every timer the state asks for, soonest first. */
export function dueTimers(s: LifecycleState, revision: number, now: number): Due[] {
  const c = s.card;
  const due: Due[] = [];
  // 8.1.2 (revision 3: also a request in rework handed to a new executor).
  const assigned = c.status === 'in_progress' || (revision >= 3 && c.status === 'rework');
  if (assigned && !c.acceptedAt && s.acceptanceRemindAt) due.push({ at: ms(s.acceptanceRemindAt), what: 'acceptance', summary: '8.1.2 remind the executor to accept' });
  if (deadlineRuns(c.status, revision) && c.deadlineAt && !c.overdue) {
    if (s.deadlineRemindAt) due.push({ at: ms(s.deadlineRemindAt), what: 'reminder', summary: '8.1.5 remind the executor of the deadline' });
    due.push({ at: ms(c.deadlineAt), what: 'deadline', summary: '8.1.5 deadline: overdue unless proposed for closure' });
  }
  if (c.status === 'closure_proposed' && c.pending?.kind === 'closure_review' && s.reviewNoticeAt) {
    due.push({ at: ms(s.reviewNoticeAt), what: 'review_notice', summary: "9.2.4 closure proposal becomes reviewable: tell the operators' queue" });
  } else if (c.status === 'closure_proposed' && c.reviewableAt && ms(c.reviewableAt) > now) {
    // Nothing changes then; the wake-up only refreshes what the Temporal UI says the request awaits.
    due.push({ at: ms(c.reviewableAt), what: 'review', summary: '9.2.4 closure proposal becomes reviewable' });
  }
  if (c.pending?.kind === 'manager_approval' && s.managerRemindAt) {
    due.push({ at: ms(s.managerRemindAt), what: 'manager_reminder', summary: '8.2.2 remind the managers of the extension waiting for their sign-off' });
  }
  const w = c.watch;
  if (w && !w.remindedAt && w.remindAt) due.push({ at: ms(w.remindAt), what: 'watch_remind', summary: `${w.clause} remind the ${w.remind} of ${WATCHES[w.awaiting as WatchKind]?.what ?? w.awaiting}` });
  else if (w && !w.escalatedAt && w.escalateAt) due.push({ at: ms(w.escalateAt), what: 'watch_escalate', summary: `${w.clause} tell the ${w.escalateTo} that ${WATCHES[w.awaiting as WatchKind]?.what ?? w.awaiting} still waits` });
  if (c.status === 'closed' && c.ratingWindowEndsAt) due.push({ at: ms(c.ratingWindowEndsAt), what: 'rating_window', summary: "10.1 the applicant's rating window ends" });
  return due.sort((a, b) => a.at - b.at);
}

/** The rules a timer needs before it fires (the role whose emails its event carries). */
export function timerRulesNeeded(s: LifecycleState, what: DueKind): RulesNeed | undefined {
  const w = s.card.watch;
  switch (what) {
    case 'review_notice':
      return { why: "9.2.4 the operators' queue to tell", emailsOf: 'operator' };
    case 'manager_reminder':
      return { why: '8.2.2 the managers to remind', emailsOf: 'manager' };
    case 'watch_remind':
      return w && w.remind !== 'executor' ? { why: `${w.clause} the ${w.remind}s to remind`, emailsOf: w.remind as StaffRole } : undefined;
    case 'watch_escalate':
      return w ? { why: `${w.clause} the ${w.escalateTo}s to tell`, emailsOf: w.escalateTo as StaffRole } : undefined;
    default:
      return undefined;
  }
}

/** What a timer does when it fires. */
export function fireTimer(state: LifecycleState, what: DueKind, ctx: TransitionContext): Outcome {
  const s = copy(state);
  const c = s.card;
  const from = c.status;
  const steps: Step[] = [];
  switch (what) {
    case 'acceptance':
      delete s.acceptanceRemindAt;
      steps.push({ actor: SYSTEM, action: 'acceptance_reminder', from, clause: '8.1.2', events: [['acceptance_reminder', { registeredAt: c.registeredAt }]] });
      break;
    case 'reminder':
      delete s.deadlineRemindAt;
      steps.push({ actor: SYSTEM, action: 'deadline_reminder', from, clause: '8.1.5', events: [['deadline_reminder', { deadlineAt: c.deadlineAt }]] });
      break;
    case 'deadline': {
      c.overdue = true;
      // 8.1.5: a missed term is never forgotten, though a new term clears the flag.
      c.overdueCount = (c.overdueCount ?? 0) + 1;
      if (c.deadlineAt) (c.missedDeadlines ??= []).push({ deadlineAt: c.deadlineAt, at: iso(ctx.now) });
      delete s.deadlineRemindAt;
      steps.push({ actor: SYSTEM, action: 'overdue', from, clause: '8.1.5', events: [['overdue', { deadlineAt: c.deadlineAt, overdueCount: c.overdueCount }]] });
      break;
    }
    case 'review':
      break;
    case 'review_notice': {
      delete s.reviewNoticeAt;
      const queue = ctx.rules?.settings.reviewQueueEmails ?? [];
      steps.push({
        actor: SYSTEM,
        action: 'closure_reviewable',
        from,
        clause: '9.2.4',
        events: [['closure_reviewable', { reviewableAt: c.reviewableAt ?? null, proposedAt: c.pending?.since ?? null, notify: queue.length > 0 ? queue : (ctx.rules?.emails ?? []) }]],
      });
      break;
    }
    case 'manager_reminder':
      delete s.managerRemindAt;
      steps.push({
        actor: SYSTEM,
        action: 'manager_approval_reminder',
        from,
        clause: '8.2.2',
        events: [['manager_approval_reminder', { notify: ctx.rules?.emails ?? [], deadline: c.pending?.proposedDeadline ?? null, responsiblePerson: c.pending?.responsiblePerson ?? null, since: c.pending?.since ?? null }]],
      });
      break;
    case 'watch_remind':
    case 'watch_escalate': {
      const w = c.watch;
      if (!w) break;
      const escalate = what === 'watch_escalate';
      if (escalate) w.escalatedAt = iso(ctx.now);
      else w.remindedAt = iso(ctx.now);
      const role = escalate ? w.escalateTo : w.remind;
      // 9.2.4: the operators' queue hears first when there is one.
      const queue = role === 'operator' ? (ctx.rules?.settings.reviewQueueEmails ?? []) : [];
      const notify = role === 'executor' ? [] : queue.length > 0 ? queue : (ctx.rules?.emails ?? []);
      steps.push({
        actor: SYSTEM,
        action: escalate ? 'awaiting_escalated' : 'awaiting_reminder',
        from,
        note: `${w.clause} ${WATCHES[w.awaiting as WatchKind]?.what ?? w.awaiting} → ${role}`,
        clause: w.clause,
        events: [
          [
            escalate ? 'awaiting_escalated' : 'awaiting_reminder',
            {
              awaiting: w.awaiting,
              clause: w.clause,
              since: w.since,
              role,
              notify,
              ...(escalate ? { remindedAt: w.remindedAt ?? null, remindedRole: w.remind } : { escalateAt: w.escalateAt ?? null }),
              ...(w.awaiting === 'planned_works' ? { plannedDate: c.strategicPlan?.plannedDate ?? null } : {}),
              ...(c.pending?.proposedDeadline ? { proposedDeadline: c.pending.proposedDeadline } : {}),
            },
          ],
        ],
      });
      break;
    }
    case 'rating_window':
      s.completed = true;
      steps.push({ actor: SYSTEM, action: 'completed', from, clause: '10.1', events: [['completed', { rating: c.rating ?? null }]] });
      break;
  }
  showRules(s, ctx.revision);
  return { state: s, steps };
}

/**
 * 5.12: the first term, from the registration: the Classifier deadline (intake's when it decided it)
 * and the 8.1.2 acceptance reminder. The registration's step itself is domain/registration.ts's.
 */
export function registrationTerm(state: LifecycleState, ctx: TransitionContext, decidedDeadlineAt?: string): LifecycleState {
  const s = copy(state);
  const from = ms(s.card.registeredAt);
  startTerm(s, ctx, from, decidedDeadlineAt ? ms(decidedDeadlineAt) : deadlineFrom(ctx.rules!.calendar, new Date(from), s.route.term).getTime());
  startAssignment(s, ctx, from);
  showRules(s, ctx.revision);
  return s;
}

/**
 * 9.2.3: a later request repeats this one: it learns the repeat's number, stays on control until its
 * applicant confirms (requiresApplicantConfirmation), and its executor is told (`request.repeated`).
 * No step when the lifecycle is over or the repeat was already counted (a signal delivered twice).
 */
export function repeatedBy(state: LifecycleState, repeat: { number: string; registeredAt: string }, ctx: TransitionContext): Outcome {
  if (state.completed || (state.card.repeatedBy ?? []).includes(repeat.number)) return { state, steps: [] };
  const s = copy(state);
  const c = s.card;
  c.repeatedBy = [...(c.repeatedBy ?? []), repeat.number];
  c.requiresApplicantConfirmation = true;
  showRules(s, ctx.revision);
  return {
    state: s,
    steps: [
      {
        actor: SYSTEM,
        action: 'repeated',
        from: c.status,
        note: `${repeat.number} (${c.repeatedBy.length})`,
        clause: '9.2.3',
        events: [['repeated', { repeat: repeat.number, repeatRegisteredAt: repeat.registeredAt, repeatedCount: c.repeatedBy.length, repeatedBy: [...c.repeatedBy] }]],
      },
    ],
  };
}

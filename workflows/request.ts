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
import type { Activities } from '../activities/index.ts';
import { actorSchema } from '../contracts/actor.ts';
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
  type StartRequest,
} from '../contracts/request.ts';
import { requestWorkflowId } from '../contracts/wire.ts';
import { checkBounds } from '../domain/bounds.ts';
import { awaitedOf, checkAction, RULE_REVISIONS, RULES_REVISION, type Refusal } from '../domain/lifecycle.ts';
import { recordStep, registrationStep, type TransitionStep } from '../domain/registration.ts';
import {
  dueTimers,
  fireTimer,
  initialState,
  registrationTerm,
  repeatedBy,
  rulesNeeded,
  timerRulesNeeded,
  transition,
  type Due,
  type LifecycleRules,
  type LifecycleState,
  type Outcome,
  type RulesNeed,
  type StaffRole,
  type TransitionContext,
} from '../domain/request-transitions.ts';
import { clone, oneAtATime, refusalFailure } from './common.ts';

// ─── 1. State ────────────────────────────────────────────────────────────────────────────────────

/** The card as the running workflow holds it: the fields added later are always set (see the start of the run). */
type LiveCard = RequestCard & Required<Pick<RequestCard, 'overdueCount' | 'missedDeadlines' | 'repeatedBy'>>;

export type { LifecycleState } from '../domain/request-transitions.ts';

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

const iso = (ms: number | Date): string => new Date(ms).toISOString();
const ms = (isoInstant: string): number => new Date(isoInstant).getTime();

/**
 * The rules revision a run is under (domain/lifecycle.ts `RULE_REVISIONS`), as a function to ask at
 * each decision. Revision 2's marker is asked at each decision, where it was recorded when it came
 * (histories recorded then hold it there). The markers from revision 3 on are asked once, at the start
 * of the run, and the answer is kept in the state: a request keeps the rules it started with, through
 * a worker's upgrade and across continue-as-new. A state carried from a run before revision 3 stays on 2.
 */
function rulesRevisionOf(s: LifecycleState, carried: boolean): () => number {
  if (s.rulesRevision === undefined) {
    let fixed = 2;
    if (!carried) {
      for (const r of RULE_REVISIONS) {
        if (r.revision <= 2 || r.marker === undefined) continue;
        if (!patched(r.marker)) break;
        fixed = r.revision;
      }
    }
    if (fixed >= 3) s.rulesRevision = fixed;
  }
  const fixed = s.rulesRevision;
  if (fixed !== undefined) return () => fixed;
  const second: string = RULE_REVISIONS[1].marker;
  return () => (patched(second) ? 2 : 1);
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

  // The rules revision this run's history is under (rulesRevisionOf). Before revision 3 its marker is
  // asked only where it always was (an action's handler, a repeat's registration); the timers and the
  // registration's term use the last answer, which changes nothing they do before revision 3.
  const asked = rulesRevisionOf(s, raw.carried !== undefined);
  let seen = s.rulesRevision ?? 2;
  const revision = (): number => (seen = asked());

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

  const rules = (why: string, emailsOf?: StaffRole): Promise<LifecycleRules> => loadRules.executeWithOptions({ summary: why }, [emailsOf ? { emailsOf } : {}]);
  const load = (need: RulesNeed | undefined): Promise<LifecycleRules | undefined> => (need ? rules(need.why, need.emailsOf) : Promise.resolve(undefined));

  /** Takes the state a transition computed as the workflow's own (the card keeps its identity: `card` is `s.card`). */
  const adopt = (next: LifecycleState): void => {
    const c = card as unknown as Record<string, unknown>;
    for (const k of Object.keys(c)) if (!(k in next.card)) delete c[k];
    Object.assign(card, next.card);
    const state = s as unknown as Record<string, unknown>;
    const { card: _card, ...rest } = next;
    for (const k of Object.keys(state)) if (k !== 'card' && !(k in rest)) delete state[k];
    Object.assign(s, rest);
  };



  /** The last version the read model is known to hold. */
  let recorded = raw.carried ? card.version : 0;
  let shownSearch: Record<string, unknown> = {};
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

  /** Runs a pure transition (domain/request-transitions.ts) and records its steps. */
  const perform = async (outcome: (ctx: TransitionContext) => Outcome, need: RulesNeed | undefined, rev: number): Promise<void> => {
    const r = await load(need);
    const next = outcome({ now: Date.now(), revision: rev, ...(r ? { rules: r } : {}) });
    adopt(next.state);
    for (const step of next.steps) await commit(step);
  };

  const runAction = <A extends ActionName>(action: A, arg: ActionArg<A>, parsedInput: ActionInput<A>, rev: number): Promise<void> =>
    perform((ctx) => transition(s, action, arg, parsedInput, ctx), rulesNeeded(s, action, parsedInput, rev), rev);

  const refusalOf = <A extends ActionName>(action: A, arg: ActionArg<A> | undefined, rev: number): Refusal | undefined => {
    if (s.completed) return { kind: 'wrong_status', message: `request ${card.number}'s lifecycle is complete` };
    const actor = actorSchema.safeParse(arg?.actor);
    if (!actor.success) return { kind: 'forbidden', message: 'the action carries no valid actor' };
    return checkAction({ card, action, actor: actor.data, input: arg?.input ?? {}, ...(arg?.executor ? { executor: arg.executor } : {}), now: new Date(), revision: rev });
  };

  const register = <A extends ActionName>(action: A): void => {
    setHandler(
      actionUpdate(action),
      (arg: ActionArg<A>) =>
        exclusive(async () => {
          // Checked again: an action accepted while another was running may no longer be allowed. A
          // replayed older history is checked by the rules it was recorded under.
          const rev = revision();
          const refusal = refusalOf(action, arg, rev);
          if (refusal) throw refusalFailure(refusal);
          await runAction(action, arg, actionInputs[action].parse(arg.input) as ActionInput<A>, rev);
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
  (Object.keys(actionInputs) as ActionName[]).forEach(register);

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
      if (!parsedSignal.success) return;
      await perform((ctx) => repeatedBy(s, parsedSignal.data, ctx), undefined, seen);
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
        // Intake decided the deadline and recorded the registration already, so its answer did not wait for
        // this task (domain/registration.ts): the same transition is recorded again, which writes nothing twice.
        const decided = input.registered;
        adopt(registrationTerm(s, { now: Date.now(), revision: seen, rules: r }, decided?.deadlineAt));
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

  const nextDue = (): Due | undefined => dueTimers(s, seen, Date.now())[0];

  /** Runs what is due now (re-checked under the lock: an action may have made it moot). True when the lifecycle is over. */
  const fire = async (): Promise<boolean> => {
    const due = nextDue();
    if (!due || due.at > Date.now()) return false;
    await perform((ctx) => fireTimer(s, due.what, ctx), timerRulesNeeded(s, due.what), seen);
    return s.completed;
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
    ...(c.clockStoppedAt ? [`Executor's clock stopped since ${kyiv(c.clockStoppedAt)} Kyiv: the Contact Center decides (8.2.x)`] : []),
    ...((c.coExecutors ?? []).length > 0 ? [`Co-executors: ${(c.coExecutors ?? []).map((x) => `${x.executor.name} (${x.part ? 'part done' : 'working'})`).join(', ')} (8.2.1)`] : []),
    `Awaiting: ${awaitedOf(c)}`,
    ...(c.watch ? [`${c.watch.clause}: ${c.watch.remindedAt ? `${c.watch.remind} reminded ${kyiv(c.watch.remindedAt)}` : `${c.watch.remind} reminded at ${kyiv(c.watch.remindAt ?? c.watch.since)}`}${c.watch.escalatedAt ? `, ${c.watch.escalateTo} told ${kyiv(c.watch.escalatedAt)}` : c.watch.escalateAt ? `, ${c.watch.escalateTo} told at ${kyiv(c.watch.escalateAt)}` : ''} Kyiv`] : []),
  ].join('\n');
}

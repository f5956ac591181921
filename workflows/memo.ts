/**
 * A refusal memo (5.7): one durable workflow per memo, `memo-<id>`, from the worker's refusal through
 * the manager's decision to ICT's block of the number and, later, an audited unblock. It alone changes
 * the memo. In this order:
 *
 *   1. state: the card (contracts/memos.ts) and when the managers are reminded;
 *   2. transitions: each appends to the history with its author, is projected into the `memos` read
 *      model with its events through the one outbox (recordMemo), and refreshes the search attributes
 *      and the details the Temporal UI shows — never the phone or the memo's text;
 *   3. actions: Updates decide, block and unblock, each with a synchronous validator running the rules
 *      of domain/memos.ts (MEMO_RULES), so a refused step leaves no trace; an accepted one returns the
 *      card once the read model holds it;
 *   4. registration: the refusal recorded, the managers asked to approve;
 *   5. timers: a reminder to the managers after a working day without a decision (the working
 *      calendar read at the refusal); once approved, the clock on ICT (MEMO_ICT_CLOCK, the calendar
 *      read at the approval): a reminder to ICT after a working day without the block, an escalation
 *      to the managers after another; the block clears both. The workflow ends when the memo is
 *      rejected or the number unblocked.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
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
import { actorSchema, SYSTEM_ACTOR as SYSTEM, type Actor } from '../contracts/actor.ts';
import type { MemoEvent } from '../contracts/events.ts';
import {
  MEMO_STATUS_LABELS_UK,
  memoActionInputs,
  memoNotifySchema,
  startMemoSchema,
  type MemoActionArg,
  type MemoActionInput,
  type MemoActionName,
  type MemoActor,
  type MemoCard,
  type StartMemo,
} from '../contracts/memos.ts';
import { MEMO_QUERY_CARD, MEMO_REGISTRATION_UPDATE, MEMO_UPDATES } from '../contracts/wire.ts';
import type { Refusal } from '../domain/lifecycle.ts';
import { isMemoFinal, MEMO_ICT_CLOCK, memoActionRefusal, memoAwaited, memoIctClock, memoIctDue, memoReminderAt, memoStanding, type MemoIctStage } from '../domain/memos.ts';
import { clone, oneAtATime, refusalFailure, setActionUpdate } from './common.ts';

// ─── 1. State ────────────────────────────────────────────────────────────────────────────────────

export interface MemoState {
  card: MemoCard;
  /** While the memo waits for the managers: when they are reminded (until sent). */
  remindAt?: string;
}

/** What the gateway starts a memo with, or that plus the state a continued (or adopted) run carries. */
export type MemoWorkflowInput = StartMemo & { carried?: MemoState };

export const memoCardQuery = defineQuery<MemoCard>(MEMO_QUERY_CARD);
export const memoRegistrationUpdate = defineUpdate<MemoCard, []>(MEMO_REGISTRATION_UPDATE);
export const memoUpdate = <A extends MemoActionName>(action: A) => defineUpdate<MemoCard, [MemoActionArg<A>]>(MEMO_UPDATES[action]);

// The memo is found by WorkflowType `memoWorkflow` and WorkflowId `memo-<id>`; its status is the one
// custom attribute (the ground is in the summary and details).
const searchKeys = {
  MemoStatus: defineSearchAttributeKey('MemoStatus', 'KEYWORD'),
};

// Short MongoDB/NATS round trips, as local activities (one marker each in the history). No attempt
// limit: a step must reach the read model; MongoDB or NATS being down only delays it.
const { loadRules, recordMemo } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The clock on ICT after an approval (5.7) came after memos were running: a run whose history has the
 * approval without this marker keeps its recorded commands (no calendar read, no timers on ICT).
 */
const MEMO_ICT_CLOCK_PATCH = 'memo-ict-clock-1';

const iso = (ms: number | Date): string => new Date(ms).toISOString();
const ms = (isoInstant: string): number => new Date(isoInstant).getTime();

const invalidInput = (message: string): ApplicationFailure => ApplicationFailure.create({ type: 'invalid_input', message, nonRetryable: true });

const authorOf = (a: Actor): MemoActor => ({ id: a.id, role: a.role, ...(a.name ? { name: a.name } : {}) });

function initialState(input: StartMemo): MemoState {
  return {
    card: {
      id: input.id,
      version: 0,
      phone: input.phone,
      reason: input.reason,
      text: input.text,
      status: 'pending_approval',
      createdBy: authorOf(input.actor),
      createdAt: iso(ms(input.createdAt)),
      history: [],
    },
  };
}

/** One refusal memo, from the refusal to the manager's rejection or the number's unblock (see the file's doc). */
export async function memoWorkflow(raw: MemoWorkflowInput): Promise<MemoCard> {
  const parsed = startMemoSchema.safeParse(raw);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid memo input: ${parsed.error.message}`, 'invalid_input');
  const input = parsed.data;
  const notAllowed = raw.carried ? undefined : memoStanding('create', input.actor);
  if (notAllowed) throw refusalFailure(notAllowed);
  const s: MemoState = raw.carried ?? initialState(input);
  const card = s.card;

  // ─── 2. Transitions ───────────────────────────────────────────────────────────────────────────

  const lock = oneAtATime();
  const exclusive = lock.run;

  let recorded = raw.carried ? card.version : 0;
  let shown: Record<string, unknown> = {};
  const refreshVisibility = (): void => {
    const wanted: Record<keyof typeof searchKeys, string> = { MemoStatus: card.status };
    const changed = (Object.keys(wanted) as Array<keyof typeof searchKeys>).filter((k) => wanted[k] !== shown[k]);
    if (changed.length > 0) {
      upsertSearchAttributes(changed.map((k) => ({ key: searchKeys[k], value: wanted[k] })));
      shown = { ...shown, ...Object.fromEntries(changed.map((k) => [k, wanted[k]])) };
    }
    setCurrentDetails(detailsOf(card, s.remindAt));
  };

  /** Records the step just applied to `card`: its history entry, its event (with whom to notify), the read model. */
  const commit = async (t: { actor: Actor; action: string; note?: string; event: MemoEvent['type']; notify: string[]; clause: string }): Promise<void> => {
    const at = iso(Date.now());
    card.version += 1;
    card.history.push({ at, actor: authorOf(t.actor), action: t.action, ...(t.note ? { note: t.note } : {}) });
    const event: MemoEvent = {
      id: uuid4(),
      type: t.event,
      occurredAt: at,
      actor: authorOf(t.actor) as Actor,
      data: { memoId: card.id, phone: card.phone, reason: card.reason, text: card.text, status: card.status, ...(t.note ? { note: t.note } : {}), version: card.version, notify: t.notify },
    };
    refreshVisibility();
    log.info('memo transition', { memoId: card.id, action: t.action, status: card.status, version: card.version });
    const version = card.version;
    await recordMemo.executeWithOptions({ summary: `${t.clause} record ${t.action} (v${version})` }, [{ card: clone(card), events: [event] }]);
    recorded = version;
  };

  // ─── 3. Actions (Updates) ─────────────────────────────────────────────────────────────────────

  type Apply = { [A in MemoActionName]: (arg: MemoActionArg<A>, input: MemoActionInput<A>) => Promise<void> };
  const apply: Apply = {
    async decide({ actor, notify }, { approve, note }) {
      card.status = approve ? 'approved' : 'rejected';
      card.decision = { approve, note, by: authorOf(actor), at: iso(Date.now()) };
      delete s.remindAt;
      if (approve && patched(MEMO_ICT_CLOCK_PATCH)) {
        const r = await loadRules.executeWithOptions({ summary: '5.7 working calendar for the clock on ICT' }, [{}]);
        const clock = memoIctClock(r.calendar, new Date(ms(card.decision.at)));
        card.ictRemindAt = iso(clock.remind);
        card.ictEscalateAt = iso(clock.escalate);
      }
      await commit({ actor, action: card.status, note, event: approve ? 'memo.approved' : 'memo.rejected', notify: notify ?? [], clause: '5.7' });
    },

    async block({ actor, notify }) {
      card.status = 'blocked';
      card.blocked = { by: authorOf(actor), at: iso(Date.now()) };
      // The block is what the clock on ICT waited for: nothing more is due.
      delete card.ictRemindAt;
      delete card.ictEscalateAt;
      await commit({ actor, action: 'number_blocked', event: 'memo.number_blocked', notify: notify ?? [], clause: '5.7' });
    },

    async unblock({ actor, notify }, { reason }) {
      card.status = 'unblocked';
      card.unblocked = { by: authorOf(actor), at: iso(Date.now()), reason };
      await commit({ actor, action: 'number_unblocked', note: reason, event: 'memo.number_unblocked', notify: notify ?? [], clause: '5.7' });
    },
  };

  const refusalOf = <A extends MemoActionName>(action: A, arg: MemoActionArg<A> | undefined): Refusal | ApplicationFailure | undefined => {
    const actor = actorSchema.safeParse(arg?.actor);
    if (!actor.success) return { kind: 'forbidden', message: 'the action carries no valid actor' };
    const inputParsed = memoActionInputs[action].safeParse(arg?.input ?? {});
    if (!inputParsed.success) return invalidInput(inputParsed.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`).join('; '));
    if (!memoNotifySchema.safeParse(arg?.notify).success) return invalidInput('notify: a list of email addresses');
    return memoActionRefusal(card, action, actor.data);
  };

  const register = <A extends MemoActionName>(action: A): void => {
    const run = apply[action];
    setActionUpdate(memoUpdate(action), (arg: MemoActionArg<A>) => refusalOf(action, arg), lock, async (arg) => {
      await run(arg, memoActionInputs[action].parse(arg.input ?? {}) as MemoActionInput<A>);
      return clone(card);
    });
  };
  (Object.keys(apply) as MemoActionName[]).forEach(register);

  setHandler(memoCardQuery, () => clone(card));
  setHandler(memoRegistrationUpdate, async () => {
    await condition(() => recorded >= 1);
    return clone(card);
  });

  // ─── 4. Registration (5.7) ────────────────────────────────────────────────────────────────────

  if (raw.carried) {
    refreshVisibility();
  } else {
    await exclusive(async () => {
      const r = await loadRules.executeWithOptions({ summary: '5.7 working calendar for the reminder to the managers' }, [{}]);
      s.remindAt = iso(memoReminderAt(r.calendar, new Date(ms(card.createdAt))));
      await commit({ actor: input.actor, action: 'created', event: 'memo.created', notify: input.notify, clause: '5.7' });
    });
  }

  // ─── 5. Timers ────────────────────────────────────────────────────────────────────────────────

  type Due = { at: number; what: 'reminder' | MemoIctStage; summary: string };
  const ICT_SUMMARIES: Record<MemoIctStage, string> = {
    remind: '5.7 remind ICT to block the number of the memo approved a working day ago',
    escalate: '5.7 tell the managers ICT has not blocked the number for two working days',
  };
  const nextDue = (): Due | undefined => {
    if (card.status === 'pending_approval' && s.remindAt) {
      return { at: ms(s.remindAt), what: 'reminder', summary: '5.7 remind the managers of the memo waiting a working day for their decision' };
    }
    const ict = memoIctDue(card.status, card);
    if (ict) return { at: ms(ict.at), what: ict.stage, summary: ICT_SUMMARIES[ict.stage] };
    return undefined;
  };

  /** 5.7: ICT is reminded, then the managers (the approver among them) hear the number is still not blocked. */
  const fireIct = async (stage: MemoIctStage): Promise<void> => {
    const rule = MEMO_ICT_CLOCK[stage];
    const r = await loadRules.executeWithOptions({ summary: stage === 'remind' ? '5.7 the ICT staff to remind' : '5.7 the managers to tell of the unblocked number' }, [{ emailsOf: rule.notify }]);
    if (stage === 'remind') {
      delete card.ictRemindAt;
      card.ictRemindedAt = iso(Date.now());
    } else {
      delete card.ictEscalateAt;
      card.ictEscalatedAt = iso(Date.now());
    }
    await commit({ actor: SYSTEM, action: rule.action, event: rule.event, notify: r.emails ?? [], clause: rule.clause });
  };

  const fire = async (): Promise<void> => {
    const due = nextDue();
    if (!due || due.at > Date.now()) return;
    if (due.what !== 'reminder') return fireIct(due.what);
    delete s.remindAt;
    const r = await loadRules.executeWithOptions({ summary: '5.7 the managers to remind' }, [{ emailsOf: 'manager' }]);
    card.remindedAt = iso(Date.now());
    await commit({ actor: SYSTEM, action: 'approval_reminder', event: 'memo.approval_reminder', notify: r.emails ?? [], clause: '5.7' });
  };

  // Timers are never cancelled (see workflows/request.ts): a stale one wakes a loop that finds nothing due.
  // Keyed by instant and purpose: the reminder to ICT may fall when a stale managers' timer fires, and
  // the Temporal UI should still show a timer named for what it waits for.
  const armed = new Set<string>();
  const keyOf = (due: Due): string => `${due.at}:${due.what}`;
  let wakeUps = 0;
  const arm = (due: Due): void => {
    armed.add(keyOf(due));
    void sleep(Math.max(1, due.at - Date.now()), { summary: due.summary }).then(
      () => {
        armed.delete(keyOf(due));
        wakeUps += 1;
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
  };

  while (!isMemoFinal(card.status)) {
    const due = nextDue();
    if (due && due.at <= Date.now()) {
      await exclusive(fire);
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(() => !lock.busy && allHandlersFinished());
      if (isMemoFinal(card.status)) break;
      const dueNow = nextDue();
      if (!dueNow || dueNow.at > Date.now()) {
        const { carried: _carried, ...start } = raw;
        await continueAsNew<typeof memoWorkflow>({ ...start, carried: s });
      }
      continue;
    }
    if (due && !armed.has(keyOf(due))) arm(due);
    const version = card.version;
    const seen = wakeUps;
    await condition(() => card.version !== version || wakeUps !== seen);
  }
  await condition(allHandlersFinished);
  return clone(card);
}

function kyiv(isoInstant: string): string {
  return DateTime.fromMillis(ms(isoInstant), { zone: 'Europe/Kyiv' }).toFormat('yyyy-LL-dd HH:mm');
}

/** The details the Temporal UI shows for a memo (markdown): its state and what it waits for; no phone, no text. */
function detailsOf(c: MemoCard, remindAt: string | undefined): string {
  const last = c.history.at(-1);
  return [
    `**Memo ${c.id}** · ${MEMO_STATUS_LABELS_UK[c.status]} (\`${c.status}\`)`,
    `Ground: ${c.reason} (5.7) · written by ${c.createdBy.role} ${c.createdBy.id} on ${kyiv(c.createdAt)} Kyiv`,
    ...(last ? [`Last step: ${last.action} by ${last.actor.role} ${last.actor.id} on ${kyiv(last.at)} Kyiv`] : []),
    `Awaiting: ${memoAwaited(c.status)}`,
    ...(remindAt ? [`Reminder to the managers: ${kyiv(remindAt)} Kyiv`] : []),
    ...(c.remindedAt ? [`Managers reminded: ${kyiv(c.remindedAt)} Kyiv`] : []),
    ...(c.ictRemindAt ? [`Reminder to ICT to block the number: ${kyiv(c.ictRemindAt)} Kyiv`] : []),
    ...(c.ictRemindedAt ? [`ICT reminded: ${kyiv(c.ictRemindedAt)} Kyiv`] : []),
    ...(c.ictEscalateAt ? [`Escalation to the managers if still not blocked: ${kyiv(c.ictEscalateAt)} Kyiv`] : []),
    ...(c.ictEscalatedAt ? [`Managers told ICT has not blocked the number: ${kyiv(c.ictEscalatedAt)} Kyiv`] : []),
  ].join('\n');
}

/**
 * A repair work (8.1.6): one durable workflow per work, `repair-work-<id>`, from registration to
 * closure. It alone changes the work's card. In this order:
 *
 *   1. state: the card (contracts/repair-works.ts) and when the next reminder is due;
 *   2. transitions: each appends to the history with its author (8.1.7), is projected into MongoDB
 *      with its events (recordRepairWork) and refreshes the search attributes and the details the
 *      Temporal UI shows;
 *   3. actions: Updates close (8.1.6), extend and changeAddresses (8.1.7, audited with a reason), each
 *      with a synchronous validator running domain/repair-works.ts, so a refused action leaves no trace;
 *   4. registration: planned, or in progress at once when it has started (emergencies, 8.1.6.2);
 *   5. timers: the start (planned → in progress), the expected end (→ overdue, the executor told),
 *      a reminder every working day while overdue (the working calendar read at that moment).
 */
import { defineSearchAttributeKey, type SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  isCancellation,
  log,
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
import {
  REPAIR_WORK_KIND_LABELS_UK,
  REPAIR_WORK_QUERY_CARD,
  REPAIR_WORK_REGISTRATION_UPDATE,
  REPAIR_WORK_STATUS_LABELS_UK,
  REPAIR_WORK_UPDATES,
  repairWorkActionInputs,
  startRepairWorkSchema,
  type LinkedRequest,
  type RepairWorkActionArg,
  type RepairWorkActionInput,
  type RepairWorkActionName,
  type RepairWorkCard,
  type RepairWorkEvent,
  type RepairWorkEventType,
  type RepairWorkStatus,
  type StartRepairWork,
} from '../contracts/repair-works.ts';
import { actionRefusal, nextReminderAt } from '../domain/repair-works.ts';
import type { Refusal } from '../domain/lifecycle.ts';
import { clone, oneAtATime, setActionUpdate } from './common.ts';

// ─── 1. State ────────────────────────────────────────────────────────────────────────────────────

export interface RepairWorkState {
  card: RepairWorkCard;
  /** While overdue: when the executor is reminded next (the next working day's first working hour). */
  remindAt?: string;
}

export type RepairWorkWorkflowInput = StartRepairWork & { carried?: RepairWorkState };

export const repairWorkCardQuery = defineQuery<RepairWorkCard>(REPAIR_WORK_QUERY_CARD);
export const repairWorkRegistrationUpdate = defineUpdate<RepairWorkCard, []>(REPAIR_WORK_REGISTRATION_UPDATE);
export const repairWorkUpdate = <A extends RepairWorkActionName>(action: A) => defineUpdate<RepairWorkCard, [RepairWorkActionArg<A>]>(REPAIR_WORK_UPDATES[action]);

const searchKeys = {
  RepairWorkId: defineSearchAttributeKey('RepairWorkId', 'KEYWORD'),
  RepairWorkKind: defineSearchAttributeKey('RepairWorkKind', 'KEYWORD'),
  RepairWorkStatus: defineSearchAttributeKey('RepairWorkStatus', 'KEYWORD'),
  ExecutorId: defineSearchAttributeKey('ExecutorId', 'KEYWORD'),
  District: defineSearchAttributeKey('District', 'KEYWORD'),
  Overdue: defineSearchAttributeKey('Overdue', 'BOOL'),
};

// Short MongoDB/NATS round trips, as local activities (one marker each in the history). No attempt
// limit: a transition must reach the read model; MongoDB or NATS being down only delays it.
const { loadRules, recordRepairWork } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const iso = (ms: number | Date): string => new Date(ms).toISOString();
const ms = (isoInstant: string): number => new Date(isoInstant).getTime();

const authorOf = (a: Actor) => ({ id: a.id, role: a.role, ...(a.name ? { name: a.name } : {}), ...(a.executorId ? { executorId: a.executorId } : {}) });

function initialState(input: StartRepairWork): RepairWorkState {
  return {
    card: {
      id: input.id,
      version: 0,
      kind: input.kind,
      // 8.1.6.2: an emergency (or anything registered after its start) is in progress at once.
      status: ms(input.startsAt) <= ms(input.registeredAt) ? 'in_progress' : 'planned',
      executorId: input.executor.id,
      executor: input.executor,
      district: input.district,
      street: input.street,
      buildings: input.buildings,
      categoryCodes: input.categoryCodes,
      title: input.title,
      description: input.description,
      startsAt: iso(ms(input.startsAt)),
      expectedEndAt: iso(ms(input.expectedEndAt)),
      overdue: false,
      registeredAt: iso(ms(input.registeredAt)),
      registeredBy: authorOf(input.actor),
      ...(input.reportedBy ? { reportedBy: input.reportedBy } : {}),
      reminders: 0,
      history: [],
    },
  };
}

/** One repair work, from registration to closure (see the file's doc). */
export async function repairWorkWorkflow(raw: RepairWorkWorkflowInput): Promise<RepairWorkCard> {
  const parsed = startRepairWorkSchema.safeParse(raw);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid repair work input: ${parsed.error.message}`, 'invalid_input');
  const input = parsed.data;
  const s: RepairWorkState = raw.carried ?? initialState(input);
  const card = s.card;

  // ─── 2. Transitions ───────────────────────────────────────────────────────────────────────────

  const lock = oneAtATime();
  const exclusive = lock.run;

  let recorded = raw.carried ? card.version : 0;
  let shown: Record<string, unknown> = {};
  const refreshVisibility = (): void => {
    const wanted: Record<keyof typeof searchKeys, string | boolean> = {
      RepairWorkId: card.id,
      RepairWorkKind: card.kind,
      RepairWorkStatus: card.status,
      ExecutorId: card.executorId,
      District: card.district,
      Overdue: card.overdue,
    };
    const changed = (Object.keys(wanted) as Array<keyof typeof searchKeys>).filter((k) => String(wanted[k]) !== String(shown[k]));
    if (changed.length > 0) {
      upsertSearchAttributes(changed.map((k) => ({ key: searchKeys[k], value: wanted[k] }) as SearchAttributeUpdatePair));
      shown = { ...shown, ...Object.fromEntries(changed.map((k) => [k, wanted[k]])) };
    }
    setCurrentDetails(detailsOf(card, s.remindAt));
  };

  /** Records the transition just applied to `card`: its history entry with the author (8.1.7), its events, the read model. */
  const commit = async (t: {
    actor: Actor;
    action: string;
    from: RepairWorkStatus;
    note?: string;
    changes?: Record<string, { from: unknown; to: unknown }>;
    events: Array<[RepairWorkEventType, Record<string, unknown>]>;
    clause: string;
  }): Promise<void> => {
    const at = iso(Date.now());
    card.version += 1;
    card.history.push({
      at,
      actor: authorOf(t.actor),
      action: t.action,
      ...(t.from !== card.status ? { from: t.from, to: card.status } : {}),
      ...(t.note ? { note: t.note } : {}),
      ...(t.changes ? { changes: t.changes } : {}),
    });
    const work = {
      id: card.id,
      kind: card.kind,
      status: card.status,
      executor: card.executor,
      district: card.district,
      street: card.street,
      buildings: card.buildings,
      categoryCodes: card.categoryCodes,
      title: card.title,
      description: card.description,
      startsAt: card.startsAt,
      expectedEndAt: card.expectedEndAt,
      ...(card.actualEndAt ? { actualEndAt: card.actualEndAt } : {}),
      overdue: card.overdue,
    };
    const events: RepairWorkEvent[] = t.events.map(([type, details]) => ({
      id: uuid4(),
      type: `repair_work.${type}`,
      occurredAt: at,
      actor: authorOf(t.actor),
      data: { work, version: card.version, details },
    }));
    refreshVisibility();
    log.info('repair work transition', { repairWorkId: card.id, action: t.action, status: card.status, version: card.version });
    const version = card.version;
    await recordRepairWork.executeWithOptions({ summary: `${t.clause} record ${t.action} (v${version})` }, [{ card: clone(card), events }]);
    recorded = version;
  };

  const calendar = async (why: string) => (await loadRules.executeWithOptions({ summary: why }, [{}])).calendar;

  // ─── 3. Actions (Updates) ─────────────────────────────────────────────────────────────────────

  type Apply = { [A in RepairWorkActionName]: (arg: RepairWorkActionArg<A>, input: RepairWorkActionInput<A>) => Promise<void> };
  const apply: Apply = {
    async close({ actor, linked }, { actualEndAt, note }) {
      const from = card.status;
      card.status = 'closed';
      card.actualEndAt = iso(ms(actualEndAt));
      card.closeNote = note;
      card.closedBy = authorOf(actor);
      delete s.remindAt;
      const open: LinkedRequest[] = linked ?? [];
      await commit({
        actor,
        action: 'closed',
        from,
        note,
        clause: '8.1.6',
        events: [['closed', { actualEndAt: card.actualEndAt, note, wasOverdue: card.overdue, linkedOpenRequests: open }]],
      });
    },

    async extend({ actor }, { expectedEndAt, reason }) {
      const before = card.expectedEndAt;
      card.expectedEndAt = iso(ms(expectedEndAt));
      // A new expected end takes the card off the overdue list and stops the reminders.
      card.overdue = false;
      delete s.remindAt;
      await commit({
        actor,
        action: 'extended',
        from: card.status,
        note: reason,
        changes: { expectedEndAt: { from: before, to: card.expectedEndAt } },
        clause: '8.1.7',
        events: [['extended', { from: before, to: card.expectedEndAt, reason }]],
      });
    },

    async changeAddresses({ actor }, { street, buildings, reason }) {
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (street !== undefined && street !== card.street) {
        changes.street = { from: card.street, to: street };
        card.street = street;
      }
      changes.buildings = { from: card.buildings, to: buildings };
      card.buildings = buildings;
      await commit({ actor, action: 'addresses_changed', from: card.status, note: reason, changes, clause: '8.1.7', events: [['addresses_changed', { changes, reason }]] });
    },
  };

  const refusalOf = <A extends RepairWorkActionName>(action: A, arg: RepairWorkActionArg<A> | undefined): Refusal | ApplicationFailure | undefined => {
    const actor = actorSchema.safeParse(arg?.actor);
    if (!actor.success) return { kind: 'forbidden', message: 'the action carries no valid actor' };
    const inputParsed = repairWorkActionInputs[action].safeParse(arg?.input);
    if (!inputParsed.success) return ApplicationFailure.create({ type: 'invalid_input', message: inputParsed.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`).join('; '), nonRetryable: true });
    return actionRefusal(card, action, actor.data, inputParsed.data, new Date());
  };

  const register = <A extends RepairWorkActionName>(action: A): void => {
    const run = apply[action];
    setActionUpdate(repairWorkUpdate(action), (arg: RepairWorkActionArg<A>) => refusalOf(action, arg), lock, async (arg) => {
      await run(arg, repairWorkActionInputs[action].parse(arg.input) as RepairWorkActionInput<A>);
      return clone(card);
    });
  };
  (Object.keys(apply) as RepairWorkActionName[]).forEach(register);

  setHandler(repairWorkCardQuery, () => clone(card));
  setHandler(repairWorkRegistrationUpdate, async () => {
    await condition(() => recorded >= 1);
    return clone(card);
  });

  // ─── 4. Registration (8.1.6) ──────────────────────────────────────────────────────────────────

  if (raw.carried) {
    refreshVisibility();
  } else {
    await exclusive(() =>
      commit({
        actor: input.actor,
        action: 'registered',
        from: card.status,
        note: input.reportedBy ? `for ${card.executor.name}, reported by ${input.reportedBy}` : `for ${card.executor.name}`,
        clause: card.kind === 'planned' ? '8.1.6.1' : '8.1.6.2',
        events: [['registered', { registeredBy: card.registeredBy, ...(card.reportedBy ? { reportedBy: card.reportedBy } : {}) }]],
      }),
    );
  }

  // ─── 5. Timers ────────────────────────────────────────────────────────────────────────────────

  type Due = { at: number; what: 'start' | 'overdue' | 'reminder'; summary: string };
  const nextDue = (): Due | undefined => {
    if (card.status === 'closed') return undefined;
    const due: Due[] = [];
    if (card.status === 'planned') due.push({ at: ms(card.startsAt), what: 'start', summary: '8.1.6 the work starts: planned → in progress' });
    if (!card.overdue) due.push({ at: ms(card.expectedEndAt), what: 'overdue', summary: '8.1.6 expected end: overdue unless closed' });
    if (card.overdue && s.remindAt) due.push({ at: ms(s.remindAt), what: 'reminder', summary: '8.1.6 remind the executor to close the overdue card' });
    return due.sort((a, b) => a.at - b.at)[0];
  };

  const fire = async (): Promise<void> => {
    const due = nextDue();
    if (!due || due.at > Date.now()) return;
    const from = card.status;
    switch (due.what) {
      case 'start':
        card.status = 'in_progress';
        await commit({ actor: SYSTEM, action: 'started', from, clause: '8.1.6', events: [['started', { startsAt: card.startsAt }]] });
        return;
      case 'overdue': {
        const cal = await calendar('8.1.6 working calendar for the daily reminders');
        card.overdue = true;
        s.remindAt = iso(nextReminderAt(cal, new Date(Date.now())));
        await commit({ actor: SYSTEM, action: 'overdue', from, clause: '8.1.6', events: [['overdue', { expectedEndAt: card.expectedEndAt, nextReminderAt: s.remindAt }]] });
        return;
      }
      case 'reminder': {
        const cal = await calendar('8.1.6 working calendar for the next reminder');
        card.reminders += 1;
        s.remindAt = iso(nextReminderAt(cal, new Date(Date.now())));
        await commit({
          actor: SYSTEM,
          action: 'reminder',
          from,
          clause: '8.1.6',
          events: [['reminder', { expectedEndAt: card.expectedEndAt, reminders: card.reminders, nextReminderAt: s.remindAt }]],
        });
        return;
      }
    }
  };

  // Timers are never cancelled (see workflows/request.ts): a stale one wakes a loop that finds nothing due.
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

  while (card.status !== 'closed') {
    const due = nextDue();
    if (due && due.at <= Date.now()) {
      await exclusive(fire);
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(() => !lock.busy && allHandlersFinished());
      // A close may have run while the handlers finished.
      if ((card.status as RepairWorkStatus) === 'closed') break;
      const dueNow = nextDue();
      if (!dueNow || dueNow.at > Date.now()) {
        const { carried: _carried, ...start } = raw;
        await continueAsNew<typeof repairWorkWorkflow>({ ...start, carried: s });
      }
      continue;
    }
    if (due && !armed.has(due.at)) arm(due);
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

/** The details the Temporal UI shows for a work (markdown): what, where, whose, until when. */
function detailsOf(c: RepairWorkCard, remindAt: string | undefined): string {
  return [
    `**${c.id}** · ${REPAIR_WORK_KIND_LABELS_UK[c.kind]} · ${REPAIR_WORK_STATUS_LABELS_UK[c.status]} (\`${c.status}\`)${c.overdue ? ' · **OVERDUE**' : ''}`,
    `Where: ${c.district}, ${c.street}${c.buildings.length ? ` ${c.buildings.join(', ')}` : ' (whole street)'}`,
    `Executor: ${c.executor.name} (${c.executorId}); registered by ${c.registeredBy.name ?? c.registeredBy.id} (${c.registeredBy.role})`,
    `Start: ${kyiv(c.startsAt)} Kyiv · expected end: ${kyiv(c.expectedEndAt)} Kyiv${c.actualEndAt ? ` · ended ${kyiv(c.actualEndAt)} Kyiv` : ''}`,
    ...(c.overdue && remindAt ? [`Next reminder: ${kyiv(remindAt)} Kyiv (${c.reminders} sent)`] : []),
  ].join('\n');
}

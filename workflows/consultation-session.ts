/**
 * A scheduled consultation session (2.9): one workflow per session, `consultation-session-<id>`.
 * Staff publish it (topic, expert, slots); residents book slots through the `book` Update (its
 * validator refuses a full slot, a second booking, a slot already started — one at a time, so a slot
 * is never overbooked); each booking's confirmation is an event, and its reminder a timer a day
 * before the slot; staff record each slot as held. The workflow completes a week after its last
 * slot ends, or once every slot is recorded held.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  isCancellation,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import {
  SESSION_QUERY_CARD,
  SESSION_REGISTRATION_UPDATE,
  SESSION_UPDATES,
  sessionActionInputs,
  startSessionSchema,
  type SessionActionArg,
  type SessionActionInput,
  type SessionActionName,
  type SessionCard,
  type SessionEvent,
  type SessionEventType,
  type StartSession,
} from '../contracts/consultations.ts';
import { actorSchema, SYSTEM_ACTOR as SYSTEM, type Actor } from '../contracts/actor.ts';
import { bookingReminderAt, SESSION_RECORDING_GRACE_MS, sessionRefusal } from '../domain/consultations.ts';
import type { Refusal } from '../domain/lifecycle.ts';
import { clone, oneAtATime, setActionUpdate } from './common.ts';

export const sessionCardQuery = defineQuery<SessionCard>(SESSION_QUERY_CARD);
export const sessionRegistrationUpdate = defineUpdate<SessionCard, []>(SESSION_REGISTRATION_UPDATE);
export const sessionUpdate = <A extends SessionActionName>(action: A) => defineUpdate<SessionCard, [SessionActionArg<A>]>(SESSION_UPDATES[action]);

// The session's id as RequestNumber, filtered by WorkflowType = consultationSessionWorkflow (contracts/wire.ts).
const sessionKey = defineSearchAttributeKey('RequestNumber', 'KEYWORD');

const { recordConsultationSession } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const iso = (ms: number | Date): string => new Date(ms).toISOString();
const ms = (isoInstant: string): number => new Date(isoInstant).getTime();
const authorOf = (a: Actor) => ({ id: a.id, role: a.role, ...(a.name ? { name: a.name } : {}) });

/** One consultation session with its slots and bookings (see the file's doc). */
export async function consultationSessionWorkflow(raw: StartSession): Promise<SessionCard> {
  const parsed = startSessionSchema.safeParse(raw);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid session input: ${parsed.error.message}`, 'invalid_input');
  const input = parsed.data;
  const card: SessionCard = {
    id: input.id,
    version: 0,
    status: 'published',
    topic: input.topic,
    expert: input.expert,
    description: input.description,
    slots: input.slots.map((s) => ({ ...s, bookings: [] })),
    publishedAt: iso(ms(input.publishedAt)),
    publishedBy: authorOf(input.actor),
    history: [],
  };

  const lock = oneAtATime();
  const exclusive = lock.run;
  let recorded = 0;

  const commit = async (t: { actor: Actor; action: string; note?: string; events: Array<[SessionEventType, Record<string, unknown>]> }): Promise<void> => {
    const at = iso(Date.now());
    card.version += 1;
    card.history.push({ at, actor: authorOf(t.actor), action: t.action, ...(t.note ? { note: t.note } : {}) });
    const session = { id: card.id, topic: card.topic, expert: card.expert, description: card.description };
    const events: SessionEvent[] = t.events.map(([type, details]) => ({
      id: uuid4(),
      type: `consultation_session.${type}`,
      occurredAt: at,
      actor: authorOf(t.actor),
      data: { session, version: card.version, details },
    }));
    setCurrentDetails(detailsOf(card));
    const version = card.version;
    await recordConsultationSession.executeWithOptions({ summary: `2.9 record session ${t.action} (v${version})` }, [{ card: clone(card), events }]);
    recorded = version;
  };

  const apply: { [A in SessionActionName]: (actor: Actor, input: SessionActionInput<A>) => Promise<void> } = {
    async book(actor, { slotId, name, phone, email }) {
      const slot = card.slots.find((s) => s.id === slotId)!;
      const booking = { userId: actor.id, name, ...(phone ? { phone } : {}), ...(email ? { email } : {}), bookedAt: iso(Date.now()) };
      slot.bookings.push(booking);
      const reminderAt = bookingReminderAt(slot.startsAt, booking.bookedAt);
      const { bookings: _b, held: _h, ...slotInfo } = slot;
      await commit({ actor, action: 'booked', note: `slot ${slotId}`, events: [['booked', { slot: slotInfo, booking, ...(reminderAt ? { reminderAt: iso(reminderAt) } : {}) }]] });
    },
    async recordHeld(actor, { slotId, note, attended }) {
      const slot = card.slots.find((s) => s.id === slotId)!;
      slot.held = { at: iso(Date.now()), by: authorOf(actor), note, ...(attended !== undefined ? { attended } : {}) };
      const { bookings, held: _h, ...slotInfo } = slot;
      await commit({ actor, action: 'held', note: `slot ${slotId}: ${note}`, events: [['held', { slot: slotInfo, note, booked: bookings.length, ...(attended !== undefined ? { attended } : {}) }]] });
    },
  };

  const refusalOf = <A extends SessionActionName>(action: A, arg: SessionActionArg<A> | undefined): Refusal | ApplicationFailure | undefined => {
    const actor = actorSchema.safeParse(arg?.actor);
    if (!actor.success) return { kind: 'forbidden', message: 'the action carries no valid actor' };
    const inputParsed = sessionActionInputs[action].safeParse(arg?.input);
    if (!inputParsed.success) return ApplicationFailure.create({ type: 'invalid_input', message: inputParsed.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`).join('; '), nonRetryable: true });
    if (card.status === 'completed') return { kind: 'wrong_status', message: `session ${card.id} is over` };
    return sessionRefusal(card, action, actor.data, inputParsed.data, new Date());
  };

  for (const action of Object.keys(apply) as SessionActionName[]) {
    setActionUpdate(sessionUpdate(action), (arg: SessionActionArg<typeof action>) => refusalOf(action, arg), lock, async (arg) => {
      await (apply[action] as (a: Actor, i: unknown) => Promise<void>)(arg.actor, sessionActionInputs[action].parse(arg.input));
      return clone(card);
    });
  }
  setHandler(sessionCardQuery, () => clone(card));
  setHandler(sessionRegistrationUpdate, async () => {
    await condition(() => recorded >= 1);
    return clone(card);
  });

  upsertSearchAttributes([{ key: sessionKey, value: card.id }]);
  await exclusive(() => commit({ actor: input.actor, action: 'published', events: [['published', { slots: card.slots.map(({ bookings: _b, ...s }) => s) }]] }));

  const lastEnd = Math.max(...card.slots.map((s) => ms(s.endsAt)));
  const over = (): boolean => Date.now() >= lastEnd + SESSION_RECORDING_GRACE_MS || card.slots.every((s) => s.held);

  /** The next booking whose reminder is due: a day before its slot, not yet sent. */
  const nextReminder = (): { at: number; slotId: string; userId: string } | undefined =>
    card.slots
      .flatMap((s) => s.bookings.filter((b) => !b.remindedAt).flatMap((b) => {
        const at = bookingReminderAt(s.startsAt, b.bookedAt);
        return at ? [{ at: at.getTime(), slotId: s.id, userId: b.userId }] : [];
      }))
      .sort((a, b) => a.at - b.at)[0];

  const armed = new Set<number>();
  let wakeUps = 0;
  const arm = (at: number, summary: string): void => {
    if (armed.has(at)) return;
    armed.add(at);
    void sleep(Math.max(1, at - Date.now()), { summary }).then(
      () => {
        armed.delete(at);
        wakeUps += 1;
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
  };

  while (!over()) {
    const r = nextReminder();
    if (r && r.at <= Date.now()) {
      await exclusive(async () => {
        const slot = card.slots.find((s) => s.id === r.slotId)!;
        const booking = slot.bookings.find((b) => b.userId === r.userId)!;
        booking.remindedAt = iso(Date.now());
        const { bookings: _b, held: _h, ...slotInfo } = slot;
        await commit({ actor: SYSTEM, action: 'reminded', note: `slot ${slot.id}`, events: [['reminder', { slot: slotInfo, booking }]] });
      });
      continue;
    }
    if (r) arm(r.at, '2.9 remind the resident of the booked slot');
    arm(lastEnd + SESSION_RECORDING_GRACE_MS, '2.9 the session is over');
    const version = card.version;
    const seen = wakeUps;
    await condition(() => card.version !== version || wakeUps !== seen);
  }
  await condition(() => !lock.busy && allHandlersFinished());
  card.status = 'completed';
  await commit({ actor: SYSTEM, action: 'completed', events: [] });
  return clone(card);
}

function detailsOf(c: SessionCard): string {
  return [
    `**${c.id}** · ${c.topic} · ${c.expert} (\`${c.status}\`)`,
    ...c.slots.map((s) => `Slot ${s.id}: ${s.startsAt} – ${s.endsAt} · ${s.bookings.length}/${s.capacity} booked${s.held ? ' · held' : ''}`),
  ].join('\n');
}

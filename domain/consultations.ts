/**
 * The rules of online consultations (2.9) as data and pure functions, shared by the consultations
 * service (registration, conversion, publishing sessions) and the workflows' Update validators, so
 * both refuse with the same reason:
 *
 *   - a consultation's category comes from the consultation part of the Classifier (codes starting
 *     with CONSULTATION_CATEGORY_PREFIX); its term is the reply term;
 *   - the reply is due at the end of that term, on the working calendar; the workers are reminded
 *     when a share of the term's working time has passed;
 *   - an answered consultation closes when the resident marks it answered, or after N working days
 *     of the resident's silence; the resident may rate it once;
 *   - who may do what: Contact Center workers (operators, managers) answer, note and convert; the
 *     resident who asked (or whose verified phone an operator's consultation was recorded under) asks
 *     again, marks answered and rates;
 *   - sessions: slots in the future, a booking per resident per slot, within capacity; the reminder
 *     a day before the slot.
 */
import { DateTime } from 'luxon';
import type { Actor } from '../contracts/events.ts';
import type { ConsultationActionName, ConsultationCard, NewSession, SessionActionName, SessionCard } from '../contracts/consultations.ts';
import { deadlineFrom, workingPeriodsOn, type Term, type WorkingCalendar } from './calendar.ts';
import { isApplicantOf, type Refusal, type RefusalKind } from './lifecycle.ts';

/** The consultation part of the Classifier: categories whose code starts so (the seed's CONSULT-01, CONSULT-02). */
export const CONSULTATION_CATEGORY_PREFIX = 'CONSULT-';

export const isConsultationCategory = (code: string): boolean => code.trim().toUpperCase().startsWith(CONSULTATION_CATEGORY_PREFIX);

/** Settings the worker is configured with (services/worker/config.ts). */
export interface ConsultationSettings {
  /** The workers are reminded when this share of the reply term's working time has passed. */
  reminderShare: number;
  /** An answered consultation closes after this many working days without a word from the resident. */
  silenceWorkingDays: number;
  /** After closure the resident may still rate the answer for this many days; then the workflow completes. */
  ratingWindowDays: number;
}

export const DEFAULT_CONSULTATION_SETTINGS: ConsultationSettings = { reminderShare: 0.75, silenceWorkingDays: 3, ratingWindowDays: 14 };

/**
 * How much one consultation may hold. The whole card (thread and internal notes) travels in every
 * transition — the projection's activity input, each Update's answer, the carried state of a
 * continue-as-new — and Temporal refuses a payload over 2 MB. Cyrillic text takes 2 bytes a
 * character, so the largest card (60 messages and 30 notes of 4,000 characters, with their history
 * entries) stays under 1 MB with room to spare. A conversation longer than that is better converted
 * into a request or asked anew.
 *
 * Checked by the gateway's schema and by the Update validators only: validators never run on replay,
 * so a history recorded before these bounds replays as it was.
 */
export const CONSULTATION_BOUNDS = {
  /** Messages in one consultation's thread, the question included. */
  messages: 60,
  /** Internal notes on one consultation. */
  internalNotes: 30,
  /** Characters of one message, one note or the question. */
  messageChars: 4_000,
} as const;

/** Whether adding `input.text` by `action` would take the consultation past a bound: the refusal (422 naming the field), or undefined. */
export function threadRefusal(card: Pick<ConsultationCard, 'number' | 'messages' | 'internalNotes'>, action: ConsultationActionName, input: unknown): Refusal | undefined {
  if (action !== 'reply' && action !== 'ask' && action !== 'note') return undefined;
  const raw = (input ?? {}) as { text?: unknown };
  const chars = typeof raw.text === 'string' ? raw.text.trim().length : 0;
  if (chars > CONSULTATION_BOUNDS.messageChars) {
    return refuse('limit_reached', `body.text: a message holds at most ${CONSULTATION_BOUNDS.messageChars} characters, this one has ${chars}`, { field: 'body.text', limit: CONSULTATION_BOUNDS.messageChars, count: chars });
  }
  const [held, limit, what] = action === 'note' ? [card.internalNotes.length, CONSULTATION_BOUNDS.internalNotes, 'internal notes'] : [card.messages.length, CONSULTATION_BOUNDS.messages, 'messages'];
  if (held >= limit) {
    const next = action === 'note' ? 'keep the rest elsewhere' : 'convert it into a request or ask a new question';
    return refuse('limit_reached', `consultation ${card.number} already holds ${held} ${what} (at most ${limit}); ${next}`, { field: 'body.text', limit, count: held });
  }
  return undefined;
}

/** Contact Center workers: they answer consultations (not executors). */
export const CONSULTATION_WORKERS = ['operator', 'manager'] as const;

/** Who may take each step. */
export const CONSULTATION_RULES = {
  register: { roles: ['operator', 'applicant'] },
  reply: { roles: CONSULTATION_WORKERS },
  note: { roles: CONSULTATION_WORKERS },
  convert: { roles: CONSULTATION_WORKERS },
  ask: { roles: ['applicant', 'operator'] },
  markAnswered: { roles: ['applicant'] },
  rate: { roles: ['applicant'] },
} as const satisfies Record<'register' | ConsultationActionName, { roles: readonly Actor['role'][] }>;

/** In which statuses each action is allowed. */
const ALLOWED_IN: Record<ConsultationActionName, readonly ConsultationCard['status'][]> = {
  reply: ['awaiting_reply', 'answered'],
  ask: ['awaiting_reply', 'answered'],
  // A converted consultation's workflow is over: notes belong on the request then.
  note: ['awaiting_reply', 'answered', 'closed'],
  markAnswered: ['answered'],
  rate: ['answered', 'closed'],
  convert: ['awaiting_reply', 'answered'],
};

const refuse = (kind: RefusalKind, message: string, details?: Record<string, unknown>): Refusal => ({ kind, message, ...(details ? { details } : {}) });

/** What the Update validators check beyond the input's shape (and, given the input, the bounds on the thread). */
export function consultationRefusal(card: ConsultationCard, action: ConsultationActionName, actor: Actor, input?: unknown): Refusal | undefined {
  const roles: readonly string[] = CONSULTATION_RULES[action].roles;
  if (!roles.includes(actor.role)) return refuse('forbidden', `${action} on a consultation (2.9) is for ${roles.join(' or ')}, not ${actor.role}`, { roles });
  if (actor.role === 'applicant' && !isApplicantOf(card, actor)) return refuse('forbidden', `consultation ${card.number} was asked by another resident`);
  if (!ALLOWED_IN[action].includes(card.status)) {
    return refuse('wrong_status', `consultation ${card.number} is ${card.status}; ${action} needs it ${ALLOWED_IN[action].join(' or ')}`, { status: card.status });
  }
  if (action === 'rate' && card.rating) return refuse('rule_violation', `consultation ${card.number} was rated already`, { field: 'body.score' });
  return input === undefined ? undefined : threadRefusal(card, action, input);
}

/**
 * Who answers for a waiting question, and so hears that its reply is due or overdue: the worker
 * who last wrote in its thread (a follow-up goes back to whoever answered), else the operator who
 * recorded it from a call. A question from the cabinet that no worker has taken yet has nobody:
 * it is the duty shift's (activities/consultations.ts).
 */
export function responsibleWorker(card: Pick<ConsultationCard, 'messages' | 'registeredBy'>): string | undefined {
  const workers: readonly string[] = CONSULTATION_WORKERS;
  const last = [...card.messages].reverse().find((m) => m.from === 'staff' && workers.includes(m.author.role));
  if (last) return last.author.id;
  return workers.includes(card.registeredBy.role) ? card.registeredBy.id : undefined;
}

// ─── Working-time arithmetic ─────────────────────────────────────────────────────────────────────

const DAY_SCAN_LIMIT = 400;

function* periodsFrom(cal: WorkingCalendar, from: Date): Generator<{ start: number; end: number }> {
  let day = DateTime.fromJSDate(from, { zone: cal.timeZone }).startOf('day');
  for (let i = 0; i < DAY_SCAN_LIMIT; i++, day = day.plus({ days: 1 })) {
    for (const p of workingPeriodsOn(cal, day.toISODate() ?? '')) {
      const end = p.end.getTime();
      if (end > from.getTime()) yield { start: Math.max(p.start.getTime(), from.getTime()), end };
    }
  }
}

/** Working time (ms) between two instants on the calendar. */
export function workingTimeBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  let total = 0;
  for (const p of periodsFrom(cal, from)) {
    if (p.start >= to.getTime()) break;
    total += Math.min(p.end, to.getTime()) - p.start;
  }
  return total;
}

/** The instant `ms` of working time after `from` (`from` itself, or the next working start, for 0). */
export function addWorkingTime(cal: WorkingCalendar, from: Date, ms: number): Date {
  let remaining = Math.max(0, ms);
  for (const p of periodsFrom(cal, from)) {
    if (remaining <= p.end - p.start) return new Date(p.start + remaining);
    remaining -= p.end - p.start;
  }
  throw new Error('no working time within a year');
}

/**
 * When a question asked at `askedAt` must be answered (the category's term, DESIGN §2 "Deadlines")
 * and when the workers are reminded: once `share` of the working time until then has passed (of the
 * plain time, for a round-the-clock term).
 */
export function replyTimes(cal: WorkingCalendar, askedAt: Date, term: Term, share: number): { dueAt: Date; reminderAt: Date } {
  const dueAt = deadlineFrom(cal, askedAt, term);
  if (term.unit === 'hours') return { dueAt, reminderAt: new Date(askedAt.getTime() + Math.floor((dueAt.getTime() - askedAt.getTime()) * share)) };
  const working = workingTimeBetween(cal, askedAt, dueAt);
  return { dueAt, reminderAt: addWorkingTime(cal, askedAt, Math.floor(working * share)) };
}

/** When an answered consultation closes if the resident stays silent: the end of the N-th working day. */
export function silenceCloseAt(cal: WorkingCalendar, answeredAt: Date, workingDays: number): Date {
  return deadlineFrom(cal, answeredAt, { amount: workingDays, unit: 'working_days' });
}

// ─── Sessions ────────────────────────────────────────────────────────────────────────────────────

/** The reminder goes this long before a slot starts (a booking made later than that gets none). */
export const SESSION_REMINDER_LEAD_MS = 24 * 3_600_000;
/** A session's workflow completes this long after its last slot ends (staff may still record it held). */
export const SESSION_RECORDING_GRACE_MS = 7 * 24 * 3_600_000;

export const SESSION_RULES = {
  publish: { roles: CONSULTATION_WORKERS },
  book: { roles: ['applicant'] },
  recordHeld: { roles: CONSULTATION_WORKERS },
} as const satisfies Record<'publish' | SessionActionName, { roles: readonly Actor['role'][] }>;

export function publishRefusal(s: NewSession, actor: Actor, now: Date): Refusal | undefined {
  const roles: readonly string[] = SESSION_RULES.publish.roles;
  if (!roles.includes(actor.role)) return refuse('forbidden', `publishing a consultation session is for ${roles.join(' or ')}, not ${actor.role}`);
  for (const [i, slot] of s.slots.entries()) {
    if (Date.parse(slot.endsAt) <= Date.parse(slot.startsAt)) return refuse('rule_violation', 'a slot must end after it starts', { field: `body.slots.${i}.endsAt` });
    if (Date.parse(slot.startsAt) <= now.getTime()) return refuse('rule_violation', 'a slot must start in the future', { field: `body.slots.${i}.startsAt` });
  }
  return undefined;
}

export function sessionRefusal(s: SessionCard, action: SessionActionName, actor: Actor, input: { slotId: string }, now: Date): Refusal | undefined {
  const roles: readonly string[] = SESSION_RULES[action].roles;
  if (!roles.includes(actor.role)) return refuse('forbidden', `${action} of a consultation session is for ${roles.join(' or ')}, not ${actor.role}`);
  const slot = s.slots.find((x) => x.id === input.slotId);
  if (!slot) return refuse('rule_violation', `session ${s.id} has no slot ${input.slotId}`, { field: 'body.slotId' });
  if (action === 'book') {
    if (Date.parse(slot.startsAt) <= now.getTime()) return refuse('wrong_status', `slot ${slot.id} has already started`, { field: 'body.slotId' });
    if (slot.bookings.some((b) => b.userId === actor.id)) return refuse('rule_violation', `you have already booked slot ${slot.id}`, { field: 'body.slotId' });
    if (slot.bookings.length >= slot.capacity) return refuse('rule_violation', `slot ${slot.id} is fully booked (${slot.capacity} places)`, { field: 'body.slotId', capacity: slot.capacity });
    return undefined;
  }
  if (slot.held) return refuse('wrong_status', `slot ${slot.id} was recorded as held already`, { field: 'body.slotId' });
  if (Date.parse(slot.startsAt) > now.getTime()) return refuse('rule_violation', `slot ${slot.id} has not started yet`, { field: 'body.slotId' });
  return undefined;
}

/** When a booking's reminder is due; none when the booking came less than the lead before the slot. */
export function bookingReminderAt(slotStartsAt: string, bookedAt: string): Date | undefined {
  const at = Date.parse(slotStartsAt) - SESSION_REMINDER_LEAD_MS;
  return at > Date.parse(bookedAt) ? new Date(at) : undefined;
}

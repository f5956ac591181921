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

/** What the Update validators check beyond the input's shape. */
export function consultationRefusal(card: ConsultationCard, action: ConsultationActionName, actor: Actor): Refusal | undefined {
  const roles: readonly string[] = CONSULTATION_RULES[action].roles;
  if (!roles.includes(actor.role)) return refuse('forbidden', `${action} on a consultation (2.9) is for ${roles.join(' or ')}, not ${actor.role}`, { roles });
  if (actor.role === 'applicant' && !isApplicantOf(card, actor)) return refuse('forbidden', `consultation ${card.number} was asked by another resident`);
  if (!ALLOWED_IN[action].includes(card.status)) {
    return refuse('wrong_status', `consultation ${card.number} is ${card.status}; ${action} needs it ${ALLOWED_IN[action].join(' or ')}`, { status: card.status });
  }
  if (action === 'rate' && card.rating) return refuse('rule_violation', `consultation ${card.number} was rated already`, { field: 'body.score' });
  return undefined;
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

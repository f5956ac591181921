/**
 * The rules of repair works (8.1.6, 8.1.7) as data and pure functions, shared by the repair-works
 * service (registration, before anything starts) and the workflow's Update validators (close,
 * extend, change of addresses), so both refuse with the same reason:
 *
 *   - 8.1.6.1 a planned work is registered at least 24 hours before it starts;
 *   - 8.1.6.2 an emergency work is registered at once: its start may be in the past, not in the future;
 *   - who may act: an executor's staff only for their own organisation, an operator on its behalf;
 *   - 8.1.6 the card is closed when the work ends, with the actual end and a note;
 *   - 8.1.7 extending the end or changing the addresses is an audited transition with a reason.
 *
 * Also: which works explain a call at an address (the place key, the buildings, the categories),
 * and when the executor of an overdue card is reminded (every working day).
 */
import { DateTime } from 'luxon';
import type { Actor } from '../contracts/events.ts';
import type { NewRepairWork, RepairWorkActionName, RepairWorkCard, RepairWorkKind } from '../contracts/repair-works.ts';
import { nextWorkingStart, type WorkingCalendar } from './calendar.ts';
import type { Refusal, RefusalKind } from './lifecycle.ts';

const HOUR_MS = 3_600_000;

/** 8.1.6.1: how far ahead a planned work must be registered. */
export const PLANNED_NOTICE_MS = 24 * HOUR_MS;
/** 8.1.6.2: an emergency "starting" this much later than now is still now (clocks, typing). */
export const EMERGENCY_CLOCK_SLACK_MS = 15 * 60_000;
/** 8.1.6: an actual end this much past now is accepted (clocks differ); later ones are refused. */
export const CLOSE_CLOCK_SLACK_MS = 5 * 60_000;

/** Who may take each step, and under which clause. */
export const REPAIR_WORK_RULES = {
  register: { clause: '8.1.6', roles: ['executor', 'operator'] },
  close: { clause: '8.1.6', roles: ['executor', 'operator'] },
  extend: { clause: '8.1.7', roles: ['executor', 'operator'] },
  changeAddresses: { clause: '8.1.7', roles: ['executor', 'operator'] },
} as const satisfies Record<'register' | RepairWorkActionName, { clause: string; roles: readonly Actor['role'][] }>;

const refuse = (kind: RefusalKind, message: string, details?: Record<string, unknown>): Refusal => ({ kind, message, ...(details ? { details } : {}) });
const ms = (iso: string): number => Date.parse(iso);

/** Who may act for an executor organisation: its own staff, or an operator on its behalf. */
export function standing(step: keyof typeof REPAIR_WORK_RULES, actor: Actor, executorId: string): Refusal | undefined {
  const rule = REPAIR_WORK_RULES[step];
  if (!(rule.roles as readonly string[]).includes(actor.role)) {
    return refuse('forbidden', `${step} of a repair work (${rule.clause}) is for ${rule.roles.join(' or ')}, not ${actor.role}`, { roles: rule.roles });
  }
  if (actor.role === 'executor' && actor.executorId !== executorId) {
    return refuse('forbidden', `an executor registers and closes repair works only for its own organisation (${actor.executorId ?? 'none'}), not for ${executorId}`, {
      executorId,
      field: 'executorId',
    });
  }
  return undefined;
}

/** 8.1.6.1, 8.1.6.2 and the times every work must have: refused before anything is registered. */
export function registrationRefusal(work: Pick<NewRepairWork, 'kind' | 'startsAt' | 'expectedEndAt' | 'executorId'>, actor: Actor, now: Date): Refusal | undefined {
  const who = standing('register', actor, work.executorId);
  if (who) return who;
  const start = ms(work.startsAt);
  const end = ms(work.expectedEndAt);
  const t = now.getTime();
  if (work.kind === 'planned' && start - t < PLANNED_NOTICE_MS) {
    return refuse(
      'rule_violation',
      `8.1.6.1 a planned work is registered at least 24 hours before it starts; this one starts ${start <= t ? 'in the past' : `in ${((start - t) / HOUR_MS).toFixed(1)} h`} (register an emergency as emergency)`,
      { rule: '8.1.6.1', field: 'body.startsAt', earliestStart: new Date(t + PLANNED_NOTICE_MS).toISOString() },
    );
  }
  if (work.kind === 'emergency' && start - t > EMERGENCY_CLOCK_SLACK_MS) {
    return refuse('rule_violation', '8.1.6.2 an emergency work is registered as it happens: its start cannot be in the future (register a future work as planned)', {
      rule: '8.1.6.2',
      field: 'body.startsAt',
    });
  }
  if (end <= start) return refuse('rule_violation', 'the expected end must be after the start', { field: 'body.expectedEndAt' });
  if (end <= t) return refuse('rule_violation', 'the expected end must be in the future (close the work instead if it has ended)', { field: 'body.expectedEndAt' });
  return undefined;
}

/**
 * The categories a work names that belong to another executor (the Classifier's `executorId`).
 * Intake links a resident's call of a category at the work's address to the work, so an executor
 * naming another organisation's categories would take over their calls; only the Contact Center
 * (an operator) may register a work explaining another executor's categories.
 */
export function foreignCategories(categories: readonly { code: string; executorId: string }[], executorId: string, actor: Pick<Actor, 'role'>): string[] {
  if (actor.role === 'operator') return [];
  return categories.filter((c) => c.executorId !== executorId).map((c) => c.code);
}

/** What the workflow's Update validators check, beyond the input's shape. */
export function actionRefusal(card: RepairWorkCard, action: RepairWorkActionName, actor: Actor, input: Record<string, unknown>, now: Date): Refusal | undefined {
  const who = standing(action, actor, card.executorId);
  if (who) return who;
  if (card.status === 'closed') return refuse('wrong_status', `repair work ${card.id} was closed at ${card.actualEndAt ?? card.history.at(-1)?.at ?? '?'}; its card takes no more changes (8.1.7)`, { status: card.status });
  const t = now.getTime();
  switch (action) {
    case 'close': {
      const end = ms(String(input.actualEndAt));
      if (end > t + CLOSE_CLOCK_SLACK_MS) return refuse('rule_violation', '8.1.6 the card is closed when the work has ended: the actual end cannot be in the future', { field: 'body.actualEndAt' });
      if (end < ms(card.startsAt)) return refuse('rule_violation', `the actual end cannot be before the start (${card.startsAt})`, { field: 'body.actualEndAt', startsAt: card.startsAt });
      return undefined;
    }
    case 'extend': {
      const end = ms(String(input.expectedEndAt));
      if (end <= t) return refuse('rule_violation', 'the new expected end must be in the future', { field: 'body.expectedEndAt' });
      if (end <= ms(card.startsAt)) return refuse('rule_violation', 'the new expected end must be after the start', { field: 'body.expectedEndAt' });
      if (end === ms(card.expectedEndAt)) return refuse('rule_violation', 'the new expected end is the one already recorded', { field: 'body.expectedEndAt' });
      return undefined;
    }
    case 'changeAddresses':
      return undefined;
  }
}

// ─── Matching a call to a known outage ───────────────────────────────────────────────────────────

const norm = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('uk-UA');

/** District and street as people type them (case and spacing ignored): one indexed equality finds a street's works. */
export function placeKey(district: string, street: string): string {
  return `${norm(district)}|${norm(street)}`;
}

/** Whether a work affects a building of its street (no buildings listed: the whole street). */
export function affectsBuilding(work: Pick<RepairWorkCard, 'buildings'>, building: string | undefined): boolean {
  if (building === undefined || work.buildings.length === 0) return true;
  const b = norm(building);
  return work.buildings.some((x) => norm(x) === b);
}

/** Whether a work explains a call of this category (no categories listed: any category). */
export function explainsCategory(work: Pick<RepairWorkCard, 'categoryCodes'>, categoryCode: string | undefined): boolean {
  if (categoryCode === undefined || work.categoryCodes.length === 0) return true;
  const c = categoryCode.trim().toUpperCase();
  return work.categoryCodes.some((x) => x.trim().toUpperCase() === c);
}

/** A work is active from its start until it is closed (past its expected end it is overdue, not over). */
export function isActiveAt(work: Pick<RepairWorkCard, 'status' | 'startsAt' | 'actualEndAt'>, at: Date): boolean {
  const t = at.getTime();
  if (ms(work.startsAt) > t) return false;
  if (work.status !== 'closed') return true;
  return work.actualEndAt !== undefined && ms(work.actualEndAt) > t;
}

/** The works of a street that explain a call: active at `at`, at the building, of the category; emergencies first, then by start. */
export function worksExplaining<W extends Pick<RepairWorkCard, 'status' | 'startsAt' | 'actualEndAt' | 'buildings' | 'categoryCodes' | 'kind'>>(
  works: readonly W[],
  call: { building?: string; categoryCode?: string; at: Date },
): W[] {
  const rank = (k: RepairWorkKind): number => (k === 'emergency' ? 0 : 1);
  return works
    .filter((w) => isActiveAt(w, call.at) && affectsBuilding(w, call.building) && explainsCategory(w, call.categoryCode))
    .sort((a, b) => rank(a.kind) - rank(b.kind) || ms(b.startsAt) - ms(a.startsAt));
}

// ─── Reminders of an overdue card ─────────────────────────────────────────────────────────────────

/** The start of the first working period on a later calendar day than `after` (in the calendar's zone). */
export function nextReminderAt(cal: WorkingCalendar, after: Date): Date {
  const nextDay = DateTime.fromJSDate(after, { zone: cal.timeZone }).startOf('day').plus({ days: 1 });
  return nextWorkingStart(cal, nextDay.toJSDate());
}

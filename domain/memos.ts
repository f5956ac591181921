/**
 * The rules of the 5.7 memo as data and pure functions: who may take each step from which status,
 * what it leads to, when the managers are reminded of a memo still waiting for their decision, and
 * the clock on ICT once a memo is approved (a reminder to ICT, then an escalation to the managers).
 * The memo workflow runs `memoActionRefusal` in every Update's validator (a refused step leaves no
 * trace) and again when the step runs; docs/regulation.md mirrors the table.
 */
import type { Actor } from '../contracts/events.ts';
import type { MemoActionName, MemoCard, MemoStatus } from '../contracts/memos.ts';
import { deadlineFrom, type Term, type WorkingCalendar } from './calendar.ts';
import type { Refusal, Role } from './lifecycle.ts';

/** One step's rule: the clause, who may take it, from which statuses, and where it leads. */
export interface MemoRule {
  clause: string;
  roles: readonly Role[];
  from: readonly MemoStatus[];
  /** The status after the step (for `decide`: approve → the first, reject → the second). */
  to: readonly MemoStatus[];
  effect: string;
}

/** The memo as data: the worker's refusal, the manager's decision, ICT's block and audited unblock. */
export const MEMO_RULES = {
  create: { clause: '5.7', roles: ['operator'], from: [], to: ['pending_approval'], effect: 'the refusal is recorded (no request number) and the managers are asked to approve the memo' },
  decide: {
    clause: '5.7',
    roles: ['manager'],
    from: ['pending_approval'],
    to: ['approved', 'rejected'],
    effect: 'approve: ICT is asked to block the number; reject: the memo ends, nothing is blocked',
  },
  block: { clause: '5.7', roles: ['ict'], from: ['approved'], to: ['blocked'], effect: 'registrations from the number are refused (403 phone_blocked)' },
  unblock: { clause: '5.7', roles: ['ict'], from: ['blocked'], to: ['unblocked'], effect: 'the number may file again; who, when and why stay in the memo history' },
} as const satisfies Record<'create' | MemoActionName, MemoRule>;

/** Statuses after which a memo takes no more steps (its workflow ends). */
export const MEMO_FINAL_STATUSES: readonly MemoStatus[] = ['rejected', 'unblocked'];

export const isMemoFinal = (status: MemoStatus): boolean => MEMO_FINAL_STATUSES.includes(status);

/** 5.7: the managers are reminded once a memo has waited this long for their decision. */
export const MEMO_REMINDER_AFTER: Term = { amount: 1, unit: 'working_days' };

/** When the managers are reminded of a memo written at `createdAt` (the end of the next working day, on the working calendar). */
export function memoReminderAt(cal: WorkingCalendar, createdAt: Date): Date {
  return deadlineFrom(cal, createdAt, MEMO_REMINDER_AFTER);
}

/**
 * 5.7: the clock on ICT once a manager approves a memo. Each stage waits a working day after the one
 * before it (the approval, then the reminder) on the working calendar; ICT's block clears both. The
 * escalation goes to the next role up: the managers, the one who approved among them.
 */
export const MEMO_ICT_CLOCK = {
  remind: { clause: '5.7', after: { amount: 1, unit: 'working_days' }, since: 'approval', notify: 'ict', action: 'ict_block_reminder', event: 'memo.ict_block_reminder' },
  escalate: { clause: '5.7', after: { amount: 1, unit: 'working_days' }, since: 'remind', notify: 'manager', action: 'ict_block_escalation', event: 'memo.ict_block_escalation' },
} as const satisfies Record<'remind' | 'escalate', { clause: string; after: Term; since: string; notify: Role; action: string; event: `memo.${string}` }>;

export type MemoIctStage = keyof typeof MEMO_ICT_CLOCK;

/** When ICT is reminded of an approved memo's unblocked number, and when the managers hear it is still not blocked. */
export function memoIctClock(cal: WorkingCalendar, approvedAt: Date): Record<MemoIctStage, Date> {
  const remind = deadlineFrom(cal, approvedAt, MEMO_ICT_CLOCK.remind.after);
  return { remind, escalate: deadlineFrom(cal, remind, MEMO_ICT_CLOCK.escalate.after) };
}

/** The stage of the ICT clock due next for a memo in `status` with these pending instants (none once the number is blocked). */
export function memoIctDue(status: MemoStatus, pending: { ictRemindAt?: string; ictEscalateAt?: string }): { stage: MemoIctStage; at: string } | undefined {
  if (status !== 'approved') return undefined;
  if (pending.ictRemindAt) return { stage: 'remind', at: pending.ictRemindAt };
  if (pending.ictEscalateAt) return { stage: 'escalate', at: pending.ictEscalateAt };
  return undefined;
}

const refuse = (kind: Refusal['kind'], message: string, details?: Record<string, unknown>): Refusal => ({ kind, message, ...(details ? { details } : {}) });

/** Whether `actor` may take `step` at all. */
export function memoStanding(step: keyof typeof MEMO_RULES, actor: Pick<Actor, 'role'>): Refusal | undefined {
  const rule = MEMO_RULES[step];
  if ((rule.roles as readonly string[]).includes(actor.role)) return undefined;
  return refuse('forbidden', `${step} of a memo (${rule.clause}) is for ${rule.roles.join(' or ')}, not ${actor.role}`, { roles: rule.roles });
}

/** What the memo workflow's Update validators check beyond the input's shape: the role, then the status. */
export function memoActionRefusal(card: Pick<MemoCard, 'id' | 'status'>, action: MemoActionName, actor: Pick<Actor, 'role'>): Refusal | undefined {
  const who = memoStanding(action, actor);
  if (who) return who;
  const rule = MEMO_RULES[action];
  if (!(rule.from as readonly MemoStatus[]).includes(card.status)) {
    return refuse('wrong_status', `memo ${card.id} is ${card.status}; ${action} needs it ${rule.from.join(' or ')}`, { status: card.status, expected: rule.from });
  }
  return undefined;
}

const AWAITED: Record<MemoStatus, string> = {
  pending_approval: "the manager's decision (5.7)",
  approved: "ICT's block of the number (5.7)",
  blocked: 'nothing (an unblock by ICT, with a reason, is audited)',
  rejected: 'nothing',
  unblocked: 'nothing',
};

/** What a memo waits for, in a phrase (Temporal UI details). */
export const memoAwaited = (status: MemoStatus): string => AWAITED[status];

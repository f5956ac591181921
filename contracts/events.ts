/**
 * Domain events on JetStream (stream CC_EVENTS, subjects `cc.events.<aggregate>.<name>`).
 * Every message is an envelope `{id, type, occurredAt, actor, data}`; `id` is a uuid and also the
 * Nats-Msg-Id, so a re-published event is dropped by the stream and ignored by consumers.
 * Subjects and type names are a wire contract — DO NOT RENAME one without a migration.
 */
import { z } from 'zod';
import { actorSchema } from './actor.ts';
import { SUBJECTS } from './wire.ts';

// Who acts lives in its own small module, so the workflows' bundle does not build every event schema
// each time it instantiates a workflow (docs/performance.md, "The worker's CPU").
export { actorSchema, SYSTEM_ACTOR, type Actor } from './actor.ts';

/** What every request event carries about its request, so consumers need no second look-up. */
export const requestSummarySchema = z.object({
  number: z.string(),
  status: z.string(),
  channel: z.enum(['phone', 'web']),
  categoryCode: z.string(),
  categoryName: z.string().optional(),
  executorId: z.string(),
  executor: z.object({ id: z.string(), name: z.string(), email: z.string().optional() }),
  district: z.string(),
  address: z.object({ district: z.string(), street: z.string(), building: z.string(), apartment: z.string().optional() }),
  applicant: z.object({ name: z.string(), phone: z.string(), email: z.string().optional() }),
  description: z.string(),
  registeredAt: z.string(),
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
  /** 9.2.3: the earlier request this one repeats (reports count repeated requests). */
  repeatOf: z.string().optional(),
});
export type RequestSummary = z.infer<typeof requestSummarySchema>;

/** Request event types (subject `cc.events.request.<type>`). */
export const REQUEST_EVENT_TYPES = [
  'registered', // 5.12: numbered and routed; executor and applicant are told
  'accepted', // 8.1.2
  'acceptance_reminder', // 8.1.2: still not accepted after the first working hour
  'comment_added', // 8.1.3, 9.2.3
  'executor_change_requested', // 8.2.1
  'executor_changed', // 8.2.1: the new executor is told
  'executor_change_rejected',
  'additional_control_requested', // 8.2.2
  'additional_control_approved',
  'additional_control_rejected',
  'manager_approval_requested', // 8.2.2: an extension after a missed additional-control term needs the manager (details.notify: the managers)
  'manager_approval_reminder', // 8.2.2: the sign-off still waits after a working day (details.notify)
  'strategic_plan_requested', // 8.2.3
  'strategic_plan_approved',
  'strategic_plan_rejected',
  'closure_proposed', // 7.5, 8.3
  'closure_reviewable', // 9.2.4: a proposal made out of hours can be reviewed now (details.notify: the operators' queue)
  'closed', // 9.2.4 approve: the applicant gets the 7.5 result
  'returned_for_rework', // 9.2.4, 9.2.5, 10.2.2: the executor is told (10.3)
  'deadline_reminder',
  'overdue',
  'rated', // 10.1
  'rating_disputed', // 10.2.1
  'rating_dismissed',
  'inspection_scheduled', // 9.2.3
  'inspection_held', // 9.2.3: the commission's findings
  'repeated', // 9.2.3: a later request repeats this one; it stays on control and its executor is told
  'applicant_not_confirmed', // 9.2.3: the applicant did not confirm; from rules revision 3 returned_for_rework follows at once (before: the operator decided, 9.2.4)
  'completed', // the rating window ended; the lifecycle is over
  'applicant_confirmation_requested', // 9.2.3: a repeated request closes only when the applicant confirms
  'applicant_confirmed', // 9.2.3
  'spot_checked', // 9.2.5: details.confirmed; a failed check is followed by returned_for_rework
  'co_executor_involved', // 8.2.1: another executor brought in for a part (details.coExecutor, task): it is told
  'part_proposed', // 8.2.1: a co-executor proposed its part done (details.executorId, result, remaining)
  'awaiting_reminder', // who must act has not (details.awaiting, clause, role, notify): 9.2.4, 8.2.x, 8.2.3, 10.2.1
  'awaiting_escalated', // still not after another working day: the next role up is told (details.role, notify)
] as const;
export type RequestEventType = (typeof REQUEST_EVENT_TYPES)[number];

export const requestEventSchema = z.object({
  id: z.string().uuid(),
  type: z.enum(REQUEST_EVENT_TYPES.map((t) => `request.${t}` as const) as [`request.${RequestEventType}`, ...`request.${RequestEventType}`[]]),
  occurredAt: z.string().datetime({ offset: true }),
  actor: actorSchema,
  data: z.object({
    request: requestSummarySchema,
    /** Version of the request's read model this event belongs to (ordering, idempotency). */
    version: z.number().int().nonnegative(),
    /** Type-specific details: reason, note, new deadline, result fields (7.5), rating… */
    details: z.record(z.string(), z.unknown()).default({}),
  }),
});
export type RequestEvent = z.infer<typeof requestEventSchema>;

/** 5.7 refusal memos and number blocking. */
export const MEMO_EVENT_TYPES = [
  'created', // the managers are asked to approve (data.notify)
  'approved', // ICT is asked to block the number (data.notify)
  'rejected',
  'number_blocked',
  'number_unblocked', // audited: who, when and why (data.note)
  'approval_reminder', // a working day passed without the managers' decision (data.notify)
  'ict_block_reminder', // a working day passed after the approval without ICT's block (data.notify: ICT)
  'ict_block_escalation', // two working days without ICT's block (data.notify: the managers)
] as const;
export const memoEventSchema = z.object({
  id: z.string().uuid(),
  type: z.enum(MEMO_EVENT_TYPES.map((t) => `memo.${t}` as const) as [`memo.${(typeof MEMO_EVENT_TYPES)[number]}`]),
  occurredAt: z.string().datetime({ offset: true }),
  actor: actorSchema,
  data: z.object({
    memoId: z.string(),
    phone: z.string(),
    reason: z.string(),
    text: z.string(),
    status: z.string(),
    note: z.string().optional(),
    /** Version of the memo's card this event belongs to (ordering, idempotency); absent on events recorded before the memo workflow. */
    version: z.number().int().nonnegative().optional(),
    /** Who must act on it (managers for `memo.created`, `memo.approval_reminder` and `memo.ict_block_escalation`, ICT for `memo.approved` and `memo.ict_block_reminder`). */
    notify: z.array(z.string().email()).default([]),
  }),
});
export type MemoEvent = z.infer<typeof memoEventSchema>;

export const anyEventSchema = z.union([requestEventSchema, memoEventSchema]);
export type AnyEvent = z.infer<typeof anyEventSchema>;

/** `request.closed` → `cc.events.request.closed`. */
export const subjectOf = (type: string): string => `${SUBJECTS.eventPrefix}.${type}`;

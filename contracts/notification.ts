/**
 * The notification service's staff read-out over NATS request/reply: the delivery log (who was
 * told what, when, after how many attempts) and the parked messages (events that could not be
 * delivered and wait for a person), plus re-driving a parked message. The gateway's staff routes
 * call these subjects and map a reply's `error.code` to HTTP (invalid_input 400, not_found 404,
 * unprocessable 422, internal 500).
 * Subjects are wire names — DO NOT RENAME one without a migration (deployed gateways call them).
 */
import { z } from 'zod';

// The subjects are wire names, kept with the others in contracts/wire.ts.
export { NOTIFICATION_SUBJECTS } from './wire.ts';

/** An SMS the gateway asks for directly: it is not an event, so it is neither on the stream nor in the delivery log. */
export const directSmsSchema = z.object({
  to: z.string().regex(/^\+\d{10,15}$/, 'an E.164 phone number'),
  text: z.string().min(1).max(320),
  /** What it is, for the log (the text itself is not logged by the service). */
  purpose: z.enum(['phone_verification', 'registration']),
});
export type DirectSms = z.infer<typeof directSmsSchema>;
export const directSmsResultSchema = z.object({ providerMessageId: z.string().optional() });

export const CHANNELS = ['email', 'sms'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/** Who a notification is for (stored in the delivery log: add, do not rename). */
export const RECIPIENT_ROLES = ['executor', 'applicant', 'manager', 'ict', 'operator', 'admin'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** Template names: stored in the delivery log, so they are data — add, do not rename. */
export const TEMPLATES = [
  'executor.new_request', // 5.12
  'executor.acceptance_reminder', // 8.1.2
  'executor.reassigned', // 8.2.1
  'executor.decision', // 8.2.1, 8.2.2, 8.2.3: the operator decided on the executor's request
  'executor.rework', // 10.3
  'executor.deadline_reminder',
  'executor.overdue',
  'applicant.registered', // 5.12
  'applicant.closed', // 7.5
  'applicant.rework', // 9.2.4, 9.2.5, 10.2.2
  'applicant.confirmation_requested', // 9.2.3: a repeated request closes only on the applicant's word
  'executor.repeated', // 9.2.3: a later request repeats one of the executor's requests
  'manager.extension_to_sign_off', // 8.2.2: a further extension waits for the manager
  'manager.extension_reminder', // 8.2.2: still waiting after a working day
  'operator.closure_reviewable', // 9.2.4: a proposal made out of hours can be reviewed now
  'manager.memo_to_approve', // 5.7
  'ict.number_to_block', // 5.7
  'manager.memo_reminder', // 5.7: the memo still waits for a decision after a working day
  'ict.block_reminder', // 5.7: the approved memo's number is still not blocked after a working day
  'manager.block_overdue', // 5.7: ICT has not blocked the number for two working days
  'executor.repair_work_overdue', // 8.1.6: a repair-work card past its expected end and not closed
  'executor.repair_work_reminder', // 8.1.6: every working day while it stays so
  'executor.linked_work_closed', // 8.1.6: the repair work that explained its requests has ended (with their list)
  'applicant.consultation_answered', // 2.9: a worker answered the resident's question (the answer, never an internal note)
  'applicant.consultation_converted', // 2.9: the question became a request (its number)
  'operator.consultation_reply_due', // 2.9: a question's reply is due soon
  'operator.consultation_overdue', // 2.9: a question's reply deadline passed
  'applicant.session_booked', // 2.9: a consultation session slot booked
  'applicant.session_reminder', // 2.9: the booked slot is tomorrow
  'staff.awaiting_reminder', // 9.2.4, 8.2.x, 8.2.3, 10.2.1: the operator, manager or admin who must act has not yet
  'staff.awaiting_escalated', // the one reminded still has not: the next role up is told
  'executor.planned_works_due', // 8.2.3: the СЕР planned date passed: propose closure or report on the works
  'executor.co_executor_task', // 8.2.1: an executor brought in as a co-executor: its task, the term, and that it proposes its part
  'executor.co_executor_added', // 8.2.1: the request's executor: a co-executor was brought in beside it
  'executor.part_proposed', // 8.2.1: the request's executor: a co-executor's part is done, who is still pending
] as const;
export type TemplateName = (typeof TEMPLATES)[number];

/**
 * A delivery's outcome: `sending` (claimed by a sender, under a lease), `sent`, `failed` (will be
 * retried), `parked` (retries exhausted or refused by the server; see the parked messages),
 * `skipped` (no address to send to — `lastError` says why).
 */
export const DELIVERY_STATUSES = ['sending', 'sent', 'failed', 'parked', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const isoInstant = z.string().datetime({ offset: true });
const page = z.coerce.number().int().min(1).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(50);

export const deliveriesQuerySchema = z
  .object({
    requestNumber: z.string().min(1).optional(),
    memoId: z.string().min(1).optional(),
    eventId: z.string().min(1).optional(),
    recipient: z.string().min(1).optional(),
    status: z.enum(DELIVERY_STATUSES).optional(),
    template: z.enum(TEMPLATES).optional(),
    channel: z.enum(CHANNELS).optional(),
    /** Deliveries logged at or after this instant. */
    from: isoInstant.optional(),
    /** Deliveries logged before this instant. */
    to: isoInstant.optional(),
    page,
    pageSize,
  })
  .strict();
export type DeliveriesQuery = z.infer<typeof deliveriesQuerySchema>;

export const deliverySchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  requestNumber: z.string().optional(),
  memoId: z.string().optional(),
  role: z.enum(RECIPIENT_ROLES),
  channel: z.enum(CHANNELS),
  recipient: z.string(),
  template: z.enum(TEMPLATES),
  subject: z.string().optional(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().optional(),
  /** The id the SMTP server (or SMS provider) gave the message. */
  providerMessageId: z.string().optional(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  sentAt: isoInstant.optional(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveriesPageSchema = z.object({
  items: z.array(deliverySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type DeliveriesPage = z.infer<typeof deliveriesPageSchema>;

/** Why a message was parked: it failed validation, the SMTP server refused it for good, or retries ran out. */
export const PARK_REASONS = ['malformed', 'rejected', 'retries_exhausted'] as const;
export type ParkReason = (typeof PARK_REASONS)[number];

export const PARKED_STATUSES = ['parked', 'redriven'] as const;

export const parkedQuerySchema = z
  .object({
    status: z.enum(PARKED_STATUSES).default('parked'),
    eventId: z.string().min(1).optional(),
    page,
    pageSize,
  })
  .strict();
export type ParkedQuery = z.infer<typeof parkedQuerySchema>;

export const parkedMessageSchema = z.object({
  id: z.string(),
  /** The durable consumer and stream sequence it came from. */
  consumer: z.string(),
  streamSeq: z.number().int(),
  subject: z.string(),
  eventId: z.string().optional(),
  eventType: z.string().optional(),
  reason: z.enum(PARK_REASONS),
  error: z.string(),
  deliveries: z.number().int(),
  status: z.enum(PARKED_STATUSES),
  parkedAt: isoInstant,
  redrivenAt: isoInstant.optional(),
  redriveAttempts: z.number().int(),
  lastRedriveError: z.string().optional(),
  /** The message as received (JSON text, or whatever arrived). */
  payload: z.string(),
});
export type ParkedMessage = z.infer<typeof parkedMessageSchema>;

export const parkedPageSchema = z.object({
  items: z.array(parkedMessageSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ParkedPage = z.infer<typeof parkedPageSchema>;

export const redriveInputSchema = z.object({ id: z.string().min(1) }).strict();
export type RedriveInput = z.infer<typeof redriveInputSchema>;

export const STAFF_ERROR_CODES = ['invalid_input', 'not_found', 'unprocessable', 'internal'] as const;
export const staffErrorSchema = z.object({
  code: z.enum(STAFF_ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
});
export type StaffError = z.infer<typeof staffErrorSchema>;

/** Every reply: `{ok: true, data}` or `{ok: false, error}`. */
export const staffReply = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), z.object({ ok: z.literal(false), error: staffErrorSchema })]);
export type StaffReply<T> = { ok: true; data: T } | { ok: false; error: StaffError };

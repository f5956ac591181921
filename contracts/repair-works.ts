/**
 * The repair-works contract (8.1.6, 8.1.7, 2.8): the card of a planned or emergency work, the
 * workflow's start input and Updates, the news items, and the commands the gateway and intake send
 * the repair-works service over NATS request/reply (subject SUBJECTS.repairWorks). Update, query and
 * field names are wire names — add fields, DO NOT RENAME (running workflows and deployed gateways
 * refer to them).
 */
import { z } from 'zod';
import { actorSchema } from './actor.ts';
import { executorRefSchema, repairWorkLinkSchema, type RepairWorkLink } from './request.ts';

export const REPAIR_WORK_KINDS = ['planned', 'emergency'] as const;
export const repairWorkKindSchema = z.enum(REPAIR_WORK_KINDS);
export type RepairWorkKind = z.infer<typeof repairWorkKindSchema>;

/** planned → in_progress (the start timer) → closed (the executor's Update). */
export const REPAIR_WORK_STATUSES = ['planned', 'in_progress', 'closed'] as const;
export const repairWorkStatusSchema = z.enum(REPAIR_WORK_STATUSES);
export type RepairWorkStatus = z.infer<typeof repairWorkStatusSchema>;

export const REPAIR_WORK_KIND_LABELS_UK: Record<RepairWorkKind, string> = { planned: 'Планові роботи', emergency: 'Аварійні роботи' };
export const REPAIR_WORK_STATUS_LABELS_UK: Record<RepairWorkStatus, string> = { planned: 'Заплановано', in_progress: 'Виконуються', closed: 'Завершено' };

const isoInstant = z.string().datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);

/** The addresses a work affects: one street of one district; no buildings = the whole street. */
export const affectedSchema = z.object({
  district: text(64),
  street: text(200),
  buildings: z.array(text(20)).max(200).default([]),
});
export type Affected = z.infer<typeof affectedSchema>;

/** 8.1.7: who made an entry, as recorded for ever. */
export const authorSchema = z.object({ id: z.string(), role: z.string(), name: z.string().optional(), executorId: z.string().optional() });
export type Author = z.infer<typeof authorSchema>;

export const repairWorkHistoryEntrySchema = z.object({
  at: isoInstant,
  actor: authorSchema,
  action: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  note: z.string().optional(),
  /** For audited changes (8.1.7): what the field held before and what it holds now. */
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).optional(),
});
export type RepairWorkHistoryEntry = z.infer<typeof repairWorkHistoryEntrySchema>;

/** The repair-work card: the workflow's query result and the read model's document. */
export const repairWorkCardSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  kind: repairWorkKindSchema,
  status: repairWorkStatusSchema,
  executorId: z.string(),
  executor: executorRefSchema,
  district: z.string(),
  street: z.string(),
  buildings: z.array(z.string()),
  /** Classifier categories the work explains (cold water, heating…): calls about them at these addresses are linked to it. */
  categoryCodes: z.array(z.string()),
  title: z.string(),
  description: z.string(),
  startsAt: isoInstant,
  expectedEndAt: isoInstant,
  actualEndAt: isoInstant.optional(),
  closeNote: z.string().optional(),
  overdue: z.boolean(),
  registeredAt: isoInstant,
  /** 8.1.7: who registered it (an operator on an executor's behalf, or the executor's own staff). */
  registeredBy: authorSchema,
  /** When an operator registered it: the executor's person who reported it (both names are recorded). */
  reportedBy: z.string().optional(),
  closedBy: authorSchema.optional(),
  /** How many reminders the executor got since the card became overdue. */
  reminders: z.number().int(),
  history: z.array(repairWorkHistoryEntrySchema),
});
export type RepairWorkCard = z.infer<typeof repairWorkCardSchema>;

/** The card as the API shows it: plus how many requests were linked to the work. */
export const repairWorkViewSchema = repairWorkCardSchema.extend({ linkedRequests: z.number().int().nonnegative() });
export type RepairWorkView = z.infer<typeof repairWorkViewSchema>;

/** What the public feed shows of a work (2.8): no authors, no history. */
export const publicRepairWorkSchema = repairWorkCardSchema.pick({
  id: true,
  kind: true,
  status: true,
  executor: true,
  district: true,
  street: true,
  buildings: true,
  categoryCodes: true,
  title: true,
  description: true,
  startsAt: true,
  expectedEndAt: true,
  actualEndAt: true,
  overdue: true,
});
export type PublicRepairWork = z.infer<typeof publicRepairWorkSchema>;

export const toPublicWork = (c: RepairWorkCard): PublicRepairWork => publicRepairWorkSchema.parse(c);

/** DESIGN §6 `POST /repair-works`. */
export const newRepairWorkSchema = z.object({
  kind: repairWorkKindSchema,
  executorId: z.string().trim().min(1).max(64),
  district: text(64),
  street: text(200),
  buildings: z.array(text(20)).max(200).default([]),
  categoryCodes: z.array(z.string().trim().min(1).max(32)).max(20).default([]),
  title: z.string().trim().min(1).max(200).optional(),
  description: text(4000),
  startsAt: isoInstant,
  expectedEndAt: isoInstant,
  reportedBy: z.string().trim().min(1).max(200).optional(),
});
export type NewRepairWork = z.infer<typeof newRepairWorkSchema>;

/** Input of the repair-work workflow: what the service validated and resolved. */
export const startRepairWorkSchema = z.object({
  id: z.string(),
  kind: repairWorkKindSchema,
  executor: executorRefSchema,
  district: z.string(),
  street: z.string(),
  buildings: z.array(z.string()),
  categoryCodes: z.array(z.string()),
  title: z.string(),
  description: z.string(),
  startsAt: isoInstant,
  expectedEndAt: isoInstant,
  registeredAt: isoInstant,
  reportedBy: z.string().optional(),
  actor: actorSchema,
});
export type StartRepairWork = z.infer<typeof startRepairWorkSchema>;

/** A request linked to the work, as the close event lists it for the executors to be told. */
export const linkedRequestSchema = z.object({ number: z.string(), status: z.string(), executorId: z.string(), executorName: z.string().optional(), executorEmail: z.string().optional() });
export type LinkedRequest = z.infer<typeof linkedRequestSchema>;

/** The Updates' inputs (HTTP bodies), one per action. */
export const repairWorkActionInputs = {
  /** 8.1.6: the executor closes the card when the work ends. */
  close: z.object({ actualEndAt: isoInstant, note: text(2000) }),
  /** 8.1.7: an audited extension of the expected end. */
  extend: z.object({ expectedEndAt: isoInstant, reason: text(2000) }),
  /** 8.1.7: an audited change of the affected addresses. */
  changeAddresses: z.object({ street: text(200).optional(), buildings: z.array(text(20)).max(200), reason: text(2000) }),
} as const;
export type RepairWorkActionName = keyof typeof repairWorkActionInputs;
export type RepairWorkActionInput<A extends RepairWorkActionName> = z.infer<(typeof repairWorkActionInputs)[A]>;

export interface RepairWorkActionArg<A extends RepairWorkActionName> {
  actor: z.infer<typeof actorSchema>;
  input: RepairWorkActionInput<A>;
  /** For close: the open requests linked to the work, resolved by the service, for the executors to be told. */
  linked?: LinkedRequest[];
}

export const REPAIR_WORK_WORKFLOW_TYPE = 'repairWorkWorkflow';
export const REPAIR_WORK_UPDATES: Record<RepairWorkActionName, string> = { close: 'closeRepairWork', extend: 'extendRepairWork', changeAddresses: 'changeRepairWorkAddresses' };
export const REPAIR_WORK_REGISTRATION_UPDATE = 'repairWorkRegistration';
export const REPAIR_WORK_QUERY_CARD = 'repairWorkCard';

/** The one-line static summary the Temporal UI shows for a work. */
export function repairWorkStaticSummary(w: Pick<StartRepairWork, 'id' | 'kind' | 'district' | 'street' | 'buildings' | 'executor'>): string {
  return `${w.id} · ${w.kind} · ${w.district}, ${w.street}${w.buildings.length ? ` ${w.buildings.join(', ')}` : ''} · ${w.executor.name}`;
}

// ─── News (2.8, 9.1.3.2) ────────────────────────────────────────────────────────────────────────

export const newNewsSchema = z
  .object({
    title: text(300),
    body: text(10_000),
    /** When it appears in the public feed; now when not given. */
    publishFrom: isoInstant.optional(),
    /** When it leaves the public feed; never when not given. */
    publishUntil: isoInstant.optional(),
  })
  .superRefine((n, ctx) => {
    if (n.publishFrom && n.publishUntil && Date.parse(n.publishUntil) <= Date.parse(n.publishFrom)) {
      ctx.addIssue({ code: 'custom', path: ['publishUntil'], message: 'must be after publishFrom' });
    }
  });
export type NewNews = z.infer<typeof newNewsSchema>;

export const newsItemSchema = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  publishFrom: isoInstant,
  publishUntil: isoInstant.optional(),
  createdAt: isoInstant,
  author: authorSchema,
});
export type NewsItem = z.infer<typeof newsItemSchema>;
export const publicNewsItemSchema = newsItemSchema.omit({ author: true });

// ─── The service's commands (NATS request/reply) ─────────────────────────────────────────────────

const page = { page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) };

/** Filters of the staff list and of the public feed. */
export const repairWorkFilterSchema = z.object({
  district: z.string().max(64).optional(),
  street: z.string().max(200).optional(),
  building: z.string().max(20).optional(),
  kind: repairWorkKindSchema.optional(),
  status: repairWorkStatusSchema.optional(),
  executorId: z.string().max(64).optional(),
  overdue: z.boolean().optional(),
  /** Works going on at this instant (started, not ended). */
  activeAt: isoInstant.optional(),
  /** The public feed: only works not closed (current and upcoming). */
  openOnly: z.boolean().default(false),
});
export type RepairWorkFilter = z.infer<typeof repairWorkFilterSchema>;

export const repairWorkCommandSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('register'),
    actor: actorSchema,
    work: newRepairWorkSchema,
    /** The client's `Idempotency-Key`: a retry with the same key gets the same work, never a second one. */
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
  }),
  z.object({ op: z.literal('get'), id: z.string().min(1).max(64) }),
  z.object({ op: z.literal('list'), filter: repairWorkFilterSchema, ...page }),
  z.object({ op: z.literal('act'), id: z.string().min(1).max(64), action: z.enum(['close', 'extend', 'changeAddresses']), actor: actorSchema, input: z.record(z.string(), z.unknown()) }),
  /** During a call: the open works at an address (and, with categoryCode, of that category) now. */
  z.object({ op: z.literal('active'), district: z.string().min(1).max(64), street: z.string().min(1).max(200), building: z.string().max(20).optional(), categoryCode: z.string().max(32).optional(), at: isoInstant.optional() }),
  /** Intake, on registration: the active work that explains the request, recorded as linked to it. */
  z.object({
    op: z.literal('link'),
    number: z.string().min(1).max(64),
    categoryCode: z.string().min(1).max(32),
    district: z.string().min(1).max(64),
    street: z.string().min(1).max(200),
    building: z.string().min(1).max(20),
    at: isoInstant,
  }),
  /** The requests linked to a work (numbers, oldest first). */
  z.object({ op: z.literal('linked'), id: z.string().min(1).max(64) }),
  z.object({ op: z.literal('postNews'), actor: actorSchema, news: newNewsSchema }),
  z.object({ op: z.literal('listNews'), at: isoInstant.optional(), ...page }),
]);
export type RepairWorkCommand = z.input<typeof repairWorkCommandSchema>;

/** A refusal with the HTTP status the gateway answers with. */
export const repairWorkErrorSchema = z.object({
  status: z.number().int().min(400).max(599),
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type RepairWorkError = z.infer<typeof repairWorkErrorSchema>;

export const repairWorkReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: repairWorkErrorSchema }),
]);
export type RepairWorkReply = z.infer<typeof repairWorkReplySchema>;

/** What a request card and registration reply say about the work a call was linked to (defined with the request). */
export { repairWorkLinkSchema, type RepairWorkLink };

/** What a registration answers: the card, and whether it is a replay of an earlier one with the same Idempotency-Key. */
export const registeredWorkSchema = z.object({ work: repairWorkViewSchema, replayed: z.boolean() });

export const workPageSchema = z.object({ items: z.array(repairWorkViewSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const publicWorkPageSchema = z.object({ items: z.array(publicRepairWorkSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const newsPageSchema = z.object({ items: z.array(publicNewsItemSchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

// ─── Events (subject `cc.events.repair_work.<type>`) ─────────────────────────────────────────────

/** Repair-work event types: a wire contract, DO NOT RENAME. */
export const REPAIR_WORK_EVENT_TYPES = [
  'registered', // 8.1.6: in the public feed from now
  'started', // the start timer: planned → in_progress
  'overdue', // the expected end passed without closure: the executor is told
  'reminder', // every working day while overdue
  'extended', // 8.1.7: a new expected end, with the reason
  'addresses_changed', // 8.1.7: new affected addresses, with the reason
  'closed', // 8.1.6: with the actual end, the note and the linked open requests (their executors are told)
] as const;
export type RepairWorkEventType = (typeof REPAIR_WORK_EVENT_TYPES)[number];

export const repairWorkEventSchema = z.object({
  id: z.string().uuid(),
  type: z.enum(REPAIR_WORK_EVENT_TYPES.map((t) => `repair_work.${t}` as const) as [`repair_work.${RepairWorkEventType}`, ...`repair_work.${RepairWorkEventType}`[]]),
  occurredAt: z.string().datetime({ offset: true }),
  actor: actorSchema,
  data: z.object({
    work: publicRepairWorkSchema.extend({ executor: executorRefSchema }),
    version: z.number().int().nonnegative(),
    details: z.record(z.string(), z.unknown()).default({}),
  }),
});
export type RepairWorkEvent = z.infer<typeof repairWorkEventSchema>;

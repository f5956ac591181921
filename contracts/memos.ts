/**
 * The 5.7 memo contract: a worker's refusal to accept a request and the memo (доповідна записка)
 * that follows it through the manager's approval to ICT's block of the number, and later an audited
 * unblock. One workflow per memo (workflows/memo.ts) holds the card below; the `memos` read model
 * stores it. Field, Update and query names are wire names — add fields, DO NOT RENAME.
 */
import { z } from 'zod';
import { actorSchema } from './actor.ts';

/** pending_approval → approved → blocked → unblocked, or pending_approval → rejected. */
export const MEMO_STATUSES = ['pending_approval', 'approved', 'rejected', 'blocked', 'unblocked'] as const;
export const memoStatusSchema = z.enum(MEMO_STATUSES);
export type MemoStatus = z.infer<typeof memoStatusSchema>;

/** The grounds 5.7 allows for refusing a request. */
export const REFUSAL_REASONS = ['obscene_language', 'insults', 'degrading_workers', 'incitement_to_hatred', 'calls_to_overthrow'] as const;
export const refusalReasonSchema = z.enum(REFUSAL_REASONS);
export type RefusalReason = z.infer<typeof refusalReasonSchema>;

export const MEMO_STATUS_LABELS_UK: Record<MemoStatus, string> = {
  pending_approval: 'Очікує погодження керівника',
  approved: 'Погоджено, очікує блокування',
  rejected: 'Відхилено',
  blocked: 'Номер заблоковано',
  unblocked: 'Номер розблоковано',
};

const isoInstant = z.string().datetime({ offset: true });

/** Who took a step on a memo, as recorded for ever (roles and ids; names of staff only). */
export const memoActorSchema = z.object({ id: z.string(), role: z.string(), name: z.string().optional() });
export type MemoActor = z.infer<typeof memoActorSchema>;

export const memoHistoryEntrySchema = z.object({ at: isoInstant, actor: memoActorSchema, action: z.string(), note: z.string().optional() });
export type MemoHistoryEntry = z.infer<typeof memoHistoryEntrySchema>;

/** The memo card: the workflow's query result and the read model's document. */
export const memoCardSchema = z.object({
  id: z.string(),
  /** One more per transition: the read model keeps the highest (a retried write changes nothing). */
  version: z.number().int().nonnegative(),
  phone: z.string(),
  reason: refusalReasonSchema,
  text: z.string(),
  status: memoStatusSchema,
  createdBy: memoActorSchema,
  createdAt: isoInstant,
  decision: z.object({ approve: z.boolean(), note: z.string(), by: memoActorSchema, at: isoInstant }).optional(),
  blocked: z.object({ by: memoActorSchema, at: isoInstant }).optional(),
  unblocked: z.object({ by: memoActorSchema, at: isoInstant, reason: z.string() }).optional(),
  /** When the managers were reminded of the memo waiting for their decision. */
  remindedAt: isoInstant.optional(),
  /** 5.7, once approved: when ICT is reminded to block the number, while that is still ahead (cleared when sent or by the block). */
  ictRemindAt: isoInstant.optional(),
  /** When the managers hear ICT has not blocked the number, while that is still ahead (cleared when sent or by the block). */
  ictEscalateAt: isoInstant.optional(),
  /** When ICT was reminded to block the number. */
  ictRemindedAt: isoInstant.optional(),
  /** When the managers were told ICT had not blocked the number for two working days. */
  ictEscalatedAt: isoInstant.optional(),
  history: z.array(memoHistoryEntrySchema),
});
export type MemoCard = z.infer<typeof memoCardSchema>;

/** The memo as the API shows it (DESIGN §4): the card without its bookkeeping. */
export type MemoView = Omit<MemoCard, 'version' | 'remindedAt'>;

export function memoViewOf(c: MemoCard): MemoView {
  const { version: _v, remindedAt: _r, ...view } = c;
  return view;
}

const emails = z.array(z.string().email()).max(200);

/** The memo workflow's start input: the refusal as the operator recorded it. */
export const startMemoSchema = z.object({
  id: z.string().uuid(),
  phone: z.string().min(1),
  reason: refusalReasonSchema,
  text: z.string().trim().min(1).max(4000),
  createdAt: isoInstant,
  actor: actorSchema,
  /** The managers to ask for approval, resolved by the gateway. */
  notify: emails.default([]),
});
export type StartMemo = z.infer<typeof startMemoSchema>;

/** The Updates' inputs (HTTP bodies), one per action. */
export const memoActionInputs = {
  /** 5.7: the manager approves (→ ICT) or rejects the memo. */
  decide: z.object({ approve: z.boolean(), note: z.string().trim().max(2000).default('') }),
  /** 5.7: ICT blocks the number of an approved memo. */
  block: z.object({}).strict(),
  /** ICT unblocks the number, saying why (audited). */
  unblock: z.object({ reason: z.string().trim().min(1).max(2000) }),
} as const;
export type MemoActionName = keyof typeof memoActionInputs;
export type MemoActionInput<A extends MemoActionName> = z.infer<(typeof memoActionInputs)[A]>;

export interface MemoActionArg<A extends MemoActionName> {
  actor: z.infer<typeof actorSchema>;
  input: MemoActionInput<A>;
  /** Who is told of the step, resolved by the gateway (ICT on approval, the memo's author on rejection and block, the managers on unblock). */
  notify?: string[];
}

export const memoNotifySchema = emails.optional();

/** The one-line static summary the Temporal UI shows for a memo: no phone, no text (personal data stays out of Temporal's visibility). */
export function memoStaticSummary(m: Pick<StartMemo, 'id' | 'reason' | 'actor'>): string {
  return `5.7 memo ${m.id} · ${m.reason} · by ${m.actor.role} ${m.actor.id}`;
}

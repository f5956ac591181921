/**
 * The `memos` collection (5.7): a refusal to accept a request and the memo that follows it through
 * the manager's approval to ICT's block — and, later, an audited unblock. The memo is also the
 * block itself (status `blocked`), so every step is one atomic update of one document, together
 * with the event it must publish (the embedded outbox, keyed by event id). The outbox is never
 * cleared — a memo has at most four events — so the relay never writes the memo: which events
 * JetStream has is recorded apart, in `memo_events_published`.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { MemoEvent } from '../contracts/events.ts';

export const MEMO_STATUSES = ['pending_approval', 'approved', 'rejected', 'blocked', 'unblocked'] as const;
export type MemoStatus = (typeof MEMO_STATUSES)[number];

/** The grounds 5.7 allows for refusing a request. */
export const REFUSAL_REASONS = ['obscene_language', 'insults', 'degrading_workers', 'incitement_to_hatred', 'calls_to_overthrow'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface MemoActor {
  id: string;
  role: string;
  name?: string;
}

export interface MemoHistoryEntry {
  at: Date;
  actor: MemoActor;
  action: 'created' | 'approved' | 'rejected' | 'number_blocked' | 'number_unblocked';
  note?: string;
}

export interface MemoDoc {
  _id: string;
  phone: string;
  reason: RefusalReason;
  text: string;
  status: MemoStatus;
  createdBy: MemoActor;
  createdAt: Date;
  decision?: { approve: boolean; note: string; by: MemoActor; at: Date };
  blocked?: { by: MemoActor; at: Date };
  unblocked?: { by: MemoActor; at: Date; reason: string };
  history: MemoHistoryEntry[];
  /** Every event of the memo, by event id (those not in `memo_events_published` are still to be published). */
  outbox: Record<string, MemoEvent>;
  /** ISO time of the last write that added an event: the sweeper leaves younger ones to the relay right after the change. */
  outboxSince?: string;
}

const actor = new Schema<MemoActor>({ id: { type: String, required: true }, role: { type: String, required: true }, name: String }, { _id: false });

const schema = new Schema<MemoDoc>(
  {
    _id: { type: String, required: true },
    phone: { type: String, required: true },
    reason: { type: String, required: true },
    text: { type: String, required: true },
    status: { type: String, required: true, enum: MEMO_STATUSES },
    createdBy: { type: actor, required: true },
    createdAt: { type: Date, required: true },
    decision: new Schema({ approve: Boolean, note: String, by: actor, at: Date }, { _id: false }),
    blocked: new Schema({ by: actor, at: Date }, { _id: false }),
    unblocked: new Schema({ by: actor, at: Date, reason: String }, { _id: false }),
    history: [new Schema({ at: Date, actor, action: String, note: String }, { _id: false })],
    outbox: { type: Schema.Types.Mixed, default: {} },
    outboxSince: String,
  },
  { collection: 'memos', versionKey: false, minimize: false },
);
// Is this number blocked (every registration asks), and the lists by status.
schema.index({ phone: 1, status: 1 });
schema.index({ status: 1, createdAt: -1 });
// The sweeper's query: memos that gained an event within its horizon.
schema.index({ outboxSince: 1 });

/**
 * One document per step taken on a memo (`<memoId>:decision`, `:block`, `:unblock`): its unique
 * `_id` lets only one of two concurrent managers (or ICT staff) take the step. FerretDB 1.24 does
 * not serialise conditional updates, so the status filter alone would let both through.
 */
export interface MemoStepDoc {
  _id: string;
  by: string;
  at: Date;
}

const stepSchema = new Schema<MemoStepDoc>(
  { _id: { type: String, required: true }, by: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'memo_steps', versionKey: false },
);

export function memoStepModel(conn: Connection): Model<MemoStepDoc> {
  return (conn.models.MemoStep as Model<MemoStepDoc> | undefined) ?? conn.model<MemoStepDoc>('MemoStep', stepSchema);
}

/** A memo event JetStream has acknowledged: inserted once by whichever relay got the ack (`_id` = event id). */
export interface MemoPublishedDoc {
  _id: string;
  memoId: string;
  at: Date;
}

const publishedSchema = new Schema<MemoPublishedDoc>(
  { _id: { type: String, required: true }, memoId: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'memo_events_published', versionKey: false },
);

export function memoPublishedModel(conn: Connection): Model<MemoPublishedDoc> {
  return (conn.models.MemoPublished as Model<MemoPublishedDoc> | undefined) ?? conn.model<MemoPublishedDoc>('MemoPublished', publishedSchema);
}

export function memoModel(conn: Connection): Model<MemoDoc> {
  return (conn.models.Memo as Model<MemoDoc> | undefined) ?? conn.model<MemoDoc>('Memo', schema);
}

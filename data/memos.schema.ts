/**
 * The `memos` collection (5.7), the read model of the memo workflows (workflows/memo.ts): one
 * document per memo, `_id` = memo id, the card the workflow projected after each step. Instants are
 * stored as dates, as the documents written before the workflow have them, so the lists sort them
 * together. The events of each step go to the one outbox, `request_outbox` (data/requests.schema.ts),
 * under the key `memo:<id>`.
 *
 * `memo_awaiting`: one document per memo awaiting the managers' decision (`pending_approval`),
 * `_id` = memo id, written with each step before the card (data/memos.repository.ts): pending work
 * in a small collection of its own, so the gauge of memos awaiting a decision counts what is pending,
 * not every memo ever written.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { MemoActor, MemoStatus, RefusalReason } from '../contracts/memos.ts';

export { MEMO_STATUSES, REFUSAL_REASONS, type MemoActor, type MemoStatus, type RefusalReason } from '../contracts/memos.ts';

export interface MemoHistoryDoc {
  at: Date;
  actor: MemoActor;
  action: string;
  note?: string;
}

export interface MemoDoc {
  _id: string;
  /** The card's version; absent on documents written before the memo workflow. */
  version?: number;
  phone: string;
  reason: RefusalReason;
  text: string;
  status: MemoStatus;
  createdBy: MemoActor;
  createdAt: Date;
  decision?: { approve: boolean; note: string; by: MemoActor; at: Date };
  blocked?: { by: MemoActor; at: Date };
  unblocked?: { by: MemoActor; at: Date; reason: string };
  remindedAt?: Date;
  ictRemindAt?: Date;
  ictEscalateAt?: Date;
  ictRemindedAt?: Date;
  ictEscalatedAt?: Date;
  history: MemoHistoryDoc[];
}

const schema = new Schema<MemoDoc>(
  {
    _id: { type: String, required: true },
    phone: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'memos', strict: false, versionKey: false, minimize: false },
);
// The staff lists by status and by phone; the blocked numbers (intake's reload, the unblock).
schema.index({ phone: 1, status: 1 });
schema.index({ status: 1, createdAt: -1 });

export interface MemoAwaitingDoc {
  _id: string;
  createdAt: Date;
}
export const MEMO_AWAITING_COLLECTION = 'memo_awaiting';
/** The status that awaits a decision (5.7: the managers approve or reject). */
export const MEMO_AWAITING_STATUS: MemoStatus = 'pending_approval';

export function memoModel(conn: Connection): Model<MemoDoc> {
  return (conn.models.Memo as Model<MemoDoc> | undefined) ?? conn.model<MemoDoc>('Memo', schema);
}

/**
 * The `idempotency` collection: one claim per `Idempotency-Key` (scoped by who sent it). The unique
 * `_id` makes the first registration the owner; every retry reads the owner's result.
 */
import { Schema, type Connection, type Model } from 'mongoose';

export type ClaimState = 'pending' | 'done' | 'failed';

export interface ClaimDoc {
  _id: string;
  /** A hash of the command, so a key reused for a different request is recognised. */
  fingerprint: string;
  state: ClaimState;
  /** Which attempt is working on it (an intake process's own id for this command). */
  owner: string;
  /** How many times the claim was taken over; each take-over is won by inserting `<key>#<generation>`. */
  generation: number;
  claimedAt: Date;
  /** Set as soon as the number is issued, so a take-over continues with it instead of issuing another. */
  number?: string;
  reply?: unknown;
  createdAt: Date;
}

const schema = new Schema<ClaimDoc>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    state: { type: String, required: true, enum: ['pending', 'done', 'failed'] },
    owner: { type: String, required: true },
    generation: { type: Number, default: 0 },
    claimedAt: { type: Date, required: true },
    number: String,
    reply: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency', versionKey: false },
);

/** One document per take-over: its unique `_id` (`<key>#<generation>`) decides who won it. */
export interface TakeoverDoc {
  _id: string;
  owner: string;
  at: Date;
}

const takeoverSchema = new Schema<TakeoverDoc>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'idempotency_takeovers', versionKey: false },
);

export function takeoverModel(conn: Connection): Model<TakeoverDoc> {
  return (conn.models.IdempotencyTakeover as Model<TakeoverDoc> | undefined) ?? conn.model<TakeoverDoc>('IdempotencyTakeover', takeoverSchema);
}

export function claimModel(conn: Connection): Model<ClaimDoc> {
  return (conn.models.IdempotencyClaim as Model<ClaimDoc> | undefined) ?? conn.model<ClaimDoc>('IdempotencyClaim', schema);
}

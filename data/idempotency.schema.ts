/**
 * The `idempotency_<period>` collections: one claim per `Idempotency-Key` (scoped by who sent it).
 * The unique `_id` makes the first registration the owner; every retry reads the owner's result.
 * Claims are kept in one collection per period (IDEMPOTENCY_TTL_HOURS long), so expiry is dropping
 * a whole collection: FerretDB has no TTL index, and on SQLite any filter but `{_id}` reads every
 * document, which a sweep of expired claims by date would do each time.
 */
import { Schema, type Connection, type Model } from 'mongoose';

/** `refused`: judged and refused before anything was issued; the refusal is the key's answer (in `reply`). */
export type ClaimState = 'pending' | 'done' | 'failed' | 'refused';

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
    state: { type: String, required: true, enum: ['pending', 'done', 'failed', 'refused'] },
    owner: { type: String, required: true },
    generation: { type: Number, default: 0 },
    claimedAt: { type: Date, required: true },
    number: String,
    reply: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
  },
  // Created by the first insert, not by a look-up (the period before is looked up on every claim); `_id` is the one index.
  { collection: 'idempotency', versionKey: false, autoCreate: false, autoIndex: false },
);

/** One document per take-over: its unique `_id` (`<key>#<generation>`) decides who won it. */
export interface TakeoverDoc {
  _id: string;
  owner: string;
  at: Date;
}

const takeoverSchema = new Schema<TakeoverDoc>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, at: { type: Date, required: true } },
  { collection: 'idempotency_takeovers', versionKey: false, autoCreate: false, autoIndex: false },
);

/** The collections of one period; the period is the number of whole TTLs since the epoch. */
export const claimsCollection = (period: number): string => `idempotency_${period}`;
export const takeoversCollection = (period: number): string => `idempotency_takeovers_${period}`;
/** The period a collection of claims or take-overs belongs to; null for any other collection. */
export function periodOfCollection(name: string): number | null {
  const m = /^idempotency_(?:takeovers_)?(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
}
/** Collections from before claims expired by period: dropped by the first sweep (hourly by default). */
export const LEGACY_COLLECTIONS = ['idempotency', 'idempotency_takeovers'] as const;

export function takeoverModel(conn: Connection, period: number): Model<TakeoverDoc> {
  const name = `IdempotencyTakeover_${period}`;
  return (conn.models[name] as Model<TakeoverDoc> | undefined) ?? conn.model<TakeoverDoc>(name, takeoverSchema, takeoversCollection(period));
}

export function claimModel(conn: Connection, period: number): Model<ClaimDoc> {
  const name = `IdempotencyClaim_${period}`;
  return (conn.models[name] as Model<ClaimDoc> | undefined) ?? conn.model<ClaimDoc>(name, schema, claimsCollection(period));
}

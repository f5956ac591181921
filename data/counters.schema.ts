/**
 * The `counters` collection: one document per number series (`KR-2026`) holding the last sequence
 * handed out, and `issued_numbers`: one document per number actually issued, whose unique `_id` is
 * what guarantees that no number is ever issued twice (see counters.repository.ts).
 */
import { Schema, type Connection, type Model } from 'mongoose';

export interface CounterDoc {
  _id: string;
  seq: number;
}

export interface IssuedNumberDoc {
  /** `<series>:<seq>`. */
  _id: string;
  series: string;
  seq: number;
  at: Date;
}

const counterSchema = new Schema<CounterDoc>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { collection: 'counters', versionKey: false });

const issuedSchema = new Schema<IssuedNumberDoc>(
  { _id: { type: String, required: true }, series: { type: String, required: true }, seq: { type: Number, required: true }, at: { type: Date, required: true } },
  { collection: 'issued_numbers', versionKey: false },
);
// No secondary index: every look-up is by `_id` (see counters.repository.ts), and on FerretDB on
// SQLite an index only slows down the insert that issues each number.

export function counterModel(conn: Connection): Model<CounterDoc> {
  return (conn.models.Counter as Model<CounterDoc> | undefined) ?? conn.model<CounterDoc>('Counter', counterSchema);
}

export function issuedNumberModel(conn: Connection): Model<IssuedNumberDoc> {
  return (conn.models.IssuedNumber as Model<IssuedNumberDoc> | undefined) ?? conn.model<IssuedNumberDoc>('IssuedNumber', issuedSchema);
}

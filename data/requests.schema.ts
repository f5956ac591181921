/**
 * The `requests` read model, laid out so that every hot path is a look-up by `_id` alone, the one
 * query FerretDB on SQLite answers from an index (docs/performance.md); what must be scanned is kept
 * in collections whose size follows the open work, not the stored history:
 *
 *   requests        `_id` = number: the card the workflow projected (DESIGN §6), whole.
 *   request_outbox  `_id` = `<number>#<version>`: a transition's events until JetStream has them
 *                   (the one outbox: a 5.7 memo's steps are kept here too, as `memo:<id>#<version>`).
 *   open_requests   `_id` = number: the list fields of each request that is not closed (the queues).
 *   request_keys    `_id` = `repeat:<key>` | `user:<id>` | `phone:<e164>` | `attachment:<id>`: the
 *                   numbers filed under a 9.2.3 repeat key, by a cabinet user, from a phone, or with
 *                   a file (repeats, "my requests", who may download a file).
 *   request_buckets `_id` = `<series>#<seq / 100>`: the list fields of a hundred consecutive
 *                   numbers under `entries.<number>`, a bounded document however busy a day is.
 *   request_days    `_id` = a UTC date: per number series, the first and last sequence registered
 *                   that day; with the buckets, the archive lists (asked by period).
 *
 * MongoDB in production serves the same layout: nothing here needs an index beyond `_id`.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { MemoEvent, RequestEvent } from '../contracts/events.ts';
import type { RequestCard, RequestStatus } from '../contracts/request.ts';

export type RequestDoc = RequestCard & { _id: string };

export const requestSchema = new Schema<RequestDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'requests', strict: false, versionKey: false, _id: false, minimize: false },
);

export interface OutboxDoc {
  _id: string;
  /** The request number, or `memo:<id>` for a 5.7 memo (data/memos.repository.ts): the key whose events keep their order. */
  number: string;
  version: number;
  events: Array<RequestEvent | MemoEvent>;
  /** When the transition wrote it (ISO 8601 UTC): the sweeper leaves young entries to their transition. */
  at: string;
}

export const outboxSchema = new Schema<OutboxDoc>(
  { _id: { type: String, required: true }, number: String, version: Number, events: [Schema.Types.Mixed], at: String },
  { collection: 'request_outbox', versionKey: false, _id: false },
);
// The outbox gauge's oldest entry (services/worker/gauges.ts): one entry by this index, the
// collection holding only what JetStream has not acknowledged yet.
outboxSchema.index({ at: 1 });

/** What a list filters, sorts and searches by: a few hundred bytes per request. */
export interface ListEntry {
  number: string;
  version: number;
  status: RequestStatus;
  executorId: string;
  /** 8.2.1: the co-executors, whose queues list the request too (absent when none). */
  coExecutorIds?: string[];
  district: string;
  categoryCode: string;
  overdue: boolean;
  registeredAt: string;
  deadlineAt: string | null;
  address: { street: string };
  applicant: { name: string; phone: string; userId?: string };
  /** The start of the description, for the free-text filter. */
  description: string;
}

export type OpenRequestDoc = ListEntry & { _id: string };

export interface RequestBucketDoc {
  _id: string;
  entries: Record<string, ListEntry>;
}

export const requestBucketSchema = new Schema<RequestBucketDoc>(
  { _id: { type: String, required: true } },
  { collection: 'request_buckets', strict: false, versionKey: false, _id: false, minimize: false },
);

export interface RequestDayDoc {
  _id: string;
  series: Record<string, { first: number; last: number }>;
}

export const requestDaySchema = new Schema<RequestDayDoc>(
  { _id: { type: String, required: true } },
  { collection: 'request_days', strict: false, versionKey: false, _id: false, minimize: false },
);

export const openRequestSchema = new Schema<OpenRequestDoc>(
  { _id: { type: String, required: true } },
  { collection: 'open_requests', strict: false, versionKey: false, _id: false, minimize: false },
);

export interface RequestKeyDoc {
  _id: string;
  numbers: string[];
}

export const requestKeySchema = new Schema<RequestKeyDoc>(
  { _id: { type: String, required: true }, numbers: [String] },
  { collection: 'request_keys', versionKey: false, _id: false },
);

export interface RequestModels {
  Requests: Model<RequestDoc>;
  Outbox: Model<OutboxDoc>;
  Open: Model<OpenRequestDoc>;
  Keys: Model<RequestKeyDoc>;
  Days: Model<RequestDayDoc>;
  Buckets: Model<RequestBucketDoc>;
}

export function requestModels(conn: Connection): RequestModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> => (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
  return {
    Requests: get('Request', requestSchema),
    Outbox: get('RequestOutbox', outboxSchema),
    Open: get('OpenRequest', openRequestSchema),
    Keys: get('RequestKey', requestKeySchema),
    Days: get('RequestDay', requestDaySchema),
    Buckets: get('RequestBucket', requestBucketSchema),
  };
}

export function requestModel(conn: Connection): Model<RequestDoc> {
  return requestModels(conn).Requests;
}

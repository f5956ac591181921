/**
 * The `requests` read model (see requests.schema.ts). The workflow is the only writer: one
 * single-document write per transition, guarded by the card's version so a retried write changes
 * nothing, which also carries the transition's events into the document's outbox (MongoDB here has
 * no multi-document transactions, so the outbox lives in the document that changes).
 */
import type { Connection, Model } from 'mongoose';
import mongoose from 'mongoose';
import type { RequestEvent } from '../contracts/events.ts';
import { requestCardSchema, type RequestCard, type RequestStatus } from '../contracts/request.ts';
import { repeatKey } from '../domain/repeat.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { requestModel, type RequestDoc } from './requests.schema.ts';

/** The gateway's list filters (DESIGN §4 `GET /requests`). */
export interface RequestListFilter {
  status?: RequestStatus | RequestStatus[];
  executorId?: string;
  district?: string;
  categoryCode?: string;
  overdue?: boolean;
  /** Registered at or after this instant (ISO 8601). */
  from?: string;
  /** Registered before this instant (ISO 8601). */
  to?: string;
  /** Free text: a number, or words of the description, street or applicant's name. */
  q?: string;
  /** An applicant sees only their own requests: those filed in their cabinet… */
  applicantUserId?: string;
  /** …and, once they confirmed this phone by SMS code, the calls registered under it (domain/lifecycle.ts isApplicantOf). */
  applicantPhone?: string;
}

export interface RequestPage {
  items: RequestCard[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RequestRepository {
  /** Creates the collection's indexes (idempotent); call once at start-up. */
  init(): Promise<void>;
  /**
   * Writes a transition: sets the card and appends its events to the outbox, unless a version at
   * least as new is already stored. Returns false when it was (a retry), true when written now.
   */
  applyTransition(card: RequestCard, events: RequestEvent[]): Promise<boolean>;
  get(number: string): Promise<RequestCard | null>;
  list(filter: RequestListFilter, page?: { page?: number; pageSize?: number }): Promise<RequestPage>;
  /** The outbox of one request as of its current version. */
  outboxOf(number: string): Promise<{ version: number; outbox: RequestEvent[] } | null>;
  /** Empties the outbox if the request is still at `version` (else newer events arrived: relay again). */
  clearOutbox(number: string, version: number): Promise<boolean>;
  /** Numbers of requests whose outbox holds events, oldest first. */
  /**
   * Requests whose outbox has waited at least `minAgeMs` since its last write. The age keeps the
   * sweeper off outboxes a transition is relaying right now: FerretDB 1.24 does not isolate
   * concurrent updates of one document, so a sweeper's clear racing a new transition's write could
   * undo that write.
   */
  withPendingOutbox(limit: number, minAgeMs?: number): Promise<string[]>;
}

/** Card fields that may be absent: a transition that drops one must remove it from the document. */
const OPTIONAL_CARD_KEYS = Object.entries(requestCardSchema.shape)
  .filter(([, s]) => s.safeParse(undefined).success)
  .map(([k]) => k);

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The card a stored document holds (without the outbox and the look-up keys kept beside it). */
export function toCard(doc: RequestDoc): RequestCard {
  const { _id, outbox: _outbox, outboxPending: _pending, outboxSince: _since, repeatKey: _key, ...card } = doc;
  return requestCardSchema.parse({ ...card, number: card.number ?? _id });
}

/** The MongoDB filter for the list filters (DESIGN §4 `GET /requests`), shared by every list query. */
export function listQuery(filter: RequestListFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.status !== undefined) query.status = Array.isArray(filter.status) ? { $in: filter.status } : filter.status;
  if (filter.executorId !== undefined) query.executorId = filter.executorId;
  if (filter.district !== undefined) query.district = filter.district;
  if (filter.categoryCode !== undefined) query.categoryCode = filter.categoryCode;
  if (filter.overdue !== undefined) query.overdue = filter.overdue;
  const alternatives: Array<Array<Record<string, unknown>>> = [];
  if (filter.applicantUserId !== undefined) {
    if (filter.applicantPhone === undefined) query['applicant.userId'] = filter.applicantUserId;
    else alternatives.push([{ 'applicant.userId': filter.applicantUserId }, { 'applicant.userId': { $exists: false }, 'applicant.phone': filter.applicantPhone }]);
  }
  if (filter.from !== undefined || filter.to !== undefined) {
    query.registeredAt = {
      ...(filter.from !== undefined ? { $gte: new Date(filter.from).toISOString() } : {}),
      ...(filter.to !== undefined ? { $lt: new Date(filter.to).toISOString() } : {}),
    };
  }
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const re = { $regex: escapeRegex(filter.q.trim()), $options: 'i' };
    alternatives.push([{ _id: re }, { description: re }, { 'address.street': re }, { 'applicant.name': re }, { 'applicant.phone': re }]);
  }
  if (alternatives.length === 1) query.$or = alternatives[0];
  else if (alternatives.length > 1) query.$and = alternatives.map((or) => ({ $or: or }));
  return query;
}

export function createRequestRepository(conn: Connection): RequestRepository {
  const Requests: Model<RequestDoc> = requestModel(conn);
  // The native collection, so cards are written exactly as given (no casting by the schema).
  const raw = Requests.collection as unknown as mongoose.mongo.Collection<{ _id: string }>;
  return {
    async init() {
      await Requests.init();
    },

    async applyTransition(card, events) {
      const unset = Object.fromEntries(OPTIONAL_CARD_KEYS.filter((k) => !(k in card)).map((k) => [k, '']));
      const update: Record<string, unknown> = {
        $set: { ...card, repeatKey: repeatKey(card.categoryCode, card.address), ...(events.length > 0 ? { outboxPending: true, outboxSince: new Date().toISOString() } : {}) },
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
        ...(events.length > 0 ? { $push: { outbox: { $each: events } } } : { $setOnInsert: { outbox: [], outboxPending: false } }),
      };
      try {
        const res = await raw.updateOne({ _id: card.number, version: { $lt: card.version } }, update, { upsert: true });
        return res.modifiedCount > 0 || res.upsertedCount > 0;
      } catch (err) {
        // The upsert found no document older than this version and tried to insert: a version at
        // least this new is already there, so this is a retry of a write that succeeded.
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    async get(number) {
      const doc = await Requests.findById(number).lean<RequestDoc>();
      return doc ? toCard(doc) : null;
    },

    async list(filter, { page = 1, pageSize = 20 } = {}) {
      const query = listQuery(filter);
      const size = Math.min(Math.max(1, Math.trunc(pageSize)), 200);
      const current = Math.max(1, Math.trunc(page));
      const [docs, total] = await Promise.all([
        Requests.find(query)
          .sort({ registeredAt: -1, _id: -1 })
          .skip((current - 1) * size)
          .limit(size)
          .lean<RequestDoc[]>(),
        Requests.countDocuments(query),
      ]);
      return { items: docs.map(toCard), total, page: current, pageSize: size };
    },

    async outboxOf(number) {
      const doc = await Requests.findById(number, { version: 1, outbox: 1 }).lean<Pick<RequestDoc, 'version' | 'outbox'>>();
      return doc ? { version: doc.version, outbox: doc.outbox ?? [] } : null;
    },

    async clearOutbox(number, version) {
      // FerretDB 1.24 ignores $pull with a condition, so the whole outbox is cleared, guarded by the
      // version the relay read: events a newer transition added meanwhile stay for the next relay.
      const res = await raw.updateOne({ _id: number, version }, { $set: { outbox: [], outboxPending: false } });
      return res.modifiedCount > 0;
    },

    async withPendingOutbox(limit, minAgeMs = 0) {
      const cutoff = new Date(Date.now() - minAgeMs).toISOString();
      const docs = await Requests.find({ outboxPending: true, outboxSince: { $lte: cutoff } }, { _id: 1 }).sort({ registeredAt: 1 }).limit(limit).lean<Array<{ _id: string }>>();
      return docs.map((d) => d._id);
    },
  };
}

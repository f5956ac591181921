/**
 * Read-only queries over the `requests` read model that the gateway and intake need beyond
 * requests.repository.ts (which the workflow's activities own): the staff lists sorted by deadline
 * (8.1.4) with the compound indexes they use, and the repeat look-up of 9.2.3.
 */
import type { Connection } from 'mongoose';
import mongoose from 'mongoose';
import type { Address, RequestCard } from '../contracts/request.ts';
import { repeatKey } from '../domain/repeat.ts';
import { listQuery, toCard, type RequestListFilter, type RequestPage } from './requests.repository.ts';
import { requestModel, type RequestDoc } from './requests.schema.ts';

export type { RequestListFilter, RequestPage } from './requests.repository.ts';

export const REQUEST_SORTS = ['deadlineAt', '-deadlineAt', 'registeredAt', '-registeredAt'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];


/** The indexes the lists and the repeat look-up use, beyond the single-field ones of requests.schema.ts. */
const INDEXES: Array<Record<string, 1 | -1>> = [
  // An executor's own list, by deadline (the default order), and the staff lists filtered by status.
  { executorId: 1, deadlineAt: 1 },
  { status: 1, deadlineAt: 1 },
  { district: 1, deadlineAt: 1 },
  // An applicant's cabinet.
  { 'applicant.userId': 1, registeredAt: -1 },
  // Who may download a file: the requests it is attached to.
  { attachmentIds: 1 },
];

export function requestQueries(conn: Connection) {
  const Requests = requestModel(conn);
  return {
    async init(): Promise<void> {
      for (const keys of INDEXES) {
        try {
          await Requests.collection.createIndex(keys);
        } catch (err) {
          // The same keys already indexed under another name (by another data layer): that serves too.
          if (!(err instanceof mongoose.mongo.MongoServerError && (err.code === 85 || err.code === 86))) throw err;
        }
      }
    },

    async get(number: string): Promise<RequestCard | null> {
      const doc = await Requests.findById(number).lean<RequestDoc>();
      return doc ? toCard(doc) : null;
    },

    /** DESIGN §4 `GET /requests`: every filter, paged, in deadline order unless asked otherwise. */
    async list(filter: RequestListFilter, opts: { sort: RequestSort; page: number; pageSize: number }): Promise<RequestPage> {
      const query = listQuery(filter);
      const field = opts.sort.replace(/^-/, '');
      const dir = opts.sort.startsWith('-') ? -1 : 1;
      const [docs, total] = await Promise.all([
        Requests.find(query)
          .sort({ [field]: dir, _id: dir })
          .skip((opts.page - 1) * opts.pageSize)
          .limit(opts.pageSize)
          .lean<RequestDoc[]>(),
        Requests.countDocuments(query),
      ]);
      return { items: docs.map(toCard), total, page: opts.page, pageSize: opts.pageSize };
    },

    /** Whether a file is attached to one of an executor's requests (the reader may download it). */
    async isAttachedTo(attachmentId: string, to: { executorId: string }): Promise<boolean> {
      return (await Requests.countDocuments({ attachmentIds: attachmentId, executorId: to.executorId }).limit(1)) > 0;
    },

    /**
     * 9.2.3: earlier requests of the same category at the same address (district, street and
     * building, compared as domain/repeat.ts says) that are still open or were closed after
     * `closedSince`, oldest first. One indexed equality narrows it to that address.
     */
    async repeatCandidates(c: { categoryCode: string; address: Address; closedSince: Date }): Promise<RequestCard[]> {
      const docs = await Requests.find({
        repeatKey: repeatKey(c.categoryCode, c.address),
        $or: [{ status: { $ne: 'closed' } }, { closedAt: { $gte: c.closedSince.toISOString() } }],
      })
        .sort({ registeredAt: 1 })
        .limit(50)
        .lean<RequestDoc[]>();
      return docs.map(toCard);
    },
  };
}

export type RequestQueries = ReturnType<typeof requestQueries>;

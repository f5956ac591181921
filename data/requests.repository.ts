/**
 * The `requests` read model (layout in requests.schema.ts). The workflow is the only writer of a
 * request's documents: one transition at a time, each written in the order outbox → card → queue
 * and keys, so that a crash anywhere leaves either nothing (the activity's retry writes it all) or
 * the outbox first (its events are never lost). Every write and every hot read is keyed by `_id`
 * alone; version checks are made in code after that read, which the single writer makes safe.
 */
import type { Connection } from 'mongoose';
import mongoose from 'mongoose';
import type { RequestEvent } from '../contracts/events.ts';
import { requestCardSchema, type RequestCard, type RequestStatus } from '../contracts/request.ts';
import { parseRequestNumber } from '../domain/numbering.ts';
import { repeatKey } from '../domain/repeat.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { OUTBOX_COUNT_CAP, type OutboxStats } from './outbox-stats.ts';
import { requestModels, type ListEntry, type OpenRequestDoc, type OutboxDoc, type RequestBucketDoc, type RequestDayDoc, type RequestDoc } from './requests.schema.ts';

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
  /** `q` looks at no applicant's name or phone (analysts, who may not find a person by them). */
  qWithoutPeople?: boolean;
  /** An applicant sees only their own requests: those filed in their cabinet… */
  applicantUserId?: string;
  /** …and, once they confirmed this phone by SMS code, the calls registered under it (domain/lifecycle.ts isApplicantOf). */
  applicantPhone?: string;
}

export const REQUEST_SORTS = ['deadlineAt', '-deadlineAt', 'registeredAt', '-registeredAt'] as const;
export type RequestSort = (typeof REQUEST_SORTS)[number];

export interface RequestPage {
  items: RequestCard[];
  total: number;
  page: number;
  pageSize: number;
}

export interface ListOptions {
  page?: number;
  pageSize?: number;
  sort?: RequestSort;
}

/** Which store a list is answered from (docs/performance.md): the queues, an applicant's own, or the archive by period. */
export type ListSource = 'open' | 'applicant' | 'archive';

export interface RequestRepository {
  /** Creates the collections' indexes (idempotent); call once at start-up. */
  init(): Promise<void>;
  /**
   * Writes a transition: its events into the outbox, then the card, unless a version at least as
   * new is already stored. Returns false when it was (a retry), true when written now.
   */
  applyTransition(card: RequestCard, events: RequestEvent[]): Promise<boolean>;
  get(number: string): Promise<RequestCard | null>;
  /** Cards by number, in the order asked; numbers with no card are left out. */
  getMany(numbers: readonly string[]): Promise<RequestCard[]>;
  list(filter: RequestListFilter, opts?: ListOptions): Promise<RequestPage>;
  /** The events of a request not yet acknowledged by JetStream, in the order they happened. */
  outboxOf(number: string): Promise<{ outbox: RequestEvent[] }>;
  /** Outbox entries of a request, oldest first. */
  outboxEntries(number: string): Promise<OutboxDoc[]>;
  /** Drops an outbox entry once JetStream acknowledged its events. */
  clearOutboxEntry(id: string): Promise<void>;
  /**
   * Outbox entries that have waited at least `minAgeMs`, oldest first. The age keeps the sweeper
   * off entries their own transition is relaying right now (it would only publish them twice,
   * which JetStream drops, but there is no need). The collection holds only unacknowledged
   * transitions, so reading it costs what is pending, not what is stored.
   */
  pendingOutbox(limit: number, minAgeMs?: number): Promise<OutboxDoc[]>;
  /** The outbox gauges' figures (requests' and memos' entries alike): a capped count and the oldest entry by the `at` index. */
  outboxStats(): Promise<OutboxStats>;
  /** Numbers filed under a key document (`repeat:…`, `user:…`, `phone:…`, `attachment:…`), oldest first. */
  numbersUnder(key: string): Promise<string[]>;
  /**
   * Stores cards of requests that no workflow here recorded (a migration from the city's old
   * register, the benchmark's history): the documents their transitions would have written, in bulk.
   */
  importCards(cards: readonly RequestCard[]): Promise<void>;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The card a stored document holds (fields of older layouts beside it are dropped by the schema). */
export function toCard(doc: RequestDoc): RequestCard {
  const { _id, ...card } = doc;
  return requestCardSchema.parse({ ...card, number: card.number ?? _id });
}

/** The MongoDB filter for the list filters (DESIGN §4 `GET /requests`), shared by every list query. */
export function listQuery(filter: RequestListFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.status !== undefined) query.status = Array.isArray(filter.status) ? { $in: filter.status } : filter.status;
  if (filter.district !== undefined) query.district = filter.district;
  if (filter.categoryCode !== undefined) query.categoryCode = filter.categoryCode;
  if (filter.overdue !== undefined) query.overdue = filter.overdue;
  const alternatives: Array<Array<Record<string, unknown>>> = [];
  // 8.2.1: an executor's requests are its own and those it co-executes.
  if (filter.executorId !== undefined) alternatives.push([{ executorId: filter.executorId }, { coExecutorIds: filter.executorId }]);
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
    alternatives.push([{ _id: re }, { description: re }, { 'address.street': re }, ...(filter.qWithoutPeople ? [] : [{ 'applicant.name': re }, { 'applicant.phone': re }])]);
  }
  if (alternatives.length === 1) query.$or = alternatives[0];
  else if (alternatives.length > 1) query.$and = alternatives.map((or) => ({ $or: or }));
  return query;
}

/** The list filters as a predicate on a card: the same meaning as listQuery, for lists assembled from keys. */
export function matchesFilter(
  card: Pick<RequestCard, 'number' | 'status' | 'executorId' | 'district' | 'categoryCode' | 'overdue' | 'registeredAt' | 'description' | 'coExecutors'> & { coExecutorIds?: string[]; address: { street: string }; applicant: { name: string; phone: string; userId?: string } },
  filter: RequestListFilter,
): boolean {
  const statuses = filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
  if (statuses && !statuses.includes(card.status)) return false;
  const coExecutorIds = card.coExecutorIds ?? (card.coExecutors ?? []).map((x) => x.executor.id);
  if (filter.executorId !== undefined && card.executorId !== filter.executorId && !coExecutorIds.includes(filter.executorId)) return false;
  if (filter.district !== undefined && card.district !== filter.district) return false;
  if (filter.categoryCode !== undefined && card.categoryCode !== filter.categoryCode) return false;
  if (filter.overdue !== undefined && card.overdue !== filter.overdue) return false;
  if (filter.applicantUserId !== undefined) {
    const own = card.applicant.userId === filter.applicantUserId || (card.applicant.userId === undefined && filter.applicantPhone !== undefined && card.applicant.phone === filter.applicantPhone);
    if (!own) return false;
  }
  if (filter.from !== undefined && card.registeredAt < new Date(filter.from).toISOString()) return false;
  if (filter.to !== undefined && card.registeredAt >= new Date(filter.to).toISOString()) return false;
  if (filter.q !== undefined && filter.q.trim() !== '') {
    const re = new RegExp(escapeRegex(filter.q.trim()), 'i');
    if (![card.number, card.description, card.address.street, ...(filter.qWithoutPeople ? [] : [card.applicant.name, card.applicant.phone])].some((s) => re.test(s))) return false;
  }
  return true;
}

/** Whether a list is answered from the queues, an applicant's own keys, or the whole archive. */
export function listSource(filter: RequestListFilter): ListSource {
  if (filter.applicantUserId !== undefined) return 'applicant';
  const statuses = filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
  if (statuses && statuses.length > 0 && !statuses.includes('closed')) return 'open';
  return 'archive';
}

function sortKey(sort: RequestSort): { field: 'deadlineAt' | 'registeredAt'; dir: 1 | -1 } {
  return { field: sort.replace(/^-/, '') as 'deadlineAt' | 'registeredAt', dir: sort.startsWith('-') ? -1 : 1 };
}

/** Orders as MongoDB does for `{field: dir, _id: dir}`: a missing deadline sorts before any. */
function compareBy(sort: RequestSort): (a: { _id?: string; number: string; deadlineAt?: string | null; registeredAt: string }, b: typeof a) => number {
  const { field, dir } = sortKey(sort);
  return (a, b) => {
    const x = a[field] ?? '';
    const y = b[field] ?? '';
    if (x !== y) return (x < y ? -1 : 1) * dir;
    return (a.number < b.number ? -1 : a.number > b.number ? 1 : 0) * dir;
  };
}

/** How much of the description the list entries keep for the free-text filter. */
const DESCRIPTION_IN_LISTS = 200;

/** The archive lists: the period a list that includes closed requests covers when none is asked. */
export const ARCHIVE_DEFAULT_DAYS = 31;
/** …and the longest period one may ask (longer ones are the reports' work, and the export's). */
export const ARCHIVE_MAX_DAYS = 92;

const DAY_MS = 86_400_000;
const dayOf = (iso: string): string => iso.slice(0, 10);

/** A request number as typed: such a `q` finds the request whatever the period. */
const NUMBER_PATTERN = /^[A-Z][A-Z0-9]{0,7}-\d{4}-\d{6}$/;

/** The list fields of a request (open_requests, request_days). */
function listEntry(card: RequestCard): ListEntry {
  return {
    number: card.number,
    version: card.version,
    status: card.status,
    executorId: card.executorId,
    ...((card.coExecutors ?? []).length > 0 ? { coExecutorIds: (card.coExecutors ?? []).map((x) => x.executor.id) } : {}),
    district: card.district,
    categoryCode: card.categoryCode,
    overdue: card.overdue,
    registeredAt: card.registeredAt,
    deadlineAt: card.deadlineAt ?? null,
    address: { street: card.address.street },
    applicant: { name: card.applicant.name, phone: card.applicant.phone, ...(card.applicant.userId !== undefined ? { userId: card.applicant.userId } : {}) },
    description: card.description.slice(0, DESCRIPTION_IN_LISTS),
  };
}

const queueEntry = (card: RequestCard): OpenRequestDoc => ({ _id: card.number, ...listEntry(card) });

/** Consecutive numbers whose list fields share a bucket document. */
const BUCKET_SIZE = 100;

/** A number's series (`KR-2026`) and sequence; a number of another form is a series of its own. */
function seriesOf(number: string): { series: string; seq: number } {
  const parts = parseRequestNumber(number);
  return parts ? { series: `${parts.prefix}-${parts.year}`, seq: parts.seq } : { series: number, seq: 0 };
}

const bucketId = (series: string, bucket: number): string => `${series}#${String(bucket).padStart(6, '0')}`;
const bucketOf = (number: string): string => {
  const { series, seq } = seriesOf(number);
  return bucketId(series, Math.floor(seq / BUCKET_SIZE));
};

/** Runs `fn` over `items`, `width` at a time. */
async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

/**
 * The period an archive list covers: `from`–`to` as asked, `to` defaulting to now and `from` to
 * ARCHIVE_DEFAULT_DAYS before `to`. Throws a RangeError past ARCHIVE_MAX_DAYS (the gateway refuses
 * such a query before it gets here).
 */
export function archivePeriod(filter: Pick<RequestListFilter, 'from' | 'to'>, now = new Date()): { from: Date; to: Date; days: string[] } {
  const to = filter.to !== undefined ? new Date(filter.to) : new Date(now.getTime() + 1);
  const from = filter.from !== undefined ? new Date(filter.from) : new Date(to.getTime() - ARCHIVE_DEFAULT_DAYS * DAY_MS);
  if (to.getTime() - from.getTime() > ARCHIVE_MAX_DAYS * DAY_MS) throw new RangeError(`a list that includes closed requests covers at most ${ARCHIVE_MAX_DAYS} days`);
  const days: string[] = [];
  for (let d = Date.parse(dayOf(from.toISOString())); d < to.getTime(); d += DAY_MS) days.push(dayOf(new Date(d).toISOString()));
  return { from, to, days };
}

/** The key documents a request is filed under from its registration on. */
export function keysOf(card: Pick<RequestCard, 'categoryCode' | 'address' | 'applicant'>): string[] {
  return [`repeat:${repeatKey(card.categoryCode, card.address)}`, `phone:${card.applicant.phone}`, ...(card.applicant.userId !== undefined ? [`user:${card.applicant.userId}`] : [])];
}

/**
 * Runs an upsert by `_id` that lost a race to insert the document (FerretDB answers a lost upsert
 * race with a duplicate-key error). With `retries`, the write is tried again, now as an update of
 * the document the other writer inserted; without, the error is taken as done: the other attempt
 * wrote the very same document.
 */
async function ignoringLostInsertRace(write: () => Promise<unknown>, retries = 0): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (attempt >= retries) return;
    }
  }
}

export function createRequestRepository(conn: Connection): RequestRepository {
  const { Requests, Outbox, Open, Keys, Days, Buckets } = requestModels(conn);
  // The native collections, so documents are written exactly as given (no casting by the schemas).
  const raw = <T extends { _id: string }>(m: { collection: unknown }) => m.collection as mongoose.mongo.Collection<T>;
  const requests = raw<RequestDoc>(Requests);
  const open = raw<OpenRequestDoc>(Open);
  const days = raw<RequestDayDoc>(Days);
  const buckets = raw<RequestBucketDoc>(Buckets);

  /** Files a number under a key document; concurrent first filings of one key both land (a lost insert race is retried). */
  async function fileUnder(key: string, number: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await Keys.updateOne({ _id: key }, { $addToSet: { numbers: number } }, { upsert: true });
        return;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 3) throw err;
      }
    }
  }

  /** The queue entry and key documents of a card as stored; idempotent, so a retry may repeat it. */
  async function writeDerived(card: RequestCard, previous: Pick<RequestCard, 'attachmentIds'> | null): Promise<void> {
    const writes: Array<Promise<unknown>> = [];
    if (card.status === 'closed') writes.push(open.deleteOne({ _id: card.number }));
    else writes.push(ignoringLostInsertRace(() => open.replaceOne({ _id: card.number }, queueEntry(card), { upsert: true })));
    writes.push(ignoringLostInsertRace(() => buckets.updateOne({ _id: bucketOf(card.number) }, { $set: { [`entries.${card.number}`]: listEntry(card) } }, { upsert: true }), 3));
    if (card.version === 1) {
      const { series, seq } = seriesOf(card.number);
      writes.push(ignoringLostInsertRace(() => days.updateOne({ _id: dayOf(card.registeredAt) }, { $min: { [`series.${series}.first`]: seq }, $max: { [`series.${series}.last`]: seq } }, { upsert: true }), 3));
      for (const key of keysOf(card)) writes.push(fileUnder(key, card.number));
    }
    const had = new Set(previous?.attachmentIds ?? []);
    for (const id of card.attachmentIds ?? []) if (!had.has(id)) writes.push(fileUnder(`attachment:${id}`, card.number));
    await Promise.all(writes);
  }

  const getOne = async (number: string): Promise<RequestCard | null> => {
    const doc = await Requests.findById(number).lean<RequestDoc>();
    return doc ? toCard(doc) : null;
  };

  const getMany = async (numbers: readonly string[]): Promise<RequestCard[]> => {
    const docs = await Promise.all(numbers.map((n) => Requests.findById(n).lean<RequestDoc>()));
    return docs.filter((d): d is RequestDoc => d !== null).map(toCard);
  };

  const outboxEntries = async (number: string): Promise<OutboxDoc[]> => {
    const entries = await Outbox.find({ number }).lean<OutboxDoc[]>();
    return entries.sort((a, b) => a.version - b.version);
  };

  const numbersUnder = async (key: string): Promise<string[]> => (await Keys.findById(key).lean<{ numbers?: string[] }>())?.numbers ?? [];

  return {
    async init() {
      await Promise.all([Requests.init(), Outbox.init(), Open.init(), Keys.init(), Days.init(), Buckets.init()]);
    },

    async applyTransition(card, events) {
      const stored = await Requests.findById(card.number, { version: 1, attachmentIds: 1 }).lean<Pick<RequestDoc, 'version' | 'attachmentIds'>>();
      // Recorded already (a retry, or intake's record of a registration the workflow records again): the card is
      // written last, so a card of this version means its events, queue entry and keys are all written too.
      if (stored && stored.version >= card.version) return false;
      if (events.length > 0) {
        const entry: OutboxDoc = { _id: `${card.number}#${card.version}`, number: card.number, version: card.version, events, at: new Date().toISOString() };
        await ignoringLostInsertRace(() => raw<OutboxDoc>(Outbox).updateOne({ _id: entry._id }, { $setOnInsert: entry }, { upsert: true }));
      }
      await writeDerived(card, stored ?? null);
      await ignoringLostInsertRace(() => requests.replaceOne({ _id: card.number }, { ...card, _id: card.number } as never, { upsert: true }));
      return true;
    },

    get: getOne,

    getMany,

    async list(filter, { page = 1, pageSize = 20, sort = '-registeredAt' } = {}) {
      const size = Math.min(Math.max(1, Math.trunc(pageSize)), 200);
      const current = Math.max(1, Math.trunc(page));
      const skip = (current - 1) * size;
      const source = listSource(filter);
      if (source === 'archive') {
        const q = filter.q?.trim() ?? '';
        if (NUMBER_PATTERN.test(q)) {
          // A number typed in full finds that request, whatever the period.
          const card = await getOne(q);
          const { from: _f, to: _t, ...rest } = filter;
          const items = card && matchesFilter(card, rest) ? [card] : [];
          return { items: items.slice(skip, skip + size), total: items.length, page: current, pageSize: size };
        }
        // The numbers registered in the period (from its days), then their buckets of list fields.
        const period = archivePeriod(filter);
        const dayDocs = await inBatches(period.days, 16, (d) => Days.findById(d).lean<RequestDayDoc>());
        const ranges = new Map<string, { first: number; last: number }>();
        for (const [series, r] of dayDocs.flatMap((d) => Object.entries(d?.series ?? {}))) {
          const had = ranges.get(series);
          ranges.set(series, had ? { first: Math.min(had.first, r.first), last: Math.max(had.last, r.last) } : r);
        }
        const ids = [...ranges].flatMap(([series, r]) => Array.from({ length: Math.floor(r.last / BUCKET_SIZE) - Math.floor(r.first / BUCKET_SIZE) + 1 }, (_, k) => bucketId(series, Math.floor(r.first / BUCKET_SIZE) + k)));
        const docs = await inBatches(ids, 16, (id) => Buckets.findById(id).lean<RequestBucketDoc>());
        const within = { ...filter, from: period.from.toISOString(), to: period.to.toISOString() };
        const entries = docs.flatMap((d) => Object.values(d?.entries ?? {})).filter((e) => matchesFilter(e, within));
        entries.sort(compareBy(sort));
        return { items: await getMany(entries.slice(skip, skip + size).map((e) => e.number)), total: entries.length, page: current, pageSize: size };
      }
      if (source === 'open') {
        // The queues: a scan of the open requests' list fields, which the open work bounds.
        const entries = await Open.find(listQuery(filter)).lean<OpenRequestDoc[]>();
        entries.sort(compareBy(sort));
        return { items: await getMany(entries.slice(skip, skip + size).map((e) => e._id)), total: entries.length, page: current, pageSize: size };
      }
      // An applicant's own: the numbers filed under their cabinet and (confirmed) phone.
      const keys = [`user:${filter.applicantUserId!}`, ...(filter.applicantPhone !== undefined ? [`phone:${filter.applicantPhone}`] : [])];
      const numbers = [...new Set((await Promise.all(keys.map(numbersUnder))).flat())];
      const cards = (await getMany(numbers)).filter((c) => matchesFilter(c, filter));
      cards.sort(compareBy(sort));
      return { items: cards.slice(skip, skip + size), total: cards.length, page: current, pageSize: size };
    },

    async outboxOf(number) {
      // A request number's entries hold request events only (memos are keyed `memo:<id>`).
      return { outbox: (await outboxEntries(number)).flatMap((e) => e.events as RequestEvent[]) };
    },

    outboxEntries,

    async clearOutboxEntry(id) {
      await Outbox.deleteOne({ _id: id });
    },

    async pendingOutbox(limit, minAgeMs = 0) {
      const cutoff = new Date(Date.now() - minAgeMs).toISOString();
      const entries = await Outbox.find({}).lean<OutboxDoc[]>();
      return entries
        .filter((e) => e.at <= cutoff)
        .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.version - b.version))
        .slice(0, limit);
    },

    async outboxStats() {
      const col = raw<OutboxDoc>(Outbox);
      const [backlog, oldest] = await Promise.all([col.countDocuments({}, { limit: OUTBOX_COUNT_CAP }), col.find({}, { projection: { at: 1 } }).sort({ at: 1 }).limit(1).toArray()]);
      return { backlog, oldestAt: oldest[0]?.at ?? null };
    },

    numbersUnder,

    async importCards(cards) {
      // FerretDB 1.24 (SQLite) keeps each update statement's query open, holding one of its 100
      // pooled connections, until the whole command ends: a command of about a hundred updates of
      // existing documents takes them all and the server stops answering anyone. So updates go
      // twenty statements a command, inserts a hundred documents.
      const inSlices = async <T>(items: readonly T[], size: number, write: (slice: T[]) => Promise<unknown>): Promise<void> => {
        for (let i = 0; i < items.length; i += size) await write(items.slice(i, i + size));
      };
      await inSlices(cards, 100, (slice) => requests.insertMany(slice.map((c) => ({ ...c, _id: c.number }) as never), { ordered: false }));
      await inSlices(cards.filter((c) => c.status !== 'closed').map(queueEntry), 100, (slice) => open.insertMany(slice, { ordered: false }));
      const byBucket = new Map<string, Record<string, ListEntry>>();
      const byDay = new Map<string, Record<string, { first: number; last: number }>>();
      const filed = new Map<string, string[]>();
      for (const c of cards) {
        byBucket.set(bucketOf(c.number), { ...byBucket.get(bucketOf(c.number)), [`entries.${c.number}`]: listEntry(c) });
        const { series, seq } = seriesOf(c.number);
        const day = byDay.get(dayOf(c.registeredAt)) ?? {};
        const r = day[series];
        day[series] = r ? { first: Math.min(r.first, seq), last: Math.max(r.last, seq) } : { first: seq, last: seq };
        byDay.set(dayOf(c.registeredAt), day);
        for (const key of [...keysOf(c), ...(c.attachmentIds ?? []).map((id) => `attachment:${id}`)]) filed.set(key, [...(filed.get(key) ?? []), c.number]);
      }
      await inSlices([...byBucket], 20, (slice) => Buckets.bulkWrite(slice.map(([id, set]) => ({ updateOne: { filter: { _id: id }, update: { $set: set }, upsert: true } }))));
      const ranges = [...byDay].flatMap(([day, series]) => Object.entries(series).map(([name, r]) => ({ day, name, r })));
      await inSlices(ranges, 20, (slice) =>
        Days.bulkWrite(slice.map(({ day, name, r }) => ({ updateOne: { filter: { _id: day }, update: { $min: { [`series.${name}.first`]: r.first }, $max: { [`series.${name}.last`]: r.last } }, upsert: true } }))),
      );
      await inSlices([...filed], 20, (slice) => Keys.bulkWrite(slice.map(([key, numbers]) => ({ updateOne: { filter: { _id: key }, update: { $push: { numbers: { $each: numbers } } }, upsert: true } })), { ordered: false }));
    },
  };
}

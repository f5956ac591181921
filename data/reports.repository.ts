/** The reporting read models (data/reports.schema.ts): written by the reporting service's projector, read by its reports. */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Connection, mongo } from 'mongoose';
import { applyDelta, emptyPeriodDoc, LIVE_DOC_IDS, type Contribution, type PeriodDelta, type PeriodDoc } from '../domain/report-counters.ts';
import type { StoredExportRow } from '../domain/report-export.ts';
import type { FactEvent, Names, OpenOverdue } from '../domain/reports.ts';
import { Leases, type LeaseDoc, type LeaseOptions } from './leases.repository.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { collectionName, REPORT_COLLECTIONS } from './reports.schema.ts';

const NAMES_ID = 'names';

/** An upsert whose filter may refuse an existing document: E11000 twice means the document is there and refused it. */
async function upsertOnce(write: () => Promise<unknown>): Promise<boolean> {
  for (let i = 0; i < 3; i++) {
    try {
      await write();
      return true;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  return false;
}

export interface SampleItem {
  number: string;
  executorId: string;
  categoryCode: string;
  district: string;
  closedAt: string;
}
export interface Sample {
  day: string;
  /** The first day covered: the previous working day. */
  closedOn: string;
  /** Every day covered: `closedOn` and the days off up to `day`. */
  closedDays: string[];
  seed: string;
  share: number;
  minPerExecutor: number;
  items: SampleItem[];
  drawnAt: Date;
}

interface RequestDoc {
  _id: string;
  /** Bumped by every change of `events`: names the change's operation on the counters. */
  rev?: number;
  events: FactEvent[];
  /** What the period counters hold from this request (domain/report-counters.ts). */
  applied?: Contribution;
  /** A change of the counters written down before it is made, until every period document has it. */
  pending?: PendingOp;
}
/** One change of the counters: its id (kept in each period document it reached) and the deltas. */
export interface PendingOp {
  id: string;
  deltas: Record<string, PeriodDelta>;
}
interface PeriodDocRow {
  _id: string;
  /** The period document (`PeriodDoc`) as JSON: FerretDB reads one string many times faster than an object of thousands of keys. */
  body: string;
  /** Operations applied to it whose request has not yet recorded them done. */
  ops?: Record<string, 1>;
}
interface RowsDoc {
  _id: string;
  /** number → its export row, as JSON. */
  body: string;
}
interface OverdueDoc {
  _id: string;
  since: string;
  executorId: string;
  categoryCode: string;
  district: string;
  deadlineAt: string | null;
  /** 8.2.1: the co-executors whose part is open now, and when each one's part was open while it is overdue. */
  coExecutorIds?: string[];
  coSpans?: Array<{ id: string; from: string; to?: string }>;
}
interface NamesDoc {
  _id: string;
  categories: Record<string, string>;
  executors: Record<string, string>;
}
interface DeliveryDoc {
  _id: string;
  status: 'sending' | 'sent';
  report: string;
  period: string;
  attempts: number;
  messageId?: string;
  sentAt?: Date;
}
interface SampleDoc {
  /** Absent on samples drawn before days off were covered: those covered `closedOn` only. */
  closedDays?: string[];
  _id: string;
  closedOn: string;
  seed: string;
  share: number;
  minPerExecutor: number;
  items: SampleItem[];
  drawnAt: Date;
}

export class ReportsRepository {
  private readonly Requests: mongo.Collection<RequestDoc>;
  private readonly Periods: mongo.Collection<PeriodDocRow>;
  private readonly Rows: mongo.Collection<RowsDoc>;
  private readonly Overdue: mongo.Collection<OverdueDoc>;
  private readonly Names: mongo.Collection<NamesDoc>;
  private readonly Deliveries: mongo.Collection<DeliveryDoc>;
  private readonly Samples: mongo.Collection<SampleDoc>;
  /**
   * The request and period documents are read, changed and written whole, and FerretDB 1.24 does not
   * serialise concurrent updates of one document: every such change holds the document's lease, so
   * any number of reporting processes can share the database (data/leases.repository.ts).
   */
  private readonly leases: Leases;

  constructor(
    private readonly conn: Connection,
    opts: Partial<LeaseOptions> = {},
  ) {
    const c = REPORT_COLLECTIONS;
    const ttlMs = opts.ttlMs ?? 20_000;
    this.leases = new Leases(conn.collection<LeaseDoc>(collectionName(c.leases)), { owner: opts.owner ?? `${hostname()}-${randomUUID().slice(0, 8)}`, ttlMs, waitMs: opts.waitMs ?? ttlMs + 5_000 });
    this.Requests = conn.collection<RequestDoc>(collectionName(c.requests));
    this.Periods = conn.collection<PeriodDocRow>(collectionName(c.periods));
    this.Rows = conn.collection<RowsDoc>(collectionName(c.rows));
    this.Overdue = conn.collection<OverdueDoc>(collectionName(c.overdue));
    this.Names = conn.collection<NamesDoc>(collectionName(c.names));
    this.Deliveries = conn.collection<DeliveryDoc>(collectionName(c.deliveries));
    this.Samples = conn.collection<SampleDoc>(collectionName(c.samples));
  }

  async init(): Promise<void> {
    const existing = new Set((await this.conn.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    for (const schema of Object.values(REPORT_COLLECTIONS)) {
      const name = collectionName(schema);
      // Another instance may create it at the same moment: then it exists, which is all this wants.
      if (!existing.has(name)) await this.conn.db!.createCollection(name).catch(() => undefined);
    }
  }

  /** Runs `fn` as the request's only writer among all the reporting processes (its lease held throughout). */
  asRequestWriter<T>(number: string, fn: () => Promise<T>): Promise<T> {
    return this.leases.run(`request:${number}`, fn);
  }

  /** The request's history and what the counters hold from it. */
  async history(number: string): Promise<{ rev: number; events: FactEvent[]; applied: Contribution; pending?: PendingOp } | null> {
    const doc = await this.Requests.findOne({ _id: number });
    return doc ? { rev: doc.rev ?? 0, events: doc.events ?? [], applied: doc.applied ?? {}, ...(doc.pending ? { pending: doc.pending } : {}) } : null;
  }

  /**
   * Writes the request's history, what the counters are to hold from it and the operation that gets
   * them there, in one document write. The caller is the request's only writer (`asRequestWriter`),
   * so the write is keyed by `_id` alone.
   */
  async saveHistory(number: string, h: { rev: number; events: FactEvent[]; applied: Contribution; pending?: PendingOp }): Promise<void> {
    await upsertOnce(() => this.Requests.replaceOne({ _id: number }, { rev: h.rev, events: h.events, applied: h.applied, ...(h.pending ? { pending: h.pending } : {}) }, { upsert: true }));
  }

  async clearPending(number: string): Promise<void> {
    await this.Requests.updateOne({ _id: number }, { $unset: { pending: '' } });
  }

  /** Applies an operation's delta to a period document, once: the document remembers the operation until `forgetOp`. */
  async applyToPeriod(docId: string, opId: string, delta: PeriodDelta): Promise<void> {
    await this.leases.run(`periods:${docId}`, async () => {
      const row = await this.Periods.findOne({ _id: docId });
      if (row?.ops?.[opId]) return;
      const doc = row ? (JSON.parse(row.body) as PeriodDoc) : emptyPeriodDoc();
      applyDelta(doc, delta);
      await upsertOnce(() => this.Periods.replaceOne({ _id: docId }, { body: JSON.stringify(doc), ops: { ...(row?.ops ?? {}), [opId]: 1 } }, { upsert: true }));
    });
  }

  /** The operation is recorded done by its request: the period document need not remember it. */
  async forgetOp(docId: string, opId: string): Promise<void> {
    await this.leases.run(`periods:${docId}`, () => this.Periods.updateOne({ _id: docId }, { $unset: { [`ops.${opId}`]: '' } }));
  }

  /** Period documents by id (`day:…`, `week:…`, `month:…`); a missing one is empty. */
  async periods(ids: readonly string[]): Promise<Map<string, PeriodDoc>> {
    const rows = await Promise.all(ids.map((id) => this.Periods.findOne({ _id: id })));
    return new Map(ids.map((id, i) => [id, rows[i] ? (JSON.parse(rows[i].body) as PeriodDoc) : emptyPeriodDoc()]));
  }

  /** The live documents (domain/report-counters.ts `LIVE_DOC_IDS`): where the open requests stand now, a fixed few reads by `_id`. */
  async live(): Promise<PeriodDoc[]> {
    return [...(await this.periods(LIVE_DOC_IDS)).values()];
  }

  /** Writes whole period documents (a rebuild, the benchmark's seeding). */
  async putPeriods(docs: ReadonlyMap<string, PeriodDoc>): Promise<void> {
    for (const [id, doc] of docs) await this.Periods.replaceOne({ _id: id }, { body: JSON.stringify(doc), ops: {} }, { upsert: true });
  }

  /** Sets the request's export row under its registration day (a pure function of its history: writing it again changes nothing). */
  async putRow(day: string, row: StoredExportRow): Promise<void> {
    await this.leases.run(`rows:${day}`, async () => {
      const doc = await this.Rows.findOne({ _id: day });
      const rows = doc ? (JSON.parse(doc.body) as Record<string, StoredExportRow>) : {};
      if (JSON.stringify(rows[row.number]) === JSON.stringify(row)) return;
      rows[row.number] = row;
      await upsertOnce(() => this.Rows.replaceOne({ _id: day }, { body: JSON.stringify(rows) }, { upsert: true }));
    });
  }

  /** The export rows of the requests registered on a Kyiv day. */
  async rowsOf(day: string): Promise<StoredExportRow[]> {
    const doc = await this.Rows.findOne({ _id: day });
    return doc ? Object.values(JSON.parse(doc.body) as Record<string, StoredExportRow>) : [];
  }

  /** Writes whole days of export rows (a rebuild, the benchmark's seeding). */
  async putRowDays(days: ReadonlyMap<string, Record<string, StoredExportRow>>): Promise<void> {
    for (const [day, rows] of days) await this.Rows.replaceOne({ _id: day }, { body: JSON.stringify(rows) }, { upsert: true });
  }

  /** Records what the counters hold from each request (a rebuild), twenty updates a command (docs/performance.md). */
  async setApplied(entries: ReadonlyArray<[string, Contribution]>): Promise<void> {
    for (let i = 0; i < entries.length; i += 20) {
      await this.Requests.bulkWrite(entries.slice(i, i + 20).map(([number, applied]) => ({ updateOne: { filter: { _id: number }, update: { $set: { applied }, $unset: { pending: '' } } } })));
    }
  }

  async putOpenOverdue(number: string, open: OpenOverdue | null): Promise<void> {
    if (open) {
      const { number: _n, ...rest } = open;
      await upsertOnce(() => this.Overdue.replaceOne({ _id: number }, rest, { upsert: true }));
    } else {
      await this.Overdue.deleteOne({ _id: number });
    }
  }

  async rememberNames(n: { categoryCode: string; categoryName?: string; executorId: string; executorName: string }): Promise<void> {
    const set: Record<string, string> = { [`executors.${n.executorId}`]: n.executorName };
    if (n.categoryName) set[`categories.${n.categoryCode}`] = n.categoryName;
    await this.leases.run(NAMES_ID, () => upsertOnce(() => this.Names.updateOne({ _id: NAMES_ID }, { $set: set }, { upsert: true })));
  }

  async names(): Promise<Names> {
    const doc = await this.Names.findOne({ _id: NAMES_ID });
    return { categories: doc?.categories ?? {}, executors: doc?.executors ?? {} };
  }

  async openOverdue(): Promise<OpenOverdue[]> {
    const docs = await this.Overdue.find({}).toArray();
    return docs.map((d) => ({
      number: d._id,
      since: d.since,
      executorId: d.executorId,
      categoryCode: d.categoryCode,
      district: d.district,
      deadlineAt: d.deadlineAt ?? null,
      ...(d.coExecutorIds?.length ? { coExecutorIds: d.coExecutorIds } : {}),
      ...(d.coSpans?.length ? { coSpans: d.coSpans } : {}),
    }));
  }

  /** Every request's history, for a rebuild from the read model. */
  async *allRequests(): AsyncGenerator<{ number: string; events: FactEvent[] }> {
    for await (const doc of this.Requests.find({})) yield { number: doc._id, events: doc.events ?? [] };
  }

  /** Empties the derived models (period counters, export rows, overdue); with `all`, the request histories and names too. */
  async clear(all: boolean): Promise<void> {
    await Promise.all([this.Periods.deleteMany({}), this.Rows.deleteMany({}), this.Overdue.deleteMany({}), ...(all ? [this.Requests.deleteMany({}), this.Names.deleteMany({})] : [])]);
  }

  // Scheduled deliveries: a record per run and recipient, so a retried run never sends twice.

  /** Whether this run's delivery to this recipient was sent already; else records the attempt. */
  async sentAlready(id: string, report: string, period: string): Promise<boolean> {
    const existing = await this.Deliveries.findOne({ _id: id });
    if (existing?.status === 'sent') return true;
    await upsertOnce(() => this.Deliveries.updateOne({ _id: id }, { $set: { status: 'sending', report, period }, $inc: { attempts: 1 } }, { upsert: true }));
    return false;
  }

  async markSent(id: string, messageId: string): Promise<void> {
    await this.Deliveries.updateOne({ _id: id }, { $set: { status: 'sent', messageId, sentAt: new Date() } });
  }

  async delivery(id: string): Promise<{ status: string; attempts: number; messageId?: string } | null> {
    const d = await this.Deliveries.findOne({ _id: id });
    return d ? { status: d.status, attempts: d.attempts, ...(d.messageId ? { messageId: d.messageId } : {}) } : null;
  }

  async sample(day: string): Promise<Sample | null> {
    const doc = await this.Samples.findOne({ _id: day });
    if (!doc) return null;
    return { day: doc._id, closedOn: doc.closedOn, closedDays: doc.closedDays ?? [doc.closedOn], seed: doc.seed, share: doc.share, minPerExecutor: doc.minPerExecutor, items: doc.items, drawnAt: doc.drawnAt };
  }

  /** Stores the day's sample unless one is stored already (the first draw stands); returns the stored one. */
  async saveSample(s: Sample): Promise<Sample> {
    try {
      await this.Samples.insertOne({ _id: s.day, closedOn: s.closedOn, closedDays: s.closedDays, seed: s.seed, share: s.share, minPerExecutor: s.minPerExecutor, items: s.items, drawnAt: s.drawnAt });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return (await this.sample(s.day))!;
  }
}

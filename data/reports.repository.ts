/** The reporting read models (data/reports.schema.ts): written by the reporting service's projector, read by its reports. */
import type { Connection, mongo } from 'mongoose';
import type { DayEntry, FactEvent, Names, OpenOverdue } from '../domain/reports.ts';
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

/**
 * One write at a time per document key in this process: FerretDB 1.24 on SQLite applies an update as
 * read, modify, replace, so the day documents every request writes into are not raced there (MongoDB
 * would not need it). It holds within one process; the reporting service runs one per database.
 */
class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
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
  closedOn: string;
  seed: string;
  share: number;
  minPerExecutor: number;
  items: SampleItem[];
  drawnAt: Date;
}

interface RequestDoc {
  _id: string;
  /** Bumped by every change of `events`: the condition of the next write. */
  rev?: number;
  events: FactEvent[];
  days: string[];
}
interface DayDoc {
  _id: string;
  r: Record<string, DayEntry>;
}
interface OverdueDoc {
  _id: string;
  since: string;
  executorId: string;
  categoryCode: string;
  district: string;
  deadlineAt: string | null;
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
  private readonly Days: mongo.Collection<DayDoc>;
  private readonly Overdue: mongo.Collection<OverdueDoc>;
  private readonly Names: mongo.Collection<NamesDoc>;
  private readonly Deliveries: mongo.Collection<DeliveryDoc>;
  private readonly Samples: mongo.Collection<SampleDoc>;
  private readonly dayLock = new KeyedLock();

  constructor(private readonly conn: Connection) {
    const c = REPORT_COLLECTIONS;
    this.Requests = conn.collection<RequestDoc>(collectionName(c.requests));
    this.Days = conn.collection<DayDoc>(collectionName(c.days));
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

  /**
   * Adds the event to its request's history unless it is there already. Returns the history after it
   * (one round trip for a new event) and whether the event was new.
   */
  async recordEvent(number: string, event: FactEvent): Promise<{ fresh: boolean; events: FactEvent[]; days: string[] }> {
    // Read, then write only if the history is still the one read (its `rev`): a check on the array
    // itself (`'events.id': {$ne}`) is not evaluated the same way by FerretDB.
    for (let i = 0; i < 10; i++) {
      const doc = await this.Requests.findOne({ _id: number });
      if (doc?.events.some((e) => e.id === event.id)) return { fresh: false, events: doc.events, days: doc.days ?? [] };
      if (!doc) {
        try {
          await this.Requests.insertOne({ _id: number, rev: 1, events: [event], days: [] });
          return { fresh: true, events: [event], days: [] };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          continue;
        }
      }
      const res = await this.Requests.updateOne({ _id: number, rev: doc.rev ?? 0 }, { $push: { events: event }, $inc: { rev: 1 } });
      if (res.modifiedCount === 1) return { fresh: true, events: [...doc.events, event], days: doc.days ?? [] };
    }
    throw new Error(`could not record event ${event.id} of ${number}: its history kept changing`);
  }

  async events(number: string): Promise<{ events: FactEvent[]; days: string[] } | null> {
    const doc = await this.Requests.findOne({ _id: number });
    return doc ? { events: doc.events ?? [], days: doc.days ?? [] } : null;
  }

  /** Sets the request's entry in these days. */
  async putEntries(number: string, entries: ReadonlyArray<[string, DayEntry]>): Promise<void> {
    const key = `r.${number}`;
    await Promise.all(entries.map(([day, entry]) => this.dayLock.run(day, () => upsertOnce(() => this.Days.updateOne({ _id: day }, { $set: { [key]: entry } }, { upsert: true })))));
  }

  /** Removes the request's entry from these days, and records which days it has entries in now. */
  async moveDays(number: string, gone: readonly string[], now: readonly string[]): Promise<void> {
    const key = `r.${number}`;
    await Promise.all(gone.map((day) => this.dayLock.run(day, () => this.Days.updateOne({ _id: day }, { $unset: { [key]: '' } }))));
    await this.Requests.updateOne({ _id: number }, { $set: { days: [...now] } });
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
    await this.dayLock.run(NAMES_ID, () => upsertOnce(() => this.Names.updateOne({ _id: NAMES_ID }, { $set: set }, { upsert: true })));
  }

  async names(): Promise<Names> {
    const doc = await this.Names.findOne({ _id: NAMES_ID });
    return { categories: doc?.categories ?? {}, executors: doc?.executors ?? {} };
  }

  /** The day documents of a period, each read by its `_id`. */
  async days(days: readonly string[]): Promise<Map<string, Record<string, DayEntry>>> {
    const docs = await Promise.all(days.map((d) => this.Days.findOne({ _id: d })));
    const out = new Map<string, Record<string, DayEntry>>();
    docs.forEach((doc, i) => {
      if (doc) out.set(days[i]!, doc.r ?? {});
    });
    return out;
  }

  /** Writes whole day documents (the benchmark's seeding). */
  async putDays(docs: ReadonlyMap<string, Record<string, DayEntry>>): Promise<void> {
    for (const [day, r] of docs) await this.Days.replaceOne({ _id: day }, { r }, { upsert: true });
  }

  async openOverdue(): Promise<OpenOverdue[]> {
    const docs = await this.Overdue.find({}).toArray();
    return docs.map((d) => ({ number: d._id, since: d.since, executorId: d.executorId, categoryCode: d.categoryCode, district: d.district, deadlineAt: d.deadlineAt ?? null }));
  }

  /** Every request's history, for a rebuild from the read model. */
  async *allRequests(): AsyncGenerator<{ number: string; events: FactEvent[]; days: string[] }> {
    for await (const doc of this.Requests.find({})) yield { number: doc._id, events: doc.events ?? [], days: doc.days ?? [] };
  }

  /** Empties the derived models (days, overdue); with `all`, the request histories and names too. */
  async clear(all: boolean): Promise<void> {
    await Promise.all([this.Days.deleteMany({}), this.Overdue.deleteMany({}), ...(all ? [this.Requests.deleteMany({}), this.Names.deleteMany({})] : [])]);
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
    return { day: doc._id, closedOn: doc.closedOn, seed: doc.seed, share: doc.share, minPerExecutor: doc.minPerExecutor, items: doc.items, drawnAt: doc.drawnAt };
  }

  /** Stores the day's sample unless one is stored already (the first draw stands); returns the stored one. */
  async saveSample(s: Sample): Promise<Sample> {
    try {
      await this.Samples.insertOne({ _id: s.day, closedOn: s.closedOn, seed: s.seed, share: s.share, minPerExecutor: s.minPerExecutor, items: s.items, drawnAt: s.drawnAt });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return (await this.sample(s.day))!;
  }
}

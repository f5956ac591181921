/**
 * Sequences for request numbers (5.12): unique, gap-tolerant, never issued twice.
 *
 * The fast path is one `$inc` on the series' counter document (created ahead of time). On MongoDB
 * that is atomic and is the whole story. FerretDB 1.24 (SQLite) does not serialise concurrent
 * updates — measured here: 40 concurrent `$inc`s of one document left it at 2, and conditional
 * (compare-and-set) updates race the same way — so the counter only proposes a number; the number
 * is issued by inserting it into `issued_numbers`, whose unique `_id` both databases enforce. A
 * duplicate-key answer means someone else has it: propose the highest issued number + 1, again.
 */
import type { Connection } from 'mongoose';
import { counterModel, issuedNumberModel, type CounterDoc, type IssuedNumberDoc } from './counters.schema.ts';
import { isDuplicateKey } from './mongo-errors.ts';

const MAX_ATTEMPTS = 200;

export function countersRepository(conn: Connection) {
  const Counters = counterModel(conn);
  const Issued = issuedNumberModel(conn);
  /** The tail of each series' queue of callers in this process. */
  const queues = new Map<string, Promise<void>>();

  async function ensure(series: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await Counters.updateOne({ _id: series }, { $setOnInsert: { seq: 0 } }, { upsert: true });
        return;
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
      }
    }
  }

  async function propose(series: string): Promise<number> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const d = await Counters.findOneAndUpdate({ _id: series }, { $inc: { seq: 1 } }, { returnDocument: 'after' }).lean<CounterDoc>();
      if (d) return d.seq;
      await ensure(series);
    }
    throw new Error(`counter ${series} could not be created`);
  }

  return {
    async init(): Promise<void> {
      await Issued.init();
    },

    /** Creates the series' counter when it is missing (idempotent). */
    ensure,

    /**
     * Issues the next sequence of a series: unique even under concurrent callers on FerretDB. Callers
     * in this process take turns per series, so only other processes' numbers can collide with
     * ours: a collision costs a look-up of the highest issued number, which grows with the series.
     */
    next(series: string): Promise<number> {
      const turn = (queues.get(series) ?? Promise.resolve()).then(() => issue(series));
      const settled = turn.then(
        () => undefined,
        () => undefined,
      );
      queues.set(series, settled);
      void settled.then(() => {
        if (queues.get(series) === settled) queues.delete(series);
      });
      return turn;
    },
  };

  async function issue(series: string): Promise<number> {
    let candidate = await propose(series);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        await Issued.create({ _id: `${series}:${candidate}`, series, seq: candidate, at: new Date() });
        return candidate;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const top = await Issued.findOne({ series }).sort({ seq: -1 }).lean<IssuedNumberDoc>();
      candidate = Math.max(candidate, top?.seq ?? 0) + 1;
    }
    throw new Error(`no free number in ${series} after ${MAX_ATTEMPTS} attempts`);
  }
}

export type CountersRepository = ReturnType<typeof countersRepository>;

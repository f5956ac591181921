/**
 * Sequences for request numbers (5.12): unique, gap-tolerant, never issued twice.
 *
 * The fast path is one `$inc` on the series' counter document (created ahead of time). On MongoDB
 * that is atomic and is the whole story. FerretDB 1.24 (SQLite) does not serialise concurrent
 * updates — measured here: 40 concurrent `$inc`s of one document left it at 2, and conditional
 * (compare-and-set) updates race the same way — so the counter only proposes a number; the number
 * is issued by inserting it into `issued_numbers`, whose unique `_id` both databases enforce. A
 * duplicate-key answer means someone else has it: propose the first free number after it, again,
 * and move the counter past the number issued so the next proposal does not collide the same way.
 * Every look-up is by `_id` alone, the one filter FerretDB on SQLite does not answer by reading the
 * whole collection — and `issued_numbers` grows with every registration.
 */
import type { Connection } from 'mongoose';
import { counterModel, issuedNumberModel, type CounterDoc } from './counters.schema.ts';
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
     * ours: a collision costs a few look-ups by `_id` (logarithmic in how far the counter fell behind).
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
        // The counter was behind: move it past this number ($max never moves it back; were this lost
        // to a concurrent update on FerretDB, the next proposal would only collide and search again).
        if (attempt > 0) await Counters.updateOne({ _id: series }, { $max: { seq: candidate } });
        return candidate;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      candidate = await firstFreeAfter(series, candidate);
    }
    throw new Error(`no free number in ${series} after ${MAX_ATTEMPTS} attempts`);
  }

  /**
   * The first free number after `taken` and the run of issued numbers that follows it: steps that
   * double until a free number, then halving back between the last taken and that free one. Where a
   * number was left out (an attempt that stopped between proposing and issuing) it may be found and
   * issued late, as a lagging counter's proposal would be.
   */
  async function firstFreeAfter(series: string, taken: number): Promise<number> {
    const isTaken = async (seq: number): Promise<boolean> => (await Issued.exists({ _id: `${series}:${seq}` })) !== null;
    let lo = taken;
    let step = 1;
    while (await isTaken(lo + step)) {
      lo += step;
      step *= 2;
    }
    let hi = lo + step;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (await isTaken(mid)) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

export type CountersRepository = ReturnType<typeof countersRepository>;

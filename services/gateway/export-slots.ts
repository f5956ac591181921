/**
 * One running 9.1.3.3 export per user, across every gateway replica. An export reads a registration
 * day after another from the reporting service for as long as its period and its client take, so a
 * user starting many at once (by accident or not) would hold the reporting service and the
 * gateway's sockets for all of them; the second is refused at once with 429 and Retry-After.
 *
 * The slot is a document of `export_slots` whose `_id` is the user's id: inserting it is the one
 * compare-and-set both MongoDB and FerretDB 1.24 enforce (a duplicate `_id` is refused), as for the
 * leases of data/leases.repository.ts. The export renews it while it runs and deletes it (by its
 * token) when it ends; a replica that died during an export leaves it only until it expires
 * (`ttlMs`), then the next export takes it over, and the gateway's housekeeping drops expired ones.
 */
import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { isDuplicateKey } from '../../data/mongo-errors.ts';
import { HttpError } from './http-errors.ts';

export const EXPORT_SLOTS_COLLECTION = 'export_slots';
/** What a refused client is told to wait before trying again: a typical export takes seconds. */
export const EXPORT_RETRY_AFTER_SECONDS = 10;

interface SlotDoc {
  _id: string;
  token: string;
  until: Date;
}

export interface ExportSlots {
  /** Runs `fn` holding the user's export slot; 429 `export_running` with Retry-After while another export of theirs runs. */
  run<T>(userId: string, fn: () => Promise<T>): Promise<T>;
  /** Deletes the slots whose holder stopped renewing them. */
  purgeExpired(now?: Date): Promise<number>;
}

export function exportSlots(db: mongo.Db, opts: { ttlMs: number } = { ttlMs: 60_000 }): ExportSlots {
  const Slots = db.collection<SlotDoc>(EXPORT_SLOTS_COLLECTION);
  const busy = (): HttpError =>
    new HttpError(429, 'export_running', `an export of yours is still running; try again when it has finished (in ${EXPORT_RETRY_AFTER_SECONDS} s)`, {
      retryAfterSeconds: EXPORT_RETRY_AFTER_SECONDS,
    });

  async function acquire(userId: string): Promise<string> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = randomUUID();
      try {
        await Slots.insertOne({ _id: userId, token, until: new Date(Date.now() + opts.ttlMs) });
        return token;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const held = await Slots.findOne({ _id: userId });
      if (held && held.until.getTime() > Date.now()) throw busy();
      // Given back meanwhile, or left by a replica that stopped: taken over (by its token, so a fresh slot is safe).
      if (held) await Slots.deleteOne({ _id: userId, token: held.token });
    }
    throw busy();
  }

  return {
    async run(userId, fn) {
      const token = await acquire(userId);
      const renew = setInterval(() => void Slots.updateOne({ _id: userId, token }, { $set: { until: new Date(Date.now() + opts.ttlMs) } }).catch(() => undefined), Math.max(10, Math.floor(opts.ttlMs / 3)));
      renew.unref();
      try {
        return await fn();
      } finally {
        clearInterval(renew);
        // A failure leaves it to expire.
        await Slots.deleteOne({ _id: userId, token }).catch(() => undefined);
      }
    },
    async purgeExpired(now = new Date()) {
      return (await Slots.deleteMany({ until: { $lte: now } })).deletedCount;
    },
  };
}

/**
 * Limits on guessing and on volume (security item "unlimited guessing", 5.7): failed sign-ins, cabinet
 * registration and phone codes per client address and per login or phone; SMS codes per phone and
 * per account a day; an applicant's requests and uploads a day. Over a limit the answer is 429 with
 * Retry-After.
 *
 * The counters are rate-limiter-flexible limiters on a store of our own in MongoDB, so every gateway
 * replica counts against the same numbers. The library's own Mongo store does not fit FerretDB 1.24:
 * it filters by `{key, $or: [expire…]}` (not pushed down: every sign-in would read the whole
 * collection) and relies on a TTL index FerretDB lacks. This store keeps one document per key and
 * fixed window, `_id` = hash(key)@window-start, changed by one `$inc` upsert by `_id` alone; a loop
 * removes the windows that have ended. Should the database fail, an in-memory limiter per replica
 * stands in (the library's insurance limiter), so guessing stays limited.
 *
 * On MongoDB (production) the `$inc` is atomic and the shared count exact. FerretDB 1.24 on SQLite
 * loses concurrent increments of one document (60 at once left 28), so each replica also counts in
 * memory, exactly, before the shared count: a burst at one replica is held to the limit whatever the
 * store does, and only hits spread over several replicas at the same instant can be under-counted.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { mongo } from 'mongoose';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { isDuplicateKey } from '../../data/mongo-errors.ts';
import { HttpError } from './http-errors.ts';

interface WindowDoc {
  _id: string;
  points: number;
  expire: Date;
}

interface StoreOptions {
  keyPrefix: string;
  points: number;
  duration: number;
  storeClient: unknown;
  insuranceLimiter?: RateLimiterMemory;
}

/** The part of the library's store base class this store implements and uses. */
interface StoreBase {
  readonly points: number;
  readonly duration: number;
  consume(key: string | number, points?: number): Promise<RateLimiterRes>;
  reward(key: string | number, points?: number): Promise<RateLimiterRes>;
}

// rate-limiter-flexible's base class for stores (consume, penalty, insurance, blocking); its index
// exports only the ready-made stores.
const require = createRequire(import.meta.url);
const RateLimiterStoreAbstract = require('rate-limiter-flexible/lib/RateLimiterStoreAbstract.js') as new (opts: StoreOptions) => StoreBase;

export const RATE_LIMITS_COLLECTION = 'rate_limits';

/** A fixed-window limiter whose windows are documents keyed by `_id` (see the module's note). */
export class RateLimiterMongoById extends RateLimiterStoreAbstract {
  private readonly collection: mongo.Collection<WindowDoc>;

  constructor(db: mongo.Db, opts: Omit<StoreOptions, 'storeClient'>) {
    super({ ...opts, storeClient: db });
    this.collection = db.collection<WindowDoc>(RATE_LIMITS_COLLECTION);
  }

  private windowOf(rlKey: string, msDuration: number): { id: string; expire: Date } {
    const start = Math.floor(Date.now() / msDuration) * msDuration;
    const hashed = createHash('sha256').update(rlKey).digest('base64url');
    return { id: `${hashed}@${start}`, expire: new Date(start + msDuration) };
  }

  // The store interface of the base class (called by consume, penalty, reward, get, delete).
  protected async _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<WindowDoc> {
    const { id, expire } = this.windowOf(rlKey, msDuration || this.duration * 1000);
    if (points < 0 && !forceExpire) {
      // A point given back (reward): only to a window that holds one, so a refund arriving after its
      // window ended neither creates a window nor credits the next one.
      const doc = await this.collection.findOneAndUpdate({ _id: id, points: { $gte: -points } }, { $inc: { points } }, { returnDocument: 'after' });
      return doc ?? { _id: id, points: 0, expire };
    }
    const update = forceExpire ? { $set: { points, expire } } : { $inc: { points }, $setOnInsert: { expire } };
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.collection.findOneAndUpdate({ _id: id }, update, { upsert: true, returnDocument: 'after' });
        if (!doc) throw new Error(`rate limit window ${id} was not written`);
        return doc;
      } catch (err) {
        // Two first hits of a window at once: one inserts, the other retries as an update.
        if (!isDuplicateKey(err) || attempt >= 3) throw err;
      }
    }
  }

  protected _getRateLimiterRes(_rlKey: string, changedPoints: number, doc: WindowDoc): RateLimiterRes {
    return new RateLimiterRes(Math.max(this.points - doc.points, 0), Math.max(doc.expire.getTime() - Date.now(), 0), doc.points, doc.points === changedPoints);
  }

  protected _get(rlKey: string): Promise<WindowDoc | null> {
    return this.collection.findOne({ _id: this.windowOf(rlKey, this.duration * 1000).id });
  }

  protected async _delete(rlKey: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: this.windowOf(rlKey, this.duration * 1000).id })).deletedCount > 0;
  }
}

/** Removes the windows that have ended (FerretDB has no TTL index); a small collection, read here only. */
export async function purgeEndedWindows(db: mongo.Db, now = new Date()): Promise<number> {
  return (await db.collection<WindowDoc>(RATE_LIMITS_COLLECTION).deleteMany({ expire: { $lte: now } })).deletedCount;
}

export interface LimitSpec {
  points: number;
  /** Window length in seconds. */
  duration: number;
  /** What the client is told when it is over the limit. */
  message: string;
}

/** The named limits the gateway enforces. */
export type LimitName =
  | 'login.ip'
  | 'login.account'
  | 'register.ip'
  | 'register.phone'
  | 'phoneCode.ip'
  | 'phoneCode.account'
  | 'sms.phone'
  | 'sms.account'
  | 'requests.account'
  | 'uploads.account'
  | 'uploads.staff'
  | 'lookup.ip'
  | 'lookup.client'
  | 'lookup.request';

export interface RateLimits {
  /** Counts one hit of `key` against `name`; over the limit, a 429 (`rate_limited`) with Retry-After. */
  consume(name: LimitName, key: string): Promise<void>;
  /**
   * Gives back the hit `consume` counted, for limits that count failures only (sign-in): the hit is
   * counted before the outcome is known, so concurrent attempts cannot all pass a check made before
   * any of them failed, and given back once the attempt succeeded.
   */
  refund(name: LimitName, key: string): Promise<void>;
}

export function rateLimits(db: mongo.Db, specs: Record<LimitName, LimitSpec>): RateLimits {
  const limiters = new Map(
    Object.entries(specs).map(([name, spec]) => {
      const insuranceLimiter = new RateLimiterMemory({ keyPrefix: name, points: spec.points, duration: spec.duration });
      const local = new RateLimiterMemory({ keyPrefix: `${name}:local`, points: spec.points, duration: spec.duration });
      return [name, { spec, local, limiter: new RateLimiterMongoById(db, { keyPrefix: name, points: spec.points, duration: spec.duration, insuranceLimiter }) }];
    }),
  );
  return {
    async consume(name, key) {
      const entry = limiters.get(name);
      if (!entry) throw new Error(`no rate limit named ${name}`);
      try {
        await entry.local.consume(key);
        await entry.limiter.consume(key);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const retryAfterSeconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        throw new HttpError(429, 'rate_limited', `${entry.spec.message}; try again in ${retryAfterSeconds} s`, { limit: name, retryAfterSeconds });
      }
    },
    async refund(name, key) {
      const entry = limiters.get(name);
      if (!entry) throw new Error(`no rate limit named ${name}`);
      // The in-memory count only while its window (started by the hit being given back) lasts.
      if (((await entry.local.get(key))?.consumedPoints ?? 0) > 0) await entry.local.reward(key);
      await entry.limiter.reward(key);
    },
  };
}

/** The client's address as express sees it (behind TRUST_PROXY, the forwarded one). */
export const clientIp = (req: { ip?: string | undefined; socket: { remoteAddress?: string | undefined } }): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

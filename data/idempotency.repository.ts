/**
 * Idempotency claims. `claim` inserts the key's document; a duplicate-key error — also what FerretDB
 * answers when concurrent upserts race — means another attempt owns the key, so the caller waits
 * for that attempt's result instead of registering a second request. Every decision between
 * competing attempts is an insert against a unique `_id`, never a conditional update: FerretDB 1.24
 * does not serialise concurrent updates of one document (see counters.repository.ts).
 *
 * Claims expire: each lives in the collection of the period it was made in (`ttlMs` long), and is
 * read in that period and the next, so a key is remembered for at least `ttlMs` and at most twice
 * that. `sweep` drops the collections of older periods — one metadata listing and a drop per
 * period, however many claims they hold (FerretDB has no TTL index).
 */
import type { Connection, Model } from 'mongoose';
import { claimModel, LEGACY_COLLECTIONS, periodOfCollection, takeoverModel, type ClaimDoc } from './idempotency.schema.ts';
import { isDuplicateKey } from './mongo-errors.ts';

export type Claim = Omit<ClaimDoc, '_id'> & { key: string; /** The period whose collection holds it. */ period: number };

/** How long a key is remembered at least, unless configured (IDEMPOTENCY_TTL_HOURS). */
export const DEFAULT_IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

const toClaim = ({ _id, ...rest }: ClaimDoc, period: number): Claim => ({ key: _id, period, ...rest });

export interface IdempotencyOptions {
  ttlMs?: number;
  /** The clock (tests move it across periods). */
  now?: () => number;
}

export function idempotencyRepository(conn: Connection, opts: IdempotencyOptions = {}) {
  const ttlMs = opts.ttlMs ?? DEFAULT_IDEMPOTENCY_TTL_MS;
  const now = opts.now ?? Date.now;
  const periodNow = (): number => Math.floor(now() / ttlMs);
  const Claims = (p: number): Model<ClaimDoc> => claimModel(conn, p);

  /** The claim of `key` in the current period, else the one before; each read is by `_id` alone. */
  async function find(key: string): Promise<Claim | null> {
    const p = periodNow();
    for (const period of [p, p - 1]) {
      const d = await Claims(period).findById(key).lean<ClaimDoc>();
      if (d) return toClaim(d, period);
    }
    return null;
  }

  /** The claim's period if `owner` still holds it: a take-over hands it to another attempt, whose writes alone count from then on. */
  const ownedBy = async (key: string, owner: string): Promise<number | null> => {
    const c = await find(key);
    return c?.owner === owner ? c.period : null;
  };

  /**
   * Drops the claims (and take-overs) of every period before the one before now: the keys they
   * hold are past their time. Returns the collections dropped. Safe to run from several processes.
   */
  async function sweep(): Promise<string[]> {
    const db = conn.db;
    if (!db) throw new Error('MongoDB is not connected');
    const keepFrom = periodNow() - 1;
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const old = names.filter((n) => {
      const p = periodOfCollection(n);
      return p !== null ? p < keepFrom : (LEGACY_COLLECTIONS as readonly string[]).includes(n);
    });
    const dropped: string[] = [];
    for (const name of old) {
      try {
        await db.dropCollection(name);
        dropped.push(name);
      } catch (err) {
        // Another process dropped it first.
        if ((err as { codeName?: string }).codeName !== 'NamespaceNotFound') throw err;
      }
      const p = periodOfCollection(name);
      if (p !== null) for (const model of [`IdempotencyClaim_${p}`, `IdempotencyTakeover_${p}`]) if (conn.models[model]) conn.deleteModel(model);
    }
    return dropped;
  }

  return {
    ttlMs,

    sweep,

    async init(): Promise<void> {
      const p = periodNow();
      await Promise.all([Claims(p).init(), takeoverModel(conn, p).init()]);
    },

    /** Claims the key for `owner`; `claimed: false` returns the claim someone else holds. */
    async claim(key: string, fingerprint: string, owner: string): Promise<{ claimed: true } | { claimed: false; claim: Claim }> {
      for (;;) {
        const p = periodNow();
        // Made in the period before and not expired yet: it still answers.
        const earlier = await Claims(p - 1).findById(key).lean<ClaimDoc>();
        if (earlier) return { claimed: false, claim: toClaim(earlier, p - 1) };
        try {
          const at = new Date(now());
          await Claims(p).create({ _id: key, fingerprint, state: 'pending', owner, generation: 0, claimedAt: at, createdAt: at });
          return { claimed: true };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const existing = await Claims(p).findById(key).lean<ClaimDoc>();
        // Released between our insert and this read: try to claim it again.
        if (existing) return { claimed: false, claim: toClaim(existing, p) };
      }
    },

    get: find,

    /**
     * Takes over a failed, abandoned or refused claim as seen in `seen`; false when another attempt
     * took it first. `fingerprint`: a corrected request takes over a refused one under the same key.
     */
    async takeOver(seen: Claim, to: string, fingerprint?: string): Promise<boolean> {
      const generation = (seen.generation ?? 0) + 1;
      try {
        await takeoverModel(conn, seen.period).create({ _id: `${seen.key}#${generation}`, owner: to, at: new Date(now()) });
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      await Claims(seen.period).updateOne({ _id: seen.key }, { $set: { owner: to, generation, state: 'pending', claimedAt: new Date(now()), ...(fingerprint ? { fingerprint } : {}) }, $unset: { reply: 1 } });
      return true;
    },

    // The owner's own writes read the claim by `_id` and check the owner in code, never in the filter:
    // FerretDB on SQLite reads every document of the collection for any filter but `{_id}` alone.
    // Read–check–write is safe because only the owner writes a pending claim: the one other writer
    // is `takeOver`, and it may take only a claim that failed (its owner wrote that last) or went
    // stale (its owner stopped for `staleMs`, far longer than this read and write). A conditional
    // update would decide no more on FerretDB 1.24, which does not isolate concurrent updates anyway.

    async setNumber(key: string, owner: string, number: string): Promise<void> {
      const p = await ownedBy(key, owner);
      if (p !== null) await Claims(p).updateOne({ _id: key }, { $set: { number } });
    },

    async complete(key: string, owner: string, reply: unknown): Promise<void> {
      const p = await ownedBy(key, owner);
      if (p !== null) await Claims(p).updateOne({ _id: key }, { $set: { state: 'done', reply } });
    },

    /** The attempt failed after issuing a number: a retry takes over at once and reuses the number. */
    async fail(key: string, owner: string): Promise<void> {
      const p = await ownedBy(key, owner);
      if (p !== null) await Claims(p).updateOne({ _id: key }, { $set: { state: 'failed' } });
    },

    /** The attempt was refused before anything was issued: the refusal is the answer to every retry of the same request. */
    async refuse(key: string, owner: string, reply: unknown): Promise<void> {
      const p = await ownedBy(key, owner);
      if (p !== null) await Claims(p).updateOne({ _id: key }, { $set: { state: 'refused', reply } });
    },

    /** The attempt could not be judged (a technical refusal): forget the key, so a retry is judged afresh. */
    async release(key: string, owner: string): Promise<void> {
      const p = await ownedBy(key, owner);
      if (p !== null) await Claims(p).deleteOne({ _id: key });
    },

    /** Sweeps every `everyMs` until stopped (the intake service runs it). */
    startSweeping(everyMs: number, onError: (err: unknown) => void): { stop(): void } {
      const timer = setInterval(() => {
        sweep().catch(onError);
      }, everyMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof idempotencyRepository>;

/**
 * Idempotency claims. `claim` inserts the key's document; a duplicate-key error — also what FerretDB
 * answers when concurrent upserts race — means another attempt owns the key, so the caller waits
 * for that attempt's result instead of registering a second request. Every decision between
 * competing attempts is an insert against a unique `_id`, never a conditional update: FerretDB 1.24
 * does not serialise concurrent updates of one document (see counters.repository.ts).
 */
import type { Connection } from 'mongoose';
import { claimModel, takeoverModel, type ClaimDoc } from './idempotency.schema.ts';
import { isDuplicateKey } from './mongo-errors.ts';

export type Claim = Omit<ClaimDoc, '_id'> & { key: string };

const toClaim = ({ _id, ...rest }: ClaimDoc): Claim => ({ key: _id, ...rest });

export function idempotencyRepository(conn: Connection) {
  const Claims = claimModel(conn);
  const Takeovers = takeoverModel(conn);
  /** Whether `owner` still holds the claim: a take-over hands it to another attempt, whose writes alone count from then on. */
  const ownedBy = async (key: string, owner: string): Promise<boolean> => (await Claims.findById(key, { owner: 1 }).lean<Pick<ClaimDoc, 'owner'>>())?.owner === owner;
  return {
    async init(): Promise<void> {
      await Promise.all([Claims.init(), Takeovers.init()]);
    },

    /** Claims the key for `owner`; `claimed: false` returns the claim someone else holds. */
    async claim(key: string, fingerprint: string, owner: string): Promise<{ claimed: true } | { claimed: false; claim: Claim }> {
      for (;;) {
        try {
          const now = new Date();
          await Claims.create({ _id: key, fingerprint, state: 'pending', owner, generation: 0, claimedAt: now, createdAt: now });
          return { claimed: true };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const existing = await Claims.findById(key).lean<ClaimDoc>();
        // Released between our insert and this read: try to claim it again.
        if (existing) return { claimed: false, claim: toClaim(existing) };
      }
    },

    async get(key: string): Promise<Claim | null> {
      const d = await Claims.findById(key).lean<ClaimDoc>();
      return d ? toClaim(d) : null;
    },

    /** Takes over a failed or abandoned claim as seen in `seen`; false when another attempt took it first. */
    async takeOver(seen: Claim, to: string): Promise<boolean> {
      const generation = (seen.generation ?? 0) + 1;
      try {
        await Takeovers.create({ _id: `${seen.key}#${generation}`, owner: to, at: new Date() });
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      await Claims.updateOne({ _id: seen.key }, { $set: { owner: to, generation, state: 'pending', claimedAt: new Date() } });
      return true;
    },

    // The owner's own writes read the claim by `_id` and check the owner in code, never in the filter:
    // FerretDB on SQLite reads every document of the collection for any filter but `{_id}` alone.
    // Read–check–write is safe because only the owner writes a pending claim: the one other writer
    // is `takeOver`, and it may take only a claim that failed (its owner wrote that last) or went
    // stale (its owner stopped for `staleMs`, far longer than this read and write). A conditional
    // update would decide no more on FerretDB 1.24, which does not isolate concurrent updates anyway.

    async setNumber(key: string, owner: string, number: string): Promise<void> {
      if (await ownedBy(key, owner)) await Claims.updateOne({ _id: key }, { $set: { number } });
    },

    async complete(key: string, owner: string, reply: unknown): Promise<void> {
      if (await ownedBy(key, owner)) await Claims.updateOne({ _id: key }, { $set: { state: 'done', reply } });
    },

    /** The attempt failed after issuing a number: a retry takes over at once and reuses the number. */
    async fail(key: string, owner: string): Promise<void> {
      if (await ownedBy(key, owner)) await Claims.updateOne({ _id: key }, { $set: { state: 'failed' } });
    },

    /** The attempt was refused before anything was issued: forget the key, so a corrected retry is judged afresh. */
    async release(key: string, owner: string): Promise<void> {
      if (await ownedBy(key, owner)) await Claims.deleteOne({ _id: key });
    },
  };
}

export type IdempotencyRepository = ReturnType<typeof idempotencyRepository>;

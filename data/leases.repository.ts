/**
 * Leases: one holder at a time per key among all the processes sharing a database, on what
 * FerretDB 1.24 runs. FerretDB on SQLite serialises neither `$inc` nor compare-and-set updates of
 * one document (data/counters.repository.ts), so the lease is taken the one way both databases
 * enforce: inserting a document whose `_id` is the key (E11000 means someone holds it). It is given
 * back by deleting the document with the holder's token. A holder that crashed keeps it only until
 * its expiry; then the next taker deletes it (by `_id` and that holder's token) and inserts its own.
 * A live holder renews its leases while it holds them, so only a process stalled for longer than
 * the lease can lose one while working.
 *
 * Within the process, callers of one key take turns in memory first, and the lease is held while
 * any of them waits: a run of work on one key costs one insert and one delete in all. So that a busy
 * key is shared, a process kept waiting marks the key wanted (a document of its own, `<key>#wanted`),
 * and a holder that has kept the key for a while gives it up between two of its callers when it is.
 */
import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';
import { isDuplicateKey } from './mongo-errors.ts';

export interface LeaseDoc {
  _id: string;
  owner: string;
  token: string;
  until: Date;
}

export interface LeaseOptions {
  /** Names the holder in the lease documents (the process's instance id). */
  owner: string;
  /** How long a lease outlives a holder that stopped renewing it. */
  ttlMs: number;
  /** How long a caller waits for another holder before it gives up (its message is then redelivered). */
  waitMs: number;
}

interface Turn {
  tail: Promise<unknown>;
  queued: number;
  token?: string;
  /** When the lease was taken. */
  since?: number;
  /** Given up to a waiting process: this process's callers wait until then before taking it again. */
  yieldUntil?: number;
}

/** How long a holder keeps a key its callers still queue for before it looks whether another process wants it. */
const SLICE_MS = 50;
/** A waiting process looks again at least this often; a holder that gives way pauses longer, so the waiter gets in. */
const POLL_MAX_MS = 30;
const YIELD_MS = 2 * POLL_MAX_MS;
const wanted = (key: string): string => `${key}#wanted`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Leases {
  private readonly turns = new Map<string, Turn>();
  private renewer: NodeJS.Timeout | undefined;

  constructor(
    private readonly Leases: mongo.Collection<LeaseDoc>,
    private readonly opts: LeaseOptions,
  ) {}

  /** Runs `fn` holding the key's lease: no other process (and no other caller here) runs work on the key meanwhile. */
  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let turn = this.turns.get(key);
    if (!turn) this.turns.set(key, (turn = { tail: Promise.resolve(), queued: 0 }));
    const t = turn;
    t.queued += 1;
    const run = t.tail.then(async () => {
      try {
        if (!t.token) {
          if (t.yieldUntil && t.yieldUntil > Date.now()) await sleep(t.yieldUntil - Date.now());
          t.token = await this.acquire(key);
          t.since = Date.now();
          this.renewWhileHeld();
        }
        return await fn();
      } finally {
        t.queued -= 1;
        if (t.queued > 0 && t.token && Date.now() - (t.since ?? 0) >= SLICE_MS) {
          const want = await this.Leases.findOne({ _id: wanted(key) }).catch(() => null);
          if (want && want.until.getTime() > Date.now()) {
            const token = t.token;
            t.token = undefined;
            t.yieldUntil = Date.now() + YIELD_MS;
            await this.release(key, token);
          } else {
            t.since = Date.now();
          }
        }
        if (t.queued === 0) {
          const token = t.token;
          t.token = undefined;
          // Given back inside the turn: a caller arriving meanwhile waits for it and takes a fresh lease.
          if (token) await this.release(key, token);
          if (t.queued === 0 && this.turns.get(key) === t) this.turns.delete(key);
          if (![...this.turns.values()].some((x) => x.token) && this.renewer) {
            clearInterval(this.renewer);
            this.renewer = undefined;
          }
        }
      }
    });
    t.tail = run.catch(() => undefined);
    return run;
  }

  private async acquire(key: string): Promise<string> {
    const deadline = Date.now() + this.opts.waitMs;
    let waited = false;
    for (let attempt = 0; ; attempt++) {
      const token = randomUUID();
      try {
        await this.Leases.insertOne({ _id: key, owner: this.opts.owner, token, until: new Date(Date.now() + this.opts.ttlMs) });
        // Wanted no longer (another waiter marks it again on its next looks).
        if (waited) await this.Leases.deleteOne({ _id: wanted(key) }).catch(() => undefined);
        return token;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const held = await this.Leases.findOne({ _id: key });
      if (!held) continue; // given back meanwhile
      if (held.until.getTime() < Date.now()) {
        // Its holder stopped renewing it (crashed): taken over. The token keeps a fresh lease safe from this delete.
        await this.Leases.deleteOne({ _id: key, token: held.token });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${key} is held by ${held.owner}`);
      if (attempt % 8 === 0) {
        waited = true;
        // Only waiters write the mark, all the same way: a lost concurrent write loses nothing.
        await this.Leases.updateOne({ _id: wanted(key) }, { $set: { owner: this.opts.owner, token: '', until: new Date(Date.now() + 2 * YIELD_MS) } }, { upsert: true }).catch(() => undefined);
      }
      await sleep(Math.min(2 * 1.5 ** attempt, POLL_MAX_MS / 1.5) * (0.5 + Math.random()));
    }
  }

  private async release(key: string, token: string): Promise<void> {
    // A failure leaves it to expire: the work under it is done already.
    await this.Leases.deleteOne({ _id: key, token }).catch(() => undefined);
  }

  private renewWhileHeld(): void {
    if (this.renewer) return;
    this.renewer = setInterval(() => {
      for (const [key, t] of this.turns) {
        if (t.token) void this.Leases.updateOne({ _id: key, token: t.token }, { $set: { until: new Date(Date.now() + this.opts.ttlMs) } }).catch(() => undefined);
      }
    }, Math.max(10, Math.floor(this.opts.ttlMs / 3)));
    this.renewer.unref();
  }
}

/**
 * Refusal memos and blocked numbers (5.7): the read model the memo workflow projects each step into
 * (`applyTransition`, version-guarded, so a retried activity writes nothing twice), and what the
 * staff lists and intake read from it. The workflow is the one writer of a memo; its events go to
 * the one outbox (`request_outbox`, key `memo:<id>`) that the outbox relay publishes and sweeps.
 */
import type mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import type { MemoEvent } from '../contracts/events.ts';
import { memoCardSchema, memoViewOf, type MemoActor, type MemoCard, type MemoStatus, type MemoView, type RefusalReason } from '../contracts/memos.ts';
import { MEMO_AWAITING_COLLECTION, MEMO_AWAITING_STATUS, memoModel, type MemoAwaitingDoc, type MemoDoc } from './memos.schema.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { requestModels, type OutboxDoc } from './requests.schema.ts';

export { MEMO_STATUSES, REFUSAL_REASONS, type MemoStatus, type RefusalReason } from './memos.schema.ts';
export type { MemoView } from '../contracts/memos.ts';

export interface BlockedNumber {
  phone: string;
  memoId: string;
  reason: RefusalReason;
  blockedAt: string;
  blockedBy: MemoActor;
  /** Present when the number has since been unblocked (the audit trail of the unblock). */
  unblocked?: { by: MemoActor; at: string; reason: string };
}

/** The outbox key of a memo's events (`request_outbox.number`): the relay keeps a key's events in order. */
export const memoOutboxKey = (id: string): string => `memo:${id}`;

const actorOf = (a: MemoActor): MemoActor => ({ id: a.id, role: a.role, ...(a.name ? { name: a.name } : {}) });
const isoOf = (d: Date | string): string => new Date(d).toISOString();
const dateOf = (s: string): Date => new Date(s);

/** 5.7: the instants of the clock on ICT, stored as dates like the others. */
const ICT_CLOCK_FIELDS = ['ictRemindAt', 'ictEscalateAt', 'ictRemindedAt', 'ictEscalatedAt'] as const;

/** The stored document as a card; one written before the memo workflow gets a version per history entry. */
function toCard(d: MemoDoc): MemoCard {
  return memoCardSchema.parse({
    id: d._id,
    version: d.version ?? d.history.length,
    phone: d.phone,
    reason: d.reason,
    text: d.text,
    status: d.status,
    createdBy: actorOf(d.createdBy),
    createdAt: isoOf(d.createdAt),
    ...(d.decision ? { decision: { approve: d.decision.approve, note: d.decision.note ?? '', by: actorOf(d.decision.by), at: isoOf(d.decision.at) } } : {}),
    ...(d.blocked ? { blocked: { by: actorOf(d.blocked.by), at: isoOf(d.blocked.at) } } : {}),
    ...(d.unblocked ? { unblocked: { by: actorOf(d.unblocked.by), at: isoOf(d.unblocked.at), reason: d.unblocked.reason } } : {}),
    ...(d.remindedAt ? { remindedAt: isoOf(d.remindedAt) } : {}),
    ...Object.fromEntries(ICT_CLOCK_FIELDS.filter((k) => d[k]).map((k) => [k, isoOf(d[k]!)])),
    history: d.history.map((h) => ({ at: isoOf(h.at), actor: actorOf(h.actor), action: h.action, ...(h.note ? { note: h.note } : {}) })),
  });
}

function toDoc(c: MemoCard): MemoDoc {
  return {
    _id: c.id,
    version: c.version,
    phone: c.phone,
    reason: c.reason,
    text: c.text,
    status: c.status,
    createdBy: c.createdBy,
    createdAt: dateOf(c.createdAt),
    ...(c.decision ? { decision: { ...c.decision, at: dateOf(c.decision.at) } } : {}),
    ...(c.blocked ? { blocked: { ...c.blocked, at: dateOf(c.blocked.at) } } : {}),
    ...(c.unblocked ? { unblocked: { ...c.unblocked, at: dateOf(c.unblocked.at) } } : {}),
    ...(c.remindedAt ? { remindedAt: dateOf(c.remindedAt) } : {}),
    ...Object.fromEntries(ICT_CLOCK_FIELDS.filter((k) => c[k]).map((k) => [k, dateOf(c[k]!)])),
    history: c.history.map((h) => ({ ...h, at: dateOf(h.at) })),
  };
}

export function memosRepository(conn: Connection) {
  const Memos = memoModel(conn);
  const { Outbox } = requestModels(conn);
  const memos = Memos.collection as unknown as mongoose.mongo.Collection<MemoDoc>;
  const outbox = Outbox.collection as unknown as mongoose.mongo.Collection<OutboxDoc>;
  const awaiting = conn.collection<MemoAwaitingDoc>(MEMO_AWAITING_COLLECTION);

  /** A first insert racing another can lose with E11000; the document is there either way. */
  const upserting = async (write: () => Promise<unknown>): Promise<void> => {
    try {
      await write();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await write();
    }
  };

  return {
    async init(): Promise<void> {
      await Promise.all([Memos.init(), Outbox.init()]);
    },

    /**
     * Writes one step of a memo: its events into the outbox, then the card, unless the read model
     * already holds this version or a later one (a retry). By `_id` only. False when nothing was written.
     */
    async applyTransition(card: MemoCard, events: MemoEvent[]): Promise<boolean> {
      const stored = await Memos.findById(card.id, { version: 1, history: 1 }).lean<Pick<MemoDoc, 'version' | 'history'>>();
      if (stored && (stored.version ?? stored.history.length) >= card.version) return false;
      if (events.length > 0) {
        const key = memoOutboxKey(card.id);
        const entry: OutboxDoc = { _id: `${key}#${card.version}`, number: key, version: card.version, events, at: new Date().toISOString() };
        await upserting(() => outbox.updateOne({ _id: entry._id }, { $setOnInsert: entry }, { upsert: true }));
      }
      // Before the card, like the outbox: a retry after a crash here writes it again (both writes are idempotent).
      if (card.status === MEMO_AWAITING_STATUS) await upserting(() => awaiting.replaceOne({ _id: card.id }, { createdAt: dateOf(card.createdAt) }, { upsert: true }));
      else await awaiting.deleteOne({ _id: card.id });
      await upserting(() => memos.replaceOne({ _id: card.id }, toDoc(card), { upsert: true }));
      return true;
    },

    /** How many memos await the managers' decision: the size of `memo_awaiting`, which holds only those. */
    async awaitingDecision(): Promise<number> {
      return awaiting.countDocuments({});
    },

    /**
     * Fills `memo_awaiting` from the memos the first time it is needed (the collection is absent:
     * memos written before it was kept). The worker runs it at start, before its memo activities
     * run; a scan of `memos`, once. Returns how many it filed.
     */
    async fillAwaiting(): Promise<number> {
      const exists = (await conn.db!.listCollections({ name: MEMO_AWAITING_COLLECTION }, { nameOnly: true }).toArray()).length > 0;
      if (exists) return 0;
      await conn.db!.createCollection(MEMO_AWAITING_COLLECTION).catch(() => undefined);
      let filed = 0;
      for await (const d of memos.find({ status: MEMO_AWAITING_STATUS }, { projection: { _id: 1, createdAt: 1 } })) {
        await upserting(() => awaiting.replaceOne({ _id: d._id }, { createdAt: d.createdAt }, { upsert: true }));
        filed++;
      }
      return filed;
    },

    /**
     * Memos written before the memo workflow kept their events in an `outbox` field of their own,
     * published by a relay of their own that recorded each acknowledged event in
     * `memo_events_published`. This moves the events JetStream never acknowledged into the one
     * outbox (entry `memo:<id>#0`, ahead of any step a workflow takes) and drops the field, so the
     * outbox sweeper publishes them. Idempotent; the worker runs it at start (a scan of `memos`, once).
     * Returns how many events it moved.
     */
    async moveLegacyOutboxes(): Promise<number> {
      const legacy = Memos.collection as unknown as mongoose.mongo.Collection<{ _id: string; outbox?: Record<string, MemoEvent> }>;
      const published = conn.collection<{ _id: string }>('memo_events_published');
      let moved = 0;
      for (const d of await legacy.find({ outbox: { $exists: true } }, { projection: { _id: 1, outbox: 1 } }).toArray()) {
        const events = Object.values(d.outbox ?? {});
        const ids = events.map((e) => e.id);
        const done = new Set(ids.length > 0 ? (await published.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()).map((p) => p._id) : []);
        const pending = events.filter((e) => !done.has(e.id)).sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
        if (pending.length > 0) {
          const key = memoOutboxKey(d._id);
          const entry: OutboxDoc = { _id: `${key}#0`, number: key, version: 0, events: pending, at: new Date().toISOString() };
          await upserting(() => outbox.updateOne({ _id: entry._id }, { $setOnInsert: entry }, { upsert: true }));
          moved += pending.length;
        }
        await legacy.updateOne({ _id: d._id }, { $unset: { outbox: '', outboxSince: '' } });
      }
      return moved;
    },

    async card(id: string): Promise<MemoCard | null> {
      const d = await Memos.findById(id).lean<MemoDoc>();
      return d ? toCard(d) : null;
    },

    async byId(id: string): Promise<MemoView | null> {
      const d = await Memos.findById(id).lean<MemoDoc>();
      return d ? memoViewOf(toCard(d)) : null;
    },

    async list(f: { status?: MemoStatus; phone?: string; page: number; pageSize: number }): Promise<{ items: MemoView[]; total: number }> {
      const q: Record<string, unknown> = {};
      if (f.status) q.status = f.status;
      if (f.phone) q.phone = f.phone;
      const [docs, total] = await Promise.all([
        Memos.find(q).sort({ createdAt: -1 }).skip((f.page - 1) * f.pageSize).limit(f.pageSize).lean<MemoDoc[]>(),
        Memos.countDocuments(q),
      ]);
      return { items: docs.map((d) => memoViewOf(toCard(d))), total };
    },

    async isBlocked(phone: string): Promise<boolean> {
      return (await Memos.exists({ phone, status: 'blocked' })) !== null;
    },

    /** The memos that block a number now (an unblock asks each one's workflow). */
    async blockingMemoIds(phone: string): Promise<string[]> {
      return (await Memos.find({ phone, status: 'blocked' }, { _id: 1 }).lean<Array<{ _id: string }>>()).map((d) => d._id);
    },

    /** Blocked numbers; with `includeUnblocked`, also the audited unblocks. */
    async blockedNumbers(opts: { includeUnblocked: boolean; phone?: string }): Promise<BlockedNumber[]> {
      const q: Record<string, unknown> = { status: opts.includeUnblocked ? { $in: ['blocked', 'unblocked'] } : 'blocked' };
      if (opts.phone) q.phone = opts.phone;
      const docs = await Memos.find(q).sort({ createdAt: -1 }).lean<MemoDoc[]>();
      return docs
        .filter((d) => d.blocked)
        .map((d) => ({
          phone: d.phone,
          memoId: d._id,
          reason: d.reason,
          blockedAt: isoOf(d.blocked!.at),
          blockedBy: actorOf(d.blocked!.by),
          ...(d.unblocked ? { unblocked: { by: actorOf(d.unblocked.by), at: isoOf(d.unblocked.at), reason: d.unblocked.reason } } : {}),
        }));
    },
  };
}

export type MemosRepository = ReturnType<typeof memosRepository>;

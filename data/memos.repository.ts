/**
 * Refusal memos and blocked numbers (5.7). Each transition is a single conditional update (so two
 * managers cannot both decide a memo) that also records the history entry and the event to publish.
 */
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { MemoEvent } from '../contracts/events.ts';
import { DomainError } from '../domain/errors.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { memoModel, memoPublishedModel, memoStepModel, type MemoActor, type MemoDoc, type MemoHistoryEntry, type MemoStatus, type MemoStepDoc, type RefusalReason } from './memos.schema.ts';

export { MEMO_STATUSES, REFUSAL_REASONS, type MemoStatus, type RefusalReason } from './memos.schema.ts';

export interface MemoView {
  id: string;
  phone: string;
  reason: RefusalReason;
  text: string;
  status: MemoStatus;
  createdBy: MemoActor;
  createdAt: string;
  decision?: { approve: boolean; note: string; by: MemoActor; at: string };
  blocked?: { by: MemoActor; at: string };
  unblocked?: { by: MemoActor; at: string; reason: string };
  history: Array<{ at: string; actor: MemoActor; action: string; note?: string }>;
}

export interface BlockedNumber {
  phone: string;
  memoId: string;
  reason: RefusalReason;
  blockedAt: string;
  blockedBy: MemoActor;
  /** Present when the number has since been unblocked (the audit trail of the unblock). */
  unblocked?: { by: MemoActor; at: string; reason: string };
}

const actorOf = (a: MemoActor): MemoActor => ({ id: a.id, role: a.role, ...(a.name ? { name: a.name } : {}) });

function toView(d: MemoDoc): MemoView {
  return {
    id: d._id,
    phone: d.phone,
    reason: d.reason,
    text: d.text,
    status: d.status,
    createdBy: actorOf(d.createdBy),
    createdAt: d.createdAt.toISOString(),
    ...(d.decision ? { decision: { approve: d.decision.approve, note: d.decision.note, by: actorOf(d.decision.by), at: d.decision.at.toISOString() } } : {}),
    ...(d.blocked ? { blocked: { by: actorOf(d.blocked.by), at: d.blocked.at.toISOString() } } : {}),
    ...(d.unblocked ? { unblocked: { by: actorOf(d.unblocked.by), at: d.unblocked.at.toISOString(), reason: d.unblocked.reason } } : {}),
    history: d.history.map((h) => ({ at: h.at.toISOString(), actor: actorOf(h.actor), action: h.action, ...(h.note ? { note: h.note } : {}) })),
  };
}

type MemoEventType = MemoEvent['type'];

/** A step record this old on a memo that never moved on is a crashed step (see takeStep). */
export const STALE_STEP_MS = 30_000;

/** A memo's events JetStream does not have yet, in the order they happened. */
export interface MemoOutbox {
  memoId: string;
  events: MemoEvent[];
}

/**
 * How long a memo's events must have waited before the sweeper relays them: the relay right after a
 * change handles fresh ones, and the age keeps the sweeper off a memo a step is writing now (as the
 * request outbox's sweeper does, activities/outbox.ts).
 */
export const MEMO_SWEEP_MIN_AGE_MS = 30_000;

/** How far back the sweeper looks for memo events JetStream never acknowledged. */
export const MEMO_SWEEP_HORIZON_MS = 30 * 86_400_000;

/** The fields a write that adds an event sets with it. */
const withEvent = (ev: MemoEvent, at: Date): Record<string, unknown> => ({ [`outbox.${ev.id}`]: ev, outboxSince: at.toISOString() });

function eventOf(type: MemoEventType, d: Pick<MemoDoc, '_id' | 'phone' | 'reason' | 'text'>, status: MemoStatus, actor: MemoActor, at: Date, notify: string[], note?: string): MemoEvent {
  return {
    id: randomUUID(),
    type,
    occurredAt: at.toISOString(),
    actor: { id: actor.id, role: actor.role as MemoEvent['actor']['role'], ...(actor.name ? { name: actor.name } : {}) },
    data: { memoId: d._id, phone: d.phone, reason: d.reason, text: d.text, status, notify, ...(note ? { note } : {}) },
  };
}

export function memosRepository(conn: Connection) {
  const Memos = memoModel(conn);
  const Steps = memoStepModel(conn);
  const Published = memoPublishedModel(conn);

  /** The events of these memo documents that JetStream has not acknowledged, per memo, oldest first. */
  async function unpublished(docs: Array<Pick<MemoDoc, '_id' | 'outbox'>>): Promise<MemoOutbox[]> {
    const ids = docs.flatMap((d) => Object.keys(d.outbox ?? {}));
    if (ids.length === 0) return [];
    const done = new Set((await Published.find({ _id: { $in: ids } }, { _id: 1 }).lean<Array<{ _id: string }>>()).map((p) => p._id));
    return docs
      .map((d) => ({
        memoId: d._id,
        events: Object.values(d.outbox ?? {})
          .filter((e) => !done.has(e.id))
          .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)),
      }))
      .filter((b) => b.events.length > 0);
  }

  /**
   * Takes a one-time step on a memo; false when someone else holds it. The step record and the memo
   * change are two writes, so a process dying between them would leave the memo stuck in `expected`
   * for good: a step record older than STALE_STEP_MS on a memo still in `expected` is taken over.
   * The insert against the unique `_id` stays the only arbiter (FerretDB 1.24 does not isolate
   * concurrent updates of one document): the stale record is deleted only if it is still that same
   * record (`{_id, at}`), and the taker is whoever's insert then succeeds.
   */
  async function takeStep(id: string, step: 'decision' | 'block' | 'unblock', actor: MemoActor, expected: MemoStatus): Promise<boolean> {
    const _id = `${id}:${step}`;
    const insert = async (): Promise<boolean> => {
      try {
        await Steps.create({ _id, by: actor.id, at: new Date() });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    };
    if (await insert()) return true;
    const held = await Steps.findById(_id).lean<MemoStepDoc>();
    if (!held) return insert();
    if (Date.now() - held.at.getTime() < STALE_STEP_MS) return false;
    const memo = await Memos.findById(id, { status: 1 }).lean<Pick<MemoDoc, 'status'>>();
    if (memo?.status !== expected) return false;
    await Steps.deleteOne({ _id, at: held.at });
    return insert();
  }

  /** Why a conditional update matched nothing: the memo is missing (404) or in another status (409). */
  async function refusal(id: string, expected: MemoStatus, action: string): Promise<DomainError> {
    const d = await Memos.findById(id).lean<MemoDoc>();
    if (!d) return new DomainError('not_found', `no memo ${id}`, { memoId: id });
    if (d.status === expected) return new DomainError('wrong_status', `someone else is taking this step on memo ${id} right now`, { status: d.status });
    return new DomainError('wrong_status', `memo ${id} is ${d.status}; ${action} needs it ${expected}`, { status: d.status, expected });
  }

  return {
    async init(): Promise<void> {
      await Promise.all([Memos.init(), Steps.init(), Published.init()]);
    },

    /** The worker's refusal and memo (5.7): no request number is issued. */
    async create(input: { phone: string; reason: RefusalReason; text: string }, actor: MemoActor, notify: string[]): Promise<MemoView> {
      const at = new Date();
      const _id = randomUUID();
      const ev = eventOf('memo.created', { _id, ...input }, 'pending_approval', actor, at, notify);
      const history: MemoHistoryEntry[] = [{ at, actor: actorOf(actor), action: 'created' }];
      const doc = await Memos.create({
        _id,
        ...input,
        status: 'pending_approval',
        createdBy: actorOf(actor),
        createdAt: at,
        history,
        outbox: { [ev.id]: ev },
        outboxSince: at.toISOString(),
      });
      return toView(doc.toObject());
    },

    /** The manager's approval or rejection of a pending memo. */
    async decide(id: string, decision: { approve: boolean; note: string }, actor: MemoActor, notify: string[]): Promise<MemoView> {
      const at = new Date();
      const current = await Memos.findById(id).lean<MemoDoc>();
      if (!current) throw new DomainError('not_found', `no memo ${id}`, { memoId: id });
      if (current.status !== 'pending_approval' || !(await takeStep(id, 'decision', actor, 'pending_approval'))) throw await refusal(id, 'pending_approval', 'a decision');
      const status: MemoStatus = decision.approve ? 'approved' : 'rejected';
      const ev = eventOf(decision.approve ? 'memo.approved' : 'memo.rejected', current, status, actor, at, notify, decision.note || undefined);
      const d = await Memos.findOneAndUpdate(
        { _id: id, status: 'pending_approval' },
        {
          $set: { status, decision: { ...decision, by: actorOf(actor), at }, ...withEvent(ev, at) },
          $push: { history: { at, actor: actorOf(actor), action: status, ...(decision.note ? { note: decision.note } : {}) } },
        },
        { returnDocument: 'after' },
      ).lean<MemoDoc>();
      if (!d) throw await refusal(id, 'pending_approval', 'a decision');
      return toView(d);
    },

    /** ICT blocks the number of an approved memo. */
    async block(id: string, actor: MemoActor, notify: string[]): Promise<MemoView> {
      const at = new Date();
      const current = await Memos.findById(id).lean<MemoDoc>();
      if (!current) throw new DomainError('not_found', `no memo ${id}`, { memoId: id });
      if (current.status !== 'approved' || !(await takeStep(id, 'block', actor, 'approved'))) throw await refusal(id, 'approved', 'blocking the number');
      const ev = eventOf('memo.number_blocked', current, 'blocked', actor, at, notify);
      const d = await Memos.findOneAndUpdate(
        { _id: id, status: 'approved' },
        {
          $set: { status: 'blocked', blocked: { by: actorOf(actor), at }, ...withEvent(ev, at) },
          $push: { history: { at, actor: actorOf(actor), action: 'number_blocked' } },
        },
        { returnDocument: 'after' },
      ).lean<MemoDoc>();
      if (!d) throw await refusal(id, 'approved', 'blocking the number');
      return toView(d);
    },

    /** Unblocks a number (every memo that blocks it), recording who, when and why. */
    async unblock(phone: string, reason: string, actor: MemoActor, notify: string[]): Promise<MemoView[]> {
      const blocking = await Memos.find({ phone, status: 'blocked' }).lean<MemoDoc[]>();
      if (blocking.length === 0) throw new DomainError('not_blocked', `${phone} is not blocked`, { phone });
      const done: MemoView[] = [];
      // Every memo that blocks the number is unblocked once, whoever of two concurrent callers gets it.
      for (const m of blocking) {
        if (!(await takeStep(m._id, 'unblock', actor, 'blocked'))) continue;
        const at = new Date();
        const ev = eventOf('memo.number_unblocked', m, 'unblocked', actor, at, notify, reason);
        const d = await Memos.findOneAndUpdate(
          { _id: m._id, status: 'blocked' },
          {
            $set: { status: 'unblocked', unblocked: { by: actorOf(actor), at, reason }, ...withEvent(ev, at) },
            $push: { history: { at, actor: actorOf(actor), action: 'number_unblocked', note: reason } },
          },
          { returnDocument: 'after' },
        ).lean<MemoDoc>();
        if (d) done.push(toView(d));
      }
      if (done.length === 0) throw new DomainError('not_blocked', `${phone} is not blocked (any more)`, { phone });
      return done;
    },

    async isBlocked(phone: string): Promise<boolean> {
      return (await Memos.exists({ phone, status: 'blocked' })) !== null;
    },

    async byId(id: string): Promise<MemoView | null> {
      const d = await Memos.findById(id).lean<MemoDoc>();
      return d ? toView(d) : null;
    },

    async list(f: { status?: MemoStatus; phone?: string; page: number; pageSize: number }): Promise<{ items: MemoView[]; total: number }> {
      const q: Record<string, unknown> = {};
      if (f.status) q.status = f.status;
      if (f.phone) q.phone = f.phone;
      const [docs, total] = await Promise.all([
        Memos.find(q).sort({ createdAt: -1 }).skip((f.page - 1) * f.pageSize).limit(f.pageSize).lean<MemoDoc[]>(),
        Memos.countDocuments(q),
      ]);
      return { items: docs.map(toView), total };
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
          blockedAt: d.blocked!.at.toISOString(),
          blockedBy: actorOf(d.blocked!.by),
          ...(d.unblocked ? { unblocked: { by: actorOf(d.unblocked.by), at: d.unblocked.at.toISOString(), reason: d.unblocked.reason } } : {}),
        }));
    },

    /**
     * Memos with events JetStream has not acknowledged whose last event is at least `minAgeMs` old
     * (and within MEMO_SWEEP_HORIZON_MS), oldest first. The sweeper passes ~30 s: the relay right
     * after a change handles fresh ones.
     */
    async withPendingOutbox(limit: number, minAgeMs = 0): Promise<string[]> {
      const now = Date.now();
      const docs = await Memos.find({ outboxSince: { $gte: new Date(now - MEMO_SWEEP_HORIZON_MS).toISOString(), $lte: new Date(now - minAgeMs).toISOString() } }, { _id: 1, outbox: 1 })
        .sort({ outboxSince: 1 })
        .lean<Array<Pick<MemoDoc, '_id' | 'outbox'>>>();
      return (await unpublished(docs)).slice(0, limit).map((b) => b.memoId);
    },

    /** The memo's events JetStream has not acknowledged, in the order they happened; null when none. */
    async outboxOf(id: string): Promise<MemoOutbox | null> {
      const d = await Memos.findById(id, { _id: 1, outbox: 1 }).lean<Pick<MemoDoc, '_id' | 'outbox'>>();
      if (!d) return null;
      return (await unpublished([d]))[0] ?? null;
    },

    /** Records that JetStream has this event (one insert; already recorded is no error). */
    async markPublished(memoId: string, eventId: string): Promise<void> {
      try {
        await Published.create({ _id: eventId, memoId, at: new Date() });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    },
  };
}

export type MemosRepository = ReturnType<typeof memosRepository>;

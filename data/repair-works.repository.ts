/**
 * The `repair_works` read model and the `repair_work_links` of requests to works (see
 * repair-works.schema.ts). The work's workflow is the only writer of a work's document: one
 * single-document write per transition, guarded by the card's version so a retried write changes
 * nothing, carrying the transition's events into the document's outbox (no multi-document
 * transactions here). The repair-works service reads it (lists, the public feed, the active look-up)
 * and writes the links. Hot look-ups are `_id` or scalar equality (`placeKey`, `open`, `repairWorkId`).
 */
import type { Connection, Model } from 'mongoose';
import mongoose from 'mongoose';
import { repairWorkCardSchema, type RepairWorkCard, type RepairWorkEvent, type RepairWorkFilter } from '../contracts/repair-works.ts';
import { affectsBuilding, isActiveAt, placeKey } from '../domain/repair-works.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { firstEventAt, OUTBOX_COUNT_CAP, type OutboxStats } from './outbox-stats.ts';
import {
  openRepairWorkModel,
  repairWorkKeyModel,
  repairWorkLinkModel,
  repairWorkModel,
  type OpenRepairWorkDoc,
  type RepairWorkDoc,
  type RepairWorkKeyDoc,
  type RepairWorkLinkDoc,
} from './repair-works.schema.ts';

export interface RepairWorkPage {
  items: RepairWorkCard[];
  total: number;
  page: number;
  pageSize: number;
}

const OPTIONAL_CARD_KEYS = Object.entries(repairWorkCardSchema.shape)
  .filter(([, s]) => s.safeParse(undefined).success)
  .map(([k]) => k);

/** The card a stored document holds (without the outbox and the look-up keys). */
export function toWorkCard(doc: RepairWorkDoc): RepairWorkCard {
  const { _id, outbox: _o, outboxPending: _p, outboxSince: _s, placeKey: _k, open: _open, ...card } = doc;
  return repairWorkCardSchema.parse({ ...card, id: card.id ?? _id });
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createRepairWorksRepository(conn: Connection) {
  const Works: Model<RepairWorkDoc> = repairWorkModel(conn);
  const Links: Model<RepairWorkLinkDoc> = repairWorkLinkModel(conn);
  const Keys: Model<RepairWorkKeyDoc> = repairWorkKeyModel(conn);
  const Open: Model<OpenRepairWorkDoc> = openRepairWorkModel(conn);
  const rawOpen = Open.collection as unknown as mongoose.mongo.Collection<{ _id: string }>;

  /** The open works, each as a card without its history (a scan bounded by the works going on). */
  const openCards = async (): Promise<RepairWorkCard[]> => {
    const docs = await Open.find({}).lean<OpenRepairWorkDoc[]>();
    return docs.map(({ _id, placeKey: _k, ...card }) => repairWorkCardSchema.parse({ ...card, id: card.id ?? _id, history: [] }));
  };

  /**
   * Brings the work's `open_repair_works` document to this version (or deletes it once closed).
   * Its one writer is the work's workflow, a transition at a time, so reading the stored version by
   * `_id` first is safe; a retry, or a version older than the stored one, changes nothing.
   */
  const keepOpen = async (card: RepairWorkCard): Promise<void> => {
    const [main, stored] = await Promise.all([
      Works.findById(card.id, { version: 1 }).lean<{ version: number }>(),
      Open.findById(card.id, { version: 1 }).lean<{ version: number }>(),
    ]);
    // A newer transition is recorded already: it keeps the open document (a late retry must not revive a closed work).
    if (main && main.version > card.version) return;
    if (card.status === 'closed') {
      await rawOpen.deleteOne({ _id: card.id });
      return;
    }
    if (stored && stored.version >= card.version) return;
    const { history: _history, ...rest } = card;
    await rawOpen.replaceOne({ _id: card.id }, { ...rest, placeKey: placeKey(card.district, card.street) }, { upsert: true });
  };

  /** Whether an open work passes the public feed's filters (decided here: the open works are few). */
  const passes = (w: RepairWorkCard, f: RepairWorkFilter, at: Date | undefined): boolean =>
    (f.district === undefined || f.street === undefined || placeKey(w.district, w.street) === placeKey(f.district, f.street)) &&
    (f.district === undefined || f.street !== undefined || w.district === f.district) &&
    (f.street === undefined || f.district !== undefined || placeKey('', w.street) === placeKey('', f.street)) &&
    (f.kind === undefined || w.kind === f.kind) &&
    (f.status === undefined || w.status === f.status) &&
    (f.executorId === undefined || w.executorId === f.executorId) &&
    (f.overdue === undefined || w.overdue === f.overdue) &&
    affectsBuilding(w, f.building) &&
    (at === undefined || isActiveAt(w, at));
  const raw = Works.collection as unknown as mongoose.mongo.Collection<{ _id: string }>;

  /** The MongoDB part of a filter; building and "active at" are decided on the few documents it finds. */
  const queryOf = (f: RepairWorkFilter): Record<string, unknown> => {
    const q: Record<string, unknown> = {};
    if (f.district !== undefined && f.street !== undefined) q.placeKey = placeKey(f.district, f.street);
    else if (f.district !== undefined) q.district = f.district;
    else if (f.street !== undefined) q.street = { $regex: `^\\s*${escapeRegex(f.street.trim())}\\s*$`, $options: 'i' };
    if (f.openOnly) q.open = true;
    if (f.kind !== undefined) q.kind = f.kind;
    if (f.status !== undefined) q.status = f.status;
    if (f.executorId !== undefined) q.executorId = f.executorId;
    if (f.overdue !== undefined) q.overdue = f.overdue;
    return q;
  };

  return {
    async init(): Promise<void> {
      await Promise.all([Works.init(), Links.init(), Keys.init(), Open.init()]);
    },

    /** Writes a transition unless a version at least as new is stored; false for a retry. */
    async applyTransition(card: RepairWorkCard, events: RepairWorkEvent[]): Promise<boolean> {
      const unset = Object.fromEntries(OPTIONAL_CARD_KEYS.filter((k) => !(k in card)).map((k) => [k, '']));
      const update: Record<string, unknown> = {
        $set: { ...card, placeKey: placeKey(card.district, card.street), open: card.status !== 'closed', ...(events.length > 0 ? { outboxPending: true } : {}) },
        ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
        ...(events.length > 0 ? { $push: { outbox: { $each: events } }, $min: { outboxSince: new Date().toISOString() } } : { $setOnInsert: { outbox: [], outboxPending: false } }),
      };
      let written: boolean;
      try {
        const res = await raw.updateOne({ _id: card.id, version: { $lt: card.version } }, update, { upsert: true });
        written = res.modifiedCount > 0 || res.upsertedCount > 0;
      } catch (err) {
        // A version at least this new is already stored: this is a retry of a write that succeeded.
        if (!isDuplicateKey(err)) throw err;
        written = false;
      }
      await keepOpen(card);
      return written;
    },


    async outboxOf(id: string): Promise<{ version: number; outbox: RepairWorkEvent[] } | null> {
      const doc = await Works.findById(id, { version: 1, outbox: 1 }).lean<Pick<RepairWorkDoc, 'version' | 'outbox'>>();
      return doc ? { version: doc.version, outbox: doc.outbox ?? [] } : null;
    },

    /** Empties the outbox if the work is still at `version` (newer events stay for the next relay). */
    async clearOutbox(id: string, version: number): Promise<boolean> {
      const res = await raw.updateOne({ _id: id, version }, { $set: { outbox: [], outboxPending: false }, $unset: { outboxSince: '' } });
      return res.modifiedCount > 0;
    },

    /**
     * The outbox gauges' figures: the works with events to publish (a capped count) and the oldest
     * of them by `outboxSince`, through the `{outboxPending, outboxSince}` index; a work whose
     * events were written before `outboxSince` was kept sorts first and counts from its first event.
     */
    async outboxStats(): Promise<OutboxStats> {
      const [backlog, oldest] = await Promise.all([
        raw.countDocuments({ outboxPending: true }, { limit: OUTBOX_COUNT_CAP }),
        raw.find<Pick<RepairWorkDoc, 'outboxSince' | 'outbox'>>({ outboxPending: true }, { projection: { outboxSince: 1, outbox: 1 } }).sort({ outboxSince: 1 }).limit(1).toArray(),
      ]);
      const first = oldest[0];
      return { backlog, oldestAt: first ? (first.outboxSince ?? firstEventAt(first.outbox)) : null };
    },

    async get(id: string): Promise<RepairWorkCard | null> {
      const doc = await Works.findById(id).lean<RepairWorkDoc>();
      return doc ? toWorkCard(doc) : null;
    },

    /**
     * The staff list and the public feed. Open works (the feed) come by start, soonest first; the
     * staff list newest registration first.
     */
    async list(filter: RepairWorkFilter, opts: { page: number; pageSize: number }): Promise<RepairWorkPage> {
      if (filter.openOnly) {
        // The public feed: the open works only (without their histories), soonest start first.
        const at = filter.activeAt ? new Date(filter.activeAt) : undefined;
        const matching = (await openCards()).filter((w) => passes(w, filter, at)).sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
        const from = (opts.page - 1) * opts.pageSize;
        return { items: matching.slice(from, from + opts.pageSize), total: matching.length, page: opts.page, pageSize: opts.pageSize };
      }
      const query = queryOf(filter);
      const sort: Record<string, 1 | -1> = filter.openOnly ? { startsAt: 1, _id: 1 } : { registeredAt: -1, _id: 1 };
      if (filter.building === undefined && filter.activeAt === undefined) {
        // Everything is in the query: the page comes from the database.
        const [docs, total] = await Promise.all([
          Works.find(query)
            .sort(sort)
            .skip((opts.page - 1) * opts.pageSize)
            .limit(opts.pageSize)
            .lean<RepairWorkDoc[]>(),
          Works.countDocuments(query),
        ]);
        return { items: docs.map(toWorkCard), total, page: opts.page, pageSize: opts.pageSize };
      }
      // A building or an instant narrows the works of one street (or district): few documents, decided here.
      const docs = await Works.find(query).lean<RepairWorkDoc[]>();
      const at = filter.activeAt ? new Date(filter.activeAt) : undefined;
      const matching = docs
        .map(toWorkCard)
        .filter((w) => affectsBuilding(w, filter.building) && (at === undefined || isActiveAt(w, at)))
        .sort((a, b) => (filter.openOnly ? a.startsAt.localeCompare(b.startsAt) : b.registeredAt.localeCompare(a.registeredAt)) || a.id.localeCompare(b.id));
      const from = (opts.page - 1) * opts.pageSize;
      return { items: matching.slice(from, from + opts.pageSize), total: matching.length, page: opts.page, pageSize: opts.pageSize };
    },

    /** The open works of a street (without their histories): what a call at an address is matched against. */
    async openOnStreet(district: string, street: string): Promise<RepairWorkCard[]> {
      const key = placeKey(district, street);
      return (await openCards()).filter((w) => placeKey(w.district, w.street) === key);
    },

    /** Records a request as linked to a work; a request is linked once (the first link stays). */
    async link(number: string, repairWorkId: string, at: Date): Promise<{ repairWorkId: string; created: boolean }> {
      try {
        await Links.create({ _id: number, repairWorkId, linkedAt: at.toISOString() });
        return { repairWorkId, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await Links.findById(number).lean<RepairWorkLinkDoc>();
        return { repairWorkId: existing?.repairWorkId ?? repairWorkId, created: false };
      }
    },

    async linkOf(number: string): Promise<string | undefined> {
      return (await Links.findById(number).lean<RepairWorkLinkDoc>())?.repairWorkId;
    },

    /** The numbers of the requests linked to a work, in the order they were linked. */
    async linkedTo(repairWorkId: string): Promise<string[]> {
      const docs = await Links.find({ repairWorkId }).lean<RepairWorkLinkDoc[]>();
      return docs.sort((a, b) => a.linkedAt.localeCompare(b.linkedAt) || a._id.localeCompare(b._id)).map((d) => d._id);
    },

    /**
     * Claims an Idempotency-Key for a new work id (an insert against the key's unique `_id`, so of
     * concurrent retries one wins); a key already claimed answers with the work it registered.
     */
    async claimKey(key: string, fingerprint: string, repairWorkId: string, at: Date): Promise<{ claimed: true } | { claimed: false; repairWorkId: string; fingerprint: string }> {
      try {
        await Keys.create({ _id: key, fingerprint, repairWorkId, claimedAt: at.toISOString() });
        return { claimed: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await Keys.findById(key).lean<RepairWorkKeyDoc>();
        if (!existing) throw err;
        return { claimed: false, repairWorkId: existing.repairWorkId, fingerprint: existing.fingerprint };
      }
    },

    async keyOf(key: string): Promise<{ repairWorkId: string; fingerprint: string } | undefined> {
      const existing = await Keys.findById(key).lean<RepairWorkKeyDoc>();
      return existing ? { repairWorkId: existing.repairWorkId, fingerprint: existing.fingerprint } : undefined;
    },

    async countLinked(repairWorkId: string): Promise<number> {
      return Links.countDocuments({ repairWorkId });
    },
  };
}

export type RepairWorksRepository = ReturnType<typeof createRepairWorksRepository>;

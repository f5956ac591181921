/**
 * The consultations' read models (see consultations.schema.ts). A consultation's (or a session's)
 * workflow is the only writer of its documents, a transition at a time: the stored version is read
 * by `_id` and checked in code (a retry writes nothing twice), the transition's events go to the
 * outbox entry `<id>#<version>` before the card, then the activity publishes them and deletes the
 * entry. Every look-up is by `_id`.
 */
import type { Connection } from 'mongoose';
import type mongoose from 'mongoose';
import { consultationCardSchema, sessionCardSchema, startConsultationSchema, type ConsultationCard, type ConsultationEvent, type SessionCard, type SessionEvent, type StartConsultation } from '../contracts/consultations.ts';
import { consultationModel } from './consultations.schema.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { firstEventAt, OUTBOX_COUNT_CAP, type OutboxStats } from './outbox-stats.ts';

type Doc = { _id: string } & Record<string, unknown>;

async function ignoringLostInsertRace(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await write();
  }
}

/** What the workers' queue shows of an open consultation. */
export type OpenConsultation = Omit<ConsultationCard, 'messages' | 'internalNotes' | 'history'>;

export function createConsultationsRepository(conn: Connection) {
  const col = (name: Parameters<typeof consultationModel>[1]) => consultationModel(conn, name).collection as unknown as mongoose.mongo.Collection<Doc>;
  const cards = col('Consultation');
  const open = col('OpenConsultation');
  const owners = col('ConsultationOwner');
  const outbox = col('ConsultationOutbox');
  const sessions = col('ConsultationSession');
  const openSessions = col('OpenConsultationSession');
  const keys = col('ConsultationKey');

  /** Writes one transition of a card kept in `main` (and its entry in `queue` while open); false for a retry. */
  async function applyTransition<E>(main: typeof cards, queue: typeof open, id: string, card: { version: number } & Record<string, unknown>, events: E[], queueEntry: Doc | null): Promise<boolean> {
    const stored = await main.findOne({ _id: id }, { projection: { version: 1 } });
    if (stored && Number(stored.version) >= card.version) return false;
    if (events.length > 0) {
      const entryId = `${id}#${card.version}`;
      await ignoringLostInsertRace(() => outbox.updateOne({ _id: entryId }, { $setOnInsert: { _id: entryId, events, at: new Date().toISOString() } }, { upsert: true }));
    }
    await ignoringLostInsertRace(() => main.replaceOne({ _id: id }, { ...card, _id: id }, { upsert: true }));
    if (queueEntry) await ignoringLostInsertRace(() => queue.replaceOne({ _id: id }, queueEntry, { upsert: true }));
    else await queue.deleteOne({ _id: id });
    return true;
  }

  return {
    async init(): Promise<void> {
      await Promise.all((['Consultation', 'OpenConsultation', 'ConsultationOwner', 'ConsultationOutbox', 'ConsultationSession', 'OpenConsultationSession', 'ConsultationKey'] as const).map((n) => consultationModel(conn, n).init()));
    },

    async applyTransition(card: ConsultationCard, events: ConsultationEvent[]): Promise<boolean> {
      const { messages: _m, internalNotes: _n, history: _h, ...entry } = card;
      const isOpen = card.status === 'awaiting_reply' || card.status === 'answered';
      return applyTransition(cards, open, card.number, card, events, isOpen ? { ...entry, _id: card.number } : null);
    },

    async applySessionTransition(card: SessionCard, events: SessionEvent[]): Promise<boolean> {
      const { history: _h, ...entry } = card;
      return applyTransition(sessions, openSessions, card.id, card, events, card.status === 'published' ? { ...entry, _id: card.id } : null);
    },

    /** The events of a transition not yet acknowledged by JetStream (none once relayed). */
    async outboxOf(id: string, version: number): Promise<Array<{ id: string; type: string }>> {
      const entry = await outbox.findOne({ _id: `${id}#${version}` });
      return (entry?.events ?? []) as Array<{ id: string; type: string }>;
    },

    async clearOutbox(id: string, version: number): Promise<void> {
      await outbox.deleteOne({ _id: `${id}#${version}` });
    },

    /** The outbox gauges' figures: a capped count and the oldest entry by the `at` index (an entry written before `at` sorts first: its first event's time). */
    async outboxStats(): Promise<OutboxStats> {
      const [backlog, oldest] = await Promise.all([outbox.countDocuments({}, { limit: OUTBOX_COUNT_CAP }), outbox.find({}, { projection: { at: 1, events: 1 } }).sort({ at: 1 }).limit(1).toArray()]);
      const first = oldest[0];
      return { backlog, oldestAt: first ? (typeof first.at === 'string' ? first.at : firstEventAt(first.events)) : null };
    },

    async get(number: string): Promise<ConsultationCard | null> {
      const doc = await cards.findOne({ _id: number });
      if (!doc) return null;
      const { _id, ...card } = doc;
      return consultationCardSchema.parse(card);
    },

    /** The consultations not yet closed or converted (the workers' queue). */
    async open(): Promise<OpenConsultation[]> {
      const docs = await open.find({}).toArray();
      return docs.map(({ _id, ...c }) => c as unknown as OpenConsultation);
    },

    /**
     * Files a consultation under its resident. FerretDB does not serialise concurrent updates of one
     * document, so the write is read back and made again until the number is there.
     */
    async addOwner(userId: string, number: string): Promise<void> {
      for (let attempt = 0; attempt < 10; attempt++) {
        await ignoringLostInsertRace(() => owners.updateOne({ _id: userId }, { $addToSet: { numbers: number } } as never, { upsert: true }));
        const doc = await owners.findOne({ _id: userId });
        if (((doc?.numbers ?? []) as string[]).includes(number)) return;
      }
      throw new Error(`could not file consultation ${number} under ${userId}`);
    },

    /**
     * Claims an Idempotency-Key for a registration (an insert against the key's unique `_id`: of
     * concurrent retries one wins); a key claimed already answers with what it registered.
     */
    async claimKey(key: string, fingerprint: string, input: StartConsultation): Promise<{ claimed: true } | { claimed: false; fingerprint: string; input: StartConsultation }> {
      try {
        await keys.insertOne({ _id: key, fingerprint, input });
        return { claimed: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const earlier = await this.keyOf(key);
        if (!earlier) throw err;
        return { claimed: false, ...earlier };
      }
    },

    async keyOf(key: string): Promise<{ fingerprint: string; input: StartConsultation } | undefined> {
      const doc = await keys.findOne({ _id: key });
      return doc ? { fingerprint: String(doc.fingerprint), input: startConsultationSchema.parse(doc.input) } : undefined;
    },

    async numbersOf(userId: string): Promise<string[]> {
      const doc = await owners.findOne({ _id: userId });
      return (doc?.numbers ?? []) as string[];
    },

    async getSession(id: string): Promise<SessionCard | null> {
      const doc = await sessions.findOne({ _id: id });
      if (!doc) return null;
      const { _id, ...card } = doc;
      return sessionCardSchema.parse(card);
    },

    /** The sessions not yet over (with their slots and bookings, without history). */
    async openSessions(): Promise<SessionCard[]> {
      const docs = await openSessions.find({}).toArray();
      return docs.map(({ _id, ...s }) => sessionCardSchema.parse({ ...s, history: [] }));
    },
  };
}

export type ConsultationsRepository = ReturnType<typeof createConsultationsRepository>;

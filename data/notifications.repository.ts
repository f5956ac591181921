/**
 * The delivery log and the parked messages. Only single-document atomic updates (FerretDB has no
 * transactions), and no conditional update decides anything: FerretDB 1.24 does not isolate
 * concurrent updates of one document, so several compare-and-sets can all win. Each attempt at a
 * delivery is won instead by inserting its `<key>#<attempt>` claim, so two deliveries of the same
 * event — a redelivery, a second instance, a re-drive — never both send.
 *
 * Every read and write on the way of a delivery names one document by its `_id` alone — the
 * delivery key as a string — because that is the one filter FerretDB on SQLite hands to SQLite;
 * any other filter reads and decodes the whole delivery log, which grows with every message sent.
 * Conditions that used to sit in the filter (the claim token) are checked in code after the read.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import { isDuplicateKey } from './mongo-errors.ts';
import type {
  ChannelName,
  DeliveriesPage,
  DeliveriesQuery,
  Delivery,
  ParkedMessage,
  ParkedPage,
  ParkedQuery,
  ParkReason,
  RecipientRole,
  TemplateName,
} from '../contracts/notification.ts';
import { claimSchema, deliverySchema, parkedSchema, type ClaimDoc, type DeliveryDoc, type ParkedDoc } from './notifications.schema.ts';

/** What makes a delivery unique: the same event never reaches the same recipient twice with one template. */
export interface DeliveryKey {
  eventId: string;
  recipient: string;
  channel: ChannelName;
  template: TemplateName;
}

export interface DeliveryMeta {
  eventType: string;
  role: RecipientRole;
  requestNumber?: string;
  memoId?: string;
  subject?: string;
}

export type ClaimResult =
  /** This sender holds the delivery now and must send it, then mark it sent or failed with `token`. */
  | { kind: 'claimed'; token: string; attempts: number }
  /** Already sent (or nothing to send): a redelivery sends nothing. */
  | { kind: 'done' }
  /** Another sender holds it under a lease that has not run out. */
  | { kind: 'busy'; leaseUntil: Date };

export interface ParkInput {
  consumer: string;
  streamSeq: number;
  subject: string;
  eventId?: string;
  eventType?: string;
  reason: ParkReason;
  error: string;
  deliveries: number;
  payload: string;
  now: Date;
}

/**
 * A delivery key as one string: the `_id` of the delivery's document and the stem of its attempts'
 * claim ids. Event ids are UUIDs and channels and templates have no `/`, so keys never collide.
 */
export const deliveryId = (k: DeliveryKey): string => `${k.eventId}/${k.channel}/${k.template}/${k.recipient}`;

/**
 * How far ahead of its lease a sender's failure is still written. A lease that has run out lets
 * another sender retake the delivery at any moment, and the failure's read–check–write could then
 * undo that sender's claim; so a failure reported this close to the lease's end (or after it) is
 * left unwritten — the delivery may be retaken once the lease runs out, as a failed one may.
 */
const FAILURE_WRITE_MARGIN_MS = 5_000;

/** Deliveries are keyed by their delivery id; ones logged before that carry an ObjectId. */
type DeliveryRow = Omit<DeliveryDoc, '_id'> & { _id: string | mongoose.Types.ObjectId; createdAt: Date; updatedAt: Date };
/** Parked messages are keyed by `parkedId`; ones parked before that carry an ObjectId. */
type ParkedRow = Omit<ParkedDoc, '_id'> & { _id: string | mongoose.Types.ObjectId };

/** A parked message's `_id`, and the id staff re-drive it by: its consumer and stream sequence, what makes it unique. */
export const parkedId = (consumer: string, streamSeq: number): string => `${consumer}:${streamSeq}`;

/** The filter for a parked message's id: a 24-hex id (never a `parkedId`, which has a colon) is one parked before, an ObjectId. */
const byParkedId = (id: string): { _id: string | mongoose.Types.ObjectId } => ({ _id: /^[0-9a-f]{24}$/.test(id) ? new mongoose.Types.ObjectId(id) : id });

const hexOrString = (id: string | mongoose.Types.ObjectId): string => (typeof id === 'string' ? id : id.toHexString());

const iso = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);
const opt = <T>(v: T | null | undefined): T | undefined => v ?? undefined;

function toDelivery(d: DeliveryRow): Delivery {
  return {
    id: hexOrString(d._id),
    eventId: d.eventId,
    eventType: d.eventType,
    requestNumber: opt(d.requestNumber),
    memoId: opt(d.memoId),
    role: d.role,
    channel: d.channel,
    recipient: d.recipient,
    template: d.template,
    subject: opt(d.subject),
    status: d.status,
    attempts: d.attempts,
    lastError: opt(d.lastError),
    providerMessageId: opt(d.providerMessageId),
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    sentAt: iso(d.sentAt),
  };
}

function toParked(p: ParkedRow): ParkedMessage {
  return {
    id: hexOrString(p._id),
    consumer: p.consumer,
    streamSeq: p.streamSeq,
    subject: p.subject,
    eventId: opt(p.eventId),
    eventType: opt(p.eventType),
    reason: p.reason,
    error: p.error,
    deliveries: p.deliveries,
    status: p.status,
    parkedAt: p.parkedAt.toISOString(),
    redrivenAt: iso(p.redrivenAt),
    redriveAttempts: p.redriveAttempts,
    lastRedriveError: opt(p.lastRedriveError),
    payload: p.payload,
  };
}

/** Drops undefined fields, which mongoose would otherwise write as nulls in $set. */
const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export class NotificationRepository {
  private readonly deliveries: Model<DeliveryDoc>;
  private readonly parked: Model<ParkedDoc>;
  private readonly claims: Model<ClaimDoc>;

  constructor(conn: Connection) {
    this.deliveries = conn.model<DeliveryDoc>('NotificationDelivery', deliverySchema);
    this.parked = conn.model<ParkedDoc>('NotificationParked', parkedSchema);
    this.claims = conn.model<ClaimDoc>('NotificationClaim', claimSchema);
  }

  /** Builds the indexes (the unique delivery key above all) before the first event is handled. */
  async init(): Promise<void> {
    await Promise.all([this.deliveries.init(), this.parked.init(), this.claims.init()]);
  }

  /**
   * Takes the delivery for sending, unless it was sent already or another sender holds it. A claim
   * whose lease has run out (its sender crashed between claiming and marking) may be retaken: that
   * is the one window where a mail can go out twice, which is why the lease is longer than a send.
   * Attempt n goes to whoever inserts the claim `<key>#n` first; the delivery log only records it.
   */
  async claim(key: DeliveryKey, meta: DeliveryMeta, opts: { now: Date; leaseMs: number }): Promise<ClaimResult> {
    const token = randomUUID();
    const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
    // An attempt already claimed whose holder let its lease run out before recording it: skip past it.
    let skipTo = 0;
    for (let round = 0; round < 10; round++) {
      const existing = await this.deliveries.findById(deliveryId(key)).lean<DeliveryRow>();
      if (existing) {
        if (existing.status === 'sent' || existing.status === 'skipped') return { kind: 'done' };
        if (existing.status === 'sending' && existing.leaseUntil && existing.leaseUntil > opts.now) return { kind: 'busy', leaseUntil: existing.leaseUntil };
      }
      // New, failed, parked, or sending past its lease: take the next attempt, if nobody else has.
      const attempt = Math.max((existing?.attempts ?? 0) + 1, skipTo);
      const claimId = `${deliveryId(key)}#${attempt}`;
      try {
        await this.claims.create({ _id: claimId, token, leaseUntil, claimedAt: opts.now });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const held = await this.claims.findById(claimId).lean();
        if (held && held.leaseUntil > opts.now) return { kind: 'busy', leaseUntil: held.leaseUntil };
        skipTo = attempt + 1;
        continue;
      }
      await this.record(key, { ...defined(meta), status: 'sending', claimToken: token, leaseUntil, attempts: attempt });
      return { kind: 'claimed', token, attempts: attempt };
    }
    throw new Error(`could not claim delivery ${key.eventId} → ${key.recipient}: it keeps changing`);
  }

  /** Writes the delivery's document, creating it on the first attempt. */
  private async record(key: DeliveryKey, $set: Record<string, unknown>): Promise<void> {
    for (let round = 0; ; round++) {
      try {
        await this.deliveries.updateOne({ _id: deliveryId(key) }, { $set, $setOnInsert: { ...key } }, { upsert: true });
        return;
      } catch (err) {
        // Concurrent upserts of a new document can both insert; the loser updates it next round.
        if (!isDuplicateKey(err) || round >= 2) throw err;
      }
    }
  }

  /** The delivery's document if `token` still holds its claim (read by `_id`; the token is checked here, not in the filter). */
  private async heldBy(key: DeliveryKey, token: string): Promise<DeliveryRow | null> {
    const d = await this.deliveries.findById(deliveryId(key)).lean<DeliveryRow>();
    return d?.claimToken === token ? d : null;
  }

  /**
   * Records the send; only the claim holder's token counts, so a late sender cannot overwrite a newer
   * claim. Read–check–write: should another sender retake the delivery between the read and the
   * write, `sent` is still the truth (this message went out), and that sender's own mark, under its
   * own token (left in place here), finds the delivery as its claim left it but for the status.
   */
  async markSent(key: DeliveryKey, token: string, res: { providerMessageId?: string; now: Date }): Promise<void> {
    if (!(await this.heldBy(key, token))) return;
    await this.deliveries.updateOne(
      { _id: deliveryId(key) },
      { $set: defined({ status: 'sent', sentAt: res.now, providerMessageId: res.providerMessageId }), $unset: { leaseUntil: 1, lastError: 1 } },
    );
  }

  /**
   * Records a failed send, so the next delivery of the event retries it at once. Read–check–write,
   * made safe by the lease: while the holder's lease runs, nobody else may claim the delivery (a
   * claim of the next attempt needs this one's lease run out), so the token read is still the
   * holder's when the write lands. Past the lease — or too close to its end — nothing is written:
   * the delivery may be retaken then anyway, as a failed one would be.
   */
  async markFailed(key: DeliveryKey, token: string, error: string, now: Date = new Date()): Promise<void> {
    const held = await this.heldBy(key, token);
    if (!held?.leaseUntil || held.leaseUntil.getTime() - now.getTime() < FAILURE_WRITE_MARGIN_MS) return;
    await this.deliveries.updateOne({ _id: deliveryId(key) }, { $set: { status: 'failed', lastError: error }, $unset: { leaseUntil: 1 } });
  }

  /** A notification with nobody to send to is logged as skipped, with the reason, so staff see it. */
  async recordSkipped(key: DeliveryKey, meta: DeliveryMeta, reason: string): Promise<void> {
    try {
      await this.deliveries.create({ _id: deliveryId(key), ...key, ...defined(meta), status: 'skipped', attempts: 0, lastError: reason });
    } catch (err) {
      // Logged already (the plan of an event never changes).
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /**
   * The event's failed deliveries are parked along with it. The caller names them (the event's plan
   * says which deliveries it has), so each is read and written by its `_id`. A delivery another
   * sender retakes between the read and the write is marked parked while it is being sent; that
   * sender's mark, under its token, which this leaves in place, then records how its send ended.
   */
  async parkDeliveries(keys: DeliveryKey[], error: string): Promise<void> {
    for (const key of keys) {
      const _id = deliveryId(key);
      const d = await this.deliveries.findById(_id, { status: 1 }).lean<Pick<DeliveryRow, 'status'>>();
      if (d?.status === 'failed') await this.deliveries.updateOne({ _id }, { $set: { status: 'parked', lastError: error } });
    }
  }

  async listDeliveries(q: DeliveriesQuery): Promise<DeliveriesPage> {
    const filter: Record<string, unknown> = defined({
      requestNumber: q.requestNumber,
      memoId: q.memoId,
      eventId: q.eventId,
      recipient: q.recipient,
      status: q.status,
      template: q.template,
      channel: q.channel,
    });
    if (q.from || q.to) filter.createdAt = defined({ $gte: q.from ? new Date(q.from) : undefined, $lt: q.to ? new Date(q.to) : undefined });
    const [docs, total] = await Promise.all([
      this.deliveries
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean<DeliveryRow[]>(),
      this.deliveries.countDocuments(filter),
    ]);
    return { items: docs.map(toDelivery), total, page: q.page, pageSize: q.pageSize };
  }

  /** Parks a message (idempotent per consumer and stream sequence: parking it again updates the error). */
  async park(p: ParkInput): Promise<ParkedMessage> {
    const update = {
      $set: { reason: p.reason, error: p.error, deliveries: p.deliveries },
      $setOnInsert: { ...defined({ subject: p.subject, eventId: p.eventId, eventType: p.eventType, payload: p.payload }), consumer: p.consumer, streamSeq: p.streamSeq, status: 'parked', parkedAt: p.now, redriveAttempts: 0 },
    };
    for (let round = 0; ; round++) {
      try {
        const doc = await this.parked.findOneAndUpdate({ _id: parkedId(p.consumer, p.streamSeq) }, update, { upsert: true, returnDocument: 'after' }).lean<ParkedRow>();
        if (!doc) throw new Error('upsert returned nothing');
        return toParked(doc);
      } catch (err) {
        // Concurrent upserts of a new document can both insert; the loser finds it next round.
        if (!isDuplicateKey(err) || round >= 2) throw err;
      }
    }
  }

  async listParked(q: ParkedQuery): Promise<ParkedPage> {
    const filter = defined({ status: q.status, eventId: q.eventId });
    const [docs, total] = await Promise.all([
      this.parked
        .find(filter)
        .sort({ parkedAt: -1, _id: -1 })
        .skip((q.page - 1) * q.pageSize)
        .limit(q.pageSize)
        .lean<ParkedRow[]>(),
      this.parked.countDocuments(filter),
    ]);
    return { items: docs.map(toParked), total, page: q.page, pageSize: q.pageSize };
  }

  /** By id through the driver's collection: mongoose would cast an old ObjectId id to the schema's string `_id`. */
  private get parkedById(): mongoose.mongo.Collection<ParkedRow> {
    return this.parked.collection as unknown as mongoose.mongo.Collection<ParkedRow>;
  }

  async getParked(id: string): Promise<ParkedMessage | null> {
    const doc = await this.parkedById.findOne(byParkedId(id));
    return doc ? toParked(doc) : null;
  }

  async markRedriven(id: string, now: Date): Promise<ParkedMessage | null> {
    const doc = await this.parkedById.findOneAndUpdate(
      byParkedId(id),
      { $set: { status: 'redriven', redrivenAt: now }, $inc: { redriveAttempts: 1 }, $unset: { lastRedriveError: 1 } },
      { returnDocument: 'after' },
    );
    return doc ? toParked(doc) : null;
  }

  async markRedriveFailed(id: string, error: string): Promise<ParkedMessage | null> {
    const doc = await this.parkedById.findOneAndUpdate(byParkedId(id), { $set: { lastRedriveError: error }, $inc: { redriveAttempts: 1 } }, { returnDocument: 'after' });
    return doc ? toParked(doc) : null;
  }
}

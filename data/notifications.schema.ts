/**
 * The notification service's collections: the claims (who holds which attempt of a delivery), the delivery log (one document per event, recipient,
 * channel and template — the unique key that makes a redelivered event send nothing twice) and the
 * parked messages (events that could not be delivered and wait for staff).
 *
 * A delivery's `_id` is its key as one string (`<eventId>/<channel>/<template>/<recipient>`, see
 * `deliveryId`): the key's uniqueness is the `_id`'s, and every lookup on a delivery's way is by
 * `_id` alone, the one filter FerretDB on SQLite does not answer by reading the whole log.
 */
import { Schema, type InferSchemaType } from 'mongoose';
import { CHANNELS, DELIVERY_STATUSES, PARK_REASONS, PARKED_STATUSES, RECIPIENT_ROLES, TEMPLATES } from '../contracts/notification.ts';

export const deliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    requestNumber: { type: String },
    memoId: { type: String },
    role: { type: String, enum: RECIPIENT_ROLES, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    recipient: { type: String, required: true },
    template: { type: String, enum: TEMPLATES, required: true },
    subject: { type: String },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    attempts: { type: Number, required: true, default: 0 },
    lastError: { type: String },
    /** While `sending`: the sender holding the claim and until when; a claim past its lease may be retaken. */
    claimToken: { type: String },
    leaseUntil: { type: Date },
    providerMessageId: { type: String },
    sentAt: { type: Date },
  },
  { collection: 'notification_deliveries', timestamps: true, versionKey: false },
);
// For the staff's list (MongoDB uses these; FerretDB on SQLite scans for any filter but `_id`).
deliverySchema.index({ eventId: 1, createdAt: -1 }, { name: 'by_event' });
deliverySchema.index({ createdAt: -1 }, { name: 'by_created' });
deliverySchema.index({ requestNumber: 1, createdAt: -1 }, { name: 'by_request' });
deliverySchema.index({ recipient: 1, createdAt: -1 }, { name: 'by_recipient' });
deliverySchema.index({ status: 1, createdAt: -1 }, { name: 'by_status' });

export type DeliveryDoc = InferSchemaType<typeof deliverySchema>;

export const parkedSchema = new Schema(
  {
    /** `<consumer>:<streamSeq>` (see `parkedId`): parking a message again finds it by `_id` alone. */
    _id: { type: String, required: true },
    consumer: { type: String, required: true },
    streamSeq: { type: Number, required: true },
    subject: { type: String, required: true },
    eventId: { type: String },
    eventType: { type: String },
    reason: { type: String, enum: PARK_REASONS, required: true },
    error: { type: String, required: true },
    deliveries: { type: Number, required: true },
    status: { type: String, enum: PARKED_STATUSES, required: true, default: 'parked' },
    parkedAt: { type: Date, required: true },
    redrivenAt: { type: Date },
    redriveAttempts: { type: Number, required: true, default: 0 },
    lastRedriveError: { type: String },
    payload: { type: String, required: true },
  },
  { collection: 'notification_parked', versionKey: false },
);
parkedSchema.index({ status: 1, parkedAt: -1 }, { name: 'by_status' });
parkedSchema.index({ eventId: 1 }, { name: 'by_event' });

export type ParkedDoc = InferSchemaType<typeof parkedSchema>;

/**
 * One document per attempt at a delivery. Its `_id` (`<delivery key>#<attempt>`) decides which
 * sender makes that attempt: an insert against a unique `_id` is the one arbiter FerretDB 1.24
 * isolates, where a conditional update of the delivery itself lets several senders win.
 */
export const claimSchema = new Schema(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    /** Until when the attempt is its sender's; past it, the next attempt may be taken. */
    leaseUntil: { type: Date, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'notification_claims', versionKey: false },
);

export type ClaimDoc = InferSchemaType<typeof claimSchema>;

/**
 * The `repair_works` read model: one document per work, `_id` = its id, holding the card the
 * workflow projected (contracts/repair-works.ts) plus `version`, the look-up keys and an `outbox` of
 * events not yet on JetStream. `repair_work_links`: one document per request linked to a work,
 * `_id` = the request number (a request is linked once, to one work). `repair_work_keys`: the
 * registrations' Idempotency-Keys.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { RepairWorkCard, RepairWorkEvent } from '../contracts/repair-works.ts';

export type RepairWorkDoc = RepairWorkCard & {
  _id: string;
  /** District and street as domain/repair-works.ts placeKey compares them: a call's look-up is one equality. */
  placeKey: string;
  /** Not closed: what the public feed and the active look-up read. */
  open: boolean;
  outbox: RepairWorkEvent[];
  outboxPending: boolean;
  /** While `outboxPending`: when its oldest unpublished event was written (ISO 8601; the outbox gauges). */
  outboxSince?: string;
};

export const repairWorkSchema = new Schema<RepairWorkDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, index: true },
    kind: { type: String },
    executorId: { type: String, index: true },
    district: { type: String, index: true },
    placeKey: { type: String, index: true },
    open: { type: Boolean, index: true },
    startsAt: { type: String },
    registeredAt: { type: String },
  },
  { collection: 'repair_works', strict: false, versionKey: false, _id: false, minimize: false },
);
// The outbox gauges (services/worker/gauges.ts): the works with events to publish, oldest first.
repairWorkSchema.index({ outboxPending: 1, outboxSince: 1 });

export function repairWorkModel(conn: Connection): Model<RepairWorkDoc> {
  return (conn.models.RepairWork as Model<RepairWorkDoc> | undefined) ?? conn.model<RepairWorkDoc>('RepairWork', repairWorkSchema);
}

export interface RepairWorkLinkDoc {
  /** The request number. */
  _id: string;
  repairWorkId: string;
  linkedAt: string;
}

export const repairWorkLinkSchema = new Schema<RepairWorkLinkDoc>(
  {
    _id: { type: String, required: true },
    repairWorkId: { type: String, required: true, index: true },
    linkedAt: { type: String, required: true },
  },
  { collection: 'repair_work_links', versionKey: false, _id: false },
);

export function repairWorkLinkModel(conn: Connection): Model<RepairWorkLinkDoc> {
  return (conn.models.RepairWorkLink as Model<RepairWorkLinkDoc> | undefined) ?? conn.model<RepairWorkLinkDoc>('RepairWorkLink', repairWorkLinkSchema);
}

/** `repair_work_keys`: a registration's Idempotency-Key (`<user id>:<key>`) and the work it registered. */
export interface RepairWorkKeyDoc {
  _id: string;
  /** What was sent with the key: the same key with another body is refused. */
  fingerprint: string;
  repairWorkId: string;
  claimedAt: string;
}

export const repairWorkKeySchema = new Schema<RepairWorkKeyDoc>(
  {
    _id: { type: String, required: true },
    fingerprint: { type: String, required: true },
    repairWorkId: { type: String, required: true },
    claimedAt: { type: String, required: true },
  },
  { collection: 'repair_work_keys', versionKey: false, _id: false },
);

export function repairWorkKeyModel(conn: Connection): Model<RepairWorkKeyDoc> {
  return (conn.models.RepairWorkKey as Model<RepairWorkKeyDoc> | undefined) ?? conn.model<RepairWorkKeyDoc>('RepairWorkKey', repairWorkKeySchema);
}

/**
 * `open_repair_works`: one small document per work not yet closed (the card without its history),
 * written by the work's own workflow with each transition and deleted when it closes. What is read on
 * every registration (the link of a call to a known outage) and by the public feed scans only this,
 * bounded by the works going on, not by every work ever registered.
 */
export type OpenRepairWorkDoc = Omit<RepairWorkCard, 'history'> & { _id: string; placeKey: string };

export const openRepairWorkSchema = new Schema<OpenRepairWorkDoc>(
  { _id: { type: String, required: true }, version: { type: Number, required: true } },
  { collection: 'open_repair_works', strict: false, versionKey: false, _id: false, minimize: false },
);

export function openRepairWorkModel(conn: Connection): Model<OpenRepairWorkDoc> {
  return (conn.models.OpenRepairWork as Model<OpenRepairWorkDoc> | undefined) ?? conn.model<OpenRepairWorkDoc>('OpenRepairWork', openRepairWorkSchema);
}

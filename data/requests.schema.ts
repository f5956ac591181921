/**
 * The `requests` read model: one document per request, `_id` = its number, holding the card the
 * workflow projected (DESIGN §6) plus `version` and an `outbox` of events not yet on JetStream.
 * Only the fields the lists filter and sort by are declared (and indexed); the card is stored whole.
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { RequestEvent } from '../contracts/events.ts';
import type { RequestCard } from '../contracts/request.ts';

export type RequestDoc = RequestCard & {
  _id: string;
  /** Events written with a transition and not yet acknowledged by JetStream. */
  outbox: RequestEvent[];
  /** True while `outbox` holds something: what the relay's sweeper looks for (an indexable flag). */
  outboxPending: boolean;
  /** When events were last written into `outbox` (ISO 8601 UTC). */
  outboxSince?: string;
  /** 9.2.3: category and address as domain/repeat.ts compares them, for the repeat look-up. */
  repeatKey?: string;
};

export const requestSchema = new Schema<RequestDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, required: true, index: true },
    executorId: { type: String, required: true, index: true },
    district: { type: String, index: true },
    categoryCode: { type: String, index: true },
    overdue: { type: Boolean, index: true },
    // ISO 8601 UTC strings ('…Z'), which sort and compare like the instants they name.
    registeredAt: { type: String, index: true },
    deadlineAt: { type: String, index: true },
    outboxPending: { type: Boolean, index: true },
    repeatKey: { type: String, index: true },
  },
  { collection: 'requests', strict: false, versionKey: false, _id: false, minimize: false },
);
requestSchema.index({ 'applicant.userId': 1 });
requestSchema.index({ 'applicant.phone': 1 });

export function requestModel(conn: Connection): Model<RequestDoc> {
  return (conn.models.Request as Model<RequestDoc> | undefined) ?? conn.model<RequestDoc>('Request', requestSchema);
}

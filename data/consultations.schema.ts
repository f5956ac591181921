/**
 * The consultations' collections (2.9), every one read and written by `_id` alone:
 *
 *   - `consultations`: one document per consultation, `_id` = its number, the card the workflow
 *     projected (with the thread and the internal notes: the gateway strips the notes for residents);
 *   - `open_consultations`: one small document per consultation not yet closed or converted (the
 *     card without thread, notes and history), the workers' queue — scanned, bounded by what is open;
 *   - `consultation_owners`: `_id` = a resident's user id, the numbers of their consultations;
 *   - `consultation_keys`: `<user id>:<Idempotency-Key>` → the fingerprint of what was sent and the
 *     workflow input it registered (a retry starts, or finds, the same consultation);
 *   - `consultation_outbox`: `<number>#<version>` (or `<session id>#<version>`), a transition's events
 *     until JetStream has them, and `at`, when the entry was written (indexed: the outbox gauges);
 *   - `consultation_sessions` and `open_consultation_sessions`: the scheduled sessions, and those not
 *     yet over.
 */
import { Schema, type Connection, type Model } from 'mongoose';

const loose = (collection: string) =>
  new Schema<{ _id: string }>({ _id: { type: String, required: true } }, { collection, strict: false, versionKey: false, _id: false, minimize: false });

const COLLECTIONS = {
  Consultation: 'consultations',
  OpenConsultation: 'open_consultations',
  ConsultationOwner: 'consultation_owners',
  ConsultationOutbox: 'consultation_outbox',
  ConsultationKey: 'consultation_keys',
  ConsultationSession: 'consultation_sessions',
  OpenConsultationSession: 'open_consultation_sessions',
} as const;

export type ConsultationModelName = keyof typeof COLLECTIONS;

const schemaOf = (name: ConsultationModelName): Schema<{ _id: string }> => {
  const schema = loose(COLLECTIONS[name]);
  // The outbox gauge's oldest entry (services/worker/gauges.ts): entries carry `at`, when written.
  if (name === 'ConsultationOutbox') schema.index({ at: 1 });
  return schema;
};

export function consultationModel(conn: Connection, name: ConsultationModelName): Model<{ _id: string }> {
  return (conn.models[name] as Model<{ _id: string }> | undefined) ?? conn.model<{ _id: string }>(name, schemaOf(name));
}

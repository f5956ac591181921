/**
 * `report_consultation_days`: one document per Kyiv day, `_id` = the date, the day's consultations
 * under `entries.<number>` (domain/consultation-reports.ts). Written and read by `_id` alone.
 *
 * Every consultation of a day is set in that day's one document. FerretDB 1.24 reads, changes and
 * writes a document for each `$set` without serialising concurrent ones, so two reporting replicas
 * setting entries of one day at once would lose one of them: each write holds the day's lease
 * (data/leases.repository.ts), shared by every replica.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Connection } from 'mongoose';
import type mongoose from 'mongoose';
import type { ConsultationDayDoc, ConsultationDayEntry } from '../domain/consultation-reports.ts';
import { Leases, type LeaseDoc, type LeaseOptions } from './leases.repository.ts';
import { isDuplicateKey } from './mongo-errors.ts';
import { collectionName, REPORT_COLLECTIONS } from './reports.schema.ts';

export const CONSULTATION_DAYS_COLLECTION = 'report_consultation_days';

export function createConsultationReportsRepository(conn: Connection, opts: Partial<LeaseOptions> = {}) {
  const days = conn.collection(CONSULTATION_DAYS_COLLECTION) as unknown as mongoose.mongo.Collection<ConsultationDayDoc>;
  const ttlMs = opts.ttlMs ?? 20_000;
  const leases = new Leases(conn.collection<LeaseDoc>(collectionName(REPORT_COLLECTIONS.leases)), { owner: opts.owner ?? `${hostname()}-${randomUUID().slice(0, 8)}`, ttlMs, waitMs: opts.waitMs ?? ttlMs + 5_000 });
  return {
    /** Sets the entry's fields (the same event twice sets the same values). */
    async apply(day: string, number: string, set: ConsultationDayEntry): Promise<void> {
      const update = { $set: Object.fromEntries(Object.entries(set).map(([k, v]) => [`entries.${number}.${k}`, v])) };
      await leases.run(`consultation-days:${day}`, async () => {
        try {
          await days.updateOne({ _id: day }, update, { upsert: true });
        } catch (err) {
          // Another writer inserted the day first: update theirs.
          if (!isDuplicateKey(err)) throw err;
          await days.updateOne({ _id: day }, update, { upsert: true });
        }
      });
    },

    async days(ids: readonly string[]): Promise<Array<ConsultationDayDoc | null>> {
      return Promise.all(ids.map((id) => days.findOne({ _id: id })));
    },
  };
}

export type ConsultationReportsRepository = ReturnType<typeof createConsultationReportsRepository>;

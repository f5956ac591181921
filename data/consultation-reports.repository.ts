/**
 * `report_consultation_days`: one document per Kyiv day, `_id` = the date, the day's consultations
 * under `entries.<number>` (domain/consultation-reports.ts). Written and read by `_id` alone.
 */
import type { Connection } from 'mongoose';
import type mongoose from 'mongoose';
import type { ConsultationDayDoc, ConsultationDayEntry } from '../domain/consultation-reports.ts';
import { isDuplicateKey } from './mongo-errors.ts';

export const CONSULTATION_DAYS_COLLECTION = 'report_consultation_days';

export function createConsultationReportsRepository(conn: Connection) {
  const days = conn.collection(CONSULTATION_DAYS_COLLECTION) as unknown as mongoose.mongo.Collection<ConsultationDayDoc>;
  return {
    /** Sets the entry's fields (the same event twice sets the same values). */
    async apply(day: string, number: string, set: ConsultationDayEntry): Promise<void> {
      const update = { $set: Object.fromEntries(Object.entries(set).map(([k, v]) => [`entries.${number}.${k}`, v])) };
      try {
        await days.updateOne({ _id: day }, update, { upsert: true });
      } catch (err) {
        // Another writer inserted the day first: update theirs.
        if (!isDuplicateKey(err)) throw err;
        await days.updateOne({ _id: day }, update, { upsert: true });
      }
    },

    async days(ids: readonly string[]): Promise<Array<ConsultationDayDoc | null>> {
      return Promise.all(ids.map((id) => days.findOne({ _id: id })));
    },
  };
}

export type ConsultationReportsRepository = ReturnType<typeof createConsultationReportsRepository>;

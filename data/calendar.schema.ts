/** The working calendar as an admin edits it: one document, `_id` = 'working'. */
import { Schema, type Connection, type Model } from 'mongoose';
import type { WorkingCalendar } from '../domain/calendar.ts';

/**
 * The calendar as stored: FerretDB 1.24 rejects nested arrays, so each period `["08:00","17:00"]`
 * is kept as `{start, end}`.
 */
export type StoredCalendar = Omit<WorkingCalendar, 'weekly'> & {
  weekly: Record<keyof WorkingCalendar['weekly'], Array<{ start: string; end: string }>>;
};

export interface CalendarDoc {
  _id: string;
  calendar: StoredCalendar;
  updatedAt: Date;
  updatedBy?: string;
}

export const calendarDocSchema = new Schema<CalendarDoc>(
  {
    _id: { type: String, required: true },
    calendar: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String },
  },
  { collection: 'calendar', versionKey: false, _id: false, minimize: false },
);

export function calendarModel(conn: Connection): Model<CalendarDoc> {
  return (conn.models.Calendar as Model<CalendarDoc> | undefined) ?? conn.model<CalendarDoc>('Calendar', calendarDocSchema);
}

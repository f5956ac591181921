/**
 * The working calendar an admin edits (PUT /calendar) and the request workflow reads whenever it
 * computes a deadline, so a change applies to deadlines computed after it.
 */
import type { Connection } from 'mongoose';
import { calendarSchema, DEFAULT_CALENDAR, type WorkingCalendar } from '../domain/calendar.ts';
import { calendarModel, type CalendarDoc, type StoredCalendar } from './calendar.schema.ts';

const mapWeek = <P, Q>(weekly: Record<keyof WorkingCalendar['weekly'], P[]>, f: (p: P) => Q) =>
  Object.fromEntries(Object.entries(weekly).map(([day, periods]) => [day, periods.map(f)]));

const toStored = (cal: WorkingCalendar): StoredCalendar => ({
  ...cal,
  weekly: mapWeek(cal.weekly, ([start, end]) => ({ start, end })) as StoredCalendar['weekly'],
});

const fromStored = (stored: StoredCalendar): unknown => ({ ...stored, weekly: mapWeek(stored.weekly, (p) => [p.start, p.end]) });

const CALENDAR_ID = 'working';

export interface CalendarRepository {
  /** The stored calendar, or the default one (Kryvyi Rih, DEFAULT_CALENDAR) while none is stored. */
  get(): Promise<WorkingCalendar>;
  /** Validates (calendarSchema; throws its ZodError) and stores a calendar, returning what was stored. */
  put(calendar: unknown, updatedBy?: string): Promise<WorkingCalendar>;
}

export function createCalendarRepository(conn: Connection): CalendarRepository {
  const Calendar = calendarModel(conn);
  return {
    async get() {
      const doc = await Calendar.findById(CALENDAR_ID).lean<CalendarDoc>();
      // A copy of the default: it is frozen, and callers may want to derive an edited one from it.
      return doc ? calendarSchema.parse(fromStored(doc.calendar)) : calendarSchema.parse(structuredClone(DEFAULT_CALENDAR));
    },
    async put(calendar, updatedBy) {
      const parsed = calendarSchema.parse(calendar);
      await Calendar.updateOne(
        { _id: CALENDAR_ID },
        { $set: { calendar: toStored(parsed), updatedAt: new Date(), ...(updatedBy ? { updatedBy } : {}) } },
        { upsert: true },
      );
      return parsed;
    },
  };
}

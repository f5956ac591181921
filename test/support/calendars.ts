/** Working calendars tests set through the API or the repository. */
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar.ts';

/** Every instant is working time: a closure proposal is reviewable at once (9.2.4), whenever the test runs. */
export const ALWAYS_WORKING: WorkingCalendar = {
  ...structuredClone(DEFAULT_CALENDAR),
  weekly: Object.fromEntries(Object.keys(DEFAULT_CALENDAR.weekly).map((d) => [d, [['00:00', '24:00']]])) as WorkingCalendar['weekly'],
  holidays: [],
  extraWorkingDays: [],
  martialLaw: false,
};

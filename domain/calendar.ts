/**
 * The working calendar (DESIGN §2 "Deadlines", "Out of hours") and the deadline arithmetic built on
 * it. Pure and deterministic: workflow code imports it, so every function takes the instant it works
 * on as an argument and nothing here reads the clock.
 *
 * Instants are JS Dates (UTC); calendar rules apply to the local wall clock of `cal.timeZone`, whose
 * UTC offsets come from luxon's IANA zones, which is what keeps 08:00 meaning 08:00 across DST.
 * Calendar dates ('YYYY-MM-DD') carry no zone, so date arithmetic is plain UTC day counting.
 *
 * luxon's `DateTime.fromObject`/`fromISO` are deliberately not used: they seed their offset guess
 * with `Settings.now()`, so a wall time repeated by the autumn switch would resolve differently
 * depending on when the code runs. `wallClockToInstant` below resolves it from its inputs alone.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date, or NaN when it is not a real `YYYY-MM-DD` date. */
function dayNumberOrNaN(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  // Date.UTC rolls 02-30 over to March and maps years 0–99 to 19xx; a round trip catches both.
  const exact = at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
  return exact ? at.getTime() / DAY_MS : Number.NaN;
}

function dayNumber(isoDate: string): number {
  const day = dayNumberOrNaN(isoDate);
  if (Number.isNaN(day)) throw new RangeError(`expected a date 'YYYY-MM-DD', got '${isoDate}'`);
  return day;
}

function isoDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function addDays(isoDate: string, days: number): string {
  return isoDateOfDay(dayNumber(isoDate) + days);
}

/** A wall-clock time `HH:mm`; `24:00` is allowed (as a period end only) so a period can run to midnight. */
const TIME_OF_DAY = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const timeOfDaySchema = z.string().regex(TIME_OF_DAY, { error: "expected a time 'HH:mm' between 00:00 and 24:00" });

/** A working period `[start, end)` in local time. */
const periodSchema = z
  .tuple([timeOfDaySchema, timeOfDaySchema])
  // Zero-padded HH:mm compares correctly as a string; malformed times are already reported above.
  .refine(([start, end]) => !TIME_OF_DAY.test(start) || !TIME_OF_DAY.test(end) || start < end, {
    error: 'a period must start before it ends',
  });

const dayPeriodsSchema = z.array(periodSchema).superRefine((periods, ctx) => {
  const order = periods.map((p, index) => ({ p, index })).sort((a, b) => (a.p[0] < b.p[0] ? -1 : a.p[0] > b.p[0] ? 1 : 0));
  for (let i = 1; i < order.length; i++) {
    const prev = order[i - 1];
    const cur = order[i];
    if (prev && cur && cur.p[0] < prev.p[1]) {
      ctx.addIssue({
        code: 'custom',
        message: `period ${cur.p[0]}–${cur.p[1]} overlaps ${prev.p[0]}–${prev.p[1]}`,
        path: [cur.index],
      });
    }
  }
});

/** A local calendar date `YYYY-MM-DD` that exists. */
const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date 'YYYY-MM-DD'" })
  .refine((s) => !Number.isNaN(dayNumberOrNaN(s)), { error: 'no such calendar date' });

/** The working calendar as admin-editable data; parse anything loaded from storage or an API with it. */
export const calendarSchema = z
  .object({
    timeZone: z
      .string()
      .refine((tz) => IANAZone.isValidZone(tz), { error: 'expected an IANA time zone such as Europe/Kyiv' }),
    weekly: z.object({
      mon: dayPeriodsSchema,
      tue: dayPeriodsSchema,
      wed: dayPeriodsSchema,
      thu: dayPeriodsSchema,
      fri: dayPeriodsSchema,
      sat: dayPeriodsSchema,
      sun: dayPeriodsSchema,
    }),
    holidays: z.array(isoDateSchema),
    extraWorkingDays: z.array(isoDateSchema),
    martialLaw: z.boolean(),
  })
  .superRefine((cal, ctx) => {
    // A date in both lists has no single meaning; make the admin pick one rather than guess.
    const holidays = new Set(cal.holidays);
    cal.extraWorkingDays.forEach((d, i) => {
      if (holidays.has(d)) {
        ctx.addIssue({
          code: 'custom',
          message: `${d} is listed both as a public holiday and as an extra working day`,
          path: ['extraWorkingDays', i],
        });
      }
    });
  });

/** A validated working calendar. */
export type WorkingCalendar = z.infer<typeof calendarSchema>;

/** A term from the Classifier: real hours, working hours or working days. */
export const termSchema = z.object({
  amount: z.number().int().positive(),
  unit: z.enum(['hours', 'working_hours', 'working_days']),
});

/** A Classifier term (`term` / `reworkTerm`). */
export type Term = z.infer<typeof termSchema>;

/** One working period as instants, `[start, end)`. */
export interface WorkingPeriod {
  start: Date;
  end: Date;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const mondayToThursday: Array<[string, string]> = [['08:00', '17:00']];

/**
 * Kryvyi Rih's default calendar: Mon–Thu 08:00–17:00, Fri 08:00–15:45, Ukrainian public holidays of
 * 2026–2027 (post-2023 list, Orthodox Easter/Trinity on the new calendar). Frozen: derive a copy to change it.
 */
export const DEFAULT_CALENDAR: WorkingCalendar = deepFreeze(
  calendarSchema.parse({
    timeZone: 'Europe/Kyiv',
    weekly: {
      mon: mondayToThursday,
      tue: mondayToThursday,
      wed: mondayToThursday,
      thu: mondayToThursday,
      fri: [['08:00', '15:45']],
      sat: [],
      sun: [],
    },
    holidays: [
      '2026-01-01', '2026-03-08', '2026-04-12', '2026-05-01', '2026-05-08', '2026-05-31',
      '2026-06-28', '2026-07-15', '2026-08-24', '2026-10-01', '2026-12-25',
      '2027-01-01', '2027-03-08', '2027-05-01', '2027-05-02', '2027-05-08', '2027-06-20',
      '2027-06-28', '2027-07-15', '2027-08-24', '2027-10-01', '2027-12-25',
    ],
    extraWorkingDays: [],
    // Ukraine has been under martial law since 24 Feb 2022, and while it lasts the Labour Code's
    // public holidays are not days off, so they are ordinary working days here. The holidays stay
    // listed so that ending martial law is one switch for an admin, not a data migration.
    martialLaw: true,
  }),
);

/** How far ahead to look for working time before declaring the calendar broken. */
const MAX_IDLE_DAYS = 400;
/** Upper bound on any scan, so an absurd term fails loudly instead of spinning a workflow task. */
const MAX_SCAN_DAYS = 366 * 100;

/** Indexed by `Date#getUTCDay()`. */
const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function assertInstant(at: Date, name: string): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

function zoneOf(cal: WorkingCalendar): IANAZone {
  const zone = IANAZone.create(cal.timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone '${cal.timeZone}'`);
  return zone;
}

function localDateOf(cal: WorkingCalendar, ms: number): string {
  return new Date(ms + zoneOf(cal).offset(ms) * MINUTE_MS).toISOString().slice(0, 10);
}

/**
 * The instant a wall clock in `zone` shows `localMs` (that wall time written as if it were UTC).
 * A time an autumn switch repeats resolves to its first occurrence; a time a spring switch skips
 * moves forward by the gap (03:30 on the Kyiv spring-forward night becomes 04:30 summer time).
 */
function wallClockToInstant(zone: IANAZone, localMs: number): number {
  // Any switch near this wall time shows up as different offsets a day either side of it.
  const before = zone.offset(localMs - DAY_MS);
  const after = zone.offset(localMs + DAY_MS);
  if (before === after) return localMs - before * MINUTE_MS;
  const valid = [before, after]
    .map((offset) => localMs - offset * MINUTE_MS)
    .filter((ms) => ms + zone.offset(ms) * MINUTE_MS === localMs);
  if (valid.length > 0) return Math.min(...valid);
  return localMs - before * MINUTE_MS;
}

/** Turns wall times ('HH:mm', up to '24:00') of one local date into instants. */
function wallClockOf(zone: IANAZone, isoDate: string): (hhmm: string) => number {
  const midnight = dayNumber(isoDate) * DAY_MS;
  // Offset lookups cost microseconds each; on the many days with no switch nearby one pair does
  // (no zone switches twice within three days, so equal offsets mean none in between).
  const before = zone.offset(midnight - DAY_MS);
  const steady = before === zone.offset(midnight + 2 * DAY_MS);
  return (hhmm) => {
    // "24:00" is the next day's 00:00, so a day that works to midnight touches the next one exactly.
    const localMs = midnight + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * MINUTE_MS;
    return steady ? localMs - before * MINUTE_MS : wallClockToInstant(zone, localMs);
  };
}

/** The configured periods of a local date, before turning them into instants. */
function configuredPeriods(cal: WorkingCalendar, isoDate: string): ReadonlyArray<readonly [string, string]> {
  if (cal.extraWorkingDays.includes(isoDate)) return cal.weekly.mon;
  if (!cal.martialLaw && cal.holidays.includes(isoDate)) return [];
  const weekday = WEEKDAY_KEYS[new Date(dayNumber(isoDate) * DAY_MS).getUTCDay()];
  return weekday ? cal.weekly[weekday] : [];
}

interface MsPeriod {
  start: number;
  end: number;
}

function periodsMs(cal: WorkingCalendar, isoDate: string): MsPeriod[] {
  const configured = configuredPeriods(cal, isoDate);
  if (configured.length === 0) return [];
  const at = wallClockOf(zoneOf(cal), isoDate);
  const raw = configured
    .map(([s, e]) => ({ start: at(s), end: at(e) }))
    // On a DST day a period inside the skipped hour can collapse; it has no working time.
    .filter((p) => p.end > p.start)
    .sort((a, b) => a.start - b.start);
  // DST can also make periods that were apart on the wall clock overlap as instants; merge them so
  // working time is never counted twice.
  const merged: MsPeriod[] = [];
  for (const p of raw) {
    const last = merged[merged.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else merged.push({ ...p });
  }
  return merged;
}

/** Working days from `fromDate` on (inclusive) with their periods, in order; throws on a calendar with no working time. */
function* workingDaysFrom(cal: WorkingCalendar, fromDate: string): Generator<{ date: string; periods: MsPeriod[] }, never> {
  let date = fromDate;
  let idle = 0;
  for (let scanned = 0; scanned < MAX_SCAN_DAYS; scanned++) {
    const periods = periodsMs(cal, date);
    if (periods.length > 0) {
      idle = 0;
      yield { date, periods };
    } else if (++idle > MAX_IDLE_DAYS) {
      throw new Error(
        `the working calendar has no working time in the ${MAX_IDLE_DAYS} days after ${fromDate}; check its weekly periods and holidays`,
      );
    }
    date = addDays(date, 1);
  }
  throw new Error(`a deadline more than ${MAX_SCAN_DAYS} days after ${fromDate} is not supported`);
}

function* workingPeriodsFrom(cal: WorkingCalendar, fromMs: number): Generator<MsPeriod, void> {
  for (const day of workingDaysFrom(cal, localDateOf(cal, fromMs))) {
    for (const p of day.periods) if (p.end > fromMs) yield p;
  }
}

/** The working periods of a local calendar date (`YYYY-MM-DD` in the calendar's zone), in order. */
export function workingPeriodsOn(cal: WorkingCalendar, isoDate: string): WorkingPeriod[] {
  dayNumber(isoDate);
  return periodsMs(cal, isoDate).map((p) => ({ start: new Date(p.start), end: new Date(p.end) }));
}

/** Whether `at` falls inside a working period (periods are half-open: the closing instant is not working). */
export function isWorkingInstant(cal: WorkingCalendar, at: Date): boolean {
  const ms = assertInstant(at, 'at');
  return periodsMs(cal, localDateOf(cal, ms)).some((p) => p.start <= ms && ms < p.end);
}

/** `at` when it is working time, else the start of the next working period (9.2.4 `reviewableAt`). */
export function nextWorkingStart(cal: WorkingCalendar, at: Date): Date {
  const ms = assertInstant(at, 'at');
  const first = workingPeriodsFrom(cal, ms).next();
  if (first.done) throw new Error('unreachable: no working period found');
  return new Date(Math.max(first.value.start, ms));
}

/** The deadline of a term counted from registration, as DESIGN §2 "Deadlines" defines it. */
export function deadlineFrom(cal: WorkingCalendar, registeredAt: Date, term: Term): Date {
  const from = assertInstant(registeredAt, 'registeredAt');
  if (!Number.isSafeInteger(term.amount) || term.amount <= 0) {
    throw new RangeError(`term amount must be a positive integer, got ${term.amount}`);
  }
  switch (term.unit) {
    case 'hours': {
      const due = new Date(from + term.amount * HOUR_MS);
      if (Number.isNaN(due.getTime())) throw new RangeError(`a term of ${term.amount} hours is out of range`);
      return due;
    }
    case 'working_hours': {
      let remaining = term.amount * HOUR_MS;
      for (const p of workingPeriodsFrom(cal, from)) {
        const start = Math.max(p.start, from);
        const available = p.end - start;
        // `<=`: a term that uses up a period exactly ends at its close, not at the next opening.
        if (remaining <= available) return new Date(start + remaining);
        remaining -= available;
      }
      throw new Error('unreachable: working periods ran out');
    }
    case 'working_days': {
      let counted = 0;
      // Counting starts the day after registration whatever the hour, so the registration day never counts.
      for (const day of workingDaysFrom(cal, addDays(localDateOf(cal, from), 1))) {
        if (++counted === term.amount) {
          const last = day.periods[day.periods.length - 1];
          if (last) return new Date(last.end);
        }
      }
      throw new Error('unreachable: working days ran out');
    }
    default: {
      const unknown: never = term.unit;
      throw new RangeError(`unknown term unit: ${String(unknown)}`);
    }
  }
}

/**
 * The latest instant at or before `at` at which a working period ends or is running: `at` itself in
 * working time or at a period's close, else the close of the last working period before it (a term the
 * Contact Center sets ends on a working instant, 8.2.2). Undefined when no working period closes within
 * MAX_IDLE_DAYS before `at`.
 */
export function workingEndAtOrBefore(cal: WorkingCalendar, at: Date): Date | undefined {
  const ms = assertInstant(at, 'at');
  let date = localDateOf(cal, ms);
  for (let i = 0; i <= MAX_IDLE_DAYS; i++, date = addDays(date, -1)) {
    const periods = periodsMs(cal, date);
    for (let j = periods.length - 1; j >= 0; j--) {
      const p = periods[j]!;
      if (p.start <= ms && ms <= p.end) return new Date(ms);
      if (p.end <= ms) return new Date(p.end);
    }
  }
  return undefined;
}

/**
 * When a reminder planned for `at` is sent so that it reaches people in working time (never at night):
 * `at` when it is working time; else the next working start, when that is still before `before` (the
 * deadline); else an hour before the close of the last working period before `before` (or that period's
 * start, if shorter). Undefined when that is not after `notBefore` (the reminder would be late).
 */
export function workingReminderAt(cal: WorkingCalendar, at: Date, before: Date, notBefore: Date): Date | undefined {
  const next = nextWorkingStart(cal, at);
  if (next.getTime() < before.getTime()) return next;
  const lastEnd = workingEndAtOrBefore(cal, new Date(before.getTime() - 1));
  if (!lastEnd) return undefined;
  const period = periodsMs(cal, localDateOf(cal, lastEnd.getTime() - 1)).find((p) => p.start < lastEnd.getTime() && lastEnd.getTime() <= p.end);
  if (!period) return undefined;
  const candidate = Math.max(period.start, Math.min(lastEnd.getTime(), period.end) - HOUR_MS);
  return candidate > notBefore.getTime() ? new Date(candidate) : undefined;
}

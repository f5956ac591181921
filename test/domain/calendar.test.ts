import { expect } from 'chai';
import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import {
  DEFAULT_CALENDAR,
  calendarSchema,
  deadlineFrom,
  isWorkingInstant,
  nextWorkingStart,
  termSchema,
  workingPeriodsOn,
  type Term,
  type WorkingCalendar,
} from '../../domain/calendar.ts';

const ZONE = 'Europe/Kyiv';
const HOUR = 3_600_000;
const RUNS = { numRuns: 200 };

/** A Kyiv wall-clock time such as '2026-03-27T16:00' as an instant. */
function kyiv(local: string): Date {
  const dt = DateTime.fromISO(local, { zone: ZONE });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toJSDate();
}

/** An instant as Kyiv wall clock, 'yyyy-MM-dd HH:mm ccc', so failures read like the regulation. */
function local(at: Date): string {
  return DateTime.fromJSDate(at, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm ccc');
}

function localDate(at: Date): string {
  return DateTime.fromJSDate(at, { zone: ZONE }).toFormat('yyyy-MM-dd');
}

function nextDate(isoDate: string): string {
  return DateTime.fromISO(isoDate, { zone: 'utc' }).plus({ days: 1 }).toFormat('yyyy-MM-dd');
}

function withCalendar(patch: Partial<WorkingCalendar>): WorkingCalendar {
  return calendarSchema.parse({ ...DEFAULT_CALENDAR, ...patch });
}

const noMartialLaw = withCalendar({ martialLaw: false });
const roundTheClock = withCalendar({
  weekly: {
    mon: [['00:00', '24:00']],
    tue: [['00:00', '24:00']],
    wed: [['00:00', '24:00']],
    thu: [['00:00', '24:00']],
    fri: [['00:00', '24:00']],
    sat: [['00:00', '24:00']],
    sun: [['00:00', '24:00']],
  },
});

const days = (amount: number): Term => ({ amount, unit: 'working_days' });
const workingHours = (amount: number): Term => ({ amount, unit: 'working_hours' });
const hours = (amount: number): Term => ({ amount, unit: 'hours' });

/** Working time in [from, to), summed period by period over local dates, independently of deadlineFrom. */
function workingTimeBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  let total = 0;
  const last = DateTime.fromJSDate(to, { zone: cal.timeZone }).toFormat('yyyy-MM-dd');
  for (let d = DateTime.fromJSDate(from, { zone: cal.timeZone }).toFormat('yyyy-MM-dd'); d <= last; d = nextDate(d)) {
    for (const p of workingPeriodsOn(cal, d)) {
      const start = Math.max(p.start.getTime(), from.getTime());
      const end = Math.min(p.end.getTime(), to.getTime());
      if (end > start) total += end - start;
    }
  }
  return total;
}

// ---- arbitraries -------------------------------------------------------------------------------

const RANGE_START = kyiv('2026-01-01T00:00').getTime();
const RANGE_END = kyiv('2027-12-24T00:00').getTime();
const DST_SWITCHES = [kyiv('2026-03-29T03:00').getTime(), kyiv('2026-10-25T03:00').getTime()];

/** Instants over the two years the default holidays cover, biased to quarter hours and to the DST weekends. */
const instantArb: fc.Arbitrary<Date> = fc
  .oneof(
    fc.integer({ min: RANGE_START, max: RANGE_END }),
    fc.integer({ min: RANGE_START / 900_000, max: RANGE_END / 900_000 }).map((q) => Math.ceil(q) * 900_000),
    fc
      .tuple(fc.constantFrom(...DST_SWITCHES), fc.integer({ min: -4 * 96, max: 4 * 96 }))
      .map(([sw, q]) => sw + q * 900_000),
  )
  .map((ms) => new Date(ms));

function hhmm(quarter: number): string {
  const h = Math.floor(quarter / 4);
  return `${String(h).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;
}

/** 0–2 periods on quarter-hour boundaries anywhere in 00:00–24:00, including the DST hours. */
const dayArb: fc.Arbitrary<Array<[string, string]>> = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 4 })
  .map((qs) => {
    const sorted = [...qs].sort((a, b) => a - b);
    const periods: Array<[string, string]> = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      const [s, e] = [sorted[i], sorted[i + 1]];
      if (s !== undefined && e !== undefined) periods.push([hhmm(s), hhmm(e)]);
    }
    return periods;
  });

const weeklyHours = (w: WorkingCalendar['weekly']): number =>
  Object.values(w)
    .flat()
    .reduce((sum, [s, e]) => sum + (Number(e.slice(0, 2)) * 60 + Number(e.slice(3)) - Number(s.slice(0, 2)) * 60 - Number(s.slice(3))) / 60, 0);

/** The default calendar or a random one (at least 6 working hours a week, so scans stay short). */
const calendarArb: fc.Arbitrary<WorkingCalendar> = fc.oneof(
  fc.boolean().map((martialLaw) => withCalendar({ martialLaw })),
  fc
    .record({
      weekly: fc
        .record({ mon: dayArb, tue: dayArb, wed: dayArb, thu: dayArb, fri: dayArb, sat: dayArb, sun: dayArb })
        .filter((w) => weeklyHours(w) >= 6),
      holidays: fc.subarray(DEFAULT_CALENDAR.holidays),
      extraWorkingDays: fc.subarray(['2026-06-13', '2026-11-07', '2027-02-20', '2027-10-24']),
      martialLaw: fc.boolean(),
    })
    .map((c) => calendarSchema.parse({ ...c, timeZone: ZONE })),
);

const termArb: fc.Arbitrary<Term> = fc.oneof(
  fc.integer({ min: 1, max: 72 }).map(hours),
  fc.integer({ min: 1, max: 60 }).map(workingHours),
  fc.integer({ min: 1, max: 25 }).map(days),
);

// ---- tests -------------------------------------------------------------------------------------

describe('domain/calendar', () => {
  describe('calendarSchema', () => {
    it('accepts the default calendar unchanged', () => {
      expect(calendarSchema.parse(DEFAULT_CALENDAR)).to.deep.equal(DEFAULT_CALENDAR);
    });

    const issuePaths = (input: unknown): string[] => {
      const r = calendarSchema.safeParse(input);
      expect(r.success, 'should be rejected').to.equal(false);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };

    it('names the time zone when it is not an IANA zone', () => {
      expect(issuePaths({ ...DEFAULT_CALENDAR, timeZone: 'Kyiv' })).to.deep.equal(['timeZone']);
    });

    it('names the period whose time is not HH:mm', () => {
      const weekly = { ...DEFAULT_CALENDAR.weekly, tue: [['8:00', '17:00']] };
      expect(issuePaths({ ...DEFAULT_CALENDAR, weekly })).to.deep.equal(['weekly.tue.0.0']);
    });

    it('names a period that ends before it starts', () => {
      const weekly = { ...DEFAULT_CALENDAR.weekly, wed: [['17:00', '08:00']] };
      expect(issuePaths({ ...DEFAULT_CALENDAR, weekly })).to.deep.equal(['weekly.wed.0']);
    });

    it('names a period that overlaps another on the same day', () => {
      const weekly = { ...DEFAULT_CALENDAR.weekly, mon: [['08:00', '12:30'], ['12:00', '17:00']] };
      expect(issuePaths({ ...DEFAULT_CALENDAR, weekly })).to.deep.equal(['weekly.mon.1']);
    });

    it('accepts a lunch break as two periods that touch or leave a gap', () => {
      const weekly = { ...DEFAULT_CALENDAR.weekly, mon: [['13:00', '17:00'], ['08:00', '12:00']], tue: [['08:00', '12:00'], ['12:00', '17:00']] };
      expect(calendarSchema.safeParse({ ...DEFAULT_CALENDAR, weekly }).success).to.equal(true);
    });

    it('lets a period run to 24:00 but not start there', () => {
      expect(calendarSchema.safeParse(roundTheClock).success).to.equal(true);
      const weekly = { ...DEFAULT_CALENDAR.weekly, sun: [['24:00', '24:00']] };
      expect(issuePaths({ ...DEFAULT_CALENDAR, weekly })).to.deep.equal(['weekly.sun.0']);
    });

    it('names a holiday that is not a real date', () => {
      expect(issuePaths({ ...DEFAULT_CALENDAR, holidays: ['2026-01-01', '2026-02-30'] })).to.deep.equal(['holidays.1']);
    });

    it('names an extra working day that is also a holiday', () => {
      expect(issuePaths({ ...DEFAULT_CALENDAR, extraWorkingDays: ['2026-08-24'] })).to.deep.equal(['extraWorkingDays.0']);
    });

    it('names a missing weekday and a missing martial-law switch', () => {
      const without = <T extends object>(o: T, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
      const input = { ...without(DEFAULT_CALENDAR, 'martialLaw'), weekly: without(DEFAULT_CALENDAR.weekly, 'sat') };
      expect(issuePaths(input)).to.have.members(['weekly.sat', 'martialLaw']);
    });
  });

  describe('termSchema', () => {
    it('accepts positive whole amounts of the three units only', () => {
      expect(termSchema.safeParse({ amount: 3, unit: 'working_days' }).success).to.equal(true);
      expect(termSchema.safeParse({ amount: 0, unit: 'hours' }).success).to.equal(false);
      expect(termSchema.safeParse({ amount: 1.5, unit: 'hours' }).success).to.equal(false);
      expect(termSchema.safeParse({ amount: 1, unit: 'days' }).success).to.equal(false);
    });
  });

  describe('DEFAULT_CALENDAR', () => {
    it('works Mon–Thu 08:00–17:00 and Fri 08:00–15:45 in Europe/Kyiv, weekends off', () => {
      expect(DEFAULT_CALENDAR.timeZone).to.equal('Europe/Kyiv');
      expect(DEFAULT_CALENDAR.weekly.thu).to.deep.equal([['08:00', '17:00']]);
      expect(DEFAULT_CALENDAR.weekly.fri).to.deep.equal([['08:00', '15:45']]);
      expect(DEFAULT_CALENDAR.weekly.sat).to.deep.equal([]);
      expect(DEFAULT_CALENDAR.weekly.sun).to.deep.equal([]);
    });

    it('lists the post-2023 public holidays (Christmas on 25 December, none on 7 January) with martial law on', () => {
      expect(DEFAULT_CALENDAR.holidays).to.include.members(['2026-12-25', '2026-04-12', '2026-05-31', '2027-05-02', '2027-06-20', '2027-07-15']);
      expect(DEFAULT_CALENDAR.holidays).not.to.include('2026-01-07');
      expect(DEFAULT_CALENDAR.martialLaw).to.equal(true);
    });

    it('is frozen so a shared default cannot be edited in place', () => {
      expect(() => DEFAULT_CALENDAR.holidays.push('2026-01-02')).to.throw(TypeError);
      expect(() => {
        (DEFAULT_CALENDAR as { martialLaw: boolean }).martialLaw = false;
      }).to.throw(TypeError);
    });
  });

  describe('workingPeriodsOn', () => {
    const asUtc = (ps: Array<{ start: Date; end: Date }>) => ps.map((p) => [p.start.toISOString(), p.end.toISOString()]);

    it('places Kyiv 08:00–17:00 at UTC+2 in winter and UTC+3 in summer', () => {
      expect(asUtc(workingPeriodsOn(DEFAULT_CALENDAR, '2026-01-12'))).to.deep.equal([['2026-01-12T06:00:00.000Z', '2026-01-12T15:00:00.000Z']]);
      expect(asUtc(workingPeriodsOn(DEFAULT_CALENDAR, '2026-07-13'))).to.deep.equal([['2026-07-13T05:00:00.000Z', '2026-07-13T14:00:00.000Z']]);
    });

    it('still starts at 08:00 local on the days around both 2026 DST switches', () => {
      const wallClock = (d: string) => workingPeriodsOn(DEFAULT_CALENDAR, d).map((p) => `${local(p.start)}–${local(p.end).slice(11, 16)}`);
      expect(wallClock('2026-03-27')).to.deep.equal(['2026-03-27 08:00 Fri–15:45']);
      expect(wallClock('2026-03-30')).to.deep.equal(['2026-03-30 08:00 Mon–17:00']);
      expect(wallClock('2026-10-23')).to.deep.equal(['2026-10-23 08:00 Fri–15:45']);
      expect(wallClock('2026-10-26')).to.deep.equal(['2026-10-26 08:00 Mon–17:00']);
      expect(workingPeriodsOn(DEFAULT_CALENDAR, '2026-03-30')[0]?.start.toISOString()).to.equal('2026-03-30T05:00:00.000Z');
      expect(workingPeriodsOn(DEFAULT_CALENDAR, '2026-10-26')[0]?.start.toISOString()).to.equal('2026-10-26T06:00:00.000Z');
    });

    it('gives the DST Sundays 23 and 25 real hours when a calendar works round the clock', () => {
      const length = (d: string) => workingPeriodsOn(roundTheClock, d).reduce((s, p) => s + p.end.getTime() - p.start.getTime(), 0) / HOUR;
      expect(length('2026-03-29')).to.equal(23);
      expect(length('2026-10-25')).to.equal(25);
      expect(length('2026-06-14')).to.equal(24);
    });

    it('gives a Sunday 02:00–05:00 period 2 real hours on the spring DST night and 4 on the autumn one', () => {
      const cal = withCalendar({ weekly: { ...DEFAULT_CALENDAR.weekly, sun: [['02:00', '05:00']] } });
      expect(asUtc(workingPeriodsOn(cal, '2026-03-29'))).to.deep.equal([['2026-03-29T00:00:00.000Z', '2026-03-29T02:00:00.000Z']]);
      expect(asUtc(workingPeriodsOn(cal, '2026-10-25'))).to.deep.equal([['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z']]);
    });

    it('moves a wall time the spring switch skips forward by the gap (03:30 becomes 04:30 summer time)', () => {
      const cal = withCalendar({ weekly: { ...DEFAULT_CALENDAR.weekly, sun: [['03:30', '06:00']] } });
      expect(workingPeriodsOn(cal, '2026-03-29').map((p) => local(p.start))).to.deep.equal(['2026-03-29 04:30 Sun']);
    });

    it('starts a period at the first occurrence of a wall time the autumn switch repeats, whatever the current date', () => {
      const cal = withCalendar({ weekly: { ...DEFAULT_CALENDAR.weekly, sun: [['03:30', '06:00']] } });
      const realNow = Settings.now;
      try {
        // luxon's own local-time parsing guesses from "now"; the calendar must not.
        const seen = ['2026-07-01T12:00:00Z', '2026-12-01T12:00:00Z'].map((now) => {
          Settings.now = () => Date.parse(now);
          return asUtc(workingPeriodsOn(cal, '2026-10-25'));
        });
        expect(seen[0]).to.deep.equal([['2026-10-25T00:30:00.000Z', '2026-10-25T04:00:00.000Z']]);
        expect(seen[1]).to.deep.equal(seen[0]);
      } finally {
        Settings.now = realNow;
      }
    });

    it('has no periods on weekends', () => {
      expect(workingPeriodsOn(DEFAULT_CALENDAR, '2026-06-13')).to.deep.equal([]);
      expect(workingPeriodsOn(DEFAULT_CALENDAR, '2026-06-14')).to.deep.equal([]);
    });

    it('closes a public holiday without martial law and keeps its weekday periods under martial law', () => {
      expect(workingPeriodsOn(noMartialLaw, '2026-08-24')).to.deep.equal([]);
      expect(asUtc(workingPeriodsOn(DEFAULT_CALENDAR, '2026-08-24'))).to.deep.equal([['2026-08-24T05:00:00.000Z', '2026-08-24T14:00:00.000Z']]);
      // 2026-05-08 is a Friday: under martial law it keeps Friday's short day.
      expect(workingPeriodsOn(DEFAULT_CALENDAR, '2026-05-08').map((p) => local(p.end))).to.deep.equal(['2026-05-08 15:45 Fri']);
    });

    it("works an extra working day with Monday's periods", () => {
      const cal = withCalendar({ extraWorkingDays: ['2026-06-13'] });
      expect(workingPeriodsOn(cal, '2026-06-13').map((p) => `${local(p.start)}–${local(p.end)}`)).to.deep.equal(['2026-06-13 08:00 Sat–2026-06-13 17:00 Sat']);
    });

    it('returns the periods of a day in time order even when configured out of order', () => {
      const cal = withCalendar({ weekly: { ...DEFAULT_CALENDAR.weekly, mon: [['13:00', '17:00'], ['08:00', '12:00']] } });
      expect(workingPeriodsOn(cal, '2026-06-15').map((p) => local(p.start).slice(11, 16))).to.deep.equal(['08:00', '13:00']);
    });

    it('refuses a date that is not YYYY-MM-DD', () => {
      expect(() => workingPeriodsOn(DEFAULT_CALENDAR, '2026-6-15')).to.throw(RangeError, /YYYY-MM-DD/);
      expect(() => workingPeriodsOn(DEFAULT_CALENDAR, '2026-02-30')).to.throw(RangeError);
    });
  });

  describe('isWorkingInstant', () => {
    it('counts the opening instant as working and the closing instant as not', () => {
      expect(isWorkingInstant(DEFAULT_CALENDAR, kyiv('2026-06-15T08:00'))).to.equal(true);
      expect(isWorkingInstant(DEFAULT_CALENDAR, kyiv('2026-06-15T07:59:59.999'))).to.equal(false);
      expect(isWorkingInstant(DEFAULT_CALENDAR, kyiv('2026-06-15T16:59:59.999'))).to.equal(true);
      expect(isWorkingInstant(DEFAULT_CALENDAR, kyiv('2026-06-15T17:00'))).to.equal(false);
    });

    it('ends Friday at 15:45', () => {
      expect(isWorkingInstant(DEFAULT_CALENDAR, kyiv('2026-06-19T15:44'))).to.equal(true);
      expect(isWorkingInstant(DEFAULT_CALENDAR, kyiv('2026-06-19T15:45'))).to.equal(false);
    });

    it('refuses an invalid Date', () => {
      expect(() => isWorkingInstant(DEFAULT_CALENDAR, new Date(Number.NaN))).to.throw(RangeError, /valid Date/);
    });
  });

  describe('nextWorkingStart (9.2.4 reviewableAt)', () => {
    const reviewable = (cal: WorkingCalendar, at: string) => local(nextWorkingStart(cal, kyiv(at)));

    it('9.2.4 a closure proposed on Friday after 15:45 becomes reviewable on Monday at 08:00 Kyiv time', () => {
      expect(reviewable(DEFAULT_CALENDAR, '2026-06-19T15:45')).to.equal('2026-06-22 08:00 Mon');
      expect(reviewable(DEFAULT_CALENDAR, '2026-06-19T22:10')).to.equal('2026-06-22 08:00 Mon');
    });

    it('9.2.4 a closure proposed on Saturday becomes reviewable on Monday at 08:00 Kyiv time', () => {
      expect(reviewable(DEFAULT_CALENDAR, '2026-06-20T11:00')).to.equal('2026-06-22 08:00 Mon');
    });

    it('9.2.4 a closure proposed in the evening becomes reviewable the next morning at 08:00', () => {
      expect(reviewable(DEFAULT_CALENDAR, '2026-06-16T17:00')).to.equal('2026-06-17 08:00 Wed');
    });

    it('9.2.4 a closure proposed before 08:00 becomes reviewable at 08:00 the same day', () => {
      expect(reviewable(DEFAULT_CALENDAR, '2026-06-16T06:30')).to.equal('2026-06-16 08:00 Tue');
    });

    it('9.2.4 a closure proposed inside working hours is reviewable at the instant it was proposed', () => {
      const at = kyiv('2026-06-16T10:17:23.456');
      expect(nextWorkingStart(DEFAULT_CALENDAR, at).getTime()).to.equal(at.getTime());
    });

    it('9.2.4 a closure proposed on a public holiday waits for the next working day only when martial law is off', () => {
      expect(reviewable(noMartialLaw, '2026-08-24T10:00')).to.equal('2026-08-25 08:00 Tue');
      expect(reviewable(DEFAULT_CALENDAR, '2026-08-24T10:00')).to.equal('2026-08-24 10:00 Mon');
    });

    it('9.2.4 a closure proposed over the spring DST weekend becomes reviewable on Monday at 08:00 local (05:00 UTC)', () => {
      expect(nextWorkingStart(DEFAULT_CALENDAR, kyiv('2026-03-28T12:00')).toISOString()).to.equal('2026-03-30T05:00:00.000Z');
    });

    it('9.2.4 a closure proposed on an extra working Saturday is reviewable at once', () => {
      const cal = withCalendar({ extraWorkingDays: ['2026-06-13'] });
      expect(reviewable(cal, '2026-06-13T09:00')).to.equal('2026-06-13 09:00 Sat');
    });

    it('throws a clear error when the calendar has no working time at all', () => {
      const empty = withCalendar({ weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
      expect(() => nextWorkingStart(empty, kyiv('2026-06-16T10:00'))).to.throw(Error, /no working time/);
    });

    it('9.2.4 gives a working instant with no working time between the proposal and it', () => {
      fc.assert(
        fc.property(calendarArb, instantArb, (cal, at) => {
          const next = nextWorkingStart(cal, at);
          expect(next.getTime()).to.be.at.least(at.getTime());
          expect(isWorkingInstant(cal, next), local(next)).to.equal(true);
          expect(next.getTime() === at.getTime()).to.equal(isWorkingInstant(cal, at));
          const gap = next.getTime() - at.getTime();
          if (gap > 0) {
            expect(isWorkingInstant(cal, new Date(next.getTime() - 1))).to.equal(false);
            for (let k = 0; k < 48; k++) {
              const t = new Date(at.getTime() + Math.floor((gap * k) / 48));
              expect(isWorkingInstant(cal, t), local(t)).to.equal(false);
            }
          }
        }),
        RUNS,
      );
    });
  });

  describe('deadlineFrom', () => {
    const deadline = (cal: WorkingCalendar, at: string, term: Term) => local(deadlineFrom(cal, kyiv(at), term));

    describe('hours', () => {
      it('adds real hours round the clock, weekends included', () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-20T23:00', hours(2))).to.equal('2026-06-21 01:00 Sun');
      });

      it('lands a 24 h term across the spring DST switch at local clock +25 h', () => {
        const at = kyiv('2026-03-28T12:00');
        const due = deadlineFrom(DEFAULT_CALENDAR, at, hours(24));
        expect(due.getTime() - at.getTime()).to.equal(24 * HOUR);
        expect(local(due)).to.equal('2026-03-29 13:00 Sun');
      });

      it('lands a 24 h term across the autumn DST switch at local clock +23 h', () => {
        const at = kyiv('2026-10-24T12:00');
        const due = deadlineFrom(DEFAULT_CALENDAR, at, hours(24));
        expect(due.getTime() - at.getTime()).to.equal(24 * HOUR);
        expect(local(due)).to.equal('2026-10-25 11:00 Sun');
      });
    });

    describe('working_days', () => {
      it("ends a 1-working-day term registered on Friday at 16:00 at Monday's close, 17:00 Kyiv", () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-19T16:00', days(1))).to.equal('2026-06-22 17:00 Mon');
      });

      it("ends a 1-working-day term registered on Saturday at Monday's close", () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-20T09:30', days(1))).to.equal('2026-06-22 17:00 Mon');
      });

      it("ends a 1-working-day term registered on Monday at 10:00 at Tuesday's close", () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-15T10:00', days(1))).to.equal('2026-06-16 17:00 Tue');
      });

      it('never counts the day of registration, even when registered before opening', () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-15T07:00', days(1))).to.equal('2026-06-16 17:00 Tue');
      });

      it("ends on Friday's 15:45 close when the last working day is a Friday", () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-15T10:00', days(4))).to.equal('2026-06-19 15:45 Fri');
      });

      it('skips a public holiday only when martial law is off', () => {
        // 2026-08-24 (Independence Day) is a Monday.
        expect(deadline(noMartialLaw, '2026-08-21T16:00', days(1))).to.equal('2026-08-25 17:00 Tue');
        expect(deadline(DEFAULT_CALENDAR, '2026-08-21T16:00', days(1))).to.equal('2026-08-24 17:00 Mon');
      });

      it("counts an extra working Saturday, closing it at Monday's 17:00", () => {
        const cal = withCalendar({ extraWorkingDays: ['2026-06-13'] });
        expect(deadline(cal, '2026-06-12T16:00', days(1))).to.equal('2026-06-13 17:00 Sat');
        expect(deadline(cal, '2026-06-12T16:00', days(2))).to.equal('2026-06-15 17:00 Mon');
      });

      it('ends at 17:00 local on the Monday after the spring DST switch (14:00 UTC)', () => {
        expect(deadlineFrom(DEFAULT_CALENDAR, kyiv('2026-03-27T16:00'), days(1)).toISOString()).to.equal('2026-03-30T14:00:00.000Z');
      });

      it('ends at 17:00 local on the Monday after the autumn DST switch (15:00 UTC)', () => {
        expect(deadlineFrom(DEFAULT_CALENDAR, kyiv('2026-10-23T16:00'), days(1)).toISOString()).to.equal('2026-10-26T15:00:00.000Z');
      });

      it('uses the registration day in Kyiv, not in UTC, to start counting', () => {
        // 00:30 Kyiv on Tuesday is still Monday in UTC; the term counts from Tuesday.
        expect(deadline(DEFAULT_CALENDAR, '2026-06-16T00:30', days(1))).to.equal('2026-06-17 17:00 Wed');
      });
    });

    describe('working_hours', () => {
      it('counts inside one period', () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-15T10:00', workingHours(3))).to.equal('2026-06-15 13:00 Mon');
      });

      it('continues after the night into the next morning', () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-18T16:00', workingHours(3))).to.equal('2026-06-19 10:00 Fri');
      });

      it('continues after the weekend, counting Friday up to 15:45', () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-19T15:00', workingHours(2))).to.equal('2026-06-22 09:15 Mon');
      });

      it('starts counting at the next opening when registered outside working hours', () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-20T12:00', workingHours(1))).to.equal('2026-06-22 09:00 Mon');
        expect(deadline(DEFAULT_CALENDAR, '2026-06-16T18:00', workingHours(1))).to.equal('2026-06-17 09:00 Wed');
      });

      it('ends at the close, not the next opening, when the term uses a period up exactly', () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-15T08:00', workingHours(9))).to.equal('2026-06-15 17:00 Mon');
      });

      it('spans several days', () => {
        expect(deadline(DEFAULT_CALENDAR, '2026-06-15T08:00', workingHours(40))).to.equal('2026-06-19 12:00 Fri');
      });

      it('skips a public holiday only when martial law is off', () => {
        expect(deadline(noMartialLaw, '2026-08-21T15:00', workingHours(2))).to.equal('2026-08-25 09:15 Tue');
        expect(deadline(DEFAULT_CALENDAR, '2026-08-21T15:00', workingHours(2))).to.equal('2026-08-24 09:15 Mon');
      });

      it('counts the 23-hour DST Sunday as 23 working hours on a round-the-clock calendar', () => {
        expect(deadline(roundTheClock, '2026-03-29T00:00', workingHours(23))).to.equal('2026-03-30 00:00 Mon');
      });
    });

    it('refuses a non-positive or fractional amount and an invalid registration instant', () => {
      expect(() => deadlineFrom(DEFAULT_CALENDAR, kyiv('2026-06-15T10:00'), hours(0))).to.throw(RangeError);
      expect(() => deadlineFrom(DEFAULT_CALENDAR, kyiv('2026-06-15T10:00'), days(1.5))).to.throw(RangeError);
      expect(() => deadlineFrom(DEFAULT_CALENDAR, new Date(Number.NaN), days(1))).to.throw(RangeError);
    });

    it('throws a clear error when the calendar has no working time at all', () => {
      const empty = withCalendar({ weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
      expect(() => deadlineFrom(empty, kyiv('2026-06-16T10:00'), workingHours(1))).to.throw(Error, /no working time/);
      expect(() => deadlineFrom(empty, kyiv('2026-06-16T10:00'), days(1))).to.throw(Error, /no working time/);
    });

    describe('properties', () => {
      it('never puts a deadline before registration', () => {
        fc.assert(
          fc.property(calendarArb, instantArb, termArb, (cal, at, term) => {
            expect(deadlineFrom(cal, at, term).getTime()).to.be.at.least(at.getTime());
          }),
          RUNS,
        );
      });

      it('puts exactly N hours of working time between registration and a working_hours deadline', () => {
        fc.assert(
          fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 60 }), (cal, at, n) => {
            const due = deadlineFrom(cal, at, workingHours(n));
            expect(workingTimeBetween(cal, at, due)).to.equal(n * HOUR);
            // The deadline is reached while working, not in the gap after it.
            expect(isWorkingInstant(cal, new Date(due.getTime() - 1))).to.equal(true);
          }),
          RUNS,
        );
      });

      it('closes a working_days term on the N-th working day after the local registration day', () => {
        fc.assert(
          fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 25 }), (cal, at, n) => {
            const due = deadlineFrom(cal, at, days(n));
            let workingDays = 0;
            let lastWorkingDay = '';
            for (let d = nextDate(localDate(at)); workingDays < n; d = nextDate(d)) {
              if (workingPeriodsOn(cal, d).length > 0) {
                workingDays++;
                lastWorkingDay = d;
              }
            }
            const periods = workingPeriodsOn(cal, lastWorkingDay);
            expect(due.getTime()).to.equal(periods[periods.length - 1]?.end.getTime());
          }),
          RUNS,
        );
      });

      it('never moves a deadline earlier when registration is later, for every unit', () => {
        fc.assert(
          fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 7 * 24 * 4 }), termArb, (cal, at, quarters, term) => {
            const later = new Date(at.getTime() + quarters * 900_000);
            expect(deadlineFrom(cal, later, term).getTime()).to.be.at.least(deadlineFrom(cal, at, term).getTime());
          }),
          RUNS,
        );
      });

      it('never makes a deadline later by switching martial law on', () => {
        fc.assert(
          fc.property(calendarArb, instantArb, termArb, (cal, at, term) => {
            const on = deadlineFrom({ ...cal, martialLaw: true }, at, term);
            const off = deadlineFrom({ ...cal, martialLaw: false }, at, term);
            expect(on.getTime()).to.be.at.most(off.getTime());
          }),
          RUNS,
        );
      });
    });
  });
});

/**
 * 9.2.5 selective phone survey: each working day a random sample of the requests closed since the
 * previous working day's sample — that day and the days off after it — stratified by executor — of each executor's closed requests, `share` of them
 * rounded up, at least `minPerExecutor` (never more than it closed). The draw is a pure function of
 * its seed, so a recorded sample can be drawn again and checked.
 */
import { DateTime } from 'luxon';
import { workingPeriodsOn, type WorkingCalendar } from './calendar.ts';

export interface Closed {
  number: string;
  executorId: string;
  categoryCode: string;
  district: string;
  closedAt: string;
}

export interface SampleRules {
  share: number;
  minPerExecutor: number;
}

/** A PRNG seeded by a string (cyrb128 hash → sfc32): the same seed, the same numbers, in pure code. */
function prng(seed: string): () => number {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  let a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
  let b = (h2 ^ h1) >>> 0;
  let c = (h3 ^ h1) >>> 0;
  let d = (h4 ^ h1) >>> 0;
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** How many of an executor's `closed` requests are drawn. */
export const stratumSize = (closed: number, r: SampleRules): number => Math.min(closed, Math.max(r.minPerExecutor, Math.ceil(closed * r.share)));

export function drawSample(closed: readonly Closed[], seed: string, r: SampleRules): Closed[] {
  const rnd = prng(seed);
  const byExecutor = new Map<string, Closed[]>();
  for (const c of [...closed].sort((a, b) => a.number.localeCompare(b.number))) byExecutor.set(c.executorId, [...(byExecutor.get(c.executorId) ?? []), c]);
  const out: Closed[] = [];
  for (const executorId of [...byExecutor.keys()].sort()) {
    const pool = [...byExecutor.get(executorId)!];
    // A partial Fisher–Yates shuffle draws the stratum without repeats.
    const n = stratumSize(pool.length, r);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(rnd() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      out.push(pool[i]!);
    }
  }
  return out;
}

/** The working day before `day` (`YYYY-MM-DD`) in the calendar (at most a year back). */
export function previousWorkingDay(cal: WorkingCalendar, day: string): string | null {
  let d = DateTime.fromISO(day, { zone: cal.timeZone });
  for (let i = 0; i < 366; i++) {
    d = d.minus({ days: 1 });
    const iso = d.toISODate() ?? '';
    if (workingPeriodsOn(cal, iso).length > 0) return iso;
  }
  return null;
}

/**
 * The days whose closures `day`'s sample covers: the previous working day and the days off between
 * it and `day`, so a Monday's sample takes Friday's, Saturday's and Sunday's closures and no closure
 * falls between two samples. Null when `day` is not a working day: no sample is drawn on a day off.
 */
export function sampledDays(cal: WorkingCalendar, day: string): string[] | null {
  if (workingPeriodsOn(cal, day).length === 0) return null;
  const from = previousWorkingDay(cal, day);
  if (!from) return null;
  const out: string[] = [];
  for (let d = DateTime.fromISO(from, { zone: 'UTC' }); (d.toISODate() ?? '') < day; d = d.plus({ days: 1 })) out.push(d.toISODate() ?? '');
  return out;
}

/** The Temporal Schedule that draws the sample every morning, before the working day starts (cron in REPORT_ZONE). */
export const SPOT_CHECK_SCHEDULE = {
  name: 'spot-checks',
  cron: '0 7 * * *',
  description: '9.2.5 spot-check sample of the closures since the previous working day, each working day at 07:00',
} as const;

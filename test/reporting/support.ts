/**
 * The reporting tests' scenario: a known set of requests, each a small plain record of what happened
 * to it and when, turned into the events the workflow would publish. The expected figures are
 * computed from the records here, independently of the service's projection (domain/reports.ts).
 *
 * Everything happens in February–March 2019 (Kyiv is UTC+2 then), so no other test's events — and
 * no request overdue today — falls into the periods these tests read.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { requestEventSchema, type RequestEvent } from '../../contracts/events.ts';
import { reportingEnv, type ReportingConfig } from '../../services/reporting/config.ts';
import { mongoUrlFor, testStack } from '../support/stack.ts';

export const ZONE = 'Europe/Kyiv';
export const CATEGORIES = ['WATER-01', 'HEAT-01', 'ROAD-01', 'LIGHT-01'];
export const DISTRICTS = ['Металургійний', 'Покровський', 'Центрально-Міський'];
export const EXECUTORS = ['vodokanal', 'teplomerezha', 'roads'];

export interface Scenario {
  number: string;
  category: string;
  district: string;
  executor: string;
  channel: 'phone' | 'web';
  repeat: boolean;
  registeredAt: number;
  /** The 8.1.2 reminder came before the acceptance. */
  reminded: boolean;
  acceptedAt?: number;
  /** Went overdue at `at`; the interval ended by an extension at `clearedAt`, or by the closure, or not at all. */
  overdue?: { at: number; extendedAt?: number };
  proposedAt?: number;
  rework?: { at: number; proposedAgainAt: number };
  closedAt?: number;
  rating?: { at: number; score: number };
}

const H = 3600_000;

/** A small seeded generator, so the scenario is the same on every run. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const kyiv = (iso: string): number => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

/** `n` requests registered between 2019-02-18 and 2019-03-17, with every kind of path through the lifecycle. */
export function scenario(n: number, seed = 1520, prefix = `RP${randomUUID().slice(0, 4).toUpperCase()}`): Scenario[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const start = kyiv('2019-02-18T00:00');
  const out: Scenario[] = [];
  for (let i = 0; i < n; i++) {
    const day = Math.floor(r() * 28);
    const registeredAt = start + day * 24 * H + Math.floor((6 + r() * 14) * H) + Math.floor(r() * 59) * 60_000 + 17_000;
    const s: Scenario = {
      number: `${prefix}-2019-${String(i + 1).padStart(6, '0')}`,
      // Later in the scenario ROAD-01 grows: topics must see it.
      category: day >= 14 && r() < 0.3 ? 'ROAD-01' : pick(CATEGORIES),
      district: pick(DISTRICTS),
      executor: pick(EXECUTORS),
      channel: r() < 0.6 ? 'phone' : 'web',
      repeat: r() < 0.15,
      registeredAt,
      reminded: r() < 0.3,
    };
    const fate = r();
    if (fate < 0.1) {
      out.push(s); // never accepted
      continue;
    }
    s.acceptedAt = registeredAt + (s.reminded ? 2.5 * H : 0.4 * H);
    let t = s.acceptedAt;
    if (fate < 0.45) {
      // Overdue: 1–90 hours after registration, across days and sometimes weeks.
      s.overdue = { at: registeredAt + (1 + r() * 90) * H };
      t = s.overdue.at;
      const after = r();
      if (after < 0.3) {
        s.overdue.extendedAt = t + (2 + r() * 50) * H;
        t = s.overdue.extendedAt;
      } else if (after < 0.5) {
        out.push(s); // still overdue, open
        continue;
      }
    }
    if (r() < 0.15) {
      out.push(s); // in work, not proposed
      continue;
    }
    s.proposedAt = t + (1 + r() * 30) * H;
    t = s.proposedAt;
    if (!s.overdue && r() < 0.25) {
      s.rework = { at: t + (1 + r() * 20) * H, proposedAgainAt: 0 };
      s.rework.proposedAgainAt = s.rework.at + (1 + r() * 20) * H;
      t = s.rework.proposedAgainAt;
    }
    s.closedAt = t + (0.5 + r() * 20) * H;
    t = s.closedAt;
    if (r() < 0.7) s.rating = { at: t + (1 + r() * 40) * H, score: 1 + Math.floor(r() * 5) };
    out.push(s);
  }
  return out;
}

/** The events the workflow publishes for a scenario request, in order. */
export function eventsOf(s: Scenario): RequestEvent[] {
  const steps: Array<{ at: number; type: string; status: string; overdue: boolean; details?: Record<string, unknown> }> = [];
  let overdue = false;
  const overdueEnd = s.overdue?.extendedAt;
  const push = (at: number, type: string, status: string, details?: Record<string, unknown>): void => {
    if (s.overdue && at >= s.overdue.at && (overdueEnd === undefined || at < overdueEnd)) overdue = true;
    if (overdueEnd !== undefined && at >= overdueEnd) overdue = false;
    steps.push({ at, type, status, overdue, ...(details ? { details } : {}) });
  };
  push(s.registeredAt, 'registered', 'in_progress');
  if (s.reminded) push(s.registeredAt + 1.2 * H, 'acceptance_reminder', 'in_progress');
  if (s.acceptedAt !== undefined) push(s.acceptedAt, 'accepted', 'in_progress');
  if (s.overdue) push(s.overdue.at, 'overdue', 'in_progress');
  if (s.overdue?.extendedAt !== undefined) push(s.overdue.extendedAt, 'additional_control_approved', 'in_progress');
  if (s.proposedAt !== undefined) push(s.proposedAt, 'closure_proposed', 'closure_proposed');
  if (s.rework) {
    push(s.rework.at, 'returned_for_rework', 'rework');
    push(s.rework.proposedAgainAt, 'closure_proposed', 'closure_proposed');
  }
  if (s.closedAt !== undefined) push(s.closedAt, 'closed', 'closed');
  if (s.rating) push(s.rating.at, 'rated', 'closed', { score: s.rating.score, comment: null });
  return steps.map((st, i) =>
    requestEventSchema.parse({
      id: randomUUID(),
      type: `request.${st.type}`,
      occurredAt: new Date(st.at).toISOString(),
      actor: { id: 'system', role: 'system' },
      data: {
        version: i + 1,
        details: st.details ?? {},
        request: {
          number: s.number,
          status: st.status,
          channel: s.channel,
          categoryCode: s.category,
          categoryName: `Категорія ${s.category}`,
          executorId: s.executor,
          executor: { id: s.executor, name: `Виконавець ${s.executor}` },
          district: s.district,
          address: { district: s.district, street: 'вул. Тестова', building: '1' },
          applicant: { name: 'Заявник', phone: '+380671234567' },
          description: 'test',
          registeredAt: new Date(s.registeredAt).toISOString(),
          deadlineAt: new Date(s.registeredAt + 24 * H).toISOString(),
          overdue: st.overdue,
          ...(s.repeat ? { repeatOf: 'KR-2019-000001' } : {}),
        },
      },
    }),
  );
}

// ------------------------------------------------------------------------------------------
// The expected figures, straight from the scenario.

export const dayStart = (date: string): number => kyiv(`${date}T00:00`);
export const dayEnd = (date: string): number => DateTime.fromISO(date, { zone: ZONE }).plus({ days: 1 }).toMillis();
export const weekRange = (week: string): [number, number] => {
  const a = DateTime.fromISO(week, { zone: ZONE }).startOf('week');
  return [a.toMillis(), a.plus({ weeks: 1 }).toMillis()];
};
export const monthRange = (month: string): [number, number] => {
  const a = DateTime.fromISO(`${month}-01`, { zone: ZONE });
  return [a.toMillis(), a.plus({ months: 1 }).toMillis()];
};
const within = (t: number | undefined, [a, b]: [number, number]): boolean => t !== undefined && t >= a && t < b;

/** When the overdue interval ends: the extension, else the closure, else never (null). */
export const overdueEnd = (s: Scenario): number | null => s.overdue?.extendedAt ?? s.closedAt ?? null;
export const overdueDuring = (s: Scenario, [a, b]: [number, number]): boolean => {
  if (!s.overdue) return false;
  const end = overdueEnd(s);
  return s.overdue.at < b && (end === null || end > a);
};

export function expectedDailyIndicators(all: Scenario[], date: string) {
  const range: [number, number] = [dayStart(date), dayEnd(date)];
  const reg = all.filter((s) => within(s.registeredAt, range));
  const accepted = all.filter((s) => within(s.acceptedAt, range));
  const closed = all.filter((s) => within(s.closedAt, range));
  const ratings = all.filter((s) => within(s.rating?.at, range));
  const onTime = closed.filter((s) => !s.overdue).length;
  return {
    registered: { total: reg.length, phone: reg.filter((s) => s.channel === 'phone').length, web: reg.filter((s) => s.channel === 'web').length },
    accepted: accepted.length,
    acceptedWithinFirstWorkingHour: accepted.filter((s) => !s.reminded).length,
    proposed: all.filter((s) => within(s.proposedAt, range)).length + all.filter((s) => within(s.rework?.proposedAgainAt, range)).length,
    closed: closed.length,
    closedOnTime: onTime,
    closedOnTimePct: closed.length === 0 ? null : Math.round((onTime / closed.length) * 1000) / 10,
    openOverdue: all.filter((s) => {
      if (!s.overdue || s.overdue.at >= range[1]) return false;
      const end = overdueEnd(s);
      return end === null || end >= range[1];
    }).length,
    reworks: all.filter((s) => within(s.rework?.at, range)).length,
    averageRating: ratings.length === 0 ? null : Math.round((ratings.reduce((a, s) => a + s.rating!.score, 0) / ratings.length) * 100) / 100,
    ratings: ratings.length,
    repeated: reg.filter((s) => s.repeat).length,
  };
}

export function countBy<T>(xs: readonly T[], key: (x: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}

export { within };

export function reportingConfig(overrides: Record<string, string> = {}): ReportingConfig {
  const s = testStack();
  return reportingEnv.parse({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    MONGO_URL: mongoUrlFor('reporting'),
    NATS_URL: s.NATS_URL,
    TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS,
    TEMPORAL_PAYLOAD_KEYS: s.TEMPORAL_PAYLOAD_KEYS,
    SMTP_URL: s.SMTP_URL,
    REPORT_DURABLE: `reporting-test-${randomUUID().slice(0, 8)}`,
    REPORT_DELIVER_POLICY: 'new',
    REPORT_SCHEDULES: 'off',
    ...overrides,
  });
}

/**
 * The Regulation's reports as pure functions (9.1.1, 9.1.2, 9.1.3.1, 9.2.1, 9.2.2, 10.4).
 *
 * The read model they work on is kept from the event stream by services/reporting:
 * - per request, the events it went through (`FactEvent`), from which `projectRequest` derives
 * - one `DayEntry` per Kyiv day on which something happened to it (registered, accepted, proposed,
 *   closed, overdue at some moment, returned for rework, extended, rated), and
 * - the request's open overdue interval, if it is overdue now.
 * An entry is a pure function of the request's events, so applying an event twice, or two events in
 * either order, gives the same projection. The projection is summed at write time into per-period
 * counters (domain/report-counters.ts): a report reads its period's document (a day, a week, a
 * month) and the small set of requests overdue now, and never the requests collection.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { parseCellKey, type Cell, type Measures, type OverdueItem, type PeriodDoc } from './report-counters.ts';

export const REPORT_ZONE = 'Europe/Kyiv';

/** One event of a request, as the projection keeps it (the envelope's facts a report needs). */
export interface FactEvent {
  id: string;
  type: string;
  at: string;
  status: string;
  overdue: boolean;
  executorId: string;
  categoryCode: string;
  district: string;
  channel: 'phone' | 'web';
  deadlineAt: string | null;
  registeredAt: string;
  repeatOf?: string;
  /** `rated`: the applicant's score 1..5. */
  score?: number;
  /** 8.2.x: a Contact Center decision on the executor's request: how long the executor's clock was stopped for it (ms). */
  clockStoppedMs?: number;
  /** 8.2.1 `co_executor_involved`: every co-executor of the request by then (details.coExecutorIds). */
  coExecutorIds?: string[];
  /** 8.2.1 `part_proposed`: the co-executor whose part is done (details.executorId). */
  partBy?: string;
  /** `awaiting_reminder`, `awaiting_escalated`: what the request awaits (details.awaiting: `closure_review`, …). */
  awaiting?: string;
}

/** What happened to one request on one Kyiv day (summed into the period counters, domain/report-counters.ts). Short keys: they are kept per request. */
export interface DayEntry {
  /** Stored only: how many events the entry was computed from (see services/reporting/projector.ts). */
  v?: number;
  /** category, district, executor (at the day's last event), channel */
  c: string;
  d: string;
  e: string;
  ch: 'phone' | 'web';
  /** registered this day (1) and, then, a repeated request (9.2.3) */
  reg?: 1;
  rep?: 1;
  /** accepted this day; within the first working hour (no 8.1.2 reminder came before it) */
  acc?: 1;
  acc1h?: 1;
  /** closure proposals, closures, closures of a request that was never overdue */
  prop?: number;
  cl?: number;
  ont?: number;
  /** overdue at some moment of the day, under executor `ove`, deadline `dl`; overdue at the day's end; went overdue this day */
  ov?: 1;
  ove?: string;
  dl?: string;
  ovEnd?: 1;
  ovNew?: number;
  /** 8.2.1: the co-executors whose part was not done at some moment of the day while it was overdue */
  ovc?: string[];
  /** returns for rework (9.2.4, 9.2.5, 10.2.2), extensions (8.2.2) */
  rw?: number;
  ext?: number;
  /** ratings given this day: their sum, count, and how many were negative (1–2) */
  rs?: number;
  rn?: number;
  rneg?: number;
}

/** A request that is overdue now: counted as overdue in every period from `since` on. */
export interface OpenOverdue {
  number: string;
  since: string;
  executorId: string;
  categoryCode: string;
  district: string;
  deadlineAt: string | null;
  /** 8.2.1: the co-executors whose part is not done now. */
  coExecutorIds?: string[];
  /** 8.2.1: when each co-executor's part was open while it is overdue: from (its overdue start or the co-executor's involvement) to its part, if done. */
  coSpans?: Array<{ id: string; from: string; to?: string }>;
}

export const NEGATIVE_SCORE_MAX = 2;
const CLOSED = new Set(['closed', 'completed']);

// Cached: a rebuild or the benchmark asks these millions of times, and luxon's parsing dominates it.
const cached = <T>(fn: (key: string) => T): ((key: string) => T) => {
  const memo = new Map<string, T>();
  return (key) => {
    let v = memo.get(key);
    if (v === undefined) memo.set(key, (v = fn(key)));
    return v;
  };
};
const kyivDayOfUtcHour = cached((hour: string): string => DateTime.fromISO(`${hour}:00:00Z`, { zone: REPORT_ZONE }).toISODate() ?? hour.slice(0, 10));
/** The Kyiv day of an instant. Kyiv's offset is a whole number of hours, so a UTC instant's day follows from its UTC hour. */
export const dayOf = (iso: string): string =>
  iso.length === 24 && iso.endsWith('Z') ? kyivDayOfUtcHour(iso.slice(0, 13)) : (DateTime.fromISO(iso, { zone: REPORT_ZONE }).toISODate() ?? iso.slice(0, 10));
const endOfDay = cached((day: string): string => DateTime.fromISO(day, { zone: REPORT_ZONE }).plus({ days: 1 }).toUTC().toISO() ?? day);
const nextDay = cached((day: string): string => DateTime.fromISO(day, { zone: REPORT_ZONE }).plus({ days: 1 }).toISODate() ?? day);
const startOfDay = cached((day: string): string => DateTime.fromISO(day, { zone: REPORT_ZONE }).toUTC().toISO() ?? day);

/** 8.2.1: while a request is overdue, when each co-executor's part was open: from (the overdue start or its involvement) to its part, or still. */
type CoSpans = Map<string, { from: string; to: string | null }>;

/**
 * Where a request stands now, for the live gauges (domain/report-counters.ts `liveDocId`): its
 * status and executor after its last event, and whether a closure proposal of it awaits review past
 * 9.2.4's next working day (the workflow's 9.2.4 watch reminded the operators and nobody reviewed it
 * since). Null for a request without events.
 */
export interface LiveState {
  status: string;
  executorId: string;
  reviewOverdue: boolean;
}

/** The days of the request's read model, its open overdue interval and where it stands now, from its events in any order. */
export function projectRequest(number: string, events: readonly FactEvent[]): { days: Map<string, DayEntry>; open: OpenOverdue | null; live: LiveState | null } {
  const evs = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const days = new Map<string, DayEntry>();
  const entry = (day: string, ev: FactEvent): DayEntry => {
    let e = days.get(day);
    if (!e) {
      e = { c: ev.categoryCode, d: ev.district, e: ev.executorId, ch: ev.channel };
      days.set(day, e);
    }
    return e;
  };
  const inc = (e: DayEntry, k: 'prop' | 'cl' | 'ont' | 'ovNew' | 'rw' | 'ext' | 'rs' | 'rn' | 'rneg', by = 1): void => {
    e[k] = (e[k] ?? 0) + by;
  };
  let reminded = false;
  let everOverdue = false;
  let overdue: { since: string; ev: FactEvent; co: CoSpans } | null = null;
  // 8.2.1: the co-executors whose part is not done (id → since when), and those whose part is.
  const coOpen = new Map<string, string>();
  const coDone = new Set<string>();
  const markOverdue = (from: string, to: string | null, ev: FactEvent, co: CoSpans): void => {
    // Every day of [from, to) — or from `from` to its own day while the interval is open — saw it overdue.
    const last = to === null ? dayOf(from) : dayOf(new Date(Date.parse(to) - 1).toISOString());
    for (let day = dayOf(from); ; day = nextDay(day)) {
      const e = entry(day, ev);
      e.ov = 1;
      e.ove = ev.executorId;
      if (ev.deadlineAt) e.dl = ev.deadlineAt;
      if (to !== null && endOfDay(day) <= to) e.ovEnd = 1;
      // 8.2.1: a co-executor whose part was open at some moment of the day's overdue time.
      const dayStart = startOfDay(day);
      const dayEnd = endOfDay(day);
      const pending = [...co].filter(([, s]) => s.from < dayEnd && (s.to === null || s.to > dayStart) && (s.to === null || s.to > s.from)).map(([id]) => id);
      if (pending.length) e.ovc = [...new Set([...(e.ovc ?? []), ...pending])].sort();
      if (day >= last) break;
    }
  };
  // 9.2.4: the watch on the latest closure proposal reminded someone (the review is past the next working day).
  let reviewReminded = false;
  for (const ev of evs) {
    const day = dayOf(ev.at);
    const kind = ev.type.replace(/^request\./, '');
    if (ev.status !== 'closure_proposed' || kind === 'closure_proposed') reviewReminded = false;
    // Histories recorded before `awaiting` was kept: in closure_proposed the one watch is the review's.
    else if ((kind === 'awaiting_reminder' || kind === 'awaiting_escalated') && (ev.awaiting ?? 'closure_review') === 'closure_review') reviewReminded = true;
    // The card's `overdue` flag goes false on an extension, a change of executor or a new term; closure ends it too.
    if (overdue && (!ev.overdue || CLOSED.has(ev.status))) {
      for (const s of overdue.co.values()) if (s.to === null) s.to = ev.at;
      markOverdue(overdue.since, ev.at, overdue.ev, overdue.co);
      overdue = null;
    }
    const e = entry(day, ev);
    // The entry names the request's current category, district, executor as of the day's last event.
    e.c = ev.categoryCode;
    e.d = ev.district;
    e.e = ev.executorId;
    e.ch = ev.channel;
    switch (kind) {
      case 'registered':
        e.reg = 1;
        if (ev.repeatOf) e.rep = 1;
        break;
      case 'acceptance_reminder':
        reminded = true;
        break;
      case 'accepted':
        e.acc = 1;
        if (!reminded) e.acc1h = 1;
        break;
      case 'closure_proposed':
        inc(e, 'prop');
        break;
      case 'closed':
        inc(e, 'cl');
        if (!everOverdue) inc(e, 'ont');
        break;
      case 'overdue':
        everOverdue = true;
        inc(e, 'ovNew');
        if (!overdue) overdue = { since: ev.at, ev, co: new Map([...coOpen.keys()].map((id) => [id, { from: ev.at, to: null }])) };
        break;
      case 'co_executor_involved':
        for (const id of ev.coExecutorIds ?? []) {
          if (coDone.has(id) || coOpen.has(id)) continue;
          coOpen.set(id, ev.at);
          if (overdue && !overdue.co.has(id)) overdue.co.set(id, { from: ev.at, to: null });
        }
        break;
      case 'part_proposed':
        if (ev.partBy) {
          coOpen.delete(ev.partBy);
          coDone.add(ev.partBy);
          const span = overdue?.co.get(ev.partBy);
          if (span && span.to === null) span.to = ev.at;
        }
        break;
      case 'returned_for_rework':
        inc(e, 'rw');
        // A new term starts: closing it in time counts as on time again.
        everOverdue = false;
        break;
      case 'additional_control_approved':
        inc(e, 'ext');
        break;
      case 'rated':
        if (ev.score !== undefined) {
          inc(e, 'rs', ev.score);
          inc(e, 'rn');
          if (ev.score <= NEGATIVE_SCORE_MAX) inc(e, 'rneg');
        }
        break;
    }
  }
  let open: OpenOverdue | null = null;
  if (overdue) {
    markOverdue(overdue.since, null, overdue.ev, overdue.co);
    const ev = overdue.ev;
    const spans = [...overdue.co].filter(([, s]) => s.to === null || s.to > s.from);
    const coExecutorIds = spans.filter(([, s]) => s.to === null).map(([id]) => id).sort();
    const coSpans = spans.map(([id, s]) => ({ id, from: s.from, ...(s.to !== null ? { to: s.to } : {}) }));
    open = {
      number,
      since: overdue.since,
      executorId: ev.executorId,
      categoryCode: ev.categoryCode,
      district: ev.district,
      deadlineAt: ev.deadlineAt,
      ...(coExecutorIds.length ? { coExecutorIds } : {}),
      ...(coSpans.length ? { coSpans } : {}),
    };
  }
  const last = evs[evs.length - 1];
  const live = last ? { status: last.status, executorId: last.executorId, reviewOverdue: last.status === 'closure_proposed' && reviewReminded } : null;
  return { days, open, live };
}

// ---------------------------------------------------------------------------------------------
// Periods (Kyiv time): a date, an ISO week, a month.

export type Period = { kind: 'day' | 'week' | 'month'; id: string; days: string[]; from: string; to: string };

const periodOf = (kind: Period['kind'], id: string, start: DateTime, end: DateTime): Period => {
  const days: string[] = [];
  for (let d = start; d < end; d = d.plus({ days: 1 })) days.push(d.toISODate() ?? '');
  return { kind, id, days, from: start.toUTC().toISO() ?? '', to: end.toUTC().toISO() ?? '' };
};

export const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => DateTime.fromISO(s, { zone: REPORT_ZONE }).isValid, 'no such date');
export const weekParam = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'expected an ISO week YYYY-Www, e.g. 2026-W48')
  .refine((s) => DateTime.fromISO(s, { zone: REPORT_ZONE }).isValid, 'no such week');
export const monthParam = z
  .string()
  .regex(/^\d{4}-\d{2}$/, 'expected a month YYYY-MM')
  .refine((s) => DateTime.fromISO(`${s}-01`, { zone: REPORT_ZONE }).isValid, 'no such month');

export function dayPeriod(date: string): Period {
  const start = DateTime.fromISO(date, { zone: REPORT_ZONE }).startOf('day');
  return periodOf('day', date, start, start.plus({ days: 1 }));
}
export function weekPeriod(week: string): Period {
  const start = DateTime.fromISO(week, { zone: REPORT_ZONE }).startOf('week');
  return periodOf('week', week, start, start.plus({ weeks: 1 }));
}
export function monthPeriod(month: string): Period {
  const start = DateTime.fromISO(`${month}-01`, { zone: REPORT_ZONE }).startOf('month');
  return periodOf('month', month, start, start.plus({ months: 1 }));
}
export const previousMonthOf = (month: string): string => DateTime.fromISO(`${month}-01`, { zone: REPORT_ZONE }).minus({ months: 1 }).toFormat('yyyy-MM');

// ---------------------------------------------------------------------------------------------// The reports. Each takes its period's counters (domain/report-counters.ts: one period document,
// monthly topics two) and, where overdue matters, the requests overdue now.

export interface Filters {
  district?: string;
  executorId?: string;
}
export interface Names {
  categories: Record<string, string>;
  executors: Record<string, string>;
}

const matches = (x: { d: string; e: string }, f: Filters): boolean => (!f.district || x.d === f.district) && (!f.executorId || x.e === f.executorId);
const sum = (ns: number[]): number => ns.reduce((a, b) => a + b, 0);
const pct = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

/** The cells of a period document that pass the filters, each with its dimensions. */
function* cellsOf(doc: PeriodDoc | undefined, f: Filters): Generator<[Cell, Measures]> {
  if (!doc) return;
  for (const [key, m] of Object.entries(doc.cells)) {
    const cell = parseCellKey(key);
    if (matches(cell, f)) yield [cell, m];
  }
}

/** The requests overdue now that count in a period: those that went overdue before it ended. */
const openIn = (open: readonly OpenOverdue[], period: Period, f: Filters): OpenOverdue[] => open.filter((o) => o.since < period.to && matches({ d: o.district, e: o.executorId }, f));

/** 9.1.1: requests registered on the day, by Classifier category. */
export function dailyByCategory(doc: PeriodDoc | undefined, f: Filters, names: Names) {
  const rows = new Map<string, { phone: number; web: number; repeated: number }>();
  for (const [cell, m] of cellsOf(doc, f)) {
    if (!m.reg) continue;
    const r = rows.get(cell.c) ?? { phone: 0, web: 0, repeated: 0 };
    if (cell.ch === 'phone') r.phone += m.reg;
    else r.web += m.reg;
    r.repeated += m.rep ?? 0;
    rows.set(cell.c, r);
  }
  const list = [...rows.entries()]
    .map(([code, r]) => ({ categoryCode: code, categoryName: names.categories[code] ?? code, registered: r.phone + r.web, phone: r.phone, web: r.web, repeated: r.repeated }))
    .sort((a, b) => b.registered - a.registered || a.categoryCode.localeCompare(b.categoryCode));
  return { rows: list, total: sum(list.map((r) => r.registered)) };
}

/** 9.1.2: the week by administrative district: registered, closed, and overdue at any moment. */
export function weeklyByDistrict(doc: PeriodDoc | undefined, period: Period, open: readonly OpenOverdue[], f: Filters) {
  const rows = new Map<string, { registered: number; closed: number; overdue: number }>();
  const row = (d: string) => {
    const r = rows.get(d) ?? { registered: 0, closed: 0, overdue: 0 };
    rows.set(d, r);
    return r;
  };
  for (const [cell, m] of cellsOf(doc, f)) {
    if (m.reg) row(cell.d).registered += m.reg;
    if (m.cl) row(cell.d).closed += m.cl;
    if (m.ov) row(cell.d).overdue += m.ov;
  }
  for (const o of openIn(open, period, f)) row(o.district).overdue += 1;
  const list = [...rows.entries()].map(([district, r]) => ({ district, ...r })).sort((a, b) => b.registered - a.registered || a.district.localeCompare(b.district));
  return { rows: list, total: { registered: sum(list.map((r) => r.registered)), closed: sum(list.map((r) => r.closed)), overdue: sum(list.map((r) => r.overdue)) } };
}

/** 9.1.3.1: the most asked categories of the month and those growing fastest against the previous month. */
export function monthlyTopics(doc: PeriodDoc | undefined, previousDoc: PeriodDoc | undefined, f: Filters, names: Names, top = 10) {
  const count = (d: PeriodDoc | undefined): Map<string, number> => {
    const m = new Map<string, number>();
    for (const [cell, ms] of cellsOf(d, f)) if (ms.reg) m.set(cell.c, (m.get(cell.c) ?? 0) + ms.reg);
    return m;
  };
  const now = count(doc);
  const before = count(previousDoc);
  const rows = [...new Set([...now.keys(), ...before.keys()])].map((code) => {
    const registered = now.get(code) ?? 0;
    const previousMonth = before.get(code) ?? 0;
    return { categoryCode: code, categoryName: names.categories[code] ?? code, registered, previousMonth, growth: registered - previousMonth, growthPct: pct(registered - previousMonth, previousMonth) };
  });
  const mostAsked = rows.filter((r) => r.registered > 0).sort((a, b) => b.registered - a.registered || a.categoryCode.localeCompare(b.categoryCode)).slice(0, top);
  const fastestGrowing = rows.filter((r) => r.growth > 0).sort((a, b) => b.growth - a.growth || a.categoryCode.localeCompare(b.categoryCode)).slice(0, top);
  return { mostAsked, fastestGrowing, total: sum([...now.values()]), previousTotal: sum([...before.values()]) };
}

/** 9.2.1: how an executor answers for an overdue request: as its executor, or as a co-executor whose part was not done (8.2.1). */
export type OverdueRole = 'executor' | 'co-executor';

/** 8.2.1: the co-executors an open overdue request counts under in a period: those whose part was open at some moment of it (all pending now, without the spans). */
const openCoExecutors = (o: OpenOverdue, period: Period): string[] =>
  o.coSpans ? o.coSpans.filter((s) => s.from < period.to && (s.to === undefined || s.to > period.from)).map((s) => s.id) : (o.coExecutorIds ?? []);

/**
 * 9.2.1: requests overdue at any moment of the week, per executor: the week's list and the requests
 * overdue now. A request overdue while a co-executor's part was not done (8.2.1) is listed under that
 * co-executor too, marked `role: 'co-executor'`.
 */
export function overdueByExecutor(doc: PeriodDoc | undefined, period: Period, open: readonly OpenOverdue[], f: Filters, names: Names) {
  const items = new Map<string, { executorId: string; coExecutorIds: string[]; categoryCode: string; district: string; deadlineAt: string | null; stillOverdue: boolean }>();
  for (const [number, raw] of Object.entries(doc?.lists.overdue ?? {})) {
    const o = raw as OverdueItem;
    items.set(number, { executorId: o.e, coExecutorIds: o.co ?? [], categoryCode: o.c, district: o.d, deadlineAt: o.dl, stillOverdue: false });
  }
  // The district filter first: the executor filter also finds the requests it answers for as a co-executor.
  for (const o of openIn(open, period, { district: f.district })) {
    items.set(o.number, { executorId: o.executorId, coExecutorIds: openCoExecutors(o, period), categoryCode: o.categoryCode, district: o.district, deadlineAt: o.deadlineAt, stillOverdue: true });
  }
  type Item = { number: string; role: OverdueRole; categoryCode: string; district: string; deadlineAt: string | null; stillOverdue: boolean };
  const byExecutor = new Map<string, Item[]>();
  const listUnder = (executorId: string, item: Item): void => {
    if (f.executorId && f.executorId !== executorId) return;
    const list = byExecutor.get(executorId) ?? [];
    list.push(item);
    byExecutor.set(executorId, list);
  };
  for (const [number, o] of items) {
    if (f.district && o.district !== f.district) continue;
    const item = { number, categoryCode: o.categoryCode, district: o.district, deadlineAt: o.deadlineAt, stillOverdue: o.stillOverdue };
    listUnder(o.executorId, { ...item, role: 'executor' });
    for (const co of new Set(o.coExecutorIds)) if (co !== o.executorId) listUnder(co, { ...item, role: 'co-executor' });
  }
  const executors = [...byExecutor.entries()]
    .map(([executorId, requests]) => ({
      executorId,
      executorName: names.executors[executorId] ?? executorId,
      overdue: requests.length,
      asCoExecutor: requests.filter((r) => r.role === 'co-executor').length,
      requests: requests.sort((a, b) => a.number.localeCompare(b.number)),
    }))
    .sort((a, b) => b.overdue - a.overdue || a.executorId.localeCompare(b.executorId));
  // Each request once in the total, however many executors answer for it.
  return { executors, total: new Set(executors.flatMap((e) => e.requests.map((r) => r.number))).size };
}

/**
 * 9.2.2: an executor is ineffective in a period when any of its shares reaches its threshold, over at
 * least `minRequests` requests it handled in the period (any request with an event under it):
 * - overdue: requests overdue at any moment of the period / handled;
 * - reworks: returns for rework / closure proposals (each return undoes a proposal);
 * - negative ratings: ratings of 1–2 / ratings;
 * - repeated: repeated requests registered to it (9.2.3) / registered to it.
 */
export const ineffectiveRulesSchema = z.object({
  minRequests: z.number().int().min(1),
  overdueShare: z.number().min(0).max(1),
  reworkShare: z.number().min(0).max(1),
  negativeRatingShare: z.number().min(0).max(1),
  repeatShare: z.number().min(0).max(1),
});
export type IneffectiveRules = z.infer<typeof ineffectiveRulesSchema>;
export const DEFAULT_INEFFECTIVE_RULES: IneffectiveRules = { minRequests: 5, overdueShare: 0.2, reworkShare: 0.25, negativeRatingShare: 0.3, repeatShare: 0.15 };

export function ineffectiveExecutors(doc: PeriodDoc | undefined, period: Period, open: readonly OpenOverdue[], f: Filters, names: Names, rules: IneffectiveRules) {
  const figures = new Map<string, { handled: number; registered: number; repeated: number; proposals: number; reworks: number; ratings: number; negative: number; overdue: number }>();
  const of = (id: string) => {
    let x = figures.get(id);
    if (!x) {
      x = { handled: 0, registered: 0, repeated: 0, proposals: 0, reworks: 0, ratings: 0, negative: 0, overdue: 0 };
      figures.set(id, x);
    }
    return x;
  };
  for (const [cell, m] of cellsOf(doc, f)) {
    const x = of(cell.e);
    x.handled += m.h ?? 0;
    x.overdue += m.ov ?? 0;
    x.registered += m.reg ?? 0;
    x.repeated += m.rep ?? 0;
    x.proposals += m.prop ?? 0;
    x.reworks += m.rw ?? 0;
    x.ratings += m.rn ?? 0;
    x.negative += m.rneg ?? 0;
  }
  for (const o of openIn(open, period, f)) {
    const x = of(o.executorId);
    x.handled += 1;
    x.overdue += 1;
  }
  const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
  const executors = [...figures.entries()]
    .map(([executorId, x]) => {
      const shares = {
        overdueShare: share(x.overdue, x.handled),
        reworkShare: share(x.reworks, x.proposals),
        negativeRatingShare: share(x.negative, x.ratings),
        repeatShare: share(x.repeated, x.registered),
      };
      const reasons = x.handled < rules.minRequests ? [] : (Object.keys(shares) as Array<keyof typeof shares>).filter((k) => shares[k] >= rules[k] && shares[k] > 0);
      return {
        executorId,
        executorName: names.executors[executorId] ?? executorId,
        handled: x.handled,
        overdue: x.overdue,
        proposals: x.proposals,
        reworks: x.reworks,
        ratings: x.ratings,
        negativeRatings: x.negative,
        registered: x.registered,
        repeated: x.repeated,
        ...Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
        ineffective: reasons.length > 0,
        reasons,
      } as { executorId: string; executorName: string; handled: number; overdue: number; proposals: number; reworks: number; ratings: number; negativeRatings: number; registered: number; repeated: number; overdueShare: number; reworkShare: number; negativeRatingShare: number; repeatShare: number; ineffective: boolean; reasons: string[] };
    })
    .sort((a, b) => Number(b.ineffective) - Number(a.ineffective) || b.overdueShare - a.overdueShare || a.executorId.localeCompare(b.executorId));
  return { rules, executors, ineffective: executors.filter((e) => e.ineffective).map((e) => e.executorId) };
}

/** 10.4: the day's processing indicators. */
export function dailyIndicators(doc: PeriodDoc | undefined, period: Period, open: readonly OpenOverdue[], f: Filters) {
  let phone = 0;
  let web = 0;
  const t: Record<'acc' | 'acc1h' | 'prop' | 'cl' | 'ont' | 'ovEnd' | 'rw' | 'rs' | 'rn' | 'rep', number> = { acc: 0, acc1h: 0, prop: 0, cl: 0, ont: 0, ovEnd: 0, rw: 0, rs: 0, rn: 0, rep: 0 };
  for (const [cell, m] of cellsOf(doc, f)) {
    if (m.reg) {
      if (cell.ch === 'phone') phone += m.reg;
      else web += m.reg;
    }
    for (const k of Object.keys(t) as Array<keyof typeof t>) t[k] += m[k] ?? 0;
  }
  const openOverdue = t.ovEnd + openIn(open, period, f).length;
  return {
    registered: { total: phone + web, phone, web },
    accepted: t.acc,
    acceptedWithinFirstWorkingHour: t.acc1h,
    proposed: t.prop,
    closed: t.cl,
    closedOnTime: t.ont,
    closedOnTimePct: pct(t.ont, t.cl),
    openOverdue,
    reworks: t.rw,
    averageRating: t.rn === 0 ? null : Math.round((t.rs / t.rn) * 100) / 100,
    ratings: t.rn,
    repeated: t.rep,
  };
}

export const REPORT_KINDS = ['daily-by-category', 'weekly-by-district', 'monthly-topics', 'overdue-by-executor', 'ineffective-executors', 'daily-indicators'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
/** The clause each report answers. */
export const CLAUSE_OF: Record<ReportKind, string> = {
  'daily-by-category': '9.1.1',
  'weekly-by-district': '9.1.2',
  'monthly-topics': '9.1.3.1',
  'overdue-by-executor': '9.2.1',
  'ineffective-executors': '9.2.2',
  'daily-indicators': '10.4',
};

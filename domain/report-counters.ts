/**
 * Per-period counters: what a report reads instead of per-request facts.
 *
 * A period document (`day:2026-11-27`, `week:2026-W48`, `month:2026-11`) holds
 * - `cells`: measures summed per cell, a cell being category × district × executor × channel
 *   (`cellKey`), so every report's grouping and its district and executor filters are sums of cells;
 * - `lists`: small keyed sets a report lists item by item (the week's overdue requests for 9.2.1,
 *   the day's closed requests for the 9.2.5 sample).
 *
 * A subject of the projection (a request today; another kind — a consultation, say — the same way)
 * contributes a `Contribution`: the cells and list items it adds to each period document, a pure
 * function of its history. The projector stores what it has applied per subject and applies only
 * the difference (`diffContributions`) when a new event changes it, so the counters are aggregated
 * at write time and a report reads one or two documents whatever the period's volume. A new kind
 * brings its own measures (names not used by another kind) and its own contribution function.
 */
import { DateTime } from 'luxon';
import { REPORT_ZONE, type DayEntry, type LiveState, type OpenOverdue } from './reports.ts';

export type Measures = Record<string, number>;
export interface PeriodDoc {
  cells: Record<string, Measures>;
  lists: Record<string, Record<string, unknown>>;
}
/** Period document id → what a subject adds to it. */
export type Contribution = Record<string, PeriodDoc>;
/** What changes in a period document: measures to add (negative to take away), list items to set or remove (null). */
export interface PeriodDelta {
  cells: Record<string, Measures>;
  /** An item set to `null` is removed. */
  lists: Record<string, Record<string, unknown>>;
}

export const emptyPeriodDoc = (): PeriodDoc => ({ cells: {}, lists: {} });

const SEP = '|';
export const cellKey = (c: string, d: string, e: string, ch: string): string => [c, d, e, ch].join(SEP);
export interface Cell {
  c: string;
  d: string;
  e: string;
  ch: string;
}
export const parseCellKey = (key: string): Cell => {
  const [c = '', d = '', e = '', ch = ''] = key.split(SEP);
  return { c, d, e, ch };
};

// Period ids of a Kyiv day, cached: a rebuild asks them millions of times.
const weekOfDay = new Map<string, string>();
const endOf = new Map<string, string>();
export const dayDocId = (day: string): string => `day:${day}`;
export const weekDocId = (day: string): string => {
  let w = weekOfDay.get(day);
  if (!w) {
    w = `week:${DateTime.fromISO(day, { zone: REPORT_ZONE }).toFormat("kkkk-'W'WW")}`;
    weekOfDay.set(day, w);
  }
  return w;
};
export const monthDocId = (day: string): string => `month:${day.slice(0, 7)}`;
/** The UTC instant a week or month period document's period ends. */
export function periodEndOf(docId: string): string {
  let end = endOf.get(docId);
  if (!end) {
    const [kind, id = ''] = docId.split(':');
    const start = kind === 'week' ? DateTime.fromISO(id, { zone: REPORT_ZONE }).startOf('week') : kind === 'month' ? DateTime.fromISO(`${id}-01`, { zone: REPORT_ZONE }) : DateTime.fromISO(id, { zone: REPORT_ZONE });
    end = start.plus(kind === 'week' ? { weeks: 1 } : kind === 'month' ? { months: 1 } : { days: 1 }).toUTC().toISO() ?? '';
    endOf.set(docId, end);
  }
  return end;
}

/**
 * The live documents: not a period but now, the figures the business gauges read (a fixed handful
 * of documents by `_id`, whatever the history). Each request adds, while it is open (not closed),
 * `n` 1 to the cell `status|<status>` and to `executor|<executor id>`; while it is overdue now, to
 * `overdue|<executor id>` (the executor it went overdue under, as the report_overdue set has it);
 * and while its closure proposal awaits review past 9.2.4's next working day, to `review|`. Kept by
 * the same operations as the period documents, so it is idempotent under redelivery and rebuilt
 * with them. A request always writes the same one of `LIVE_SHARDS` documents (by its number): every
 * event writes one, and with a single document every event of every request would wait for the
 * same lease; a gauge sums the shards.
 */
export const LIVE_SHARDS = 8;
export const LIVE_DOC_IDS: readonly string[] = Array.from({ length: LIVE_SHARDS }, (_, i) => `live:${i}`);
/** The live document a request writes. */
export function liveDocId(number: string): string {
  let h = 2166136261;
  for (let i = 0; i < number.length; i++) h = Math.imul(h ^ number.charCodeAt(i), 16777619);
  return LIVE_DOC_IDS[(h >>> 0) % LIVE_SHARDS]!;
}
export const LIVE_CELLS = { status: 'status|', executor: 'executor|', overdue: 'overdue|', review: 'review|' } as const;
const OPEN_CLOSED = new Set(['closed', 'completed']);

/** What a request adds to the live document now. */
export function liveContribution(live: LiveState | null, open: OpenOverdue | null): PeriodDoc | null {
  const cells: Record<string, Measures> = {};
  if (live && !OPEN_CLOSED.has(live.status)) {
    cells[LIVE_CELLS.status + live.status] = { n: 1 };
    cells[LIVE_CELLS.executor + live.executorId] = { n: 1 };
    if (live.reviewOverdue) cells[LIVE_CELLS.review] = { n: 1 };
  }
  if (open) cells[LIVE_CELLS.overdue + open.executorId] = { n: 1 };
  return Object.keys(cells).length > 0 ? { cells, lists: {} } : null;
}

/** Day-entry measures summed as they are into the day, its week and its month. */
export const ADDITIVE_MEASURES = ['reg', 'rep', 'acc', 'acc1h', 'prop', 'cl', 'ont', 'rw', 'ext', 'rs', 'rn', 'rneg'] as const;

/** A 9.2.1 list item: the request overdue in the week, under which executor, with its category, district and deadline. */
export interface OverdueItem {
  e: string;
  c: string;
  d: string;
  dl: string | null;
  /** 8.2.1: the co-executors whose part was not done while it was overdue in the week. */
  co?: string[];
}
/** A 9.2.5 list item: the request closed on the day, `[executor, category, district]`. */
export type ClosedItem = [string, string, string];

/**
 * What a request adds to the period documents, from its projection (domain/reports.ts
 * `projectRequest`):
 * - to its days, weeks and months: the additive measures of each day entry, in the cell of that
 *   day's category, district, executor and channel;
 * - to each day: `ovEnd` (overdue at the day's end), in the cell of the executor it was overdue under;
 * - to each week and month (counted once per period, not per day):
 *   `h` — handled: one per executor it had an entry under, in the cell of its last such entry;
 *   `ov` — overdue at some moment of the period, in the cell of its last overdue day there;
 * - the week's `overdue` list (9.2.1), with the co-executors whose part was open while it was
 *   overdue there (8.2.1), and the day's `closed` list (9.2.5).
 * - to its live document (`liveDocId`), where it stands now (`liveContribution`).
 * A request overdue now (`open`) counts as handled and overdue in the periods ending after it went
 * overdue through the small set of requests overdue now, which a report reads beside the period
 * document; so it adds neither there, and its open interval never counts twice.
 */
export function requestContribution(number: string, p: { days: ReadonlyMap<string, DayEntry>; open: OpenOverdue | null; live?: LiveState | null }): Contribution {
  const out: Contribution = {};
  const live = liveContribution(p.live ?? null, p.open);
  if (live) out[liveDocId(number)] = live;
  const doc = (id: string): PeriodDoc => (out[id] ??= emptyPeriodDoc());
  const add = (id: string, key: string, m: string, by: number): void => {
    const cell = (doc(id).cells[key] ??= {});
    cell[m] = (cell[m] ?? 0) + by;
  };
  const days = [...p.days.keys()].sort();
  const periods = new Map<string, string[]>();
  for (const day of days) {
    const e = p.days.get(day)!;
    const key = cellKey(e.c, e.d, e.e, e.ch);
    const ids = [dayDocId(day), weekDocId(day), monthDocId(day)];
    for (const m of ADDITIVE_MEASURES) {
      const v = e[m];
      if (v) for (const id of ids) add(id, key, m, v);
    }
    if (e.ovEnd) add(ids[0]!, cellKey(e.c, e.d, e.ove ?? e.e, e.ch), 'ovEnd', 1);
    if (e.cl) ((doc(ids[0]!).lists.closed ??= {})[number] = [e.e, e.c, e.d] satisfies ClosedItem);
    for (const id of ids.slice(1)) {
      const list = periods.get(id) ?? [];
      list.push(day);
      periods.set(id, list);
    }
  }
  for (const [id, inPeriod] of periods) {
    const openHere = p.open !== null && p.open.since < periodEndOf(id);
    const byExecutor = new Map<string, DayEntry>();
    let lastOverdue: DayEntry | undefined;
    const co = new Set<string>();
    for (const day of inPeriod) {
      const e = p.days.get(day)!;
      byExecutor.set(e.e, e);
      if (e.ov) lastOverdue = e;
      for (const id of e.ovc ?? []) co.add(id);
    }
    if (lastOverdue && !openHere) {
      const e = lastOverdue;
      const under = e.ove ?? e.e;
      add(id, cellKey(e.c, e.d, under, e.ch), 'ov', 1);
      if (!byExecutor.has(under)) byExecutor.set(under, { ...e, e: under });
      if (id.startsWith('week:')) (doc(id).lists.overdue ??= {})[number] = { e: under, c: e.c, d: e.d, dl: e.dl ?? null, ...(co.size ? { co: [...co].sort() } : {}) } satisfies OverdueItem;
    }
    for (const [executor, e] of byExecutor) {
      if (openHere && executor === p.open!.executorId) continue;
      add(id, cellKey(e.c, e.d, executor, e.ch), 'h', 1);
    }
  }
  return out;
}

/** Adds a contribution into an aggregate (a rebuild, the benchmark's seeding). */
export function mergeContribution(into: Map<string, PeriodDoc>, c: Contribution): void {
  for (const [id, part] of Object.entries(c)) {
    let doc = into.get(id);
    if (!doc) into.set(id, (doc = emptyPeriodDoc()));
    for (const [key, ms] of Object.entries(part.cells)) {
      const cell = (doc.cells[key] ??= {});
      for (const [m, v] of Object.entries(ms)) cell[m] = (cell[m] ?? 0) + v;
    }
    for (const [name, items] of Object.entries(part.lists)) Object.assign((doc.lists[name] ??= {}), items);
  }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What turns the counters holding `before` into ones holding `after`: per document, measure differences and list changes. */
export function diffContributions(before: Contribution, after: Contribution): Record<string, PeriodDelta> {
  const out: Record<string, PeriodDelta> = {};
  for (const id of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[id] ?? emptyPeriodDoc();
    const a = after[id] ?? emptyPeriodDoc();
    const delta: PeriodDelta = { cells: {}, lists: {} };
    let changed = false;
    for (const key of new Set([...Object.keys(b.cells), ...Object.keys(a.cells)])) {
      const bm = b.cells[key] ?? {};
      const am = a.cells[key] ?? {};
      for (const m of new Set([...Object.keys(bm), ...Object.keys(am)])) {
        const d = (am[m] ?? 0) - (bm[m] ?? 0);
        if (d !== 0) {
          (delta.cells[key] ??= {})[m] = d;
          changed = true;
        }
      }
    }
    for (const name of new Set([...Object.keys(b.lists), ...Object.keys(a.lists)])) {
      const bl = b.lists[name] ?? {};
      const al = a.lists[name] ?? {};
      for (const item of new Set([...Object.keys(bl), ...Object.keys(al)])) {
        if (item in al && (!(item in bl) || !same(bl[item], al[item]))) (delta.lists[name] ??= {})[item] = al[item];
        else if (!(item in al)) (delta.lists[name] ??= {})[item] = null;
        else continue;
        changed = true;
      }
    }
    if (changed) out[id] = delta;
  }
  return out;
}

/** Applies a delta to a period document in place; cells and lists that come to nothing are removed. */
export function applyDelta(doc: PeriodDoc, delta: PeriodDelta): void {
  for (const [key, ms] of Object.entries(delta.cells)) {
    const cell = (doc.cells[key] ??= {});
    for (const [m, v] of Object.entries(ms)) {
      const n = (cell[m] ?? 0) + v;
      if (n === 0) delete cell[m];
      else cell[m] = n;
    }
    if (Object.keys(cell).length === 0) delete doc.cells[key];
  }
  for (const [name, items] of Object.entries(delta.lists)) {
    const list = (doc.lists[name] ??= {});
    for (const [item, v] of Object.entries(items)) {
      if (v === null) delete list[item];
      else list[item] = v;
    }
    if (Object.keys(list).length === 0) delete doc.lists[name];
  }
}

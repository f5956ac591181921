/**
 * Report speed (the target: every report in ≤ 1 s over a year at 1,500 requests a day).
 * Seeds the reporting read models from generated request events — each request's events go through
 * the same projection and contribution the service computes (domain/reports.ts,
 * domain/report-counters.ts), summed into the period documents, which are written whole with the
 * export rows and the overdue set — then times each report as the service builds it (read models →
 * JSON), two as XLSX, and the 9.1.3.3 export's reads (a day's page, a month day by day).
 *
 *   npm run bench:reports                                   (a year: 365 days × 1,500 ≈ 550k requests)
 *   npm run bench:reports -- --days 62 --per-day 1500       (enough for the monthly reports)
 *
 * A report reads one period document by `_id` (two for monthly topics) and the set of requests
 * overdue now, so its time depends on the number of cells (category × district × executor ×
 * channel) and the overdue set, not on how many requests are stored. MONGO_URL uses an existing
 * database; otherwise a throw-away stack is started.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { ReportsRepository } from '../data/reports.repository.ts';
import { mergeContribution, requestContribution, type PeriodDoc } from '../domain/report-counters.ts';
import { exportRowOf, type StoredExportRow } from '../domain/report-export.ts';
import { DEFAULT_INEFFECTIVE_RULES, projectRequest, REPORT_ZONE, type FactEvent, type OpenOverdue } from '../domain/reports.ts';
import { exportPage } from '../services/reporting/export.ts';
import { startStack } from '../infra/stack/stack.ts';
import { connectMongo } from '../platform/mongo.ts';
import { renderReport } from '../services/reporting/render.ts';
import { buildReport } from '../services/reporting/reports.ts';

const { values } = parseArgs({ options: { days: { type: 'string', default: '365' }, 'per-day': { type: 'string', default: '1500' }, runs: { type: 'string', default: '3' } } });
const DAYS = Number(values.days);
const PER_DAY = Number(values['per-day']);
const RUNS = Number(values.runs);

const CATEGORIES = ['WATER-01', 'WATER-02', 'WATER-03', 'SEWER-01', 'SEWER-02', 'HEAT-01', 'HEAT-02', 'HOTWATER-01', 'LIFT-01', 'LIFT-02', 'LIGHT-01', 'LIGHT-02', 'WASTE-01', 'WASTE-02', 'TREE-01', 'TREE-02', 'ROAD-01', 'ROAD-02', 'HOUSE-01', 'TRANSPORT-01', 'CONSULT-01', 'CONSULT-02'];
const DISTRICTS = ['Довгинцівський', 'Інгулецький', 'Металургійний', 'Покровський', 'Саксаганський', 'Тернівський', 'Центрально-Міський'];
const EXECUTORS = ['vodokanal', 'teplomerezha', 'lift', 'misksvitlo', 'ekoresurs', 'zelenbud', 'roads', 'housing', 'transport', 'social'];
const H = 3600_000;

let seed = 1520;
const rnd = (): number => {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** One request's events: registered, accepted, sometimes overdue (extended or not), proposed, closed, rated. */
function requestEvents(i: number, registeredAt: number, now: number): FactEvent[] {
  const base = { executorId: pick(EXECUTORS), categoryCode: pick(CATEGORIES), district: pick(DISTRICTS), channel: rnd() < 0.6 ? ('phone' as const) : ('web' as const), deadlineAt: new Date(registeredAt + 72 * H).toISOString(), registeredAt: new Date(registeredAt).toISOString(), ...(rnd() < 0.1 ? { repeatOf: 'KR-0' } : {}) };
  const evs: FactEvent[] = [];
  let overdue = false;
  const add = (type: string, at: number, status: string, extra: Partial<FactEvent> = {}): boolean => {
    if (at > now) return false;
    evs.push({ id: `${i}-${evs.length}`, type: `request.${type}`, at: new Date(at).toISOString(), status, overdue, ...base, ...extra });
    return true;
  };
  add('registered', registeredAt, 'in_progress');
  if (rnd() < 0.2) add('acceptance_reminder', registeredAt + H, 'in_progress');
  if (!add('accepted', registeredAt + (0.3 + rnd() * 3) * H, 'in_progress')) return evs;
  let t = registeredAt + 4 * H;
  if (rnd() < 0.15) {
    overdue = true;
    t = registeredAt + 72 * H;
    if (!add('overdue', t, 'in_progress')) return evs;
    if (rnd() < 0.5) {
      overdue = false;
      t += (10 + rnd() * 100) * H;
      if (!add('additional_control_approved', t, 'in_progress')) return evs;
    }
  }
  t += (2 + rnd() * 60) * H;
  if (!add('closure_proposed', t, 'closure_proposed')) return evs;
  if (rnd() < 0.08) {
    t += (2 + rnd() * 20) * H;
    if (!add('returned_for_rework', t, 'rework', { overdue: false })) return evs;
    t += (2 + rnd() * 30) * H;
    if (!add('closure_proposed', t, 'closure_proposed')) return evs;
  }
  t += (1 + rnd() * 20) * H;
  if (!add('closed', t, 'closed')) return evs;
  if (rnd() < 0.5) add('rated', t + (1 + rnd() * 48) * H, 'closed', { score: 1 + Math.floor(rnd() * 5) });
  return evs;
}

async function time<T>(name: string, fn: () => Promise<T>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} best ${ms[0]!.toFixed(0).padStart(6)} ms  worst ${ms.at(-1)!.toFixed(0).padStart(6)} ms`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-reports-'));
  const stack = process.env.MONGO_URL
    ? undefined
    : await startStack({ dataDir: path.join(dir, 'data'), logDir: path.join(dir, 'logs'), database: 'bench_reports', headless: true, alwaysEmbedSmtp: true, external: {}, say: (l) => console.log(`[stack] ${l}`) });
  const mongo = await connectMongo(process.env.MONGO_URL ?? stack!.env.MONGO_URL);
  try {
    const repo = new ReportsRepository(mongo);
    await repo.init();
    await repo.clear(true);
    const end = DateTime.now().setZone(REPORT_ZONE).startOf('day');
    const start = end.minus({ days: DAYS });
    const now = end.toMillis();
    const periods = new Map<string, PeriodDoc>();
    const open: OpenOverdue[] = [];
    let t = performance.now();
    let n = 0;
    let events = 0;
    let writeMs = 0;
    for (let d = 0; d < DAYS; d++) {
      const day0 = start.plus({ days: d }).toMillis();
      const rows = new Map<string, Record<string, StoredExportRow>>();
      for (let k = 0; k < PER_DAY; k++) {
        const number = `KR-B-${String(++n).padStart(7, '0')}`;
        const evs = requestEvents(n, day0 + (7 + rnd() * 12) * H, now);
        events += evs.length;
        const p = projectRequest(number, evs);
        mergeContribution(periods, requestContribution(number, p));
        const { day, row } = exportRowOf(number, evs);
        let rowsOfDay = rows.get(day);
        if (!rowsOfDay) rows.set(day, (rowsOfDay = {}));
        rowsOfDay[number] = row;
        if (p.open) open.push(p.open);
      }
      const w = performance.now();
      await repo.putRowDays(rows);
      writeMs += performance.now() - w;
    }
    console.log(`projected ${n} requests (${events} events, ${periods.size} period documents, ${open.length} overdue now) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await repo.putPeriods(periods);
    for (const o of open) await repo.putOpenOverdue(o.number, o);
    await repo.rememberNames({ categoryCode: 'WATER-01', categoryName: 'Відсутнє холодне водопостачання', executorId: 'vodokanal', executorName: 'КП «Кривбасводоканал»' });
    const biggest = [...periods.entries()].map(([id, doc]) => [id, JSON.stringify(doc).length] as const).sort((a, b) => b[1] - a[1])[0];
    console.log(`wrote the read models in ${((performance.now() - t + writeMs) / 1000).toFixed(1)} s (largest period document: ${biggest?.[0]}, ${Math.round((biggest?.[1] ?? 0) / 1024)} KB)`);
    const last = end.minus({ days: 1 });
    const date = last.toISODate()!;
    const week = last.toFormat("kkkk-'W'WW");
    const month = last.toFormat('yyyy-MM');
    const rules = DEFAULT_INEFFECTIVE_RULES;
    await time(`9.1.1 daily-by-category ${date}`, () => buildReport(repo, { report: 'daily-by-category', date }, rules));
    await time(`9.1.2 weekly-by-district ${week}`, () => buildReport(repo, { report: 'weekly-by-district', week }, rules));
    await time(`9.1.3.1 monthly-topics ${month}`, () => buildReport(repo, { report: 'monthly-topics', month }, rules));
    await time(`9.2.1 overdue-by-executor ${week}`, () => buildReport(repo, { report: 'overdue-by-executor', week }, rules));
    await time(`9.2.2 ineffective-executors ${week}`, () => buildReport(repo, { report: 'ineffective-executors', week }, rules));
    await time(`9.2.2 ineffective-executors ${month}`, () => buildReport(repo, { report: 'ineffective-executors', month }, rules));
    await time(`10.4 daily-indicators ${date}`, () => buildReport(repo, { report: 'daily-indicators', date }, rules));
    await time(`10.4 daily-indicators ${date} as XLSX`, async () => renderReport(await buildReport(repo, { report: 'daily-indicators', date }, rules), 'xlsx'));
    await time(`9.2.1 overdue-by-executor ${week} as XLSX`, async () => renderReport(await buildReport(repo, { report: 'overdue-by-executor', week }, rules), 'xlsx'));
    await time(`9.1.3.3 export: one page of ${date}`, () => exportPage(repo, { day: date, offset: 0 }));
    const monthDays = Array.from({ length: last.daysInMonth ?? 30 }, (_, i) => last.startOf('month').plus({ days: i }).toISODate()!).filter((x) => x <= date);
    await time(`9.1.3.3 export: ${month}, day by day (${monthDays.length} days)`, async () => {
      let rows = 0;
      for (const day of monthDays) for (let offset: number | null = 0; offset !== null; ) {
        const page = await exportPage(repo, { day, offset });
        rows += page.rows.length;
        offset = page.next;
      }
      return rows;
    });
  } finally {
    await mongo.close();
    await stack?.stop();
  }
}

await main();

/**
 * The reports on the real stack: a known set of request events goes through JetStream into a
 * reporting service of the test's own (its own durable and database), in shuffled order and with
 * duplicates; each report is asked for over NATS, as the gateway does, and compared with figures the
 * test computes from the scenario itself.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { subjectOf, type RequestEvent } from '../../contracts/events.ts';
import { REPORTING_SUBJECTS, reportFileReply, type ReportFile, type ReportQuery } from '../../contracts/reporting.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { STREAMS } from '../../contracts/wire.ts';
import { DEFAULT_INEFFECTIVE_RULES } from '../../domain/reports.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats } from '../../platform/nats.ts';
import type { RunningService } from '../../platform/service.ts';
import { toCsv } from '../../services/reporting/render.ts';
import type { BuiltReport } from '../../services/reporting/reports.ts';
import { exportPage } from '../../services/reporting/export.ts';
import { rebuildFromReadModel, rebuildFromStream } from '../../services/reporting/rebuild.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { eventually, testLogger } from '../support/stack.ts';
import { countBy, eventsOf, expectedDailyIndicators, monthRange, overdueDuring, reportingConfig, rng, scenario, weekRange, within, type Scenario } from './support.ts';

type Json = Record<string, unknown>;

describe('reporting: reports from event-fed read models', function () {
  this.timeout(180_000);
  let nc: NatsConnection;
  let svc: RunningService;
  let repo: ReportsRepository;
  let closeMongo: () => Promise<void>;
  const all: Scenario[] = scenario(120);
  let events: RequestEvent[] = [];
  let firstSeq = 0;
  const QUERIES: Array<Partial<ReportQuery> & { report: ReportQuery['report'] }> = [
    { report: 'daily-by-category', date: '2019-03-05' },
    { report: 'weekly-by-district', week: '2019-W10' },
    { report: 'monthly-topics', month: '2019-03' },
    { report: 'overdue-by-executor', week: '2019-W11' },
    { report: 'ineffective-executors', month: '2019-03' },
    { report: 'daily-indicators', date: '2019-03-06' },
  ];
  // Every report, and the 9.1.3.3 export's rows of two days.
  const snapshot = async (): Promise<unknown[]> => [...(await Promise.all(QUERIES.map(async (q) => (await json(q)).data))), ...(await Promise.all(['2019-03-05', '2019-03-12'].map(async (day) => (await exportPage(repo, { day, offset: 0 })).rows)))];

  const ask = async (q: Partial<ReportQuery> & { report: ReportQuery['report'] }): Promise<ReportFile> => {
    const reply = reportFileReply.parse((await nc.request(REPORTING_SUBJECTS.report, JSON.stringify(q), { timeout: 30_000 })).json());
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message} ${JSON.stringify(reply.error.details)}`);
    return reply.data;
  };
  const json = async (q: Partial<ReportQuery> & { report: ReportQuery['report'] }): Promise<Json> => JSON.parse((await ask({ ...q, format: 'json' })).body) as Json;

  before(async () => {
    const config = reportingConfig();
    svc = await startReporting(config, testLogger);
    nc = await connectNats(config.NATS_URL, 'reporting-test');
    const mongo = await connectMongo(config.MONGO_URL);
    closeMongo = () => mongo.close();
    repo = new ReportsRepository(mongo);
    events = all.flatMap(eventsOf);
    // Shuffled, and a fifth of them published twice under a new message id (a relay's retry after a lost ack).
    const r = rng(7);
    const shuffled = [...events].sort(() => r() - 0.5);
    const js = jetstream(nc);
    const dupes = shuffled.filter(() => r() < 0.2);
    const acks = await Promise.all([...shuffled.map((e) => js.publish(subjectOf(e.type), JSON.stringify(e), { msgID: e.id })), ...dupes.map((e) => js.publish(subjectOf(e.type), JSON.stringify(e), { msgID: `${e.id}-again` }))]);
    const last = Math.max(...acks.map((a) => a.seq));
    firstSeq = Math.min(...acks.map((a) => a.seq));
    // Every message delivered and acked: the consumer has nothing pending (a NATS call, not a database scan).
    const jsm = await jetstreamManager(nc);
    await eventually(
      async () => {
        const info = await jsm.consumers.info(STREAMS.events.name, config.REPORT_DURABLE);
        return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= last ? true : undefined;
      },
      'the reporting consumer to apply every event',
      120_000,
    );
  });

  after(async () => {
    await nc?.drain();
    await svc?.stop();
    await closeMongo?.();
  });

  it('keeps every event once, however often and in whatever order it came', async () => {
    for (const s of all) {
      const h = await repo.history(s.number);
      const ids = events.filter((e) => e.data.request.number === s.number).map((e) => e.id);
      expect(h?.events.map((e: { id: string }) => e.id).sort(), s.number).to.deep.equal(ids.sort());
    }
  });

  it('9.1.1 counts the day\'s registrations by Classifier category, by channel and repeats', async () => {
    for (const date of ['2019-03-04', '2019-03-05', '2019-03-09']) {
      const got = (await json({ report: 'daily-by-category', date })).data as { rows: Array<{ categoryCode: string; registered: number; phone: number; web: number; repeated: number }>; total: number };
      const reg = all.filter((s) => dayOf(s.registeredAt) === date);
      expect(got.total, date).to.equal(reg.length);
      const expected = countBy(reg, (s) => s.category);
      expect(Object.fromEntries(got.rows.map((r) => [r.categoryCode, r.registered])), date).to.deep.equal(expected);
      for (const row of got.rows) {
        const mine = reg.filter((s) => s.category === row.categoryCode);
        expect(row.phone, `${date} ${row.categoryCode}`).to.equal(mine.filter((s) => s.channel === 'phone').length);
        expect(row.repeated, `${date} ${row.categoryCode}`).to.equal(mine.filter((s) => s.repeat).length);
      }
    }
  });

  it('9.1.1 filters by district and by executor', async () => {
    const date = '2019-03-05';
    const got = (await json({ report: 'daily-by-category', date, district: 'Покровський', executor: 'roads' })).data as { total: number };
    expect(got.total).to.equal(all.filter((s) => dayOf(s.registeredAt) === date && s.district === 'Покровський' && s.executor === 'roads').length);
  });

  it('9.1.2 gives the week by district: registered, closed and overdue at any moment of the week', async () => {
    for (const week of ['2019-W09', '2019-W10', '2019-W11']) {
      const range = weekRange(week);
      const got = (await json({ report: 'weekly-by-district', week })).data as { rows: Array<{ district: string; registered: number; closed: number; overdue: number }> };
      const expected = Object.fromEntries(
        [...new Set(all.map((s) => s.district))]
          .map((d) => {
            const mine = all.filter((s) => s.district === d);
            return [d, { registered: mine.filter((s) => within(s.registeredAt, range)).length, closed: mine.filter((s) => within(s.closedAt, range)).length, overdue: mine.filter((s) => overdueDuring(s, range)).length }];
          })
          .filter(([, v]) => (v as { registered: number }).registered + (v as { closed: number }).closed + (v as { overdue: number }).overdue > 0),
      );
      expect(Object.fromEntries(got.rows.map((r) => [r.district, { registered: r.registered, closed: r.closed, overdue: r.overdue }])), week).to.deep.equal(expected);
    }
  });

  it('9.1.3.1 names the most asked categories of the month and those growing fastest against the previous one', async () => {
    const got = (await json({ report: 'monthly-topics', month: '2019-03' })).data as { mostAsked: Array<{ categoryCode: string; registered: number; previousMonth: number }>; fastestGrowing: Array<{ categoryCode: string; growth: number }>; total: number };
    const march = countBy(
      all.filter((s) => within(s.registeredAt, monthRange('2019-03'))),
      (s) => s.category,
    );
    const feb = countBy(
      all.filter((s) => within(s.registeredAt, monthRange('2019-02'))),
      (s) => s.category,
    );
    const most = Object.entries(march).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    expect(got.mostAsked.map((r) => [r.categoryCode, r.registered])).to.deep.equal(most);
    expect(got.mostAsked.map((r) => r.previousMonth)).to.deep.equal(most.map(([c]) => feb[c] ?? 0));
    const growing = Object.keys({ ...march, ...feb })
      .map((c) => [c, (march[c] ?? 0) - (feb[c] ?? 0)] as [string, number])
      .filter(([, g]) => g > 0)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    expect(got.fastestGrowing.map((r) => [r.categoryCode, r.growth])).to.deep.equal(growing);
    expect(got.total).to.equal(Object.values(march).reduce((a, b) => a + b, 0));
  });

  it('9.2.1 lists per executor every request overdue at any moment of the week, also those overdue since an earlier week', async () => {
    for (const week of ['2019-W09', '2019-W10', '2019-W11', '2019-W12']) {
      const range = weekRange(week);
      const got = (await json({ report: 'overdue-by-executor', week })).data as { executors: Array<{ executorId: string; requests: Array<{ number: string }> }> };
      const expected: Record<string, string[]> = {};
      for (const s of all.filter((x) => overdueDuring(x, range))) (expected[s.executor] ??= []).push(s.number);
      for (const list of Object.values(expected)) list.sort();
      expect(Object.fromEntries(got.executors.map((e) => [e.executorId, e.requests.map((r) => r.number)])), week).to.deep.equal(expected);
    }
    // Carried over: some request went overdue before W11 and was still overdue in it.
    const carried = all.filter((s) => s.overdue && s.overdue.at < weekRange('2019-W11')[0] && overdueDuring(s, weekRange('2019-W11')));
    expect(carried.length).to.be.greaterThan(0);
  });

  it('9.2.1 reads one executor\'s own list when filtered by executor', async () => {
    const range = weekRange('2019-W10');
    const got = (await json({ report: 'overdue-by-executor', week: '2019-W10', executor: 'vodokanal' })).data as { executors: Array<{ executorId: string; overdue: number }> };
    expect(got.executors.map((e) => e.executorId)).to.deep.equal(all.some((s) => s.executor === 'vodokanal' && overdueDuring(s, range)) ? ['vodokanal'] : []);
    expect(got.executors[0]?.overdue ?? 0).to.equal(all.filter((s) => s.executor === 'vodokanal' && overdueDuring(s, range)).length);
  });

  it('9.2.2 computes each executor\'s shares of overdue, reworks, negative ratings and repeats and flags those at a threshold, weekly and monthly', async () => {
    const flags: boolean[] = [];
    for (const q of [{ week: '2019-W10' }, { month: '2019-03' }] as Array<{ week?: string; month?: string }>) {
      const range = q.week ? weekRange(q.week) : monthRange(q.month!);
      const got = (await json({ report: 'ineffective-executors', ...q })).data as { executors: Array<{ executorId: string; overdue: number; reworks: number; proposals: number; ratings: number; negativeRatings: number; registered: number; repeated: number; ineffective: boolean }> };
      for (const e of got.executors) {
        const mine = all.filter((s) => s.executor === e.executorId);
        const overdue = mine.filter((s) => overdueDuring(s, range)).length;
        const reworks = mine.filter((s) => within(s.rework?.at, range)).length;
        const proposals = mine.filter((s) => within(s.proposedAt, range)).length + mine.filter((s) => within(s.rework?.proposedAgainAt, range)).length;
        const ratings = mine.filter((s) => within(s.rating?.at, range));
        const negative = ratings.filter((s) => s.rating!.score <= 2).length;
        const registered = mine.filter((s) => within(s.registeredAt, range));
        const repeated = registered.filter((s) => s.repeat).length;
        // Handled: any request with something in the period under this executor.
        const handled = mine.filter(
          (s) => within(s.registeredAt, range) || within(s.acceptedAt, range) || within(s.proposedAt, range) || within(s.closedAt, range) || within(s.rating?.at, range) || within(s.rework?.at, range) || within(s.rework?.proposedAgainAt, range) || within(s.overdue?.extendedAt, range) || overdueDuring(s, range) || (s.reminded && within(s.registeredAt + 1.2 * 3600_000, range)),
        ).length;
        expect({ overdue: e.overdue, reworks: e.reworks, proposals: e.proposals, ratings: e.ratings, negativeRatings: e.negativeRatings, registered: e.registered, repeated: e.repeated }, `${JSON.stringify(q)} ${e.executorId}`).to.deep.equal({
          overdue,
          reworks,
          proposals,
          ratings: ratings.length,
          negativeRatings: negative,
          registered: registered.length,
          repeated,
        });
        const rules = DEFAULT_INEFFECTIVE_RULES;
        const share = (a: number, b: number): number => (b === 0 ? 0 : a / b);
        const flagged =
          handled >= rules.minRequests &&
          ((share(overdue, handled) >= rules.overdueShare && overdue > 0) || (share(reworks, proposals) >= rules.reworkShare && reworks > 0) || (share(negative, ratings.length) >= rules.negativeRatingShare && negative > 0) || (share(repeated, registered.length) >= rules.repeatShare && repeated > 0));
        expect(e.ineffective, `${JSON.stringify(q)} ${e.executorId} handled ${handled}`).to.equal(flagged);
      }
      expect(got.executors.map((e) => e.executorId).sort()).to.deep.equal([...new Set(all.map((s) => s.executor))].sort());
      flags.push(...got.executors.map((e) => e.ineffective));
    }
    // The scenario is heavy on overdue requests: the default thresholds flag them (test/domain/reports.test.ts has both kinds).
    expect(flags).to.include(true);
  });

  it('10.4 gives the day\'s processing indicators', async () => {
    for (const date of ['2019-03-04', '2019-03-05', '2019-03-06', '2019-03-11', '2019-03-16']) {
      const got = (await json({ report: 'daily-indicators', date })).data;
      expect(got, date).to.deep.equal(expectedDailyIndicators(all, date));
    }
  });

  it('10.4 renders CSV with a BOM and XLSX with Ukrainian headers that parse back to the same figures', async () => {
    const date = '2019-03-05';
    const expected = expectedDailyIndicators(all, date);
    const csv = await ask({ report: 'daily-indicators', date, format: 'csv' });
    expect(csv.body.startsWith('\uFEFF')).to.equal(true);
    expect(csv.body).to.include(`Зареєстровано звернень,${expected.registered.total}\r\n`);
    const xlsx = await ask({ report: 'daily-indicators', date, format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.body, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Показники')!;
    const values = new Map<string, unknown>();
    ws.eachRow((row) => values.set(row.getCell(1).text.trim(), row.getCell(2).value));
    expect(values.get('Показник')).to.equal('Значення');
    expect(values.get('Зареєстровано звернень')).to.equal(expected.registered.total);
    expect(values.get('з них протягом першої робочої години')).to.equal(expected.acceptedWithinFirstWorkingHour);
    expect(values.get('Відкритих прострочених на кінець дня')).to.equal(expected.openOverdue);
  });

  it('9.1.1 CSV quotes values with commas and quotes', () => {
    const built = { report: 'daily-by-category', clause: '9.1.1', period: { kind: 'day', id: '2019-03-05', from: '', to: '' }, filters: {}, generatedAt: new Date().toISOString(), data: { rows: [{ categoryCode: 'X-1', categoryName: 'Вода, "холодна"', registered: 2, phone: 1, web: 1, repeated: 0 }], total: 2 } } satisfies BuiltReport;
    const lines = toCsv(built).split('\r\n');
    expect(lines).to.include('X-1,"Вода, ""холодна""",2,1,1,0');
    expect(lines).to.include('Код категорії,Категорія,Зареєстровано,Телефоном,Через сайт,Повторні');
  });

  it('rebuilds the period counters, the export rows and the overdue set from the request histories into empty collections, giving the same reports', async () => {
    const before = await snapshot();
    expect((before.at(-2) as unknown[]).length).to.be.greaterThan(0);
    const r = await rebuildFromReadModel(repo, testLogger);
    expect(r.requests).to.equal(all.length);
    expect(r.events).to.equal(events.length);
    expect(await snapshot()).to.deep.equal(before);
  });

  it('rebuilds every read model from the event stream into empty collections, giving the same reports', async () => {
    const before = await snapshot();
    expect((before.at(-2) as unknown[]).length).to.be.greaterThan(0);
    const r = await rebuildFromStream({ repo, nc, logger: testLogger, startSeq: firstSeq });
    expect(r.requests).to.equal(all.length);
    for (const s of all.slice(0, 20)) expect((await repo.history(s.number))?.events.length, s.number).to.equal(eventsOf(s).length);
    expect(await snapshot()).to.deep.equal(before);
  });

  it('rejects a bad period naming the field', async () => {
    const reply = reportFileReply.parse((await nc.request(REPORTING_SUBJECTS.report, JSON.stringify({ report: 'weekly-by-district', week: '2019-10' }), { timeout: 10_000 })).json());
    expect(reply.ok).to.equal(false);
    if (!reply.ok) expect(JSON.stringify(reply.error.details)).to.include('"path":"week"');
  });
});

function dayOf(t: number): string {
  return new Date(t + 2 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The period counters' idempotency on the real database: an event whose application fails halfway
 * (some period documents changed, others not, the operation not marked done) and then comes again —
 * as JetStream redelivers an unacknowledged message — changes the counters exactly once. The
 * failures are injected into the repository the projector writes through; the database is real.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { requestEventSchema, type RequestEvent } from '../../contracts/events.ts';
import type { PeriodDelta } from '../../domain/report-counters.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import type { StoredExportRow } from '../../domain/report-export.ts';
import { DEFAULT_INEFFECTIVE_RULES } from '../../domain/reports.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { Projector } from '../../services/reporting/projector.ts';
import { exportPage } from '../../services/reporting/export.ts';
import { rebuildFromReadModel } from '../../services/reporting/rebuild.ts';
import { buildReport } from '../../services/reporting/reports.ts';
import { mongoUrlFor, testLogger } from '../support/stack.ts';
import { eventsOf, expectedDailyIndicators, rng, scenario, ZONE } from './support.ts';
import { DateTime } from 'luxon';

/** Fails a share of the chosen writes, drawn from a seeded generator (a retry meets a fresh draw, so it gets through in the end). */
class FailingRepository extends ReportsRepository {
  failures = 0;
  share = 0;
  private readonly draw = rng(11);
  private fail(): void {
    if (this.draw() < this.share) {
      this.failures += 1;
      throw new Error('injected failure');
    }
  }
  override async applyToPeriod(docId: string, opId: string, delta: PeriodDelta): Promise<void> {
    this.fail();
    return super.applyToPeriod(docId, opId, delta);
  }
  override async clearPending(number: string): Promise<void> {
    this.fail();
    return super.clearPending(number);
  }
}

describe('reporting: period counters and export pages', function () {
  this.timeout(600_000);
  const all = scenario(40, 31);
  const lanesOf = all.map(eventsOf);
  const events = lanesOf.flat();
  const queries = [
    { report: 'daily-indicators', date: '2019-03-05' },
    { report: 'weekly-by-district', week: '2019-W10' },
    { report: 'overdue-by-executor', week: '2019-W11' },
    { report: 'ineffective-executors', month: '2019-03' },
    { report: 'monthly-topics', month: '2019-03' },
  ] as const;
  const now = new Date('2026-01-01T00:00:00Z');

  it('applies each event to the counters exactly once when an attempt fails halfway and the event comes again', async () => {
    const mongo = await connectMongo(mongoUrlFor('report_counters'));
    try {
      const repo = new FailingRepository(mongo);
      await repo.init();
      repo.share = 0.15;
      const projector = new Projector(repo);
      // Requests side by side (as the consumer takes eight messages at once), each request's events in order.
      const lanes = lanesOf;
      await Promise.all(
        Array.from({ length: 8 }, async (_, lane) => {
          for (let i = lane; i < lanes.length; i += 8) {
            for (const e of lanes[i]!) {
              // Retried until it goes through, as the consumer's redelivery does.
              for (;;) {
                try {
                  await projector.apply(e);
                  break;
                } catch {
                  // redelivered
                }
              }
            }
          }
        }),
      );
      expect(repo.failures).to.be.greaterThan(10);
      repo.share = 0;
      // Events again, as after a lost acknowledgement: duplicates change nothing.
      for (const e of events.filter((_, i) => i % 5 === 0)) expect((await projector.apply(e)).kind).to.equal('duplicate');
      const got = await Promise.all(queries.map((q) => buildReport(repo, q, DEFAULT_INEFFECTIVE_RULES, now)));
      for (const date of ['2019-03-04', '2019-03-05', '2019-03-06']) {
        expect((await buildReport(repo, { report: 'daily-indicators', date }, DEFAULT_INEFFECTIVE_RULES, now)).data, date).to.deep.equal(expectedDailyIndicators(all, date));
      }
      // The same figures as counters summed from scratch out of the histories.
      await rebuildFromReadModel(repo, testLogger);
      const rebuilt = await Promise.all(queries.map((q) => buildReport(repo, q, DEFAULT_INEFFECTIVE_RULES, now)));
      expect(got.map((r) => r.data)).to.deep.equal(rebuilt.map((r) => r.data));
    } finally {
      await mongo.close();
    }
  });

  it('counts the events that come after a rebuild from what the rebuild left in the counters', async () => {
    const mongo = await connectMongo(mongoUrlFor('report_after_rebuild'));
    try {
      const repo = new ReportsRepository(mongo);
      await repo.init();
      const projector = new Projector(repo);
      // Every request's last event held back until after the rebuild.
      const later = lanesOf.map((lane) => lane.at(-1)!);
      // Histories only, as a rebuild from the stream first reads them: the counters hold nothing yet.
      for (const lane of lanesOf) for (const e of lane.slice(0, -1)) await projector.record(e);
      await rebuildFromReadModel(repo, testLogger);
      for (const e of later) expect((await projector.apply(e)).kind).to.equal('applied');
      for (const date of ['2019-03-04', '2019-03-05', '2019-03-06', '2019-03-11']) {
        expect((await buildReport(repo, { report: 'daily-indicators', date }, DEFAULT_INEFFECTIVE_RULES, now)).data, date).to.deep.equal(expectedDailyIndicators(all, date));
      }
      const got = await Promise.all(queries.map((q) => buildReport(repo, q, DEFAULT_INEFFECTIVE_RULES, now)));
      await rebuildFromReadModel(repo, testLogger);
      expect(got.map((r) => r.data)).to.deep.equal((await Promise.all(queries.map((q) => buildReport(repo, q, DEFAULT_INEFFECTIVE_RULES, now)))).map((r) => r.data));
    } finally {
      await mongo.close();
    }
  });

  it('8.2.1 lists a request overdue while a co-executor\'s part is not done under that co-executor too, marked as co-executor, in the weeks its part was open', async () => {
    const mongo = await connectMongo(mongoUrlFor('report_co_executors'));
    try {
      const repo = new ReportsRepository(mongo);
      await repo.init();
      const projector = new Projector(repo);
      const prefix = `CO${randomUUID().slice(0, 4).toUpperCase()}-2019`;
      const at = (local: string): string => DateTime.fromISO(local, { zone: ZONE }).toUTC().toISO()!;
      const co = (id: string) => ({ id, name: `КП «${id}»` });
      /** A request's events as the workflow publishes them: [Kyiv time, type, overdue, details]. */
      const request = (n: string, executor: string, steps: Array<[string, string, boolean, Record<string, unknown>?]>): RequestEvent[] =>
        steps.map(([when, type, overdue, details], i) =>
          requestEventSchema.parse({
            id: randomUUID(),
            type: `request.${type}`,
            occurredAt: at(when),
            actor: { id: 'system', role: 'system' },
            data: {
              version: i + 1,
              details: details ?? {},
              request: {
                number: `${prefix}-${n}`,
                status: 'in_progress',
                channel: 'phone',
                categoryCode: 'ROAD-01',
                executorId: executor,
                executor: { id: executor, name: `Виконавець ${executor}` },
                district: 'Покровський',
                address: { district: 'Покровський', street: 'вул. Тестова', building: '1' },
                applicant: { name: 'Заявник', phone: '+380671234567' },
                description: 'test',
                registeredAt: at('2019-03-04T08:00'),
                deadlineAt: at('2019-03-05T08:00'),
                overdue,
              },
            },
          }),
        );
      // A: the lights' part is done before the request goes overdue; the roads' part stays open into the next week, then an extension ends the overdue time.
      const a = request('000001', 'vodokanal', [
        ['2019-03-04T08:00', 'registered', false],
        ['2019-03-04T08:30', 'accepted', false],
        ['2019-03-04T10:00', 'co_executor_involved', false, { coExecutor: co('roads'), task: 'Асфальт', coExecutorIds: ['roads'] }],
        ['2019-03-04T11:00', 'co_executor_involved', false, { coExecutor: co('lights'), task: 'Опора', coExecutorIds: ['roads', 'lights'] }],
        ['2019-03-04T12:00', 'part_proposed', false, { executorId: 'lights', executor: co('lights'), result: 'Опору замінено', date: '2019-03-04', remaining: ['roads'] }],
        ['2019-03-05T10:00', 'overdue', true],
        ['2019-03-12T10:00', 'part_proposed', true, { executorId: 'roads', executor: co('roads'), result: 'Асфальт покладено', date: '2019-03-12', remaining: [] }],
        ['2019-03-13T10:00', 'additional_control_approved', false],
      ]);
      // B: overdue now; the roads' part was done within the first week of it.
      const b = request('000002', 'teplomerezha', [
        ['2019-03-04T08:00', 'registered', false],
        ['2019-03-04T10:00', 'co_executor_involved', false, { coExecutor: co('roads'), task: 'Розкопка', coExecutorIds: ['roads'] }],
        ['2019-03-05T12:00', 'overdue', true],
        ['2019-03-06T09:00', 'part_proposed', true, { executorId: 'roads', executor: co('roads'), result: 'Розкопку засипано', date: '2019-03-06', remaining: [] }],
      ]);
      // C: overdue now, brought a co-executor in while overdue, its part still open.
      const c = request('000003', 'roads', [
        ['2019-03-04T08:00', 'registered', false],
        ['2019-03-05T09:00', 'overdue', true],
        ['2019-03-11T09:00', 'co_executor_involved', true, { coExecutor: co('vodokanal'), task: 'Люк', coExecutorIds: ['vodokanal'] }],
      ]);
      // Out of order and twice: the projection is a function of the events, not of their arrival.
      for (const e of [...a.reverse(), ...c, ...b.reverse(), ...a.slice(0, 3)]) await projector.apply(e);
      const [A, B, C] = ['000001', '000002', '000003'].map((n) => `${prefix}-${n}`);
      type Report = { executors: Array<{ executorId: string; executorName: string; overdue: number; asCoExecutor: number; requests: Array<{ number: string; role: string; stillOverdue: boolean }> }>; total: number };
      const week = async (w: string, executor?: string): Promise<Report> => (await buildReport(repo, { report: 'overdue-by-executor', week: w, ...(executor ? { executor } : {}) }, DEFAULT_INEFFECTIVE_RULES, now)).data as Report;
      const lists = (r: Report) => Object.fromEntries(r.executors.map((e) => [e.executorId, e.requests.map((q) => [q.number, q.role, q.stillOverdue])]));
      const w10 = await week('2019-W10');
      expect(lists(w10)).to.deep.equal({
        vodokanal: [[A, 'executor', false]],
        teplomerezha: [[B, 'executor', true]],
        roads: [
          [A, 'co-executor', false],
          [B, 'co-executor', true],
          [C, 'executor', true],
        ],
      });
      expect(w10.total, 'each request once').to.equal(3);
      expect(w10.executors.find((e) => e.executorId === 'roads')).to.include({ overdue: 3, asCoExecutor: 2 });
      // The week after: B's co-executor had done its part; C's, brought in while overdue, has not; A's roads still owed its part on Monday.
      expect(lists(await week('2019-W11'))).to.deep.equal({
        vodokanal: [
          [A, 'executor', false],
          [C, 'co-executor', true],
        ],
        teplomerezha: [[B, 'executor', true]],
        roads: [
          [A, 'co-executor', false],
          [C, 'executor', true],
        ],
      });
      // An executor reading its own list sees the requests it answers for as a co-executor.
      const own = await week('2019-W10', 'roads');
      expect(lists(own)).to.deep.equal({ roads: lists(w10).roads });
      expect(own.total).to.equal(3);
      // The co-executor done before the overdue time answers for nothing; its name comes from the events.
      expect(JSON.stringify(w10)).to.not.include('lights');
      expect((await repo.names()).executors.lights).to.equal('КП «lights»');
      // The counters summed from scratch out of the histories give the same lists.
      const before = [w10, await week('2019-W11')];
      await rebuildFromReadModel(repo, testLogger);
      expect([await week('2019-W10'), await week('2019-W11')]).to.deep.equal(before);
    } finally {
      await mongo.close();
    }
  });

  it('9.1.3.3 pages a day of 6,000 requests under the NATS message limit, every row once and in number order', async () => {
    const mongo = await connectMongo(mongoUrlFor('report_pages'));
    try {
      const repo = new ReportsRepository(mongo);
      await repo.init();
      const day = '2019-03-05';
      const rows: Record<string, StoredExportRow> = {};
      for (let i = 6000; i >= 1; i--) {
        const number = `KR-2019-${String(i).padStart(6, '0')}`;
        rows[number] = { number, registeredAt: '2019-03-05T08:00:00.000Z', channel: 'phone', categoryCode: 'WATER-01', district: i % 2 ? 'Покровський' : 'Металургійний', executorId: 'vodokanal', status: 'in_progress', deadlineAt: '2019-03-06T08:00:00.000Z', overdue: false, everOverdue: false, acceptedAt: null, closedAt: null, rating: null, repeatOf: null, decisionHours: 0 };
      }
      await repo.putRowDays(new Map([[day, rows]]));
      const got: string[] = [];
      let pages = 0;
      for (let offset: number | null = 0; offset !== null; ) {
        const page = await exportPage(repo, { day, offset, district: 'Покровський' });
        expect(Buffer.byteLength(JSON.stringify(page))).to.be.lessThan(1024 * 1024);
        got.push(...page.rows.map((r) => r.number));
        pages += 1;
        offset = page.next;
      }
      const expected = Object.values(rows).filter((r) => r.district === 'Покровський').map((r) => r.number).sort();
      expect(got).to.deep.equal(expected);
      expect(pages).to.be.greaterThan(1);
    } finally {
      await mongo.close();
    }
  });
});

/**
 * 9.2.5 the daily spot-check draw on the real stack: the reporting service keeps its Temporal
 * Schedule, and a run of `spotCheckSampleWorkflow` on the reporting worker draws a working day's
 * sample from the closures since the previous working day (the days off between included), draws
 * nothing on a day off, and draws a day once however often it runs or the list is asked.
 * The week is June 2018 under the default calendar (Mon–Fri working), in a database of its own.
 */
import { Client, Connection } from '@temporalio/client';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import type { SpotCheckDrawResult } from '../../activities/spot-checks.ts';
import { createCalendarRepository } from '../../data/calendar.repository.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { drawSample } from '../../domain/spot-check.ts';
import { connectMongo } from '../../platform/mongo.ts';
import type { RunningService } from '../../platform/service.ts';
import { Projector } from '../../services/reporting/projector.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { SpotChecks } from '../../services/reporting/spot-checks.ts';
import { testDataConverter, testLogger } from '../support/stack.ts';
import { eventsOf, reportingConfig, ZONE, type Scenario } from './support.ts';

const at = (iso: string): number => DateTime.fromISO(iso, { zone: ZONE }).toMillis();

describe('reporting: the 9.2.5 spot-check sample, drawn by a schedule', function () {
  this.timeout(120_000);
  const run = randomUUID().slice(0, 8);
  const prefix = `spot-test-${run}`;
  const taskQueue = `reporting-spot-test-${run}`;
  // Every closure is drawn (share 1), so the sample shows exactly which days it covers.
  const config = reportingConfig({ REPORT_SCHEDULES: 'on', REPORT_SCHEDULE_PREFIX: prefix, REPORT_TASK_QUEUE: taskQueue, SPOT_CHECK_SHARE: '1' });
  let svc: RunningService;
  let client: Client;
  let connection: Connection;
  let closeMongo: () => Promise<void>;
  let repo: ReportsRepository;
  let spotChecks: SpotChecks;

  // Closures from Thursday 2018-06-07 to Wednesday 2018-06-13, two executors.
  const closures: Array<[day: string, executor: string]> = [
    ['2018-06-07', 'vodokanal'],
    ['2018-06-08', 'vodokanal'],
    ['2018-06-08', 'roads'],
    ['2018-06-09', 'roads'],
    ['2018-06-10', 'vodokanal'],
    ['2018-06-11', 'roads'],
    ['2018-06-12', 'vodokanal'],
  ];
  const requests: Scenario[] = closures.map(([day, executor], i) => ({
    number: `SC${run.slice(0, 4).toUpperCase()}-2018-${String(i + 1).padStart(6, '0')}`,
    category: 'WATER-01',
    district: 'Покровський',
    executor,
    channel: 'phone',
    repeat: false,
    registeredAt: at('2018-06-01T10:00'),
    reminded: false,
    acceptedAt: at('2018-06-01T11:00'),
    proposedAt: at(`${day}T09:00`),
    closedAt: at(`${day}T12:00`),
  }));
  const closedOn = (...days: string[]) => requests.filter((_, i) => days.includes(closures[i]![0])).map((r) => r.number).sort();

  const draw = (day: string): Promise<SpotCheckDrawResult> =>
    client.workflow.execute('spotCheckSampleWorkflow', { taskQueue, workflowId: `spot-${run}-${day}-${randomUUID().slice(0, 6)}`, args: [{ day }], workflowExecutionTimeout: '60 seconds' });

  before(async () => {
    svc = await startReporting(config, testLogger);
    const mongo = await connectMongo(config.MONGO_URL);
    closeMongo = () => mongo.close();
    repo = new ReportsRepository(mongo);
    const projector = new Projector(repo);
    for (const e of requests.flatMap(eventsOf)) await projector.apply(e);
    spotChecks = new SpotChecks({ repo, calendar: createCalendarRepository(mongo), rules: { share: 1, minPerExecutor: 1 }, logger: testLogger });
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: testDataConverter() });
  });
  after(async () => {
    await client?.schedule.getHandle(`${prefix}-spot-checks`).delete().catch(() => undefined);
    for (const name of ['daily', 'weekly', 'monthly']) await client?.schedule.getHandle(`${prefix}-${name}`).delete().catch(() => undefined);
    await connection?.close();
    await svc?.stop();
    await closeMongo?.();
  });

  it('9.2.5 keeps the spot-check schedule in Temporal after start: spotCheckSampleWorkflow every morning at 07:00 Kyiv', async () => {
    const d = await client.schedule.getHandle(`${prefix}-spot-checks`).describe();
    expect(d.action.type === 'startWorkflow' ? [d.action.workflowType, d.action.taskQueue] : undefined).to.deep.equal(['spotCheckSampleWorkflow', taskQueue]);
    expect(d.spec.timezone).to.equal('Europe/Kyiv');
    expect(d.spec.calendars?.[0]).to.deep.include({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
  });

  it('9.2.5 a run on a Monday draws from Friday\'s, Saturday\'s and Sunday\'s closures, stratified by executor, and the list returns that sample', async () => {
    const r = await draw('2018-06-11');
    expect(r).to.deep.include({ day: '2018-06-11', workingDay: true, closedDays: ['2018-06-08', '2018-06-09', '2018-06-10'], drawnNow: true, items: 4 });
    const list = await spotChecks.listFor('2018-06-11');
    expect(list.seed).to.equal(r.seed);
    expect(list.closedOn).to.equal('2018-06-08');
    expect(list.items.map((i) => i.number).sort()).to.deep.equal(closedOn('2018-06-08', '2018-06-09', '2018-06-10'));
    // The recorded seed draws the same sample again.
    const closed = (await Promise.all(list.closedDays.map((d) => spotChecks.closedOn(d)))).flat();
    expect(drawSample(closed, list.seed!, { share: 1, minPerExecutor: 1 })).to.deep.equal(list.items);
  });

  it('9.2.5 a run on a day off draws nothing', async () => {
    const r = await draw('2018-06-09');
    expect(r).to.deep.include({ day: '2018-06-09', workingDay: false, closedDays: [], seed: null, items: 0, drawnNow: false });
    expect(await repo.sample('2018-06-09')).to.equal(null);
    expect((await spotChecks.listFor('2018-06-09')).items).to.deep.equal([]);
  });

  it('9.2.5 running the draw twice draws once, and a list asked before the run keeps its draw', async () => {
    const first = await draw('2018-06-12');
    const second = await draw('2018-06-12');
    expect([first.drawnNow, second.drawnNow]).to.deep.equal([true, false]);
    expect(second.seed).to.equal(first.seed);
    expect((await spotChecks.listFor('2018-06-12')).items.map((i) => i.number)).to.deep.equal(closedOn('2018-06-11'));
    // The list asked first draws Wednesday's sample; the morning run then finds it and draws nothing.
    const asked = await spotChecks.listFor('2018-06-13');
    const later = await draw('2018-06-13');
    expect(later).to.deep.include({ drawnNow: false, seed: asked.seed, closedDays: ['2018-06-12'] });
  });
});

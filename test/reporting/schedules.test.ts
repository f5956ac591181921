/**
 * The scheduled reports on the real stack: the Temporal Schedules exist after start-up (and a second
 * start changes nothing), a triggered daily run emails each recipient its slice with the XLSX
 * attached — read back from the SMTP sink and parsed — and a run's delivery is never sent twice.
 */
import { Client, Connection } from '@temporalio/client';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { createReportActivities } from '../../activities/reports.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { DEFAULT_INEFFECTIVE_RULES } from '../../domain/reports.ts';
import { connectMongo } from '../../platform/mongo.ts';
import type { RunningService } from '../../platform/service.ts';
import { Projector } from '../../services/reporting/projector.ts';
import { startReporting } from '../../services/reporting/service.ts';
import type { SinkMessage } from '../../infra/smtp-sink.ts';
import { eventually, testDataConverter, testLogger, testStack } from '../support/stack.ts';
import { eventsOf, reportingConfig, type Scenario } from './support.ts';

const mailTo = async (address: string): Promise<SinkMessage[]> => ((await (await fetch(`${testStack().MAILBOX_URL}/messages`)).json()) as SinkMessage[]).filter((m) => m.to.includes(address));

async function xlsxOf(m: SinkMessage): Promise<{ filename: string; rows: unknown[][] }> {
  const raw = Buffer.from(await (await fetch(`${testStack().MAILBOX_URL}/messages/${m.id}/raw`)).arrayBuffer());
  const mail = await simpleParser(raw);
  const a = mail.attachments.find((x) => x.filename?.endsWith('.xlsx'));
  if (!a) throw new Error(`no XLSX attached to "${m.subject}"`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(a.content as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { filename: a.filename!, rows };
}

describe('reporting: scheduled reports by email', function () {
  this.timeout(120_000);
  const run = randomUUID().slice(0, 8);
  const email = (who: string) => `${who}-${run}@test.kr.gov.ua`;
  const prefix = `report-test-${run}`;
  let svc: RunningService;
  let client: Client;
  let connection: Connection;
  let closeMongo: () => Promise<void>;
  let repo: ReportsRepository;
  const config = reportingConfig({
    REPORT_SCHEDULES: 'on',
    REPORT_SCHEDULE_PREFIX: prefix,
    REPORT_TASK_QUEUE: `reporting-test-${run}`,
    REPORT_RECIPIENTS: JSON.stringify([
      { name: 'Міський голова', email: email('mayor'), position: 'mayor', reports: ['daily-by-category'] },
      { name: 'Заступник', email: email('deputy'), position: 'deputy', reports: ['daily-by-category'], categories: ['WATER-01'] },
      { name: 'Контакт-центр', email: email('cc'), position: 'contact_center', reports: ['daily-indicators'] },
    ]),
  });
  // Yesterday in Kyiv, the daily run's period: two water requests and one road request registered then.
  const yesterday = DateTime.now().setZone('Europe/Kyiv').minus({ days: 1 }).set({ hour: 10 });
  const requests: Scenario[] = ['WATER-01', 'WATER-01', 'ROAD-01'].map((category, i) => ({
    number: `SR${run.slice(0, 4).toUpperCase()}-2026-${String(i + 1).padStart(6, '0')}`,
    category,
    district: 'Покровський',
    executor: 'vodokanal',
    channel: 'phone',
    repeat: false,
    registeredAt: yesterday.plus({ minutes: i }).toMillis(),
    reminded: false,
  }));

  before(async () => {
    svc = await startReporting(config, testLogger);
    // A second start-up finds the schedules and changes nothing.
    await (await startReporting(config, testLogger)).stop();
    const mongo = await connectMongo(config.MONGO_URL);
    closeMongo = () => mongo.close();
    repo = new ReportsRepository(mongo);
    const projector = new Projector(repo);
    for (const e of requests.flatMap(eventsOf)) await projector.apply(e);
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: testDataConverter() });
  });
  after(async () => {
    for (const name of ['daily', 'weekly', 'monthly']) await client?.schedule.getHandle(`${prefix}-${name}`).delete().catch(() => undefined);
    await connection?.close();
    await svc?.stop();
    await closeMongo?.();
  });

  it('9.1.1 9.1.2 9.1.3.1 9.2.1 9.2.2 10.4 keeps the daily, weekly and monthly schedules in Temporal, at 08:00 Kyiv', async () => {
    const got: Record<string, unknown> = {};
    for (const name of ['daily', 'weekly', 'monthly']) {
      const d = await client.schedule.getHandle(`${prefix}-${name}`).describe();
      got[name] = { cron: d.spec.calendars?.length ? 'calendar' : undefined, timezone: d.spec.timezone, workflowType: d.action.type === 'startWorkflow' ? d.action.workflowType : undefined };
    }
    expect(got).to.deep.equal({
      daily: { cron: 'calendar', timezone: 'Europe/Kyiv', workflowType: 'scheduledReportWorkflow' },
      weekly: { cron: 'calendar', timezone: 'Europe/Kyiv', workflowType: 'scheduledReportWorkflow' },
      monthly: { cron: 'calendar', timezone: 'Europe/Kyiv', workflowType: 'scheduledReportWorkflow' },
    });
    const at8 = { hour: [{ start: 8, end: 8, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] };
    const spec = async (name: string) => (await client.schedule.getHandle(`${prefix}-${name}`).describe()).spec.calendars?.[0];
    expect(await spec('daily')).to.deep.include(at8);
    expect(await spec('weekly')).to.deep.include({ ...at8, dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }] });
    expect(await spec('monthly')).to.deep.include({ ...at8, dayOfMonth: [{ start: 1, end: 1, step: 1 }] });
  });

  it('9.1.1 10.4 a triggered daily run emails each recipient its own slice with the XLSX, which parses back', async () => {
    await client.schedule.getHandle(`${prefix}-daily`).trigger();
    const [mayor, deputy, cc] = await Promise.all(
      ['mayor', 'deputy', 'cc'].map((who) => eventually(async () => ((await mailTo(email(who))).length > 0 ? mailTo(email(who)) : undefined), `the report mail to ${who}`, 60_000)),
    );
    const date = yesterday.toISODate()!;
    expect(mayor![0]!.subject).to.match(new RegExp(`9\\.1\\.1.*${date}`));
    // The rows under the header row (`Код категорії`): code → registered.
    const byCategory = (rows: unknown[][]): Record<string, unknown> => Object.fromEntries(rows.slice(rows.findIndex((r) => r[0] === 'Код категорії') + 1).map((r) => [r[0] as string, r[2]]));
    expect(byCategory((await xlsxOf(mayor![0]!)).rows)).to.deep.equal({ 'WATER-01': 2, 'ROAD-01': 1 });
    // The deputy is responsible for water only.
    expect(byCategory((await xlsxOf(deputy![0]!)).rows)).to.deep.equal({ 'WATER-01': 2 });
    const indicators = await xlsxOf(cc![0]!);
    expect(indicators.filename).to.equal(`daily-indicators_${date}.xlsx`);
    expect(indicators.rows.find((r) => r[0] === 'Зареєстровано звернень')?.[1]).to.equal(3);
  });

  it('9.2.1 sends each executor and its responsible person their own weekly list, and a run\'s delivery only once', async () => {
    const mongo = await connectMongo(config.MONGO_URL);
    try {
      const executors = executorsRepository(mongo);
      await executors.init();
      await executors.upsert({ id: `ex-${run}`, name: 'КП «Тест»', email: email('executor'), responsiblePerson: { name: 'Відповідальна особа', phone: '+380671112233', email: email('responsible') }, active: true });
      const mailer = nodemailer.createTransport(testStack().SMTP_URL);
      const acts = createReportActivities({ repo, executors, recipients: [], rules: DEFAULT_INEFFECTIVE_RULES, mailer, from: { address: 'reports@test.kr.gov.ua', name: 'Контакт-центр' }, logger: testLogger });
      const plan = (await acts.planReportRun({ schedule: 'weekly', at: new Date().toISOString() })).filter((d) => d.query.executor === `ex-${run}`);
      expect(plan.map((d) => [d.report, d.to])).to.deep.equal([['overdue-by-executor', [email('executor'), email('responsible')]]]);
      const first = await acts.sendReport({ runId: `run-${run}`, delivery: plan[0]! });
      const second = await acts.sendReport({ runId: `run-${run}`, delivery: plan[0]! });
      expect([first.sent, second.sent]).to.deep.equal([true, false]);
      const mails = await eventually(async () => ((await mailTo(email('responsible'))).length > 0 ? mailTo(email('responsible')) : undefined), 'the 9.2.1 mail');
      expect(mails.map((m) => m.to)).to.deep.equal([[email('executor'), email('responsible')]]);
      mailer.close();
    } finally {
      await mongo.close();
    }
  });
});

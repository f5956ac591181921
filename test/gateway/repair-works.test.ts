/**
 * Repair works through the HTTP API on the real stack (gateway → NATS → the repair-works service →
 * the work's workflow on the worker): registration under 8.1.6.1/8.1.6.2, who may register, the
 * public feed, news and Atom feed without a token, the active look-up during a call, closure and
 * the audited changes of 8.1.7.
 */
import { expect } from 'chai';
import { bearer, fieldsOf, pluck, startApi, type Api } from './support.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

let streetSeq = 0;
/** A street of this test's own, so the feed's filters see only what the test registered. */
const freshStreet = (): string => `вул. Ремонтна ${process.pid}-${Date.now().toString(36)}-${++streetSeq}`;

describe('gateway: repair works (8.1.6, 8.1.7) and the public feed (2.8)', function () {
  this.timeout(120_000);
  let api: Api;
  let executor: string;
  let executorUser: { id: string; login: string; token: string };
  let operator: string;
  let manager: string;
  let applicant: string;
  before(async () => {
    api = await startApi({ name: 'gw_repair', worker: true, repairWorks: true, intake: false });
    executorUser = await api.userWith('executor', { executorId: 'vodokanal', name: 'Олена Коваленко' });
    executor = executorUser.token;
    operator = (await api.userWith('operator', { name: 'Оператор Ірина' })).token;
    manager = (await api.userWith('manager')).token;
    applicant = (await api.userWith('applicant')).token;
  });
  after(async () => {
    await api?.stop();
  });

  const emergency = (over: Record<string, unknown> = {}) => ({
    kind: 'emergency',
    district: 'Саксаганський',
    street: freshStreet(),
    buildings: ['12', '14'],
    categoryCodes: ['WATER-01'],
    description: 'Пошкодження водогону, холодної води немає',
    startsAt: iso(Date.now() - 30 * MIN),
    expectedEndAt: iso(Date.now() + 6 * HOUR),
    ...over,
  });
  const planned = (over: Record<string, unknown> = {}) => emergency({ kind: 'planned', startsAt: iso(Date.now() + 2 * DAY), expectedEndAt: iso(Date.now() + 2 * DAY + 8 * HOUR), ...over });

  it('8.1.6.1 refuses a planned work registered less than 24 hours ahead, naming the rule', async () => {
    const res = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(planned({ startsAt: iso(Date.now() + 20 * HOUR), expectedEndAt: iso(Date.now() + 30 * HOUR) }));
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(res.body.error.code).to.equal('rule_violation');
    expect(res.body.error.message).to.contain('8.1.6.1');
    expect(res.body.error.details).to.include({ rule: '8.1.6.1' });
    expect(fieldsOf(res)).to.deep.equal(['body.startsAt']);

    const ok = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(planned());
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    expect(ok.body).to.include({ kind: 'planned', status: 'planned', executorId: 'vodokanal', linkedRequests: 0 });
    expect(ok.body.id).to.match(/^RW-\d{8}-[0-9A-Z]{6}$/);
  });

  it('8.1.6.2 registers an emergency at once with its start in the past, in progress from the first moment', async () => {
    const body = emergency();
    const res = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ kind: 'emergency', status: 'in_progress', startsAt: body.startsAt, overdue: false });
    expect(res.body.executor).to.include({ id: 'vodokanal', name: 'КП «Кривбасводоканал»' });
    // Read your writes: the card is there when the registration answers.
    const card = await api.http.get(`/api/v1/repair-works/${res.body.id}`).set(bearer(operator));
    expect(card.status).to.equal(200);
    expect(card.body).to.deep.equal(res.body);

    const future = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ startsAt: iso(Date.now() + 3 * HOUR) }));
    expect(future.status).to.equal(422);
    expect(future.body.error.message).to.contain('8.1.6.2');
  });

  it("8.1.6 lets an executor register works only for its own organisation, and an operator on an executor's behalf with both names recorded", async () => {
    const foreign = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ executorId: 'teplomerezha' }));
    expect(foreign.status).to.equal(403);
    expect(foreign.body.error.code).to.equal('forbidden');

    const own = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency());
    expect(own.status).to.equal(201);
    expect(own.body.registeredBy).to.deep.include({ id: executorUser.id, role: 'executor', name: 'Олена Коваленко', executorId: 'vodokanal' });

    const noExecutor = await api.http.post('/api/v1/repair-works').set(bearer(operator)).send(emergency());
    expect(noExecutor.status).to.equal(400);
    expect(fieldsOf(noExecutor)).to.deep.equal(['body.executorId']);

    const onBehalf = await api.http.post('/api/v1/repair-works').set(bearer(operator)).send(emergency({ executorId: 'teplomerezha', categoryCodes: ['HEAT-01'], reportedBy: 'Диспетчер Андрій Мельник' }));
    expect(onBehalf.status, JSON.stringify(onBehalf.body)).to.equal(201);
    expect(onBehalf.body.registeredBy).to.include({ role: 'operator', name: 'Оператор Ірина' });
    expect(onBehalf.body).to.include({ executorId: 'teplomerezha', reportedBy: 'Диспетчер Андрій Мельник' });
    expect(onBehalf.body.executor.name).to.equal('КП «Криворізька тепломережа»');
    expect(onBehalf.body.history[0]).to.include({ action: 'registered', note: 'for КП «Криворізька тепломережа», reported by Диспетчер Андрій Мельник' });

    const asApplicant = await api.http.post('/api/v1/repair-works').set(bearer(applicant)).send(emergency({ executorId: 'vodokanal' }));
    expect(asApplicant.status).to.equal(403);

    const badCategory = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ categoryCodes: ['NO-SUCH'] }));
    expect(badCategory.status).to.equal(422);
    expect(fieldsOf(badCategory)).to.deep.equal(['body.categoryCodes']);
    const missing = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ description: undefined }));
    expect(missing.status).to.equal(400);
    expect(fieldsOf(missing)).to.deep.equal(['body.description']);
  });

  it("8.1.6 refuses an executor's work naming another organisation's categories with 422 naming categoryCodes and the foreign codes; the Contact Center may name any", async () => {
    const foreign = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ categoryCodes: ['WATER-01', 'HEAT-01'] }));
    expect(foreign.status, JSON.stringify(foreign.body)).to.equal(422);
    expect(foreign.body.error.code).to.equal('foreign_category');
    expect(fieldsOf(foreign)).to.deep.equal(['body.categoryCodes']);
    expect(foreign.body.error.message).to.contain('HEAT-01').and.not.contain('WATER-01');
    const own = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ categoryCodes: ['water-01'] }));
    expect(own.status, JSON.stringify(own.body)).to.equal(201);
    const byOperator = await api.http.post('/api/v1/repair-works').set(bearer(operator)).send(emergency({ executorId: 'vodokanal', categoryCodes: ['WATER-01', 'HEAT-01'] }));
    expect(byOperator.status, JSON.stringify(byOperator.body)).to.equal(201);
    expect(byOperator.body.categoryCodes).to.deep.equal(['WATER-01', 'HEAT-01']);
  });

  it('registers a work once however many retries carry the same Idempotency-Key, and refuses the key with another body', async () => {
    const body = emergency();
    const key = `rw-${Date.now().toString(36)}`;
    const tries = await Promise.all(Array.from({ length: 4 }, () => api.http.post('/api/v1/repair-works').set(bearer(executor)).set('Idempotency-Key', key).send(body)));
    expect(tries.map((r) => r.status)).to.deep.equal([201, 201, 201, 201]);
    expect(new Set(tries.map((r) => r.body.id as string)).size).to.equal(1);
    expect(tries.filter((r) => r.headers['idempotent-replayed'] === 'true')).to.have.length(3);
    const listed = await api.http.get('/api/v1/repair-works').set(bearer(operator)).query({ district: 'Саксаганський', street: body.street });
    expect(listed.body.total).to.equal(1);
    const other = await api.http.post('/api/v1/repair-works').set(bearer(executor)).set('Idempotency-Key', key).send({ ...body, description: 'Інша аварія' });
    expect(other.status).to.equal(422);
    expect(other.body.error.code).to.equal('idempotency_key_reused');
  });

  it('2.8 lists current and upcoming works in the public feed without a token, filtered by district, street, building, kind and active time, paged', async () => {
    const street = freshStreet();
    const now = Date.now();
    const a = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ street, buildings: ['1'] }));
    const b = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(planned({ street, buildings: ['2', '3'] }));
    const c = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ street, buildings: [] }));
    const closed = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ street, buildings: ['1'] }));
    for (const r of [a, b, c, closed]) expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect((await api.http.post(`/api/v1/repair-works/${closed.body.id}/close`).set(bearer(executor)).send({ actualEndAt: iso(now), note: 'Готово' })).status).to.equal(200);

    const feed = (q: Record<string, string>) => api.http.get('/api/v1/public/repair-works').query({ district: 'Саксаганський', street, ...q });
    const all = await feed({});
    expect(all.status).to.equal(200);
    // Current and upcoming only, soonest start first; nothing about who typed it in.
    expect(pluck(all.body.items, 'id')).to.have.members([a.body.id, b.body.id, c.body.id]);
    expect(pluck(all.body.items, 'id').at(-1)).to.equal(b.body.id);
    expect(all.body.items[0]).to.not.have.any.keys('registeredBy', 'history');
    expect(all.body.total).to.equal(3);

    expect(pluck((await feed({ kind: 'planned' })).body.items, 'id')).to.deep.equal([b.body.id]);
    // Building 1: the work on building 1 and the one on the whole street.
    expect(pluck((await feed({ building: '1' })).body.items, 'id')).to.have.members([a.body.id, c.body.id]);
    expect(pluck((await feed({ activeAt: iso(now + 2 * DAY + HOUR) })).body.items, 'id')).to.have.members([a.body.id, b.body.id, c.body.id]);
    expect(pluck((await feed({ activeAt: iso(now + HOUR) })).body.items, 'id')).to.have.members([a.body.id, c.body.id]);
    const page2 = await feed({ page: '2', pageSize: '2' });
    expect(page2.body).to.include({ total: 3, page: 2, pageSize: 2 });
    expect(pluck(page2.body.items, 'id')).to.deep.equal([b.body.id]);
    const bad = await api.http.get('/api/v1/public/repair-works').query({ kind: 'volcanic' });
    expect(bad.status).to.equal(400);
    expect(fieldsOf(bad)).to.deep.equal(['query.kind']);
  });

  it('2.8 publishes the news operators and managers post, within their window and newest first, without a token', async () => {
    const now = Date.now();
    const older = await api.http.post('/api/v1/news').set(bearer(operator)).send({ title: 'Перекриття руху на вул. Лермонтова', body: 'З 10:00 до 16:00', publishFrom: iso(now - 2 * HOUR) });
    const newer = await api.http.post('/api/v1/news').set(bearer(manager)).send({ title: 'День міста', body: 'Святкові заходи в центрі', publishFrom: iso(now - HOUR) });
    const later = await api.http.post('/api/v1/news').set(bearer(manager)).send({ title: 'Ще не час', body: 'Буде завтра', publishFrom: iso(now + DAY) });
    const gone = await api.http.post('/api/v1/news').set(bearer(operator)).send({ title: 'Вже минуло', body: 'Було вчора', publishFrom: iso(now - 2 * DAY), publishUntil: iso(now - DAY) });
    for (const r of [older, newer, later, gone]) expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(newer.body.author).to.include({ role: 'manager' });

    const res = await api.http.get('/api/v1/public/news');
    expect(res.status).to.equal(200);
    expect(pluck(res.body.items, 'title')).to.deep.equal(['День міста', 'Перекриття руху на вул. Лермонтова']);
    expect(res.body.items[0]).to.not.have.property('author');

    const byExecutor = await api.http.post('/api/v1/news').set(bearer(executor)).send({ title: 'x', body: 'y' });
    expect(byExecutor.status).to.equal(403);
    const backwards = await api.http.post('/api/v1/news').set(bearer(operator)).send({ title: 'x', body: 'y', publishFrom: iso(now), publishUntil: iso(now - HOUR) });
    expect(backwards.status).to.equal(400);
    expect(fieldsOf(backwards)).to.deep.equal(['body.publishUntil']);
  });

  it('2.8 serves an Atom feed of the works and the news without a token, every text escaped', async () => {
    const street = `${freshStreet()} <&>`;
    const work = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ street, description: 'Труба "стара" & <іржава>' }));
    expect(work.status, JSON.stringify(work.body)).to.equal(201);
    await api.http.post('/api/v1/news').set(bearer(operator)).send({ title: 'Новина <b>жирна</b> & "цитата"', body: 'Текст' });

    const res = await api.http.get('/api/v1/public/feed.atom');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^application\/atom\+xml/);
    expect(res.text).to.match(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect(res.text).to.include(`<id>urn:contact-center:repair-work:${work.body.id}</id>`);
    expect(res.text).to.include(`<title>Аварійні роботи: Саксаганський, ${street.replace('<&>', '&lt;&amp;&gt;')} 12, 14</title>`);
    expect(res.text).to.include('Труба &quot;стара&quot; &amp; &lt;іржава&gt;');
    expect(res.text).to.include('<title>Новина &lt;b&gt;жирна&lt;/b&gt; &amp; &quot;цитата&quot;</title>');
    expect(res.text).to.not.include('<b>');
    // Every element opened is closed: the entries balance.
    expect(res.text.match(/<entry>/g)?.length).to.equal(res.text.match(/<\/entry>/g)?.length);
  });

  it('8.1.6 tells the operator during a call that an outage is known at the address and when it should end', async () => {
    const street = freshStreet();
    const work = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ street, buildings: ['12'] }));
    expect(work.status).to.equal(201);
    const ask = (q: Record<string, string>) => api.http.get('/api/v1/repair-works/active').set(bearer(operator)).query({ district: 'Саксаганський', street, ...q });

    const known = await ask({ building: '12', category: 'WATER-01' });
    expect(known.status).to.equal(200);
    expect(known.body.known).to.equal(true);
    expect(known.body.works).to.have.length(1);
    expect(known.body.works[0]).to.include({ id: work.body.id, expectedEndAt: work.body.expectedEndAt, kind: 'emergency' });
    // The street as people type it: case and spaces do not matter.
    expect((await ask({ street: `  ${street.toUpperCase()} `, building: '12' })).body.known).to.equal(true);
    expect((await ask({ building: '40' })).body.known).to.equal(false);
    expect((await ask({ building: '12', category: 'HEAT-01' })).body.known).to.equal(false);
    const noStreet = await api.http.get('/api/v1/repair-works/active').set(bearer(operator)).query({ district: 'Саксаганський' });
    expect(noStreet.status).to.equal(400);
    expect(fieldsOf(noStreet)).to.deep.equal(['query.street']);
    expect((await api.http.get('/api/v1/repair-works/active').query({ district: 'Саксаганський', street })).status).to.equal(401);
  });

  it('8.1.6 closes the card with the actual end and a note; the closed card takes no more changes (8.1.7)', async () => {
    const work = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency());
    const other = await api.http.post(`/api/v1/repair-works/${work.body.id}/close`).set(bearer((await api.userWith('executor', { executorId: 'teplomerezha' })).token)).send({ actualEndAt: iso(Date.now()), note: 'x' });
    expect(other.status).to.equal(403);
    const noNote = await api.http.post(`/api/v1/repair-works/${work.body.id}/close`).set(bearer(executor)).send({ actualEndAt: iso(Date.now()) });
    expect(noNote.status).to.equal(400);
    expect(fieldsOf(noNote)).to.deep.equal(['body.note']);

    const end = iso(Date.now() - MIN);
    const closed = await api.http.post(`/api/v1/repair-works/${work.body.id}/close`).set(bearer(executor)).send({ actualEndAt: end, note: 'Ділянку замінено' });
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    expect(closed.body).to.include({ status: 'closed', actualEndAt: end, closeNote: 'Ділянку замінено' });
    expect(closed.body.closedBy).to.include({ id: executorUser.id, role: 'executor' });
    expect((await api.http.get(`/api/v1/repair-works/${work.body.id}`).set(bearer(operator))).body.status).to.equal('closed');

    const again = await api.http.post(`/api/v1/repair-works/${work.body.id}/extension`).set(bearer(executor)).send({ expectedEndAt: iso(Date.now() + DAY), reason: 'ще' });
    expect(again.status).to.equal(409);
    expect((await api.http.post('/api/v1/repair-works/RW-00000000-NOSUCH/close').set(bearer(executor)).send({ actualEndAt: end, note: 'x' })).status).to.equal(404);
  });

  it('8.1.7 audits an extension of the expected end and a change of addresses, each with its reason and author', async () => {
    const work = await api.http.post('/api/v1/repair-works').set(bearer(executor)).send(emergency({ buildings: ['12'] }));
    const noReason = await api.http.post(`/api/v1/repair-works/${work.body.id}/extension`).set(bearer(executor)).send({ expectedEndAt: iso(Date.now() + DAY) });
    expect(noReason.status).to.equal(400);
    expect(fieldsOf(noReason)).to.deep.equal(['body.reason']);

    const newEnd = iso(Date.now() + DAY);
    const extended = await api.http.post(`/api/v1/repair-works/${work.body.id}/extension`).set(bearer(executor)).send({ expectedEndAt: newEnd, reason: 'Потрібна додаткова техніка' });
    expect(extended.status, JSON.stringify(extended.body)).to.equal(200);
    expect(extended.body.expectedEndAt).to.equal(newEnd);
    const extendedHistory = extended.body.history as Array<{ action: string; actor: Record<string, unknown> }>;
    expect(extendedHistory.at(-1)).to.deep.include({ action: 'extended', note: 'Потрібна додаткова техніка', changes: { expectedEndAt: { from: work.body.expectedEndAt, to: newEnd } } });
    expect(extendedHistory.at(-1)!.actor).to.include({ id: executorUser.id, role: 'executor' });

    const moved = await api.http.post(`/api/v1/repair-works/${work.body.id}/addresses`).set(bearer(operator)).send({ buildings: ['12', '14'], reason: 'Без води і будинок 14' });
    expect(moved.status).to.equal(200);
    expect(moved.body.buildings).to.deep.equal(['12', '14']);
    const movedHistory = moved.body.history as Array<{ action: string }>;
    expect(movedHistory.map((e) => e.action)).to.deep.equal(['registered', 'extended', 'addresses_changed']);
    expect(movedHistory.slice(0, 2)).to.deep.equal(extendedHistory);
  });
});

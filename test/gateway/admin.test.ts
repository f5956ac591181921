import { expect } from 'chai';
import { DEFAULT_CALENDAR } from '../../domain/calendar.ts';
import { districtsRepository } from '../../data/districts.repository.ts';
import { CATEGORIES, DISTRICTS, EXECUTORS } from '../../infra/seed/data.ts';
import { seed } from '../../infra/seed/seed.ts';
import { type Api, bearer, fieldsOf, pluck, startApi } from './support.ts';

describe('gateway: admin data', function () {
  this.timeout(60_000);
  let api: Api;
  let operator: string;
  before(async () => {
    api = await startApi({ name: 'gw_admin', intake: false });
    operator = (await api.userWith('operator')).token;
  });
  after(async () => {
    await api.stop();
  });

  const executor = {
    id: 'inhulets-vodokanal',
    name: 'КП «Інгулецький водоканал»',
    email: 'office@inhulets.example.org',
    responsiblePerson: { name: 'Галина Лисенко', phone: '067-111-22-33', email: 'h.lysenko@inhulets.example.org' },
  };

  it('8.1.1 keeps each executor with its responsible person (name, phone in E.164, email), shown to the staff', async () => {
    const created = await api.http.post('/api/v1/executors').set(bearer(api.adminToken)).send(executor);
    expect(created.status).to.equal(201);
    expect(created.body.responsiblePerson).to.deep.equal({ name: 'Галина Лисенко', phone: '+380671112233', email: 'h.lysenko@inhulets.example.org' });
    const one = await api.http.get(`/api/v1/executors/${executor.id}`).set(bearer(operator));
    expect(one.status).to.equal(200);
    expect(one.body).to.include({ id: executor.id, name: executor.name, active: true });
    const all = await api.http.get('/api/v1/executors').set(bearer(operator));
    expect(pluck(all.body, 'id')).to.include.members([executor.id, ...EXECUTORS.map((e) => e.id)]);
    const changed = await api.http
      .put(`/api/v1/executors/${executor.id}`)
      .set(bearer(api.adminToken))
      .send({ responsiblePerson: { ...executor.responsiblePerson, name: 'Галина Петрівна Лисенко' } });
    expect(changed.status).to.equal(200);
    expect(changed.body.responsiblePerson.name).to.equal('Галина Петрівна Лисенко');
  });

  it('8.1.1 refuses an executor without a responsible person, naming the missing field', async () => {
    const { responsiblePerson: _r, ...without } = executor;
    const res = await api.http.post('/api/v1/executors').set(bearer(api.adminToken)).send({ ...without, id: 'no-person' });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('invalid_input');
    expect(fieldsOf(res)).to.deep.equal(['body.responsiblePerson']);
    const dup = await api.http.post('/api/v1/executors').set(bearer(api.adminToken)).send({ ...executor, id: 'vodokanal' });
    expect(dup.status).to.equal(409);
  });

  it('publishes the Classifier without sign-in and lets the admin add and change categories', async () => {
    const pub = await api.http.get('/api/v1/classifier');
    expect(pub.status).to.equal(200);
    expect(pluck(pub.body, 'code')).to.include.members(CATEGORIES.map((c) => c.code));
    const category = { code: 'PLAY-01', name: 'Пошкоджений дитячий майданчик', executorId: 'housing', term: { amount: 10, unit: 'working_days' }, reworkTerm: { amount: 5, unit: 'working_days' } };
    const created = await api.http.post('/api/v1/classifier').set(bearer(api.adminToken)).send(category);
    expect(created.status).to.equal(201);
    expect(created.body).to.include({ code: 'PLAY-01', executorId: 'housing', active: true });
    const again = await api.http.post('/api/v1/classifier').set(bearer(api.adminToken)).send(category);
    expect(again.status).to.equal(409);
    const put = await api.http
      .put('/api/v1/classifier/play-01')
      .set(bearer(api.adminToken))
      .send({ ...category, code: undefined, term: { amount: 7, unit: 'working_days' }, active: false });
    expect(put.status).to.equal(200);
    expect(put.body).to.deep.include({ code: 'PLAY-01', term: { amount: 7, unit: 'working_days' }, active: false });
    const visible = await api.http.get('/api/v1/classifier');
    expect(pluck(visible.body, 'code')).to.not.include('PLAY-01');
    const all = await api.http.get('/api/v1/classifier?includeInactive=true');
    expect(pluck(all.body, 'code')).to.include('PLAY-01');
  });

  it('refuses a category routed to an unknown executor (422) and one with a bad term unit (400 naming term.unit)', async () => {
    const ghost = await api.http
      .post('/api/v1/classifier')
      .set(bearer(api.adminToken))
      .send({ code: 'GHOST-01', name: 'x', executorId: 'nobody', term: { amount: 1, unit: 'hours' }, reworkTerm: { amount: 1, unit: 'hours' } });
    expect(ghost.status).to.equal(422);
    expect(ghost.body.error.code).to.equal('unknown_executor');
    const bad = await api.http
      .post('/api/v1/classifier')
      .set(bearer(api.adminToken))
      .send({ code: 'BAD-01', name: 'x', executorId: 'housing', term: { amount: 1, unit: 'fortnights' }, reworkTerm: { amount: 1, unit: 'hours' } });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.fields[0].field).to.equal('body.term.unit');
  });

  it('seeds the 7 districts of Kryvyi Rih, again and again without duplicating them', async () => {
    await seed(api.mongo, { users: false });
    const stored = await districtsRepository(api.mongo).list({ includeInactive: true });
    expect(stored.map((d) => d.name)).to.have.members([...DISTRICTS]);
    expect(stored).to.have.length(7);
  });

  it('publishes the districts without sign-in and lets the admin add, retire and restore one', async () => {
    const pub = await api.http.get('/api/v1/districts');
    expect(pub.status).to.equal(200);
    expect(pluck(pub.body, 'name')).to.include.members([...DISTRICTS]);
    expect(new Set(pluck(pub.body, 'active'))).to.deep.equal(new Set([true]));
    const created = await api.http.post('/api/v1/districts').set(bearer(api.adminToken)).send({ name: ' Веселотернівський ' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body).to.deep.equal({ name: 'Веселотернівський', active: true });
    const again = await api.http.post('/api/v1/districts').set(bearer(api.adminToken)).send({ name: 'Веселотернівський' });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('district_exists');
    const byOperator = await api.http.post('/api/v1/districts').set(bearer(operator)).send({ name: 'Операторський' });
    expect(byOperator.status).to.equal(403);
    const retired = await api.http.put(`/api/v1/districts/${encodeURIComponent('Веселотернівський')}`).set(bearer(api.adminToken)).send({ active: false });
    expect(retired.status, JSON.stringify(retired.body)).to.equal(200);
    expect(retired.body).to.deep.equal({ name: 'Веселотернівський', active: false });
    expect(pluck((await api.http.get('/api/v1/districts')).body, 'name')).to.not.include('Веселотернівський');
    expect(pluck((await api.http.get('/api/v1/districts?includeInactive=true')).body, 'name')).to.include('Веселотернівський');
    const restored = await api.http.put(`/api/v1/districts/${encodeURIComponent('Веселотернівський')}`).set(bearer(api.adminToken)).send({ active: true });
    expect(restored.body).to.deep.equal({ name: 'Веселотернівський', active: true });
    const missing = await api.http.put(`/api/v1/districts/${encodeURIComponent('Нема')}`).set(bearer(api.adminToken)).send({ active: false });
    expect(missing.status).to.equal(404);
  });

  it('serves the default Kyiv calendar until the admin replaces it, and refuses overlapping periods naming the day', async () => {
    const first = await api.http.get('/api/v1/calendar').set(bearer(operator));
    expect(first.status).to.equal(200);
    expect(first.body).to.deep.equal(JSON.parse(JSON.stringify(DEFAULT_CALENDAR)));
    const calendar = { ...JSON.parse(JSON.stringify(DEFAULT_CALENDAR)), holidays: ['2026-12-25'], martialLaw: false };
    const put = await api.http.put('/api/v1/calendar').set(bearer(api.adminToken)).send(calendar);
    expect(put.status).to.equal(200);
    expect((await api.http.get('/api/v1/calendar').set(bearer(operator))).body).to.deep.include({ holidays: ['2026-12-25'], martialLaw: false });
    const overlapping = { ...calendar, weekly: { ...calendar.weekly, tue: [['08:00', '12:00'], ['11:00', '17:00']] } };
    const bad = await api.http.put('/api/v1/calendar').set(bearer(api.adminToken)).send(overlapping);
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.fields[0].field).to.equal('body.weekly.tue.1');
  });

  it('lists users by role to the staff without password hashes, and lets the admin move a user to another executor', async () => {
    const ex = await api.userWith('executor', { executorId: 'vodokanal' });
    const list = await api.http.get('/api/v1/users?role=executor').set(bearer(operator));
    expect(list.status).to.equal(200);
    expect(new Set(pluck(list.body.items, 'role'))).to.deep.equal(new Set(['executor']));
    expect(JSON.stringify(list.body)).to.not.include('argon2');
    const moved = await api.http.put(`/api/v1/users/${ex.id}`).set(bearer(api.adminToken)).send({ executorId: 'teplomerezha' });
    expect(moved.status).to.equal(200);
    expect(moved.body.executorId).to.equal('teplomerezha');
    const toAnalyst = await api.http.put(`/api/v1/users/${ex.id}`).set(bearer(api.adminToken)).send({ role: 'analyst', executorId: null });
    expect(toAnalyst.status).to.equal(200);
    expect(toAnalyst.body).to.not.have.property('executorId');
  });

  it('refuses an admin deactivating or demoting their own account with 409 own_admin_rights, and documents it with last_admin in the API description', async () => {
    const admin = await api.userWith('admin');
    const self = `/api/v1/users/${admin.id}`;
    for (const change of [{ active: false }, { role: 'analyst' }, { role: 'operator', active: false }]) {
      const res = await api.http.put(self).set(bearer(admin.token)).send(change);
      expect(res.status, `${JSON.stringify(change)}: ${JSON.stringify(res.body)}`).to.equal(409);
      expect(res.body.error.code).to.equal('own_admin_rights');
    }
    const still = await api.http.get(self).set(bearer(admin.token));
    expect(still.status).to.equal(200);
    expect(still.body).to.include({ role: 'admin', active: true });
    // Their own name and password stay theirs to change; another admin may still demote them.
    expect((await api.http.put(self).set(bearer(admin.token)).send({ name: 'Адміністратор Другий' })).status).to.equal(200);
    const demoted = await api.http.put(self).set(bearer(api.adminToken)).send({ role: 'analyst' });
    expect(demoted.status, JSON.stringify(demoted.body)).to.equal(200);
    expect(demoted.body.role).to.equal('analyst');

    const doc = (await api.http.get('/api/v1/openapi.json').set(bearer(api.adminToken))).body;
    const conflict = String(doc.paths['/users/{id}'].put.responses['409'].description);
    expect(conflict).to.include('own_admin_rights');
    expect(conflict).to.include('last_admin');
  });
});

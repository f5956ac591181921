import { Client, Connection } from '@temporalio/client';
import { expect } from 'chai';
import { QUERY_CARD, REPEATED_SIGNAL, type RequestCard } from '../../contracts/request.ts';
import { requestWorkflowId } from '../../contracts/wire.ts';
import { createRequestRepository } from '../../data/requests.repository.ts';
import type { RunningService } from '../../platform/service.ts';
import { startWorker } from '../../services/worker/worker.ts';
import { DEFAULT_CALENDAR, deadlineFrom } from '../../domain/calendar.ts';
import { eventually, testDataConverter, testLogger, testStack } from '../support/stack.ts';
import { type Api, bearer, phoneCall, pluck, startApi, str } from '../gateway/support.ts';

describe('intake: registering requests through the gateway', function () {
  this.timeout(120_000);
  let api: Api;
  let operator: string;
  let executor: string;
  let connection: Connection;
  let client: Client;
  before(async () => {
    api = await startApi({ name: 'intake_reg', worker: true });
    operator = (await api.userWith('operator')).token;
    executor = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
    connection = await Connection.connect({ address: testStack().TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: testDataConverter() });
  });
  after(async () => {
    await connection?.close();
    await api?.stop();
  });

  it('5.12 numbers a phone call, routes it by the Classifier and answers with the executor and the deadline', async () => {
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall());
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const year = new Date().getFullYear();
    expect(res.body.number).to.match(new RegExp(`^${api.prefix}-(${year}|${year + 1})-\\d{6}$`));
    expect(res.body).to.include({ status: 'in_progress', executorId: 'vodokanal', repeatCount: 0 });
    // WATER-02 is 3 working days on the default calendar.
    const expected = deadlineFrom(DEFAULT_CALENDAR, new Date(str(res.body.registeredAt)), { amount: 3, unit: 'working_days' });
    expect(res.body.deadlineAt).to.equal(expected.toISOString());

    // Read your writes: the card and the executor's list already show it.
    const card = await api.http.get(`/api/v1/requests/${res.body.number}`).set(bearer(operator));
    expect(card.status).to.equal(200);
    expect(card.body).to.deep.include({ number: res.body.number, channel: 'phone', categoryCode: 'WATER-02', executorId: 'vodokanal', district: 'Саксаганський' });
    expect(card.body.applicant).to.deep.include({ name: 'Марія Іваненко', phone: '+380675551234' });
    expect(card.body.history[0]).to.include({ action: 'registered' });
    const list = await api.http.get('/api/v1/requests').set(bearer(executor));
    expect(pluck(list.body.items, 'number')).to.include(res.body.number);
  });

  it('5.12 gives concurrent registrations distinct consecutive numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.http
          .post('/api/v1/requests')
          .set(bearer(operator))
          .send(phoneCall({ categoryCode: 'LIGHT-01', address: { district: 'Покровський', street: `вул. Тестова ${i}`, building: String(i + 1) } })),
      ),
    );
    expect(results.map((r) => r.status)).to.deep.equal(Array(8).fill(201));
    const seqs = results.map((r) => Number(String(r.body.number).split('-')[2])).sort((a, b) => a - b);
    expect(new Set(seqs).size).to.equal(8);
    expect(seqs[7]! - seqs[0]!).to.equal(7);
  });

  it('returns one request to 20 concurrent retries with the same Idempotency-Key, and starts one workflow', async () => {
    const startedAt = new Date().toISOString();
    const key = `call-${Date.now()}`;
    const body = phoneCall({ address: { district: 'Тернівський', street: 'вул. Idempotent', building: '20' }, categoryCode: 'SEWER-01' });
    const results = await Promise.all(Array.from({ length: 20 }, () => api.http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(body)));
    expect(results.map((r) => r.status)).to.deep.equal(Array(20).fill(201));
    const numbers = new Set(results.map((r) => r.body.number as string));
    expect(numbers.size).to.equal(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).to.have.length(19);
    const list = await api.http.get('/api/v1/requests?q=Idempotent').set(bearer(operator));
    expect(list.body.total).to.equal(1);
    const again = await api.http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(body);
    expect(again.status).to.equal(201);
    expect(again.body.number).to.equal([...numbers][0]);

    // Temporal too: once the visibility store (eventually consistent) shows the request's workflow,
    // it shows no other one registered for this address's category and district since the test began.
    const number = [...numbers][0]!;
    await eventually(async () => ((await client.workflow.count(`RequestNumber = "${number}"`)).count === 1 ? true : undefined), `the workflow of ${number} in visibility`);
    const query = `WorkflowId STARTS_WITH "${requestWorkflowId(api.prefix)}" AND CategoryCode = "SEWER-01" AND District = "Тернівський" AND StartTime >= "${startedAt}"`;
    expect((await client.workflow.count(query)).count).to.equal(1);
  });

  it('refuses an Idempotency-Key reused for a different request (422)', async () => {
    const key = `reuse-${Date.now()}`;
    const first = await api.http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(phoneCall({ categoryCode: 'TREE-01' }));
    expect(first.status).to.equal(201);
    const other = await api.http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(phoneCall({ categoryCode: 'TREE-02' }));
    expect(other.status).to.equal(422);
    expect(other.body.error.code).to.equal('idempotency_key_reused');
  });

  it('refuses a phone call sent as a web request with 422 naming body.channel in details.fields', async () => {
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ channel: 'web' }));
    expect(res.status).to.equal(422);
    expect(res.body.error.code).to.equal('wrong_channel');
    expect(pluck(res.body.error.details.fields, 'field')).to.deep.equal(['body.channel']);
  });

  it('refuses an unknown category and an inactive one with 422 naming categoryCode, issuing no number', async () => {
    const unknown = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'NOPE-01' }));
    expect(unknown.status).to.equal(422);
    expect(unknown.body.error).to.deep.include({ code: 'unknown_category' });
    expect(unknown.body.error.details.fields).to.deep.equal([{ field: 'body.categoryCode', message: unknown.body.error.message }]);
    await api.http
      .post('/api/v1/classifier')
      .set(bearer(api.adminToken))
      .send({ code: 'OLD-01', name: 'Скасована категорія', executorId: 'housing', term: { amount: 1, unit: 'working_days' }, reworkTerm: { amount: 1, unit: 'working_days' }, active: false });
    const inactive = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'OLD-01' }));
    expect(inactive.status).to.equal(422);
    expect(inactive.body.error.code).to.equal('inactive_category');
  });

  it('refuses a phone call without the caller and a web channel from an operator (400 and 422)', async () => {
    const { applicant: _a, ...noCaller } = phoneCall();
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(noCaller);
    expect(res.status).to.equal(400);
    expect(res.body.error.details.fields[0].field).to.equal('body.applicant');
    const web = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ channel: 'web' }));
    expect(web.status).to.equal(422);
    const badPhone = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ applicant: { name: 'X', phone: '12345' } }));
    expect(badPhone.status).to.equal(400);
    expect(badPhone.body.error.details.fields[0].field).to.equal('body.applicant.phone');
  });

  it('9.2.3 links a repeated request (same address and category while the first is open) and counts the repeats', async () => {
    const address = { district: 'Металургійний', street: 'просп. Металургів', building: '33' };
    const first = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address }));
    const second = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address: { ...address, street: 'ПРОСП. МЕТАЛУРГІВ' } }));
    const third = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address }));
    const elsewhere = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address: { ...address, building: '35' } }));
    expect(first.body.repeatCount).to.equal(0);
    expect(second.body).to.include({ repeatOf: first.body.number, repeatCount: 1 });
    expect(third.body).to.include({ repeatOf: first.body.number, repeatCount: 2 });
    expect(elsewhere.body.repeatCount).to.equal(0);
    const card = await api.http.get(`/api/v1/requests/${second.body.number}`).set(bearer(operator));
    expect(card.body).to.include({ repeatOf: first.body.number, requiresApplicantConfirmation: true });
  });

  it('9.2.3 links a request repeating one closed within the repeat window (REPEAT_WINDOW_DAYS), and not one closed before it', async () => {
    const recent = { district: 'Тернівський', street: 'вул. Недавня', building: '4' };
    const old = { district: 'Тернівський', street: 'вул. Давня', building: '8' };
    const closedAgo = async (number: string, days: number) => {
      const closedAt = new Date(Date.now() - days * 86_400_000).toISOString();
      await api.mongo.collection('requests').updateOne({ _id: number as never }, { $set: { status: 'closed', closedAt } });
    };
    const recentFirst = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address: recent }));
    const oldFirst = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address: old }));
    // The window is 30 days here (test/gateway/support.ts): closed 10 days ago is within it, 40 days ago is not.
    await closedAgo(str(recentFirst.body.number), 10);
    await closedAgo(str(oldFirst.body.number), 40);
    const recentRepeat = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address: recent }));
    const oldRepeat = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address: old }));
    expect(recentRepeat.body, JSON.stringify(recentRepeat.body)).to.include({ repeatOf: recentFirst.body.number, repeatCount: 1 });
    expect(oldRepeat.body.repeatCount, JSON.stringify(oldRepeat.body)).to.equal(0);
    expect(oldRepeat.body.repeatOf).to.equal(undefined);
  });

  it('9.2.3 links a new repeat to the chain’s open request, not to the closed one the chain began with, and that request counts it', async () => {
    const address = { district: 'Інгулецький', street: 'вул. Ланцюгова', building: '5' };
    const send = () => api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address }));
    const first = await send();
    const open = await send();
    expect(open.body).to.include({ repeatOf: first.body.number, repeatCount: 1 });
    await api.mongo.collection('requests').updateOne({ _id: first.body.number as never }, { $set: { status: 'closed', closedAt: new Date().toISOString() } });
    const repeat = await send();
    expect(repeat.body, JSON.stringify(repeat.body)).to.include({ repeatOf: open.body.number, repeatCount: 2 });
    const told = await eventually(async () => {
      const card = await api.http.get(`/api/v1/requests/${str(open.body.number)}`).set(bearer(operator));
      const body = card.body as RequestCard;
      return (body.repeatedBy ?? []).includes(str(repeat.body.number)) ? body : undefined;
    }, 'the open request to learn of the repeat');
    expect(told).to.deep.include({ repeatedBy: [repeat.body.number], requiresApplicantConfirmation: true });
  });

  it('9.2.3 links a repeat of a chain closed throughout to the request closed last, which records it', async () => {
    const address = { district: 'Інгулецький', street: 'вул. Закрита', building: '9' };
    const send = () => api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'HEAT-02', address }));
    const first = await send();
    const second = await send();
    const closeAt = (number: unknown, ms: number) =>
      api.mongo.collection('requests').updateOne({ _id: number as never }, { $set: { status: 'closed', closedAt: new Date(ms).toISOString() } });
    await closeAt(first.body.number, Date.now() - 86_400_000);
    await closeAt(second.body.number, Date.now());
    const repeat = await send();
    expect(repeat.body, JSON.stringify(repeat.body)).to.include({ repeatOf: second.body.number, repeatCount: 2 });
    await eventually(async () => {
      const card = await api.http.get(`/api/v1/requests/${str(second.body.number)}`).set(bearer(operator));
      return ((card.body as RequestCard).repeatedBy ?? []).includes(str(repeat.body.number)) ? true : undefined;
    }, 'the request closed last to record the repeat');
  });

  it('takes web requests from an applicant’s cabinet with their own phone, and shows each applicant only their own', async () => {
    // A cabinet with its phone confirmed (registration's SMS step: test/security/registration.test.ts).
    const reg = await api.userWith('applicant', { phone: '+380931112233', name: 'Ганна Мешканка', email: 'hanna@example.org' });
    const token = reg.token;
    const res = await api.http
      .post('/api/v1/requests')
      .set(bearer(token))
      .send({ address: { district: 'Центрально-Міський', street: 'вул. Соборності', building: '7' }, categoryCode: 'WASTE-01', description: 'Не вивозять сміття третій день' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.executorId).to.equal('ekoresurs');
    const card = await api.http.get(`/api/v1/requests/${res.body.number}`).set(bearer(token));
    expect(card.body).to.deep.include({ channel: 'web' });
    expect(card.body.applicant).to.deep.include({ phone: '+380931112233', name: 'Ганна Мешканка', email: 'hanna@example.org', userId: reg.id });
    const mine = await api.http.get('/api/v1/requests').set(bearer(token));
    expect(pluck(mine.body.items, 'number')).to.deep.equal([res.body.number]);
    const stranger = (await api.userWith('applicant')).token;
    expect((await api.http.get(`/api/v1/requests/${res.body.number}`).set(bearer(stranger))).status).to.equal(403);
    expect((await api.http.get('/api/v1/requests').set(bearer(stranger))).body.total).to.equal(0);
    const otherExecutor = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
    expect((await api.http.get(`/api/v1/requests/${res.body.number}`).set(bearer(otherExecutor))).status).to.equal(403);
  });

  it('starts the workflow under request-<number>, findable by the RequestNumber search attribute', async () => {
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'ROAD-01' }));
    const number = res.body.number as string;
    const desc = await client.workflow.getHandle(requestWorkflowId(number)).describe();
    expect(desc.type).to.equal('requestWorkflow');
    expect(desc.status.name).to.equal('RUNNING');
    const found = await eventually(async () => {
      for await (const wf of client.workflow.list({ query: `RequestNumber = "${number}"` })) return wf.workflowId;
      return undefined;
    }, 'the workflow in visibility');
    expect(found).to.equal(requestWorkflowId(number));
  });
});

describe('intake: a registration answered before the worker runs the request', function () {
  this.timeout(120_000);
  let api: Api;
  let operator: string;
  let worker: RunningService | undefined;
  let connection: Connection;
  let client: Client;
  before(async () => {
    // No worker: the answer must not wait for the request workflow's first task.
    api = await startApi({ name: 'intake_early', worker: false });
    operator = (await api.userWith('operator')).token;
    connection = await Connection.connect({ address: testStack().TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: testDataConverter() });
  });
  after(async () => {
    await worker?.stop();
    await connection?.close();
    await api?.stop();
  });

  it('5.12 answers with the card and publishes the registration while no worker runs; the workflow then records the same card once, before anything sent to it meanwhile', async () => {
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ address: { district: 'Центрально-Міський', street: 'вул. Рання', building: '1' } }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const number = str(res.body.number);
    const expected = deadlineFrom(DEFAULT_CALENDAR, new Date(str(res.body.registeredAt)), { amount: 3, unit: 'working_days' });
    expect(res.body.deadlineAt).to.equal(expected.toISOString());

    // Read your writes with the workflow not yet run: the card, its history and the outbox relayed.
    const card = await api.http.get(`/api/v1/requests/${number}`).set(bearer(operator));
    expect(card.status).to.equal(200);
    expect(card.body).to.include({ number, version: 1, status: 'in_progress', deadlineAt: res.body.deadlineAt });
    expect(card.body.history).to.have.length(1);
    expect(card.body.history[0]).to.include({ action: 'registered', at: res.body.registeredAt });
    expect(await api.mongo.collection('request_outbox').findOne({ _id: `${number}#1` } as never)).to.equal(null);
    const handle = client.workflow.getHandle(requestWorkflowId(number));
    expect((await handle.describe()).status.name).to.equal('RUNNING');
    // 9.2.3: a repeat is signalled before the run has recorded anything (its first task waits for a worker).
    const repeat = `${api.prefix}-2026-999001`;
    await handle.signal(REPEATED_SIGNAL, { number: repeat, registeredAt: new Date().toISOString(), repeatCount: 1 });

    // The worker comes: the workflow records the registration intake recorded, then the repeat, in that order.
    worker = await startWorker({ NODE_ENV: 'test', LOG_LEVEL: 'error', TEMPORAL_ADDRESS: testStack().TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: 'default', MONGO_URL: api.mongoUrl, NATS_URL: testStack().NATS_URL, TEMPORAL_PAYLOAD_KEYS: testStack().TEMPORAL_PAYLOAD_KEYS }, testLogger);
    const held = await eventually(async () => {
      const c = await handle.query<RequestCard>(QUERY_CARD);
      return c.version === 2 ? c : undefined;
    }, 'the workflow has recorded the registration and the repeat');
    expect(held.history.map((h) => h.action)).to.deep.equal(['registered', 'repeated']);
    expect(held.history[0]).to.deep.equal(card.body.history[0]);
    expect(held.repeatedBy).to.deep.equal([repeat]);
    const stored = await eventually(async () => {
      const c = await createRequestRepository(api.mongo).get(number);
      return c?.version === 2 ? c : undefined;
    }, 'the read model holds version 2');
    expect(held).to.deep.equal(stored);

    // And it goes on from there: the executor accepts (version 3).
    const executor = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
    const accepted = await api.http.post(`/api/v1/requests/${number}/acceptance`).set(bearer(executor)).send({});
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    expect(accepted.body).to.include({ version: 3 });
  });
});

import { jetstream, jetstreamManager, AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { memoEventSchema, type MemoEvent } from '../../contracts/events.ts';
import { Client, Connection } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { createOutboxRelay } from '../../activities/outbox.ts';
import { MEMO_WORKFLOW_TYPE, memoWorkflowId, STREAMS } from '../../contracts/wire.ts';
import { memoOutboxKey, memosRepository } from '../../data/memos.repository.ts';
import { createRequestRepository } from '../../data/requests.repository.ts';
import { connectNats } from '../../platform/nats.ts';
import { eventually, testDataConverter, testLogger, testStack } from '../support/stack.ts';
import { type Api, bearer, phoneCall, pluck, startApi } from './support.ts';

describe('gateway: refusals and blocked numbers (5.7)', function () {
  this.timeout(120_000);
  let api: Api;
  let nc: NatsConnection;
  let connection: Connection;
  let temporal: Client;
  const memoStatus = defineSearchAttributeKey('MemoStatus', 'KEYWORD');
  const t: Record<'operator' | 'manager' | 'ict', string> = { operator: '', manager: '', ict: '' };
  before(async () => {
    api = await startApi({ name: 'gw_refusals', worker: true });
    t.operator = (await api.userWith('operator')).token;
    t.manager = (await api.userWith('manager', { email: 'manager@1520.example.org' })).token;
    t.ict = (await api.userWith('ict', { email: 'ict@1520.example.org' })).token;
    nc = await connectNats(testStack().NATS_URL, 'test-refusals');
    connection = await Connection.connect({ address: testStack().TEMPORAL_ADDRESS });
    temporal = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
  });
  after(async () => {
    await connection?.close();
    await nc?.close();
    await api?.stop();
  });

  /** The memo events on the stream for one memo, in order. */
  async function memoEvents(memoId: string, count: number): Promise<MemoEvent[]> {
    const jsm = await jetstreamManager(nc);
    const durable = `t-${randomUUID().slice(0, 8)}`;
    await jsm.consumers.add(STREAMS.events.name, { durable_name: durable, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, filter_subject: 'cc.events.memo.>' });
    const consumer = await jetstream(nc).consumers.get(STREAMS.events.name, durable);
    const mine: MemoEvent[] = [];
    for (;;) {
      const m = await consumer.next({ expires: 2000 });
      if (!m) break;
      // Other tests share the stream; skip what is not a memo event.
      const ev = memoEventSchema.safeParse((() => { try { return m.json(); } catch { return undefined; } })());
      if (ev.success && ev.data.data.memoId === memoId) mine.push(ev.data);
    }
    await jsm.consumers.delete(STREAMS.events.name, durable);
    return mine.length >= count ? mine : [];
  }

  it('5.7 records a refusal as a memo without a number, which a manager approves and ICT blocks; the number is then refused with 403', async () => {
    const phone = '+380501234567';
    const refusal = await api.http.post('/api/v1/refusals').set(bearer(t.operator)).send({ phone: '050 123 45 67', reason: 'insults', text: 'Абонент ображав оператора, погрожував' });
    expect(refusal.status).to.equal(201);
    expect(refusal.body).to.include({ status: 'pending_approval' });
    expect(refusal.body.memo).to.include({ phone, reason: 'insults' });
    expect(refusal.body.memo).to.not.have.property('number');
    const memoId = refusal.body.memoId as string;

    // ICT cannot block before the manager approves.
    const early = await api.http.post(`/api/v1/memos/${memoId}/block`).set(bearer(t.ict)).send({});
    expect(early.status).to.equal(409);
    expect(early.body.error.code).to.equal('wrong_status');

    const approved = await api.http.post(`/api/v1/memos/${memoId}/approval`).set(bearer(t.manager)).send({ approve: true, note: 'Підтверджую' });
    expect(approved.status).to.equal(200);
    expect(approved.body.status).to.equal('approved');
    const twice = await api.http.post(`/api/v1/memos/${memoId}/approval`).set(bearer(t.manager)).send({ approve: false });
    expect(twice.status).to.equal(409);

    // Before the block the caller can still be registered.
    const before = await api.http.post('/api/v1/requests').set(bearer(t.operator)).send(phoneCall({ applicant: { name: 'Абонент', phone } }));
    expect(before.status).to.equal(201);

    const blocked = await api.http.post(`/api/v1/memos/${memoId}/block`).set(bearer(t.ict)).send({});
    expect(blocked.status).to.equal(200);
    expect(blocked.body.status).to.equal('blocked');
    expect(pluck(blocked.body.history, 'action')).to.deep.equal(['created', 'approved', 'number_blocked']);

    const refused = await api.http.post('/api/v1/requests').set(bearer(t.operator)).send(phoneCall({ applicant: { name: 'Абонент', phone: '0501234567' } }));
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('phone_blocked');
    expect(refused.body.error.message).to.include(phone);

    const list = await api.http.get('/api/v1/blocked-numbers').set(bearer(t.operator));
    expect(pluck(list.body, 'phone')).to.include(phone);

    const events = await eventually(() => memoEvents(memoId, 3).then((e) => (e.length ? e : undefined)), 'the memo events on the stream');
    expect(events.map((e) => e.type)).to.deep.equal(['memo.created', 'memo.approved', 'memo.number_blocked']);
    expect(events[0]!.data.notify).to.deep.equal(['manager@1520.example.org']);
    expect(events[1]!.data.notify).to.deep.equal(['ict@1520.example.org']);
  });

  it('5.7 refuses a blocked number in the web cabinet too', async () => {
    const phone = '+380661112299';
    const reg = await api.userWith('applicant', { phone, name: 'Грубіян' });
    const memo = await api.http.post('/api/v1/refusals').set(bearer(t.operator)).send({ phone, reason: 'obscene_language', text: 'Нецензурна лайка' });
    await api.http.post(`/api/v1/memos/${memo.body.memoId}/approval`).set(bearer(t.manager)).send({ approve: true });
    await api.http.post(`/api/v1/memos/${memo.body.memoId}/block`).set(bearer(t.ict)).send({});
    const res = await api.http
      .post('/api/v1/requests')
      .set(bearer(reg.token))
      .send({ address: { district: 'Інгулецький', street: 'вул. Будівельників', building: '4' }, categoryCode: 'ROAD-01', description: 'Яма' });
    expect(res.status).to.equal(403);
    expect(res.body.error.code).to.equal('phone_blocked');
  });

  it('5.7 a rejected memo blocks nothing', async () => {
    const memo = await api.http.post('/api/v1/refusals').set(bearer(t.operator)).send({ phone: '+380631110000', reason: 'insults', text: 'Спірний випадок' });
    const rejected = await api.http.post(`/api/v1/memos/${memo.body.memoId}/approval`).set(bearer(t.manager)).send({ approve: false, note: 'Недостатньо підстав' });
    expect(rejected.body.status).to.equal('rejected');
    const block = await api.http.post(`/api/v1/memos/${memo.body.memoId}/block`).set(bearer(t.ict)).send({});
    expect(block.status).to.equal(409);
    const res = await api.http.post('/api/v1/requests').set(bearer(t.operator)).send(phoneCall({ applicant: { name: 'Абонент', phone: '+380631110000' } }));
    expect(res.status).to.equal(201);
  });

  it('5.7 unblocking needs a reason, is recorded with who and when, and lets the number file requests again', async () => {
    const phone = '+380971234000';
    const memo = await api.http.post('/api/v1/refusals').set(bearer(t.operator)).send({ phone, reason: 'incitement_to_hatred', text: 'Заклики до ворожнечі' });
    await api.http.post(`/api/v1/memos/${memo.body.memoId}/approval`).set(bearer(t.manager)).send({ approve: true });
    await api.http.post(`/api/v1/memos/${memo.body.memoId}/block`).set(bearer(t.ict)).send({});
    const noReason = await api.http.delete(`/api/v1/blocked-numbers/${encodeURIComponent(phone)}`).set(bearer(t.ict)).send({});
    expect(noReason.status).to.equal(400);
    const byOperator = await api.http.delete(`/api/v1/blocked-numbers/${encodeURIComponent(phone)}`).set(bearer(t.operator)).send({ reason: 'x' });
    expect(byOperator.status).to.equal(403);
    const unblocked = await api.http.delete(`/api/v1/blocked-numbers/${encodeURIComponent(phone)}`).set(bearer(t.ict)).send({ reason: 'Рішення керівника від 01.03' });
    expect(unblocked.status).to.equal(200);
    expect(unblocked.body[0]).to.include({ status: 'unblocked' });
    expect(unblocked.body[0].unblocked).to.include({ reason: 'Рішення керівника від 01.03' });
    expect(unblocked.body[0].unblocked.by.role).to.equal('ict');
    const again = await api.http.delete(`/api/v1/blocked-numbers/${encodeURIComponent(phone)}`).set(bearer(t.ict)).send({ reason: 'again' });
    expect(again.status).to.equal(404);

    const audit = await api.http.get(`/api/v1/blocked-numbers?includeUnblocked=true&phone=${encodeURIComponent(phone)}`).set(bearer(t.manager));
    expect(audit.body).to.have.length(1);
    expect(audit.body[0].unblocked.reason).to.equal('Рішення керівника від 01.03');
    const current = await api.http.get('/api/v1/blocked-numbers').set(bearer(t.manager));
    expect(pluck(current.body, 'phone')).to.not.include(phone);
    const res = await api.http.post('/api/v1/requests').set(bearer(t.operator)).send(phoneCall({ applicant: { name: 'Абонент', phone } }));
    expect(res.status).to.equal(201);
  });

  it('5.7 lets only one of two concurrent managers decide a memo', async () => {
    const memo = await api.http.post('/api/v1/refusals').set(bearer(t.operator)).send({ phone: '+380681110001', reason: 'degrading_workers', text: 'Принижував працівників' });
    const second = (await api.userWith('manager')).token;
    const [a, b] = await Promise.all([
      api.http.post(`/api/v1/memos/${memo.body.memoId}/approval`).set(bearer(t.manager)).send({ approve: true }),
      api.http.post(`/api/v1/memos/${memo.body.memoId}/approval`).set(bearer(second)).send({ approve: false }),
    ]);
    expect([a.status, b.status].sort()).to.deep.equal([200, 409]);
    const after = await api.http.get(`/api/v1/memos/${memo.body.memoId}`).set(bearer(t.manager));
    expect(after.body.history).to.have.length(2);
  });

  it('5.7 each memo is a workflow the Temporal UI finds by its status, with no phone in its summary or search attributes', async () => {
    const phone = '+380681110002';
    const memo = await api.http.post('/api/v1/refusals').set(bearer(t.operator)).send({ phone, reason: 'insults', text: 'Образи' });
    const memoId = memo.body.memoId as string;
    const handle = temporal.workflow.getHandle(memoWorkflowId(memoId));
    const description = await handle.describe();
    expect(description.type).to.equal(MEMO_WORKFLOW_TYPE);
    expect(description.typedSearchAttributes.get(memoStatus)).to.equal('pending_approval');
    const summary = (await description.staticSummary()) ?? '';
    expect(summary).to.include(memoId);
    for (const shown of [summary, ...description.typedSearchAttributes.getAll().map((p) => String(p.value))]) expect(shown).to.not.include('681110002');

    await api.http.post(`/api/v1/memos/${memoId}/approval`).set(bearer(t.manager)).send({ approve: true });
    // Ops staff filter the memos waiting for ICT.
    const query = `WorkflowType = '${MEMO_WORKFLOW_TYPE}' AND MemoStatus = 'approved' AND WorkflowId = '${memoWorkflowId(memoId)}'`;
    await eventually(async () => ((await temporal.workflow.count(query)).count === 1 ? true : undefined), 'the approved memo in the visibility store');
  });

  it('5.7 a memo written before memos were workflows takes its remaining steps through a workflow of its own', async () => {
    const phone = '+380681110003';
    const memoId = randomUUID();
    const at = new Date(Date.now() - 86_400_000);
    const op = { id: 'op-legacy', role: 'operator', name: 'Оператор' };
    await api.mongo.collection('memos').insertOne({
      _id: memoId as never,
      phone,
      reason: 'insults',
      text: 'Образи',
      status: 'approved',
      createdBy: op,
      createdAt: at,
      decision: { approve: true, note: '', by: { id: 'mgr-legacy', role: 'manager' }, at },
      history: [
        { at, actor: op, action: 'created' },
        { at, actor: { id: 'mgr-legacy', role: 'manager' }, action: 'approved' },
      ],
      outbox: {},
    });
    const blocked = await api.http.post(`/api/v1/memos/${memoId}/block`).set(bearer(t.ict)).send({});
    expect(blocked.status).to.equal(200);
    expect(pluck(blocked.body.history, 'action')).to.deep.equal(['created', 'approved', 'number_blocked']);
    expect((await temporal.workflow.getHandle(memoWorkflowId(memoId)).describe()).type).to.equal(MEMO_WORKFLOW_TYPE);
    const refused = await api.http.post('/api/v1/requests').set(bearer(t.operator)).send(phoneCall({ applicant: { name: 'Абонент', phone } }));
    expect(refused.status).to.equal(403);
    const unblocked = await api.http.delete(`/api/v1/blocked-numbers/${encodeURIComponent(phone)}`).set(bearer(t.ict)).send({ reason: 'Помилка' });
    expect(unblocked.status).to.equal(200);
    expect(pluck(unblocked.body[0].history, 'action')).to.deep.equal(['created', 'approved', 'number_blocked', 'number_unblocked']);
  });

  it('5.7 the events a memo written before the memo workflow never got published join the one outbox, and only those', async () => {
    const memoId = randomUUID();
    const at = new Date();
    const op = { id: 'op-legacy', role: 'operator' as const };
    const event = (type: MemoEvent['type'], occurredAt: Date): MemoEvent => ({
      id: randomUUID(),
      type,
      occurredAt: occurredAt.toISOString(),
      actor: op,
      data: { memoId, phone: '+380681110005', reason: 'insults', text: 'Образи', status: 'approved', notify: [] },
    });
    const created = event('memo.created', new Date(at.getTime() - 60_000));
    const approved = event('memo.approved', at);
    await api.mongo.collection('memos').insertOne({
      _id: memoId as never,
      phone: '+380681110005',
      reason: 'insults',
      text: 'Образи',
      status: 'approved',
      createdBy: op,
      createdAt: at,
      history: [{ at, actor: op, action: 'created' }, { at, actor: { id: 'mgr', role: 'manager' }, action: 'approved' }],
      outbox: { [created.id]: created, [approved.id]: approved },
      outboxSince: at.toISOString(),
    });
    // The first was acknowledged by the relay memos used to have; the second never was.
    await api.mongo.collection('memo_events_published').insertOne({ _id: created.id as never, memoId, at });
    const memos = memosRepository(api.mongo);
    expect(await memos.moveLegacyOutboxes()).to.be.at.least(1);
    expect(await memos.moveLegacyOutboxes(), 'nothing moves twice').to.equal(0);
    const requests = createRequestRepository(api.mongo);
    const entries = await requests.outboxEntries(memoOutboxKey(memoId));
    expect(entries.flatMap((e) => e.events.map((ev) => ev.id))).to.deep.equal([approved.id]);
    expect(await api.mongo.collection('memos').findOne({ _id: memoId as never })).to.not.have.property('outbox');
    await createOutboxRelay({ requests, nc, logger: testLogger, sweepMinAgeMs: 0 }).sweep();
    const events = await eventually(() => memoEvents(memoId, 1).then((e) => (e.length ? e : undefined)), 'the moved memo event on the stream');
    expect(events.map((e) => e.id)).to.deep.equal([approved.id]);
  });

  it('5.7 a memo event a crash left unpublished is published by the one outbox sweeper, the requests\' own', async () => {
    const memoId = randomUUID();
    const at = new Date().toISOString();
    const actor = { id: 'op', role: 'operator' as const };
    const card = { id: memoId, version: 1, phone: '+380681110004', reason: 'insults' as const, text: 'Образи', status: 'pending_approval' as const, createdBy: actor, createdAt: at, history: [{ at, actor, action: 'created' }] };
    const event: MemoEvent = { id: randomUUID(), type: 'memo.created', occurredAt: at, actor, data: { memoId, phone: card.phone, reason: card.reason, text: card.text, status: card.status, version: 1, notify: [] } };
    // The step written as the memo workflow's activity writes it, then the process dies before relaying.
    expect(await memosRepository(api.mongo).applyTransition(card, [event])).to.equal(true);
    const requests = createRequestRepository(api.mongo);
    expect((await requests.outboxEntries(memoOutboxKey(memoId))).map((e) => e._id)).to.deep.equal([`memo:${memoId}#1`]);
    expect(await createOutboxRelay({ requests, nc, logger: testLogger, sweepMinAgeMs: 0 }).sweep()).to.be.at.least(1);
    expect(await requests.outboxEntries(memoOutboxKey(memoId))).to.deep.equal([]);
    const events = await eventually(() => memoEvents(memoId, 1).then((e) => (e.length ? e : undefined)), 'the swept memo event on the stream');
    expect(events.map((e) => e.id)).to.deep.equal([event.id]);
  });
});

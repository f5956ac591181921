/**
 * Calls about a known outage (8.1.6): intake links a new request whose address and category match
 * an active repair work, the operator is told at once, and when the work closes the executor
 * proposes closure of the linked requests in one call (7.5, 8.3), each request answering for itself.
 * The real stack: gateway, intake, the repair-works service and the worker.
 */
import { jetstream } from '@nats-io/jetstream';
import { DateTime } from 'luxon';
import { expect } from 'chai';
import { repairWorkEventSchema, type RepairWorkEvent } from '../../contracts/repair-works.ts';
import { STREAMS } from '../../contracts/wire.ts';
import { connectNats } from '../../platform/nats.ts';
import { eventually, testStack } from '../support/stack.ts';
import { bearer, fieldsOf, phoneCall, pluck, startApi, type Api } from '../gateway/support.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

const result = {
  result: 'Водопостачання відновлено після заміни ділянки водогону',
  unit: 'Аварійно-диспетчерська служба',
  enterprise: 'КП «Кривбасводоканал»',
  executorSurname: 'Коваленко',
  executorPhone: '+380562123456',
  /** 7.5: the day the information is written, in Kyiv, read when sent (a run may cross midnight). */
  get date(): string {
    return DateTime.now().setZone('Europe/Kyiv').toISODate()!;
  },
  applicantInformedVia: 'mobile',
};

let seq = 0;
const freshStreet = (): string => `вул. Аварійна ${process.pid}-${Date.now().toString(36)}-${++seq}`;

async function closedEventOf(id: string): Promise<RepairWorkEvent> {
  const nc = await connectNats(testStack().NATS_URL, 'test-repair-link');
  try {
    return await eventually(async () => {
      const consumer = await jetstream(nc).consumers.get(STREAMS.events.name, { filter_subjects: ['cc.events.repair_work.closed'] });
      let found: RepairWorkEvent | undefined;
      const batch = await consumer.fetch({ max_messages: 10_000, expires: 1_000 });
      for await (const m of batch) {
        const e = repairWorkEventSchema.safeParse(m.json());
        if (e.success && e.data.data.work.id === id) found = e.data;
        if (m.info.pending === 0) break;
      }
      await consumer.delete();
      return found;
    }, `repair_work.closed of ${id}`);
  } finally {
    await nc.close();
  }
}

describe('intake: calls linked to the repair work they are about (8.1.6)', function () {
  this.timeout(120_000);
  let api: Api;
  let operator: string;
  let executor: string;
  before(async () => {
    api = await startApi({ name: 'intake_rw', worker: true, repairWorks: true });
    operator = (await api.userWith('operator')).token;
    executor = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
  });
  after(async () => {
    await api?.stop();
  });

  async function emergencyOn(street: string, over: Record<string, unknown> = {}): Promise<{ id: string; expectedEndAt: string }> {
    const res = await api.http
      .post('/api/v1/repair-works')
      .set(bearer(executor))
      .send({
        kind: 'emergency',
        district: 'Саксаганський',
        street,
        buildings: ['12'],
        categoryCodes: ['WATER-01', 'WATER-02'],
        title: 'Аварія на водогоні',
        description: 'Пошкоджено магістральний водогін',
        startsAt: iso(Date.now() - HOUR),
        expectedEndAt: iso(Date.now() + 5 * HOUR),
        ...over,
      });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { id: string; expectedEndAt: string };
  }

  const call = (street: string, over: Record<string, unknown> = {}) =>
    api.http
      .post('/api/v1/requests')
      .set(bearer(operator))
      .send(phoneCall({ address: { district: 'Саксаганський', street, building: '12', apartment: '7' }, ...over }));

  it('8.1.6 links a call about an active work at its address: the operator is told when it should end, the card and the list name the work, and the work counts the call', async () => {
    const street = freshStreet();
    const work = await emergencyOn(street);
    const res = await call(street.toUpperCase());
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.repairWork).to.deep.equal({ id: work.id, kind: 'emergency', title: 'Аварія на водогоні', expectedEndAt: work.expectedEndAt, executorName: 'КП «Кривбасводоканал»' });

    const card = await api.http.get(`/api/v1/requests/${res.body.number}`).set(bearer(operator));
    expect(card.body).to.include({ repairWorkId: work.id });
    expect(card.body.repairWork).to.include({ expectedEndAt: work.expectedEndAt });
    const list = await api.http.get('/api/v1/requests').set(bearer(executor)).query({ q: street.slice(4) });
    expect(pluck(list.body.items, 'repairWorkId')).to.deep.equal([work.id]);

    const counted = await api.http.get(`/api/v1/repair-works/${work.id}`).set(bearer(operator));
    expect(counted.body.linkedRequests).to.equal(1);
    const linked = await api.http.get(`/api/v1/repair-works/${work.id}/requests`).set(bearer(executor));
    expect(linked.body.items).to.deep.equal([{ number: res.body.number, status: 'in_progress', executorId: 'vodokanal', executorName: 'КП «Кривбасводоканал»', executorEmail: 'dispatch@vodokanal.example.org' }]);
  });

  it('8.1.6 does not link a call of another category, at another building, or while the work has not started', async () => {
    const street = freshStreet();
    const work = await emergencyOn(street);
    const otherCategory = await call(street, { categoryCode: 'SEWER-01' });
    const otherBuilding = await call(street, { address: { district: 'Саксаганський', street, building: '40' } });
    for (const r of [otherCategory, otherBuilding]) {
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body).to.not.have.property('repairWork');
    }
    const plannedStreet = freshStreet();
    await emergencyOn(plannedStreet, { kind: 'planned', startsAt: iso(Date.now() + 30 * HOUR), expectedEndAt: iso(Date.now() + 40 * HOUR) });
    const early = await call(plannedStreet);
    expect(early.body).to.not.have.property('repairWork');
    expect((await api.http.get(`/api/v1/repair-works/${work.id}`).set(bearer(operator))).body.linkedRequests).to.equal(0);
  });

  it('7.5 8.3 proposes closure of the linked requests in one call once the work is closed, each request answering for itself', async () => {
    const street = freshStreet();
    const work = await emergencyOn(street);
    const first = await call(street);
    const second = await call(street, { categoryCode: 'WATER-01' });
    const third = await call(street, { applicant: { name: 'Петро Сидоренко', phone: '067 555 00 11' } });
    for (const r of [first, second, third]) expect(r.body.repairWork?.id, JSON.stringify(r.body)).to.equal(work.id);
    // One of them was already proposed for closure on its own: its workflow refuses a second proposal.
    const single = await api.http.post(`/api/v1/requests/${second.body.number}/closure-proposal`).set(bearer(executor)).send(result);
    expect(single.status, JSON.stringify(single.body)).to.equal(200);

    const early = await api.http.post(`/api/v1/repair-works/${work.id}/closure-proposals`).set(bearer(executor)).send(result);
    expect(early.status).to.equal(409);

    const closed = await api.http.post(`/api/v1/repair-works/${work.id}/close`).set(bearer(executor)).send({ actualEndAt: iso(Date.now() - MIN), note: 'Водогін відремонтовано' });
    expect(closed.status, JSON.stringify(closed.body)).to.equal(200);
    expect(closed.body.linkedRequests).to.equal(3);
    // The executors of the linked open requests are told, with the list (the event the notification service mails).
    const event = await closedEventOf(work.id);
    expect(pluck(event.data.details.linkedOpenRequests, 'number')).to.have.members([first.body.number, second.body.number, third.body.number]);
    expect(pluck(event.data.details.linkedOpenRequests, 'executorEmail')).to.deep.equal(Array(3).fill('dispatch@vodokanal.example.org'));

    const { applicantInformedVia: _missing, ...incomplete } = result;
    const invalid = await api.http.post(`/api/v1/repair-works/${work.id}/closure-proposals`).set(bearer(executor)).send(incomplete);
    expect(invalid.status).to.equal(422);
    expect(fieldsOf(invalid)).to.deep.equal(['body.applicantInformedVia']);

    const bulk = await api.http.post(`/api/v1/repair-works/${work.id}/closure-proposals`).set(bearer(executor)).send(result);
    expect(bulk.status, JSON.stringify(bulk.body)).to.equal(200);
    expect(bulk.body).to.include({ repairWorkId: work.id, proposed: 2, refused: 1 });
    const byNumber: Record<string, { number: string; ok: boolean; error?: unknown }> = Object.fromEntries((bulk.body.results as Array<{ number: string; ok: boolean }>).map((r) => [r.number, r]));
    expect(byNumber[first.body.number]).to.deep.equal({ number: first.body.number, ok: true, status: 'closure_proposed' });
    expect(byNumber[third.body.number]).to.include({ ok: true, status: 'closure_proposed' });
    expect(byNumber[second.body.number]).to.deep.include({ ok: false });
    expect(byNumber[second.body.number]?.error).to.include({ status: 409, code: 'wrong_status' });
    // Naming requests: each still answers for itself, and a number not linked to the work is said to be so.
    const named = await api.http.post(`/api/v1/repair-works/${work.id}/closure-proposals`).set(bearer(executor)).send({ ...result, numbers: [first.body.number, 'KR-2026-999999'] });
    expect(named.status).to.equal(200);
    expect(named.body).to.include({ proposed: 0, refused: 2 });
    expect(pluck(named.body.results, 'error').map((e) => (e as { code: string }).code)).to.deep.equal(['wrong_status', 'not_linked']);
    // Each proposal carries the 7.5 fields given once.
    const card = await api.http.get(`/api/v1/requests/${third.body.number}`).set(bearer(operator));
    expect(card.body.status).to.equal('closure_proposed');
    expect(card.body.result).to.deep.equal(result);
  });
});

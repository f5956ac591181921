/**
 * The outbox gauges on the real stack: for each outbox (`request`, which also carries the 5.7 memos'
 * events; `repair_work`; `consultation`) an entry written by its transition shows as a backlog of 1
 * and an oldest age above 0, and relaying it brings both back to 0 — as the worker's scrape reads
 * them, by a capped count and the oldest entry through an index.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { memoEventSchema, type MemoEvent } from '../../contracts/events.ts';
import type { ConsultationCard, ConsultationEvent } from '../../contracts/consultations.ts';
import type { MemoCard } from '../../contracts/memos.ts';
import type { RepairWorkCard, RepairWorkEvent } from '../../contracts/repair-works.ts';
import { createConsultationsRepository } from '../../data/consultations.repository.ts';
import { memoOutboxKey, memosRepository } from '../../data/memos.repository.ts';
import { createRepairWorksRepository } from '../../data/repair-works.repository.ts';
import { createRequestRepository } from '../../data/requests.repository.ts';
import { createMetrics, GAUGES } from '../../platform/metrics.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import { createOutboxRelay } from '../../platform/outbox-relay.ts';
import { registerOutboxGauges } from '../../services/worker/gauges.ts';
import { valueOf } from '../support/metrics-text.ts';
import { mongoUrlFor, testLogger, testStack } from '../support/stack.ts';

const OUTBOXES = ['request', 'repair_work', 'consultation'] as const;

function memoCard(id: string): MemoCard {
  return {
    id,
    version: 1,
    phone: '+380671112233',
    reason: 'obscene_language',
    text: 'Нецензурна лайка під час дзвінка',
    status: 'pending_approval',
    createdBy: { id: 'op-1', role: 'operator' },
    createdAt: new Date().toISOString(),
    history: [{ at: new Date().toISOString(), actor: { id: 'op-1', role: 'operator' }, action: 'created' }],
  };
}

function repairWork(id: string): RepairWorkCard {
  return {
    id,
    version: 1,
    kind: 'emergency',
    status: 'in_progress',
    executorId: 'vodokanal',
    executor: { id: 'vodokanal', name: 'КП «Кривбасводоканал»', email: 'dispatch@vodokanal.example.org' },
    district: 'Саксаганський',
    street: 'вул. Героїв АТО',
    buildings: ['12'],
    categoryCodes: ['WATER-01'],
    title: 'Аварія',
    description: 'Аварія на водогоні',
    startsAt: '2026-03-10T08:00:00.000Z',
    expectedEndAt: '2026-03-10T16:00:00.000Z',
    overdue: false,
    registeredAt: '2026-03-10T08:10:00.000Z',
    registeredBy: { id: 'u-1', role: 'executor', executorId: 'vodokanal' },
    reminders: 0,
    history: [{ at: '2026-03-10T08:10:00.000Z', actor: { id: 'u-1', role: 'executor' }, action: 'registered' }],
  };
}

describe('worker: outbox gauges', function () {
  this.timeout(60_000);
  let mongo: Connection;
  let nc: NatsConnection;

  before(async () => {
    mongo = await connectMongo(mongoUrlFor('outbox_gauges'));
    nc = await connectNats(testStack().NATS_URL, 'outbox-gauges-test');
    await ensureStreams(nc);
  });
  after(async () => {
    await nc?.close();
    await mongo?.close();
  });

  it('shows each outbox empty with an oldest age of 0, then an entry written as a backlog of 1 aged above 0, then 0 again once relayed', async () => {
    const requests = createRequestRepository(mongo);
    const memos = memosRepository(mongo);
    const works = createRepairWorksRepository(mongo);
    const consultations = createConsultationsRepository(mongo);
    await Promise.all([requests.init(), memos.init(), works.init(), consultations.init()]);
    // The oldest entry is read through an index on each outbox.
    const indexed = async (collection: string): Promise<string[]> => (await mongo.collection(collection).indexes()).map((i) => JSON.stringify(i.key));
    expect(await indexed('request_outbox')).to.include('{"at":1}');
    expect(await indexed('consultation_outbox')).to.include('{"at":1}');
    expect(await indexed('repair_works')).to.include('{"outboxPending":1,"outboxSince":1}');
    const metrics = createMetrics({ service: 'worker-test', logger: testLogger });
    registerOutboxGauges(metrics, { request: requests, repair_work: works, consultation: consultations });
    const figures = async (): Promise<Record<string, [number | undefined, number | undefined]>> => {
      const text = await metrics.scrape();
      return Object.fromEntries(OUTBOXES.map((outbox) => [outbox, [valueOf(text, GAUGES.outboxBacklog.name, { outbox }), valueOf(text, GAUGES.outboxOldest.name, { outbox })]]));
    };
    expect(await figures()).to.deep.equal({ request: [0, 0], repair_work: [0, 0], consultation: [0, 0] });

    // request_outbox: a 5.7 memo's step, as the memo activity writes it.
    const memoId = randomUUID();
    const memo = memoCard(memoId);
    const memoEvent: MemoEvent = memoEventSchema.parse({
      id: randomUUID(),
      type: 'memo.created',
      occurredAt: memo.createdAt,
      actor: { id: 'op-1', role: 'operator' },
      data: { memoId, phone: memo.phone, reason: memo.reason, text: memo.text, status: memo.status, version: 1 },
    });
    await memos.applyTransition(memo, [memoEvent]);
    // repair_works: a work's transition with its event in the document's outbox.
    const work = repairWork(`rw-${randomUUID().slice(0, 8)}`);
    const workEvent: RepairWorkEvent = { id: randomUUID(), type: 'repair_work.registered', occurredAt: work.registeredAt, actor: { id: 'u-1', role: 'executor' }, data: { work: { ...work }, version: 1, details: {} } };
    await works.applyTransition(work, [workEvent]);
    // consultation_outbox: a consultation's transition (the repository writes what the workflow gives it).
    const consultation = { number: `C-${randomUUID().slice(0, 8)}`, version: 1, status: 'awaiting_reply', messages: [], internalNotes: [], history: [] } as unknown as ConsultationCard;
    await consultations.applyTransition(consultation, [{ id: randomUUID(), type: 'consultation.registered', occurredAt: new Date().toISOString() } as unknown as ConsultationEvent]);

    // Past the scrape's reuse of a read (a quarter second), and the entries some milliseconds old.
    await new Promise((r) => setTimeout(r, 300));
    const pending = await figures();
    for (const outbox of OUTBOXES) {
      expect(pending[outbox]![0], `${outbox} backlog`).to.equal(1);
      expect(pending[outbox]![1], `${outbox} oldest age`).to.be.greaterThan(0);
    }

    // Relayed: the request outbox by the relay itself; the others as their activities end, by clearing the entry.
    expect(await createOutboxRelay({ requests, nc, logger: testLogger }).relay(memoOutboxKey(memoId))).to.equal(1);
    expect(await works.clearOutbox(work.id, 1)).to.equal(true);
    await consultations.clearOutbox(consultation.number, 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await figures()).to.deep.equal({ request: [0, 0], repair_work: [0, 0], consultation: [0, 0] });
  });
});

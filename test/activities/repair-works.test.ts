/**
 * The repair-work activity's data side on the real stack: the `repair_works` read model written
 * once per version with its events relayed to JetStream, and the links of requests to works.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { createRepairWorkActivities } from '../../activities/repair-works.ts';
import { repairWorkEventSchema, type RepairWorkCard, type RepairWorkEvent } from '../../contracts/repair-works.ts';
import { STREAMS } from '../../contracts/wire.ts';
import { createRepairWorksRepository, type RepairWorksRepository } from '../../data/repair-works.repository.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import { mongoUrlFor, testLogger, testStack } from '../support/stack.ts';

const quiet = new DefaultLogger('ERROR', () => undefined);

function cardOf(id: string, version: number, over: Partial<RepairWorkCard> = {}): RepairWorkCard {
  return {
    id,
    version,
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
    history: Array.from({ length: version }, (_, i) => ({ at: `2026-03-10T08:1${i}:00.000Z`, actor: { id: 'u-1', role: 'executor' }, action: `step-${i + 1}` })),
    ...over,
  };
}

const eventOf = (card: RepairWorkCard, type: RepairWorkEvent['type']): RepairWorkEvent => ({
  id: randomUUID(),
  type,
  occurredAt: card.history.at(-1)!.at,
  actor: { id: 'u-1', role: 'executor' },
  data: { work: { ...card }, version: card.version, details: {} },
});

async function eventsOf(nc: NatsConnection, id: string): Promise<RepairWorkEvent[]> {
  const consumer = await jetstream(nc).consumers.get(STREAMS.events.name, { filter_subjects: ['cc.events.repair_work.>'] });
  const out: RepairWorkEvent[] = [];
  const batch = await consumer.fetch({ max_messages: 10_000, expires: 1_000 });
  for await (const m of batch) {
    const e = repairWorkEventSchema.safeParse(m.json());
    if (e.success && e.data.data.work.id === id) out.push(e.data);
    if (m.info.pending === 0) break;
  }
  await consumer.delete();
  return out;
}

describe('repair works read model and links', function () {
  this.timeout(60_000);
  let mongo: Connection;
  let nc: NatsConnection;
  let works: RepairWorksRepository;
  before(async () => {
    mongo = await connectMongo(mongoUrlFor('rw_model'));
    nc = await connectNats(testStack().NATS_URL, 'test-rw-model');
    await ensureStreams(nc);
    works = createRepairWorksRepository(mongo);
    await works.init();
  });
  after(async () => {
    await nc?.close();
    await mongo?.close();
  });

  it('8.1.7 writes each version of a card once: a retried or late transition changes nothing and its events reach JetStream once', async () => {
    const id = `RW-MODEL-${randomUUID().slice(0, 8)}`;
    const activities = createRepairWorkActivities({ works, nc, logger: testLogger });
    const env = new MockActivityEnvironment(undefined, { logger: quiet });
    const v1 = cardOf(id, 1);
    const first = { card: v1, events: [eventOf(v1, 'repair_work.registered')] };
    expect(await env.run((i: typeof first) => activities.recordRepairWork(i), first)).to.deep.equal({ written: true, published: 1 });
    expect(await env.run((i: typeof first) => activities.recordRepairWork(i), first)).to.deep.equal({ written: false, published: 0 });
    // Open, it is found by its street as people type it, in the small collection of open works (without its history).
    expect(await works.openOnStreet('саксаганський', ' ВУЛ. ГЕРОЇВ  АТО')).to.deep.equal([{ ...v1, history: [] }]);
    expect(await mongo.db!.collection('open_repair_works').countDocuments({ _id: id as never })).to.equal(1);
    const v2 = cardOf(id, 2, { status: 'closed', actualEndAt: '2026-03-10T15:00:00.000Z', closeNote: 'Готово' });
    const second = { card: v2, events: [eventOf(v2, 'repair_work.closed')] };
    expect(await env.run((i: typeof second) => activities.recordRepairWork(i), second)).to.deep.equal({ written: true, published: 1 });
    // An older version arriving late does not overwrite the newer card.
    expect(await env.run((i: typeof first) => activities.recordRepairWork(i), first)).to.deep.equal({ written: false, published: 0 });
    expect(await works.get(id)).to.deep.equal(v2);
    expect((await eventsOf(nc, id)).map((e) => e.type)).to.deep.equal(['repair_work.registered', 'repair_work.closed']);
    // Closed, it no longer explains calls: its open document is gone, and a late retry does not bring it back.
    expect(await works.openOnStreet('саксаганський', ' ВУЛ. ГЕРОЇВ  АТО')).to.deep.equal([]);
    expect(await mongo.db!.collection('open_repair_works').countDocuments({ _id: id as never })).to.equal(0);
  });

  it('links a request to one work only: the first link stays, and the work counts and lists its requests', async () => {
    const id = `RW-LINK-${randomUUID().slice(0, 8)}`;
    const other = `RW-LINK-${randomUUID().slice(0, 8)}`;
    const at = new Date('2026-03-10T09:00:00Z');
    expect(await works.link('KR-2026-900001', id, at)).to.deep.equal({ repairWorkId: id, created: true });
    expect(await works.link('KR-2026-900001', other, at)).to.deep.equal({ repairWorkId: id, created: false });
    expect(await works.link('KR-2026-900002', id, new Date('2026-03-10T10:00:00Z'))).to.deep.equal({ repairWorkId: id, created: true });
    expect(await works.countLinked(id)).to.equal(2);
    expect(await works.countLinked(other)).to.equal(0);
    expect(await works.linkedTo(id)).to.deep.equal(['KR-2026-900001', 'KR-2026-900002']);
    expect(await works.linkOf('KR-2026-900002')).to.equal(id);
  });
});

/**
 * The guard of docs/performance.md, cheap enough for every CI run: the read model's hot paths ask
 * the store only for documents by `_id` alone (the one filter FerretDB on SQLite answers from an
 * index), and the embedded FerretDB does answer `{_id}` from its index. Every command the data
 * layer sends is recorded through the MongoDB driver's command monitoring and its filter checked;
 * no timing is asserted.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import type { RequestCard } from '../../contracts/request.ts';
import { requestQueries } from '../../data/request-queries.ts';
import { createRequestRepository } from '../../data/requests.repository.ts';
import { cardOf } from '../support/cards.ts';
import { mongoUrlFor } from '../support/stack.ts';
import { freshNumber } from '../workflows/harness.ts';

/** Collections that grow with every request stored: only `{_id}` may be asked of them. */
const GROWING = ['requests', 'request_keys', 'request_days', 'request_buckets'];

interface Seen {
  command: string;
  collection: string;
  filter: unknown;
}

/** The filters of the finds, updates, deletes and counts a piece of code sends. */
async function commandsOf(conn: Connection, run: () => Promise<unknown>): Promise<Seen[]> {
  const seen: Seen[] = [];
  const client = conn.getClient();
  const listener = (e: mongoose.mongo.CommandStartedEvent): void => {
    const c = e.command as Record<string, unknown>;
    for (const name of ['find', 'count', 'aggregate', 'distinct']) {
      if (typeof c[name] === 'string') seen.push({ command: name, collection: c[name], filter: c.filter ?? c.query ?? c.pipeline });
    }
    if (typeof c.update === 'string') for (const u of c.updates as Array<{ q: unknown }>) seen.push({ command: 'update', collection: c.update, filter: u.q });
    if (typeof c.delete === 'string') for (const d of c.deletes as Array<{ q: unknown }>) seen.push({ command: 'delete', collection: c.delete, filter: d.q });
    if (typeof c.findAndModify === 'string') seen.push({ command: 'findAndModify', collection: c.findAndModify, filter: c.query });
  };
  client.on('commandStarted', listener);
  try {
    await run();
  } finally {
    client.off('commandStarted', listener);
  }
  return seen;
}

const keyedById = (filter: unknown): boolean => {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) return false;
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' && typeof (filter as { _id: unknown })._id === 'string';
};

const card = (number: string, version: number): RequestCard =>
  cardOf(number, version, {
    channel: 'web',
    categoryCode: 'WATER-02',
    address: { district: 'Центрально-Міський', street: `вул. ${randomUUID().slice(0, 8)}`, building: '1' },
    applicant: { name: 'Марія Іваненко', phone: '+380675551234', userId: `app-${randomUUID().slice(0, 8)}` },
    attachmentIds: ['att-1'],
    registeredAt: new Date().toISOString(),
    deadlineAt: new Date(Date.now() + 86_400_000).toISOString(),
  });

describe('the read model asks growing collections only by _id', function () {
  let conn: Connection;
  before(async () => {
    conn = await mongoose.createConnection(mongoUrlFor('keyed_reads'), { monitorCommands: true, retryWrites: false }).asPromise();
  });
  after(async () => {
    await conn?.close();
  });

  it('a transition, a retry of it, the card, the archive list and the repeat, applicant and attachment look-ups read requests, their keys, days and buckets by _id alone', async () => {
    const requests = createRequestRepository(conn);
    const queries = requestQueries(conn);
    await queries.init();
    const first = card(freshNumber(), 1);
    const seen = await commandsOf(conn, async () => {
      await requests.applyTransition(first, []);
      await requests.applyTransition(first, []);
      await requests.applyTransition({ ...first, version: 2, status: 'closed', closedAt: new Date().toISOString() }, []);
      await queries.get(first.number);
      await queries.repeatCandidates({ categoryCode: first.categoryCode, address: first.address, closedSince: new Date(0) });
      await queries.list({ applicantUserId: first.applicant.userId! }, { sort: '-registeredAt', page: 1, pageSize: 20 });
      await queries.isAttachedTo('att-1', { executorId: 'vodokanal' });
      await queries.list({ district: first.district }, { sort: '-registeredAt', page: 1, pageSize: 20 });
    });
    const onGrowing = seen.filter((s) => GROWING.includes(s.collection));
    expect(onGrowing.length, 'the calls reached the growing collections').to.be.greaterThan(8);
    expect(onGrowing.filter((s) => !keyedById(s.filter))).to.deep.equal([]);
  });

  it('a transition writes its card last, so recording it again (a retry, or the workflow after intake) reads one document and writes nothing', async () => {
    const requests = createRequestRepository(conn);
    await requests.init();
    const registered = card(freshNumber(), 1);
    const first = await commandsOf(conn, () => requests.applyTransition(registered, []));
    const writes = first.filter((s) => s.command === 'update' || s.command === 'delete');
    expect(writes.length, 'the card, its queue entry, day, bucket and keys').to.be.greaterThan(3);
    expect(writes.at(-1)!.collection, 'the last write').to.equal('requests');
    const again = await commandsOf(conn, () => requests.applyTransition(registered, []));
    expect(again).to.deep.equal([{ command: 'find', collection: 'requests', filter: { _id: registered.number } }]);
  });

  it('the queues read the open requests, and leave the growing collections to look-ups by _id', async () => {
    const queries = requestQueries(conn);
    const seen = await commandsOf(conn, () => queries.list({ executorId: 'vodokanal', status: ['in_progress', 'rework'] }, { sort: 'deadlineAt', page: 1, pageSize: 20 }));
    expect(seen.filter((s) => GROWING.includes(s.collection) && !keyedById(s.filter))).to.deep.equal([]);
    expect(seen.map((s) => s.collection)).to.include('open_requests');
  });

  it('the embedded FerretDB answers a look-up by _id from its index, not by reading the collection', async function () {
    const explained = (await conn.db!.command({ explain: { find: 'requests', filter: { _id: 'KR-2026-000001' } } })) as { filterPushdown?: boolean; queryPlanner?: { Plan?: string[] } };
    if (explained.filterPushdown === undefined) this.skip(); // MongoDB, not FerretDB: its own planner.
    expect(explained.filterPushdown).to.equal(true);
    expect((explained.queryPlanner?.Plan ?? []).join('\n')).to.match(/USING (COVERING )?INDEX/);
  });
});

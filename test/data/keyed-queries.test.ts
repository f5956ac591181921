/**
 * The hot paths on collections that grow with traffic ask the embedded store only for `{_id}` alone,
 * the one filter FerretDB on SQLite does not answer by reading the whole collection. Each test runs
 * the real code against the real store, records every filter it sent, and has FerretDB's `explain`
 * confirm each is pushed down; no timing is measured.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { countersRepository } from '../../data/counters.repository.ts';
import { DEFAULT_IDEMPOTENCY_TTL_MS, idempotencyRepository, type IdempotencyRepository } from '../../data/idempotency.repository.ts';
import { claimsCollection, takeoversCollection } from '../../data/idempotency.schema.ts';
import { NotificationRepository, type DeliveryKey } from '../../data/notifications.repository.ts';
import { ALL_LOGINS_KEYED, usersRepository, type UsersRepository } from '../../data/users.repository.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { mongoUrlFor } from '../support/stack.ts';
import { expectAllKeyed, expectPushedDown, filterPushdown, recordQueries } from '../support/pushdown.ts';

describe('hot paths look documents up by _id alone', () => {
  let conn: Connection;
  let notifications: NotificationRepository;
  let idempotency: IdempotencyRepository;
  let users: UsersRepository;

  before(async () => {
    conn = await connectMongo(mongoUrlFor('keyed_queries'));
    notifications = new NotificationRepository(conn);
    idempotency = idempotencyRepository(conn);
    users = usersRepository(conn);
    await Promise.all([notifications.init(), idempotency.init(), users.init()]);
  });
  after(async () => {
    await conn.close();
  });

  it('has explain tell a lookup by _id alone from one that reads the whole collection', async () => {
    await conn.db!.collection<{ _id: string; owner: string }>('pushdown_probe').insertOne({ _id: 'k', owner: 'o' });
    await expectPushedDown(conn, 'pushdown_probe', { _id: 'k' });
    expect(await filterPushdown(conn, 'pushdown_probe', { _id: 'k', owner: 'o' })).to.equal(false);
    expect(await filterPushdown(conn, 'pushdown_probe', { owner: 'o' })).to.equal(false);
  });

  it('claims, sends, fails, skips and parks deliveries by their _id alone', async () => {
    const meta = { eventType: 'request.overdue', role: 'executor' as const, requestNumber: 'KR-2026-000777' };
    const eventId = randomUUID();
    const sent: DeliveryKey = { eventId, recipient: 'executor@test.kr.gov.ua', channel: 'email', template: 'executor.overdue' };
    const failed: DeliveryKey = { eventId, recipient: 'applicant@test.kr.gov.ua', channel: 'email', template: 'applicant.registered' };
    const skipped: DeliveryKey = { eventId, recipient: 'executor:nobody', channel: 'email', template: 'executor.new_request' };
    const now = new Date();
    const opts = { now, leaseMs: 60_000 };
    const rec = recordQueries(conn, ['notification_deliveries', 'notification_claims']);
    try {
      const a = await notifications.claim(sent, meta, opts);
      if (a.kind !== 'claimed') throw new Error('expected a claim');
      expect(await notifications.claim(sent, meta, opts)).to.include({ kind: 'busy' });
      await notifications.markSent(sent, a.token, { now });
      expect(await notifications.claim(sent, meta, opts)).to.deep.equal({ kind: 'done' });

      const b = await notifications.claim(failed, meta, opts);
      if (b.kind !== 'claimed') throw new Error('expected a claim');
      await notifications.markFailed(failed, b.token, 'ECONNECTION: refused', now);
      await notifications.recordSkipped(skipped, meta, 'no email on record');
      await notifications.parkDeliveries([sent, failed], 'retries ran out');
    } finally {
      rec.stop();
    }
    const log = await notifications.listDeliveries({ eventId, page: 1, pageSize: 10 });
    expect(Object.fromEntries(log.items.map((d) => [d.recipient, d.status]))).to.deep.equal({
      'executor@test.kr.gov.ua': 'sent',
      'applicant@test.kr.gov.ua': 'parked',
      'executor:nobody': 'skipped',
    });
    await expectAllKeyed(conn, rec.queries);
  });

  it('parks messages, and re-drives them, by _id alone', async () => {
    const base = { consumer: 'notification-keyed', streamSeq: Date.now(), subject: 'cc.events.request.overdue', reason: 'retries_exhausted' as const, payload: '{}', now: new Date() };
    const rec = recordQueries(conn, ['notification_parked']);
    try {
      const parked = await notifications.park({ ...base, error: 'first', deliveries: 3 });
      await notifications.park({ ...base, error: 'again', deliveries: 4 });
      expect(await notifications.getParked(parked.id)).to.include({ error: 'again', deliveries: 4 });
      await notifications.markRedriveFailed(parked.id, 'still down');
      expect(await notifications.markRedriven(parked.id, new Date())).to.include({ status: 'redriven', redriveAttempts: 2 });
    } finally {
      rec.stop();
    }
    await expectAllKeyed(conn, rec.queries);
  });

  it('claims, numbers, completes, fails, takes over and releases idempotency keys by _id alone', async () => {
    const done = `op:${randomUUID()}`;
    const taken = `op:${randomUUID()}`;
    const released = `op:${randomUUID()}`;
    // Claims live in the collection of their period, and are looked up in the period before too.
    const period = Math.floor(Date.now() / DEFAULT_IDEMPOTENCY_TTL_MS);
    // The period before exists in a running system (explain says nothing useful of a missing collection).
    for (const name of [claimsCollection(period - 1), takeoversCollection(period - 1)]) {
      if ((await conn.db!.listCollections({ name }).toArray()).length === 0) await conn.db!.createCollection(name);
    }
    const rec = recordQueries(conn, [period, period - 1].flatMap((p) => [claimsCollection(p), takeoversCollection(p)]));
    try {
      expect(await idempotency.claim(done, 'fp', 'first')).to.deep.equal({ claimed: true });
      await idempotency.setNumber(done, 'first', 'KR-2026-000001');
      await idempotency.complete(done, 'first', { number: 'KR-2026-000001' });

      await idempotency.claim(taken, 'fp', 'first');
      await idempotency.fail(taken, 'first');
      const seen = await idempotency.get(taken);
      expect(seen && (await idempotency.takeOver(seen, 'second'))).to.equal(true);

      await idempotency.claim(released, 'fp', 'first');
      await idempotency.release(released, 'first');
    } finally {
      rec.stop();
    }
    expect(await idempotency.get(done)).to.include({ state: 'done', number: 'KR-2026-000001' });
    expect(await idempotency.get(taken)).to.include({ state: 'pending', owner: 'second' });
    expect(await idempotency.get(released)).to.equal(null);
    await expectAllKeyed(conn, rec.queries);
  });

  it('leaves a taken-over idempotency key alone when its former owner writes late', async () => {
    const key = `op:${randomUUID()}`;
    await idempotency.claim(key, 'fp', 'first');
    await idempotency.fail(key, 'first');
    const seen = await idempotency.get(key);
    expect(seen && (await idempotency.takeOver(seen, 'second'))).to.equal(true);
    await idempotency.setNumber(key, 'first', 'KR-2026-000099');
    await idempotency.complete(key, 'first', { from: 'first' });
    await idempotency.fail(key, 'first');
    await idempotency.release(key, 'first');
    const claim = await idempotency.get(key);
    expect(claim).to.include({ owner: 'second', state: 'pending', generation: 1 });
    expect(claim).to.not.have.property('number');
    await idempotency.complete(key, 'second', { from: 'second' });
    expect(await idempotency.get(key)).to.deep.include({ state: 'done', reply: { from: 'second' } });
  });

  it('issues the next number past a counter that fell behind, finding it by _id alone, and moves the counter on', async () => {
    const counters = countersRepository(conn);
    await counters.init();
    const series = `T${randomUUID().slice(0, 8)}`;
    await counters.ensure(series);
    for (let i = 1; i <= 5; i++) expect(await counters.next(series)).to.equal(i);
    // What another process's numbers, or $incs FerretDB lost, leave behind: a counter below the issued numbers.
    await conn.db!.collection<{ _id: string; seq: number }>('counters').updateOne({ _id: series }, { $set: { seq: 1 } });
    const rec = recordQueries(conn, ['counters', 'issued_numbers']);
    try {
      expect(await counters.next(series)).to.equal(6);
    } finally {
      rec.stop();
    }
    expect(await conn.db!.collection<{ _id: string; seq: number }>('counters').findOne({ _id: series })).to.include({ seq: 6 });
    expect(await counters.next(series)).to.equal(7);
    await expectAllKeyed(conn, rec.queries);
  });

  it('signs users up and in, and confirms their phone, finding them by _id alone', async () => {
    const login = `+38067${String(Date.now()).slice(-7)}`;
    const rec = recordQueries(conn, ['users', 'user_logins']);
    let id: string;
    try {
      const created = await users.create({ login, password: 'password-1520', role: 'applicant', name: 'Resident', phone: login });
      id = created.id;
      expect(await users.byLogin(login)).to.include({ id });
      expect(await users.verifyCredentials(login, 'password-1520')).to.include({ id });
      expect(await users.verifyCredentials(login, 'wrong-password')).to.equal(null);
      expect(await users.verifyCredentials(`${login}0`, 'password-1520')).to.equal(null);
      expect(await users.markPhoneVerified(id, login, new Date())).to.have.property('phoneVerifiedAt');
      expect(await users.markPhoneVerified(id, '+380670000000', new Date())).to.equal(null);
      expect(await users.byId(id)).to.include({ login });
    } finally {
      rec.stop();
    }
    await expectAllKeyed(conn, rec.queries);
  });

  it('finds by login the users stored before logins had key documents, once init has run', async () => {
    const login = `legacy.${randomUUID().slice(0, 8)}`;
    const db = conn.db!;
    // A store as the previous version left it: a user, no key document, no marker.
    await db.collection('user_logins').deleteOne({ _id: ALL_LOGINS_KEYED } as never);
    await db.collection<{ _id: string }>('users').insertOne({ _id: randomUUID(), login, passwordHash: 'x', role: 'operator', name: 'Legacy', active: true } as never);
    expect(await users.byLogin(login)).to.equal(null);
    await usersRepository(conn).init();
    expect(await users.byLogin(login)).to.include({ login, name: 'Legacy' });
  });
});

import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { NotificationRepository, type DeliveryKey } from '../../data/notifications.repository.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { mongoUrlFor } from '../support/stack.ts';

describe('the notification delivery log', () => {
  let conn: Connection;
  let repo: NotificationRepository;
  const meta = { eventType: 'request.overdue', role: 'executor' as const, requestNumber: 'KR-2026-000777', subject: 'Звернення № KR-2026-000777' };
  const key = (): DeliveryKey => ({ eventId: randomUUID(), recipient: 'executor@test.kr.gov.ua', channel: 'email', template: 'executor.overdue' });

  before(async () => {
    conn = await connectMongo(mongoUrlFor('notification_log'));
    repo = new NotificationRepository(conn);
    await repo.init();
  });
  after(async () => {
    await conn.close();
  });

  it('lets a delivery be claimed once, and a claimed or sent one never again', async () => {
    const k = key();
    const t0 = new Date('2026-03-02T10:00:00Z');
    const first = await repo.claim(k, meta, { now: t0, leaseMs: 60_000 });
    expect(first).to.include({ kind: 'claimed', attempts: 1 });
    const meanwhile = await repo.claim(k, meta, { now: new Date(t0.getTime() + 1000), leaseMs: 60_000 });
    expect(meanwhile).to.deep.equal({ kind: 'busy', leaseUntil: new Date(t0.getTime() + 60_000) });
    if (first.kind !== 'claimed') return;
    await repo.markSent(k, first.token, { now: t0, providerMessageId: '<x@y>' });
    expect(await repo.claim(k, meta, { now: new Date(t0.getTime() + 120_000), leaseMs: 60_000 })).to.deep.equal({ kind: 'done' });
  });

  it('lets a claim whose lease ran out be retaken, and ignores the late sender that lost it', async () => {
    const k = key();
    const t0 = new Date('2026-03-02T10:00:00Z');
    const crashed = await repo.claim(k, meta, { now: t0, leaseMs: 1000 });
    const retaken = await repo.claim(k, meta, { now: new Date(t0.getTime() + 1001), leaseMs: 1000 });
    expect(retaken).to.include({ kind: 'claimed', attempts: 2 });
    if (crashed.kind !== 'claimed' || retaken.kind !== 'claimed') return;
    // The first sender wakes up and reports a failure: the current claim is not disturbed.
    await repo.markFailed(k, crashed.token, 'late');
    const page = await repo.listDeliveries({ eventId: k.eventId, page: 1, pageSize: 10 });
    expect(page.items[0]).to.include({ status: 'sending', attempts: 2 });
    await repo.markSent(k, retaken.token, { now: t0 });
    expect((await repo.listDeliveries({ eventId: k.eventId, page: 1, pageSize: 10 })).items[0]).to.include({ status: 'sent', attempts: 2 });
  });

  it('leaves a failure reported after its lease ran out unwritten, and lets the delivery be retaken', async () => {
    const k = key();
    const t0 = new Date('2026-03-02T10:00:00Z');
    const slow = await repo.claim(k, meta, { now: t0, leaseMs: 60_000 });
    if (slow.kind !== 'claimed') throw new Error('expected a claim');
    // The sender took longer than its lease: another sender may be retaking the delivery by now.
    await repo.markFailed(k, slow.token, 'ETIMEDOUT', new Date(t0.getTime() + 61_000));
    expect((await repo.listDeliveries({ eventId: k.eventId, page: 1, pageSize: 10 })).items[0]).to.include({ status: 'sending', attempts: 1 });
    expect(await repo.claim(k, meta, { now: new Date(t0.getTime() + 61_000), leaseMs: 60_000 })).to.include({ kind: 'claimed', attempts: 2 });
  });

  it('gives a new delivery to exactly one of many concurrent claimants', async () => {
    const k = key();
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 8 }, () => repo.claim(k, meta, { now, leaseMs: 60_000 })));
    expect(results.filter((r) => r.kind === 'claimed')).to.have.length(1);
    expect(results.filter((r) => r.kind === 'busy')).to.have.length(7);
  });

  it('retries a failed delivery and counts the attempts', async () => {
    const k = key();
    const now = new Date();
    const a = await repo.claim(k, meta, { now, leaseMs: 60_000 });
    if (a.kind !== 'claimed') throw new Error('expected a claim');
    await repo.markFailed(k, a.token, 'ECONNECTION: refused');
    const b = await repo.claim(k, meta, { now, leaseMs: 60_000 });
    expect(b).to.include({ kind: 'claimed', attempts: 2 });
  });

  it('gives a failed delivery back to exactly one of many concurrent retakers', async () => {
    for (let round = 0; round < 5; round++) {
      const k = key();
      const a = await repo.claim(k, meta, { now: new Date(), leaseMs: 60_000 });
      if (a.kind !== 'claimed') throw new Error('expected a claim');
      await repo.markFailed(k, a.token, 'ECONNECTION: refused');
      const now = new Date();
      const results = await Promise.all(Array.from({ length: 10 }, () => repo.claim(k, meta, { now, leaseMs: 60_000 })));
      expect(results.filter((r) => r.kind === 'claimed'), `round ${round}`).to.have.length(1);
      expect(results.filter((r) => r.kind === 'busy')).to.have.length(9);
      expect((await repo.listDeliveries({ eventId: k.eventId, page: 1, pageSize: 10 })).items[0]).to.include({ status: 'sending', attempts: 2 });
    }
  });

  it('keeps one parked record per consumer and stream sequence', async () => {
    const base = { consumer: `c-${randomUUID()}`, streamSeq: 42, subject: 'cc.events.request.overdue', reason: 'retries_exhausted' as const, payload: '{}', now: new Date() };
    const a = await repo.park({ ...base, error: 'first', deliveries: 3 });
    const b = await repo.park({ ...base, error: 'second', deliveries: 4 });
    expect(b.id).to.equal(a.id);
    expect(b).to.include({ error: 'second', deliveries: 4, status: 'parked' });
  });

  it('still finds and re-drives by its id a message parked when parked messages had ObjectIds', async () => {
    const _id = new mongoose.Types.ObjectId();
    const old = { _id, consumer: 'notification', streamSeq: 7, subject: 'cc.events.request.overdue', reason: 'retries_exhausted', error: 'down', deliveries: 3, status: 'parked', parkedAt: new Date(), redriveAttempts: 0, payload: '{}' };
    await conn.db!.collection('notification_parked').insertOne(old);
    expect(await repo.getParked(_id.toHexString())).to.include({ id: _id.toHexString(), streamSeq: 7, status: 'parked' });
    expect(await repo.markRedriven(_id.toHexString(), new Date())).to.include({ id: _id.toHexString(), status: 'redriven', redriveAttempts: 1 });
  });
});

import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { idempotencyRepository } from '../../data/idempotency.repository.ts';
import { claimsCollection } from '../../data/idempotency.schema.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { mongoUrlFor } from '../support/stack.ts';

describe('idempotency keys expire', () => {
  let conn: Connection;
  before(async () => {
    conn = await connectMongo(mongoUrlFor('idempotency_ttl'));
  });
  after(async () => {
    await conn.close();
  });

  const collections = async (): Promise<string[]> => (await conn.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);

  it('remembers a key for its time at least, then the sweep drops it with its whole period', async () => {
    const ttlMs = 3_600_000;
    let clock = 1_000 * ttlMs + 10;
    const repo = idempotencyRepository(conn, { ttlMs, now: () => clock });
    await repo.init();
    expect(await repo.claim('op:k1', 'fp', 'owner')).to.deep.equal({ claimed: true });
    await repo.complete('op:k1', 'owner', { number: 'KR-2026-000001' });

    // Its time later (the next period): still answered, and a retry finds it.
    clock += ttlMs;
    expect(await repo.get('op:k1')).to.include({ state: 'done' });
    const retry = await repo.claim('op:k1', 'fp', 'other');
    expect(retry.claimed).to.equal(false);
    expect(await repo.sweep()).to.deep.equal([]);

    // Past twice the time: the sweep drops the period's collection, and the key is new again.
    clock += ttlMs;
    expect(await repo.sweep()).to.include(claimsCollection(1_000));
    expect(await collections()).to.not.include(claimsCollection(1_000));
    expect(await repo.get('op:k1')).to.equal(null);
    expect(await repo.claim('op:k1', 'fp', 'third')).to.deep.equal({ claimed: true });
  });
});

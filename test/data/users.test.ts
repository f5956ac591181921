/**
 * The users repository keeps the system administrable: no change leaves it without an active admin,
 * even when two admins are demoted at the same moment.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { usersRepository, type UsersRepository } from '../../data/users.repository.ts';
import { DomainError } from '../../domain/errors.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { mongoUrlFor } from '../support/stack.ts';

describe('data: users', function () {
  this.timeout(60_000);
  let conn: Connection;
  let users: UsersRepository;

  before(async () => {
    conn = await connectMongo(mongoUrlFor('data_users'));
    users = usersRepository(conn);
    await users.init();
  });
  after(async () => {
    await conn.close();
  });

  const admin = (name: string) => users.create({ login: `admin.${name}.${randomUUID().slice(0, 8)}`, password: 'admin-pass-1520', role: 'admin', name });
  const refusal = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => undefined,
      (err: unknown) => err,
    );

  it('keeps an active admin when two admins are demoted at once, and refuses to deactivate or demote the last one with last_admin', async () => {
    const a = await admin('a');
    const b = await admin('b');
    const outcomes = await Promise.allSettled([users.update(a.id, { role: 'analyst' }), users.update(b.id, { active: false })]);
    expect(await users.anyActive('admin'), 'an active admin is left').to.equal(true);
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.length, 'at least one of the two is refused').to.be.at.least(1);
    for (const r of refused) expect((r.reason as DomainError).code).to.equal('last_admin');

    const active = (await users.list({ role: 'admin', page: 1, pageSize: 100 })).items.filter((u) => u.active);
    while (active.length > 1) await users.update(active.pop()!.id, { active: false });
    const last = active[0]!;
    for (const change of [{ active: false }, { role: 'operator' as const }, { role: 'manager' as const, active: false }]) {
      const err = await refusal(users.update(last.id, change));
      expect(err, JSON.stringify(change)).to.be.instanceOf(DomainError);
      expect((err as DomainError).code).to.equal('last_admin');
    }
    expect(await users.byId(last.id)).to.include({ role: 'admin', active: true });
    // Changes that keep them an active admin are made.
    expect(await users.update(last.id, { name: 'Останній адміністратор' })).to.include({ name: 'Останній адміністратор', role: 'admin', active: true });
  });
});

import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { seed } from '../../infra/seed/seed.ts';
import { eventually } from '../support/stack.ts';
import { type Api, bearer, phoneCall, startApi } from './support.ts';

describe('gateway: ready to serve', function () {
  this.timeout(180_000);
  let api: Api;

  before(async () => {
    // A fresh store, as on the first `npm run up`: the services start before the seed is loaded.
    api = await startApi({ name: 'gw_ready', worker: true, seed: false });
  });
  after(async () => {
    await api?.stop();
  });

  it('answers /readyz 503 until intake holds the reference data, and the same key then registers once for twenty concurrent retries', async () => {
    const before = await api.http.get('/readyz');
    expect(before.status).to.equal(503);
    expect(before.headers['retry-after']).to.match(/^\d+$/);
    expect(before.body.checks.intake).to.deep.include({ ok: false });
    expect(before.body.checks.intake.error).to.contain('classifier');

    const operator = (await api.userWith('operator')).token;
    const key = `early-${randomUUID()}`;
    const register = () => api.http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(phoneCall({ address: { district: 'Центрально-Міський', street: 'вул. Рання', building: '1' } }));
    // Too early: not a refusal on the request's merits, which would stick to the key, but "not ready, retry".
    const early = await register();
    expect(early.status, JSON.stringify(early.body)).to.equal(503);
    expect(early.body.error.code).to.equal('not_ready');
    expect(early.headers['retry-after']).to.match(/^\d+$/);

    await seed(api.mongo, { users: false });
    await eventually(async () => ((await api.http.get('/readyz')).status === 200 ? true : undefined), '/readyz to answer ready after the seed', 30_000);
    const answers = await Promise.all(Array.from({ length: 20 }, register));
    expect(answers.map((r) => r.status)).to.deep.equal(Array(20).fill(201));
    expect(new Set(answers.map((r) => r.body.number as string)).size).to.equal(1);
  });
});

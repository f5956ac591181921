/**
 * Outages, for real: the API on MongoDB (FerretDB), NATS and Temporal servers of this test's own,
 * each stopped while the API is asked, then started again. An outage is a 503 with Retry-After,
 * never a 500, and a retry with the same Idempotency-Key is applied once.
 */
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { usersRepository } from '../../data/users.repository.ts';
import { seed } from '../../infra/seed/seed.ts';
import { connectMongo } from '../../platform/mongo.ts';
import type { RunningService } from '../../platform/service.ts';
import { gatewayEnv } from '../../services/gateway/config.ts';
import { startGateway } from '../../services/gateway/gateway.ts';
import { startIntake } from '../../services/intake/service.ts';
import { startWorker } from '../../services/worker/worker.ts';
import { expectedErrorsLogger } from '../notification/support.ts';
import { ownFerretDb, ownNats, ownTemporal, type OwnServer } from '../support/own-servers.ts';
import { eventually } from '../support/stack.ts';
import { bearer, phoneCall, TEST_JWT_SECRET } from './support.ts';

describe('gateway: when MongoDB, NATS or Temporal is out of reach', function () {
  this.timeout(300_000);
  let db: OwnServer;
  let nats: OwnServer;
  let temporal: OwnServer & { address: string };
  let mongo: Connection;
  const services: RunningService[] = [];
  let http: ReturnType<typeof request>;
  let operator: string;

  before(async () => {
    [db, nats, temporal] = await Promise.all([ownFerretDb('outages'), ownNats(), ownTemporal()]);
    mongo = await connectMongo(db.url);
    await seed(mongo, { users: false });
    await usersRepository(mongo).create({ login: 'operator.outages', password: 'password-1520', role: 'operator', name: 'Оператор' });
    const common = { NODE_ENV: 'test' as const, LOG_LEVEL: 'error' as const, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default', MONGO_URL: db.url, NATS_URL: nats.url };
    services.push(await startWorker(common, expectedErrorsLogger));
    services.push(await startIntake({ ...common, CITY_PREFIX: 'OUT', REPEAT_WINDOW_DAYS: 30 }, expectedErrorsLogger));
    const gateway = await startGateway(
      {
        ...gatewayEnv.parse({ ...common, ADMIN_LOGIN: 'admin', ADMIN_PASSWORD: 'admin-password-1520', JWT_SECRET: TEST_JWT_SECRET, JWT_TTL_HOURS: 8, MAX_UPLOAD_MB: 1, INTAKE_TIMEOUT_MS: 3000, ACTION_TIMEOUT_MS: 3000 }),
        // A free port (the schema asks for a real one).
        PORT: 0,
      },
      expectedErrorsLogger,
    );
    services.push(gateway);
    http = request(`http://127.0.0.1:${gateway.port}`);
    const login = await http.post('/api/v1/auth/login').send({ login: 'operator.outages', password: 'password-1520' });
    operator = login.body.token as string;
  });
  after(async () => {
    await Promise.all([db?.start(), nats?.start(), temporal?.start()]);
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    await mongo?.close();
    await Promise.all([db?.stop(), nats?.stop(), temporal?.stop()]);
  });

  const call = () => phoneCall({ address: { district: 'Саксаганський', street: 'вул. Аварійна', building: String(Math.floor(Math.random() * 1000)) } });
  const register = async (key?: string, body = call()) => {
    const req = http.post('/api/v1/requests').set(bearer(operator));
    if (key) void req.set('Idempotency-Key', key);
    return req.send(body);
  };

  it('answers an action 503 with Retry-After while Temporal is down, and applies its retry with the same Idempotency-Key once', async () => {
    const registered = await register();
    expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
    const number = registered.body.number as string;
    const comment = { text: `Бригада виїхала ${Date.now()}`, public: false };

    await temporal.stop();
    const down = await http.post(`/api/v1/requests/${number}/comments`).set(bearer(operator)).set('Idempotency-Key', 'comment-1').send(comment);
    expect(down.status, JSON.stringify(down.body)).to.equal(503);
    expect(down.headers['retry-after']).to.match(/^\d+$/);

    await temporal.start();
    const applied = await eventually(async () => {
      const res = await http.post(`/api/v1/requests/${number}/comments`).set(bearer(operator)).set('Idempotency-Key', 'comment-1').send(comment);
      expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 503]);
      return res.status === 200 ? res : undefined;
    }, 'the comment once Temporal is back', 90_000);
    const withText = (card: unknown): number => (card as { comments: Array<{ text: string }> }).comments.filter((c) => c.text === comment.text).length;
    expect(withText(applied.body)).to.equal(1);
    const again = await http.post(`/api/v1/requests/${number}/comments`).set(bearer(operator)).set('Idempotency-Key', 'comment-1').send(comment);
    expect(again.status).to.equal(200);
    const card = await http.get(`/api/v1/requests/${number}`).set(bearer(operator));
    expect(withText(card.body)).to.equal(1);
  });

  it('answers a registration 503 with Retry-After while NATS is down, with a key that registers it once when retried', async () => {
    await nats.stop();
    const body = call();
    const down = await register(undefined, body);
    expect(down.status, JSON.stringify(down.body)).to.equal(503);
    expect(down.headers['retry-after']).to.match(/^\d+$/);
    const key = down.headers['idempotency-key'] as string;
    expect(key).to.be.a('string').and.not.empty;

    await nats.start();
    const first = await eventually(async () => {
      const res = await register(key, body);
      expect(res.status, JSON.stringify(res.body)).to.be.oneOf([201, 503]);
      return res.status === 201 ? res : undefined;
    }, 'the registration once NATS is back', 60_000);
    const second = await register(key, body);
    expect(second.status).to.equal(201);
    expect(second.body.number).to.equal(first.body.number);
    expect(second.headers['idempotent-replayed']).to.equal('true');
  });

  it('answers 503 with Retry-After, never 500, while MongoDB is down', async () => {
    await db.stop();
    try {
      const list = await http.get('/api/v1/requests').set(bearer(operator));
      expect(list.status, JSON.stringify(list.body)).to.equal(503);
      expect(list.headers['retry-after']).to.match(/^\d+$/);
      expect(list.body.error.code).to.equal('unavailable');
      const ready = await http.get('/readyz');
      expect(ready.status).to.equal(503);
      expect(ready.body.checks.mongodb.ok).to.equal(false);
    } finally {
      await db.start();
    }
  });
});

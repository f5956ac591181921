/**
 * Security items 7 and 12: the client address behind the proxy (TRUST_PROXY refused in production
 * when it contradicts the public address), recipients masked in the notification logs and an SMS
 * provider's answer kept out of them, the Atom feed's links on the configured public address, no
 * failure text in a 500, no source maps in production, no demo users seeded in production unless
 * asked, and a resident not locked out of the status look-up by someone guessing elsewhere.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { usersRepository } from '../../data/users.repository.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { demoUsersAllowed } from '../../infra/seed/seed.ts';
import { DEMO_USERS } from '../../infra/seed/data.ts';
import { parseEnv } from '../../platform/config.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import type { RunningService } from '../../platform/service.ts';
import { createApp } from '../../services/gateway/app.ts';
import { gatewayEnv } from '../../services/gateway/config.ts';
import { HttpError } from '../../services/gateway/http-errors.ts';
import type { WebApp } from '../../services/gateway/web.ts';
import { HttpSmsChannel } from '../../services/notification/channels.ts';
import { startNotification } from '../../services/notification/service.ts';
import { arrivedAt, deliveries, notificationConfig, publish, requestEvent, uniqueEmail } from '../notification/support.ts';
import { eventually, mongoUrlFor, testStack } from '../support/stack.ts';
import { bearer, phoneCall, startApi, type Api } from '../gateway/support.ts';
import { capturingLogger } from './support.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const PUBLIC_URL = 'https://1520.example.gov.ua';

describe('security: hardening (items 7 and 12)', function () {
  this.timeout(180_000);

  describe('the gateway in production', () => {
    let api: Api;
    before(async () => {
      api = await startApi({
        name: 'sec_hardening',
        production: true,
        worker: true,
        repairWorks: true,
        env: { PUBLIC_URL, TRUST_PROXY: 'loopback', RATE_LIMIT_AUTH_PER_ACCOUNT: '3' },
      });
    });
    after(async () => {
      await api?.stop();
    });

    it('builds the Atom feed’s links on PUBLIC_URL, whatever Host header the client sends', async () => {
      const feed = await api.http.get('/api/v1/public/feed.atom').set('Host', 'attacker.example').set('X-Forwarded-Host', 'attacker.example');
      expect(feed.status).to.equal(200);
      expect(feed.text).to.include(`<link rel="self" type="application/atom+xml" href="${PUBLIC_URL}/api/v1/public/feed.atom"/>`);
      expect(feed.text).to.not.include('attacker.example');
    });

    it('serves no source maps in production: the bundle links none and no .map asset is there', async () => {
      const home = await api.http.get('/');
      const js = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(home.text)?.[1];
      const css = /href="(\/assets\/app-[A-Z0-9]+\.css)"/.exec(home.text)?.[1];
      expect(js, home.text).to.be.a('string');
      const script = await api.http.get(js!);
      expect(script.status).to.equal(200);
      expect(script.text).to.not.include('sourceMappingURL');
      expect((await api.http.get(css!)).text).to.not.include('sourceMappingURL');
      expect((await api.http.get(`${js!}.map`)).status).to.equal(404);
      expect((await api.http.get(`${css!}.map`)).status).to.equal(404);
    });

    it('lets a resident with the right phone look the request up after an attacker at another address used up that address’s wrong phones for it', async () => {
      const operator = (await api.userWith('operator')).token;
      const reg = await api.http
        .post('/api/v1/requests')
        .set(bearer(operator))
        .set('Idempotency-Key', randomUUID())
        .send(phoneCall({ applicant: { name: 'Марія Іваненко', phone: '067 555 12 34' } }));
      expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
      const number = reg.body.number as string;
      const lookUp = (phone: string, ip: string) => api.http.get(`/api/v1/public/requests/${number}`).query({ phone }).set('X-Forwarded-For', ip);

      // The attacker: three wrong phones (RATE_LIMIT_AUTH_PER_ACCOUNT) from its address, then refused there.
      const attacker: number[] = [];
      for (let i = 0; i < 4; i++) attacker.push((await lookUp(`067 555 00 0${i}`, '203.0.113.66')).status);
      expect(attacker).to.deep.equal([404, 404, 404, 429]);
      const refused = await lookUp('067 555 00 09', '203.0.113.66');
      expect(refused.body.error.details.limit).to.equal('lookup.client');

      // The resident, elsewhere: in, and the right phone uses up nothing however often it is given.
      for (let i = 0; i < 5; i++) {
        const found = await lookUp('067 555 12 34', '198.51.100.77');
        expect(found.status, JSON.stringify(found.body)).to.equal(200);
        expect(found.body.number).to.equal(number);
      }
      // A slip of the resident's own still leaves tries at that address.
      expect((await lookUp('067 555 12 35', '198.51.100.77')).status).to.equal(404);
      expect((await lookUp('067 555 12 34', '198.51.100.77')).status).to.equal(200);
    });
  });

  it('answers an unexpected failure with 500, a generic message and the correlation id, never the failure’s own text', async () => {
    let failure: Error = new Error('E11000 duplicate key in cc.users at mongodb://app:s3cret@mongo:27017');
    const web = {
      assets: {
        get: () => {
          throw failure;
        },
      },
      indexHtml: Buffer.from(''),
    } as unknown as WebApp;
    const app = createApp({ readiness: {}, web });
    for (const thrown of [failure, new HttpError(500, 'internal', 'reporting: cannot read /srv/cc/reports/2026-03.json'), new HttpError(502, 'upstream', 'SMS provider answered 502: +380671234567')]) {
      failure = thrown;
      const res = await request(app).get('/anything').set('X-Correlation-Id', `corr-${randomUUID()}`);
      expect(res.status).to.equal(thrown instanceof HttpError ? thrown.status : 500);
      expect(res.body.error.code).to.equal('internal');
      expect(res.body.error.details.correlationId).to.equal(res.headers['x-correlation-id']);
      expect(res.body.error.message).to.include(res.headers['x-correlation-id']);
      for (const secret of ['E11000', 's3cret', '/srv/cc', '+380671234567', 'SMS provider']) expect(res.text).to.not.include(secret);
    }
    // A 503 the code chose (an outage) keeps its own message: it tells the client to retry.
    failure = new HttpError(503, 'intake_unavailable', 'registration is unavailable right now; retry with the same Idempotency-Key');
    const outage = await request(app).get('/anything');
    expect(outage.status).to.equal(503);
    expect(outage.body.error.code).to.equal('intake_unavailable');
  });

  it('7 refuses to start in production with TRUST_PROXY=false behind an https PUBLIC_URL, or without PUBLIC_URL, naming the variable; compose believes its two proxies and passes the public address', () => {
    const base = {
      NODE_ENV: 'production',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      MONGO_URL: 'mongodb://127.0.0.1:27017/cc',
      NATS_URL: 'nats://127.0.0.1:4222',
      JWT_SECRET: 'x'.repeat(32),
      TEMPORAL_PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    };
    expect(() => parseEnv(gatewayEnv, { ...base, PUBLIC_URL, TRUST_PROXY: 'false' })).to.throw(/TRUST_PROXY: is false, but PUBLIC_URL https:\/\/1520\.example\.gov\.ua/);
    // Left unset, it is false: refused the same way.
    expect(() => parseEnv(gatewayEnv, { ...base, PUBLIC_URL })).to.throw(/TRUST_PROXY: is false/);
    expect(() => parseEnv(gatewayEnv, { ...base, TRUST_PROXY: '2' })).to.throw(/PUBLIC_URL: is required in production/);
    expect(() => parseEnv(gatewayEnv, { ...base, TRUST_PROXY: '2', PUBLIC_URL: 'https://1520.example.gov.ua/api' })).to.throw(/PUBLIC_URL: must be scheme:\/\/host/);
    const ok = parseEnv(gatewayEnv, { ...base, PUBLIC_URL: `${PUBLIC_URL}/`, TRUST_PROXY: '2' });
    expect(ok.TRUST_PROXY).to.equal(2);
    expect(ok.PUBLIC_URL).to.equal(PUBLIC_URL);
    // Outside production the gateway's own default stays false (clients connect directly on a developer's machine).
    expect(parseEnv(gatewayEnv, { ...base, NODE_ENV: 'development' }).TRUST_PROXY).to.equal(false);

    const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { environment: Record<string, string> }> };
    const env = compose.services.gateway!.environment;
    expect(env.TRUST_PROXY).to.equal('${TRUST_PROXY:-2}');
    expect(env.PUBLIC_URL).to.match(/^\$\{GATEWAY_PUBLIC_URL:-/);
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    expect(/^TRUST_PROXY=(.*)$/m.exec(example)?.[1]).to.equal('2');
  });

  describe('the seed', () => {
    const seedUrl = mongoUrlFor('sec_seed');
    const runSeed = (env: Record<string, string>): Promise<{ code: number; output: string }> =>
      new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'infra/seed/main.ts'],
          { cwd: root, env: { PATH: process.env.PATH ?? '', MONGO_URL: seedUrl, ...env }, timeout: 120_000 },
          (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
        );
      });

    it('refuses to seed the demo users in production unless SEED_DEMO_USERS=true, and seeds the reference data alone with SEED_DEMO_USERS=false', async () => {
      expect(() => demoUsersAllowed({ NODE_ENV: 'production' })).to.throw(/SEED_DEMO_USERS/);
      expect(demoUsersAllowed({ NODE_ENV: 'production', SEED_DEMO_USERS: 'true' })).to.equal(true);
      expect(demoUsersAllowed({ NODE_ENV: 'development' })).to.equal(true);
      expect(() => demoUsersAllowed({ NODE_ENV: 'production', SEED_DEMO_USERS: 'yes' })).to.throw(/SEED_DEMO_USERS/);

      const mongo = await connectMongo(seedUrl);
      try {
        const users = usersRepository(mongo);
        const refused = await runSeed({ NODE_ENV: 'production' });
        expect(refused.code, refused.output).to.not.equal(0);
        expect(refused.output).to.include('SEED_DEMO_USERS');
        for (const u of DEMO_USERS) expect(await users.byLogin(u.login), u.login).to.equal(null);

        const reference = await runSeed({ NODE_ENV: 'production', SEED_DEMO_USERS: 'false' });
        expect(reference.code, reference.output).to.equal(0);
        expect((await executorsRepository(mongo).list()).length).to.be.greaterThan(0);
        for (const u of DEMO_USERS) expect(await users.byLogin(u.login), u.login).to.equal(null);
      } finally {
        await mongo.close();
      }
    });
  });

  describe('the notification logs', () => {
    let nc: NatsConnection;
    let provider: Server;
    let providerUrl: string;
    const providerGot: string[] = [];
    before(async () => {
      nc = await connectNats(testStack().NATS_URL, 'hardening-test');
      await ensureStreams(nc);
      // A provider that refuses the number, echoing the phone in its reason phrase and the phone and text in its body.
      provider = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => {
          providerGot.push(body);
          res.writeHead(400, 'Invalid number 380671234567', { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'echo-body', request: body }));
        });
      });
      await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
      providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/sms`;
    });
    after(async () => {
      provider?.close();
      await nc?.close();
    });

    it('logs recipients’ emails and phones only masked, and an SMS provider’s refusal by its status, never its body', async () => {
      const { logger, lines } = capturingLogger();
      const sms = new HttpSmsChannel({ url: providerUrl, method: 'POST', contentType: 'application/json', template: '{"to":"{{to}}","text":"{{text}}"}', timeoutMs: 5000 });
      let svc: RunningService | undefined = await startNotification(notificationConfig(), logger, { sms });
      try {
        const executorEmail = uniqueEmail('olena');
        const e = requestEvent('request.registered', { applicantEmail: null, executorEmail });
        await publish(nc, e);
        await eventually(async () => {
          const page = await deliveries(nc, { eventId: e.id });
          const status = (channel: string) => page.items.find((d) => d.channel === channel)?.status;
          return status('email') === 'sent' && (status('sms') === 'failed' || status('sms') === 'parked') ? true : undefined;
        }, 'the email sent and the SMS refused');
        await eventually(async () => (lines.some((l) => l.includes('parked a message')) ? true : undefined), 'the refused SMS parked');
        // Masked in the logs only: the mail and the SMS went to the real address and phone.
        await eventually(() => arrivedAt(executorEmail), 'the executor’s email in the mailbox');
        expect(providerGot.some((b) => b.includes('"to":"+380671234567"')), providerGot.join('\n')).to.equal(true);
        await svc.stop();
        svc = undefined;

        const log = lines.join('\n');
        expect(log).to.include('o***@test.kr.gov.ua');
        expect(log).to.include('+38067*****67');
        expect(log).to.include('SMS provider answered 400');
        for (const secret of [executorEmail, '+380671234567', '380671234567', 'echo-body', e.data.request.number ? `№ ${e.data.request.number}` : 'never']) {
          expect(log, secret).to.not.include(secret);
        }
      } finally {
        await svc?.stop();
      }
    });
  });
});

/**
 * Item 6, "tokens cannot be revoked": a new password, another role, deactivation and closing the staff
 * session end the tokens issued before them at once, on every gateway replica (two gateways on one
 * database here); the staff session cookie carries a narrow token that only the browser tools accept;
 * and a public route answers a stale or malformed token as it answers an anonymous caller.
 */
import { expect } from 'chai';
import { SignJWT } from 'jose';
import request from 'supertest';
import type { RunningService } from '../../platform/service.ts';
import { gatewayEnv } from '../../services/gateway/config.ts';
import { startGateway } from '../../services/gateway/gateway.ts';
import { testLogger, testStack } from '../support/stack.ts';
import { ADMIN, bearer, startApi, TEST_JWT_SECRET, type Api } from '../gateway/support.ts';

/** The parts of an Api the second gateway offers: its HTTP client and sign-in. */
type Gateway = Pick<Api, 'http' | 'login'>;

/** Another gateway replica on the database of `api`, with the same JWT key. */
async function replicaOf(api: Api): Promise<Gateway & { service: RunningService }> {
  const s = testStack();
  const service = await startGateway(
    {
      ...gatewayEnv.parse({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS,
        TEMPORAL_NAMESPACE: 'default',
        MONGO_URL: api.mongoUrl,
        NATS_URL: s.NATS_URL,
        TEMPORAL_PAYLOAD_KEYS: s.TEMPORAL_PAYLOAD_KEYS,
        ADMIN_LOGIN: ADMIN.login,
        ADMIN_PASSWORD: ADMIN.password,
        JWT_SECRET: TEST_JWT_SECRET,
        JWT_TTL_HOURS: 8,
        MAX_UPLOAD_MB: 1,
        INTAKE_TIMEOUT_MS: 30_000,
        RATE_LIMIT_AUTH_PER_IP: 100_000,
        RATE_LIMIT_AUTH_PER_ACCOUNT: 1000,
      }),
      PORT: 0,
    },
    testLogger,
  );
  const http = request(`http://127.0.0.1:${service.port}`);
  const login = async (l: string, password: string): Promise<string> => {
    const res = await http.post('/api/v1/auth/login').send({ login: l, password });
    if (res.status !== 200) throw new Error(`login ${l}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  return { http, login, service };
}

describe('security: tokens are revoked at once, on every gateway replica', function () {
  this.timeout(120_000);
  /** Two gateways sharing one database, as replicas behind the proxy. */
  let a: Api;
  let b: Awaited<ReturnType<typeof replicaOf>>;
  before(async () => {
    a = await startApi({ name: 'sec_tokens', intake: false });
    b = await replicaOf(a);
  });
  after(async () => {
    await b?.service.stop();
    await a?.stop();
  });

  /** The status of who-am-I with this token on each gateway. */
  const meOnBoth = async (token: string): Promise<number[]> => Promise.all([a, b].map(async (gw) => (await gw.http.get('/api/v1/auth/me').set(bearer(token))).status));
  const change = async (id: string, body: Record<string, unknown>): Promise<void> => {
    const res = await a.http.put(`/api/v1/users/${id}`).set(bearer(a.adminToken)).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  };
  const staffCookie = async (gw: Gateway, token: string): Promise<string> => {
    const res = await gw.http.post('/api/v1/staff-session').set(bearer(token));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return String(res.headers['set-cookie']).split(';')[0]!;
  };
  const decode = (gw: Gateway) => gw.http.post('/api/v1/codec/decode').send({ payloads: [] });

  it('a new password revokes the tokens issued before it on both gateways, and the new password signs in', async () => {
    const u = await a.userWith('operator');
    expect(await meOnBoth(u.token)).to.deep.equal([200, 200]);
    await change(u.id, { password: 'a-new-password-1520' });
    expect(await meOnBoth(u.token)).to.deep.equal([401, 401]);
    const fresh = await b.login(u.login, 'a-new-password-1520');
    expect(await meOnBoth(fresh)).to.deep.equal([200, 200]);
  });

  it('another role revokes the tokens issued before it on both gateways, while a new name does not', async () => {
    const u = await a.userWith('operator');
    await change(u.id, { name: 'Перейменований Оператор', role: 'operator' });
    expect(await meOnBoth(u.token), 'a change that grants and takes nothing').to.deep.equal([200, 200]);
    await change(u.id, { role: 'analyst' });
    expect(await meOnBoth(u.token)).to.deep.equal([401, 401]);
    const me = await b.http.get('/api/v1/auth/me').set(bearer(await b.login(u.login, 'password-1520')));
    expect(me.body).to.include({ role: 'analyst' });
  });

  it('deactivation revokes the tokens issued before it on both gateways, and they stay refused once the user is active again', async () => {
    const u = await a.userWith('manager');
    await change(u.id, { active: false });
    expect(await meOnBoth(u.token)).to.deep.equal([401, 401]);
    await change(u.id, { active: true });
    expect(await meOnBoth(u.token)).to.deep.equal([401, 401]);
    expect(await meOnBoth(await a.login(u.login, 'password-1520'))).to.deep.equal([200, 200]);
  });

  it("DELETE /staff-session ends the cookie's staff session on both gateways, and leaves the API sign-in", async () => {
    const u = await a.userWith('operator');
    const cookie = await staffCookie(a, u.token);
    expect((await decode(b).set('Cookie', cookie)).status).to.equal(200);
    const closed = await a.http.delete('/api/v1/staff-session').set('Cookie', cookie);
    expect(closed.status).to.equal(200);
    expect(String(closed.headers['set-cookie'])).to.match(/^cc_staff=; Path=\/; Max-Age=0/);
    // A copy of the cookie kept past its clearing opens nothing, on either gateway.
    for (const gw of [a, b]) {
      const res = await decode(gw).set('Cookie', cookie);
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('unauthenticated');
    }
    expect(await meOnBoth(u.token)).to.deep.equal([200, 200]);
    expect((await decode(b).set('Cookie', await staffCookie(b, u.token))).status, 'a new session').to.equal(200);
  });

  it('a new password also ends the staff session opened before it', async () => {
    const u = await a.userWith('manager');
    const cookie = await staffCookie(a, u.token);
    await change(u.id, { password: 'another-password-1520' });
    expect((await decode(b).set('Cookie', cookie)).status).to.equal(401);
  });

  it("refuses the staff session cookie's token as a bearer token, and an API token as the cookie", async () => {
    const u = await a.userWith('operator');
    const cookie = await staffCookie(a, u.token);
    const cookieToken = cookie.slice('cc_staff='.length);
    for (const path of ['/api/v1/auth/me', '/api/v1/executors']) {
      expect((await a.http.get(path).set(bearer(cookieToken))).status, path).to.equal(401);
    }
    expect((await a.http.post('/api/v1/staff-session').set(bearer(cookieToken))).status, 'a new session from the cookie').to.equal(401);
    expect((await decode(a).set(bearer(cookieToken))).status, 'the codec, as a bearer token').to.equal(401);
    const asCookie = await decode(a).set('Cookie', `cc_staff=${u.token}`);
    expect(asCookie.status, 'an API token as the cookie').to.equal(401);
    expect((await decode(a).set(bearer(u.token))).status, 'the API token as a bearer token').to.equal(200);
  });

  it('answers a public route called with a revoked, expired or malformed token as it answers an anonymous caller', async () => {
    const u = await a.userWith('operator');
    await change(u.id, { active: false });
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await new SignJWT({ ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(u.id)
      .setIssuer('contact-center')
      .setAudience('api')
      .setIssuedAt(past - 3600)
      .setExpirationTime(past)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const calls: Array<[string, (auth: Record<string, string>) => Promise<{ status: number; body: unknown }>]> = [
      ['GET /classifier', (h) => b.http.get('/api/v1/classifier').set(h)],
      ['GET /districts', (h) => b.http.get('/api/v1/districts').set(h)],
      ['GET /public/requests/{number}', (h) => b.http.get('/api/v1/public/requests/KR-2026-999999').query({ phone: '+380671112233' }).set(h)],
      ['POST /auth/login', (h) => b.http.post('/api/v1/auth/login').set(h).send({ login: ADMIN.login, password: ADMIN.password })],
      ['POST /auth/register with a bad body', (h) => b.http.post('/api/v1/auth/register').set(h).send({ phone: 'nope' })],
      ['DELETE /staff-session', (h) => b.http.delete('/api/v1/staff-session').set(h)],
    ];
    for (const [name, call] of calls) {
      const anonymous = await call({});
      expect(anonymous.status, `${name} anonymous`).to.not.equal(401);
      for (const [what, header] of [
        ['revoked', `Bearer ${u.token}`],
        ['expired', `Bearer ${expired}`],
        ['malformed', 'Bearer not-a-token'],
        ['not a bearer', 'Basic abc'],
      ] as const) {
        const res = await call({ Authorization: header });
        expect(res.status, `${name} with a ${what} token`).to.equal(anonymous.status);
        if (name !== 'POST /auth/login') expect(res.body, `${name} with a ${what} token`).to.deep.equal(anonymous.body);
      }
    }
  });
});

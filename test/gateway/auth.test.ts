import { expect } from 'chai';
import { SignJWT } from 'jose';
import { ADMIN, type Api, bearer, fieldsOf, startApi, str, TEST_JWT_SECRET } from './support.ts';

describe('gateway: authentication', function () {
  this.timeout(60_000);
  let api: Api;
  before(async () => {
    api = await startApi({ name: 'gw_auth', intake: false });
  });
  after(async () => {
    await api.stop();
  });

  it('creates the first admin from ADMIN_LOGIN/ADMIN_PASSWORD and signs them in with a JWT and their user', async () => {
    const res = await api.http.post('/api/v1/auth/login').send(ADMIN);
    expect(res.status).to.equal(200);
    expect(res.body.token).to.be.a('string');
    expect(res.body.user).to.include({ login: 'admin', role: 'admin', active: true });
    expect(res.body.user).to.not.have.property('passwordHash');
    expect(new Date(str(res.body.expiresAt)).getTime()).to.be.greaterThan(Date.now() + 7 * 3600_000);
  });

  it('refuses a wrong password and an unknown login alike with 401 invalid_credentials', async () => {
    const wrong = await api.http.post('/api/v1/auth/login').send({ login: 'admin', password: 'not-the-password' });
    const unknown = await api.http.post('/api/v1/auth/login').send({ login: 'nobody-here', password: 'whatever1' });
    for (const res of [wrong, unknown]) {
      expect(res.status).to.equal(401);
      expect(res.body).to.deep.equal({ error: { code: 'invalid_credentials', message: 'wrong login or password' } });
    }
  });

  it('lets an admin create an operator and an executor user, who then sign in with their roles', async () => {
    const op = await api.http.post('/api/v1/users').set(bearer(api.adminToken)).send({ login: 'olena.operator', password: 'operator-pass', role: 'operator', name: 'Олена Оператор' });
    expect(op.status).to.equal(201);
    expect(op.body).to.include({ login: 'olena.operator', role: 'operator' });
    expect(op.body.id).to.be.a('string');
    const ex = await api.http
      .post('/api/v1/users')
      .set(bearer(api.adminToken))
      .send({ login: 'ivan.vodokanal', password: 'executor-pass', role: 'executor', name: 'Іван Водоканал', executorId: 'vodokanal' });
    expect(ex.status).to.equal(201);
    const login = await api.http.post('/api/v1/auth/login').send({ login: 'ivan.vodokanal', password: 'executor-pass' });
    expect(login.body.user).to.include({ role: 'executor', executorId: 'vodokanal' });
    const me = await api.http.get('/api/v1/auth/me').set(bearer(str(login.body.token)));
    expect(me.status).to.equal(200);
    expect(me.body).to.include({ login: 'ivan.vodokanal', role: 'executor' });
  });

  it('refuses a second user with a taken login (409) and an executor user without an executor (400 naming executorId)', async () => {
    const dup = await api.http.post('/api/v1/users').set(bearer(api.adminToken)).send({ login: 'admin', password: 'whatever-1', role: 'analyst', name: 'X' });
    expect(dup.status).to.equal(409);
    expect(dup.body.error.code).to.equal('login_taken');
    const noExec = await api.http.post('/api/v1/users').set(bearer(api.adminToken)).send({ login: 'lonely.executor', password: 'whatever-1', role: 'executor', name: 'X' });
    expect(noExec.status).to.equal(400);
    expect(fieldsOf(noExec)).to.include('body.executorId');
    const ghost = await api.http.post('/api/v1/users').set(bearer(api.adminToken)).send({ login: 'ghost.executor', password: 'whatever-1', role: 'executor', name: 'X', executorId: 'no-such' });
    expect(ghost.status).to.equal(422);
    expect(ghost.body.error.code).to.equal('unknown_executor');
  });

  it('answers 401 without a token, with a forged token and with an expired one', async () => {
    const none = await api.http.get('/api/v1/users');
    expect(none.status).to.equal(401);
    expect(none.body.error.code).to.equal('unauthenticated');
    const forged = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer('contact-center').setExpirationTime('1h').sign(new TextEncoder().encode('a'.repeat(40)));
    const bad = await api.http.get('/api/v1/users').set(bearer(forged));
    expect(bad.status).to.equal(401);
    const garbage = await api.http.get('/api/v1/users').set({ Authorization: 'Basic abc' });
    expect(garbage.status).to.equal(401);
    const me = (await api.http.get('/api/v1/auth/me').set(bearer(api.adminToken))).body;
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = await new SignJWT({ role: 'admin', ver: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(str(me.id))
      .setIssuer('contact-center')
      .setAudience('api')
      .setIssuedAt(past - 3600)
      .setExpirationTime(past)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const old = await api.http.get('/api/v1/users').set(bearer(expired));
    expect(old.status).to.equal(401);
    expect(old.body.error.code).to.equal('token_expired');
  });

  it('signs out a deactivated user at once, token or not', async () => {
    const u = await api.userWith('analyst');
    expect((await api.http.get('/api/v1/executors').set(bearer(u.token))).status).to.equal(200);
    const off = await api.http.put(`/api/v1/users/${u.id}`).set(bearer(api.adminToken)).send({ active: false });
    expect(off.status).to.equal(200);
    expect(off.body.active).to.equal(false);
    const after = await api.http.get('/api/v1/executors').set(bearer(u.token));
    expect(after.status).to.equal(401);
  });

  it('never shows a stack trace: malformed JSON is 400 invalid_json and an oversized body 413', async () => {
    const bad = await api.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{"login":');
    expect(bad.status).to.equal(400);
    expect(bad.body).to.deep.equal({ error: { code: 'invalid_json', message: 'the request body is not valid JSON' } });
    const big = await api.http.post('/api/v1/auth/login').send({ login: 'x', password: 'y'.repeat(300_000) });
    expect(big.status).to.equal(413);
    expect(big.body.error.code).to.equal('too_large');
    expect(JSON.stringify(big.body)).to.not.match(/at .*\.ts:\d+/);
  });
});

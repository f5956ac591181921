/**
 * Items "unlimited guessing", "SMS codes" and "personal data": sign-in, registration and phone codes
 * are limited per address and per login or phone (429 with Retry-After, counted in the database so
 * every gateway replica shares them, per client address behind a trusted proxy); a code's guesses are
 * counted atomically; SMS codes are capped per phone and per account a day; no SMS text reaches a
 * log; registration does not tell which numbers have a cabinet; only admins and operators list users.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { RunningService } from '../../platform/service.ts';
import { MAX_ATTEMPTS, phoneVerificationsRepository } from '../../data/phone-verifications.repository.ts';
import { HttpError } from '../../services/gateway/http-errors.ts';
import { rateLimits, type LimitName, type LimitSpec } from '../../services/gateway/rate-limits.ts';
import { startNotification } from '../../services/notification/service.ts';
import { LoggingSmsChannel } from '../../services/notification/channels.ts';
import { notificationConfig } from '../notification/support.ts';
import { testLogger } from '../support/stack.ts';
import { bearer, fieldsOf, startApi, type Api } from '../gateway/support.ts';
import { capturingLogger, ProviderInbox } from './support.ts';

let seq = 0;
const freshPhone = (): string => `+38063${String(Date.now() % 100_000).padStart(5, '0')}${String(++seq).padStart(2, '0')}`;

describe('security: guessing, SMS codes and personal data', function () {
  this.timeout(180_000);
  let api: Api;
  let notification: RunningService;
  const inbox = new ProviderInbox();

  before(async () => {
    api = await startApi({
      name: 'sec_guessing',
      intake: false,
      env: { RATE_LIMIT_AUTH_PER_ACCOUNT: '3', RATE_LIMIT_AUTH_PER_IP: '40', SMS_RESEND_AFTER_SECONDS: '0', SMS_CODES_PER_PHONE_PER_DAY: '3', SMS_CODES_PER_ACCOUNT_PER_DAY: '2', RATE_LIMIT_LOOKUP_PER_NUMBER: '5', TRUST_PROXY: 'loopback' },
    });
    notification = await startNotification(notificationConfig(), testLogger, { sms: inbox });
  });
  after(async () => {
    await notification?.stop();
    await api?.stop();
  });

  const post = (path: string, body: object, ip = `198.51.100.${1 + (++seq % 250)}`) => api.http.post(`/api/v1${path}`).set('X-Forwarded-For', ip).send(body);

  it('limits sign-in per login and per client address with 429 and Retry-After, the address taken from the trusted proxy', async () => {
    const user = await api.userWith('operator');
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push(await post('/auth/login', { login: user.login, password: 'wrong-password' }));
    // Three failed attempts per login in the window (the test's own sign-in succeeded and does not count), then refused from any address.
    expect(tries.map((r) => r.status)).to.deep.equal([401, 401, 401, 429, 429]);
    const refused = tries[3]!;
    expect(refused.body.error.code).to.equal('rate_limited');
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 900);
    // Once the failures are spent, even the right password waits until the window ends.
    expect((await post('/auth/login', { login: user.login, password: 'password-1520' })).status).to.equal(429);

    // Per address: 40 attempts from one address on different logins, then 429 for that address only.
    const ip = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await post('/auth/login', { login: `nobody.${randomUUID()}`, password: 'x' }, ip)).status);
    expect(statuses.slice(0, 40).every((s) => s === 401)).to.equal(true);
    expect(statuses[40]).to.equal(429);
    expect((await post('/auth/login', { login: `nobody.${randomUUID()}`, password: 'x' }, '203.0.113.8')).status, 'another address').to.equal(401);
  });

  it('counts only failed sign-ins: successful ones use up neither the per-login nor the per-address budget', async () => {
    const user = await api.userWith('operator');
    const ip = '203.0.113.50';
    const signIn = (password: string) => post('/auth/login', { login: user.login, password }, ip);
    // More successful sign-ins than the per-login limit (3) and the per-address limit (40) allow attempts.
    const ok: number[] = [];
    for (let i = 0; i < 45; i++) ok.push((await signIn('password-1520')).status);
    expect(ok.filter((s) => s !== 200), 'successful sign-ins refused').to.deep.equal([]);
    // A success between failures gives no failure back and takes none: two wrong, one right, then one more wrong is still allowed.
    expect((await signIn('wrong-password')).status).to.equal(401);
    expect((await signIn('wrong-password')).status).to.equal(401);
    expect((await signIn('password-1520')).status).to.equal(200);
    expect((await signIn('wrong-password')).status).to.equal(401);
    // The budget of failures is spent: refused, the right password too.
    const refused = await signIn('wrong-password');
    expect(refused.status).to.equal(429);
    expect(refused.body.error.details.limit).to.equal('login.account');
    expect((await signIn('password-1520')).status).to.equal(429);
  });

  it('limits wrong phones in the public status look-up per number from all addresses together, so the phone a request was filed under cannot be guessed from many', async () => {
    const number = `${api.prefix}-2026-${String(900_000 + (++seq % 99_999)).padStart(6, '0')}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api.http.get(`/api/v1/public/requests/${number}`).query({ phone: freshPhone() }).set('X-Forwarded-For', `198.51.100.${200 + i}`)).status);
    // Five wrong phones for one number in the window (RATE_LIMIT_LOOKUP_PER_NUMBER), one from each address; then 429 with Retry-After.
    expect(statuses).to.deep.equal([404, 404, 404, 404, 404, 429]);
    const refused = await api.http.get(`/api/v1/public/requests/${number}`).query({ phone: freshPhone() }).set('X-Forwarded-For', '198.51.100.230');
    expect(refused.status).to.equal(429);
    expect(refused.body.error.code).to.equal('rate_limited');
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 900);
  });

  it('shares the counts between gateway replicas through the database', async () => {
    const spec = { points: 3, duration: 900, message: 'too many' };
    const specs = Object.fromEntries(['login.ip', 'login.account', 'register.ip', 'register.phone', 'phoneCode.ip', 'phoneCode.account', 'sms.phone', 'sms.account', 'requests.account', 'uploads.account'].map((n) => [n, spec])) as Record<LimitName, LimitSpec>;
    const replicaA = rateLimits(api.mongo.db!, specs);
    const replicaB = rateLimits(api.mongo.db!, specs);
    const key = `shared-${randomUUID()}`;
    await replicaA.consume('login.account', key);
    await replicaB.consume('login.account', key);
    await replicaA.consume('login.account', key);
    const refused = await replicaB.consume('login.account', key).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).to.be.instanceOf(HttpError);
    expect((refused as HttpError).status).to.equal(429);
  });

  it('counts concurrent guesses of a code atomically: of sixty at once only five are compared', async () => {
    const codes = phoneVerificationsRepository(api.mongo);
    const key = `user-${randomUUID()}`;
    const phone = freshPhone();
    const issued = await codes.issue(key, phone, new Date());
    if (!issued.issued) throw new Error('no code issued');
    const wrong = issued.code === '000000' ? '000001' : '000000';
    const answers = await Promise.all(Array.from({ length: 60 }, () => codes.check(key, phone, wrong, new Date())));
    const reasons = answers.map((r) => (r.ok ? 'ok' : r.reason));
    expect(reasons.filter((r) => r === 'wrong_code').length, 'guesses compared and found wrong').to.equal(MAX_ATTEMPTS - 1);
    expect(reasons.filter((r) => r === 'too_many_attempts').length).to.equal(60 - (MAX_ATTEMPTS - 1));
    const late = await codes.check(key, phone, issued.code, new Date());
    expect(late, 'the right code once the guesses are spent').to.deep.equal({ ok: false, reason: 'too_many_attempts' });
  });

  it('caps SMS codes a day per phone, whoever asks, and per account', async () => {
    const phone = freshPhone();
    const a = await api.userWith('applicant', { phone, unconfirmed: true });
    const send = (token: string) => api.http.post('/api/v1/auth/phone-verification').set(bearer(token)).set('X-Forwarded-For', `192.0.2.${++seq % 250}`).send({});
    expect((await send(a.token)).status).to.equal(202);
    expect((await send(a.token)).status).to.equal(202);
    const third = await send(a.token);
    expect(third.status, 'the account’s third code of the day').to.equal(429);
    expect(third.body.error.details.limit).to.equal('sms.account');
    expect(Number(third.headers['retry-after'])).to.be.within(1, 24 * 3600);
    // Another account with the same phone: the phone has had two, may have one more.
    const b = await api.userWith('applicant', { phone, unconfirmed: true });
    expect((await send(b.token)).status).to.equal(202);
    const c = await api.userWith('applicant', { phone, unconfirmed: true });
    const fourth = await send(c.token);
    expect(fourth.status, 'the phone’s fourth code of the day').to.equal(429);
    expect(fourth.body.error.details.limit).to.equal('sms.phone');
    expect(inbox.to(phone, 'phone_verification')).to.have.length(3);
  });

  it('registers in two steps with the same answer whether or not the phone has a cabinet, and opens the cabinet with the phone confirmed', async () => {
    const phone = freshPhone();
    const local = `0${phone.slice(4)}`;
    const first = await post('/auth/register', { phone: local, password: 'resident-pass', name: 'Петро Мешканець' });
    expect(first.status, JSON.stringify(first.body)).to.equal(202);
    expect(first.body.attemptId).to.be.a('string');
    const attemptId = first.body.attemptId as string;
    const wrong = await post('/auth/register/confirm', { phone, attemptId, code: '000000' === inbox.codeFor(phone, 'registration') ? '000001' : '000000' });
    expect(wrong.status).to.equal(422);
    const opened = await post('/auth/register/confirm', { phone: local, attemptId, code: inbox.codeFor(phone, 'registration') });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    expect(opened.body.user).to.include({ role: 'applicant', login: phone, phone });
    expect(opened.body.user.phoneVerifiedAt).to.be.a('string');
    expect((await post('/auth/login', { login: local, password: 'resident-pass' })).status, 'signs in with the phone in any usual format').to.equal(200);

    // Again for the taken number: the same answer; its owner gets a notice, not a code.
    const again = await post('/auth/register', { phone, password: 'another-pass', name: 'Хтось' });
    expect(again.status).to.equal(first.status);
    expect(Object.keys(again.body as object).sort()).to.deep.equal(Object.keys(first.body as object).sort());
    expect(again.body.sentTo).to.equal(first.body.sentTo);
    const notice = inbox.to(phone, 'registration').at(-1)!;
    expect(notice.sms).to.not.match(/\b\d{6}\b/);
    expect(notice.sms).to.include('уже має кабінет');
    // No code opens a second cabinet for it.
    expect((await post('/auth/register/confirm', { phone, attemptId: again.body.attemptId, code: '000000' })).status).to.equal(422);
    expect((await post('/auth/login', { login: phone, password: 'another-pass' })).status).to.equal(401);
  });

  it('binds the sign-up confirmation to the attempt that started it: a later registration for the same phone cannot set the password of one already started', async () => {
    const phone = freshPhone();
    const resident = await post('/auth/register', { phone, password: 'resident-pass', name: 'Петро Мешканець', email: 'petro@example.org' });
    expect(resident.status, JSON.stringify(resident.body)).to.equal(202);
    const residentCode = inbox.codeFor(phone, 'registration');
    // Someone who knows the number registers it again with a password of their own.
    const intruder = await post('/auth/register', { phone, password: 'intruder-pass', name: 'Зловмисник', email: 'intruder@example.org' });
    expect(intruder.status, JSON.stringify(intruder.body)).to.equal(202);
    const intruderCode = inbox.codeFor(phone, 'registration');
    // The resident types the newest SMS into their own form: that code belongs to the other attempt and opens nothing.
    if (intruderCode !== residentCode) {
      const crossed = await post('/auth/register/confirm', { phone, attemptId: resident.body.attemptId, code: intruderCode });
      expect(crossed.status, JSON.stringify(crossed.body)).to.equal(422);
    }
    expect(intruder.body.attemptId, 'an attempt of its own').to.be.a('string').and.not.equal(resident.body.attemptId);
    // A confirmation that names no attempt is refused as invalid input.
    const bare = await post('/auth/register/confirm', { phone, code: residentCode });
    expect(bare.status).to.equal(400);
    expect(fieldsOf(bare)).to.include('body.attemptId');
    // The resident's own code with their own attempt opens the cabinet with their own details.
    const opened = await post('/auth/register/confirm', { phone, attemptId: resident.body.attemptId, code: residentCode });
    expect(opened.status, JSON.stringify(opened.body)).to.equal(201);
    expect(opened.body.user).to.include({ login: phone, name: 'Петро Мешканець', email: 'petro@example.org' });
    expect((await post('/auth/login', { login: phone, password: 'intruder-pass' })).status, 'the intruder’s password').to.equal(401);
    expect((await post('/auth/login', { login: phone, password: 'resident-pass' })).status, 'the resident’s password').to.equal(200);
    // The intruder's own attempt cannot open a second cabinet for the number either.
    expect((await post('/auth/register/confirm', { phone, attemptId: intruder.body.attemptId, code: intruderCode })).status).to.equal(422);
  });

  it('lets only admins and operators list users with their phones and emails', async () => {
    await api.userWith('applicant', { email: `private-${randomUUID().slice(0, 6)}@example.org` });
    const someone = await api.userWith('operator');
    for (const role of ['executor', 'analyst', 'manager', 'ict', 'applicant'] as const) {
      const token = (await api.userWith(role)).token;
      expect((await api.http.get('/api/v1/users').set(bearer(token))).status, `${role} lists users`).to.equal(403);
      expect((await api.http.get(`/api/v1/users/${someone.id}`).set(bearer(token))).status, `${role} reads a user`).to.equal(403);
    }
    for (const token of [api.adminToken, someone.token]) expect((await api.http.get('/api/v1/users').set(bearer(token))).status).to.equal(200);
  });

  it('never writes an SMS text to a log', async () => {
    const { logger, lines } = capturingLogger();
    const channel = new LoggingSmsChannel(logger);
    const text = `Код підтвердження номера: 493817 ${randomUUID()}`;
    await channel.send({ to: '+380671234567', subject: '', text, html: '', sms: text, messageId: 'm1', eventId: 'e1', template: 'phone_verification' });
    expect(lines.length).to.be.greaterThan(0);
    expect(lines.join('\n')).to.not.include('493817');
  });
});

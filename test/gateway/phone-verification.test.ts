/**
 * 8.1.4 and 10.1 for residents who call: an operator registers their call under their phone; once
 * they confirm that phone in the web cabinet with a code sent by SMS, the call is theirs there too —
 * in the list, on the card and for the rating. Until then, and for anyone else, it is not.
 */
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import type { RunningService } from '../../platform/service.ts';
import type { Channel, OutgoingMessage } from '../../services/notification/channels.ts';
import { notificationEnv } from '../../services/notification/config.ts';
import { startNotification } from '../../services/notification/service.ts';
import { ALWAYS_WORKING } from '../support/calendars.ts';
import { mongoUrlFor, testLogger, testStack } from '../support/stack.ts';
import { bearer, phoneCall, pluck, startApi, type Api } from './support.ts';

/** The SMS provider's side: what the notification service's SMS channel handed over. */
class ProviderInbox implements Channel {
  readonly name = 'sms';
  readonly sent: OutgoingMessage[] = [];
  async send(m: OutgoingMessage) {
    this.sent.push(m);
    return { providerMessageId: `provider-${this.sent.length}` };
  }
  close(): void {}
  /** The confirmation codes sent to `phone` (its request notices go by SMS too). */
  codesTo(phone: string): OutgoingMessage[] {
    return this.sent.filter((m) => m.to === phone && m.template === 'phone_verification');
  }
  /** The six-digit code in the last confirmation SMS to `phone`. */
  codeFor(phone: string): string {
    const last = this.codesTo(phone).at(-1);
    const code = /\b(\d{6})\b/.exec(last?.sms ?? '')?.[1];
    if (!code) throw new Error(`no code was sent to ${phone}`);
    return code;
  }
}

describe('gateway: an applicant confirms their phone and sees their calls', function () {
  this.timeout(120_000);
  let api: Api;
  let notification: RunningService;
  const inbox = new ProviderInbox();
  let seq = 0;
  const freshPhone = (): string => `+38050${String(Date.now() % 100_000).padStart(5, '0')}${String(++seq).padStart(2, '0')}`;

  before(async () => {
    api = await startApi({ name: 'gw_phone', worker: true });
    const s = testStack();
    notification = await startNotification(
      notificationEnv.parse({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        MONGO_URL: mongoUrlFor('gw_phone_notify'),
        NATS_URL: s.NATS_URL,
        SMTP_URL: s.SMTP_URL,
        NOTIFY_DURABLE: `gw-phone-${randomUUID().slice(0, 8)}`,
        NOTIFY_DELIVER_POLICY: 'new',
      }),
      testLogger,
      { sms: inbox },
    );
  });
  after(async () => {
    await notification?.stop();
    await api?.stop();
  });

  /** A cabinet whose phone is not confirmed yet (one opened before registration confirmed phones, or by the staff). */
  const register = async (phone: string): Promise<string> => (await api.userWith('applicant', { phone, name: 'Марія Іваненко', unconfirmed: true })).token;
  const callFrom = async (phone: string): Promise<string> => {
    const operator = (await api.userWith('operator')).token;
    // An address of its own, so no call is a repeat of another (9.2.3).
    const address = { district: 'Саксаганський', street: `вул. Телефонна ${randomUUID().slice(0, 6)}`, building: '3' };
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ applicant: { name: 'Марія Іваненко', phone }, address }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.number as string;
  };
  const confirm = (token: string, code: string) => api.http.post('/api/v1/auth/phone-verification/confirm').set(bearer(token)).send({ code });

  it('8.1.4 shows a call registered under the phone only once the applicant confirms the phone with the SMS code', async () => {
    const phone = freshPhone();
    const number = await callFrom(phone);
    const applicant = await register(phone);
    const mine = async () => pluck((await api.http.get('/api/v1/requests').set(bearer(applicant))).body.items, 'number');
    expect(await mine(), 'before the phone is confirmed').to.not.include(number);
    expect((await api.http.get(`/api/v1/requests/${number}`).set(bearer(applicant))).status).to.equal(403);

    const sent = await api.http.post('/api/v1/auth/phone-verification').set(bearer(applicant)).send({});
    expect(sent.status, JSON.stringify(sent.body)).to.equal(202);
    expect(sent.body.sentTo).to.equal(`${phone.slice(0, 6)}•••••${phone.slice(-2)}`);
    expect(inbox.codesTo(phone)).to.have.length(1);
    const code = inbox.codeFor(phone);

    const wrong = await confirm(applicant, code === '000000' ? '000001' : '000000');
    expect(wrong.status).to.equal(422);
    expect(wrong.body.error).to.deep.include({ code: 'wrong_code' });
    expect(wrong.body.error.details.attemptsLeft).to.equal(4);
    const right = await confirm(applicant, code);
    expect(right.status, JSON.stringify(right.body)).to.equal(200);
    expect(right.body.phoneVerifiedAt).to.be.a('string');
    expect((await api.http.get('/api/v1/auth/me').set(bearer(applicant))).body.phoneVerifiedAt).to.equal(right.body.phoneVerifiedAt);

    expect(await mine(), 'after the phone is confirmed').to.include(number);
    const card = await api.http.get(`/api/v1/requests/${number}`).set(bearer(applicant));
    expect(card.status).to.equal(200);
    expect(card.body.applicant.phone).to.equal(phone);
    // Someone else's confirmed phone does not open it.
    const other = await register(freshPhone());
    expect((await api.http.get(`/api/v1/requests/${number}`).set(bearer(other))).status).to.equal(403);
  });

  it('10.1 lets the applicant who confirmed the phone rate the closed call, and nobody else', async () => {
    expect((await api.http.put('/api/v1/calendar').set(bearer(api.adminToken)).send(ALWAYS_WORKING)).status).to.equal(200);
    const phone = freshPhone();
    const number = await callFrom(phone);
    const executor = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
    const operator = (await api.userWith('operator')).token;
    const act = (token: string, path: string, body: object = {}) => api.http.post(`/api/v1/requests/${number}/${path}`).set(bearer(token)).send(body);
    expect((await act(executor, 'acceptance')).status).to.equal(200);
    const result = {
      result: 'Відновлено тиск',
      unit: 'Аварійна служба',
      enterprise: 'КП «Кривбасводоканал»',
      executorSurname: 'Коваленко',
      executorPhone: '+380671000101',
      date: DateTime.now().setZone('Europe/Kyiv').toISODate()!,
      applicantInformedVia: 'mobile',
    };
    expect((await act(executor, 'closure-proposal', result)).status).to.equal(200);
    expect((await act(operator, 'review', { decision: 'approve', note: 'Виконано' })).body.status).to.equal('closed');

    const applicant = await register(phone);
    const before = await act(applicant, 'rating', { score: 5 });
    expect(before.status, 'before the phone is confirmed').to.equal(403);
    expect((await api.http.post('/api/v1/auth/phone-verification').set(bearer(applicant)).send({})).status).to.equal(202);
    expect((await confirm(applicant, inbox.codeFor(phone))).status).to.equal(200);
    const rated = await act(applicant, 'rating', { score: 5, comment: 'Дякую' });
    expect(rated.status, JSON.stringify(rated.body)).to.equal(200);
    expect(rated.body.rating).to.include({ score: 5 });
    expect((await act(await register(freshPhone()), 'rating', { score: 1 })).status).to.equal(403);
  });

  it('sends a new code no sooner than a minute after the last, and spends a code after five wrong guesses', async () => {
    const phone = freshPhone();
    const applicant = await register(phone);
    expect((await api.http.post('/api/v1/auth/phone-verification').set(bearer(applicant)).send({})).status).to.equal(202);
    const again = await api.http.post('/api/v1/auth/phone-verification').set(bearer(applicant)).send({});
    expect(again.status).to.equal(429);
    expect(again.body.error.code).to.equal('too_soon');
    expect(Number(again.headers['retry-after'])).to.be.within(1, 60);
    expect(inbox.codesTo(phone), 'one SMS').to.have.length(1);
    // A double click: whatever the two requests race to, one code goes out and neither fails.
    const twice = await register(freshPhone());
    const both = await Promise.all([0, 1].map(() => api.http.post('/api/v1/auth/phone-verification').set(bearer(twice)).send({})));
    expect(both.map((r) => r.status).sort()).to.deep.equal([202, 429]);

    const code = inbox.codeFor(phone);
    const wrongCode = code === '111111' ? '222222' : '111111';
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await confirm(applicant, wrongCode)).status);
    expect(answers).to.deep.equal([422, 422, 422, 422, 429]);
    const late = await confirm(applicant, code);
    expect(late.status, 'the right code after five wrong ones').to.equal(429);
    expect(late.body.error.code).to.equal('too_many_attempts');
    const malformed = await confirm(applicant, '12ab');
    expect(malformed.status).to.equal(400);
    expect(malformed.body.error.details.fields[0].field).to.equal('body.code');
  });
});

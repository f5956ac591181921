/**
 * Item "consultations are an open door" (security issue item 3): online consultations and session
 * bookings (2.9) get what web requests have — a phone confirmed by SMS code, the 5.7 block, the
 * cabinet's daily quota — and a consultation's thread is bounded (messages, characters a message),
 * so its card never nears Temporal's 2 MB payload limit. The reminder's single recipient is tested
 * in test/workflows/consultation.test.ts.
 */
import { expect } from 'chai';
import { CONSULTATION_BOUNDS } from '../../domain/consultations.ts';
import { bearer, fieldsOf, startApi, str, type Api } from '../gateway/support.ts';

const DAILY = 3;

describe('security: consultations and session bookings', function () {
  this.timeout(300_000);
  let api: Api;
  let operator: string;
  let manager: string;
  let ict: string;
  let phoneSeq = 0;
  const freshPhone = () => `+38066${String(3_000_000 + (Date.now() % 1_000_000) + ++phoneSeq).slice(-7)}`;

  before(async () => {
    api = await startApi({ name: 'sec_consult', worker: true, consultations: true, env: { REQUESTS_PER_APPLICANT_PER_DAY: String(DAILY) } });
    [operator, manager, ict] = await Promise.all([api.userWith('operator'), api.userWith('manager'), api.userWith('ict')]).then((us) => us.map((u) => u.token));
  });
  after(async () => {
    await api?.stop();
  });

  const ask = (token: string, body: Record<string, unknown> = {}) => api.http.post('/api/v1/consultations').set(bearer(token)).send({ categoryCode: 'CONSULT-01', question: 'Чи маю я право на субсидію?', ...body });
  const write = (token: string, number: string, path: 'messages' | 'replies' | 'notes', text: string) => api.http.post(`/api/v1/consultations/${number}/${path}`).set(bearer(token)).send({ text });
  const publish = async (capacity = 50): Promise<{ id: string; slotId: string }> => {
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const res = await api.http
      .post('/api/v1/consultation-sessions')
      .set(bearer(operator))
      .send({ topic: 'Житлові субсидії', expert: 'Ірина Мороз', description: 'Запитання й відповіді.', slots: [{ startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), capacity }] });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return { id: str(res.body.id), slotId: str(res.body.slots[0].id) };
  };
  const book = (token: string, s: { id: string; slotId: string }) => api.http.post(`/api/v1/consultation-sessions/${s.id}/bookings`).set(bearer(token)).send({ slotId: s.slotId });

  it('5.7 refuses a question and a booking from a cabinet whose phone is not confirmed by SMS code (403 phone_unconfirmed)', async () => {
    const session = await publish();
    const unconfirmed = await api.userWith('applicant', { unconfirmed: true });
    for (const res of [await ask(unconfirmed.token), await book(unconfirmed.token, session)]) {
      expect(res.status, JSON.stringify(res.body)).to.equal(403);
      expect(res.body.error.code).to.equal('phone_unconfirmed');
      expect(fieldsOf(res)).to.deep.equal(['user.phoneVerifiedAt']);
    }
    const confirmed = await api.userWith('applicant');
    expect((await ask(confirmed.token)).status).to.equal(201);
    expect((await book(confirmed.token, session)).status).to.equal(201);
  });

  it('5.7 refuses a blocked number’s question, booking and follow-up, from the cabinet and by phone (403 phone_blocked)', async () => {
    const session = await publish();
    const phone = freshPhone();
    const resident = await api.userWith('applicant', { phone });
    const before = await ask(resident.token);
    expect(before.status, JSON.stringify(before.body)).to.equal(201);
    const number = str(before.body.number);

    const memo = await api.http.post('/api/v1/refusals').set(bearer(operator)).send({ phone, reason: 'insults', text: 'Образи на адресу оператора' });
    expect(memo.status, JSON.stringify(memo.body)).to.equal(201);
    expect((await api.http.post(`/api/v1/memos/${memo.body.memoId}/approval`).set(bearer(manager)).send({ approve: true, note: 'Підтверджую' })).status).to.equal(200);
    expect((await api.http.post(`/api/v1/memos/${memo.body.memoId}/block`).set(bearer(ict)).send({})).status).to.equal(200);

    const refused = [
      await ask(resident.token),
      await book(resident.token, session),
      await write(resident.token, number, 'messages', 'А якщо я напишу ще раз?'),
      await ask(operator, { applicant: { name: 'Абонент', phone } }),
    ];
    expect(refused.map((r): [number, unknown] => [r.status, (r.body as { error?: { code?: unknown } }).error?.code])).to.deep.equal(Array.from({ length: 4 }, () => [403, 'phone_blocked']));
    // The workers still answer what was asked before the block.
    expect((await write(operator, number, 'replies', 'Відповідь на запитання, поставлене до блокування.')).status).to.equal(200);
  });

  it(`5.7 caps a cabinet’s questions and bookings with its web requests at REQUESTS_PER_APPLICANT_PER_DAY (${DAILY}) a day, 429 with Retry-After, and not the operators’`, async () => {
    const resident = await api.userWith('applicant');
    const [first, second] = [await publish(), await publish()];
    expect((await ask(resident.token)).status).to.equal(201);
    expect((await book(resident.token, first)).status).to.equal(201);
    const request = await api.http
      .post('/api/v1/requests')
      .set(bearer(resident.token))
      .send({ address: { district: 'Інгулецький', street: 'вул. Квотна', building: '3' }, categoryCode: 'ROAD-01', description: 'Яма на дорозі' });
    expect(request.status, JSON.stringify(request.body)).to.equal(201);
    for (const res of [await ask(resident.token), await book(resident.token, second)]) {
      expect(res.status, JSON.stringify(res.body)).to.equal(429);
      expect(res.body.error).to.include({ code: 'rate_limited' });
      expect(res.body.error.details.limit).to.equal('requests.account');
      expect(Number(res.headers['retry-after'])).to.be.within(1, 24 * 3600);
    }
    for (let i = 0; i <= DAILY; i++) expect((await ask(operator, { applicant: { name: 'Абонент', phone: freshPhone() } })).status, 'calls an operator records are not capped').to.equal(201);
  });

  it(`2.9 refuses a text past ${CONSULTATION_BOUNDS.messageChars} characters and a message past ${CONSULTATION_BOUNDS.messages} in one thread with 422 limit_reached naming the field`, async () => {
    const resident = await api.userWith('applicant');
    const long = 'Ж'.repeat(CONSULTATION_BOUNDS.messageChars + 1);
    const question = await ask(resident.token, { question: long });
    expect(question.status, JSON.stringify(question.body).slice(0, 300)).to.equal(422);
    expect(question.body.error.code).to.equal('limit_reached');
    expect(fieldsOf(question)).to.deep.equal(['body.question']);

    const created = await ask(resident.token);
    expect(created.status).to.equal(201);
    const number = str(created.body.number);
    for (const [token, path] of [[resident.token, 'messages'], [operator, 'replies'], [operator, 'notes']] as const) {
      const res = await write(token, number, path, long);
      expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).to.equal(422);
      expect(res.body.error.code).to.equal('limit_reached');
      expect(fieldsOf(res)).to.deep.equal(['body.text']);
      expect(res.body.error.details).to.include({ limit: CONSULTATION_BOUNDS.messageChars });
    }
    // A missing text stays a malformed body.
    expect((await api.http.post(`/api/v1/consultations/${number}/messages`).set(bearer(resident.token)).send({})).status).to.equal(400);

    // The thread fills up: the question, then replies and follow-ups in turn.
    for (let i = 1; i < CONSULTATION_BOUNDS.messages; i++) {
      const res = i % 2 ? await write(operator, number, 'replies', `Відповідь ${i}`) : await write(resident.token, number, 'messages', `Уточнення ${i}`);
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(200);
    }
    const card = await api.http.get(`/api/v1/consultations/${number}`).set(bearer(operator));
    expect(card.body.messages).to.have.length(CONSULTATION_BOUNDS.messages);
    const next = card.body.status === 'answered' ? await write(resident.token, number, 'messages', 'Ще одне') : await write(operator, number, 'replies', 'Ще одна');
    expect(next.status, JSON.stringify(next.body)).to.equal(422);
    expect(next.body.error.code).to.equal('limit_reached');
    expect(fieldsOf(next)).to.deep.equal(['body.text']);
    expect(next.body.error.details).to.include({ limit: CONSULTATION_BOUNDS.messages, count: CONSULTATION_BOUNDS.messages });
  });
});

/**
 * Online consultations (2.9) through the API on the real stack: the gateway, intake, the
 * consultations service, the worker and the notification service (mail to the SMTP sink).
 */
import { expect } from 'chai';
import type { RunningService } from '../../platform/service.ts';
import { startNotification } from '../../services/notification/service.ts';
import { mailTo, notificationConfig, uniqueEmail } from '../notification/support.ts';
import { eventually, testLogger } from '../support/stack.ts';
import { bearer, fieldsOf, startApi, str, type Api } from './support.ts';

const SECRET = 'ВНУТРІШНЯ НОТАТКА: мешканець раніше скаржився, перевірити пільгу вручну';
const address = { district: 'Саксаганський', street: 'вул. Героїв АТО', building: '12', apartment: '5' };

describe('online consultations (2.9)', function () {
  this.timeout(120_000);
  let api: Api;
  let notification: RunningService;
  let operator: { token: string };
  let resident: { id: string; token: string; email: string };
  let other: { token: string };

  before(async () => {
    api = await startApi({ name: 'consultations', worker: true, consultations: true });
    notification = await startNotification(notificationConfig(), testLogger);
    operator = await api.userWith('operator');
    const email = uniqueEmail('resident');
    resident = { ...(await api.userWith('applicant', { email })), email };
    other = await api.userWith('applicant');
  });
  after(async () => {
    await notification?.stop();
    await api?.stop();
  });

  const ask = async (question: string) => {
    const res = await api.http.post('/api/v1/consultations').set(bearer(resident.token)).send({ categoryCode: 'CONSULT-01', question });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { number: string; status: string; replyDueAt: string };
  };

  it('2.9 a resident asks in the cabinet; a worker answers and keeps an internal note the resident never sees, on any route or in the email', async () => {
    const c = await ask('Чи маю я право на субсидію, якщо працюю неофіційно?');
    expect(c.number).to.match(new RegExp(`^${api.prefix.slice(0, 7)}K-\\d{4}-\\d{6}$`));
    expect(c).to.include({ status: 'awaiting_reply', channel: 'web' });
    expect(c.replyDueAt).to.be.a('string');
    expect(c).to.not.have.property('internalNotes');

    const wrong = await api.http.post('/api/v1/consultations').set(bearer(resident.token)).send({ categoryCode: 'WATER-02', question: 'Тече кран' });
    expect(wrong.status).to.equal(422);
    expect(fieldsOf(wrong)).to.deep.equal(['body.categoryCode']);
    const asRequest = await api.http.post('/api/v1/requests').set(bearer(resident.token)).send({ address, categoryCode: 'CONSULT-01', description: 'Чи маю я право на субсидію?' });
    expect(asRequest.status, 'a consultation category is not routed to an executor').to.equal(422);
    expect(asRequest.body.error.code).to.equal('consultation_category');

    const n = c.number;
    const noted = await api.http.post(`/api/v1/consultations/${n}/notes`).set(bearer(operator.token)).send({ text: SECRET });
    expect(noted.status, JSON.stringify(noted.body)).to.equal(200);
    expect(JSON.stringify(noted.body)).to.contain(SECRET);
    expect((await api.http.post(`/api/v1/consultations/${n}/notes`).set(bearer(resident.token)).send({ text: 'x' })).status).to.equal(403);

    const answer = 'Так, якщо сукупний дохід сім’ї не перевищує встановленого рівня. Подайте заяву до ЦНАП.';
    const replied = await api.http.post(`/api/v1/consultations/${n}/replies`).set(bearer(operator.token)).send({ text: answer });
    expect(replied.status, JSON.stringify(replied.body)).to.equal(200);
    expect(replied.body).to.include({ status: 'answered' });

    // Every route a resident reads or acts on answers without the note.
    const residentBodies = [
      await api.http.get(`/api/v1/consultations/${n}`).set(bearer(resident.token)),
      await api.http.get('/api/v1/consultations').set(bearer(resident.token)),
      await api.http.post(`/api/v1/consultations/${n}/messages`).set(bearer(resident.token)).send({ text: 'А які саме документи?' }),
    ];
    await api.http.post(`/api/v1/consultations/${n}/replies`).set(bearer(operator.token)).send({ text: 'Паспорт, ІПН і декларацію про доходи.' }).expect(200);
    residentBodies.push(await api.http.post(`/api/v1/consultations/${n}/answered`).set(bearer(resident.token)).send({}));
    residentBodies.push(await api.http.post(`/api/v1/consultations/${n}/rating`).set(bearer(resident.token)).send({ score: 4, comment: 'Дякую' }));
    residentBodies.push(await api.http.post(`/api/v1/consultations/${n}/notes`).set(bearer(resident.token)).send({ text: 'x' }));
    for (const [i, res] of residentBodies.entries()) {
      expect(res.status, `resident call #${i}: ${JSON.stringify(res.body)}`).to.be.oneOf([200, 403]);
      expect(JSON.stringify(res.body), `resident call #${i}`).to.not.contain(SECRET);
      expect(JSON.stringify(res.body)).to.not.contain('internal_note');
    }
    expect(residentBodies[0]!.body).to.not.have.property('internalNotes');
    expect((residentBodies[1]!.body as { items: Array<{ number: string }> }).items.map((i) => i.number)).to.include(n);
    expect(residentBodies[3]!.body).to.deep.include({ status: 'closed', closeReason: 'answered' });
    expect(residentBodies[4]!.body.rating).to.include({ score: 4, comment: 'Дякую' });

    const staffView = await api.http.get(`/api/v1/consultations/${n}`).set(bearer(operator.token));
    expect((staffView.body as { internalNotes: Array<{ text: string }> }).internalNotes.map((x) => x.text)).to.deep.equal([SECRET]);
    expect((await api.http.get(`/api/v1/consultations/${n}`).set(bearer(other.token))).status, 'another resident').to.equal(403);

    const mails = await eventually(async () => {
      const m = (await mailTo(resident.email)).filter((x) => x.subject.includes(n));
      return m.length >= 2 ? m : undefined;
    }, 'both answers emailed to the resident');
    expect(mails[0]!.subject).to.equal(`Консультація № ${n}: надано відповідь`);
    expect(mails.map((m) => m.text).join('\n')).to.contain(answer);
    for (const m of mails) {
      expect(m.text).to.not.contain(SECRET);
      expect(m.html).to.not.contain(SECRET);
    }
  });

  it('2.9 a worker converts a consultation into a request routed by the Classifier, carrying the thread (not the notes) and linked to the consultation', async () => {
    const c = await ask('У під’їзді третій день тече труба, куди звертатися?');
    const n = c.number;
    await api.http.post(`/api/v1/consultations/${n}/notes`).set(bearer(operator.token)).send({ text: SECRET }).expect(200);
    await api.http.post(`/api/v1/consultations/${n}/replies`).set(bearer(operator.token)).send({ text: 'Це аварійна ситуація, зареєструємо звернення.' }).expect(200);

    const refused = await api.http.post(`/api/v1/consultations/${n}/conversion`).set(bearer(operator.token)).send({ categoryCode: 'CONSULT-02', address });
    expect(refused.status).to.equal(422);
    expect(fieldsOf(refused)).to.deep.equal(['body.categoryCode']);
    expect((await api.http.post(`/api/v1/consultations/${n}/conversion`).set(bearer(resident.token)).send({ categoryCode: 'WATER-03', address })).status).to.equal(403);

    const res = await api.http.post(`/api/v1/consultations/${n}/conversion`).set(bearer(operator.token)).send({ categoryCode: 'WATER-03', address, description: 'Витік води в під’їзді' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    const number = str(res.body.request.number);
    expect(res.body.request).to.include({ executorId: 'vodokanal', status: 'in_progress' });
    expect(res.body.consultation).to.deep.include({ status: 'converted' });
    expect(res.body.consultation.convertedTo).to.include({ number, categoryCode: 'WATER-03', executorId: 'vodokanal' });

    const request = await api.http.get(`/api/v1/requests/${number}`).set(bearer(operator.token));
    expect(request.status).to.equal(200);
    expect(request.body).to.include({ categoryCode: 'WATER-03', executorId: 'vodokanal', channel: 'web' });
    expect(request.body.description).to.contain(`консультації № ${n}`);
    expect(request.body.description).to.contain('третій день тече труба');
    expect(request.body.description).to.contain('зареєструємо звернення');
    expect(request.body.description).to.not.contain(SECRET);
    expect((await api.http.get(`/api/v1/requests/${number}`).set(bearer(resident.token))).status, 'the request is the resident’s own').to.equal(200);

    const again = await api.http.post(`/api/v1/consultations/${n}/conversion`).set(bearer(operator.token)).send({ categoryCode: 'WATER-03', address });
    expect(again.status).to.equal(409);
    const seen = await api.http.get(`/api/v1/consultations/${n}`).set(bearer(resident.token));
    expect(seen.body.convertedTo.number).to.equal(number);
    expect(JSON.stringify(seen.body)).to.not.contain(SECRET);
  });

  it('2.9 an operator records a question asked by phone with the caller’s name and phone; a retry with its Idempotency-Key is the same consultation, which waits in the workers’ queue', async () => {
    const missing = await api.http.post('/api/v1/consultations').set(bearer(operator.token)).send({ categoryCode: 'CONSULT-02', question: 'Хто відповідає за прибирання двору?' });
    expect(missing.status).to.equal(400);
    expect(fieldsOf(missing)).to.deep.equal(['body.applicant']);
    const body = { categoryCode: 'CONSULT-02', question: 'Хто відповідає за прибирання двору?', applicant: { name: 'Петро Коваль', phone: '067 555 12 34' } };
    const key = `call-${Date.now()}`;
    const res = await api.http.post('/api/v1/consultations').set(bearer(operator.token)).set('Idempotency-Key', key).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const retry = await api.http.post('/api/v1/consultations').set(bearer(operator.token)).set('Idempotency-Key', key).send(body);
    expect(retry.status).to.equal(201);
    expect(retry.headers['idempotent-replayed'], 'a retry with the same key').to.equal('true');
    expect(retry.body.number, 'the same consultation, not a second one').to.equal(res.body.number);
    const reused = await api.http.post('/api/v1/consultations').set(bearer(operator.token)).set('Idempotency-Key', key).send({ ...body, question: 'Інше питання' });
    expect(reused.status).to.equal(422);
    expect(res.body).to.deep.include({ channel: 'phone', status: 'awaiting_reply', categoryCode: 'CONSULT-02' });
    expect(res.body.applicant).to.deep.equal({ name: 'Петро Коваль', phone: '+380675551234' });
    const queue = await api.http.get('/api/v1/consultations?status=awaiting_reply').set(bearer(operator.token));
    expect((queue.body as { items: Array<{ number: string }> }).items.map((i) => i.number), 'in the workers’ queue').to.include(str(res.body.number));
  });

  it('2.9 staff publish a session; residents book its slots within capacity and are emailed a confirmation; staff see the bookings', async () => {
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const slot = { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), capacity: 1 };
    const published = await api.http
      .post('/api/v1/consultation-sessions')
      .set(bearer(operator.token))
      .send({ topic: 'Житлові субсидії у 2027 році', expert: 'Ірина Мороз, департамент соціальної політики', description: 'Відповіді на запитання мешканців.', slots: [slot] });
    expect(published.status, JSON.stringify(published.body)).to.equal(201);
    const id = str(published.body.id);
    const slotId = str(published.body.slots[0].id);
    const past = await api.http.post('/api/v1/consultation-sessions').set(bearer(operator.token)).send({ topic: 't', expert: 'e', description: 'd', slots: [{ ...slot, startsAt: new Date(Date.now() - 1000).toISOString() }] });
    expect(past.status).to.equal(422);

    const booked = await api.http.post(`/api/v1/consultation-sessions/${id}/bookings`).set(bearer(resident.token)).send({ slotId });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    expect(booked.body.slots[0]).to.include({ free: 0, bookedByMe: true });
    expect(booked.body.slots[0]).to.not.have.property('bookings');
    expect((await api.http.post(`/api/v1/consultation-sessions/${id}/bookings`).set(bearer(resident.token)).send({ slotId })).status, 'booked already').to.equal(422);
    const full = await api.http.post(`/api/v1/consultation-sessions/${id}/bookings`).set(bearer(other.token)).send({ slotId });
    expect(full.status).to.equal(422);
    expect(full.body.error.message).to.contain('fully booked');
    expect((await api.http.post(`/api/v1/consultation-sessions/${id}/slots/${slotId}/held`).set(bearer(operator.token)).send({ note: 'провели' })).status, 'not started yet').to.equal(422);

    const list = await api.http.get('/api/v1/consultation-sessions').set(bearer(other.token));
    const mine = (list.body.items as Array<{ id: string; slots: Array<{ free: number; bookedByMe: boolean }> }>).find((s) => s.id === id)!;
    expect(mine.slots[0]).to.include({ free: 0, bookedByMe: false });
    const staffView = await api.http.get(`/api/v1/consultation-sessions/${id}`).set(bearer(operator.token));
    expect((staffView.body as { slots: Array<{ bookings: Array<{ userId: string }> }> }).slots[0]!.bookings.map((b) => b.userId)).to.deep.equal([resident.id]);

    const [mail] = await eventually(async () => {
      const m = (await mailTo(resident.email)).filter((x) => x.subject.includes('Житлові субсидії'));
      return m.length > 0 ? m : undefined;
    }, 'the booking confirmation');
    expect(mail!.subject).to.equal('Запис на консультацію «Житлові субсидії у 2027 році» підтверджено');
    expect(mail!.text).to.contain('Ірина Мороз');
  });

  it('2.9 shows who booked a session (name, phone, email) to operators and managers only; a resident sees free places, every other role is refused with 403', async () => {
    const startsAt = new Date(Date.now() + 4 * 86_400_000);
    const slot = { startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(), capacity: 5 };
    const published = await api.http.post('/api/v1/consultation-sessions').set(bearer(operator.token)).send({ topic: 'Тарифи на тепло', expert: 'Олег Бондар', description: 'Питання мешканців.', slots: [slot] });
    expect(published.status, JSON.stringify(published.body)).to.equal(201);
    const id = str(published.body.id);
    const phone = '+380671112233';
    const booker = await api.userWith('applicant', { phone, email: uniqueEmail('booker') });
    const booked = await api.http.post(`/api/v1/consultation-sessions/${id}/bookings`).set(bearer(booker.token)).send({ slotId: str(published.body.slots[0].id) });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);

    for (const role of ['operator', 'manager'] as const) {
      const token = role === 'operator' ? operator.token : (await api.userWith(role)).token;
      const one = await api.http.get(`/api/v1/consultation-sessions/${id}`).set(bearer(token));
      expect(one.status, role).to.equal(200);
      expect(one.body.slots[0].bookings[0], role).to.include({ userId: booker.id, phone });
    }
    const list = await api.http.get('/api/v1/consultation-sessions').set(bearer(other.token));
    expect(list.status).to.equal(200);
    const seen = JSON.stringify(list.body);
    expect(seen, 'a resident never reads another booker').to.not.contain(phone);
    expect(seen).to.not.contain(booker.id);

    for (const role of ['executor', 'analyst', 'ict', 'admin'] as const) {
      const { token } = await api.userWith(role);
      const all = await api.http.get('/api/v1/consultation-sessions').set(bearer(token));
      const one = await api.http.get(`/api/v1/consultation-sessions/${id}`).set(bearer(token));
      expect([all.status, one.status], role).to.deep.equal([403, 403]);
      expect(JSON.stringify(all.body) + JSON.stringify(one.body), role).to.not.contain(phone);
    }
  });
});

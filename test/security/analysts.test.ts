/**
 * Analysts read figures, not people: the request cards they read name no applicant — a pseudonymous
 * id stands in, the same for one phone on every request — and their search cannot find a person by
 * name or phone. Operators, who talk to residents, still read the applicant in full.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { bearer, startApi, type Api } from '../gateway/support.ts';

describe('security: analysts read request cards and consultations without personal data', function () {
  this.timeout(180_000);
  let api: Api;

  before(async () => {
    api = await startApi({ name: 'sec_analysts', worker: true, consultations: true });
  });
  after(async () => {
    await api?.stop();
  });

  it('gives analysts the applicant as a pseudonym, the same for one phone on every request, without name, phone, email or apartment', async () => {
    const operator = (await api.userWith('operator')).token;
    const analyst = (await api.userWith('analyst')).token;
    const tag = randomUUID().slice(0, 8);
    const phone = `+38067${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const applicant = { name: `Петренко Олена ${tag}`, phone, email: `olena.${tag}@example.com` };
    const register = async (description: string, who = applicant): Promise<string> => {
      const res = await api.http
        .post('/api/v1/requests')
        .set(bearer(operator))
        .send({ applicant: who, address: { district: 'Довгинцівський', street: `вул. Аналітична ${tag}`, building: '3', apartment: '17' }, categoryCode: 'SEWER-01', description });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body.number as string;
    };
    const first = await register(`Засмічена каналізація ${tag}`);
    const second = await register(`Знову засмічена каналізація ${tag}`);
    const other = await register(`Інший заявник ${tag}`, { name: `Інший ${tag}`, phone: `+38050${String(Date.now() % 10_000_000).padStart(7, '0')}`, email: `other.${tag}@example.com` });
    const comment = await api.http.post(`/api/v1/requests/${first}/comments`).set(bearer(operator)).send({ text: 'Уточнено адресу', public: true });
    expect(comment.status, JSON.stringify(comment.body)).to.equal(200);

    const personal = [applicant.name, applicant.phone, applicant.email, '067' + phone.slice(6)];
    const leaks = (body: unknown): string[] => personal.filter((p) => JSON.stringify(body).includes(p));

    const card = await api.http.get(`/api/v1/requests/${first}`).set(bearer(analyst));
    expect(card.status).to.equal(200);
    expect(leaks(card.body), 'personal data in the analyst card').to.deep.equal([]);
    expect(card.body.applicant).to.have.keys(['pseudonym']);
    expect(card.body.applicant.pseudonym).to.match(/^A-[A-Z0-9]{12}$/);
    expect(card.body.address).to.not.have.property('apartment');
    expect(card.body.address.street).to.equal(`вул. Аналітична ${tag}`);

    const list = await api.http.get('/api/v1/requests').query({ q: tag, pageSize: 50 }).set(bearer(analyst));
    expect(list.status).to.equal(200);
    expect(leaks(list.body), 'personal data in the analyst list').to.deep.equal([]);
    const byNumber = new Map((list.body.items as Array<{ number: string; applicant: { pseudonym: string } }>).map((c) => [c.number, c.applicant.pseudonym]));
    expect([...byNumber.keys()]).to.include.members([first, second, other]);
    expect(byNumber.get(second), 'one phone, one pseudonym').to.equal(card.body.applicant.pseudonym);
    expect(byNumber.get(other), 'another phone, another pseudonym').to.not.equal(card.body.applicant.pseudonym);

    // The operator, who talks to residents, reads the applicant in full.
    const operatorCard = await api.http.get(`/api/v1/requests/${first}`).set(bearer(operator));
    expect(operatorCard.body.applicant).to.include({ name: applicant.name, phone: applicant.phone, email: applicant.email });
    expect(operatorCard.body.address.apartment).to.equal('17');
  });

  it('does not let an analyst find requests by an applicant’s name or phone', async () => {
    const operator = (await api.userWith('operator')).token;
    const analyst = (await api.userWith('analyst')).token;
    const tag = randomUUID().slice(0, 8);
    const phone = `+38068${String((Date.now() + 7) % 10_000_000).padStart(7, '0')}`;
    const res = await api.http
      .post('/api/v1/requests')
      .set(bearer(operator))
      .send({ applicant: { name: `Шукана ${tag}`, phone }, address: { district: 'Довгинцівський', street: 'вул. Пошукова', building: '1' }, categoryCode: 'SEWER-01', description: 'Засмічена каналізація' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const numbers = (body: { items: Array<{ number: string }> }): string[] => body.items.map((c) => c.number);
    for (const q of [`Шукана ${tag}`, phone]) {
      const asOperator = await api.http.get('/api/v1/requests').query({ q }).set(bearer(operator));
      expect(numbers(asOperator.body as never), `operator searches ${q}`).to.include(res.body.number);
      const asAnalyst = await api.http.get('/api/v1/requests').query({ q }).set(bearer(analyst));
      expect(asAnalyst.status).to.equal(200);
      expect(numbers(asAnalyst.body as never), `analyst searches ${q}`).to.not.include(res.body.number);
    }
  });

  it('does not let an analyst download the files attached to requests, which carry residents’ homes and names', async () => {
    const operator = (await api.userWith('operator')).token;
    const analyst = (await api.userWith('analyst')).token;
    const uploaded = await api.http.post('/api/v1/attachments').set(bearer(operator)).attach('file', Buffer.from('%PDF-1.4\n%%EOF\n'), 'акт.pdf');
    expect(uploaded.status, JSON.stringify(uploaded.body)).to.equal(201);
    const id = (uploaded.body as { id: string }).id;
    const res = await api.http
      .post('/api/v1/requests')
      .set(bearer(operator))
      .send({ applicant: { name: 'Заявник з фото', phone: '+380671234567' }, address: { district: 'Довгинцівський', street: 'вул. Фото', building: '2' }, categoryCode: 'SEWER-01', description: 'Фото додано', attachmentIds: [id] });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect((await api.http.get(`/api/v1/attachments/${id}`).set(bearer(operator))).status).to.equal(200);
    const asAnalyst = await api.http.get(`/api/v1/attachments/${id}`).set(bearer(analyst));
    expect(asAnalyst.status).to.equal(403);
    expect(asAnalyst.body.error.code).to.equal('not_yours');
  });

  it('gives analysts consultations with the applicant as the same pseudonym as on their requests, and no internal notes, in the card and the queue', async () => {
    const operator = (await api.userWith('operator')).token;
    const analyst = (await api.userWith('analyst')).token;
    const tag = randomUUID().slice(0, 8);
    const phone = `+38097${String((Date.now() + 11) % 10_000_000).padStart(7, '0')}`;
    const applicant = { name: `Консультована ${tag}`, phone, email: `consult.${tag}@example.com` };
    const asked = await api.http.post('/api/v1/consultations').set(bearer(operator)).send({ categoryCode: 'CONSULT-02', question: `Хто прибирає двір? ${tag}`, applicant });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    const number = (asked.body as { number: string }).number;
    const secret = `Внутрішня нотатка ${tag}`;
    expect((await api.http.post(`/api/v1/consultations/${number}/notes`).set(bearer(operator)).send({ text: secret })).status).to.equal(200);
    const request = await api.http
      .post('/api/v1/requests')
      .set(bearer(operator))
      .send({ applicant, address: { district: 'Довгинцівський', street: 'вул. Консультаційна', building: '5' }, categoryCode: 'SEWER-01', description: `Засмічена каналізація ${tag}` });
    expect(request.status, JSON.stringify(request.body)).to.equal(201);

    const personal = [applicant.name, applicant.phone, applicant.email, secret];
    const leaks = (body: unknown): string[] => personal.filter((p) => JSON.stringify(body).includes(p));
    const card = await api.http.get(`/api/v1/consultations/${number}`).set(bearer(analyst));
    expect(card.status).to.equal(200);
    expect(leaks(card.body), 'personal data in the analyst consultation').to.deep.equal([]);
    expect(card.body).to.not.have.property('internalNotes');
    const requestCard = await api.http.get(`/api/v1/requests/${(request.body as { number: string }).number}`).set(bearer(analyst));
    expect(card.body.applicant, 'one phone, one pseudonym across requests and consultations').to.deep.equal(requestCard.body.applicant);
    const queue = await api.http.get('/api/v1/consultations').set(bearer(analyst));
    expect(queue.status).to.equal(200);
    expect(leaks(queue.body), 'personal data in the analyst queue').to.deep.equal([]);
    const inQueue = (queue.body.items as Array<{ number: string; applicant: unknown }>).find((c) => c.number === number);
    expect(inQueue?.applicant).to.deep.equal(card.body.applicant);

    const asOperator = await api.http.get(`/api/v1/consultations/${number}`).set(bearer(operator));
    expect(asOperator.body.applicant).to.include({ name: applicant.name, phone: applicant.phone });
  });
});

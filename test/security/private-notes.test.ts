/**
 * Item "private comments reach applicants": staff notes — internal comments, the reasons and notes of
 * decisions, inspection findings — never reach the applicant, by any route they can take: the card,
 * the list, an action's answer, or the emails the events send them.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { RunningService } from '../../platform/service.ts';
import { startNotification } from '../../services/notification/service.ts';
import { ALWAYS_WORKING } from '../support/calendars.ts';
import { eventually, testLogger } from '../support/stack.ts';
import { bearer, pluck, startApi, type Api } from '../gateway/support.ts';
import { mailTo, notificationConfig, uniqueEmail } from '../notification/support.ts';

const result = {
  result: 'Прочищено каналізаційний випуск',
  unit: 'Аварійна служба',
  enterprise: 'КП «Кривбасводоканал»',
  executorSurname: 'Коваленко',
  executorPhone: '+380671000101',
  /** 7.5: the day the information is written, in Kyiv, read when sent (a run may cross midnight). */
  get date(): string {
    return DateTime.now().setZone('Europe/Kyiv').toISODate()!;
  },
  applicantInformedVia: 'email',
};

describe('security: nothing that is not public reaches an applicant', function () {
  this.timeout(180_000);
  let api: Api;
  let notification: RunningService;

  before(async () => {
    api = await startApi({ name: 'sec_private_notes', worker: true });
    notification = await startNotification(notificationConfig(), testLogger);
  });
  after(async () => {
    await notification?.stop();
    await api?.stop();
  });

  it('8.1.3 keeps internal comments, decision notes and inspection findings out of the card, the list, action answers and emails', async () => {
    expect((await api.http.put('/api/v1/calendar').set(bearer(api.adminToken)).send(ALWAYS_WORKING)).status).to.equal(200);
    const email = uniqueEmail('applicant');
    const applicant = await api.userWith('applicant', { email });
    const operator = (await api.userWith('operator')).token;
    const executor = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
    const act = async (token: string, n: string, path: string, body: object = {}) => {
      const res = await api.http.post(`/api/v1/requests/${n}/${path}`).set(bearer(token)).send(body);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(200);
      return res;
    };
    const secret = (what: string): string => `SECRET-${what}-${randomUUID().slice(0, 6)}`;

    const created = await api.http
      .post('/api/v1/requests')
      .set(bearer(applicant.token))
      .send({ address: { district: 'Довгинцівський', street: `вул. Приватна ${randomUUID().slice(0, 6)}`, building: '9' }, categoryCode: 'SEWER-01', description: 'Засмічена каналізація' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const n = created.body.number as string;

    await act(executor, n, 'acceptance');
    const notes = {
      privateComment: secret('inquiry'),
      changeReason: secret('change-reason'),
      changeNote: secret('change-note'),
      inspection: secret('inspection'),
      findings: secret('findings'),
      rework: secret('rework'),
      closing: secret('closing'),
    };
    const publicText = `Публічна відповідь ${randomUUID().slice(0, 6)}`;
    await act(operator, n, 'comments', { text: notes.privateComment, public: false });
    await act(executor, n, 'comments', { text: publicText, public: true });
    await act(executor, n, 'executor-change', { reason: notes.changeReason });
    await act(operator, n, 'executor-change/decision', { approve: false, note: notes.changeNote });
    await act(operator, n, 'inspection', { scheduledAt: DateTime.now().plus({ days: 1 }).toISO(), note: notes.inspection });
    await act(operator, n, 'inspection/outcome', { heldAt: DateTime.now().toISO(), findings: notes.findings, workDone: false });
    await act(executor, n, 'closure-proposal', result);
    await act(operator, n, 'review', { decision: 'rework', note: notes.rework });
    await act(executor, n, 'closure-proposal', result);
    const closed = await act(operator, n, 'review', { decision: 'approve', note: notes.closing });
    expect(closed.body.status).to.equal('closed');

    // The staff see every note: the test's notes are really on the request.
    const staffCard = JSON.stringify((await api.http.get(`/api/v1/requests/${n}`).set(bearer(operator))).body);
    for (const s of Object.values(notes)) expect(staffCard, 'the staff card').to.include(s);

    const leaks = (what: string, body: unknown): void => {
      const text = JSON.stringify(body);
      for (const [name, s] of Object.entries(notes)) expect(text, `${what} shows the ${name}`).to.not.include(s);
      expect(text, `${what} shows no staff note at all`).to.not.include('SECRET-');
    };
    const card = await api.http.get(`/api/v1/requests/${n}`).set(bearer(applicant.token));
    expect(card.status).to.equal(200);
    leaks('the card', card.body);
    expect(pluck(card.body.comments, 'text')).to.deep.equal([publicText]);
    expect(JSON.stringify(card.body.history), 'the public comment stays in the history').to.include(publicText);

    const list = await api.http.get('/api/v1/requests').set(bearer(applicant.token));
    expect(pluck(list.body.items, 'number')).to.include(n);
    leaks('the list', list.body);
    const searched = await api.http.get('/api/v1/requests').query({ q: n }).set(bearer(applicant.token));
    leaks('a search', searched.body);

    const rated = await act(applicant.token, n, 'rating', { score: 4, comment: 'Дякую' });
    leaks("the rating's answer", rated.body);
    expect(JSON.stringify(rated.body.history), "the applicant's own rating note").to.include('Дякую');

    // The emails the applicant got: registered, returned for rework, closed.
    const mails = await eventually(async () => {
      const got = await mailTo(email);
      return got.length >= 3 ? got : undefined;
    }, 'the applicant’s three emails', 60_000);
    for (const m of mails) leaks(`the email "${m.subject}"`, { subject: m.subject, text: m.text, html: m.html });
  });
});

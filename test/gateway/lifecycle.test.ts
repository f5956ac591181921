import { expect } from 'chai';
import { DateTime } from 'luxon';
import { DEFAULT_CALENDAR, deadlineFrom, nextWorkingStart, type WorkingCalendar } from '../../domain/calendar.ts';
import { ALWAYS_WORKING } from '../support/calendars.ts';
import { eventually } from '../support/stack.ts';
import { type Api, bearer, fieldsOf, lastAt, phoneCall, pluck, startApi, str } from './support.ts';

const PDF = Buffer.from('%PDF-1.4\n% act of inspection\n%%EOF\n');

/** Every 7.5 field of a closure proposal. */
const result = {
  result: 'Прочищено каналізаційний випуск, подачу відновлено',
  unit: 'Аварійна служба',
  enterprise: 'КП «Кривбасводоканал»',
  executorSurname: 'Коваленко',
  executorPhone: '+380671000101',
  /** 7.5: the day the information is written, in Kyiv, read when sent (a run may cross midnight). */
  get date(): string {
    return DateTime.now().setZone('Europe/Kyiv').toISODate()!;
  },
  applicantInformedVia: 'mobile',
};

/** Today (in Kyiv) is a public holiday with martial law off: now is out of hours whatever the time (9.2.4). */
function todayOff(): WorkingCalendar {
  const today = DateTime.now().setZone('Europe/Kyiv').toISODate()!;
  return { ...structuredClone(DEFAULT_CALENDAR), holidays: [today], extraWorkingDays: [], martialLaw: false };
}

describe('gateway: the request lifecycle over HTTP', function () {
  this.timeout(180_000);
  let api: Api;
  let operator: string;
  let manager: string;
  let executor: string;
  let otherExecutor: string;
  let applicant: string;

  before(async () => {
    api = await startApi({ name: 'gw_lifecycle', worker: true });
    operator = (await api.userWith('operator')).token;
    manager = (await api.userWith('manager')).token;
    executor = (await api.userWith('executor', { executorId: 'vodokanal', name: 'Олена Коваленко' })).token;
    otherExecutor = (await api.userWith('executor', { executorId: 'teplomerezha' })).token;
    applicant = (await api.userWith('applicant', { name: 'Наталія Шевченко' })).token;
  });
  after(async () => {
    await api?.stop();
  });

  const setCalendar = async (cal: WorkingCalendar): Promise<void> => {
    const res = await api.http.put('/api/v1/calendar').set(bearer(api.adminToken)).send(cal);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  };
  const act = (token: string, number: string, path: string, body: object = {}) => api.http.post(`/api/v1/requests/${number}/${path}`).set(bearer(token)).send(body);
  const card = async (token: string, number: string) =>
    (await api.http.get(`/api/v1/requests/${number}`).set(bearer(token))).body as { status: string; comments: Array<{ text: string; at: string; author: object }> };

  /** A web request from the applicant, routed to vodokanal (SEWER-01, 24 h), at an address of its own. */
  async function webRequest(): Promise<string> {
    const res = await api.http
      .post('/api/v1/requests')
      .set(bearer(applicant))
      .send({ address: { district: 'Довгинцівський', street: `вул. Лісового ${Math.random().toString(36).slice(2, 8)}`, building: '9' }, categoryCode: 'SEWER-01', description: 'Засмічена каналізація в підвалі' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.number as string;
  }

  /** A request the applicant can rate: accepted, proposed for closure and closed by the operator. */
  async function closedRequest(): Promise<string> {
    await setCalendar(ALWAYS_WORKING);
    const n = await webRequest();
    expect((await act(executor, n, 'acceptance')).status).to.equal(200);
    expect((await act(executor, n, 'closure-proposal', result)).status).to.equal(200);
    const review = await act(operator, n, 'review', { decision: 'approve', note: 'Виконано' });
    expect(review.status, JSON.stringify(review.body)).to.equal(200);
    expect(review.body.status).to.equal('closed');
    return n;
  }

  async function upload(token: string): Promise<string> {
    const res = await api.http.post('/api/v1/attachments').set(bearer(token)).attach('file', PDF, 'акт.pdf');
    expect(res.status).to.equal(201);
    return res.body.id as string;
  }

  it('8.1.2 the executor takes the request into work, once; another executor may not touch it', async () => {
    const n = await webRequest();
    const foreign = await act(otherExecutor, n, 'acceptance');
    expect(foreign.status).to.equal(403);
    const accepted = await act(executor, n, 'acceptance');
    expect(accepted.status).to.equal(200);
    expect(accepted.body.acceptedAt).to.be.a('string');
    expect(pluck(accepted.body.history, 'action')).to.include('accepted');
    const again = await act(executor, n, 'acceptance');
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('wrong_status');
  });

  it('8.1.3 keeps timestamped comments with their authors; the applicant sees only the public ones', async () => {
    const n = await webRequest();
    const pub = await act(executor, n, 'comments', { text: 'Бригада виїхала на місце', public: true });
    expect(pub.status).to.equal(200);
    await act(executor, n, 'comments', { text: 'Потрібна техніка з іншої дільниці', public: false });
    await act(operator, n, 'comments', { text: '9.2.3 запит щодо бездіяльності виконавця', public: false });
    const staff = await card(operator, n);
    expect(pluck(staff.comments, 'text')).to.deep.equal(['Бригада виїхала на місце', 'Потрібна техніка з іншої дільниці', '9.2.3 запит щодо бездіяльності виконавця']);
    expect(staff.comments[0]!.author).to.include({ role: 'executor', name: 'Олена Коваленко' });
    expect(Date.parse(staff.comments[0]!.at)).to.be.closeTo(Date.now(), 60_000);
    const own = await card(applicant, n);
    expect(pluck(own.comments, 'text')).to.deep.equal(['Бригада виїхала на місце']);
    const empty = await act(executor, n, 'comments', { text: '  ' });
    expect(empty.status).to.equal(400);
    expect(empty.body.error.details.fields[0].field).to.equal('body.text');
    expect((await act(applicant, n, 'comments', { text: 'Коли?' })).status).to.equal(403);
  });

  it('8.2.1 an executor asks to hand a request over; the operator reassigns it and the new executor sees it', async () => {
    const n = await webRequest();
    const asked = await act(executor, n, 'executor-change', { reason: 'Аварія на тепловій мережі, не наша компетенція' });
    expect(asked.status).to.equal(200);
    expect(asked.body.status).to.equal('executor_change_requested');
    const ghost = await act(operator, n, 'executor-change/decision', { approve: true, executorId: 'no-such-executor', note: '' });
    expect(ghost.status).to.equal(422);
    expect(ghost.body.error.code).to.equal('unknown_executor');
    const decided = await act(operator, n, 'executor-change/decision', { approve: true, executorId: 'teplomerezha', note: 'Передано тепломережі' });
    expect(decided.status, JSON.stringify(decided.body)).to.equal(200);
    expect(decided.body).to.include({ executorId: 'teplomerezha', status: 'in_progress' });
    expect((await api.http.get(`/api/v1/requests/${n}`).set(bearer(otherExecutor))).status).to.equal(200);
    expect((await api.http.get(`/api/v1/requests/${n}`).set(bearer(executor))).status).to.equal(403);
    const theirs = await api.http.get('/api/v1/requests').set(bearer(otherExecutor));
    expect(pluck(theirs.body.items, 'number')).to.include(n);
  });

  it('8.2.2 additional control needs documents and a future deadline; while the extended term runs a further extension is the operator\'s alone, and the card says so', async () => {
    // Every instant is working time, so an extended term ends exactly where asked (it ends on a working instant).
    await setCalendar(ALWAYS_WORKING);
    const n = await webRequest();
    const noDocs = await act(executor, n, 'additional-control', { reason: 'Потрібна заміна колектора', proposedDeadline: DateTime.now().plus({ days: 10 }).toISO(), attachmentIds: [] });
    expect(noDocs.status).to.equal(400);
    expect(noDocs.body.error.details.fields[0].field).to.equal('body.attachmentIds');
    const unknownDoc = await act(executor, n, 'additional-control', { reason: 'x', proposedDeadline: DateTime.now().plus({ days: 10 }).toISO(), attachmentIds: ['0123456789abcdef01234567'] });
    expect(unknownDoc.status).to.equal(422);
    expect(unknownDoc.body.error.code).to.equal('unknown_attachment');
    const someoneElses = await upload(operator);
    const foreign = await act(executor, n, 'additional-control', { reason: 'x', proposedDeadline: DateTime.now().plus({ days: 10 }).toISO(), attachmentIds: [someoneElses] });
    expect(foreign.status).to.equal(403);
    expect(foreign.body.error).to.include({ code: 'not_yours' });
    expect(foreign.body.error.details.attachmentIds).to.deep.equal([someoneElses]);
    const act1 = await upload(executor);
    const past = await act(executor, n, 'additional-control', { reason: 'x', proposedDeadline: DateTime.now().minus({ days: 1 }).toISO(), attachmentIds: [act1] });
    expect(past.status).to.equal(422);
    expect(past.body.error.code).to.equal('rule_violation');

    const first = DateTime.now().plus({ days: 10 }).startOf('second');
    const asked = await act(executor, n, 'additional-control', { reason: 'Потрібна заміна колектора', proposedDeadline: first.toISO(), attachmentIds: [act1] });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    expect(asked.body.status).to.equal('additional_control_requested');
    const approved = await act(operator, n, 'additional-control/decision', { approve: true, note: 'Погоджено' });
    expect(approved.status, JSON.stringify(approved.body)).to.equal(200);
    expect(approved.body).to.include({ status: 'in_progress', underAdditionalControl: true, deadlineAt: first.toUTC().toISO({ suppressMilliseconds: false }) });

    expect(approved.body.extensionNeedsManager, 'the extended term runs: no manager for the next one').to.equal(false);

    // Asked again while the extended term runs: no responsible person needed, the operator decides alone.
    const second = first.plus({ days: 20 });
    const act2 = await upload(executor);
    const again = await act(executor, n, 'additional-control', { reason: 'Затримка постачання труб', proposedDeadline: second.toISO(), attachmentIds: [act2] });
    expect(again.status, JSON.stringify(again.body)).to.equal(200);
    expect(again.body.pending).to.deep.include({ kind: 'additional_control' });
    expect(again.body.clockStoppedAt, "the executor's clock stops while the Contact Center decides").to.be.a('string');
    expect((await act(manager, n, 'additional-control/manager-approval', { approve: true })).status, 'no sign-off is awaited').to.equal(409);
    const byOperator = await act(operator, n, 'additional-control/decision', { approve: true, note: 'Погоджено' });
    expect(byOperator.status, JSON.stringify(byOperator.body)).to.equal(200);
    expect(byOperator.body).to.include({ status: 'in_progress', additionalControlCount: 2, deadlineAt: second.toUTC().toISO() });
    expect(byOperator.body.pending).to.equal(undefined);
    expect(byOperator.body.clockStoppedAt).to.equal(undefined);
  });

  it('8.2.1 the Contact Center brings in a co-executor: it sees the request in its queue, comments and proposes its part; closure waits for the part', async () => {
    await setCalendar(ALWAYS_WORKING);
    const n = await webRequest();
    // The executor asks for a change; the operator answers by bringing in another executor instead.
    expect((await act(executor, n, 'executor-change', { reason: 'Потрібна тепломережа для частини робіт' })).status).to.equal(200);
    expect((await act(otherExecutor, n, 'part', { result: 'x', date: result.date })).status, 'not a co-executor yet').to.equal(403);
    expect((await act(executor, n, 'co-executors', { executorId: 'teplomerezha', task: 'x' })).status, 'the operator brings them in').to.equal(403);
    const ghost = await act(operator, n, 'co-executors', { executorId: 'no-such-executor', task: 'x' });
    expect(ghost.status).to.equal(422);
    expect(fieldsOf(ghost)).to.include('body.executorId');
    const involved = await act(operator, n, 'co-executors', { executorId: 'teplomerezha', task: 'Відновити теплоізоляцію труби' });
    expect(involved.status, JSON.stringify(involved.body)).to.equal(200);
    expect(involved.body).to.include({ status: 'in_progress', executorId: 'vodokanal' });
    expect(involved.body.coExecutors[0]).to.deep.include({ task: 'Відновити теплоізоляцію труби', executor: { id: 'teplomerezha', name: involved.body.coExecutors[0].executor.name, ...(involved.body.coExecutors[0].executor.email ? { email: involved.body.coExecutors[0].executor.email } : {}) } });
    expect((await act(operator, n, 'co-executors', { executorId: 'teplomerezha', task: 'ще раз' })).status, 'already a co-executor').to.equal(422);
    expect((await act(operator, n, 'co-executors', { executorId: 'vodokanal', task: 'x' })).status, "the request's own executor").to.equal(422);

    // The co-executor's queue lists it; it reads the card and comments.
    const queue = await api.http.get('/api/v1/requests').query({ status: 'in_progress', pageSize: 100 }).set(bearer(otherExecutor));
    expect(queue.status).to.equal(200);
    expect(pluck(queue.body.items, 'number')).to.include(n);
    expect((await api.http.get(`/api/v1/requests/${n}`).set(bearer(otherExecutor))).status).to.equal(200);
    expect((await act(otherExecutor, n, 'comments', { text: 'Бригада тепломережі виїхала', public: true })).status).to.equal(200);
    expect((await act(otherExecutor, n, 'acceptance')).status, 'only the executor accepts and proposes closure').to.equal(403);
    expect((await act(otherExecutor, n, 'closure-proposal', result)).status).to.equal(403);

    // Closure waits for the part.
    const early = await act(executor, n, 'closure-proposal', result);
    expect(early.status).to.equal(422);
    expect(early.body.error.message).to.contain('teplomerezha');
    const part = await act(otherExecutor, n, 'part', { result: 'Теплоізоляцію відновлено', date: result.date });
    expect(part.status, JSON.stringify(part.body)).to.equal(200);
    expect(part.body.coExecutors[0].part).to.include({ result: 'Теплоізоляцію відновлено', date: result.date });
    expect((await act(otherExecutor, n, 'part', { result: 'ще', date: result.date })).status, 'once').to.equal(409);
    const proposed = await act(executor, n, 'closure-proposal', result);
    expect(proposed.status, JSON.stringify(proposed.body)).to.equal(200);
    expect(proposed.body.status).to.equal('closure_proposed');
  });

  it('8.2.3 an approved inclusion in the СЕР plans takes the request out of the ordinary deadline', async () => {
    const n = await webRequest();
    const doc = await upload(executor);
    const asked = await act(executor, n, 'strategic-plan', { reason: 'Реконструкція мережі за кошти бюджету 2027', attachmentIds: [doc] });
    expect(asked.status).to.equal(200);
    expect(asked.body.status).to.equal('strategic_plan_requested');
    const noPlan = await act(operator, n, 'strategic-plan/decision', { approve: true, note: 'Включено до плану СЕР' });
    expect(noPlan.status).to.equal(422);
    expect(fieldsOf(noPlan)).to.deep.equal(['body.planYear']);
    const approved = await act(operator, n, 'strategic-plan/decision', { approve: true, planYear: 2027, note: 'Включено до плану СЕР' });
    expect(approved.status).to.equal(200);
    expect(approved.body).to.include({ status: 'strategic_plan', deadlineAt: null });
    expect(approved.body.strategicPlan).to.include({ planYear: 2027 });
    const listed = await api.http.get('/api/v1/requests?status=strategic_plan').set(bearer(operator));
    expect(pluck(listed.body.items, 'number')).to.include(n);
  });

  it("8.2.2 the acts filed with a request are read by the executor's staff and the Contact Center, not by another executor or the applicant", async () => {
    const n = await webRequest();
    const doc = await upload(executor);
    const asked = await act(executor, n, 'additional-control', { reason: 'Потрібна заміна колектора', proposedDeadline: DateTime.now().plus({ days: 10 }).toISO(), attachmentIds: [doc] });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    expect(asked.body.attachmentIds).to.include(doc);
    const colleague = (await api.userWith('executor', { executorId: 'vodokanal' })).token;
    const download = (token: string) => api.http.get(`/api/v1/attachments/${doc}`).set(bearer(token));
    expect((await download(colleague)).status, 'a colleague at the same executor').to.equal(200);
    expect((await download(operator)).status, 'the operator who decides on it').to.equal(200);
    expect((await download(manager)).status, 'a manager').to.equal(200);
    const stranger = await download(otherExecutor);
    expect(stranger.status, 'another executor').to.equal(403);
    expect(stranger.body.error.code).to.equal('not_yours');
    expect((await download(applicant)).status, 'the applicant').to.equal(403);
    // A file nobody attached yet stays with its uploader.
    const loose = await upload(executor);
    expect((await api.http.get(`/api/v1/attachments/${loose}`).set(bearer(colleague))).status).to.equal(403);
  });

  it('7.5 8.3 refuses a closure proposal missing a result field with 422 naming it, and accepts a complete one', async () => {
    await setCalendar(ALWAYS_WORKING);
    const n = await webRequest();
    const { executorPhone: _p, applicantInformedVia: _a, ...partial } = result;
    const refused = await act(executor, n, 'closure-proposal', partial);
    expect(refused.status).to.equal(422);
    expect(refused.body.error.code).to.equal('rule_violation');
    expect(fieldsOf(refused)).to.have.members(['body.executorPhone', 'body.applicantInformedVia']);
    const noSuchDay = await act(executor, n, 'closure-proposal', { ...result, date: '2026-02-31' });
    expect(noSuchDay.status).to.equal(422);
    expect(fieldsOf(noSuchDay)).to.deep.equal(['body.date']);
    const notAPhone = await act(executor, n, 'closure-proposal', { ...result, executorPhone: '1234567' });
    expect(notAPhone.status).to.equal(422);
    expect(fieldsOf(notAPhone)).to.deep.equal(['body.executorPhone']);
    const proposed = await act(executor, n, 'closure-proposal', result);
    expect(proposed.status).to.equal(200);
    expect(proposed.body).to.deep.include({ status: 'closure_proposed', result });
  });

  it('9.2.4 refuses a review before the next working day when closure was proposed out of hours (409 with reviewableAt)', async () => {
    const cal = todayOff();
    await setCalendar(cal);
    const n = await webRequest();
    const proposed = await act(executor, n, 'closure-proposal', result);
    expect(proposed.status).to.equal(200);
    const proposedAt = new Date(lastAt(proposed.body));
    const expected = nextWorkingStart(cal, proposedAt).toISOString();
    expect(proposed.body.reviewableAt).to.equal(expected);
    expect(Date.parse(expected)).to.be.greaterThan(Date.now());
    const review = await act(operator, n, 'review', { decision: 'approve', note: '' });
    expect(review.status).to.equal(409);
    expect(review.body.error).to.deep.include({ code: 'not_reviewable_yet' });
    expect(review.body.error.details.reviewableAt).to.equal(expected);
    expect((await card(operator, n)).status).to.equal('closure_proposed');
  });

  it('9.2.4 lets the operator review at once a proposal made in working hours, and return it for rework with the rework term', async () => {
    await setCalendar(ALWAYS_WORKING);
    const n = await webRequest();
    const proposed = await act(executor, n, 'closure-proposal', result);
    expect(Date.parse(str(proposed.body.reviewableAt))).to.be.at.most(Date.now());
    const before = Date.now();
    const rework = await act(operator, n, 'review', { decision: 'rework', note: 'Затоплення не усунено' });
    expect(rework.status).to.equal(200);
    expect(rework.body.status).to.equal('rework');
    // SEWER-01 reworks in 12 hours.
    expect(Date.parse(str(rework.body.deadlineAt))).to.be.within(before + 12 * 3600_000 - 1000, Date.now() + 12 * 3600_000 + 1000);
    const wrong = await act(operator, n, 'review', { decision: 'approve', note: '' });
    expect(wrong.status).to.equal(409);
    expect(wrong.body.error.code).to.equal('wrong_status');
  });

  it('9.2.5 a spot check the applicant does not confirm sends a closed request back for rework', async () => {
    const n = await closedRequest();
    const check = await act(operator, n, 'spot-check', { confirmed: false, note: 'Заявник: проблема лишилась' });
    expect(check.status).to.equal(200);
    expect(check.body).to.include({ status: 'rework', reworkCount: 1 });
    expect(pluck(check.body.history, 'action')).to.include('returned_for_rework');
  });

  it('10.1 the applicant rates a closed request in the cabinet; a good score keeps it closed', async () => {
    const n = await closedRequest();
    expect((await act(operator, n, 'rating', { score: 5 })).status).to.equal(403);
    const bad = await act(applicant, n, 'rating', { score: 7 });
    expect(bad.status).to.equal(400);
    const rated = await act(applicant, n, 'rating', { score: 5, comment: 'Дякую, швидко' });
    expect(rated.status).to.equal(200);
    expect(rated.body).to.deep.include({ status: 'closed' });
    expect(rated.body.rating).to.include({ score: 5, comment: 'Дякую, швидко' });
    const stranger = (await api.userWith('applicant')).token;
    expect((await act(stranger, n, 'rating', { score: 1 })).status).to.equal(403);
  });

  it('10.2.2 a negative rating the operator upholds returns the request for rework within the Classifier rework term', async () => {
    const n = await closedRequest();
    const rated = await act(applicant, n, 'rating', { score: 1, comment: 'Нічого не зроблено' });
    expect(rated.status).to.equal(200);
    const upheld = await act(operator, n, 'rating/verification', { upheld: true, note: 'Підтверджено фотофіксацією' });
    expect(upheld.status).to.equal(200);
    expect(upheld.body.status).to.equal('rework');
    const cal = (await api.http.get('/api/v1/calendar').set(bearer(operator))).body as WorkingCalendar;
    const reworkAt = lastAt(upheld.body);
    expect(upheld.body.deadlineAt).to.equal(deadlineFrom(cal, new Date(reworkAt), { amount: 12, unit: 'hours' }).toISOString());
  });

  it('10.2.1 a negative rating waits for the operator to check it, and one found unfounded leaves the request closed', async () => {
    const n = await closedRequest();
    const rated = await act(applicant, n, 'rating', { score: 2 });
    expect(rated.status).to.equal(200);
    expect(rated.body.status).to.equal('rating_disputed');
    const disputed = await api.http.get('/api/v1/requests?status=rating_disputed').set(bearer(operator));
    expect(pluck(disputed.body.items, 'number')).to.include(n);
    const dismissed = await act(operator, n, 'rating/verification', { upheld: false, note: 'Роботи виконано, фото додано' });
    expect(dismissed.status).to.equal(200);
    expect(dismissed.body.status).to.equal('closed');
  });

  it('9.2.3 closes a repeated request only when the applicant confirms, after inquiries and an inspection', async () => {
    await setCalendar(ALWAYS_WORKING);
    const address = { district: 'Покровський', street: 'вул. Повторна', building: '3' };
    const send = () => api.http.post('/api/v1/requests').set(bearer(applicant)).send({ address, categoryCode: 'WATER-02', description: 'Знову слабкий тиск води' });
    const first = await send();
    const repeat = await send();
    expect(repeat.body).to.include({ repeatOf: first.body.number, repeatCount: 1 });
    const n = repeat.body.number as string;
    expect((await act(operator, n, 'comments', { text: 'Запит виконавцю щодо повторного звернення', public: false })).status).to.equal(200);
    const inspection = await act(operator, n, 'inspection', { scheduledAt: DateTime.now().plus({ days: 2 }).toISO(), note: 'Комісійне обстеження' });
    expect(inspection.status).to.equal(200);
    expect(inspection.body.inspections).to.have.length(1);
    const held = await act(operator, n, 'inspection/outcome', { heldAt: DateTime.now().toISO(), findings: 'Тиск у нормі', workDone: true });
    expect(held.status, JSON.stringify(held.body)).to.equal(200);
    expect(held.body.inspections[0].outcome).to.include({ findings: 'Тиск у нормі', workDone: true });
    // The first request learns it was repeated, and now closes only on its applicant's word too.
    const original = await eventually(async () => {
      const res = await api.http.get(`/api/v1/requests/${str(first.body.number)}`).set(bearer(operator));
      const body = res.body as { repeatedBy?: string[]; requiresApplicantConfirmation?: boolean };
      return body.repeatedBy?.includes(n) ? body : undefined;
    }, 'the first request learns of its repeat');
    expect(original).to.include({ requiresApplicantConfirmation: true });
    await act(executor, n, 'closure-proposal', result);
    const reviewed = await act(operator, n, 'review', { decision: 'approve', note: 'Виконано' });
    expect(reviewed.status).to.equal(200);
    expect(reviewed.body.status).to.equal('closure_proposed');
    expect(reviewed.body.pending.kind).to.equal('applicant_confirmation');
    const confirmed = await act(applicant, n, 'confirmation', { confirmed: true, note: 'Тиск нормальний' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).to.equal(200);
    expect(confirmed.body.status).to.equal('closed');
  });

  it('9.2.3 the applicant\'s "not confirmed" in the cabinet returns the request for rework at once, and the card shows the word and how it came', async () => {
    await setCalendar(ALWAYS_WORKING);
    const address = { district: 'Покровський', street: 'вул. Незгодна', building: '9' };
    const send = () => api.http.post('/api/v1/requests').set(bearer(applicant)).send({ address, categoryCode: 'WATER-02', description: 'Знову немає тиску' });
    await send();
    const n = str((await send()).body.number);
    await act(executor, n, 'closure-proposal', result);
    const phoned = await act(applicant, n, 'confirmation', { confirmed: false, note: 'Тиску досі немає', channel: 'phone_call' });
    expect(phoned.status, 'a call is recorded by the worker who took it').to.equal(422);
    expect(fieldsOf(phoned)).to.deep.equal(['body.channel']);
    const objected = await act(applicant, n, 'confirmation', { confirmed: false, note: 'Тиску досі немає' });
    expect(objected.status, JSON.stringify(objected.body)).to.equal(200);
    expect(objected.body).to.include({ status: 'rework', reworkCount: 1 });
    expect(objected.body.applicantConfirmation).to.include({ confirmed: false, channel: 'cabinet', note: 'Тиску досі немає' });
    expect(objected.body.applicantConfirmation).to.not.have.property('recordedBy');
  });

  it('9.2.3 an operator records only the applicant\'s call, with its time, and never confirms in the applicant\'s place', async () => {
    await setCalendar(ALWAYS_WORKING);
    const address = { district: 'Покровський', street: 'вул. Дзвінка', building: '4' };
    const send = () => api.http.post('/api/v1/requests').set(bearer(applicant)).send({ address, categoryCode: 'WATER-02', description: 'Знову слабкий тиск' });
    await send();
    const n = str((await send()).body.number);
    await act(executor, n, 'closure-proposal', result);
    expect((await act(operator, n, 'review', { decision: 'approve', note: 'Виконано' })).body.pending.kind).to.equal('applicant_confirmation');
    const inPlace = await act(operator, n, 'confirmation', { confirmed: true, note: 'Виконано' });
    expect(inPlace.status).to.equal(422);
    expect(fieldsOf(inPlace)).to.deep.equal(['body.channel']);
    const future = await act(operator, n, 'confirmation', { confirmed: true, channel: 'phone_call', callAt: DateTime.now().plus({ hours: 2 }).toISO() });
    expect(future.status).to.equal(422);
    expect(fieldsOf(future)).to.deep.equal(['body.callAt']);
    const callAt = DateTime.now().minus({ minutes: 20 }).startOf('second').toUTC().toISO();
    const recorded = await act(operator, n, 'confirmation', { confirmed: true, note: 'Заявниця подзвонила: тиск нормальний', channel: 'phone_call', callAt });
    expect(recorded.status, JSON.stringify(recorded.body)).to.equal(200);
    expect(recorded.body.status).to.equal('closed');
    expect(recorded.body.applicantConfirmation).to.include({ confirmed: true, channel: 'phone_call', note: 'Заявниця подзвонила: тиск нормальний' });
    expect(new Date(str(recorded.body.applicantConfirmation.callAt)).getTime()).to.equal(new Date(callAt).getTime());
    expect(recorded.body.applicantConfirmation.recordedBy.id).to.be.a('string').and.not.equal('');
  });

  it('8.1.4 lists filter by status, district, category, executor, overdue, dates and text (each one excluding the rest), sorted by deadline', async () => {
    await setCalendar(ALWAYS_WORKING);
    const numbers: string[] = [];
    for (const code of ['LIFT-02', 'WATER-01', 'TREE-02']) {
      const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: code, address: { district: 'Тернівський', street: 'вул. Сортування', building: code } }));
      numbers.push(res.body.number as string);
    }
    const byDistrict = await api.http.get('/api/v1/requests?district=Тернівський&q=Сортування').set(bearer(operator));
    expect(pluck(byDistrict.body.items, 'number')).to.deep.equal(numbers);
    const deadlines = pluck(byDistrict.body.items, 'deadlineAt');
    expect(deadlines).to.deep.equal([...deadlines].sort());
    const latestFirst = await api.http.get('/api/v1/requests?district=Тернівський&q=Сортування&sort=-deadlineAt').set(bearer(operator));
    expect(pluck(latestFirst.body.items, 'number')).to.deep.equal([...numbers].reverse());
    const lift = await api.http.get('/api/v1/requests?category=lift-02&q=Сортування').set(bearer(operator));
    expect(pluck(lift.body.items, 'number')).to.deep.equal([numbers[0]]);
    const paged = await api.http.get('/api/v1/requests?q=Сортування&pageSize=2&page=2').set(bearer(operator));
    expect(paged.body).to.include({ total: 3, page: 2, pageSize: 2 });
    expect(paged.body.items).to.have.length(1);
    const notOverdue = await api.http.get('/api/v1/requests?q=Сортування&overdue=false&status=in_progress,rework').set(bearer(operator));
    expect(notOverdue.body.total).to.equal(3);
    const today = DateTime.now().setZone('Europe/Kyiv').toISODate();
    const todays = await api.http.get(`/api/v1/requests?q=Сортування&from=${today}&to=${today}`).set(bearer(operator));
    expect(todays.body.total).to.equal(3);
    // Each filter must also exclude: none of this test's requests is overdue, closed, filed tomorrow or teplomerezha's.
    const overdue = await api.http.get('/api/v1/requests?q=Сортування&overdue=true').set(bearer(operator));
    expect(overdue.status).to.equal(200);
    expect(overdue.body.total).to.equal(0);
    const closed = await api.http.get('/api/v1/requests?q=Сортування&status=closed').set(bearer(operator));
    expect(closed.status).to.equal(200);
    expect(closed.body.total).to.equal(0);
    const tomorrow = DateTime.now().setZone('Europe/Kyiv').plus({ days: 1 }).toISODate();
    const fromTomorrow = await api.http.get(`/api/v1/requests?q=Сортування&from=${tomorrow}`).set(bearer(operator));
    expect(fromTomorrow.status).to.equal(200);
    expect(fromTomorrow.body.total).to.equal(0);
    const lifts = await api.http.get('/api/v1/requests?q=Сортування&executorId=lift').set(bearer(operator));
    expect(pluck(lifts.body.items, 'number')).to.deep.equal([numbers[0]]);
    const heating = await api.http.get('/api/v1/requests?q=Сортування&executorId=teplomerezha').set(bearer(operator));
    expect(heating.status).to.equal(200);
    expect(heating.body.total).to.equal(0);
    const badStatus = await api.http.get('/api/v1/requests?status=open').set(bearer(operator));
    expect(badStatus.status).to.equal(400);
    expect(badStatus.body.error.details.fields[0].field).to.equal('query.status');
    const foreign = await api.http.get('/api/v1/requests?executorId=teplomerezha').set(bearer(executor));
    expect(foreign.status).to.equal(403);
  });
});

/**
 * The request lifecycle from the closure proposal to its end (9.2.3–9.2.5, 10.1–10.3): the operator's
 * review on working days, spot checks, repeated requests, the applicant's rating window and rework.
 */
import { expect } from 'chai';
import type { RequestEvent } from '../../contracts/events.ts';
import { deadlineFrom, type WorkingCalendar } from '../../domain/calendar.ts';
import {
  applicant,
  useHarness,
  executor,
  fullResult,
  kyivDate,
  nextKyiv,
  operator,
  plainCalendar,
  strangerApplicant,
  vodokanal,
  type Harness,
  type Started,
} from './harness.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const MONDAY = 1;
const TUESDAY = 2;
const WEDNESDAY = 3;
const FRIDAY = 5;
const SATURDAY = 6;

const types = (events: RequestEvent[]) => events.map((e) => e.type);
const iso = (ms: number) => new Date(ms).toISOString();
const reworkTerm = { amount: 1, unit: 'working_days' } as const;

describe('request lifecycle: review, rating and rework', function () {
  this.timeout(120_000);
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness.h;
  });

  /** A request proposed for closure inside working hours (Tuesday 10:00 Kyiv), then approved. */
  async function closedRequest(over: Parameters<Harness['start']>[0] = {}): Promise<Started> {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start(over);
    await h.act(s, 'accept', executor, {});
    await h.act(s, 'proposeClosure', executor, fullResult);
    const card = await h.act(s, 'review', operator, { decision: 'approve', note: 'Виконано' });
    expect(card.status).to.equal('closed');
    return s;
  }

  /**
   * 9.2.4: proposes closure at `at` and checks the review opens at `opens` ('at once': the proposal
   * instant itself), not a moment earlier.
   */
  async function reviewOpensAt(calendar: WorkingCalendar, at: number, opens: number | 'at once'): Promise<void> {
    await h.calendars.put(calendar);
    await h.advanceTo(at);
    const s = await h.start();
    const card = await h.act(s, 'proposeClosure', executor, fullResult);
    const proposedAt = new Date(card.history.at(-1)!.at).getTime();
    const reviewableAt = opens === 'at once' ? proposedAt : opens;
    expect(card.reviewableAt).to.equal(iso(reviewableAt));
    if (opens !== 'at once') {
      const early = await h.refused(s, 'review', operator, { decision: 'approve', note: '' });
      expect(early).to.deep.equal({
        kind: 'not_reviewable_yet',
        message: `9.2.4 the closure was proposed outside working hours; it can be reviewed from ${iso(reviewableAt)}`,
        details: { reviewableAt: iso(reviewableAt) },
      });
      await h.advanceTo(reviewableAt - MIN);
      expect((await h.refused(s, 'review', operator, { decision: 'approve', note: '' })).kind).to.equal('not_reviewable_yet');
      await h.advanceTo(reviewableAt);
    }
    const reviewed = await h.act(s, 'review', operator, { decision: 'approve', note: 'Перевірено' });
    expect(reviewed.status).to.equal('closed');
    const events = await h.eventsWith(s.number, 'request.closure_proposed');
    expect(events.find((e) => e.type === 'request.closure_proposed')?.data.details).to.include({ reviewableAt: iso(reviewableAt), outOfHours: opens !== 'at once' });
  }

  it('9.2.3 a repeated request stays on control with the operator\'s inquiries and inspection, and closes only when the applicant confirms', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start({ repeatOf: 'KR-2026-000007', repeatCount: 2 });
    expect(s.card).to.include({ requiresApplicantConfirmation: true, repeatOf: 'KR-2026-000007', repeatCount: 2 });
    await h.act(s, 'comment', operator, { text: 'Запит виконавцю: чому не усунено з минулого звернення?', public: false });
    const inspectionAt = iso((await h.now()) + 2 * DAY);
    let card = await h.act(s, 'scheduleInspection', operator, { scheduledAt: inspectionAt, note: 'Комісійне обстеження з виїздом' });
    expect(card.inspections).to.deep.equal([{ scheduledAt: inspectionAt, note: 'Комісійне обстеження з виїздом', by: operator.id }]);

    await h.act(s, 'proposeClosure', executor, fullResult);
    card = await h.act(s, 'review', operator, { decision: 'approve', note: 'Роботи виконано' });
    expect(card.status, 'the operator\'s approval alone does not close it').to.equal('closure_proposed');
    expect(card.pending?.kind).to.equal('applicant_confirmation');
    expect((await h.refused(s, 'review', operator, { decision: 'approve' })).kind).to.equal('wrong_status');
    expect((await h.refused(s, 'confirmResolution', strangerApplicant, { confirmed: true })).kind).to.equal('forbidden');

    card = await h.act(s, 'confirmResolution', applicant, { confirmed: true, note: 'Усе працює' });
    expect(card).to.include({ status: 'closed', applicantConfirmed: true });
    const events = await h.eventsWith(s.number, 'request.closed');
    expect(types(events)).to.include.members(['request.inspection_scheduled', 'request.applicant_confirmation_requested', 'request.closed']);
  });

  it('9.2.3 a repeated request the applicant does not confirm goes back for rework at once, recorded from the applicant\'s call with who took it; a first request needs no confirmation', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const repeated = await h.start({ repeatOf: 'KR-2026-000008', repeatCount: 1 });
    await h.act(repeated, 'proposeClosure', executor, fullResult);
    const inPlace = await h.refused(repeated, 'confirmResolution', operator, { confirmed: true, note: 'Думаю, зроблено' });
    expect(inPlace.message, 'a worker never confirms in the applicant\'s place').to.contain('phone_call');
    const callAt = new Date((await h.now()) - 10 * 60_000).toISOString();
    const card = await h.act(repeated, 'confirmResolution', operator, { confirmed: false, note: 'Заявник каже: досі тече', channel: 'phone_call', callAt });
    expect(card).to.include({ status: 'rework', reworkCount: 1 });
    expect(card.applicantConfirmation).to.deep.include({ confirmed: false, channel: 'phone_call', recordedBy: { id: operator.id, ...(operator.name ? { name: operator.name } : {}) }, callAt });
    expect(card.pending).to.equal(undefined);
    const events = await h.eventsWith(repeated.number, 'request.returned_for_rework');
    expect(events.find((e) => e.type === 'request.applicant_not_confirmed')?.data.details).to.deep.include({ channel: 'phone_call', recordedBy: { id: operator.id, ...(operator.name ? { name: operator.name } : {}) } });
    expect(events.find((e) => e.type === 'request.returned_for_rework')?.data.details).to.include({ origin: '9.2.3' });

    const first = await h.start();
    await h.act(first, 'proposeClosure', executor, fullResult);
    expect((await h.refused(first, 'confirmResolution', applicant, { confirmed: true })).kind).to.equal('rule_violation');
    expect((await h.act(first, 'review', operator, { decision: 'approve' })).status).to.equal('closed');
  });

  it('9.2.4 a proposal made inside working hours can be reviewed at once', async () => {
    await reviewOpensAt(plainCalendar, nextKyiv(await h.now(), TUESDAY, 10), 'at once');
  });

  it('9.2.4 refuses a review before Monday 08:00 when closure was proposed on Friday after 15:45', async () => {
    const at = nextKyiv(await h.now(), FRIDAY, 16);
    await reviewOpensAt(plainCalendar, at, nextKyiv(at, MONDAY, 8));
  });

  it('9.2.4 refuses a review before the next working day when closure was proposed on Saturday', async () => {
    const at = nextKyiv(await h.now(), SATURDAY, 11);
    await reviewOpensAt(plainCalendar, at, nextKyiv(at, MONDAY, 8));
  });

  it('9.2.4 refuses a review during a public holiday when closure was proposed on it', async () => {
    const at = nextKyiv((await h.now()) + DAY, WEDNESDAY, 10);
    const holiday = { ...plainCalendar, holidays: [kyivDate(at)], martialLaw: false };
    await reviewOpensAt(holiday, at, nextKyiv(at, WEDNESDAY + 1, 8));
  });

  it('9.2.4 a public holiday under martial law is a working day, so the proposal can be reviewed at once', async () => {
    const at = nextKyiv((await h.now()) + DAY, WEDNESDAY, 10);
    await reviewOpensAt({ ...plainCalendar, holidays: [kyivDate(at)], martialLaw: true }, at, 'at once');
  });

  it('9.2.4 the operator sends an unresolved proposal back for rework with the Classifier\'s rework term', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start();
    await h.act(s, 'proposeClosure', executor, fullResult);
    const at = await h.now();
    const card = await h.act(s, 'review', operator, { decision: 'rework', note: 'Не відновлено асфальт' });
    expect(card).to.include({ status: 'rework', reworkCount: 1, overdue: false });
    expect(card.pending).to.equal(undefined);
    expect(card.deadlineAt).to.equal(deadlineFrom(plainCalendar, new Date(at), reworkTerm).toISOString());
    const events = await h.eventsWith(s.number, 'request.returned_for_rework');
    expect(events.at(-1)!.data.details).to.include({ origin: '9.2.4', note: 'Не відновлено асфальт', deadlineAt: card.deadlineAt });
  });

  it('9.2.5 a spot check that does not confirm the work returns the closed request for rework', async () => {
    const s = await closedRequest();
    let card = await h.act(s, 'spotCheck', operator, { confirmed: true, note: 'Заявниця підтвердила телефоном' });
    expect(card.status).to.equal('closed');
    const at = await h.now();
    card = await h.act(s, 'spotCheck', operator, { confirmed: false, note: 'Заявник: витік повторився' });
    expect(card).to.include({ status: 'rework', reworkCount: 1 });
    expect(card.deadlineAt).to.equal(deadlineFrom(plainCalendar, new Date(at), reworkTerm).toISOString());
    expect(card.closedAt).to.equal(undefined);
    expect((await h.refused(s, 'spotCheck', operator, { confirmed: true })).kind).to.equal('wrong_status');
    const events = await h.eventsWith(s.number, 'request.returned_for_rework');
    expect(types(events).slice(-3)).to.deep.equal(['request.spot_checked', 'request.spot_checked', 'request.returned_for_rework']);
    expect(events.at(-1)!.data.details).to.include({ origin: '9.2.5' });
  });

  it('10.1 the applicant rates the closed request in the cabinet during the rating window, once per closure', async () => {
    const s = await closedRequest();
    const closed = await h.card(s);
    expect(closed.ratingWindowEndsAt).to.equal(iso(new Date(closed.closedAt!).getTime() + 30 * DAY));
    expect((await h.refused(s, 'rate', strangerApplicant, { score: 5 })).kind).to.equal('forbidden');
    expect((await h.refused(s, 'rate', operator, { score: 5 })).kind).to.equal('forbidden');
    expect((await h.refused(s, 'rate', applicant, { score: 7 })).kind).to.equal('rule_violation');
    const card = await h.act(s, 'rate', applicant, { score: 5, comment: 'Дякую, швидко' });
    expect(card.status).to.equal('closed');
    expect(card.rating).to.deep.include({ score: 5, comment: 'Дякую, швидко' });
    expect((await h.refused(s, 'rate', applicant, { score: 4 })).kind).to.equal('rule_violation');
    const events = await h.eventsWith(s.number, 'request.rated');
    expect(events.at(-1)!.data.details).to.deep.equal({ score: 5, comment: 'Дякую, швидко' });
  });

  it('10.1 when the rating window passes without a rating the request stays closed and the workflow completes', async () => {
    const s = await closedRequest();
    const final = await s.handle.result();
    expect(final.status).to.equal('closed');
    expect(final.history.at(-1)!.action).to.equal('completed');
    expect(new Date(final.history.at(-1)!.at).getTime()).to.be.at.least(new Date(final.ratingWindowEndsAt!).getTime());
    expect((await h.requests.get(s.number))?.version).to.equal(final.version);
    expect(types(await h.eventsWith(s.number, 'request.completed')).at(-1)).to.equal('request.completed');
  });

  it('10.2.1 a negative rating waits for the operator\'s check; a dismissed one leaves the request closed', async () => {
    const s = await closedRequest();
    let card = await h.act(s, 'rate', applicant, { score: 2, comment: 'Калюжа залишилась' });
    expect(card.status).to.equal('rating_disputed');
    expect(card.pending).to.deep.include({ kind: 'rating_check', returnTo: 'closed' });
    expect((await h.refused(s, 'verifyRating', executor, { upheld: false })).kind).to.equal('forbidden');
    expect((await h.refused(s, 'spotCheck', operator, { confirmed: true })).kind).to.equal('wrong_status');
    card = await h.act(s, 'verifyRating', operator, { upheld: false, note: 'Фото підтверджують виконання; калюжа — після дощу' });
    expect(card.status).to.equal('closed');
    expect(card.pending).to.equal(undefined);
    const events = await h.eventsWith(s.number, 'request.rating_dismissed');
    expect(types(events).slice(-3)).to.deep.equal(['request.rated', 'request.rating_disputed', 'request.rating_dismissed']);
    // The rating window still runs out as usual afterwards.
    expect((await s.handle.result()).history.at(-1)!.action).to.equal('completed');
  });

  it('10.2.2 an upheld negative rating returns the request for rework within the Classifier\'s rework term', async () => {
    const s = await closedRequest();
    await h.act(s, 'rate', applicant, { score: 1, comment: 'Нічого не зроблено' });
    const at = await h.now();
    let card = await h.act(s, 'verifyRating', operator, { upheld: true, note: 'Підтверджено виїздом' });
    expect(card).to.include({ status: 'rework', reworkCount: 1, overdue: false });
    expect(card.deadlineAt).to.equal(deadlineFrom(plainCalendar, new Date(at), reworkTerm).toISOString());
    expect(card.ratingWindowEndsAt).to.equal(undefined);
    const events = await h.eventsWith(s.number, 'request.returned_for_rework');
    expect(events.at(-1)!.data.details).to.include({ origin: '10.2.2', deadlineAt: card.deadlineAt });

    // Reworked and closed again, the request can be rated anew.
    await h.act(s, 'proposeClosure', executor, { ...fullResult, result: 'Повторно замінено засувку' });
    await h.act(s, 'review', operator, { decision: 'approve' });
    card = await h.act(s, 'rate', applicant, { score: 4 });
    expect(card).to.deep.include({ status: 'closed', reworkCount: 1 });
  });

  it('10.3 a return for rework publishes request.returned_for_rework naming the executor and its email, for the notification service to mail', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start();
    await h.act(s, 'proposeClosure', executor, fullResult);
    const card = await h.act(s, 'review', operator, { decision: 'rework', note: 'Не усунено' });
    const events = await h.eventsWith(s.number, 'request.returned_for_rework');
    const returned = events.find((e) => e.type === 'request.returned_for_rework')!;
    expect(returned.actor).to.include({ id: operator.id, role: 'operator' });
    expect(returned.data.request).to.deep.include({ number: s.number, status: 'rework', executorId: vodokanal.id, executor: vodokanal, deadlineAt: card.deadlineAt });
    expect(returned.data.details).to.include({ origin: '9.2.4', note: 'Не усунено' });
    expect(returned.data.version).to.equal(card.version);
  });
});

/**
 * The lifecycle's control held where it used to slip (9.2.3 on the original request too, the
 * applicant's "not confirmed", inspection outcomes; 8.2.2 extension count, managers' emails and later
 * deadlines; 8.1.5 missed terms kept; 8.2.3 the plan and the СЕР regime through rework; 7.5 result
 * date and phone), on the time-skipping server with the real activities.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '../../contracts/events.ts';
import { usersRepository } from '../../data/users.repository.ts';
import { deadlineFrom, nextWorkingStart } from '../../domain/calendar.ts';
import { extendedDeadline } from '../../domain/request-transitions.ts';
import { applicant, executor, fullResult, manager, nextKyiv, operator, useHarness, vodokanal, type Harness, type Started } from './harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TUESDAY = 2;
const FRIDAY = 5;

const iso = (ms: number) => new Date(ms).toISOString();
const types = (events: RequestEvent[]) => events.map((e) => e.type);
const last = (events: RequestEvent[], type: RequestEvent['type']) => events.filter((e) => e.type === type).at(-1);

describe('request lifecycle: control that holds', function () {
  this.timeout(120_000);
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness.h;
  });

  /** Waits until the original request's card shows `count` repeats. */
  const repeatedTimes = (s: Started, count: number) => h.cardWhen(s, (c) => c.repeatedBy?.length === count, `${s.number} learns of ${count} repeat(s)`);

  it('9.2.3 the request a later one repeats learns it was repeated (count and numbers), tells its executor, and closes only on its applicant\'s confirmation', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const original = await h.start();
    expect(original.card).to.include({ requiresApplicantConfirmation: false });
    expect(original.card.repeatedBy).to.deep.equal([]);

    const first = await h.start({ repeatOf: original.number, repeatCount: 1 });
    let card = await repeatedTimes(original, 1);
    expect(card.repeatedBy).to.deep.equal([first.number]);
    expect(card.requiresApplicantConfirmation, 'the original stays on control until its applicant confirms').to.equal(true);
    const second = await h.start({ repeatOf: original.number, repeatCount: 2 });
    card = await repeatedTimes(original, 2);
    expect(card.repeatedBy).to.deep.equal([first.number, second.number]);

    const repeated = last(await h.eventsWith(original.number, 'request.repeated'), 'request.repeated')!;
    expect(repeated.data.request.executor, 'the event names the executor to tell').to.deep.equal(vodokanal);
    await eventuallyRepeated(original.number, 2);

    await h.act(original, 'proposeClosure', executor, fullResult);
    card = await h.act(original, 'review', operator, { decision: 'approve', note: 'Виконано' });
    expect(card.status, "the operator's approval alone does not close the original").to.equal('closure_proposed');
    expect(card.pending?.kind).to.equal('applicant_confirmation');
    card = await h.act(original, 'confirmResolution', applicant, { confirmed: true, note: 'Так, працює' });
    expect(card).to.include({ status: 'closed', applicantConfirmed: true });
    expect((await h.requests.get(original.number))?.repeatedBy, 'the read model keeps the repeats').to.deep.equal([first.number, second.number]);
  });

  async function eventuallyRepeated(number: string, count: number): Promise<void> {
    const events = await h.eventsWith(number, 'request.repeated');
    const details = events.filter((e) => e.type === 'request.repeated').map((e) => e.data.details);
    expect(details.at(-1)).to.include({ repeatedCount: count });
    expect(details).to.have.length(count);
  }

  it('9.2.3 the applicant\'s "not confirmed" returns the request for rework at once; nobody closes it over the objection', async () => {
    // Proposed on Friday evening: the operator could review it only on Monday (9.2.4), but the applicant's word needs no review.
    await h.advanceTo(nextKyiv(await h.now(), FRIDAY, 16));
    const s = await h.start({ repeatOf: 'KR-2026-000009', repeatCount: 1 });
    await h.act(s, 'proposeClosure', executor, fullResult);
    let card = await h.act(s, 'confirmResolution', applicant, { confirmed: false, note: 'Досі тече' });
    expect(card).to.include({ status: 'rework', reworkCount: 1 });
    expect(card.applicantConfirmation).to.deep.include({ confirmed: false, channel: 'cabinet', note: 'Досі тече' });
    expect(card.applicantConfirmation?.recordedBy, 'the applicant\'s own word').to.equal(undefined);
    expect((await h.refused(s, 'review', operator, { decision: 'approve', note: 'Комісія підтвердила виконання' })).kind, 'nothing left to approve').to.equal('wrong_status');
    const events = await h.eventsWith(s.number, 'request.returned_for_rework');
    expect(types(events)).to.include('request.applicant_not_confirmed');
    expect(last(events, 'request.returned_for_rework')!.data.details).to.include({ origin: '9.2.3' });

    // The second proposal: the applicant's call recorded by the operator says it is still not done: rework again.
    await h.act(s, 'proposeClosure', executor, fullResult);
    card = await h.act(s, 'confirmResolution', operator, { confirmed: false, note: 'Заявник незадоволений', channel: 'phone_call' });
    expect(card).to.include({ status: 'rework', reworkCount: 2 });
    expect(card.applicantConfirmation).to.deep.include({ confirmed: false, channel: 'phone_call', recordedBy: { id: operator.id, ...(operator.name ? { name: operator.name } : {}) } });
  });

  it('9.2.3 an inspection records its outcome: when it was held, what it found, whether the work is done', async () => {
    const s = await h.start({ repeatOf: 'KR-2026-000010', repeatCount: 1 });
    const now = await h.now();
    expect((await h.refused(s, 'recordInspectionOutcome', operator, { heldAt: iso(now), findings: 'x', workDone: false })).message).to.contain('no inspection');
    await h.act(s, 'scheduleInspection', operator, { scheduledAt: iso(now + DAY), note: 'Комісійний виїзд' });
    await h.advance(DAY + HOUR);
    const heldAt = iso(now + DAY);
    const early = await h.refused(s, 'recordInspectionOutcome', operator, { heldAt: iso((await h.now()) + DAY), findings: 'x', workDone: false });
    expect(early.details).to.deep.include({ fields: [{ field: 'body.heldAt', message: 'must not be in the future' }] });
    const card = await h.act(s, 'recordInspectionOutcome', operator, { heldAt, findings: 'Колектор замінено частково, витік лишається', workDone: false });
    expect(card.inspections[0]).to.deep.include({ scheduledAt: iso(now + DAY), note: 'Комісійний виїзд' });
    expect(card.inspections[0]!.outcome).to.deep.include({ heldAt, findings: 'Колектор замінено частково, витік лишається', workDone: false, by: operator.id });
    expect((await h.refused(s, 'recordInspectionOutcome', operator, { inspection: 1, heldAt, findings: 'again', workDone: true })).message).to.contain('already has its outcome');
    const held = last(await h.eventsWith(s.number, 'request.inspection_held'), 'request.inspection_held')!;
    expect(held.data.details).to.include({ inspection: 1, heldAt, workDone: false });
  });

  it('8.2.2 an extension asked while the extended term runs is the operator\'s alone; after it was missed the manager signs off, and a rework term starts afresh', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start();
    await h.act(s, 'requestAdditionalControl', executor, { reason: 'Заміна колектора', proposedDeadline: iso((await h.now()) + 10 * DAY), attachmentIds: ['act-1'] });
    let card = await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' });
    expect(card).to.include({ underAdditionalControl: true, additionalControlCount: 1, extensionNeedsManager: false });
    // Still within the extended term: no responsible person, no manager.
    await h.act(s, 'requestAdditionalControl', executor, { reason: 'Ще потрібен час', proposedDeadline: iso((await h.now()) + 12 * DAY), attachmentIds: ['memo-2'] });
    card = await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' });
    expect(card).to.include({ status: 'in_progress', additionalControlCount: 2 });
    expect(card.pending).to.equal(undefined);

    // The extended term passes: now the next extension needs a responsible person and the manager.
    await h.advanceTo(new Date(card.deadlineAt!).getTime() + MIN);
    card = await h.cardWhen(s, (c) => c.overdue, 'the missed additional-control term');
    expect(card.extensionNeedsManager).to.equal(true);
    const third = { reason: 'Чекаємо труби', proposedDeadline: iso((await h.now()) + 5 * DAY), attachmentIds: ['memo-3'] };
    expect((await h.refused(s, 'requestAdditionalControl', executor, third)).message).to.contain('responsible person');
    await h.act(s, 'requestAdditionalControl', executor, { ...third, responsiblePerson: 'Головний інженер Сидоренко' });
    card = await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' });
    expect(card.pending?.kind, 'the operator alone cannot grant it').to.equal('manager_approval');
    card = await h.act(s, 'managerApproval', manager, { approve: true, note: '' });
    expect(card).to.include({ additionalControlCount: 3, extensionNeedsManager: false });

    // A rework term is not an additional-control term: the next extension is the operator's again.
    const proposed = await h.act(s, 'proposeClosure', executor, fullResult);
    await h.advanceTo(new Date(proposed.reviewableAt!).getTime());
    card = await h.act(s, 'review', operator, { decision: 'rework', note: 'Не все' });
    expect(card).to.include({ status: 'rework', underAdditionalControl: false, extensionNeedsManager: false });
    await h.act(s, 'requestAdditionalControl', executor, { reason: 'Потрібна техніка', proposedDeadline: iso((await h.now()) + 9 * DAY), attachmentIds: ['memo-4'] });
    expect((await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' })).pending).to.equal(undefined);
  });

  it('8.2.2 the managers are emailed when a sign-off waits, reminded after a working day without a decision, and the admins told a working day later', async () => {
    const email = `head-${randomUUID().slice(0, 8)}@city.example.org`;
    const adminEmail = `admin-${randomUUID().slice(0, 8)}@city.example.org`;
    await usersRepository(h.mongo).create({ login: `head-${randomUUID().slice(0, 8)}`, password: 'manager-pass-1', role: 'manager', name: 'Тарас Мельник', email });
    await usersRepository(h.mongo).create({ login: `admin-${randomUUID().slice(0, 8)}`, password: 'admin-pass-12', role: 'admin', name: 'Олена Адмін', email: adminEmail });
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start();
    await h.act(s, 'requestAdditionalControl', executor, { reason: 'Заміна колектора', proposedDeadline: iso((await h.now()) + 6 * DAY), attachmentIds: ['act-1'] });
    const extended = await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' });
    await h.advanceTo(new Date(extended.deadlineAt!).getTime() + MIN);
    await h.cardWhen(s, (c) => c.overdue, 'the missed additional-control term');
    await h.act(s, 'requestAdditionalControl', executor, { reason: 'Чекаємо труби', proposedDeadline: iso((await h.now()) + 8 * DAY), attachmentIds: ['memo-1'], responsiblePerson: 'Сидоренко' });
    const asked = await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: 'На підпис' });
    const askedAt = new Date(asked.pending!.since).getTime();

    const requested = last(await h.eventsWith(s.number, 'request.manager_approval_requested'), 'request.manager_approval_requested')!;
    expect(requested.data.details.notify).to.include(email);
    const cal = await h.calendars.get();
    const remindAt = nextWorkingStart(cal, deadlineFrom(cal, new Date(askedAt), { amount: 1, unit: 'working_days' })).getTime();
    expect(asked.watch).to.deep.include({ awaiting: 'manager_approval', clause: '8.2.2', remind: 'manager', escalateTo: 'admin', remindAt: iso(remindAt) });

    await h.advanceTo(remindAt - MIN);
    expect(types(await h.eventsOf(s.number))).to.not.include('request.awaiting_reminder');
    await h.advanceTo(remindAt + MIN);
    const reminder = last(await h.eventsWith(s.number, 'request.awaiting_reminder'), 'request.awaiting_reminder')!;
    expect(reminder.data.details).to.deep.include({ awaiting: 'manager_approval', role: 'manager' });
    expect(reminder.data.details.notify).to.include(email);
    const escalateAt = new Date(asked.watch!.escalateAt!).getTime();
    await h.advanceTo(escalateAt + MIN);
    const escalated = last(await h.eventsWith(s.number, 'request.awaiting_escalated'), 'request.awaiting_escalated')!;
    expect(escalated.data.details).to.deep.include({ awaiting: 'manager_approval', role: 'admin', remindedRole: 'manager' });
    expect(escalated.data.details.notify).to.include(adminEmail);
    const card = await h.act(s, 'managerApproval', manager, { approve: true, note: '' });
    expect(card.watch, 'decided: nobody waits').to.equal(undefined);
    await h.advance(3 * DAY);
    expect(types(await h.eventsOf(s.number)).filter((t) => t === 'request.awaiting_reminder'), 'one reminder, none after the decision').to.have.length(1);
  });

  it('8.2.2 refuses a new deadline that is not later than the current one, naming the field', async () => {
    const s = await h.start();
    const current = new Date(s.card.deadlineAt!).getTime();
    const earlier = iso(current - HOUR);
    const refusal = await h.refused(s, 'requestAdditionalControl', executor, { reason: 'x', proposedDeadline: earlier, attachmentIds: ['act-1'] });
    expect(refusal).to.deep.include({ kind: 'rule_violation' });
    expect(refusal.message).to.contain('later than the current deadline');
    expect(refusal.details).to.deep.include({ deadlineAt: s.card.deadlineAt });
    await h.act(s, 'requestAdditionalControl', executor, { reason: 'Заміна колектора', proposedDeadline: iso(current + 5 * DAY), attachmentIds: ['act-1'] });
    const byOperator = await h.refused(s, 'decideAdditionalControl', operator, { approve: true, deadline: s.card.deadlineAt, note: '' });
    expect(byOperator.details).to.deep.include({ fields: [{ field: 'body.deadline', message: `must be later than the current deadline ${s.card.deadlineAt}` }] });
    const granted = await h.act(s, 'decideAdditionalControl', operator, { approve: true, deadline: iso(current + DAY), note: '' });
    // The extended term ends on a working instant.
    expect(granted.deadlineAt).to.equal(iso(extendedDeadline(await h.calendars.get(), current + DAY, Math.max(current, new Date(granted.history.at(-1)!.at).getTime()))));
  });

  it('8.1.5 a missed term is never forgotten: overdueCount and when each term was missed stay on the card and the read model after an extension', async () => {
    const s = await h.start();
    const firstDeadline = s.card.deadlineAt!;
    await h.advanceTo(new Date(firstDeadline).getTime() + MIN);
    let card = await h.cardWhen(s, (c) => c.overdue, 'overdue');
    expect(card.overdueCount).to.equal(1);
    expect(card.missedDeadlines).to.have.length(1);
    expect(card.missedDeadlines?.[0]?.deadlineAt).to.equal(firstDeadline);

    const extended = iso((await h.now()) + 2 * DAY);
    await h.act(s, 'requestAdditionalControl', executor, { reason: 'Заміна колектора', proposedDeadline: extended, attachmentIds: ['act-1'] });
    card = await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' });
    expect(card, 'the flag is cleared by the extension, the count is not').to.include({ overdue: false, overdueCount: 1 });
    const granted = card.deadlineAt!;
    await h.advanceTo(new Date(granted).getTime() + MIN);
    card = await h.cardWhen(s, (c) => c.overdue, 'overdue again');
    expect(card.overdueCount).to.equal(2);
    expect(card.missedDeadlines?.map((m) => m.deadlineAt)).to.deep.equal([firstDeadline, granted]);
    const stored = await h.requests.get(s.number);
    expect(stored).to.deep.include({ overdueCount: 2, missedDeadlines: card.missedDeadlines });
    const overdue = last(await h.eventsWith(s.number, 'request.overdue'), 'request.overdue')!;
    expect(overdue.data.details).to.include({ overdueCount: 2 });
  });

  it('8.2.3 records the СЕР plan the request belongs to, and a СЕР request back from review stays in the СЕР regime', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start();
    await h.act(s, 'requestStrategicPlan', executor, { reason: 'Реконструкція мережі, бюджет', attachmentIds: ['calc-1'] });
    const noPlan = await h.refused(s, 'decideStrategicPlan', operator, { approve: true, note: '' });
    expect(noPlan.message).to.contain('planYear or plannedDate');
    let card = await h.act(s, 'decideStrategicPlan', operator, { approve: true, planYear: 2027, plannedDate: '2027-06-30', note: 'План СЕР 2027' });
    expect(card.status).to.equal('strategic_plan');
    expect(card.strategicPlan).to.deep.include({ planYear: 2027, plannedDate: '2027-06-30', note: 'План СЕР 2027' });

    await h.act(s, 'proposeClosure', executor, fullResult);
    card = await h.act(s, 'review', operator, { decision: 'rework', note: 'Роботи плану ще не завершено' });
    expect(card, 'back to its planned works, not to the ordinary rework term').to.include({ status: 'strategic_plan', deadlineAt: null, overdue: false, reworkCount: 1 });
    await h.advance(30 * DAY);
    expect((await h.card(s)).overdue).to.equal(false);
    const back = last(await h.eventsWith(s.number, 'request.returned_for_rework'), 'request.returned_for_rework')!;
    expect(back.data.details).to.include({ regime: 'strategic_plan', deadlineAt: null });
  });

  it('9.2.4 tells the operators\' queue when a proposal made out of hours becomes reviewable, and not for one made in working hours', async () => {
    const email = `duty-${randomUUID().slice(0, 8)}@city.example.org`;
    await usersRepository(h.mongo).create({ login: `duty-${randomUUID().slice(0, 8)}`, password: 'operator-pass-1', role: 'operator', name: 'Черговий оператор', email });
    await h.advanceTo(nextKyiv(await h.now(), FRIDAY, 16));
    const late = await h.start();
    const proposed = await h.act(late, 'proposeClosure', executor, fullResult);
    const reviewableAt = new Date(proposed.reviewableAt!).getTime();
    await h.advanceTo(reviewableAt - MIN);
    expect(types(await h.eventsOf(late.number))).to.not.include('request.closure_reviewable');
    await h.advanceTo(reviewableAt + MIN);
    const notice = last(await h.eventsWith(late.number, 'request.closure_reviewable'), 'request.closure_reviewable')!;
    expect(new Date(notice.occurredAt).getTime()).to.be.within(reviewableAt, reviewableAt + MIN);
    expect(notice.data.details).to.include({ reviewableAt: proposed.reviewableAt });
    expect(notice.data.details.notify).to.include(email);

    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const inHours = await h.start();
    await h.act(inHours, 'proposeClosure', executor, fullResult);
    await h.advance(DAY);
    expect(types(await h.eventsOf(inHours.number))).to.not.include('request.closure_reviewable');
  });

  it('7.5 refuses a result dated on a day that does not exist or in the future, and an executor phone that is no phone, naming the field', async () => {
    const s = await h.start();
    const noSuchDay = await h.refused(s, 'proposeClosure', executor, { ...fullResult, date: '2026-02-31' });
    expect(noSuchDay).to.deep.include({ kind: 'rule_violation' });
    expect(noSuchDay.message).to.contain('date');
    expect(noSuchDay.details).to.deep.include({ issues: [{ path: 'date', message: 'no such date' }] });
    const tomorrow = new Date((await h.now()) + 2 * DAY).toISOString().slice(0, 10);
    expect((await h.refused(s, 'proposeClosure', executor, { ...fullResult, date: tomorrow })).details).to.deep.include({ issues: [{ path: 'date', message: 'must not be in the future' }] });
    const phone = await h.refused(s, 'proposeClosure', executor, { ...fullResult, executorPhone: '123-45-67' });
    expect(phone.message).to.contain('executorPhone');
    expect(phone.details).to.deep.include({ fields: [{ field: 'body.executorPhone', message: 'must be a Ukrainian phone number, e.g. +380562123456 or 0562123456' }] });
    expect((await h.act(s, 'proposeClosure', executor, fullResult)).status).to.equal('closure_proposed');
  });
});

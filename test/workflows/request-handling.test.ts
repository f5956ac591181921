/**
 * The request lifecycle from registration to the closure proposal (5.12, 7.5, 8.1.x, 8.2.x, 8.3),
 * one scenario per clause, on the time-skipping server with the real activities.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import proto from '@temporalio/proto';
import { expect } from 'chai';
import type { RequestEvent } from '../../contracts/events.ts';
import { DateTime } from 'luxon';
import { deadlineFrom } from '../../domain/calendar.ts';
import { extendedDeadline } from '../../domain/request-transitions.ts';
import {
  applicant,
  useHarness,
  executor,
  fullResult,
  kyivDate,
  manager,
  nextKyiv,
  operator,
  otherExecutor,
  plainCalendar,
  teplomerezha,
  vodokanal,
  type Harness,
} from './harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const TUESDAY = 2;
const FRIDAY = 5;

const types = (events: RequestEvent[]) => events.map((e) => e.type);
const iso = (ms: number) => new Date(ms).toISOString();
const sa = {
  status: defineSearchAttributeKey('RequestStatus', 'KEYWORD'),
  number: defineSearchAttributeKey('RequestNumber', 'KEYWORD'),
  executorId: defineSearchAttributeKey('ExecutorId', 'KEYWORD'),
  deadlineAt: defineSearchAttributeKey('DeadlineAt', 'DATETIME'),
  overdue: defineSearchAttributeKey('Overdue', 'BOOL'),
};

describe('request lifecycle: registration to closure proposal', function () {
  this.timeout(120_000);
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness.h;
  });

  it('5.12 registers a numbered request routed to the Classifier executor, with its deadline, and announces it', async () => {
    const s = await h.start();
    expect(s.card).to.include({ number: s.number, version: 1, status: 'in_progress', executorId: vodokanal.id, overdue: false });
    expect(s.card.deadlineAt).to.equal(deadlineFrom(plainCalendar, new Date(s.card.registeredAt), { amount: 3, unit: 'working_days' }).toISOString());
    expect(await h.requests.get(s.number)).to.deep.equal(s.card);

    const events = await h.eventsWith(s.number, 'request.registered');
    expect(types(events)).to.deep.equal(['request.registered']);
    expect(events[0]!.data.request).to.deep.include({ executorId: vodokanal.id, executor: vodokanal, deadlineAt: s.card.deadlineAt });

    const search = (await s.handle.describe()).typedSearchAttributes;
    expect(search.get(sa.number)).to.equal(s.number);
    expect(search.get(sa.status)).to.equal('in_progress');
    expect(search.get(sa.executorId)).to.equal(vodokanal.id);
    expect(search.get(sa.deadlineAt)?.toISOString()).to.equal(s.card.deadlineAt);
  });

  it('7.5 refuses a closure proposal missing any result field, naming the field, and records nothing', async () => {
    const s = await h.start();
    for (const field of Object.keys(fullResult) as Array<keyof typeof fullResult>) {
      const { [field]: _missing, ...partial } = fullResult;
      const refusal = await h.refused(s, 'proposeClosure', executor, partial);
      expect(refusal.kind).to.equal('rule_violation');
      expect(refusal.message).to.contain(field);
    }
    const card = await h.act(s, 'proposeClosure', executor, fullResult);
    expect(card.status).to.equal('closure_proposed');
    // 7.5: dated the day the information was written (the harness dates it on the test server's clock).
    expect(card.result).to.deep.equal({ ...fullResult, date: card.result!.date });
    expect(card.result!.date).to.equal(DateTime.fromMillis(await h.now(), { zone: 'Europe/Kyiv' }).toISODate());
  });

  it('8.1.2 records the executor\'s acceptance once, and only from the executor the request is assigned to', async () => {
    const s = await h.start();
    expect((await h.refused(s, 'accept', otherExecutor, {})).kind).to.equal('forbidden');
    expect((await h.refused(s, 'accept', operator, {})).kind).to.equal('forbidden');
    const card = await h.act(s, 'accept', executor, {});
    expect(card.acceptedAt).to.equal(card.history.at(-1)!.at);
    expect(card.history.at(-1)).to.deep.include({ action: 'accepted', actor: { id: executor.id, role: 'executor', name: executor.name, executorId: vodokanal.id } });
    expect((await h.refused(s, 'accept', executor, {})).kind).to.equal('wrong_status');
    expect(types(await h.eventsWith(s.number, 'request.accepted'))).to.deep.equal(['request.registered', 'request.accepted']);
  });

  it('8.1.2 reminds the executor when a request is still not accepted after the first working hour', async () => {
    // Registered on Friday at 15:15: the first working hour is the last half hour of Friday and the
    // first half hour of Monday.
    await h.advanceTo(nextKyiv(await h.now(), FRIDAY, 15, 15));
    const s = await h.start();
    const mondayHalfPastEight = nextKyiv(await h.now(), 1, 8, 30);
    await h.advanceTo(mondayHalfPastEight - MIN);
    expect((await h.card(s)).history.map((e) => e.action)).to.not.include('acceptance_reminder');
    await h.advance(2 * MIN);
    const card = await h.cardWhen(s, (c) => c.history.some((e) => e.action === 'acceptance_reminder'), 'the acceptance reminder');
    const reminder = card.history.at(-1)!;
    expect(reminder).to.deep.include({ action: 'acceptance_reminder', actor: { id: 'system', role: 'system', name: 'Contact Center' } });
    expect(new Date(reminder.at).getTime()).to.be.within(mondayHalfPastEight, mondayHalfPastEight + 2 * MIN);
    await h.eventsWith(s.number, 'request.acceptance_reminder');
  });

  it('8.1.3 keeps the executor\'s timestamped comments on the card, public ones marked for the applicant', async () => {
    const s = await h.start();
    await h.act(s, 'comment', executor, { text: 'Бригада виїхала на місце', public: true });
    await h.act(s, 'comment', executor, { text: 'Потрібен екскаватор', public: false });
    await h.act(s, 'comment', operator, { text: 'Заявник телефонував повторно' });
    expect((await h.refused(s, 'comment', applicant, { text: 'Коли?' })).kind).to.equal('forbidden');
    const card = await h.card(s);
    expect(card.comments.map((c) => [c.author.id, c.text, c.public])).to.deep.equal([
      [executor.id, 'Бригада виїхала на місце', true],
      [executor.id, 'Потрібен екскаватор', false],
      [operator.id, 'Заявник телефонував повторно', false],
    ]);
    expect(card.comments.every((c) => c.at >= card.registeredAt)).to.equal(true);
    const events = (await h.eventsWith(s.number, 'request.comment_added')).filter((e) => e.type === 'request.comment_added');
    expect(events.map((e) => e.data.details)).to.deep.equal([
      { text: 'Бригада виїхала на місце', public: true },
      { text: 'Потрібен екскаватор', public: false },
      { text: 'Заявник телефонував повторно', public: false },
    ]);
  });

  it('8.1.5 reminds the executor before the deadline, then marks the request overdue and keeps it on control', async () => {
    const s = await h.start({ route: { executor: vodokanal, categoryName: 'Аварія', term: { amount: 2, unit: 'hours' }, reworkTerm: { amount: 1, unit: 'hours' } } });
    await h.act(s, 'accept', executor, {});
    const t0 = new Date(s.card.registeredAt).getTime();
    await h.advanceTo(t0 + 95 * MIN);
    expect((await h.card(s)).history.map((e) => e.action)).to.deep.equal(['registered', 'accepted']);
    await h.advanceTo(t0 + 97 * MIN);
    await h.cardWhen(s, (c) => c.history.some((e) => e.action === 'deadline_reminder'), 'the reminder at 80 % of the term');
    await h.advanceTo(t0 + 121 * MIN);
    const card = await h.cardWhen(s, (c) => c.overdue, 'the overdue flag');
    expect(card.status).to.equal('in_progress');
    expect(card.history.at(-1)!.action).to.equal('overdue');
    expect(new Date(card.history.at(-1)!.at).getTime()).to.be.within(new Date(s.card.deadlineAt!).getTime(), t0 + 121 * MIN);
    expect((await h.requests.get(s.number))?.overdue).to.equal(true);
    expect((await s.handle.describe()).typedSearchAttributes.get(sa.overdue)).to.equal(true);
    const events = await h.eventsWith(s.number, 'request.overdue');
    expect(types(events)).to.deep.equal(['request.registered', 'request.accepted', 'request.deadline_reminder', 'request.overdue']);
    expect(events[3]!.data.request.overdue).to.equal(true);
  });

  it('8.1.5 a request proposed for closure before its deadline never becomes overdue', async () => {
    const s = await h.start({ route: { executor: vodokanal, categoryName: 'Аварія', term: { amount: 2, unit: 'hours' }, reworkTerm: { amount: 1, unit: 'hours' } } });
    await h.advance(30 * MIN);
    await h.act(s, 'proposeClosure', executor, fullResult);
    await h.advance(3 * HOUR);
    const card = await h.card(s);
    expect(card.overdue).to.equal(false);
    expect(types(await h.eventsOf(s.number))).to.not.include('request.overdue');
  });

  it('8.1.7 records who did what and when for every transition, and the read model keeps the same trail', async () => {
    const s = await h.start();
    await h.act(s, 'accept', executor, {});
    await h.act(s, 'comment', operator, { text: 'Прошу пришвидшити' });
    await h.act(s, 'requestExecutorChange', executor, { reason: 'Мережа на балансі тепломережі' });
    const card = await h.act(s, 'decideExecutorChange', operator, { approve: false, note: 'Мережа ваша' });
    expect(card.history.map((e) => [e.action, e.actor.id, e.actor.role, e.from, e.to])).to.deep.equal([
      ['registered', applicant.id, 'applicant', undefined, undefined],
      ['accepted', executor.id, 'executor', undefined, undefined],
      ['comment_added', operator.id, 'operator', undefined, undefined],
      ['executor_change_requested', executor.id, 'executor', 'in_progress', 'executor_change_requested'],
      ['executor_change_rejected', operator.id, 'operator', 'executor_change_requested', 'in_progress'],
    ]);
    expect(card.history.every((e) => e.actor.name)).to.equal(true);
    const times = card.history.map((e) => e.at);
    expect(times).to.deep.equal([...times].sort());
    expect(card.version).to.equal(card.history.length);
    const stored = await h.requests.get(s.number);
    expect(stored?.history).to.deep.equal(card.history);
    const events = await h.eventsWith(s.number, 'request.executor_change_rejected');
    expect(events.map((e) => [e.data.version, e.actor.id])).to.deep.equal(card.history.map((e, i) => [i + 1, e.actor.id]));
  });

  it('8.2.1 hands the request to another executor when the operator approves a justified change, and keeps it when rejected', async () => {
    const s = await h.start();
    await h.act(s, 'accept', executor, {});
    let card = await h.act(s, 'requestExecutorChange', executor, { reason: 'Не наша компетенція' });
    expect(card).to.deep.include({ status: 'executor_change_requested', pending: { kind: 'executor_change', since: card.history.at(-1)!.at, returnTo: 'in_progress', reason: 'Не наша компетенція' } });
    expect((await h.refused(s, 'decideExecutorChange', executor, { approve: true, executorId: teplomerezha.id }, teplomerezha)).kind).to.equal('forbidden');
    card = await h.act(s, 'decideExecutorChange', operator, { approve: false, note: 'Компетенція водоканалу' });
    expect(card).to.include({ status: 'in_progress', executorId: vodokanal.id });
    expect(card.pending).to.equal(undefined);

    await h.act(s, 'requestExecutorChange', executor, { reason: 'Пошкодження теплової мережі' });
    expect((await h.refused(s, 'decideExecutorChange', operator, { approve: true })).kind).to.equal('rule_violation');
    const decidedAt = await h.now();
    card = await h.act(s, 'decideExecutorChange', operator, { approve: true, executorId: teplomerezha.id, note: 'Передано' }, teplomerezha);
    expect(card).to.include({ status: 'in_progress', executorId: teplomerezha.id });
    expect(card.executor).to.deep.equal(teplomerezha);
    expect(card.acceptedAt, 'the new executor has to accept it').to.equal(undefined);
    // The new executor gets the Classifier's full term from the hand-over.
    expect(new Date(card.deadlineAt!).getTime()).to.be.at.least(deadlineFrom(plainCalendar, new Date(decidedAt), { amount: 3, unit: 'working_days' }).getTime());
    expect((await h.refused(s, 'accept', executor, {})).kind).to.equal('forbidden');
    await h.act(s, 'accept', otherExecutor, {});

    const events = await h.eventsWith(s.number, 'request.executor_changed');
    const changed = events.find((e) => e.type === 'request.executor_changed')!;
    expect(changed.data.request.executor).to.deep.equal(teplomerezha);
    expect(changed.data.details.previousExecutor).to.deep.equal(vodokanal);
    expect(types(events).filter((t) => t.startsWith('request.executor_change'))).to.deep.equal([
      'request.executor_change_requested',
      'request.executor_change_rejected',
      'request.executor_change_requested',
      'request.executor_changed',
    ]);
  });

  it('8.2.2 puts the request under additional control with a new deadline when the operator approves a documented request', async () => {
    const s = await h.start();
    const now = await h.now();
    const proposed = iso(now + 10 * DAY);
    const noDocs = await h.refused(s, 'requestAdditionalControl', executor, { reason: 'Потрібна заміна колектора', proposedDeadline: proposed, attachmentIds: [] });
    expect(noDocs.kind).to.equal('rule_violation');
    expect((await h.refused(s, 'requestAdditionalControl', executor, { reason: 'x', proposedDeadline: iso(now - DAY), attachmentIds: ['act-1'] })).kind).to.equal('rule_violation');

    let card = await h.act(s, 'requestAdditionalControl', executor, { reason: 'Потрібна заміна колектора', proposedDeadline: proposed, attachmentIds: ['act-1', 'photo-2'] });
    expect(card.status).to.equal('additional_control_requested');
    expect(card.pending).to.deep.include({ kind: 'additional_control', proposedDeadline: proposed, attachmentIds: ['act-1', 'photo-2'] });
    const approved = iso(now + 7 * DAY);
    card = await h.act(s, 'decideAdditionalControl', operator, { approve: true, deadline: approved, note: 'Погоджено на тиждень' });
    expect(card).to.include({ status: 'in_progress', deadlineAt: approved, underAdditionalControl: true, additionalControlCount: 1, overdue: false });
    const events = await h.eventsWith(s.number, 'request.additional_control_approved');
    expect(events.at(-1)!.data.details).to.include({ deadline: approved, managerApproved: false });
  });

  it('8.2.2 a second extension after a missed additional-control deadline needs a named responsible person and the manager\'s sign-off', async () => {
    const s = await h.start();
    // An extension moves the deadline later (8.2.2): a day past the Classifier's.
    const firstDeadline = iso(new Date(s.card.deadlineAt!).getTime() + DAY);
    await h.act(s, 'requestAdditionalControl', executor, { reason: 'Заміна колектора', proposedDeadline: firstDeadline, attachmentIds: ['act-1'] });
    const extended = await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' });
    expect(extended.extensionNeedsManager, 'the extended term still runs: the operator alone decides a further one').to.equal(false);
    await h.advanceTo(new Date(extended.deadlineAt!).getTime() + MIN);
    const missed = await h.cardWhen(s, (c) => c.overdue, 'the missed additional-control deadline');
    expect(missed.extensionNeedsManager, 'the card says the next extension needs the manager').to.equal(true);

    const second = { reason: 'Не встигли: чекаємо труби', proposedDeadline: iso((await h.now()) + 5 * DAY), attachmentIds: ['memo-7'] };
    const unnamed = await h.refused(s, 'requestAdditionalControl', executor, second);
    expect(unnamed).to.deep.include({ kind: 'rule_violation' });
    expect(unnamed.message).to.contain('responsible person');
    await h.act(s, 'requestAdditionalControl', executor, { ...second, responsiblePerson: 'Головний інженер Сидоренко' });

    const operatorDeadline = iso((await h.now()) + 4 * DAY);
    let card = await h.act(s, 'decideAdditionalControl', operator, { approve: true, deadline: operatorDeadline, note: 'Погоджую, на підпис керівнику' });
    expect(card.status, 'still waiting: the operator alone cannot grant a second extension').to.equal('additional_control_requested');
    expect(card.pending).to.deep.include({ kind: 'manager_approval', proposedDeadline: operatorDeadline, responsiblePerson: 'Головний інженер Сидоренко' });
    expect(card.overdue).to.equal(true);
    expect((await h.refused(s, 'managerApproval', operator, { approve: true })).kind).to.equal('forbidden');

    card = await h.act(s, 'managerApproval', manager, { approve: true, note: 'Під контроль головного інженера' });
    // The extended term ends on a working instant (the close of the last working period at or before the one asked).
    const granted = iso(extendedDeadline(plainCalendar, new Date(operatorDeadline).getTime(), new Date(card.history.at(-1)!.at).getTime()));
    expect(card).to.include({ status: 'in_progress', deadlineAt: granted, overdue: false, additionalControlCount: 2, underAdditionalControl: true });
    const events = await h.eventsWith(s.number, 'request.manager_approval_requested');
    const approvedByManager = (await h.eventsWith(s.number, 'request.additional_control_approved')).filter((e) => e.type === 'request.additional_control_approved').at(-1)!;
    expect(approvedByManager.actor.id).to.equal(manager.id);
    expect(approvedByManager.data.details).to.include({ managerApproved: true, responsiblePerson: 'Головний інженер Сидоренко', deadline: granted, asked: operatorDeadline });
    expect(types(events)).to.include('request.overdue');
  });

  it('8.2.3 suspends the ordinary deadline once the request is included in the СЕР plans', async () => {
    const s = await h.start({ route: { executor: vodokanal, categoryName: 'Реконструкція мережі', term: { amount: 1, unit: 'working_days' }, reworkTerm: { amount: 1, unit: 'working_days' } } });
    await h.act(s, 'accept', executor, {});
    expect((await h.refused(s, 'requestStrategicPlan', executor, { reason: 'Потрібна реконструкція', attachmentIds: [] })).kind).to.equal('rule_violation');
    let card = await h.act(s, 'requestStrategicPlan', executor, { reason: 'Потрібна реконструкція, фінансування з бюджету', attachmentIds: ['calc-1'] });
    expect(card.status).to.equal('strategic_plan_requested');
    card = await h.act(s, 'decideStrategicPlan', operator, { approve: true, planYear: 2027, note: 'Включено до плану СЕР на 2027 рік' });
    expect(card).to.include({ status: 'strategic_plan', deadlineAt: null, overdue: false });
    expect((await s.handle.describe()).typedSearchAttributes.get(sa.deadlineAt)).to.equal(undefined);

    await h.advance(10 * DAY);
    expect((await h.card(s)).overdue).to.equal(false);
    card = await h.act(s, 'proposeClosure', executor, fullResult);
    expect(card.status).to.equal('closure_proposed');
    expect(types(await h.eventsOf(s.number))).to.deep.equal([
      'request.registered',
      'request.accepted',
      'request.strategic_plan_requested',
      'request.strategic_plan_approved',
      'request.closure_proposed',
    ]);
  });

  it('8.3 sends the executor\'s closure proposal to the operator\'s review', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start();
    expect((await h.refused(s, 'proposeClosure', otherExecutor, fullResult)).kind).to.equal('forbidden');
    const card = await h.act(s, 'proposeClosure', executor, fullResult);
    const proposedAt = card.history.at(-1)!.at;
    expect(card).to.deep.include({ status: 'closure_proposed', reviewableAt: proposedAt, pending: { kind: 'closure_review', since: proposedAt, returnTo: 'in_progress' } });
    const events = await h.eventsWith(s.number, 'request.closure_proposed');
    expect(events.at(-1)!.data.details).to.deep.include({ result: card.result, reviewableAt: proposedAt, outOfHours: false });
    expect(card.result).to.deep.equal({ ...fullResult, date: DateTime.fromISO(proposedAt, { zone: 'Europe/Kyiv' }).toISODate() });
    expect((await h.refused(s, 'proposeClosure', executor, fullResult)).kind).to.equal('wrong_status');
  });

  it('refuses a forbidden action in the Update validator, so the workflow history holds no trace of it', async () => {
    const s = await h.start();
    const before = (await s.handle.fetchHistory()).events?.length ?? 0;
    const EventType = proto.temporal.api.enums.v1.EventType;
    await h.refused(s, 'review', operator, { decision: 'approve' });
    await h.refused(s, 'rate', applicant, { score: 5 });
    // The time-skipping server records the workflow tasks that ran the validators (the real server's
    // are speculative and vanish); nothing else may appear: no accepted Update, activity or timer.
    const added = ((await s.handle.fetchHistory()).events ?? []).slice(before).map((e) => EventType[e.eventType ?? 0]);
    expect(added.filter((t) => !t?.startsWith('EVENT_TYPE_WORKFLOW_TASK_'))).to.deep.equal([]);
  });

  it('applies an admin\'s calendar change to deadlines computed afterwards, not to the one already running', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start({ route: { executor: vodokanal, categoryName: 'Витік води', term: { amount: 1, unit: 'working_days' }, reworkTerm: { amount: 1, unit: 'working_days' } } });
    const wednesday = kyivDate(nextKyiv(await h.now(), 3, 12));
    expect(kyivDate(new Date(s.card.deadlineAt!).getTime())).to.equal(wednesday);
    await h.calendars.put({ ...plainCalendar, holidays: [wednesday] });
    expect((await h.card(s)).deadlineAt).to.equal(s.card.deadlineAt);

    await h.act(s, 'proposeClosure', executor, fullResult);
    const card = await h.act(s, 'review', operator, { decision: 'rework', note: 'Не усунено' });
    const thursday = kyivDate(nextKyiv(await h.now(), 4, 12));
    expect(kyivDate(new Date(card.deadlineAt!).getTime()), 'the rework deadline skips the new holiday').to.equal(thursday);
  });

  it('continues as new when its history grows long, keeping the card and answering actions in the new run', async () => {
    const s = await h.start({ historyLimit: 40 });
    const firstRun = (await s.handle.describe()).runId;
    for (let i = 1; i <= 8; i++) await h.act(s, 'comment', operator, { text: `Запит ${i}` });
    const card = await h.cardWhen(s, (c) => c.comments.length === 8, 'the comments');
    await h.act(s, 'accept', executor, {});
    const described = await s.handle.describe();
    expect(described.runId).to.not.equal(firstRun);
    expect(described.typedSearchAttributes.get(sa.status)).to.equal('in_progress');
    const after = await h.card(s);
    expect(after.comments).to.deep.equal(card.comments);
    expect(after.version).to.equal(card.version + 1);
    expect((await h.requests.get(s.number))?.version).to.equal(after.version);
  });
});

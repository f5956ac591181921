import { expect } from 'chai';
import type { Actor } from '../../contracts/actor.ts';
import type { ActionArg, ActionInput, ActionName, StartRequest } from '../../contracts/request.ts';
import { DEFAULT_CALENDAR, deadlineFrom, isWorkingInstant, nextWorkingStart, type WorkingCalendar } from '../../domain/calendar.ts';
import {
  DEFAULT_LIFECYCLE_SETTINGS,
  dueTimers,
  extendedDeadline,
  fireTimer,
  initialState,
  registrationTerm,
  repeatedBy,
  rulesNeeded,
  transition,
  type LifecycleRules,
  type LifecycleState,
  type Step,
} from '../../domain/request-transitions.ts';

// Pure transitions: no server, any instant. Kyiv is UTC+2 in early March 2026.
const cal: WorkingCalendar = { ...structuredClone(DEFAULT_CALENDAR), holidays: [], martialLaw: false };
const rules: LifecycleRules = { calendar: cal, settings: DEFAULT_LIFECYCLE_SETTINGS, emails: ['staff@city.example.org'] };
const kyiv = (local: string): number => new Date(`${local}+02:00`).getTime();
const iso = (ms: number): string => new Date(ms).toISOString();
const HOUR = 3_600_000;

const executor: Actor = { id: 'u-1', role: 'executor', executorId: 'vodokanal' };
const operator: Actor = { id: 'op-1', role: 'operator', name: 'Оксана' };
const applicant: Actor = { id: 'app-1', role: 'applicant' };
const teplo = { id: 'teplo', name: 'КП «Тепломережа»' };

function registered(at: number, term: StartRequest['route']['term'] = { amount: 3, unit: 'working_days' }, revision = 3): LifecycleState {
  const input: StartRequest = {
    number: 'KR-2026-000100',
    channel: 'web',
    registeredAt: iso(at),
    applicant: { name: 'Н. Ш.', phone: '+380671234567', userId: 'app-1' },
    address: { district: 'Центрально-Міський', street: 'вул. Поштова', building: '1' },
    categoryCode: 'WATER-LEAK',
    description: 'Тече',
    attachmentIds: [],
    repeatCount: 0,
    route: { executor: { id: 'vodokanal', name: 'КП «Кривбасводоканал»' }, categoryName: 'Витік', term, reworkTerm: { amount: 1, unit: 'working_days' } },
    actor: applicant,
  };
  return registrationTerm(initialState(input), { now: at, revision, rules });
}

function act<A extends ActionName>(s: LifecycleState, action: A, actor: Actor, input: ActionInput<A>, now: number, revision = 3, extra: Partial<ActionArg<A>> = {}): { state: LifecycleState; steps: Step[] } {
  const need = rulesNeeded(s, action, input, revision);
  return transition(s, action, { actor, input, ...extra }, input, { now, revision, ...(need ? { rules } : {}) });
}

const eventsOf = (steps: Step[]) => steps.flatMap((st) => st.events);

describe('request transitions (pure)', () => {
  const monday10 = kyiv('2026-03-09T10:00');

  it('8.2.2 the executor\'s clock stops while the Contact Center decides; a refusal moves the deadline by the time the decision took', () => {
    const s0 = registered(monday10);
    const deadline = new Date(s0.card.deadlineAt!).getTime();
    const { state: asked } = act(s0, 'requestAdditionalControl', executor, { reason: 'Довго', proposedDeadline: iso(deadline + 48 * HOUR), attachmentIds: ['a'] }, monday10 + HOUR);
    expect(asked.card.clockStoppedAt).to.equal(iso(monday10 + HOUR));
    expect(dueTimers(asked, 3, monday10 + HOUR).map((d) => d.what), 'no deadline timer while the clock is stopped').to.not.include('deadline');
    expect(dueTimers(asked, 2, monday10 + HOUR).map((d) => d.what), 'revision 2 let it run').to.include('deadline');
    const { state: refused, steps } = act(asked, 'decideAdditionalControl', operator, { approve: false, note: 'Ні' }, monday10 + 6 * HOUR);
    expect(refused.card).to.include({ status: 'in_progress', deadlineAt: iso(deadline + 5 * HOUR), clockStoppedMs: 5 * HOUR });
    expect(refused.card.clockStoppedAt).to.equal(undefined);
    expect(eventsOf(steps)[0]).to.deep.equal(['additional_control_rejected', { note: 'Ні', by: 'operator', clockStoppedMs: 5 * HOUR, deadlineAt: iso(deadline + 5 * HOUR) }]);
  });

  it('8.2.1 an approved change of executor adds the decision time to the total and starts the new executor\'s full term', () => {
    const s0 = registered(monday10);
    const { state: asked } = act(s0, 'requestExecutorChange', executor, { reason: 'Не наше' }, monday10 + HOUR);
    const { state, steps } = act(asked, 'decideExecutorChange', operator, { approve: true, executorId: teplo.id, note: '' }, monday10 + 3 * HOUR, 3, { executor: teplo });
    expect(state.card).to.include({ executorId: 'teplo', clockStoppedMs: 2 * HOUR, deadlineAt: iso(deadlineFrom(cal, new Date(monday10 + 3 * HOUR), { amount: 3, unit: 'working_days' }).getTime()) });
    expect(eventsOf(steps)[0]![1]).to.include({ clockStoppedMs: 2 * HOUR });
  });

  it('8.2.1 a decision on the executor\'s request is watched: the operators are reminded after a working day and the managers told a working day later', () => {
    const s0 = registered(monday10);
    const { state: asked } = act(s0, 'requestExecutorChange', executor, { reason: 'Не наше' }, monday10 + HOUR);
    const remindAt = nextWorkingStart(cal, deadlineFrom(cal, new Date(monday10 + HOUR), { amount: 1, unit: 'working_days' })).getTime();
    expect(asked.card.watch).to.deep.include({ awaiting: 'executor_change', clause: '8.2.1', remind: 'operator', escalateTo: 'manager', remindAt: iso(remindAt) });
    expect(isWorkingInstant(cal, new Date(remindAt)), 'reminders reach people in working time').to.equal(true);
    const due = dueTimers(asked, 3, monday10 + HOUR)[0]!;
    expect(due).to.deep.include({ what: 'watch_remind', at: remindAt });
    expect(due.summary).to.match(/^8\.2\.1 /);
    const reminded = fireTimer(asked, 'watch_remind', { now: remindAt, revision: 3, rules });
    expect(eventsOf(reminded.steps)[0]).to.deep.equal(['awaiting_reminder', { awaiting: 'executor_change', clause: '8.2.1', since: iso(monday10 + HOUR), role: 'operator', notify: ['staff@city.example.org'], escalateAt: asked.card.watch!.escalateAt }]);
    const next = dueTimers(reminded.state, 3, remindAt)[0]!;
    expect(next.what).to.equal('watch_escalate');
    const escalated = fireTimer(reminded.state, 'watch_escalate', { now: next.at, revision: 3, rules });
    expect(eventsOf(escalated.steps)[0]![0]).to.equal('awaiting_escalated');
    expect(eventsOf(escalated.steps)[0]![1]).to.include({ role: 'manager', remindedRole: 'operator' });
    expect(dueTimers(escalated.state, 3, next.at).map((d) => d.what)).to.not.include.members(['watch_remind', 'watch_escalate']);
    const decided = act(escalated.state, 'decideExecutorChange', operator, { approve: false, note: '' }, next.at + HOUR);
    expect(decided.state.card.watch, 'decided: nobody is waited for').to.equal(undefined);
  });

  it('9.2.4 a closure proposal made on Friday evening is watched from Monday: the operators are reminded at the close of Monday', () => {
    const friday = kyiv('2026-03-13T18:00');
    const s0 = registered(kyiv('2026-03-12T10:00'));
    const { state } = act(s0, 'proposeClosure', executor, { result: 'Усунено', unit: 'АДС', enterprise: 'КП', executorSurname: 'Петренко', executorPhone: '+380562123456', date: '2026-03-13', applicantInformedVia: 'email' }, friday);
    expect(state.card.reviewableAt).to.equal(iso(kyiv('2026-03-16T08:00')));
    expect(state.card.watch).to.deep.include({ awaiting: 'closure_review', clause: '9.2.4', remind: 'operator', escalateTo: 'manager' });
    // The close of Monday is not working time: the reminder goes out at Tuesday's opening.
    expect(state.card.watch!.remindAt).to.equal(iso(kyiv('2026-03-17T08:00')));
  });

  it('10.2.1 a negative rating\'s check is watched: the operators are reminded, then the managers told', () => {
    const s0 = registered(monday10);
    const closed: LifecycleState = { ...s0, card: { ...s0.card, status: 'closed', closedAt: iso(monday10), ratingWindowEndsAt: iso(monday10 + 30 * 24 * HOUR) } };
    const { state } = act(closed, 'rate', applicant, { score: 1, comment: 'Погано' }, monday10 + HOUR);
    expect(state.card.status).to.equal('rating_disputed');
    expect(state.card.watch).to.deep.include({ awaiting: 'rating_check', clause: '10.2.1', remind: 'operator', escalateTo: 'manager' });
    expect(rulesNeeded(closed, 'rate', { score: 5 }, 3), 'a positive rating needs nothing loaded').to.equal(undefined);
  });

  it('8.2.3 the СЕР planned date is watched: the executor is reminded the working day after it, the operators told if nothing follows', () => {
    const s0 = registered(monday10);
    const { state: asked } = act(s0, 'requestStrategicPlan', executor, { reason: 'Капремонт', attachmentIds: ['plan'] }, monday10 + HOUR);
    const { state } = act(asked, 'decideStrategicPlan', operator, { approve: true, plannedDate: '2026-06-10', note: '' }, monday10 + 2 * HOUR);
    expect(state.card.status).to.equal('strategic_plan');
    expect(state.card.watch).to.deep.include({ awaiting: 'planned_works', clause: '8.2.3', remind: 'executor', escalateTo: 'operator' });
    // 2026-06-10 is a Wednesday: the reminder comes at the close of Thursday (Kyiv is UTC+3 in summer), sent at Friday's opening.
    expect(state.card.watch!.remindAt).to.equal(new Date('2026-06-12T08:00:00+03:00').toISOString());
    const reminded = fireTimer(state, 'watch_remind', { now: new Date(state.card.watch!.remindAt!).getTime(), revision: 3 });
    expect(eventsOf(reminded.steps)[0]![1]).to.include({ role: 'executor', plannedDate: '2026-06-10' });
    expect(eventsOf(reminded.steps)[0]![1]).to.deep.include({ notify: [] });
  });

  it('8.1.2 a request in rework handed to a new executor reminds it to accept', () => {
    const s0 = registered(monday10);
    const rework: LifecycleState = { ...s0, card: { ...s0.card, status: 'rework', acceptedAt: iso(monday10 + HOUR), reworkCount: 1 } };
    const { state: asked } = act(rework, 'requestExecutorChange', executor, { reason: 'Не наше' }, monday10 + 2 * HOUR);
    const { state } = act(asked, 'decideExecutorChange', operator, { approve: true, executorId: teplo.id, note: '' }, monday10 + 3 * HOUR, 3, { executor: teplo });
    expect(state.card.status).to.equal('rework');
    expect(state.card.acceptedAt).to.equal(undefined);
    expect(dueTimers(state, 3, monday10 + 3 * HOUR).map((d) => d.what)).to.include('acceptance');
    expect(dueTimers(state, 2, monday10 + 3 * HOUR).map((d) => d.what), 'revision 2 reminded only in_progress').to.not.include('acceptance');
  });

  it('8.1.5 the deadline reminder at 80 % of the term is sent in working time, never at night', () => {
    // Monday 10:00 + 3 working days → Thursday 17:00; 80 % of the 79 hours falls on Thursday 01:12.
    const s = registered(monday10);
    expect(s.card.deadlineAt).to.equal(iso(kyiv('2026-03-12T17:00')));
    expect(s.deadlineRemindAt).to.equal(iso(kyiv('2026-03-12T08:00')));
    expect(registered(monday10, undefined, 2).deadlineRemindAt, 'revision 2 sent it at night').to.equal(iso(kyiv('2026-03-12T01:12')));
  });

  it('8.2.2 a term extended by the Contact Center ends on a working instant', () => {
    const thursdayClose = kyiv('2026-03-12T17:00');
    // Asked for Saturday noon: the close of Friday's working period.
    expect(iso(extendedDeadline(cal, kyiv('2026-03-14T12:00'), thursdayClose))).to.equal(iso(kyiv('2026-03-13T15:45')));
    // A working instant stays as asked.
    expect(iso(extendedDeadline(cal, kyiv('2026-03-13T11:00'), thursdayClose))).to.equal(iso(kyiv('2026-03-13T11:00')));
    // Friday's close would not be later than the current deadline: the close of the next working day.
    expect(iso(extendedDeadline(cal, kyiv('2026-03-14T12:00'), kyiv('2026-03-13T15:45')))).to.equal(iso(kyiv('2026-03-16T17:00')));
    const s0 = registered(monday10);
    const { state: asked } = act(s0, 'requestAdditionalControl', executor, { reason: 'Довго', proposedDeadline: iso(kyiv('2026-03-21T12:00')), attachmentIds: ['a'] }, monday10 + HOUR);
    const { state } = act(asked, 'decideAdditionalControl', operator, { approve: true, note: '' }, monday10 + 2 * HOUR);
    expect(state.card.deadlineAt).to.equal(iso(kyiv('2026-03-20T15:45')));
    expect(isWorkingInstant(cal, new Date(new Date(state.card.deadlineAt!).getTime() - 1))).to.equal(true);
  });

  it('9.2.3 the applicant\'s "not confirmed" returns a repeated request for rework at once, with the word recorded', () => {
    const s0 = registered(monday10);
    const proposed: LifecycleState = {
      ...s0,
      card: { ...s0.card, status: 'closure_proposed', requiresApplicantConfirmation: true, pending: { kind: 'closure_review', since: iso(monday10 + HOUR), returnTo: 'in_progress' } },
    };
    const { state, steps } = act(proposed, 'confirmResolution', operator, { confirmed: false, note: 'Тече', channel: 'phone_call', callAt: iso(monday10 + 90 * 60_000) }, monday10 + 2 * HOUR);
    expect(state.card).to.include({ status: 'rework', reworkCount: 1 });
    expect(state.card.applicantConfirmation).to.deep.equal({ confirmed: false, at: iso(monday10 + 2 * HOUR), channel: 'phone_call', recordedBy: { id: 'op-1', name: 'Оксана' }, callAt: iso(monday10 + 90 * 60_000), note: 'Тече' });
    expect(eventsOf(steps).map((e) => e[0])).to.deep.equal(['applicant_not_confirmed', 'returned_for_rework']);
    expect(transition(proposed, 'confirmResolution', { actor: applicant, input: { confirmed: false, note: '' } }, { confirmed: false, note: '' }, { now: monday10, revision: 2 }).state.card.status, 'revision 2 sent it to the operator').to.equal('closure_proposed');
  });

  it('8.2.1 bringing in a co-executor answers a pending request for a change: the executor stays, its clock resumes, and the part is proposed once', () => {
    const s0 = registered(monday10);
    const deadline = new Date(s0.card.deadlineAt!).getTime();
    const { state: asked } = act(s0, 'requestExecutorChange', executor, { reason: 'Частина робіт — тепломережі' }, monday10 + HOUR);
    const { state, steps } = act(asked, 'involveCoExecutor', operator, { executorId: teplo.id, task: 'Теплоізоляція' }, monday10 + 3 * HOUR, 3, { executor: teplo });
    expect(state.card).to.include({ status: 'in_progress', executorId: 'vodokanal', deadlineAt: iso(deadline + 2 * HOUR), clockStoppedMs: 2 * HOUR });
    expect(state.card.pending).to.equal(undefined);
    expect(state.card.coExecutors).to.deep.equal([{ executor: teplo, task: 'Теплоізоляція', addedAt: iso(monday10 + 3 * HOUR), addedBy: 'op-1' }]);
    expect(eventsOf(steps)[0]![0]).to.equal('co_executor_involved');
    expect(eventsOf(steps)[0]![1]).to.include({ task: 'Теплоізоляція', onRequest: true, clockStoppedMs: 2 * HOUR });
    const coExecutor: Actor = { id: 'u-9', role: 'executor', executorId: teplo.id };
    const done = act(state, 'proposePart', coExecutor, { result: 'Зроблено', date: '2026-03-09' }, monday10 + 5 * HOUR);
    expect(done.state.card.coExecutors![0]!.part).to.deep.equal({ result: 'Зроблено', date: '2026-03-09', by: 'u-9', at: iso(monday10 + 5 * HOUR) });
    expect(eventsOf(done.steps)[0]).to.deep.equal(['part_proposed', { executorId: 'teplo', executor: teplo, result: 'Зроблено', date: '2026-03-09', remaining: [] }]);
  });

  it('9.2.3 a later repeat keeps the request on control until its applicant confirms, counted once however often it is told', () => {
    const s0 = registered(monday10);
    const once = repeatedBy(s0, { number: 'KR-2026-000200', registeredAt: iso(monday10 + HOUR) }, { now: monday10 + HOUR, revision: 3 });
    expect(once.state.card).to.deep.include({ repeatedBy: ['KR-2026-000200'], requiresApplicantConfirmation: true });
    expect(eventsOf(once.steps)[0]).to.deep.equal(['repeated', { repeat: 'KR-2026-000200', repeatRegisteredAt: iso(monday10 + HOUR), repeatedCount: 1, repeatedBy: ['KR-2026-000200'] }]);
    expect(repeatedBy(once.state, { number: 'KR-2026-000200', registeredAt: iso(monday10 + HOUR) }, { now: monday10 + 2 * HOUR, revision: 3 }).steps, 'told twice, counted once').to.deep.equal([]);
    expect(repeatedBy({ ...once.state, completed: true }, { number: 'KR-2026-000201', registeredAt: iso(monday10) }, { now: monday10, revision: 3 }).steps, 'nobody to tell after the lifecycle').to.deep.equal([]);
  });
});

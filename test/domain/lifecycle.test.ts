import { expect } from 'chai';
import type { Actor } from '../../contracts/events.ts';
import { actionInputs, STATUSES, type ActionName, type RequestCard } from '../../contracts/request.ts';
import {
  ACTION_RULES,
  awaitedOf,
  checkAction,
  decodeRefusal,
  deadlineRuns,
  extensionNeedsManager,
  isApplicantOf,
  isCalendarDate,
  isNegativeRating,
  REFUSAL_HTTP_STATUS,
  REFUSAL_KINDS,
} from '../../domain/lifecycle.ts';
import { cardOf } from '../support/cards.ts';

const now = new Date('2026-03-10T10:00:00Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();

const executor: Actor = { id: 'u-1', role: 'executor', executorId: 'vodokanal' };
const foreignExecutor: Actor = { id: 'u-2', role: 'executor', executorId: 'teplo' };
const operator: Actor = { id: 'op-1', role: 'operator' };
const manager: Actor = { id: 'mgr-1', role: 'manager' };
const owner: Actor = { id: 'app-1', role: 'applicant' };
const stranger: Actor = { id: 'app-2', role: 'applicant' };

const result = {
  result: 'Усунено',
  unit: 'АДС',
  enterprise: 'КП «Кривбасводоканал»',
  executorSurname: 'Петренко',
  executorPhone: '+380562123456',
  date: '2026-03-10',
  applicantInformedVia: 'email',
};

function card(over: Partial<RequestCard> = {}): RequestCard {
  return cardOf('KR-2026-000001', 1, { channel: 'web', applicant: { name: 'Н. Ш.', phone: '+380671234567', userId: 'app-1' }, registeredAt: now.toISOString(), deadlineAt: later(3), history: [], ...over });
}

const check = (c: RequestCard, action: ActionName, actor: Actor, input?: unknown, at = now) => checkAction({ card: c, action, actor, input, now: at });

describe('lifecycle rules', () => {
  it('names a Regulation clause, the roles and the starting statuses for every action', () => {
    expect(Object.keys(ACTION_RULES).sort()).to.deep.equal(Object.keys(actionInputs).sort());
    for (const [action, rule] of Object.entries(ACTION_RULES)) {
      expect(rule.clause, action).to.match(/^\d+(\.\d+)*(, \d+(\.\d+)*)*$/);
      expect(rule.roles, action).to.not.be.empty;
      if (rule.from !== 'any') for (const s of rule.from) expect(STATUSES, action).to.include(s);
    }
  });

  it('maps each refusal kind to its HTTP status', () => {
    expect(REFUSAL_KINDS.map((k) => REFUSAL_HTTP_STATUS[k])).to.deep.equal([403, 409, 409, 422, 422]);
  });

  it('refuses a role the rule does not name, before looking at anything else', () => {
    expect(check(card(), 'review', executor, { decision: 'approve' })?.kind).to.equal('forbidden');
    expect(check(card({ status: 'closed' }), 'rate', operator, { score: 5 })?.kind).to.equal('forbidden');
  });

  it('8.1.2 lets an executor act only on requests of its own organisation', () => {
    expect(check(card(), 'accept', foreignExecutor, {})?.kind).to.equal('forbidden');
    expect(check(card(), 'accept', executor, {})).to.equal(undefined);
    expect(check(card({ acceptedAt: now.toISOString() }), 'accept', executor, {})?.kind).to.equal('wrong_status');
  });

  it('10.1 a call registered by an operator is the applicant\'s who confirmed its phone, and only theirs', () => {
    const call = card({ status: 'closed', closedAt: now.toISOString(), ratingWindowEndsAt: later(30), applicant: { name: 'x', phone: '+380671234567' } });
    const confirmed: Actor = { id: 'app-9', role: 'applicant', verifiedPhone: '+380671234567' };
    expect(isApplicantOf(call, confirmed)).to.equal(true);
    expect(check(call, 'rate', confirmed, { score: 5 })).to.equal(undefined);
    expect(isApplicantOf(call, { id: 'app-9' }), 'phone not confirmed').to.equal(false);
    expect(isApplicantOf(call, { id: 'app-9', verifiedPhone: '+380501112233' }), 'another phone').to.equal(false);
    // A request filed in a cabinet stays that cabinet's, whoever confirms the same phone.
    const filed = card({ applicant: { name: 'x', phone: '+380671234567', userId: 'app-1' } });
    expect(isApplicantOf(filed, confirmed)).to.equal(false);
    expect(isApplicantOf(filed, { id: 'app-1' })).to.equal(true);
  });

  it('10.1 lets only the applicant who filed the request rate it', () => {
    const closed = card({ status: 'closed', closedAt: now.toISOString(), ratingWindowEndsAt: later(30) });
    expect(check(closed, 'rate', stranger, { score: 5 })?.kind).to.equal('forbidden');
    expect(check(card({ status: 'closed', applicant: { name: 'x', phone: '+380671234567' } }), 'rate', owner, { score: 5 })?.kind).to.equal('forbidden');
    expect(check(closed, 'rate', owner, { score: 5 })).to.equal(undefined);
    expect(check(closed, 'rate', owner, { score: 5 }, new Date(later(31)))?.kind).to.equal('rule_violation');
    const rated = { ...closed, rating: { score: 4, at: later(1) } };
    expect(check(rated, 'rate', owner, { score: 5 }, new Date(later(2)))?.kind).to.equal('rule_violation');
  });

  it('refuses an action in a status it does not start from, naming the allowed ones', () => {
    const refusal = check(card({ status: 'closed' }), 'proposeClosure', executor, result);
    expect(refusal).to.deep.include({ kind: 'wrong_status' });
    expect(refusal?.details).to.deep.equal({ status: 'closed', allowed: ['in_progress', 'rework', 'strategic_plan'] });
  });

  it('refuses a decision the request is not waiting for', () => {
    const awaitingManager = card({
      status: 'additional_control_requested',
      pending: { kind: 'manager_approval', since: now.toISOString(), returnTo: 'in_progress', proposedDeadline: later(5) },
    });
    expect(check(awaitingManager, 'decideAdditionalControl', operator, { approve: true })?.kind).to.equal('wrong_status');
    expect(check(awaitingManager, 'managerApproval', manager, { approve: true })).to.equal(undefined);
  });

  it('7.5 refuses a closure proposal without every result field, listing the missing ones', () => {
    const { executorPhone: _p, date: _d, ...partial } = result;
    const refusal = check(card(), 'proposeClosure', executor, partial);
    expect(refusal?.kind).to.equal('rule_violation');
    expect(refusal?.message).to.contain('executorPhone').and.to.contain('date');
    expect(check(card(), 'proposeClosure', executor, result)).to.equal(undefined);
    expect(check(card(), 'proposeClosure', executor, { ...result, applicantInformedVia: 'pigeon' })?.kind).to.equal('rule_violation');
  });

  it('8.2.1 approving a change of executor needs a different executor resolved by the gateway', () => {
    const asked = card({ status: 'executor_change_requested', pending: { kind: 'executor_change', since: now.toISOString(), returnTo: 'in_progress' } });
    const teplo = { id: 'teplo', name: 'Тепломережа' };
    expect(checkAction({ card: asked, action: 'decideExecutorChange', actor: operator, input: { approve: true, executorId: 'teplo' }, now })?.kind).to.equal('rule_violation');
    expect(checkAction({ card: asked, action: 'decideExecutorChange', actor: operator, input: { approve: true, executorId: 'teplo' }, executor: teplo, now })).to.equal(undefined);
    expect(
      checkAction({ card: asked, action: 'decideExecutorChange', actor: operator, input: { approve: true, executorId: 'vodokanal' }, executor: { id: 'vodokanal', name: 'В' }, now })?.kind,
    ).to.equal('rule_violation');
    expect(check(asked, 'decideExecutorChange', operator, { approve: false })).to.equal(undefined);
  });

  it('8.2.2 needs documents and a future deadline, and a second extension a named responsible person', () => {
    const ask = { reason: 'Довго', proposedDeadline: later(5), attachmentIds: ['a'] };
    expect(check(card(), 'requestAdditionalControl', executor, { ...ask, attachmentIds: [] })?.kind).to.equal('rule_violation');
    expect(check(card(), 'requestAdditionalControl', executor, { ...ask, proposedDeadline: later(-1) })?.kind).to.equal('rule_violation');
    expect(check(card(), 'requestAdditionalControl', executor, ask)).to.equal(undefined);
    const extended = card({ underAdditionalControl: true, additionalControlCount: 1, overdue: true });
    expect(check(extended, 'requestAdditionalControl', executor, ask)?.message).to.contain('responsible person');
    expect(check(extended, 'requestAdditionalControl', executor, { ...ask, responsiblePerson: 'Сидоренко' })).to.equal(undefined);
  });

  it('8.2.2 revision 2 counted extensions over the request\'s whole life; revision 1 looked at the flag (running requests keep theirs)', () => {
    const reworked = card({ status: 'rework', underAdditionalControl: false, additionalControlCount: 1 });
    expect(extensionNeedsManager(reworked, 2)).to.equal(true);
    expect(extensionNeedsManager(reworked, 1), 'revision 1, which a replayed older history keeps, looked at the flag').to.equal(false);
    const ask = { reason: 'Довго', proposedDeadline: later(5), attachmentIds: ['a'] };
    expect(checkAction({ card: reworked, action: 'requestAdditionalControl', actor: executor, input: ask, now, revision: 2 })?.message).to.contain('responsible person');
  });

  it('8.2.2 the manager and a responsible person are needed once the additional-control term was missed, not before it, nor for a new executor or a rework term', () => {
    const ask = { reason: 'Довго', proposedDeadline: later(5), attachmentIds: ['a'] };
    const running = card({ underAdditionalControl: true, additionalControlCount: 1, overdue: false });
    expect(extensionNeedsManager(running), 'the extended term still runs').to.equal(false);
    expect(check(running, 'requestAdditionalControl', executor, ask), 'the operator alone decides').to.equal(undefined);
    const missed = card({ underAdditionalControl: true, additionalControlCount: 1, overdue: true });
    expect(extensionNeedsManager(missed)).to.equal(true);
    expect(check(missed, 'requestAdditionalControl', executor, ask)?.message).to.contain('responsible person');
    // A change of executor or a rework clears underAdditionalControl: the new term is not an additional-control term.
    expect(extensionNeedsManager(card({ status: 'rework', underAdditionalControl: false, additionalControlCount: 2, overdue: true }))).to.equal(false);
  });

  it('8.2.2 a new deadline must be later than the current one, for the executor\'s proposal and the operator\'s decision', () => {
    const c = card({ deadlineAt: later(3) });
    const ask = { reason: 'Довго', proposedDeadline: later(2), attachmentIds: ['a'] };
    const refusal = check(c, 'requestAdditionalControl', executor, ask);
    expect(refusal).to.deep.include({ kind: 'rule_violation', details: { value: later(2), deadlineAt: later(3), fields: [{ field: 'body.proposedDeadline', message: `must be later than the current deadline ${later(3)}` }] } });
    expect(check(c, 'requestAdditionalControl', executor, { ...ask, proposedDeadline: later(3) })?.kind).to.equal('rule_violation');
    expect(checkAction({ card: c, action: 'requestAdditionalControl', actor: executor, input: ask, now, revision: 1 }), 'not a rule of revision 1').to.equal(undefined);
    const asked = card({ deadlineAt: later(3), status: 'additional_control_requested', pending: { kind: 'additional_control', since: now.toISOString(), returnTo: 'in_progress', proposedDeadline: later(5) } });
    expect(check(asked, 'decideAdditionalControl', operator, { approve: true, deadline: later(1) })?.message).to.contain('later than the current deadline');
    expect(check(asked, 'decideAdditionalControl', operator, { approve: true, deadline: later(4) })).to.equal(undefined);
  });

  it('7.5 the date of the result is a real calendar date, not after today in Kyiv, and the executor\'s phone a phone number', () => {
    expect(isCalendarDate('2026-02-28')).to.equal(true);
    expect(isCalendarDate('2026-02-31')).to.equal(false);
    expect(isCalendarDate('2026-13-01')).to.equal(false);
    expect(check(card(), 'proposeClosure', executor, { ...result, date: '2026-02-31' })).to.deep.include({ kind: 'rule_violation', message: '7.5 date: 2026-02-31 is not a calendar date' });
    expect(check(card(), 'proposeClosure', executor, { ...result, date: '2026-03-11' })?.details).to.deep.include({ issues: [{ path: 'date', message: 'must not be in the future' }] });
    // 23:30 UTC on 10 March is already 11 March in Kyiv: a result dated that day is not in the future.
    expect(check(card(), 'proposeClosure', executor, { ...result, date: '2026-03-11' }, new Date('2026-03-10T23:30:00Z'))).to.equal(undefined);
    expect(check(card(), 'proposeClosure', executor, { ...result, executorPhone: '12345678' })?.message).to.contain('executorPhone');
    expect(check(card(), 'proposeClosure', executor, { ...result, executorPhone: '(056) 212-34-56' })).to.equal(undefined);
  });

  it('8.2.3 approving inclusion in the СЕР plans needs the plan year or the planned date', () => {
    const asked = card({ status: 'strategic_plan_requested', pending: { kind: 'strategic_plan', since: now.toISOString(), returnTo: 'in_progress' } });
    expect(check(asked, 'decideStrategicPlan', operator, { approve: true })?.message).to.contain('planYear or plannedDate');
    expect(check(asked, 'decideStrategicPlan', operator, { approve: true, plannedDate: '2027-02-30' })?.kind).to.equal('rule_violation');
    expect(check(asked, 'decideStrategicPlan', operator, { approve: true, planYear: 2027 })).to.equal(undefined);
    expect(check(asked, 'decideStrategicPlan', operator, { approve: false })).to.equal(undefined);
  });

  it('9.2.3 revision 2: closing a request whose applicant did not confirm it needed the operator\'s note', () => {
    const objected = card({ status: 'closure_proposed', requiresApplicantConfirmation: true, applicantConfirmed: false, pending: { kind: 'closure_review', since: now.toISOString(), returnTo: 'in_progress' } });
    const rev2 = (input: unknown) => checkAction({ card: objected, action: 'review', actor: operator, input, now, revision: 2 });
    expect(rev2({ decision: 'approve', note: '' })?.details).to.deep.include({ fields: [{ field: 'body.note', message: 'required to close a request its applicant did not confirm' }] });
    expect(rev2({ decision: 'approve', note: 'Комісія підтвердила' })).to.equal(undefined);
    expect(awaitedOf(objected)).to.contain('objection');
  });

  it('8.2.1 co-executors: the operator brings in another executor; a co-executor comments and proposes its part, and the closure waits for every part', () => {
    const teplo = { id: 'teplo', name: 'КП «Тепломережа»' };
    const coExecutor: Actor = { id: 'u-9', role: 'executor', executorId: 'teplo' };
    const involve = (c: RequestCard, executorId: string, ex = teplo) => checkAction({ card: c, action: 'involveCoExecutor', actor: operator, input: { executorId, task: 'Теплоізоляція' }, executor: ex, now });
    expect(involve(card(), 'teplo')).to.equal(undefined);
    expect(involve(card(), 'vodokanal', { id: 'vodokanal', name: 'В' })?.message).to.contain("already is the request's executor");
    expect(checkAction({ card: card(), action: 'involveCoExecutor', actor: executor, input: { executorId: 'teplo', task: 'x' }, executor: teplo, now })?.kind).to.equal('forbidden');
    const shared = card({ coExecutors: [{ executor: teplo, task: 'Теплоізоляція', addedAt: now.toISOString(), addedBy: 'op-1' }] });
    expect(involve(shared, 'teplo')?.message).to.contain('already is a co-executor');
    expect(check(shared, 'comment', coExecutor, { text: 'Виїхали' })).to.equal(undefined);
    expect(check(shared, 'accept', coExecutor, {})?.kind, 'a co-executor does not take the request').to.equal('forbidden');
    expect(check(shared, 'proposePart', coExecutor, { result: 'Зроблено', date: '2026-03-10' })).to.equal(undefined);
    expect(check(shared, 'proposePart', executor, { result: 'Зроблено', date: '2026-03-10' })?.kind, 'the executor has no part of its own').to.equal('forbidden');
    expect(check(shared, 'proposePart', coExecutor, { result: 'Зроблено', date: '2026-03-11' })?.message).to.contain('future');
    expect(check(shared, 'proposeClosure', executor, result)?.message).to.contain('waiting for teplo');
    const done = card({ coExecutors: [{ executor: teplo, task: 'Теплоізоляція', addedAt: now.toISOString(), addedBy: 'op-1', part: { result: 'Зроблено', date: '2026-03-10', by: 'u-9', at: now.toISOString() } }] });
    expect(check(done, 'proposeClosure', executor, result)).to.equal(undefined);
    expect(check(done, 'proposePart', coExecutor, { result: 'Ще', date: '2026-03-10' })?.kind).to.equal('wrong_status');
  });

  it('9.2.3 nobody closes a request over the applicant\'s "not confirmed": the operator may only return it for rework', () => {
    const objected = card({ status: 'closure_proposed', requiresApplicantConfirmation: true, applicantConfirmed: false, pending: { kind: 'closure_review', since: now.toISOString(), returnTo: 'in_progress' } });
    expect(check(objected, 'review', operator, { decision: 'approve', note: 'Комісія підтвердила' })).to.deep.include({ kind: 'rule_violation' });
    expect(check(objected, 'review', operator, { decision: 'approve', note: 'Комісія підтвердила' })?.details).to.deep.include({ fields: [{ field: 'body.decision', message: 'the applicant did not confirm: only rework' }] });
    expect(check(objected, 'review', operator, { decision: 'rework' })).to.equal(undefined);
  });

  it('9.2.3 a worker records only the applicant\'s call, never confirms in the applicant\'s place', () => {
    const waiting = card({ status: 'closure_proposed', requiresApplicantConfirmation: true, pending: { kind: 'applicant_confirmation', since: now.toISOString(), returnTo: 'in_progress' } });
    expect(check(waiting, 'confirmResolution', operator, { confirmed: true })?.details).to.deep.include({ fields: [{ field: 'body.channel', message: "a worker records only the applicant's call: phone_call" }] });
    expect(check(waiting, 'confirmResolution', operator, { confirmed: true, channel: 'cabinet' })?.kind).to.equal('rule_violation');
    expect(check(waiting, 'confirmResolution', operator, { confirmed: true, channel: 'phone_call', callAt: later(-0.01) })).to.equal(undefined);
    expect(check(waiting, 'confirmResolution', operator, { confirmed: true, channel: 'phone_call', callAt: later(1) })?.message).to.contain('future');
    expect(check(waiting, 'confirmResolution', owner, { confirmed: true })).to.equal(undefined);
    expect(check(waiting, 'confirmResolution', owner, { confirmed: true, channel: 'phone_call' })?.kind).to.equal('rule_violation');
    expect(checkAction({ card: waiting, action: 'confirmResolution', actor: operator, input: { confirmed: true }, now, revision: 2 }), 'revision 2 let the operator confirm').to.equal(undefined);
  });

  it('7.5 the date the information was written is not before the request\'s registration', () => {
    const registered = card({ registeredAt: '2026-03-08T09:00:00Z' });
    expect(check(registered, 'proposeClosure', executor, { ...result, date: '2026-03-07' })?.details).to.deep.include({ fields: [{ field: 'body.date', message: "must not be before the request's registration (2026-03-08)" }] });
    expect(check(registered, 'proposeClosure', executor, { ...result, date: '2026-03-08' })).to.equal(undefined);
    expect(checkAction({ card: registered, action: 'proposeClosure', actor: executor, input: { ...result, date: '2026-03-07' }, now, revision: 2 }), 'not a rule of revision 2').to.equal(undefined);
  });

  it('9.2.4 refuses a review before reviewableAt with it in the details, and allows it from then on', () => {
    const reviewableAt = later(2);
    const proposed = card({ status: 'closure_proposed', reviewableAt, pending: { kind: 'closure_review', since: now.toISOString(), returnTo: 'in_progress' } });
    expect(check(proposed, 'review', operator, { decision: 'approve' })).to.deep.include({ kind: 'not_reviewable_yet', details: { reviewableAt } });
    expect(check(proposed, 'review', operator, { decision: 'approve' }, new Date(reviewableAt))).to.equal(undefined);
  });

  it('9.2.3 takes the applicant\'s confirmation only on a repeated request', () => {
    const proposed = { status: 'closure_proposed' as const, pending: { kind: 'closure_review' as const, since: now.toISOString(), returnTo: 'in_progress' as const } };
    expect(check(card(proposed), 'confirmResolution', owner, { confirmed: true })?.kind).to.equal('rule_violation');
    expect(check(card({ ...proposed, requiresApplicantConfirmation: true }), 'confirmResolution', owner, { confirmed: true })).to.equal(undefined);
    expect(check(card({ ...proposed, requiresApplicantConfirmation: true }), 'confirmResolution', stranger, { confirmed: true })?.kind).to.equal('forbidden');
  });

  it('checks only standing (role, ownership, status) when the gateway has no input yet', () => {
    expect(check(card(), 'proposeClosure', executor)).to.equal(undefined);
    expect(check(card(), 'proposeClosure', foreignExecutor)?.kind).to.equal('forbidden');
  });

  it('8.2.3 the executor\'s deadline stops while the Contact Center decides its request, and not under the СЕР plans or after a proposal', () => {
    expect(deadlineRuns('additional_control_requested')).to.equal(false);
    expect(deadlineRuns('executor_change_requested')).to.equal(false);
    expect(deadlineRuns('additional_control_requested', 2), 'revision 2 kept it running').to.equal(true);
    expect(deadlineRuns('in_progress')).to.equal(true);
    expect(deadlineRuns('rework')).to.equal(true);
    expect(deadlineRuns('strategic_plan')).to.equal(false);
    expect(deadlineRuns('closure_proposed')).to.equal(false);
  });

  it('10.2 scores of 1 and 2 are negative ratings', () => {
    expect([1, 2, 3, 4, 5].map(isNegativeRating)).to.deep.equal([true, true, false, false, false]);
  });

  it('says what a request awaits', () => {
    expect(awaitedOf(card())).to.contain('acceptance');
    expect(awaitedOf(card({ status: 'rating_disputed', pending: { kind: 'rating_check', since: now.toISOString(), returnTo: 'closed' } }))).to.contain('10.2.1');
  });

  it('decodes a refusal from the cause chain of a client error', () => {
    const failure = { name: 'ApplicationFailure', type: 'not_reviewable_yet', message: 'too early', details: [{ reviewableAt: later(1) }] };
    const updateFailed = Object.assign(new Error('Workflow Update failed'), { cause: failure });
    expect(decodeRefusal(updateFailed)).to.deep.equal({ kind: 'not_reviewable_yet', message: 'too early', details: { reviewableAt: later(1) } });
    expect(decodeRefusal(new Error('network'))).to.equal(undefined);
    expect(decodeRefusal(Object.assign(new Error('x'), { cause: { type: 'SomethingElse' } }))).to.equal(undefined);
  });
});

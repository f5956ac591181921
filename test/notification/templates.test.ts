import { expect } from 'chai';
import { REQUEST_EVENT_TYPES } from '../../contracts/events.ts';
import { parseEvent } from '../../services/notification/notifier.ts';
import { planMemo, planRequest, UnusableEventError } from '../../services/notification/plan.ts';
import { closureResult, memoEvent, requestEvent } from './support.ts';

const opts = { timeZone: 'Europe/Kyiv', senderName: 'Контакт-центр «1520» м. Кривий Ріг' };

describe('notification templates and recipients', () => {
  it('gives every request notification the request number in its subject, a plain-text and an HTML part and an SMS line', () => {
    const planned = REQUEST_EVENT_TYPES.flatMap((t) => {
      const type = `request.${t}` as const;
      const details = type === 'request.closed' ? { result: closureResult() } : type.startsWith('request.manager_approval') || type === 'request.closure_reviewable' ? { notify: ['head@city.example.org'] } : {};
      return planRequest(requestEvent(type, { number: 'KR-2026-000123', details }), opts);
    });
    expect(new Set(planned.map((p) => p.template)).size).to.equal(15);
    for (const p of planned) {
      expect(p.content.subject, p.template).to.include('KR-2026-000123');
      expect(p.content.text, p.template).to.include('KR-2026-000123');
      expect(p.content.html, p.template).to.include('KR-2026-000123');
      expect(p.content.sms, p.template).to.include('KR-2026-000123');
      expect(p.content.text, p.template).to.include('Контакт-центр «1520» м. Кривий Ріг');
      expect(p.content.text, p.template).to.not.match(/undefined|null|\[object/);
    }
  });

  it('10.3 tells the executor, and the applicant, when a request goes back for rework', () => {
    const planned = planRequest(requestEvent('request.returned_for_rework', { details: { origin: '10.2.2' } }), opts);
    expect(planned.map((p) => [p.role, p.template])).to.deep.equal([
      ['executor', 'executor.rework'],
      ['applicant', 'applicant.rework'],
    ]);
    expect(planned[0]!.content.text).to.include('п. 10.2.2 Регламенту');
  });

  it('9.2.3 asks the applicant of a repeated request to confirm the work, showing the result the executor reported', () => {
    const planned = planRequest(requestEvent('request.applicant_confirmation_requested', { details: { note: '', result: closureResult() } }), opts);
    expect(planned.map((p) => [p.role, p.template])).to.deep.equal([['applicant', 'applicant.confirmation_requested']]);
    expect(planned[0]!.content.text).to.include('п. 9.2.3 Регламенту');
    expect(planned[0]!.content.text).to.include('Прізвище виконавця: Коваленко');
  });

  it('9.2.3 tells the executor of the request a later one repeats, with the repeat\'s number and their count', () => {
    const planned = planRequest(requestEvent('request.repeated', { details: { repeat: 'KR-2026-000200', repeatedCount: 2, repeatedBy: ['KR-2026-000150', 'KR-2026-000200'] } }), opts);
    expect(planned.map((p) => [p.role, p.template])).to.deep.equal([['executor', 'executor.repeated']]);
    expect(planned[0]!.content.subject).to.include('KR-2026-000200');
    expect(planned[0]!.content.text).to.include('повторних звернень: 2').and.to.include('п. 9.2.3 Регламенту').and.to.include('KR-2026-000150, KR-2026-000200');
  });

  it('8.2.2 emails the managers the workflow named when an extension waits for their sign-off, and again as a reminder', () => {
    const details = { notify: ['Head@City.example.org', 'deputy@city.example.org'], deadline: '2026-03-20T15:00:00Z', responsiblePerson: 'Сидоренко', reason: 'Чекаємо труби' };
    const asked = planRequest(requestEvent('request.manager_approval_requested', { details }), opts);
    expect(asked.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([
      ['manager', 'manager.extension_to_sign_off', 'head@city.example.org'],
      ['manager', 'manager.extension_to_sign_off', 'deputy@city.example.org'],
    ]);
    expect(asked[0]!.content.text).to.include('Відповідальна особа: Сидоренко').and.to.include('п. 8.2.2 Регламенту');
    const reminded = planRequest(requestEvent('request.manager_approval_reminder', { details }), opts);
    expect(reminded[0]!.content.subject).to.include('нагадування');
    expect(planRequest(requestEvent('request.manager_approval_requested', { details: {} }), opts), 'an event recorded before the managers were named').to.deep.equal([]);
  });

  it('9.2.4 emails the operators\' queue the workflow named when a proposal made out of hours becomes reviewable', () => {
    const planned = planRequest(requestEvent('request.closure_reviewable', { details: { notify: ['duty@city.example.org'], proposedAt: '2026-03-06T14:30:00Z', reviewableAt: '2026-03-09T06:00:00Z' } }), opts);
    expect(planned.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([['operator', 'operator.closure_reviewable', 'duty@city.example.org']]);
    expect(planned[0]!.content.text).to.include('п. 9.2.4 Регламенту').and.to.include('6 березня 2026 р. о 16:30');
  });

  it('writes instants in Kyiv time, in winter and in summer', () => {
    const winter = planRequest(requestEvent('request.overdue', { deadlineAt: '2026-01-15T15:00:00Z' }), opts)[0]!;
    const summer = planRequest(requestEvent('request.overdue', { deadlineAt: '2026-07-15T14:00:00Z' }), opts)[0]!;
    expect(winter.content.text).to.include('15 січня 2026 р. о 17:00');
    expect(summer.content.text).to.include('15 липня 2026 р. о 17:00');
  });

  it('says a request in the strategic plans has no deadline rather than printing an empty one', () => {
    const [p] = planRequest(requestEvent('request.strategic_plan_approved', { deadlineAt: null, status: 'strategic_plan' }), opts);
    expect(p!.content.subject).to.include('включено до планів СЕР');
    expect(p!.content.text).to.include('Термін виконання: без строку (включено до планів СЕР)');
  });

  it('escapes in HTML whatever residents and staff typed', () => {
    const e = requestEvent('request.executor_changed', { details: { note: '<script>alert("x")</script> & co' } });
    const [p] = planRequest(e, opts);
    expect(p!.content.html).to.include('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(p!.content.html).to.not.include('<script>');
    expect(p!.content.text).to.include('<script>alert("x")</script> & co');
  });

  it('sends the applicant without an email an SMS to the phone on record', () => {
    const planned = planRequest(requestEvent('request.registered', { applicantEmail: null }), opts);
    expect(planned[1]).to.include({ role: 'applicant', channel: 'sms', recipient: '+380671234567' });
  });

  it('names a missing executor address instead of sending nowhere', () => {
    const [p] = planRequest(requestEvent('request.registered', { executorEmail: null }), opts);
    expect(p).to.include({ role: 'executor', recipient: 'executor:kp-kryvbasvodokanal' });
    expect(p!.missing).to.include('no email');
  });

  it('7.5 refuses to build a closure notice without the result fields', () => {
    expect(() => planRequest(requestEvent('request.closed', { details: {} }), opts)).to.throw(UnusableEventError, /7\.5/);
    // The result fields may also come flat in the details.
    const [p] = planRequest(requestEvent('request.closed', { details: closureResult() }), opts);
    expect(p!.content.text).to.include('Прізвище виконавця: Коваленко');
  });

  it('5.7 tells each manager named in a memo once, whatever the letter case', () => {
    const planned = planMemo(memoEvent('memo.created', ['Head@kr.gov.ua', 'head@kr.gov.ua', 'deputy@kr.gov.ua']), opts);
    expect(planned.map((p) => p.recipient)).to.deep.equal(['head@kr.gov.ua', 'deputy@kr.gov.ua']);
    expect(planMemo(memoEvent('memo.rejected', ['head@kr.gov.ua']), opts)).to.deep.equal([]);
  });

  it('5.7 reminds the managers named in a memo still waiting for their decision', () => {
    const planned = planMemo(memoEvent('memo.approval_reminder', ['head@kr.gov.ua']), opts);
    expect(planned.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([['manager', 'manager.memo_reminder', 'head@kr.gov.ua']]);
    expect(planned[0]!.content.subject).to.match(/^Нагадування: доповідна записка № M-/);
    expect(planned[0]!.content.text).to.include('понад робочий день');
  });

  it('5.7 reminds ICT to block the number of a memo approved a working day ago, and tells the managers when two working days pass without the block', () => {
    const reminder = planMemo(memoEvent('memo.ict_block_reminder', ['ICT@kr.gov.ua', 'ict@kr.gov.ua']), opts);
    expect(reminder.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([['ict', 'ict.block_reminder', 'ict@kr.gov.ua']]);
    expect(reminder[0]!.content.subject).to.match(/^Нагадування: заблокуйте номер \+380501112233 за доповідною запискою № M-\w+$/);
    expect(reminder[0]!.content.text).to.include('понад робочий день тому').and.include('досі не заблоковано');
    const escalation = planMemo(memoEvent('memo.ict_block_escalation', ['head@kr.gov.ua', 'deputy@kr.gov.ua']), opts);
    expect(escalation.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([
      ['manager', 'manager.block_overdue', 'head@kr.gov.ua'],
      ['manager', 'manager.block_overdue', 'deputy@kr.gov.ua'],
    ]);
    expect(escalation[0]!.content.subject).to.match(/^Доповідна записка № M-\w+: відділ ІКТ не заблокував номер \+380501112233 протягом двох робочих днів$/);
    expect(escalation[0]!.content.text).to.include('протягом двох робочих днів після погодження');
    // Nobody named: the delivery log says so instead of sending nowhere.
    expect(planMemo(memoEvent('memo.ict_block_escalation', []), opts)[0]).to.include({ recipient: 'manager:nobody' });
  });

  it('ignores events of other aggregates and types it does not know, but calls a broken request event malformed', () => {
    expect(parseEvent(JSON.stringify({ id: 'x', type: 'repair_work.registered' }))).to.include({ kind: 'ignored' });
    expect(parseEvent(JSON.stringify({ id: 'x', type: 'request.teleported' }))).to.include({ kind: 'ignored' });
    expect(parseEvent(JSON.stringify({ id: 'x', type: 'request.overdue' }))).to.include({ kind: 'malformed' });
    expect(parseEvent('{')).to.deep.equal({ kind: 'malformed', error: 'the message is not JSON' });
    expect(parseEvent('[]')).to.include({ kind: 'malformed' });
  });
});

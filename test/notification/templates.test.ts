import { expect } from 'chai';
import { REQUEST_EVENT_TYPES } from '../../contracts/events.ts';
import { parseEvent } from '../../services/notification/notifier.ts';
import { planMemo, planRequest, UnusableEventError } from '../../services/notification/plan.ts';
import { closureResult, memoEvent, requestEvent } from './support.ts';

const opts = { timeZone: 'Europe/Kyiv', senderName: 'Контакт-центр «1520» м. Кривий Ріг' };

/** 8.2.1: the executor brought in beside the request's own. */
const coExecutor = (email: string | null = 'Dorogy@Shliakh.example.org') => ({ id: 'kp-shliakhrembud', name: 'КП «Шляхрембуд»', ...(email ? { email } : {}) });

describe('notification templates and recipients', () => {
  it('gives every request notification the request number in its subject, a plain-text and an HTML part and an SMS line', () => {
    const planned = REQUEST_EVENT_TYPES.flatMap((t) => {
      const type = `request.${t}` as const;
      const details =
        type === 'request.closed'
          ? { result: closureResult() }
          : type.startsWith('request.manager_approval') || type === 'request.closure_reviewable'
            ? { notify: ['head@city.example.org'] }
            : type.startsWith('request.awaiting_')
              ? { notify: ['head@city.example.org'], role: 'manager', awaiting: 'manager_approval', clause: '8.2.2', since: '2026-03-02T08:00:00Z', remindedRole: 'manager', remindedAt: '2026-03-03T06:00:00Z' }
              : type === 'request.co_executor_involved'
                ? { coExecutor: coExecutor(), task: 'Відновити асфальтове покриття після розкопки', coExecutorIds: ['kp-shliakhrembud'] }
                : type === 'request.part_proposed'
                  ? { executorId: 'kp-shliakhrembud', executor: coExecutor(), result: 'Покриття відновлено', date: '2026-03-03', remaining: [] }
                  : {};
      const planned = planRequest(requestEvent(type, { number: 'KR-2026-000123', details }), opts);
      // The 8.2.3 planned-works reminder goes to the executor.
      return type === 'request.awaiting_reminder'
        ? [...planned, ...planRequest(requestEvent(type, { number: 'KR-2026-000123', details: { role: 'executor', notify: [], awaiting: 'planned_works', clause: '8.2.3', since: '2026-03-02T21:59:59Z', plannedDate: '2026-03-02' } }), opts)]
        : planned;
    });
    expect(new Set(planned.map((p) => p.template)).size).to.equal(21);
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

  const watch = (awaiting: string, clause: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    awaiting,
    clause,
    since: '2026-03-02T08:00:00Z',
    role: 'operator',
    notify: ['Duty@City.example.org', 'duty@city.example.org', 'shift@city.example.org'],
    escalateAt: '2026-03-04T07:00:00Z',
    ...extra,
  });

  it('9.2.4 reminds the operators\' queue the workflow named that a closure proposal waits for review, since when, and when the manager will be told', () => {
    const planned = planRequest(requestEvent('request.awaiting_reminder', { number: 'KR-2026-000321', details: watch('closure_review', '9.2.4') }), opts);
    expect(planned.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([
      ['operator', 'staff.awaiting_reminder', 'duty@city.example.org'],
      ['operator', 'staff.awaiting_reminder', 'shift@city.example.org'],
    ]);
    const { subject, text, sms } = planned[0]!.content;
    expect(subject).to.equal('Звернення № KR-2026-000321: нагадування — чекає на розгляд пропозиції про закриття');
    expect(text).to.include('з 2 березня 2026 р. о 10:00 чекає на розгляд пропозиції про закриття (п. 9.2.4 Регламенту)');
    expect(text).to.include('Якщо до 4 березня 2026 р. о 09:00 рішення не буде, про це буде повідомлено керівника.');
    expect(sms).to.include('нагадування');
  });

  it('8.2.1, 8.2.2, 8.2.3 and 10.2.1 name in each reminder what waits, by its clause; the Contact Center\'s own decisions say the executor\'s clock is stopped', () => {
    const cases: Array<[string, string, string, boolean]> = [
      ['executor_change', '8.2.1', 'рішення щодо зміни виконавця', true],
      ['additional_control', '8.2.2', 'рішення щодо додаткового контролю', true],
      ['manager_approval', '8.2.2', 'погодження керівником подовження терміну', false],
      ['strategic_plan', '8.2.3', 'рішення щодо включення до планів СЕР', true],
      ['rating_check', '10.2.1', 'перевірку негативної оцінки заявника', false],
    ];
    for (const [awaiting, clause, what, clockStops] of cases) {
      const role = awaiting === 'manager_approval' ? 'manager' : 'operator';
      const [p] = planRequest(requestEvent('request.awaiting_reminder', { details: watch(awaiting, clause, { role, notify: ['x@city.example.org'], proposedDeadline: '2026-03-20T15:00:00Z' }) }), opts);
      expect(p!.role, awaiting).to.equal(role);
      expect(p!.content.subject, awaiting).to.include(`чекає на ${what}`);
      expect(p!.content.text, awaiting).to.include(`(п. ${clause} Регламенту)`);
      expect(p!.content.text.includes('термін виконавця зупинено'), awaiting).to.equal(clockStops);
    }
    const [manager] = planRequest(requestEvent('request.awaiting_reminder', { details: watch('manager_approval', '8.2.2', { role: 'manager', notify: ['head@city.example.org'] }) }), opts);
    expect(manager!.content.text).to.include('Шановний керівнику!').and.to.include('буде повідомлено адміністратора');
  });

  it('8.2.2 escalates to the next role up, the admin included, saying whom the reminder went to and that they did not act', () => {
    const details = watch('manager_approval', '8.2.2', { role: 'admin', notify: ['Admin@City.example.org'], remindedRole: 'manager', remindedAt: '2026-03-03T06:00:00Z', escalateAt: undefined });
    const planned = planRequest(requestEvent('request.awaiting_escalated', { details }), opts);
    expect(planned.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([['admin', 'staff.awaiting_escalated', 'admin@city.example.org']]);
    const { subject, text } = planned[0]!.content;
    expect(subject).to.include('ескалація — досі чекає на погодження керівником подовження терміну');
    expect(text).to.include('Нагадування керівнику надіслано 3 березня 2026 р. о 08:00, але керівник не відреагував');
    expect(text).to.include('з 2 березня 2026 р. о 10:00');
    const operators = planRequest(requestEvent('request.awaiting_escalated', { details: watch('closure_review', '9.2.4', { role: 'manager', notify: ['head@city.example.org'], remindedRole: 'operator', remindedAt: '2026-03-03T06:00:00Z' }) }), opts);
    expect(operators[0]!.content.text).to.include('Нагадування операторам Контакт-центру надіслано').and.to.include('оператори Контакт-центру не відреагували');
  });

  it('8.2.3 reminds the executor, at its own address, that the СЕР planned date passed: propose closure or report on the works; an escalation goes to the operators', () => {
    const details = { awaiting: 'planned_works', clause: '8.2.3', since: '2026-03-02T21:59:59Z', role: 'executor', notify: [], plannedDate: '2026-03-02', escalateAt: '2026-03-10T06:00:00Z' };
    const e = requestEvent('request.awaiting_reminder', { executorEmail: 'Works@Vodokanal.example.org', details });
    const planned = planRequest(e, opts);
    expect(planned.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([['executor', 'executor.planned_works_due', 'works@vodokanal.example.org']]);
    expect(planned[0]!.content.text).to.include('запланованою датою робіт 2 березня 2026 р.').and.to.include('запропонуйте звернення до закриття').and.to.include('п. 8.2.3 Регламенту');
    const [noAddress] = planRequest(requestEvent('request.awaiting_reminder', { executorEmail: null, details }), opts);
    expect(noAddress).to.include({ role: 'executor', recipient: 'executor:kp-kryvbasvodokanal' });
    const escalated = planRequest(requestEvent('request.awaiting_escalated', { details: { ...details, role: 'operator', notify: ['duty@city.example.org'], remindedRole: 'executor', remindedAt: '2026-03-03T06:00:00Z' } }), opts);
    expect(escalated.map((p) => [p.role, p.template])).to.deep.equal([['operator', 'staff.awaiting_escalated']]);
    expect(escalated[0]!.content.text).to.include('виконавець (КП «Кривбасводоканал») не відреагував').and.to.include('виконання робіт, запланованих у планах СЕР');
  });

  it('9.2.4 never tells the applicant of a reminder or an escalation, and shows the staff none of the applicant\'s personal data nor what they wrote', () => {
    for (const type of ['request.awaiting_reminder', 'request.awaiting_escalated'] as const) {
      for (const role of ['operator', 'manager', 'admin']) {
        const e = requestEvent(type, { applicantEmail: 'olena@example.com', details: watch('closure_review', '9.2.4', { role, remindedRole: 'operator', remindedAt: '2026-03-03T06:00:00Z' }) });
        const planned = planRequest(e, opts);
        expect(planned.length, `${type} ${role}`).to.be.greaterThan(0);
        for (const p of planned) {
          expect(p.role).to.not.equal('applicant');
          expect(p.recipient).to.not.equal('olena@example.com');
          const all = `${p.content.subject}\n${p.content.text}\n${p.content.html}\n${p.content.sms}`;
          for (const personal of ['Олена Петренко', '+380671234567', '0671234567', 'olena@example.com', 'кв. 45', 'Третю добу']) expect(all, `${type} ${role}`).to.not.include(personal);
        }
      }
    }
    expect(planRequest(requestEvent('request.awaiting_reminder', { details: { awaiting: 'closure_review', clause: '9.2.4', since: '2026-03-02T08:00:00Z' } }), opts), 'no role named: nobody').to.deep.equal([]);
    const nobody = planRequest(requestEvent('request.awaiting_reminder', { details: watch('closure_review', '9.2.4', { notify: [] }) }), opts);
    expect(nobody).to.have.length(1);
    expect(nobody[0]).to.include({ role: 'operator', recipient: 'operator:nobody' });
  });

  it('8.2.1 tells the co-executor brought in its task, the request, the term and that it proposes its part in the system; the request\'s executor hears it has a co-executor; the applicant hears nothing', () => {
    const task = 'Відновити асфальтове покриття після розкопки';
    const e = requestEvent('request.co_executor_involved', { number: 'KR-2026-000777', executorEmail: 'Works@Vodokanal.example.org', applicantEmail: 'olena@example.com', details: { coExecutor: coExecutor(), task, coExecutorIds: ['kp-shliakhrembud'] } });
    const planned = planRequest(e, opts);
    expect(planned.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([
      ['executor', 'executor.co_executor_task', 'dorogy@shliakh.example.org'],
      ['executor', 'executor.co_executor_added', 'works@vodokanal.example.org'],
    ]);
    const told = planned[0]!.content;
    expect(told.subject).to.equal('Звернення № KR-2026-000777: вас залучено до виконання як співвиконавця');
    expect(told.text)
      .to.include('Номер звернення: KR-2026-000777')
      .and.to.include('Категорія: Відсутність холодного водопостачання (WATER-01)')
      .and.to.include('Адреса: Центрально-Міський р-н, вул. Степана Тільги, буд. 12, кв. 45')
      .and.to.include(`Завдання співвиконавця: ${task}`)
      .and.to.include('Термін виконання: 3 березня 2026 р. о 17:00')
      .and.to.include('запропонувати її виконаною в програмному забезпеченні Контакт-центру')
      .and.to.include('Виконавець звернення: КП «Кривбасводоканал»')
      .and.to.include('п. 8.2.1 Регламенту');
    expect(told.sms).to.include('KR-2026-000777').and.to.include('співвиконавцем');
    const notice = planned[1]!.content;
    expect(notice.subject).to.equal('Звернення № KR-2026-000777: залучено співвиконавця — КП «Шляхрембуд»');
    expect(notice.text).to.include(`Завдання співвиконавця: ${task}`).and.to.include('залишається на виконанні у вашій організації');
    expect(notice.text, 'not asked by the executor').to.not.include('запит на зміну виконавця');
    expect(notice.text, 'a short notice: none of the applicant\'s personal data').to.not.include('Олена Петренко');
  });

  it('8.2.1 tells the executor who asked for a change of executor that a co-executor was brought in instead, and when its term now ends', () => {
    const details = { coExecutor: coExecutor(), task: 'Замінити люк', coExecutorIds: ['kp-shliakhrembud'], onRequest: true, clockStoppedMs: 3_600_000, deadlineAt: '2026-03-04T15:00:00Z' };
    const [, notice] = planRequest(requestEvent('request.co_executor_involved', { deadlineAt: '2026-03-04T15:00:00Z', details }), opts);
    expect(notice!.content.text).to.include('замість заміни виконавця залучено співвиконавця').and.to.include('4 березня 2026 р. о 17:00');
  });

  it('8.2.1 names a co-executor without an email instead of sending nowhere, and calls an event without the co-executor malformed', () => {
    const planned = planRequest(requestEvent('request.co_executor_involved', { details: { coExecutor: coExecutor(null), task: 'Замінити люк', coExecutorIds: ['kp-shliakhrembud'] } }), opts);
    expect(planned[0]).to.include({ role: 'executor', template: 'executor.co_executor_task', recipient: 'executor:kp-shliakhrembud' });
    expect(planned[0]!.missing).to.include('no email');
    expect(planned[1]!.missing).to.equal(undefined);
    expect(() => planRequest(requestEvent('request.co_executor_involved', { details: { task: 'Замінити люк' } }), opts)).to.throw(UnusableEventError, /co-executor/);
    expect(() => planRequest(requestEvent('request.part_proposed', { details: { executorId: 'kp-shliakhrembud' } }), opts)).to.throw(UnusableEventError, /part/);
  });

  it('8.2.1 tells the request\'s executor which co-executor finished its part, its result and who is still pending; once none is, that it can propose closure', () => {
    const part = { executorId: 'kp-shliakhrembud', executor: coExecutor(), result: 'Асфальтове покриття відновлено', date: '2026-03-03' };
    const pending = planRequest(requestEvent('request.part_proposed', { number: 'KR-2026-000778', executorEmail: 'Works@Vodokanal.example.org', applicantEmail: 'olena@example.com', details: { ...part, remaining: ['kp-zelenbud', 'kp-miskelektromerezha'] } }), opts);
    expect(pending.map((p) => [p.role, p.template, p.recipient])).to.deep.equal([['executor', 'executor.part_proposed', 'works@vodokanal.example.org']]);
    const { subject, text } = pending[0]!.content;
    expect(subject).to.equal('Звернення № KR-2026-000778: співвиконавець виконав свою частину');
    expect(text)
      .to.include('Співвиконавець КП «Шляхрембуд» запропонував свою частину робіт за зверненням № KR-2026-000778 виконаною')
      .and.to.include('Результат: Асфальтове покриття відновлено')
      .and.to.include('Дата складення інформації: 3 березня 2026 р.')
      .and.to.include('Ще не виконали свою частину: kp-zelenbud, kp-miskelektromerezha');
    expect(text).to.not.include('тепер ви можете запропонувати звернення до закриття');
    const done = planRequest(requestEvent('request.part_proposed', { number: 'KR-2026-000778', details: { ...part, remaining: [] } }), opts);
    expect(done.map((p) => p.role)).to.deep.equal(['executor']);
    expect(done[0]!.content.subject).to.equal('Звернення № KR-2026-000778: усі частини робіт виконано — можна запропонувати до закриття');
    expect(done[0]!.content.text).to.include('тепер ви можете запропонувати звернення до закриття').and.to.not.include('Ще не виконали свою частину: k');
    expect(done[0]!.content.sms).to.include('можна запропонувати до закриття');
  });

  it('7.5 labels the result\'s date as the Regulation does, «Дата складення інформації», in the resident\'s emails', () => {
    const [closed] = planRequest(requestEvent('request.closed', { details: { result: closureResult() } }), opts).filter((p) => p.role === 'applicant');
    expect(closed!.content.text).to.include('Дата складення інформації: 3 березня 2026 р.');
    expect(closed!.content.text).to.not.include('Дата виконання');
    const [asked] = planRequest(requestEvent('request.applicant_confirmation_requested', { details: { result: closureResult() } }), opts);
    expect(asked!.content.text).to.include('Дата складення інформації: 3 березня 2026 р.');
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

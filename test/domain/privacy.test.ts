import { expect } from 'chai';
import { applicantView } from '../../domain/privacy.ts';
import { cardOf } from '../support/cards.ts';

const op = { id: 'op-1', role: 'operator' };
const ex = { id: 'ex-1', role: 'executor', executorId: 'vodokanal' };
const me = { id: 'app-natalia', role: 'applicant' };

describe('domain: what an applicant reads of their request', () => {
  const card = cardOf('KR-2026-000001', 1, {
    comments: [
      { at: '2026-03-10T09:00:00.000Z', author: op, text: 'Запит виконавцю про бездіяльність', public: false },
      { at: '2026-03-10T10:00:00.000Z', author: ex, text: 'Бригада виїхала', public: true },
    ],
    history: [
      { at: '2026-03-10T08:00:00.000Z', actor: op, action: 'registered', note: 'WATER-LEAK → КП «Кривбасводоканал»' },
      { at: '2026-03-10T09:00:00.000Z', actor: op, action: 'comment_added', note: 'Запит виконавцю про бездіяльність' },
      { at: '2026-03-10T10:00:00.000Z', actor: ex, action: 'comment_added', note: 'Бригада виїхала' },
      // A private comment with the text of a public one, at another instant, stays private.
      { at: '2026-03-10T10:30:00.000Z', actor: ex, action: 'comment_added', note: 'Бригада виїхала' },
      { at: '2026-03-10T11:00:00.000Z', actor: ex, action: 'additional_control_requested', from: 'in_progress', to: 'additional_control_requested', note: 'Чекаємо труби' },
      { at: '2026-03-10T12:00:00.000Z', actor: op, action: 'returned_for_rework', note: 'Внутрішня примітка оператора' },
      { at: '2026-03-10T13:00:00.000Z', actor: me, action: 'rated', note: '2: погано' },
    ],
    pending: { kind: 'additional_control', since: '2026-03-10T11:00:00.000Z', returnTo: 'in_progress', reason: 'Чекаємо труби', responsiblePerson: 'Іван Петренко', attachmentIds: ['a1'] },
    inspections: [{ scheduledAt: '2026-03-11T09:00:00.000Z', note: 'Комісія', by: 'op-1', outcome: { heldAt: '2026-03-11T10:00:00.000Z', findings: 'Не виконано', workDone: false, by: 'op-1', recordedAt: '2026-03-11T11:00:00.000Z' } }],
    strategicPlan: { planYear: 2027, approvedAt: '2026-03-12T09:00:00.000Z', note: 'Погоджено на нараді' },
  });

  it('8.1.3 shows only public comments and only the notes known to be public or the applicant’s own', () => {
    const view = applicantView(card, me.id);
    expect(view.comments.map((c) => c.text)).to.deep.equal(['Бригада виїхала']);
    expect(view.history.map((h) => h.note)).to.deep.equal(['WATER-LEAK → КП «Кривбасводоканал»', undefined, 'Бригада виїхала', undefined, undefined, undefined, '2: погано']);
    expect(view.history[4]).to.include({ action: 'additional_control_requested', from: 'in_progress', to: 'additional_control_requested' });
  });

  it("9.2.3 shows the applicant their recorded word (how and when), not the worker who wrote down the call, the worker's note or the staff's watch", () => {
    const recorded = cardOf('KR-2026-000002', 1, {
      applicantConfirmation: { confirmed: true, at: '2026-03-11T09:00:00.000Z', channel: 'phone_call', recordedBy: { id: 'op-1', name: 'Оксана' }, callAt: '2026-03-11T08:50:00.000Z', note: 'Каже, що все добре' },
      watch: { awaiting: 'rating_check', clause: '10.2.1', since: '2026-03-11T09:00:00.000Z', remind: 'operator', escalateTo: 'manager', remindAt: '2026-03-12T15:00:00.000Z' },
    });
    const view = applicantView(recorded, me.id);
    expect(view.applicantConfirmation).to.deep.equal({ confirmed: true, at: '2026-03-11T09:00:00.000Z', channel: 'phone_call', callAt: '2026-03-11T08:50:00.000Z' });
    expect(view.watch).to.equal(undefined);
    expect(JSON.stringify(view)).to.not.contain('Оксана');
  });

  it("9.2.3 keeps the applicant's own objection on a pending review", () => {
    const objected = cardOf('KR-2026-000002', 1, {
      history: [{ at: '2026-03-10T13:00:00.000Z', actor: me, action: 'applicant_not_confirmed', note: 'Тиску досі немає' }],
      pending: { kind: 'closure_review', since: '2026-03-10T13:00:00.000Z', returnTo: 'in_progress', reason: 'Тиску досі немає' },
    });
    expect(applicantView(objected, me.id).pending).to.include({ reason: 'Тиску досі немає' });
  });

  it('8.1.3 keeps the reasons of a pending decision, inspection notes and findings and the plan’s note from the applicant', () => {
    const view = applicantView(card, me.id);
    expect(view.pending).to.deep.equal({ kind: 'additional_control', since: '2026-03-10T11:00:00.000Z', returnTo: 'in_progress' });
    expect(view.inspections[0]).to.deep.equal({ scheduledAt: '2026-03-11T09:00:00.000Z', note: '', by: '', outcome: { heldAt: '2026-03-11T10:00:00.000Z', findings: '', workDone: false, by: '', recordedAt: '2026-03-11T11:00:00.000Z' } });
    expect(view.strategicPlan).to.deep.equal({ planYear: 2027, approvedAt: '2026-03-12T09:00:00.000Z' });
    for (const secret of ['Запит виконавцю', 'Чекаємо труби', 'Іван Петренко', 'Комісія', 'Не виконано', 'Внутрішня', 'Погоджено']) expect(JSON.stringify(view)).to.not.include(secret);
  });
});

/** 2.9: who is told of a consultation's and a session's events, with which Ukrainian template (pure: no server). */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { consultationEventSchema, sessionEventSchema, type ConsultationEvent } from '../../contracts/consultations.ts';
import { planConsultation, planSession } from '../../services/notification/plan.ts';

const opts = { timeZone: 'Europe/Kyiv', senderName: 'Контакт-центр «1520» м. Кривий Ріг' };

function consultationEvent(type: ConsultationEvent['type'], details: Record<string, unknown>, email?: string): ConsultationEvent {
  return consultationEventSchema.parse({
    id: randomUUID(),
    type,
    occurredAt: '2026-12-03T09:00:00+02:00',
    actor: { id: 'op', role: 'operator' },
    data: {
      version: 2,
      details,
      consultation: {
        number: 'KRK-2026-000042',
        version: 2,
        status: 'answered',
        channel: 'web',
        categoryCode: 'CONSULT-01',
        categoryName: 'Консультація щодо субсидій і пільг',
        term: { amount: 1, unit: 'working_hours' },
        applicant: { name: 'Іван Петренко', phone: '+380671234567', ...(email ? { email } : {}) },
        subject: 'Субсидія на опалення',
        registeredAt: '2026-12-03T08:00:00+02:00',
        registeredBy: { id: 'u', role: 'applicant' },
        replyDueAt: '2026-12-03T10:00:00+02:00',
        reminderAt: null,
        reminded: false,
        overdue: false,
        silenceCloseAt: null,
      },
    },
  });
}

describe('notification: consultations (2.9)', () => {
  it('2.9 emails the resident the answer in Ukrainian, or texts them when there is no email', () => {
    const [mail] = planConsultation(consultationEvent('consultation.replied', { text: 'Потрібні паспорт і довідка про доходи.' }, 'ivan@example.org'), opts);
    expect(mail).to.include({ role: 'applicant', template: 'applicant.consultation_answered', channel: 'email', recipient: 'ivan@example.org' });
    expect(mail!.content.subject).to.equal('Консультація № KRK-2026-000042: надано відповідь');
    expect(mail!.content.text).to.contain('Потрібні паспорт і довідка про доходи.');
    const [sms] = planConsultation(consultationEvent('consultation.replied', { text: 'x' }), opts);
    expect(sms).to.include({ channel: 'sms', recipient: '+380671234567' });
  });

  it('2.9 tells the operators the workflow named that a reply is due soon, and that it is overdue', () => {
    const due = planConsultation(consultationEvent('consultation.reply_reminder', { replyDueAt: '2026-12-03T10:00:00+02:00', notify: ['a@1520.example.org', 'A@1520.example.org', 'b@1520.example.org'] }), opts);
    expect(due.map((p) => [p.template, p.recipient])).to.deep.equal([
      ['operator.consultation_reply_due', 'a@1520.example.org'],
      ['operator.consultation_reply_due', 'b@1520.example.org'],
    ]);
    expect(due[0]!.content.text).to.contain('3 грудня 2026 р. о 10:00');
    const [overdue] = planConsultation(consultationEvent('consultation.overdue', { notify: [] }), opts);
    expect(overdue).to.include({ template: 'operator.consultation_overdue', missing: 'neither the responsible worker, the duty shift nor a manager has an email on record' });
    expect(planConsultation(consultationEvent('consultation.asked', {}), opts), 'nobody is emailed of a follow-up').to.deep.equal([]);
  });

  it('2.9 emails a session booking’s confirmation and its reminder to the resident who booked', () => {
    const e = (type: 'consultation_session.booked' | 'consultation_session.reminder') =>
      sessionEventSchema.parse({
        id: randomUUID(),
        type,
        occurredAt: '2026-12-03T09:00:00+02:00',
        actor: { id: 'u', role: 'applicant' },
        data: {
          version: 2,
          session: { id: 'CS-1', topic: 'Житлові субсидії', expert: 'Ірина Мороз', description: 'Запитання й відповіді.' },
          details: { slot: { id: '1', startsAt: '2026-12-10T10:00:00+02:00', endsAt: '2026-12-10T11:00:00+02:00', capacity: 5 }, booking: { userId: 'u', name: 'Іван Петренко', email: 'ivan@example.org', bookedAt: '2026-12-03T09:00:00+02:00' } },
        },
      });
    const [confirmation] = planSession(e('consultation_session.booked'), opts);
    expect(confirmation).to.include({ template: 'applicant.session_booked', recipient: 'ivan@example.org' });
    expect(confirmation!.content.text).to.contain('10 грудня 2026 р. о 10:00');
    const [reminder] = planSession(e('consultation_session.reminder'), opts);
    expect(reminder!.content.subject).to.equal('Нагадування: консультація «Житлові субсидії» 10 грудня 2026 р. о 10:00');
  });
});

/** The rules of online consultations (2.9): reply terms and reminders on the working calendar, who may act, session bookings. */
import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { ConsultationCard } from '../../contracts/consultations.ts';
import type { Actor } from '../../contracts/events.ts';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar.ts';
import { addWorkingTime, bookingReminderAt, consultationRefusal, isConsultationCategory, replyTimes, silenceCloseAt, workingTimeBetween } from '../../domain/consultations.ts';

const cal: WorkingCalendar = { ...structuredClone(DEFAULT_CALENDAR), holidays: ['2026-12-25'], martialLaw: false };
const kyiv = (s: string): Date => DateTime.fromISO(s, { zone: 'Europe/Kyiv' }).toJSDate();
const resident: Actor = { id: 'u-1', role: 'applicant' };

const card = (over: Partial<ConsultationCard> = {}): ConsultationCard => ({
  number: 'KRK-2026-000001',
  version: 1,
  status: 'awaiting_reply',
  channel: 'web',
  categoryCode: 'CONSULT-01',
  categoryName: 'Субсидії',
  term: { amount: 1, unit: 'working_days' },
  applicant: { name: 'Н', phone: '+380671234567', userId: 'u-1' },
  subject: 'Субсидія',
  registeredAt: '2026-12-01T08:00:00.000Z',
  registeredBy: { id: 'u-1', role: 'applicant' },
  replyDueAt: null,
  reminderAt: null,
  reminded: false,
  overdue: false,
  silenceCloseAt: null,
  messages: [],
  internalNotes: [],
  history: [],
  ...over,
});

describe('consultation rules (2.9)', () => {
  it('2.9 takes consultation categories from the consultation part of the Classifier', () => {
    expect(isConsultationCategory('CONSULT-01')).to.equal(true);
    expect(isConsultationCategory('consult-02')).to.equal(true);
    expect(isConsultationCategory('WATER-01')).to.equal(false);
  });

  it('2.9 a one-working-hour reply asked on Friday at 15:30 is due on Monday at 08:45, the workers reminded at 08:30', () => {
    const t = replyTimes(cal, kyiv('2026-12-04T15:30'), { amount: 1, unit: 'working_hours' }, 0.75);
    expect(t.dueAt.toISOString()).to.equal(kyiv('2026-12-07T08:45').toISOString());
    expect(t.reminderAt.toISOString()).to.equal(kyiv('2026-12-07T08:30').toISOString());
  });

  it('2.9 a one-working-day reply asked on Thursday 24 December is due on Monday 28 December at 17:00, skipping the holiday and the weekend', () => {
    const t = replyTimes(cal, kyiv('2026-12-24T10:00'), { amount: 1, unit: 'working_days' }, 0.75);
    expect(t.dueAt.toISOString()).to.equal(kyiv('2026-12-28T17:00').toISOString());
    // 07:00 of Thursday + 9:00 of Monday = 16 working hours; 3/4 of them = 12 h: Monday 13:00.
    expect(workingTimeBetween(cal, kyiv('2026-12-24T10:00'), t.dueAt)).to.equal(16 * 3_600_000);
    expect(t.reminderAt.toISOString()).to.equal(kyiv('2026-12-28T13:00').toISOString());
    expect(addWorkingTime(cal, kyiv('2026-12-24T18:00'), 0).toISOString(), 'outside hours: the next working start').to.equal(kyiv('2026-12-28T08:00').toISOString());
  });

  it('2.9 a round-the-clock term reminds at its share of plain time', () => {
    const t = replyTimes(cal, kyiv('2026-12-05T12:00'), { amount: 4, unit: 'hours' }, 0.75);
    expect(t.reminderAt.toISOString()).to.equal(kyiv('2026-12-05T15:00').toISOString());
  });

  it('2.9 an answered consultation closes at the end of the N-th working day of the resident’s silence', () => {
    expect(silenceCloseAt(cal, kyiv('2026-12-03T11:00'), 3).toISOString()).to.equal(kyiv('2026-12-08T17:00').toISOString());
  });

  it('2.9 only workers answer, only the resident who asked marks it answered, and a rating is given once', () => {
    expect(consultationRefusal(card(), 'reply', { id: 'x', role: 'executor', executorId: 'vodokanal' })?.kind).to.equal('forbidden');
    expect(consultationRefusal(card(), 'reply', { id: 'op', role: 'operator' })).to.equal(undefined);
    expect(consultationRefusal(card({ status: 'answered' }), 'markAnswered', { id: 'u-2', role: 'applicant' })?.kind).to.equal('forbidden');
    expect(consultationRefusal(card(), 'markAnswered', resident)?.kind, 'nothing answered yet').to.equal('wrong_status');
    expect(consultationRefusal(card({ status: 'closed', rating: { score: 5, at: '2026-12-01T09:00:00.000Z' } }), 'rate', resident)?.kind).to.equal('rule_violation');
    expect(consultationRefusal(card({ status: 'converted' }), 'convert', { id: 'op', role: 'operator' })?.kind).to.equal('wrong_status');
  });

  it('2.9 reminds of a booked slot a day before it, not for a booking made within that day', () => {
    expect(bookingReminderAt('2026-12-10T10:00:00.000Z', '2026-12-01T10:00:00.000Z')?.toISOString()).to.equal('2026-12-09T10:00:00.000Z');
    expect(bookingReminderAt('2026-12-10T10:00:00.000Z', '2026-12-09T12:00:00.000Z')).to.equal(undefined);
  });
});

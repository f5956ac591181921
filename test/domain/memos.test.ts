import { expect } from 'chai';
import { MEMO_STATUSES, type MemoStatus } from '../../contracts/memos.ts';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar.ts';
import { isMemoFinal, MEMO_ICT_CLOCK, MEMO_RULES, memoActionRefusal, memoIctClock, memoIctDue, memoReminderAt } from '../../domain/memos.ts';

const plain: WorkingCalendar = { ...structuredClone(DEFAULT_CALENDAR), holidays: [], martialLaw: false };
const memo = (status: MemoStatus) => ({ id: 'm-1', status });

describe('the 5.7 memo rules', () => {
  it('5.7 lets a manager decide a pending memo and ICT block an approved one and unblock a blocked one, nothing else', () => {
    const allowed: Array<[keyof typeof MEMO_RULES, string, MemoStatus]> = [];
    for (const action of ['decide', 'block', 'unblock'] as const) {
      for (const role of ['operator', 'manager', 'ict', 'admin'] as const) {
        for (const status of MEMO_STATUSES) if (!memoActionRefusal(memo(status), action, { role })) allowed.push([action, role, status]);
      }
    }
    expect(allowed).to.deep.equal([
      ['decide', 'manager', 'pending_approval'],
      ['block', 'ict', 'approved'],
      ['unblock', 'ict', 'blocked'],
    ]);
  });

  it('5.7 names the kind of each refusal: the role first, then the status', () => {
    expect(memoActionRefusal(memo('approved'), 'decide', { role: 'operator' })).to.deep.include({ kind: 'forbidden' });
    const early = memoActionRefusal(memo('pending_approval'), 'block', { role: 'ict' });
    expect(early).to.deep.include({ kind: 'wrong_status', details: { status: 'pending_approval', expected: ['approved'] } });
    expect(memoActionRefusal(memo('rejected'), 'block', { role: 'ict' })?.message).to.equal('memo m-1 is rejected; block needs it approved');
  });

  it('5.7 ends a memo when it is rejected or its number unblocked', () => {
    expect(MEMO_STATUSES.filter(isMemoFinal)).to.deep.equal(['rejected', 'unblocked']);
  });

  it('5.7 reminds the managers at the close of the next working day, past weekends and holidays', () => {
    // Tuesday 10:00 Kyiv → Wednesday 17:00 Kyiv.
    expect(memoReminderAt(plain, new Date('2026-03-10T08:00:00Z')).toISOString()).to.equal('2026-03-11T15:00:00.000Z');
    // Friday 14:00 Kyiv, Monday a holiday → Tuesday 17:00 Kyiv.
    expect(memoReminderAt({ ...plain, holidays: ['2026-03-16'] }, new Date('2026-03-13T12:00:00Z')).toISOString()).to.equal('2026-03-17T15:00:00.000Z');
  });

  it('5.7 reminds ICT at the close of the working day after the approval and escalates to the managers at the close of the next, past weekends and holidays', () => {
    // Approved Tuesday 10:00 Kyiv → ICT reminded Wednesday 17:00 → managers told Thursday 17:00.
    const tuesday = memoIctClock(plain, new Date('2026-03-10T08:00:00Z'));
    expect([tuesday.remind.toISOString(), tuesday.escalate.toISOString()]).to.deep.equal(['2026-03-11T15:00:00.000Z', '2026-03-12T15:00:00.000Z']);
    // Approved Thursday 16:00 Kyiv, Monday a holiday → Friday 15:45 (Friday's close) → Tuesday 17:00.
    const thursday = memoIctClock({ ...plain, holidays: ['2026-03-16'] }, new Date('2026-03-12T14:00:00Z'));
    expect([thursday.remind.toISOString(), thursday.escalate.toISOString()]).to.deep.equal(['2026-03-13T13:45:00.000Z', '2026-03-17T15:00:00.000Z']);
    expect(MEMO_ICT_CLOCK.remind.notify).to.equal('ict');
    expect(MEMO_ICT_CLOCK.escalate.notify, 'the next role up from ICT').to.equal('manager');
  });

  it('5.7 runs the clock on ICT only while the memo is approved and not blocked: the reminder first, then the escalation', () => {
    const pending = { ictRemindAt: '2026-03-11T15:00:00.000Z', ictEscalateAt: '2026-03-12T15:00:00.000Z' };
    expect(memoIctDue('approved', pending)).to.deep.equal({ stage: 'remind', at: pending.ictRemindAt });
    expect(memoIctDue('approved', { ictEscalateAt: pending.ictEscalateAt })).to.deep.equal({ stage: 'escalate', at: pending.ictEscalateAt });
    expect(memoIctDue('approved', {}), 'both sent, or a memo approved before the clock').to.equal(undefined);
    for (const status of MEMO_STATUSES.filter((st) => st !== 'approved')) expect(memoIctDue(status, pending), status).to.equal(undefined);
  });
});

import { expect } from 'chai';
import { MEMO_STATUSES, type MemoStatus } from '../../contracts/memos.ts';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar.ts';
import { isMemoFinal, MEMO_RULES, memoActionRefusal, memoReminderAt } from '../../domain/memos.ts';

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
});

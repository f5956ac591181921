import { expect } from 'chai';
import type { Actor } from '../../contracts/events.ts';
import type { RepairWorkCard } from '../../contracts/repair-works.ts';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar.ts';
import { actionRefusal, nextReminderAt, placeKey, registrationRefusal, worksExplaining } from '../../domain/repair-works.ts';

const HOUR = 3_600_000;
const now = new Date('2026-03-10T10:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();

const executor: Actor = { id: 'u-1', role: 'executor', name: 'Іван', executorId: 'vodokanal' };
const foreignExecutor: Actor = { id: 'u-2', role: 'executor', executorId: 'teplo' };
const operator: Actor = { id: 'op-1', role: 'operator', name: 'Олена' };
const manager: Actor = { id: 'mgr-1', role: 'manager' };

const plain: WorkingCalendar = { ...structuredClone(DEFAULT_CALENDAR), holidays: [], martialLaw: false };

function card(over: Partial<RepairWorkCard> = {}): RepairWorkCard {
  return {
    id: 'RW-1',
    version: 1,
    kind: 'emergency',
    status: 'in_progress',
    executorId: 'vodokanal',
    executor: { id: 'vodokanal', name: 'КП «Кривбасводоканал»' },
    district: 'Саксаганський',
    street: 'вул. Героїв АТО',
    buildings: ['12', '14'],
    categoryCodes: ['WATER-01'],
    title: 'Аварія',
    description: 'Аварія на водогоні',
    startsAt: at(-2),
    expectedEndAt: at(4),
    overdue: false,
    registeredAt: at(-1),
    registeredBy: { id: executor.id, role: 'executor' },
    reminders: 0,
    history: [],
    ...over,
  };
}

describe('repair-work rules (domain/repair-works.ts)', () => {
  it('8.1.6.1 refuses a planned work registered less than 24 hours ahead, and accepts one exactly 24 hours ahead', () => {
    const tooLate = registrationRefusal({ kind: 'planned', executorId: 'vodokanal', startsAt: at(23.99), expectedEndAt: at(30) }, executor, now);
    expect(tooLate).to.deep.include({ kind: 'rule_violation' });
    expect(tooLate?.message).to.match(/^8\.1\.6\.1 /);
    expect(tooLate?.details).to.include({ rule: '8.1.6.1', field: 'body.startsAt', earliestStart: at(24) });
    expect(registrationRefusal({ kind: 'planned', executorId: 'vodokanal', startsAt: at(-1), expectedEndAt: at(30) }, executor, now)?.message).to.contain('in the past');
    expect(registrationRefusal({ kind: 'planned', executorId: 'vodokanal', startsAt: at(24), expectedEndAt: at(30) }, executor, now)).to.equal(undefined);
  });

  it('8.1.6.2 accepts an emergency whose start is in the past or now, and refuses one starting later (that is a planned work)', () => {
    expect(registrationRefusal({ kind: 'emergency', executorId: 'vodokanal', startsAt: at(-48), expectedEndAt: at(3) }, executor, now)).to.equal(undefined);
    expect(registrationRefusal({ kind: 'emergency', executorId: 'vodokanal', startsAt: at(0.2), expectedEndAt: at(3) }, executor, now)).to.equal(undefined);
    const future = registrationRefusal({ kind: 'emergency', executorId: 'vodokanal', startsAt: at(2), expectedEndAt: at(3) }, executor, now);
    expect(future?.details).to.include({ rule: '8.1.6.2' });
  });

  it('8.1.6 refuses an expected end before the start or already past', () => {
    expect(registrationRefusal({ kind: 'emergency', executorId: 'vodokanal', startsAt: at(-1), expectedEndAt: at(-2) }, executor, now)?.details).to.include({ field: 'body.expectedEndAt' });
    expect(registrationRefusal({ kind: 'emergency', executorId: 'vodokanal', startsAt: at(-3), expectedEndAt: at(-1) }, executor, now)?.message).to.contain('future');
  });

  it("8.1.6 an executor registers and closes works only for its own organisation; an operator may act on an executor's behalf; others may not", () => {
    const work = { kind: 'emergency' as const, executorId: 'vodokanal', startsAt: at(-1), expectedEndAt: at(3) };
    expect(registrationRefusal(work, foreignExecutor, now)).to.deep.include({ kind: 'forbidden' });
    expect(registrationRefusal(work, operator, now)).to.equal(undefined);
    expect(registrationRefusal(work, manager, now)).to.deep.include({ kind: 'forbidden' });
    expect(actionRefusal(card(), 'close', foreignExecutor, { actualEndAt: at(0), note: 'x' }, now)).to.deep.include({ kind: 'forbidden' });
    expect(actionRefusal(card(), 'close', operator, { actualEndAt: at(0), note: 'x' }, now)).to.equal(undefined);
  });

  it('8.1.6 closes with an actual end not in the future nor before the start; a closed card takes no more changes (8.1.7)', () => {
    expect(actionRefusal(card(), 'close', executor, { actualEndAt: at(0), note: 'x' }, now)).to.equal(undefined);
    expect(actionRefusal(card(), 'close', executor, { actualEndAt: at(1), note: 'x' }, now)?.message).to.contain('future');
    expect(actionRefusal(card(), 'close', executor, { actualEndAt: at(-3), note: 'x' }, now)?.message).to.contain('before the start');
    expect(actionRefusal(card({ status: 'closed', actualEndAt: at(-1) }), 'extend', executor, { expectedEndAt: at(5), reason: 'x' }, now)).to.deep.include({ kind: 'wrong_status' });
  });

  it('8.1.7 an extension needs a new expected end in the future, different from the one recorded', () => {
    expect(actionRefusal(card(), 'extend', executor, { expectedEndAt: at(8), reason: 'x' }, now)).to.equal(undefined);
    expect(actionRefusal(card(), 'extend', executor, { expectedEndAt: at(-0.5), reason: 'x' }, now)).to.deep.include({ kind: 'rule_violation' });
    expect(actionRefusal(card(), 'extend', executor, { expectedEndAt: at(4), reason: 'x' }, now)?.message).to.contain('already recorded');
  });

  it('matches a call to the works going on at its street and building that explain its category, emergencies first', () => {
    expect(placeKey('  Саксаганський ', 'ВУЛ.  Героїв АТО')).to.equal(placeKey('саксаганський', 'вул. героїв ато'));
    const planned = card({ id: 'P', kind: 'planned', buildings: [], categoryCodes: [], startsAt: at(-5) });
    const emergency = card({ id: 'E' });
    const upcoming = card({ id: 'U', startsAt: at(5), status: 'planned' });
    const ended = card({ id: 'X', status: 'closed', actualEndAt: at(-1) });
    const works = [planned, emergency, upcoming, ended];
    expect(worksExplaining(works, { building: '12', categoryCode: 'water-01', at: now }).map((w) => w.id)).to.deep.equal(['E', 'P']);
    expect(worksExplaining(works, { building: '40', categoryCode: 'WATER-01', at: now }).map((w) => w.id)).to.deep.equal(['P']);
    expect(worksExplaining(works, { building: '12', categoryCode: 'HEAT-01', at: now }).map((w) => w.id)).to.deep.equal(['P']);
    // A work closed later was going on at an earlier instant.
    expect(worksExplaining(works, { building: '12', at: new Date(at(-1.5)) }).map((w) => w.id)).to.include('X');
  });

  it('8.1.6 reminds on the first working hour of the next working day: Friday → Monday, over a holiday, across the DST change', () => {
    // Friday 6 March 2026, 16:00 Kyiv → Monday 9 March 08:00 Kyiv (06:00Z).
    expect(nextReminderAt(plain, new Date('2026-03-06T14:00:00Z')).toISOString()).to.equal('2026-03-09T06:00:00.000Z');
    // Tuesday 10:00 → Wednesday 08:00, even within Tuesday's working hours.
    expect(nextReminderAt(plain, new Date('2026-03-10T08:00:00Z')).toISOString()).to.equal('2026-03-11T06:00:00.000Z');
    // Wednesday with Thursday a holiday → Friday.
    expect(nextReminderAt({ ...plain, holidays: ['2026-03-12'] }, new Date('2026-03-11T08:00:00Z')).toISOString()).to.equal('2026-03-13T06:00:00.000Z');
    // Friday 27 March; clocks go forward on Sunday 29 March: Monday 08:00 Kyiv is 05:00Z.
    expect(nextReminderAt(plain, new Date('2026-03-27T10:00:00Z')).toISOString()).to.equal('2026-03-30T05:00:00.000Z');
  });
});

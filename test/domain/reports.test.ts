import { expect } from 'chai';
import { cellKey, type PeriodDoc } from '../../domain/report-counters.ts';
import { dayPeriod, ineffectiveExecutors, projectRequest, weekPeriod, type FactEvent } from '../../domain/reports.ts';
import { DEFAULT_CALENDAR } from '../../domain/calendar.ts';
import { drawSample, previousWorkingDay, stratumSize, type Closed } from '../../domain/spot-check.ts';

const ev = (type: string, at: string, over: Partial<FactEvent> = {}): FactEvent => ({
  id: `${type}-${at}`,
  type: `request.${type}`,
  at: new Date(at).toISOString(),
  status: 'in_progress',
  overdue: false,
  executorId: 'vodokanal',
  categoryCode: 'WATER-01',
  district: 'Покровський',
  channel: 'phone',
  deadlineAt: '2019-03-05T10:00:00.000Z',
  registeredAt: '2019-03-04T08:00:00.000Z',
  ...over,
});

describe('domain/reports', () => {
  it('9.2.1 keeps a request overdue on every day from the deadline until an extension clears the flag, not after', () => {
    const { days, open } = projectRequest('KR-1', [
      ev('additional_control_approved', '2019-03-08T09:00:00+02:00', { overdue: false }),
      ev('registered', '2019-03-04T10:00:00+02:00'),
      ev('overdue', '2019-03-05T12:00:00+02:00', { overdue: true }),
    ]);
    expect(open).to.equal(null);
    expect(['2019-03-05', '2019-03-06', '2019-03-07', '2019-03-08'].map((d) => days.get(d)?.ov)).to.deep.equal([1, 1, 1, 1]);
    expect(['2019-03-05', '2019-03-06', '2019-03-07', '2019-03-08'].map((d) => days.get(d)?.ovEnd)).to.deep.equal([1, 1, 1, undefined]);
    expect(days.get('2019-03-09')).to.equal(undefined);
  });

  it('9.2.1 keeps a request that is still overdue in the open set from the moment it went overdue', () => {
    const { open } = projectRequest('KR-2', [ev('registered', '2019-03-04T10:00:00+02:00'), ev('overdue', '2019-03-05T12:00:00+02:00', { overdue: true })]);
    expect(open).to.deep.include({ number: 'KR-2', since: '2019-03-05T10:00:00.000Z', executorId: 'vodokanal' });
  });

  it('10.4 counts an acceptance in the first working hour only when no 8.1.2 reminder came before it', () => {
    const quick = projectRequest('A', [ev('registered', '2019-03-04T10:00:00+02:00'), ev('accepted', '2019-03-04T10:20:00+02:00')]).days.get('2019-03-04');
    const late = projectRequest('B', [ev('registered', '2019-03-04T10:00:00+02:00'), ev('acceptance_reminder', '2019-03-04T11:00:00+02:00'), ev('accepted', '2019-03-04T12:00:00+02:00')]).days.get('2019-03-04');
    expect([quick?.acc1h, late?.acc1h, late?.acc]).to.deep.equal([1, undefined, 1]);
  });

  it('9.2.2 flags an executor whose share reaches a threshold and not one below every threshold', () => {
    // Ten requests each, summed into the week's counters as the projection does.
    const doc: PeriodDoc = {
      cells: {
        [cellKey('WATER-01', 'Покровський', 'good', 'phone')]: { h: 10, reg: 10, prop: 10, cl: 10, rn: 1, rs: 5 },
        [cellKey('WATER-01', 'Покровський', 'bad', 'phone')]: { h: 10, reg: 10, prop: 10, rw: 4 },
      },
      lists: {},
    };
    const period = weekPeriod('2019-W10');
    const r = ineffectiveExecutors(doc, period, [], {}, { categories: {}, executors: {} }, { minRequests: 5, overdueShare: 0.2, reworkShare: 0.3, negativeRatingShare: 0.3, repeatShare: 0.2 });
    expect(r.ineffective).to.deep.equal(['bad']);
    expect(r.executors.find((e) => e.executorId === 'bad')?.reasons).to.deep.equal(['reworkShare']);
    expect(dayPeriod('2019-03-05').days).to.deep.equal(['2019-03-05']);
  });
});

describe('domain/spot-check', () => {
  const closed: Closed[] = [];
  for (let i = 0; i < 40; i++) closed.push({ number: `A-${i}`, executorId: 'a', categoryCode: 'X', district: 'D', closedAt: '2019-03-04' });
  for (let i = 0; i < 3; i++) closed.push({ number: `B-${i}`, executorId: 'b', categoryCode: 'X', district: 'D', closedAt: '2019-03-04' });
  closed.push({ number: 'C-0', executorId: 'c', categoryCode: 'X', district: 'D', closedAt: '2019-03-04' });
  const rules = { share: 0.1, minPerExecutor: 1 };

  it('9.2.5 draws a sample stratified by executor: a tenth of each, rounded up, at least one each', () => {
    const s = drawSample(closed, 'seed-1', rules);
    const per = (x: string) => s.filter((c) => c.executorId === x).length;
    expect([per('a'), per('b'), per('c')]).to.deep.equal([4, 1, 1]);
    expect(new Set(s.map((c) => c.number)).size).to.equal(s.length);
    expect(stratumSize(0, rules)).to.equal(0);
  });

  it('9.2.5 draws the same sample again from its recorded seed, and another from another seed', () => {
    expect(drawSample([...closed].reverse(), 'seed-1', rules)).to.deep.equal(drawSample(closed, 'seed-1', rules));
    const other = ['seed-2', 'seed-3', 'seed-4'].map((seed) => drawSample(closed, seed, rules).map((c) => c.number).join());
    expect(other.some((o) => o !== drawSample(closed, 'seed-1', rules).map((c) => c.number).join())).to.equal(true);
  });

  it('9.2.5 takes the sample from the previous working day: Friday for a Monday', () => {
    expect(previousWorkingDay(DEFAULT_CALENDAR, '2026-11-30')).to.equal('2026-11-27');
    expect(previousWorkingDay(DEFAULT_CALENDAR, '2026-11-26')).to.equal('2026-11-25');
  });
});

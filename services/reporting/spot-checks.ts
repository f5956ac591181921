/**
 * 9.2.5: the day's phone-survey list. The sample is drawn once per working day, at the first ask,
 * from the requests closed on the previous working day (the day's period document), with a fresh
 * random seed; the seed, the rules and the drawn numbers are stored and logged, so the draw can be
 * repeated and checked (domain/spot-check.ts).
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { SpotCheckList } from '../../contracts/reporting.ts';
import type { CalendarRepository } from '../../data/calendar.repository.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';
import { dayDocId, type ClosedItem } from '../../domain/report-counters.ts';
import { REPORT_ZONE } from '../../domain/reports.ts';
import { drawSample, previousWorkingDay, type Closed, type SampleRules } from '../../domain/spot-check.ts';
import type { Logger } from '../../platform/logger.ts';

export class SpotChecks {
  constructor(private readonly deps: { repo: ReportsRepository; calendar: CalendarRepository; rules: SampleRules; logger: Logger }) {}

  /** The requests closed on a day, from its period document's `closed` list. */
  async closedOn(day: string): Promise<Closed[]> {
    const doc = (await this.deps.repo.periods([dayDocId(day)])).get(dayDocId(day));
    return Object.entries(doc?.lists.closed ?? {}).map(([number, item]) => {
      const [executorId, categoryCode, district] = item as ClosedItem;
      return { number, executorId, categoryCode, district, closedAt: day };
    });
  }

  async listFor(date?: string, now = new Date()): Promise<SpotCheckList> {
    const day = date ?? DateTime.fromJSDate(now, { zone: REPORT_ZONE }).toISODate() ?? '';
    const { repo, rules, logger } = this.deps;
    const stored = await repo.sample(day);
    if (stored) return { day, closedOn: stored.closedOn, seed: stored.seed, share: stored.share, minPerExecutor: stored.minPerExecutor, items: stored.items };
    const closedOn = previousWorkingDay(await this.deps.calendar.get(), day);
    if (!closedOn) return { day, closedOn: null, seed: null, share: rules.share, minPerExecutor: rules.minPerExecutor, items: [] };
    const seed = randomUUID();
    const items = drawSample(await this.closedOn(closedOn), seed, rules);
    const saved = await repo.saveSample({ day, closedOn, seed, share: rules.share, minPerExecutor: rules.minPerExecutor, items, drawnAt: now });
    logger.info('9.2.5 spot-check sample drawn', { day, closedOn, seed: saved.seed, share: saved.share, minPerExecutor: saved.minPerExecutor, numbers: saved.items.map((i) => i.number) });
    return { day, closedOn: saved.closedOn, seed: saved.seed, share: saved.share, minPerExecutor: saved.minPerExecutor, items: saved.items };
  }
}

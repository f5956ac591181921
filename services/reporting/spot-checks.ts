/**
 * 9.2.5: the day's phone-survey list. The sample is drawn once per working day — by the reporting
 * service's `spot-checks` Temporal Schedule each morning (workflows/spot-check-sample.ts), or at the
 * first ask if that has not run yet — from the requests closed since the previous working day's
 * sample (that day and the days off after it, from the days' period documents), with a fresh random
 * seed; the seed, the rules and the drawn numbers are stored and logged, so the draw can be repeated
 * and checked (domain/spot-check.ts). The first draw stored stands: a second draw changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { SpotCheckList } from '../../contracts/reporting.ts';
import type { CalendarRepository } from '../../data/calendar.repository.ts';
import type { ReportsRepository, Sample } from '../../data/reports.repository.ts';
import { dayDocId, type ClosedItem } from '../../domain/report-counters.ts';
import { REPORT_ZONE } from '../../domain/reports.ts';
import { drawSample, sampledDays, type Closed, type SampleRules } from '../../domain/spot-check.ts';
import type { Logger } from '../../platform/logger.ts';

const listOf = (s: Sample): SpotCheckList => ({ day: s.day, closedOn: s.closedOn, closedDays: s.closedDays, seed: s.seed, share: s.share, minPerExecutor: s.minPerExecutor, items: s.items });

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

  /** The Kyiv date of an instant. */
  static dayOf(at: Date): string {
    return DateTime.fromJSDate(at, { zone: REPORT_ZONE }).toISODate() ?? '';
  }

  /**
   * The day's sample, drawn now unless it is stored already; `drawn` says whether this call drew it.
   * On a day off nothing is drawn and the list is empty.
   */
  async draw(day: string, now = new Date()): Promise<{ list: SpotCheckList; drawn: boolean }> {
    const { repo, rules, logger } = this.deps;
    const stored = await repo.sample(day);
    if (stored) return { list: listOf(stored), drawn: false };
    const days = sampledDays(await this.deps.calendar.get(), day);
    if (!days || days.length === 0) return { list: { day, closedOn: null, closedDays: [], seed: null, share: rules.share, minPerExecutor: rules.minPerExecutor, items: [] }, drawn: false };
    const seed = randomUUID();
    const closed = (await Promise.all(days.map((d) => this.closedOn(d)))).flat();
    const items = drawSample(closed, seed, rules);
    const saved = await repo.saveSample({ day, closedOn: days[0]!, closedDays: days, seed, share: rules.share, minPerExecutor: rules.minPerExecutor, items, drawnAt: now });
    // Two draws at once (the schedule and the first ask): the one stored first stands.
    const drawn = saved.seed === seed;
    if (drawn) logger.info('9.2.5 spot-check sample drawn', { day, closedDays: days, seed: saved.seed, share: saved.share, minPerExecutor: saved.minPerExecutor, numbers: saved.items.map((i) => i.number) });
    return { list: listOf(saved), drawn };
  }

  async listFor(date?: string, now = new Date()): Promise<SpotCheckList> {
    return (await this.draw(date ?? SpotChecks.dayOf(now), now)).list;
  }
}

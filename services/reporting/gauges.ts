/**
 * The business gauges (platform/metrics.ts GAUGES), read at scrape time by every reporting replica
 * (they all read the same documents, so they report the same values; the dashboards take max()):
 * - `requestsOpen{status}`, `requestsOpenByExecutor{executor}`, `requestsOverdue{executor}`,
 *   `closuresAwaitingReview`: the cells of the live documents the projector keeps beside the period
 *   counters (domain/report-counters.ts `LIVE_DOC_IDS`), summed: eight reads by `_id`;
 * - `memosAwaitingDecision`: the size of `memo_awaiting`, which holds only the 5.7 memos awaiting
 *   the managers' decision (data/memos.repository.ts).
 * No read grows with the history of requests or memos. The executor label is the executor's id.
 */
import { LIVE_CELLS, type PeriodDoc } from '../../domain/report-counters.ts';
import type { Metrics } from '../../platform/metrics.ts';

export interface GaugeSources {
  /** The live documents (ReportsRepository.live). */
  live(): Promise<PeriodDoc[]>;
  /** How many memos await a decision (MemosRepository.awaitingDecision). */
  memosAwaitingDecision(): Promise<number>;
}

/** The series of one kind of live cell, summed over the live documents: label value → count. */
function cellsOf(docs: readonly PeriodDoc[], prefix: string): Array<[string, number]> {
  const sums = new Map<string, number>();
  for (const doc of docs) {
    for (const [key, m] of Object.entries(doc.cells)) if (key.startsWith(prefix)) sums.set(key.slice(prefix.length), (sums.get(key.slice(prefix.length)) ?? 0) + (m.n ?? 0));
  }
  return [...sums].filter(([, n]) => n > 0);
}

/** A read serves the gauges collected in the same scrape, one after the other (one snapshot for all of them). */
const READ_REUSE_MS = 250;

export function registerBusinessGauges(metrics: Metrics, sources: GaugeSources): void {
  // One read of the live documents serves the four gauges of a scrape (prom-client collects them in turn).
  let current: { at: number; doc: Promise<PeriodDoc[]> } | undefined;
  const live = (): Promise<PeriodDoc[]> => {
    const now = Date.now();
    if (!current || now - current.at > READ_REUSE_MS) {
      const mine = { at: now, doc: sources.live() };
      current = mine;
      // A failed read is not kept for the next scrape.
      mine.doc.catch(() => {
        if (current === mine) current = undefined;
      });
    }
    return current.doc;
  };
  metrics.gauge('requestsOpen', async (set) => {
    for (const [status, n] of cellsOf(await live(), LIVE_CELLS.status)) set({ status }, n);
  });
  metrics.gauge('requestsOpenByExecutor', async (set) => {
    for (const [executor, n] of cellsOf(await live(), LIVE_CELLS.executor)) set({ executor }, n);
  });
  metrics.gauge('requestsOverdue', async (set) => {
    for (const [executor, n] of cellsOf(await live(), LIVE_CELLS.overdue)) set({ executor }, n);
  });
  metrics.gauge('closuresAwaitingReview', async (set) => {
    set({}, cellsOf(await live(), LIVE_CELLS.review).reduce((sum, [, n]) => sum + n, 0));
  });
  metrics.gauge('memosAwaitingDecision', async (set) => {
    set({}, await sources.memosAwaitingDecision());
  });
}

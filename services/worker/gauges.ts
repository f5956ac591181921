/**
 * The outbox gauges (platform/metrics.ts GAUGES `outboxBacklog`, `outboxOldest`), read at scrape
 * time by the worker, which sweeps the request outbox and runs the repair-work and consultation
 * activities that relay the other two: per outbox, the entries not yet on JetStream (a count capped
 * at OUTBOX_COUNT_CAP) and the age of the oldest one by an indexed time (0 when it is empty).
 */
import type { ConsultationsRepository } from '../../data/consultations.repository.ts';
import { oldestAgeSeconds, type OutboxStats } from '../../data/outbox-stats.ts';
import type { RepairWorksRepository } from '../../data/repair-works.repository.ts';
import type { RequestRepository } from '../../data/requests.repository.ts';
import type { Metrics } from '../../platform/metrics.ts';

/** The outboxes by their label: `request` also carries the 5.7 memos' events. */
export interface Outboxes {
  request: Pick<RequestRepository, 'outboxStats'>;
  repair_work: Pick<RepairWorksRepository, 'outboxStats'>;
  consultation: Pick<ConsultationsRepository, 'outboxStats'>;
}

/** A read serves the gauges collected in the same scrape, one after the other (one snapshot for all of them). */
const READ_REUSE_MS = 250;

export function registerOutboxGauges(metrics: Metrics, outboxes: Outboxes): void {
  // One read of the three outboxes serves both gauges of a scrape (prom-client collects them in turn).
  let current: { at: number; stats: Promise<Array<[string, OutboxStats]>> } | undefined;
  const read = (): Promise<Array<[string, OutboxStats]>> => {
    const now = Date.now();
    if (!current || now - current.at > READ_REUSE_MS) {
      const mine = { at: now, stats: Promise.all(Object.entries(outboxes).map(async ([name, o]: [string, Outboxes[keyof Outboxes]]) => [name, await o.outboxStats()] as [string, OutboxStats])) };
      current = mine;
      // A failed read is not kept for the next scrape.
      mine.stats.catch(() => {
        if (current === mine) current = undefined;
      });
    }
    return current.stats;
  };
  metrics.gauge('outboxBacklog', async (set) => {
    for (const [outbox, s] of await read()) set({ outbox }, s.backlog);
  });
  metrics.gauge('outboxOldest', async (set) => {
    const now = Date.now();
    for (const [outbox, s] of await read()) set({ outbox }, oldestAgeSeconds(s, now));
  });
}

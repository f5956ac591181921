/**
 * Rebuilds the reporting read models into empty collections. Two sources:
 * - `read-model` (the default): every request's own event history in `report_requests`, kept for as
 *   long as the database is, so the period counters, the export rows and the overdue set can be
 *   rebuilt for all time — after a change of how they are computed, say. The counters are summed in
 *   memory (a few hundred period documents) and written whole, and each request records what they
 *   now hold from it;
 * - `stream`: the CC_EVENTS stream from its first retained message (or `startSeq`) into empty
 *   collections: the histories first, then as from the read model — the stream keeps a year
 *   (platform/nats.ts), so this rebuilds the last year; older requests come back only from the read
 *   model.
 * Run it with the reporting service stopped (it writes the same documents).
 */
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { STREAMS } from '../../contracts/wire.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import type { StoredExportRow } from '../../domain/report-export.ts';
import { exportRowOf } from '../../domain/report-export.ts';
import { mergeContribution, requestContribution, type Contribution, type PeriodDoc } from '../../domain/report-counters.ts';
import { projectRequest } from '../../domain/reports.ts';
import { Projector } from './projector.ts';

export interface RebuildResult {
  requests: number;
  events: number;
  ms: number;
}

/** At most `n` of `fn` at once over the items of an async iterable. */
async function pool<T>(items: AsyncIterable<T>, n: number, fn: (item: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const item of items) {
    const p = fn(item).finally(() => running.delete(p));
    running.add(p);
    if (running.size >= n) await Promise.race(running);
  }
  await Promise.all(running);
}

export async function rebuildFromReadModel(repo: ReportsRepository, logger: Logger): Promise<RebuildResult> {
  const t = Date.now();
  await repo.clear(false);
  const periods = new Map<string, PeriodDoc>();
  const rows = new Map<string, Record<string, StoredExportRow>>();
  const numbers: string[] = [];
  let events = 0;
  for await (const h of repo.allRequests()) {
    if (h.events.length === 0) continue;
    const p = projectRequest(h.number, h.events);
    mergeContribution(periods, requestContribution(h.number, p));
    const { day, row } = exportRowOf(h.number, h.events);
    let rowsOfDay = rows.get(day);
    if (!rowsOfDay) rows.set(day, (rowsOfDay = {}));
    rowsOfDay[h.number] = row;
    numbers.push(h.number);
    if (p.open) await repo.putOpenOverdue(h.number, p.open);
    events += h.events.length;
  }
  // Each request records what the counters now hold from it: computed again, twenty at a time, after
  // the scan (FerretDB holds a connection per statement of an open cursor), so the contributions of
  // every request are never all in memory at once.
  for (let i = 0; i < numbers.length; i += 20) {
    const batch = await Promise.all(numbers.slice(i, i + 20).map(async (n) => [n, await repo.history(n)] as const));
    await repo.setApplied(batch.flatMap(([n, h]): Array<[string, Contribution]> => (h ? [[n, requestContribution(n, projectRequest(n, h.events))]] : [])));
  }
  await repo.putPeriods(periods);
  await repo.putRowDays(rows);
  logger.info(`rebuilt the report read models from ${numbers.length} request histories (${events} events): ${periods.size} period documents`, { requests: numbers.length, events });
  return { requests: numbers.length, events, ms: Date.now() - t };
}

export async function rebuildFromStream(deps: { repo: ReportsRepository; nc: NatsConnection; logger: Logger; startSeq?: number; concurrency?: number }): Promise<RebuildResult> {
  const t = Date.now();
  const { repo, nc, logger } = deps;
  await repo.clear(true);
  const projector = new Projector(repo);
  const js = jetstream(nc);
  const consumer = await js.consumers.get(STREAMS.events.name, {
    filter_subjects: ['cc.events.request.>'],
    ...(deps.startSeq ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: deps.startSeq } : { deliver_policy: DeliverPolicy.All }),
  });
  const info = await consumer.info();
  let events = 0;
  const numbers = new Set<string>();
  if (info.num_pending > 0) {
    const messages = await consumer.consume({ max_messages: 256 });
    await pool(
      (async function* () {
        for await (const m of messages) {
          yield m;
          if (m.info.pending === 0) break;
        }
      })(),
      deps.concurrency ?? 8,
      async (m) => {
        const res = await projector.process(m.string(), 'record');
        if (res.kind === 'malformed') logger.error(`skipped a malformed event: ${res.error}`, { streamSeq: m.seq });
        else if (res.kind !== 'ignored') {
          events += 1;
          const n = (JSON.parse(m.string()) as { data?: { request?: { number?: string } } }).data?.request?.number;
          if (n) numbers.add(n);
        }
      },
    );
    await messages.close();
  }
  logger.info(`read ${events} events of ${numbers.size} requests from the stream`, { events, requests: numbers.size });
  await rebuildFromReadModel(repo, logger);
  return { requests: numbers.size, events, ms: Date.now() - t };
}

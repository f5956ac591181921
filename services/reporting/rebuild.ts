/**
 * Rebuilds the reporting read models into empty collections. Two sources:
 * - `read-model` (the default): every request's own event history in `report_requests`, kept for as
 *   long as the database is, so the day documents and the overdue set can be rebuilt for all time —
 *   after a change of how entries are computed, say;
 * - `stream`: the CC_EVENTS stream from its first retained message (or `startSeq`) into empty
 *   collections, histories included — the stream keeps a year (platform/nats.ts), so this rebuilds
 *   the last year; older requests come back only from the read model.
 * Run it with the reporting service stopped (it writes the same documents).
 */
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { STREAMS } from '../../contracts/wire.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';
import type { Logger } from '../../platform/logger.ts';
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

export async function rebuildFromReadModel(repo: ReportsRepository, logger: Logger, concurrency = 8): Promise<RebuildResult> {
  const t = Date.now();
  await repo.clear(false);
  const projector = new Projector(repo);
  let requests = 0;
  let events = 0;
  await pool(repo.allRequests(), concurrency, async (h) => {
    await projector.reproject(h.number, { events: h.events, days: [] });
    requests += 1;
    events += h.events.length;
  });
  logger.info(`rebuilt the report read models from ${requests} request histories (${events} events)`, { requests, events });
  return { requests, events, ms: Date.now() - t };
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
        const res = await projector.process(m.string());
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
  logger.info(`rebuilt the report read models from the stream: ${events} events of ${numbers.size} requests`, { events, requests: numbers.size });
  return { requests: numbers.size, events, ms: Date.now() - t };
}

/**
 * Consultations in the reports (2.9): a durable consumer of `cc.events.consultation.>` of its own,
 * beside the requests' projection, that keeps `report_consultation_days`; and the section the daily
 * reports (9.1.1 by category, 10.4 indicators) add for them. Events are applied one at a time (a
 * day's document is one per day), each acked once applied; a failure is redelivered with backoff.
 */
import { jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { consultationEventSchema } from '../../contracts/consultations.ts';
import { STREAMS } from '../../contracts/wire.ts';
import type { ConsultationReportsRepository } from '../../data/consultation-reports.repository.ts';
import { consultationCounts, consultationPatch, type ConsultationCounts } from '../../domain/consultation-reports.ts';
import { backoffFor, countDelivery, ensureConsumer, watchConsumer, type ConsumerOptions } from '../../platform/durable-consumer.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { RunningService } from '../../platform/service.ts';

export const consultationProjectionOptions = (o: { durable: string; deliverPolicy: 'all' | 'new' }): ConsumerOptions => ({
  stream: STREAMS.events.name,
  durable: `${o.durable}-consultations`,
  filterSubject: 'cc.events.consultation.>',
  deliverPolicy: o.deliverPolicy,
  maxDeliver: 100_000,
  backoffMs: [1000, 5000, 15_000, 60_000],
  ackWaitMs: 60_000,
  concurrency: 1,
});

/** Applies one event's text; false when it is not a consultation event this build counts (acked all the same). */
export async function applyConsultationEvent(repo: ConsultationReportsRepository, raw: string): Promise<boolean> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return false;
  }
  const parsed = consultationEventSchema.safeParse(json);
  if (!parsed.success) return false;
  const patch = consultationPatch(parsed.data);
  if (!patch) return false;
  await repo.apply(patch.day, patch.number, patch.set);
  return true;
}

export async function startConsultationProjection(deps: {
  nc: NatsConnection;
  repo: ConsultationReportsRepository;
  logger: Logger;
  options: ConsumerOptions;
  /** The process's metrics: deliveries counted, the consumer's pending messages read at each scrape. */
  metrics?: Metrics;
  /** The loop ended on its own (not by stop()): the consultation counts would fall behind for good. */
  onEnded?: (why: string) => void;
}): Promise<RunningService> {
  const { nc, repo, logger, options: o } = deps;
  await ensureConsumer(nc, o);
  const consumer = await jetstream(nc).consumers.get(o.stream, o.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: o.concurrency, abort_on_missing_resource: true });
  const unwatch = deps.metrics ? watchConsumer(deps.metrics, nc, o, logger) : () => undefined;
  let stopping = false;
  const loop = (async () => {
    for await (const m of messages) {
      countDelivery(deps.metrics, o.durable, m);
      try {
        await applyConsultationEvent(repo, m.string());
        m.ack();
      } catch (err) {
        logger.warn('could not count a consultation event; it will be redelivered', { streamSeq: m.seq, err: err instanceof Error ? err.message : String(err) });
        m.nak(backoffFor(o.backoffMs, m.info.deliveryCount));
      }
    }
    // Ended without stop(): the server closed it (the consumer was deleted, say); nothing more would come.
    if (!stopping) throw new Error('the message stream ended');
  })().catch((err: unknown) => {
    const why = err instanceof Error ? err.message : String(err);
    logger.error('the consultation projection stopped', { err: why });
    if (!stopping) deps.onEnded?.(why);
  });
  return {
    async stop() {
      stopping = true;
      unwatch();
      await messages.close();
      await loop;
    },
  };
}

/** The consultations of a report's days, counted as their own kind. */
export async function consultationsOf(repo: ConsultationReportsRepository, days: readonly string[]): Promise<ConsultationCounts> {
  return consultationCounts(await repo.days(days));
}

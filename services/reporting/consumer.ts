/**
 * The reporting service's durable, explicit-ack consumer of `cc.events.>`: each event is acked only
 * once the projector has applied it (or found it applied already); a failure naks it with the shared
 * backoff, so the read models miss nothing. A malformed event is logged and acked: it would fail the
 * same way on every delivery.
 */
import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { backoffFor, countDelivery, ensureConsumer, watchConsumer, type ConsumerOptions } from '../../platform/durable-consumer.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { Projector } from './projector.ts';
import { inConsumerSpan } from '../../platform/tracing.ts';

export interface RunningConsumer {
  stop(): Promise<void>;
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export async function startProjection(deps: {
  nc: NatsConnection;
  projector: Projector;
  logger: Logger;
  options: ConsumerOptions;
  /** The process's metrics: deliveries counted, the consumer's pending messages read at each scrape. */
  metrics?: Metrics;
  /** The loop ended on its own (not by stop()): the reports would fall behind for good. */
  onEnded?: (why: string) => void;
}): Promise<RunningConsumer> {
  const { nc, projector, logger, options: o } = deps;
  await ensureConsumer(nc, o);
  const consumer = await jetstream(nc).consumers.get(o.stream, o.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: o.concurrency, abort_on_missing_resource: true });
  const unwatch = deps.metrics ? watchConsumer(deps.metrics, nc, o, logger) : () => undefined;

  const handle = async (m: JsMsg): Promise<void> => {
    try {
      const res = await projector.process(m.string());
      if (res.kind === 'malformed') logger.error(`skipped a malformed event: ${res.error}`, { streamSeq: m.seq, subject: m.subject });
      m.ack();
    } catch (err) {
      logger.warn('could not apply an event; it will be redelivered', { streamSeq: m.seq, subject: m.subject, deliveries: m.info.deliveryCount, err: errorText(err) });
      m.nak(backoffFor(o.backoffMs, m.info.deliveryCount));
    }
  };

  let stopping = false;
  const inflight = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const m of messages) {
      countDelivery(deps.metrics, o.durable, m);
      const p = inConsumerSpan(m, o.durable, () => handle(m));
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      if (inflight.size >= o.concurrency) await Promise.race(inflight);
    }
    // Ended without stop(): the server closed it (the consumer was deleted, say); nothing more would come.
    if (!stopping) throw new Error('the message stream ended');
  })().catch((err: unknown) => {
    logger.error('the event consumer stopped; reports fall behind until the service restarts', { durable: o.durable, err: errorText(err) });
    if (!stopping) deps.onEnded?.(errorText(err));
  });
  logger.info(`projecting ${o.filterSubject} as ${o.durable}`);
  return {
    async stop() {
      stopping = true;
      unwatch();
      await messages.close();
      await loop;
      await Promise.allSettled([...inflight]);
    },
  };
}

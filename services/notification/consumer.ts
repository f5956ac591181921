/**
 * The durable, explicit-ack JetStream consumer that feeds the notifier. Every message ends in
 * exactly one of: ack (delivered, or nothing to deliver), nak with a backoff delay (try again), or
 * parked then ack (malformed, refused for good, still failing after N deliveries, or back after N
 * deliveries that each crashed before deciding). Nothing is acked before it is delivered or parked,
 * so a crash at any point means a redelivery, never a loss.
 */
import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { z } from 'zod';
import type { ParkReason } from '../../contracts/notification.ts';
import type { NotificationRepository } from '../../data/notifications.repository.ts';
import { backoffFor, countDelivery, ensureConsumer, watchConsumer, type ConsumerOptions } from '../../platform/durable-consumer.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { Notifier, ProcessResult } from './notifier.ts';
import { inConsumerSpan } from '../../platform/tracing.ts';

export { backoffFor, ensureConsumer, SPARE_DELIVERIES, type ConsumerOptions } from '../../platform/durable-consumer.ts';

const maxDeliveriesAdvisory = (stream: string, durable: string): string => `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`;

const advisorySchema = z.object({ stream: z.string(), consumer: z.string(), stream_seq: z.number().int(), deliveries: z.number().int() });

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const envelopeSchema = z.object({ id: z.string().optional(), type: z.string().optional() });

const jsonOrNull = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/** What a payload says about itself, for the parked record; nothing when it is not even JSON. */
function envelopeOf(payload: string): { eventId?: string; eventType?: string } {
  try {
    const e = envelopeSchema.safeParse(JSON.parse(payload));
    return e.success ? { eventId: e.data.id, eventType: e.data.type } : {};
  } catch {
    return {};
  }
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

export async function startConsumer(deps: {
  nc: NatsConnection;
  notifier: Notifier;
  repo: NotificationRepository;
  logger: Logger;
  options: ConsumerOptions;
  /** The process's metrics: deliveries counted, the consumer's pending messages read at each scrape. */
  metrics?: Metrics;
  /** The loop ended on its own (not by stop()): the service cannot notify anyone any more. */
  onEnded?: (why: string) => void;
}): Promise<RunningConsumer> {
  const { nc, notifier, repo, logger, options: o } = deps;
  await ensureConsumer(nc, o);
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const consumer = await js.consumers.get(o.stream, o.durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: o.concurrency, abort_on_missing_resource: true });
  const unwatch = deps.metrics ? watchConsumer(deps.metrics, nc, o, logger) : () => undefined;

  const park = async (p: { streamSeq: number; subject: string; payload: string; reason: ParkReason; error: string; deliveries: number; eventId?: string; eventType?: string }) => {
    const parked = await repo.park({ ...p, consumer: o.durable, now: new Date() });
    if (p.eventId && p.reason !== 'malformed') await notifier.parkDeliveries(p.payload, p.error);
    logger.error(`parked a message: ${p.error}`, { eventId: p.eventId, eventType: p.eventType, reason: p.reason, streamSeq: p.streamSeq, deliveries: p.deliveries, parkedId: parked.id });
  };

  const parkUndecided = async (m: JsMsg, payload: string, error: string): Promise<void> => {
    try {
      await park({ streamSeq: m.seq, subject: m.subject, payload, reason: 'retries_exhausted', error, deliveries: m.info.deliveryCount, ...envelopeOf(payload) });
      m.ack();
    } catch (err) {
      logger.error('could not park a message; it will be redelivered', { streamSeq: m.seq, err: errorText(err) });
      m.nak(backoffFor(o.backoffMs, m.info.deliveryCount));
    }
  };

  const handle = async (m: JsMsg): Promise<void> => {
    const deliveries = m.info.deliveryCount;
    const payload = m.string();
    if (deliveries > o.maxDeliver) {
      // Every one of the N deliveries ended without a decision (the process died handling it): handling
      // it again may crash again, and past the server's spare deliveries only an advisory nobody may
      // hear would tell of it. Park it as it is.
      await parkUndecided(m, payload, `${deliveries - 1} deliveries ended without an ack or a park (the handler crashed or stalled)`);
      return;
    }
    let res: ProcessResult;
    try {
      res = await notifier.process(payload);
    } catch (err) {
      // The delivery log is unreachable: nothing was decided, so try again like any transient failure.
      res = { kind: 'retry', error: `notification store: ${errorText(err)}`, eventId: '', eventType: '', ...envelopeOf(payload) };
    }
    const where = { streamSeq: m.seq, subject: m.subject, payload, deliveries };
    try {
      switch (res.kind) {
        case 'ignored':
        case 'done':
          m.ack();
          return;
        case 'malformed':
          await park({ ...where, reason: 'malformed', error: res.error, eventId: res.eventId, eventType: res.eventType });
          m.ack();
          return;
        case 'rejected':
          await park({ ...where, reason: 'rejected', error: res.error, eventId: res.eventId, eventType: res.eventType });
          m.ack();
          return;
        case 'retry':
          if (deliveries >= o.maxDeliver) {
            await park({ ...where, reason: 'retries_exhausted', error: `failed ${deliveries} deliveries; last: ${res.error}`, eventId: res.eventId || undefined, eventType: res.eventType || undefined });
            m.ack();
            return;
          }
          // A claim held by another delivery is looked at again by the schedule too, but never after its lease ran out.
          m.nak(Math.min(res.retryInMs ?? Number.POSITIVE_INFINITY, backoffFor(o.backoffMs, deliveries)));
          return;
      }
    } catch (err) {
      // Could not park it: it must come back rather than be dropped.
      logger.error('could not park a message; it will be redelivered', { streamSeq: m.seq, err: errorText(err) });
      m.nak(backoffFor(o.backoffMs, deliveries));
    }
  };

  let stopping = false;
  const inflight = new Set<Promise<void>>();
  const loop = (async () => {
    for await (const m of messages) {
      countDelivery(deps.metrics, o.durable, m);
      const p = inConsumerSpan(m, o.durable, () => handle(m)).catch((err: unknown) => {
        logger.error('notification handler failed', { streamSeq: m.seq, err: errorText(err) });
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      if (inflight.size >= o.concurrency) await Promise.race(inflight);
    }
    // Ended without stop(): the server closed it (the consumer was deleted, say); nothing more would come.
    if (!stopping) throw new Error('the message stream ended');
  })().catch((err: unknown) => {
    logger.error('the event consumer stopped; no notifications go out until the service restarts', { durable: o.durable, err: errorText(err) });
    if (!stopping) deps.onEnded?.(errorText(err));
  });

  // The server gave up on a message (the handler kept crashing before it could decide): park it from the stream.
  const advisories: Subscription = nc.subscribe(maxDeliveriesAdvisory(o.stream, o.durable), {
    // One instance of the service parks it, however many run.
    queue: o.durable,
    callback: (_err, msg) => {
      const a = advisorySchema.safeParse(jsonOrNull(msg.string()));
      if (!a.success) {
        logger.error('unreadable max-deliveries advisory', { advisory: msg.string() });
        return;
      }
      void (async () => {
        const stored = await jsm.streams.getMessage(o.stream, { seq: a.data.stream_seq });
        if (!stored) throw new Error(`message ${a.data.stream_seq} is no longer in ${o.stream}`);
        const payload = stored.string();
        await park({
          streamSeq: a.data.stream_seq,
          subject: stored.subject,
          payload,
          reason: 'retries_exhausted',
          error: `the server stopped redelivering after ${a.data.deliveries} deliveries that were never settled`,
          deliveries: a.data.deliveries,
          ...envelopeOf(payload),
        });
      })().catch((err: unknown) => {
        logger.error('a message ran out of deliveries and could not be parked', { streamSeq: a.data.stream_seq, err: errorText(err) });
      });
    },
  });

  logger.info(`consuming ${o.filterSubject} as ${o.durable}`);
  return {
    async stop() {
      stopping = true;
      unwatch();
      advisories.unsubscribe();
      await messages.close();
      await loop;
      await Promise.allSettled([...inflight]);
    },
  };
}

/**
 * The pieces every durable, explicit-ack JetStream consumer of the platform shares (the notification
 * and reporting services): its settings, creating it or bringing it up to date, the retry schedule.
 */
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, jetstreamManager, type ConsumerInfo, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

export interface ConsumerOptions {
  stream: string;
  durable: string;
  filterSubject: string;
  deliverPolicy: 'all' | 'new';
  /** Deliveries before an event that keeps failing is parked. */
  maxDeliver: number;
  backoffMs: number[];
  ackWaitMs: number;
  concurrency: number;
}

/**
 * The server may deliver a few more times than we park after, so a message whose N-th delivery
 * ended without a decision (the process crashed) comes back once more and is parked unhandled; if
 * even those run out, the max-deliveries advisory parks it.
 */
export const SPARE_DELIVERIES = 3;

/** Delay before retrying after the n-th delivery failed (1-based); the last step repeats. */
export const backoffFor = (schedule: number[], delivery: number): number => schedule[Math.min(Math.max(delivery, 1), schedule.length) - 1] ?? 1000;

/** Creates the durable consumer, or brings its mutable settings up to date. */
export async function ensureConsumer(nc: NatsConnection, o: ConsumerOptions): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const mutable = { ack_wait: nanos(o.ackWaitMs), max_deliver: o.maxDeliver + SPARE_DELIVERIES, filter_subject: o.filterSubject, max_ack_pending: 1000 };
  try {
    await jsm.consumers.info(o.stream, o.durable);
    await jsm.consumers.update(o.stream, o.durable, mutable);
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
    await jsm.consumers.add(o.stream, {
      ...mutable,
      durable_name: o.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: o.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    });
  }
}


/** Counts one message a consumer loop received: a redelivery when the server gave it before. */
export function countDelivery(metrics: Pick<Metrics, 'jetstreamDeliveries'> | undefined, durable: string, m: Pick<JsMsg, 'info'>): void {
  metrics?.jetstreamDeliveries.inc({ consumer: durable, redelivery: m.info.deliveryCount > 1 ? 'true' : 'false' });
}

interface Watched {
  nc: NatsConnection;
  stream: string;
  durable: string;
}

/** The consumers each registry reports, so that several consumers of one process share its three gauges. */
const watchedBy = new WeakMap<Metrics, Set<Watched>>();

/**
 * Reports a durable consumer's state in the process's metrics, read from the server at scrape time:
 * messages not delivered yet (`num_pending`), delivered and not acked (`num_ack_pending`), and
 * delivered more than once and not acked (`num_redelivered`), labelled {stream, consumer}. The first
 * consumer of a registry registers the gauges; every later one joins their collection. A consumer
 * the server cannot describe (deleted, say) is left out of that scrape and logged. Returns the
 * function that stops reporting it (its service stopping).
 */
export function watchConsumer(metrics: Metrics, nc: NatsConnection, o: Pick<ConsumerOptions, 'stream' | 'durable'>, logger?: Logger): () => void {
  if (!metrics.enabled) return () => undefined;
  const entry: Watched = { nc, stream: o.stream, durable: o.durable };
  const known = watchedBy.get(metrics);
  if (known) {
    known.add(entry);
    return () => known.delete(entry);
  }
  const watched = new Set<Watched>([entry]);
  watchedBy.set(metrics, watched);
  const managers = new WeakMap<NatsConnection, Promise<JetStreamManager>>();
  const managerOf = (c: NatsConnection): Promise<JetStreamManager> => {
    let jsm = managers.get(c);
    if (!jsm) {
      jsm = jetstreamManager(c);
      managers.set(c, jsm);
      jsm.catch(() => managers.delete(c));
    }
    return jsm;
  };
  // The three gauges are collected together at each scrape: they share one read of each consumer.
  let reading: Promise<{ w: Watched; info: ConsumerInfo }[]> | undefined;
  const read = (): Promise<{ w: Watched; info: ConsumerInfo }[]> => {
    reading ??= (async () => {
      const all = [...watched];
      const results = await Promise.allSettled(all.map(async (w) => (await managerOf(w.nc)).consumers.info(w.stream, w.durable)));
      const out: { w: Watched; info: ConsumerInfo }[] = [];
      results.forEach((r, i) => {
        const w = all[i]!;
        if (r.status === 'fulfilled') out.push({ w, info: r.value });
        else logger?.warn('could not read a consumer for the metrics', { stream: w.stream, consumer: w.durable, err: r.reason instanceof Error ? r.reason.message : String(r.reason) });
      });
      return out;
    })().finally(() => {
      reading = undefined;
    });
    return reading;
  };
  const gauge = (key: 'jetstreamPending' | 'jetstreamAckPending' | 'jetstreamRedelivered', value: (info: ConsumerInfo) => number): void =>
    metrics.gauge(key, async (set) => {
      for (const { w, info } of await read()) set({ stream: w.stream, consumer: w.durable }, value(info));
    });
  gauge('jetstreamPending', (info) => info.num_pending);
  gauge('jetstreamAckPending', (info) => info.num_ack_pending);
  gauge('jetstreamRedelivered', (info) => info.num_redelivered);
  return () => watched.delete(entry);
}

/**
 * The pieces every durable, explicit-ack JetStream consumer of the platform shares (the notification
 * and reporting services): its settings, creating it or bringing it up to date, the retry schedule.
 */
import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';

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


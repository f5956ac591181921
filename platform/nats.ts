/** The process's one NATS connection and the JetStream streams the platform relies on. */
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { nanos, NoRespondersError, TimeoutError, type Msg, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { STREAMS } from '../contracts/wire.ts';
import { parseEnv, platformEnv } from './config.ts';
import { natsServers } from './nats-url.ts';
import type { Metrics } from './metrics.ts';
import { contextFromHeaders, inSpan, SpanKind, traceHeaders, tracingActive } from './tracing.ts';

/** The metrics of the service a connection belongs to (connectPlatform sets them). */
const metricsOf = new WeakMap<NatsConnection, Metrics>();

/** Counts the request/reply calls made and answered on `nc` into `metrics`. */
export const observeNats = (nc: NatsConnection, metrics: Metrics): void => void metricsOf.set(nc, metrics);

const outcomeOf = (err: unknown): string => {
  const cause = err instanceof Error ? err.cause : undefined;
  if (err instanceof TimeoutError || cause instanceof TimeoutError) return 'timeout';
  if (err instanceof NoRespondersError || cause instanceof NoRespondersError) return 'no_responders';
  return 'error';
};

/**
 * One NATS request/reply call: timed by subject and outcome, in a client span whose context
 * travels in the message's headers to the service that answers.
 */
export async function natsRequest(nc: NatsConnection, subject: string, payload: string, opts: { timeout: number }): Promise<Msg> {
  const done = metricsOf.get(nc)?.natsRequest.startTimer({ subject });
  return inSpan(`${subject} request`, { kind: SpanKind.CLIENT, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.operation.type': 'send' } }, async () => {
    try {
      const msg = await nc.request(subject, payload, { timeout: opts.timeout, ...(tracingActive() ? { headers: traceHeaders() } : {}) });
      done?.({ outcome: 'ok' });
      return msg;
    } catch (err) {
      done?.({ outcome: outcomeOf(err) });
      throw err;
    }
  });
}

/**
 * Answers one request/reply message in a server span, the child of the caller's (from the
 * message's headers), timed by subject and by the outcome `handle` reports.
 */
export async function answerInSpan(nc: NatsConnection, subject: string, msg: Msg, handle: () => Promise<{ outcome: string }>): Promise<void> {
  const done = metricsOf.get(nc)?.natsCommand.startTimer({ subject });
  await inSpan(
    `${subject} process`,
    { kind: SpanKind.SERVER, parent: contextFromHeaders(msg.headers), attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.operation.type': 'process' } },
    async () => {
      try {
        const { outcome } = await handle();
        done?.({ outcome });
      } catch (err) {
        done?.({ outcome: 'failed' });
        throw err;
      }
    },
  );
}

export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({ ...natsServers(url), name, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
}

/**
 * Creates (or brings up to date) the CC_EVENTS stream. Events are kept on disk for a year and
 * duplicates — the same event id re-published after a crash — are dropped for an hour. The stream
 * is kept on `replicas` servers (NATS_STREAM_REPLICAS, default 1; the durable consumers follow it).
 */
export async function ensureStreams(nc: NatsConnection, opts: { replicas?: number } = {}): Promise<void> {
  const replicas = opts.replicas ?? parseEnv(platformEnv).NATS_STREAM_REPLICAS;
  const jsm = await jetstreamManager(nc);
  const config = {
    name: STREAMS.events.name,
    subjects: [...STREAMS.events.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(365 * 24 * 3600 * 1000),
    duplicate_window: nanos(3600 * 1000),
    num_replicas: replicas,
  };
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) await jsm.streams.add(config);
    else throw err;
  }
}

/**
 * Publishes one event to JetStream (Nats-Msg-Id = its id, so a copy published again is dropped) in
 * a producer span whose context the message carries to its consumers.
 */
export async function publishEvent(js: JetStreamClient, subject: string, data: string, msgID: string): Promise<PubAck> {
  return inSpan(`${subject} publish`, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.operation.type': 'publish' } }, () =>
    js.publish(subject, data, { msgID, ...(tracingActive() ? { headers: traceHeaders() } : {}) }),
  );
}

/** The process's one NATS connection and the JetStream streams the platform relies on. */
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { STREAMS } from '../contracts/wire.ts';
import { parseEnv, platformEnv } from './config.ts';
import { natsServers } from './nats-url.ts';

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

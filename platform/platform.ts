/** The connections a service process holds (one of each), opened together and closed together. */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Connection } from 'mongoose';
import { connectMongo } from './mongo.ts';
import { connectNats, ensureStreams } from './nats.ts';
import { answerHealth } from './service.ts';

export interface Platform {
  mongo: Connection;
  nc: NatsConnection;
  /** Starts answering health pings: call once the service is fully started. */
  announceReady(): void;
  close(): Promise<void>;
}

export async function connectPlatform(opts: { service: string; mongoUrl: string; natsUrl: string }): Promise<Platform> {
  const [mongo, nc] = await Promise.all([connectMongo(opts.mongoUrl), connectNats(opts.natsUrl, opts.service)]);
  await ensureStreams(nc);
  let health: ReturnType<typeof answerHealth> | undefined;
  return {
    mongo,
    nc,
    announceReady() {
      health ??= answerHealth(nc, opts.service);
    },
    async close() {
      health?.unsubscribe();
      await nc.drain();
      await mongo.close();
    },
  };
}

/** The connections a service process holds (one of each), opened together and closed together. */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Connection } from 'mongoose';
import { hostname } from 'node:os';
import { z } from 'zod';
import { parseEnv, platformEnv } from './config.ts';
import type { Logger } from './logger.ts';
import { createMetrics, serveMetrics, type Metrics } from './metrics.ts';
import { connectMongo } from './mongo.ts';
import { connectNats, ensureStreams, observeNats } from './nats.ts';
import { answerHealth } from './service.ts';

/** INSTANCE_ID names this process among the replicas of its service (default: the host name, a container's id). */
const instanceEnv = z.object({ INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)').optional() });

/** This process's instance id, as its health subject and the container health check name it. */
export const instanceIdOf = (source: NodeJS.ProcessEnv = process.env): string => parseEnv(instanceEnv, source).INSTANCE_ID ?? hostname();

export interface Platform {
  mongo: Connection;
  nc: NatsConnection;
  /** The process's metrics (served on METRICS_PORT, or by the gateway on /metrics). */
  metrics: Metrics;
  /** The port `GET /metrics` answers on, when this process serves one of its own. */
  metricsPort?: number;
  /** This process among the replicas of its service. */
  instance: string;
  /** Starts answering health pings: call once the service is fully started. `details` adds to each answer. */
  announceReady(details?: () => Promise<Record<string, unknown>>): void;
  /**
   * A part the process cannot work without stopped on its own: from now on the health answer says
   * unhealthy, and `lost` resolves (the process exits through runService). Ignored while stopping.
   */
  lose(part: string, why: string): void;
  /** Resolves with the first loss; never resolves in a healthy process. */
  lost: Promise<string>;
  close(): Promise<void>;
}

export async function connectPlatform(opts: {
  service: string;
  mongoUrl: string;
  natsUrl: string;
  instance?: string;
  logger?: Logger;
  /** False for the gateway, which serves its metrics on its API port: no METRICS_PORT server then. */
  ownMetricsPort?: boolean;
}): Promise<Platform> {
  const instance = opts.instance ?? instanceIdOf();
  const env = parseEnv(platformEnv);
  const metrics = createMetrics({ service: opts.service, enabled: env.METRICS_ENABLED, ...(opts.logger ? { logger: opts.logger } : {}) });
  const [mongo, nc] = await Promise.all([connectMongo(opts.mongoUrl), connectNats(opts.natsUrl, opts.service)]);
  await ensureStreams(nc);
  observeNats(nc, metrics);
  const server = opts.ownMetricsPort !== false && env.METRICS_PORT !== undefined && metrics.enabled ? await serveMetrics(metrics, { port: env.METRICS_PORT, ...(opts.logger ? { logger: opts.logger } : {}) }) : undefined;
  let health: ReturnType<typeof answerHealth> | undefined;
  let closing = false;
  const problems: string[] = [];
  let signalLost: (why: string) => void = () => undefined;
  const lost = new Promise<string>((resolve) => {
    signalLost = resolve;
  });
  return {
    mongo,
    nc,
    metrics,
    ...(server ? { metricsPort: server.port } : {}),
    instance,
    announceReady(details) {
      health ??= answerHealth(nc, opts.service, { instance, problems: () => problems, ...(details ? { details } : {}) });
    },
    lose(part, why) {
      if (closing) return;
      const problem = `${part} stopped: ${why}`;
      problems.push(problem);
      signalLost(problem);
    },
    lost,
    async close() {
      closing = true;
      health?.unsubscribe();
      await server?.close();
      await nc.drain();
      await mongo.close();
    },
  };
}

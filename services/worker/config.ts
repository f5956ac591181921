import { z } from 'zod';
import { env } from '../../platform/config.ts';

/** The worker's environment: Temporal to poll, MongoDB for the read model, NATS for the outbox relay. */
export const workerEnv = z.object({
  NODE_ENV: env.NODE_ENV,
  LOG_LEVEL: env.LOG_LEVEL,
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
  MONGO_URL: env.MONGO_URL,
  NATS_URL: env.NATS_URL,
});
export type WorkerConfig = z.infer<typeof workerEnv>;

import { z } from 'zod';
import { env } from '../../platform/config.ts';

/** The worker's environment: Temporal to poll, MongoDB for the read model, NATS for the outbox relay, lifecycle settings. */
export const workerEnv = z.object({
  NODE_ENV: env.NODE_ENV,
  LOG_LEVEL: env.LOG_LEVEL,
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
  MONGO_URL: env.MONGO_URL,
  NATS_URL: env.NATS_URL,
  /** 10.1: days after closure during which the applicant may rate the request. */
  RATING_WINDOW_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  /** The deadline reminder fires when this share of the term has passed. */
  DEADLINE_REMINDER_SHARE: z.coerce.number().gt(0).lt(1).default(0.8),
  /** How often the outbox sweeper looks for events a crash left unpublished. */
  OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /**
   * How many workflows the worker keeps in memory (the sticky cache). Open requests wait days on
   * timers, so most are idle: one evicted is replayed from its history when it next wakes, and its
   * timers fire all the same (they live in the Temporal server). ≈0.25 MB each, so 1,000 keeps the
   * worker near 400 MB however many requests are open (docs/performance.md).
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(250),
});
export type WorkerConfig = z.input<typeof workerEnv>;

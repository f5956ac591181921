import { z } from 'zod';
import { env, payloadKeysInProduction } from '../../platform/config.ts';

/**
 * The worker's Node options when WORKER_NODE_OPTIONS does not say otherwise: `npm run up`
 * (infra/cli.ts) and the benchmark start the worker with them, and docker-compose.yml's default for
 * WORKER_NODE_OPTIONS is this same string. V8 applies the heap limit to each of the worker's two
 * isolates (the main thread: activities, connections; the workflow thread: the cached workflows),
 * and otherwise lets each grow towards the machine's memory before it collects
 * (docs/performance.md, "Worker memory").
 */
export const WORKER_NODE_OPTIONS_DEFAULT = '--max-old-space-size=384';
/** The sticky cache's size when WORKER_MAX_CACHED_WORKFLOWS is not set (docs/performance.md). */
export const WORKER_MAX_CACHED_WORKFLOWS_DEFAULT = 100;
/**
 * Workflow tasks the worker runs at once (the SDK's default is 40). A request's first task waits on
 * its local activities (the card, the outbox, the keys in MongoDB): with 40 at once on a small
 * machine each took longer than the task timeout (10 s), was retried, and the backlog of a surge
 * never drained (docs/performance.md, "Worker memory").
 */
export const WORKER_MAX_CONCURRENT_WORKFLOW_TASKS_DEFAULT = 10;
/** The worker's NODE_OPTIONS for an environment: WORKER_NODE_OPTIONS when given, the default otherwise. */
export const workerNodeOptions = (e: NodeJS.ProcessEnv): string => e.WORKER_NODE_OPTIONS || WORKER_NODE_OPTIONS_DEFAULT;

/** The worker's environment: Temporal to poll, MongoDB for the read model, NATS for the outbox relay, lifecycle settings. */
export const workerEnv = z.object({
  NODE_ENV: env.NODE_ENV,
  LOG_LEVEL: env.LOG_LEVEL,
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
  /** The Temporal payload codec's keys (platform/payload-codec.ts); required in production. */
  TEMPORAL_PAYLOAD_KEYS: env.TEMPORAL_PAYLOAD_KEYS,
  MONGO_URL: env.MONGO_URL,
  NATS_URL: env.NATS_URL,
  /** 10.1: days after closure during which the applicant may rate the request. */
  RATING_WINDOW_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  /** The deadline reminder fires when this share of the term has passed. */
  DEADLINE_REMINDER_SHARE: z.coerce.number().gt(0).lt(1).default(0.8),
  /**
   * 9.2.4: who is emailed when a closure proposed out of hours becomes reviewable: these addresses
   * (comma-separated, e.g. the duty shift's mailbox), or every active operator with an email when empty.
   */
  REVIEW_QUEUE_EMAILS: z
    .preprocess(
      // A comma-separated string from the environment; a list when the config was parsed once already.
      (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter((x) => x !== '') : (v ?? [])),
      z.array(z.string().email('each address in REVIEW_QUEUE_EMAILS must be an email')),
    )
    .optional(),
  /** 2.9: an answered consultation closes after this many working days without a word from the resident. */
  CONSULTATION_SILENCE_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  /** 2.9: the workers are reminded of a waiting question when this share of its reply term has passed. */
  CONSULTATION_REMINDER_SHARE: z.coerce.number().gt(0).lt(1).default(0.75),
  /** 2.9: days after a consultation closes during which the resident may still rate the answer. */
  CONSULTATION_RATING_WINDOW_DAYS: z.coerce.number().int().min(1).max(366).default(14),
  /** How often the outbox sweeper looks for events a crash left unpublished. */
  OUTBOX_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /**
   * Node's own options, which Node reads before the worker starts: the V8 heap limit is what bounds
   * the worker's memory (WORKER_NODE_OPTIONS_DEFAULT below). Listed here so that the deployment's
   * value is documented and checked like the others.
   */
  NODE_OPTIONS: z.string().max(1_000).optional(),
  /**
   * How many workflows the worker keeps in memory (the sticky cache). Open requests wait days on
   * timers, so most are idle: one evicted is replayed from its history when it next wakes, and its
   * timers fire all the same (they live in the Temporal server). Chosen with the heap limit
   * (docs/performance.md, "Worker memory").
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(WORKER_MAX_CACHED_WORKFLOWS_DEFAULT),
  /** Workflow tasks run at once (WORKER_MAX_CONCURRENT_WORKFLOW_TASKS_DEFAULT); at most the cache size when the cache is on. */
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).max(1_000).default(WORKER_MAX_CONCURRENT_WORKFLOW_TASKS_DEFAULT),
}).superRefine(payloadKeysInProduction);
export type WorkerConfig = z.input<typeof workerEnv>;

import { z } from 'zod';
import { baseEnv, env, payloadKeysInProduction } from '../../platform/config.ts';

/** The intake service's environment. */
export const intakeEnv = baseEnv.extend({
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
  /** The Temporal payload codec's keys (platform/payload-codec.ts); required in production. */
  TEMPORAL_PAYLOAD_KEYS: env.TEMPORAL_PAYLOAD_KEYS,
  /** Request number prefix (5.12): `KR` gives KR-2026-000123. */
  CITY_PREFIX: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, 'must be 1–8 capital letters or digits, starting with a letter').default('KR'),
  /** 9.2.3: a request repeats an earlier one of the same category and address while that one is open or closed at most this many days ago. */
  REPEAT_WINDOW_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** How often the in-memory reference data is reloaded even without a change notice (a missed notice is healed by then). */
  REFERENCE_REFRESH_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** How long an Idempotency-Key is remembered at least (its claim is dropped between this and twice this). */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().min(1).max(24 * 30).default(24),
  /** How often expired idempotency claims are dropped. */
  IDEMPOTENCY_SWEEP_MS: z.coerce.number().int().min(1_000).max(24 * 3_600_000).default(3_600_000),
}).superRefine(payloadKeysInProduction);
export type IntakeConfig = z.infer<typeof intakeEnv>;

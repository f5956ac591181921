import { z } from 'zod';
import { baseEnv, env, payloadKeysInProduction } from '../../platform/config.ts';

/** The consultations service's environment (2.9): it numbers consultations, starts their workflows and converts them through intake. */
export const consultationsEnv = baseEnv.extend({
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
  /** The Temporal payload codec's keys (platform/payload-codec.ts); required in production. */
  TEMPORAL_PAYLOAD_KEYS: env.TEMPORAL_PAYLOAD_KEYS,
  /** The city's prefix, as intake's: consultations are numbered in a series of their own, `<CITY_PREFIX>K-<year>-<sequence>`. */
  CITY_PREFIX: z.string().regex(/^[A-Z][A-Z0-9]{0,6}$/, 'must be 1–7 capital letters or digits, starting with a letter (K is appended)').default('KR'),
  /** How long a conversion waits for intake to register the request. */
  INTAKE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(30_000),
}).superRefine(payloadKeysInProduction);
export type ConsultationsConfig = z.input<typeof consultationsEnv>;

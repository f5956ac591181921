import type { z } from 'zod';
import { baseEnv, env, payloadKeysInProduction } from '../../platform/config.ts';

/** The repair-works service's environment: it starts and updates the works' workflows, so it reaches Temporal. */
export const repairWorksEnv = baseEnv.extend({
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
  /** The Temporal payload codec's keys (platform/payload-codec.ts); required in production. */
  TEMPORAL_PAYLOAD_KEYS: env.TEMPORAL_PAYLOAD_KEYS,
}).superRefine(payloadKeysInProduction);
export type RepairWorksConfig = z.infer<typeof repairWorksEnv>;

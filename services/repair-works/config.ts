import type { z } from 'zod';
import { baseEnv } from '../../platform/config.ts';

/** The repair-works service's environment. */
export const repairWorksEnv = baseEnv;
export type RepairWorksConfig = z.infer<typeof repairWorksEnv>;

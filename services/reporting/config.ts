import type { z } from 'zod';
import { baseEnv } from '../../platform/config.ts';

/** The reporting service's environment. */
export const reportingEnv = baseEnv;
export type ReportingConfig = z.infer<typeof reportingEnv>;

import type { z } from 'zod';
import { baseEnv } from '../../platform/config.ts';

/** The intake service's environment. */
export const intakeEnv = baseEnv;
export type IntakeConfig = z.infer<typeof intakeEnv>;

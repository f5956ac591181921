/** The project's processes: what `npm run up` starts and what docker-compose.yml must configure. */
import type { z } from 'zod';
import { consultationsEnv } from './consultations/config.ts';
import { gatewayEnv } from './gateway/config.ts';
import { intakeEnv } from './intake/config.ts';
import { notificationEnv } from './notification/config.ts';
import { repairWorksEnv } from './repair-works/config.ts';
import { reportingEnv } from './reporting/config.ts';
import { workerEnv } from './worker/config.ts';

export const SERVICES = {
  worker: workerEnv,
  gateway: gatewayEnv,
  intake: intakeEnv,
  notification: notificationEnv,
  reporting: reportingEnv,
  'repair-works': repairWorksEnv,
  consultations: consultationsEnv,
} as const satisfies Record<string, z.ZodObject>;

export type ServiceName = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

import { z } from 'zod';
import { env } from '../../platform/config.ts';

/** The gateway's environment. */
export const gatewayEnv = z.object({
  NODE_ENV: env.NODE_ENV,
  LOG_LEVEL: env.LOG_LEVEL,
  PORT: env.PORT.default(8080),
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
  MONGO_URL: env.MONGO_URL,
  NATS_URL: env.NATS_URL,
});
export type GatewayConfig = z.infer<typeof gatewayEnv>;

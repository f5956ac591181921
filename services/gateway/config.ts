import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { env } from '../../platform/config.ts';

/** The gateway's environment. */
export const gatewayEnv = z
  .object({
    NODE_ENV: env.NODE_ENV,
    LOG_LEVEL: env.LOG_LEVEL,
    PORT: env.PORT.default(8080),
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
    MONGO_URL: env.MONGO_URL,
    NATS_URL: env.NATS_URL,
    /** The first admin, created at start when there is no admin yet. */
    ADMIN_LOGIN: z.string().trim().min(3).max(64).default('admin'),
    ADMIN_PASSWORD: z.string().min(8, 'at least 8 characters').optional(),
    /** HS256 key for the API's JWTs; at least 32 characters. Required in production. */
    JWT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    JWT_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
    /** Largest attachment accepted, in MB. */
    MAX_UPLOAD_MB: z.coerce.number().positive().max(100).default(10),
    /** How long the gateway waits for the intake service to register a request. */
    INTAKE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(30_000),
    /** How long the gateway waits for a request's workflow to take an action (then 503 with Retry-After: retry with the same Idempotency-Key). */
    ACTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.JWT_SECRET) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
  });
export type GatewayConfig = z.infer<typeof gatewayEnv>;

/** The JWT key: the configured one, or outside production a random one (tokens then last as long as the process). */
export function jwtSecretOf(config: Pick<GatewayConfig, 'JWT_SECRET'>): { secret: string; generated: boolean } {
  return config.JWT_SECRET ? { secret: config.JWT_SECRET, generated: false } : { secret: randomBytes(32).toString('hex'), generated: true };
}

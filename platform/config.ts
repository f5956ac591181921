/**
 * Configuration: every process parses its environment with zod once, at start-up, before it
 * connects to anything, and fails fast naming each bad variable.
 */
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const url = (protocols: string[]) =>
  z.string().refine((s) => {
    try {
      return protocols.includes(new URL(s).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

/** The pieces the processes' schemas are built from. */
export const env = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  MONGO_URL: url(['mongodb:', 'mongodb+srv:']),
  NATS_URL: z
    .string()
    .refine((s) => s.split(',').every((u) => /^(nats|tls|ws|wss):\/\/[^\s]+$/.test(u.trim())), 'must be nats://host:port (comma-separated for a cluster)'),
  SMTP_URL: url(['smtp:', 'smtps:']),
  PORT: z.coerce.number().int().min(1).max(65535),
  HEALTH_PORT: z.coerce.number().int().min(0).max(65535),
};

/** The variables every process that talks to the platform needs. */
export const baseEnv = z.object({
  NODE_ENV: env.NODE_ENV,
  LOG_LEVEL: env.LOG_LEVEL,
  MONGO_URL: env.MONGO_URL,
  NATS_URL: env.NATS_URL,
});

export function parseEnv<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const res = schema.safeParse(source);
  if (res.success) return res.data;
  throw new ConfigError(
    res.error.issues.map((i) => {
      const name = i.path.join('.') || '(environment)';
      const given = i.path.length === 1 ? source[String(i.path[0])] : undefined;
      return given === undefined && i.code === 'invalid_type' ? `${name}: is required` : `${name}: ${i.message}`;
    }),
  );
}

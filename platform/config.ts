/**
 * Configuration: every process parses its environment with zod once, at start-up, before it
 * connects to anything, and fails fast naming each bad variable.
 */
import { z } from 'zod';
import { payloadKeysSchema, type PayloadKey } from './payload-codec.ts';

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
  /**
   * The keys of the Temporal payload codec (platform/payload-codec.ts): `id:base64key`, comma-separated,
   * the first one encrypting. Required in production; without it elsewhere payloads go in the clear.
   */
  TEMPORAL_PAYLOAD_KEYS: z.preprocess(
    // Keys parsed already (a parsed config handed on: the processes re-parse what they are given) are read again as written.
    (v) => (v === '' ? undefined : Array.isArray(v) ? (v as PayloadKey[]).map((k) => `${k.id}:${k.key.toString('base64')}`).join(',') : v),
    payloadKeysSchema.optional(),
  ),
};

/** A refinement for the schemas of Temporal clients and workers: in production, no payload leaves unencrypted. */
export function payloadKeysInProduction(c: { NODE_ENV: string; TEMPORAL_PAYLOAD_KEYS?: unknown }, ctx: z.RefinementCtx): void {
  if (c.NODE_ENV === 'production' && !c.TEMPORAL_PAYLOAD_KEYS) {
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_PAYLOAD_KEYS'], message: 'is required in production (id:base64key, docs/deployment.md)' });
  }
}

/** The variables every process that talks to the platform needs. */
export const baseEnv = z.object({
  NODE_ENV: env.NODE_ENV,
  LOG_LEVEL: env.LOG_LEVEL,
  MONGO_URL: env.MONGO_URL,
  NATS_URL: env.NATS_URL,
});

/**
 * What the platform reads in every process, beside the process's own schema (platform/nats.ts):
 * how many copies of the JetStream stream the NATS servers keep. 1 on a single server (JetStream
 * refuses more there); 3 on a NATS cluster of 3, so the events survive the loss of one server.
 */
export const platformEnv = z.object({
  NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /** The port of this process's `GET /metrics` (platform/metrics.ts); none when unset. The gateway serves it on its API port. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Whether the process counts anything at all (false: every metric is a no-op, for `npm run bench` to compare). */
  METRICS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Whether the process makes spans at all (false: the no-op tracer; no trace ids in the logs either). platform/tracing.ts */
  TRACING_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** The OTLP/HTTP collector the spans go to (`http://collector:4318`); none exported when unset or empty. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess((v) => (v === '' ? undefined : v), url(['http:', 'https:']).optional()),
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

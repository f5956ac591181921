import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { env, payloadKeysInProduction } from '../../platform/config.ts';

const count = (dflt: number) => z.coerce.number().int().min(1).max(1_000_000).default(dflt);

/**
 * Express `trust proxy`: `false` (the default outside production: clients connect directly, their
 * address is the socket's), `true`, a number of proxy hops, or the proxies' addresses and subnets,
 * comma-separated. Behind a reverse proxy the per-address rate limits need it, or every client looks
 * like the proxy and all of them share one bucket.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .transform((s): boolean | number | string => (s === 'false' ? false : s === 'true' ? true : /^\d+$/.test(s) ? Number(s) : s));

/** The gateway's environment. */
export const gatewayEnv = z
  .object({
    NODE_ENV: env.NODE_ENV,
    LOG_LEVEL: env.LOG_LEVEL,
    PORT: env.PORT.default(8080),
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
    /** The Temporal payload codec's keys (platform/payload-codec.ts); required in production. */
    TEMPORAL_PAYLOAD_KEYS: env.TEMPORAL_PAYLOAD_KEYS,
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
    /**
     * The origins allowed to call the Temporal UI's codec endpoint from a browser (the UI's public
     * address, e.g. https://temporal.1520.example.gov.ua), comma-separated; empty: none.
     */
    CODEC_CORS_ORIGINS: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter((x) => x !== '') : (v ?? [])),
        z.array(z.string().regex(/^https?:\/\/[^/\s]+$/, 'each origin in CODEC_CORS_ORIGINS must be scheme://host[:port], no path')),
      )
      .optional(),
    /** How long the gateway waits for the intake service to register a request. */
    INTAKE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(30_000),
    TRUST_PROXY: trustProxy,
    /**
     * The address residents reach the API at, e.g. https://1520.kr.gov.ua (compose: GATEWAY_PUBLIC_URL):
     * the Atom feed's links and ids are built on it, never on the request's Host header, which the
     * client writes. Required in production; elsewhere http://localhost:<PORT>.
     */
    PUBLIC_URL: z
      .string()
      .trim()
      .regex(/^https?:\/\/[^/\s?#]+\/?$/, 'must be scheme://host[:port], no path')
      .transform((u) => u.replace(/\/$/, ''))
      .optional(),
    /** Sign-in, registration and phone-code attempts: per client address and per login or phone, within the window. */
    RATE_LIMIT_WINDOW_SECONDS: count(900),
    RATE_LIMIT_AUTH_PER_IP: count(100),
    RATE_LIMIT_AUTH_PER_ACCOUNT: count(10),
    /** Wrong phones given for one request number in the public status look-up, from all addresses together, within the window. */
    RATE_LIMIT_LOOKUP_PER_NUMBER: count(50),
    /** SMS codes a day: to one phone (whoever asks) and for one account. */
    SMS_CODES_PER_PHONE_PER_DAY: count(5),
    SMS_CODES_PER_ACCOUNT_PER_DAY: count(5),
    /** The least time between two codes for one phone or account. */
    SMS_RESEND_AFTER_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /** An applicant's web requests and uploads a day (5.7: a blocked caller cannot flood from the cabinet). */
    REQUESTS_PER_APPLICANT_PER_DAY: count(10),
    UPLOADS_PER_APPLICANT_PER_DAY: count(30),
    /** A staff user's uploads a day: more than a cabinet's (acts and photos for many requests), still bounded against a stolen token. */
    UPLOADS_PER_STAFF_PER_DAY: count(300),
    /** argon2 hashes computed at once, and how many may wait; beyond that sign-in answers 503. */
    ARGON2_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    ARGON2_MAX_QUEUE: z.coerce.number().int().min(0).max(10_000).default(64),
    /** An upload nothing refers to is removed after this many hours (fractions allowed); the housekeeping looks at least every 10 minutes. */
    UNREFERENCED_UPLOAD_HOURS: z.coerce.number().positive().max(24 * 30).default(1),
    /** The Temporal UI, for the web application's link from a request to its workflow. */
    TEMPORAL_UI_URL: z.string().url().optional(),
    /** How long the gateway waits for a request's workflow to take an action (then 503 with Retry-After: retry with the same Idempotency-Key). */
    ACTION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(20_000),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.JWT_SECRET) ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production' });
    if (c.NODE_ENV === 'production' && !c.PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is required in production (the address residents reach the API at, e.g. https://1520.kr.gov.ua)' });
    // The gateway listens on plain HTTP only: an https public address means a TLS proxy in front, and
    // with TRUST_PROXY=false every client would have that proxy's address and share its rate limits.
    if (c.NODE_ENV === 'production' && c.TRUST_PROXY === false && c.PUBLIC_URL?.startsWith('https://')) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRUST_PROXY'],
        message: `is false, but PUBLIC_URL ${c.PUBLIC_URL} is served over TLS, which the gateway does not speak: set the number of proxies in front (compose: 2) or their addresses`,
      });
    }
    payloadKeysInProduction(c, ctx);
  });
export type GatewayConfig = z.infer<typeof gatewayEnv>;

/** The address the API's public links are built on: PUBLIC_URL, or outside production this host's own. */
export function publicUrlOf(config: Pick<GatewayConfig, 'PUBLIC_URL' | 'PORT'>): string {
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}

/** The JWT key: the configured one, or outside production a random one (tokens then last as long as the process). */
export function jwtSecretOf(config: Pick<GatewayConfig, 'JWT_SECRET'>): { secret: string; generated: boolean } {
  return config.JWT_SECRET ? { secret: config.JWT_SECRET, generated: false } : { secret: randomBytes(32).toString('hex'), generated: true };
}

import { z } from 'zod';
import { DURABLE_CONSUMERS } from '../../contracts/wire.ts';
import { baseEnv, env } from '../../platform/config.ts';

const ms = (dflt: number) => z.coerce.number().int().min(1).default(dflt);

/** Comma-separated delays in milliseconds, e.g. "5000,30000,120000". */
const msList = (dflt: string) =>
  z
    .string()
    .default(dflt)
    .transform((s, ctx) => {
      const parts = s.split(',').map((p) => Number(p.trim()));
      if (parts.length === 0 || parts.some((n) => !Number.isInteger(n) || n < 1)) {
        ctx.addIssue({ code: 'custom', message: 'must be comma-separated positive whole milliseconds, e.g. 5000,30000' });
        return z.NEVER;
      }
      return parts;
    });

/** An optional variable compose passes as an empty string when it is not set. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

/** The notification service's environment: the event stream in, SMTP (and SMS) out. */
export const notificationEnv = baseEnv
  .extend({
  /**
   * The SMS provider's HTTP API (channels.ts HttpSmsChannel): where to send (a user and password in
   * the URL become HTTP Basic), an API token, and the body with {{to}}, {{text}} and {{id}}
   * (JSON-escaped in a JSON body, URL-encoded in a form body). Without SMS_HTTP_URL, SMS go to the log
   * (the text is never written); production refuses to start so. Empty values count as unset.
   */
  SMS_HTTP_URL: unsetIfEmpty(z.string().url().optional()),
  SMS_HTTP_METHOD: z.enum(['POST', 'PUT']).default('POST'),
  SMS_HTTP_CONTENT_TYPE: z.enum(['application/json', 'application/x-www-form-urlencoded']).default('application/json'),
  SMS_HTTP_TEMPLATE: unsetIfEmpty(z.string().min(1).default('{"to":"{{to}}","text":"{{text}}","reference":"{{id}}"}')),
  /** The provider's API token: `Authorization: Bearer <token>`, or the bare token in SMS_HTTP_TOKEN_HEADER (e.g. X-API-Key). */
  SMS_HTTP_TOKEN: unsetIfEmpty(z.string().min(1).optional()),
  SMS_HTTP_TOKEN_HEADER: z.string().regex(/^[\w-]+$/).default('Authorization'),
  /** Where the provider's message id is in its JSON answer (a dotted path), e.g. `message_id` or `data.id`. */
  SMS_HTTP_ID_FIELD: unsetIfEmpty(z.string().min(1).optional()),
  SMS_HTTP_TIMEOUT_MS: ms(10_000),
  SMTP_URL: env.SMTP_URL,
  MAIL_FROM: z.string().email().default('1520@kr.gov.ua'),
  /** The sender's display name and the signature of every message. */
  MAIL_FROM_NAME: z.string().min(1).default('Контакт-центр «1520» м. Кривий Ріг'),
  /** The zone people read times in. */
  NOTIFY_TIME_ZONE: z.string().min(1).default('Europe/Kyiv'),
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(3),
  /** Connect, greeting and idle limits of one SMTP exchange: well under NOTIFY_ACK_WAIT_MS. */
  SMTP_TIMEOUT_MS: ms(15_000),
  /** The durable JetStream consumer and what it reads (tests use their own). */
  NOTIFY_DURABLE: z.string().regex(/^[\w-]+$/).default(DURABLE_CONSUMERS.notification),
  NOTIFY_FILTER_SUBJECT: z.string().min(1).default('cc.events.>'),
  /** Where a consumer created for the first time starts: `all` (default: nothing missed) or `new`. */
  NOTIFY_DELIVER_POLICY: z.enum(['all', 'new']).default('all'),
  /** After this many failed deliveries of one event it is parked for staff. */
  NOTIFY_MAX_DELIVER: z.coerce.number().int().min(1).max(1000).default(24),
  /** Delay before the n-th retry; the last one repeats (the default budget is about 18 hours). */
  NOTIFY_BACKOFF_MS: msList('5000,30000,120000,300000,900000,1800000,3600000'),
  /** How long the server waits for an ack before redelivering (a crashed handler). */
  NOTIFY_ACK_WAIT_MS: ms(60_000),
  /** How long a claimed delivery is held before another delivery of the event may retake it. */
  NOTIFY_LEASE_MS: ms(120_000),
  /** Events handled at once. */
  NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && !c.SMS_HTTP_URL) {
      ctx.addIssue({ code: 'custom', path: ['SMS_HTTP_URL'], message: 'is required in production: applicants get codes and notices by SMS (see docs/deployment.md)' });
    }
  });
export type NotificationConfig = z.infer<typeof notificationEnv>;

import { z } from 'zod';
import { DURABLE_CONSUMERS, REPORT_TASK_QUEUE } from '../../contracts/wire.ts';
import { DEFAULT_INEFFECTIVE_RULES, ineffectiveRulesSchema } from '../../domain/reports.ts';
import { baseEnv, env, payloadKeysInProduction } from '../../platform/config.ts';
import { recipientsSchema, DEFAULT_RECIPIENTS } from './recipients.ts';

/** A JSON value in a variable, checked by `schema` (its errors name the field); unset or empty: `dflt`. */
const json = <S extends z.ZodType>(schema: S, dflt: z.input<S>) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? JSON.stringify(dflt) : s))
    .transform((s, ctx) => {
      let v: unknown;
      try {
        v = JSON.parse(s);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
      const r = schema.safeParse(v);
      if (!r.success) {
        for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: `${i.path.join('.') || '(value)'}: ${i.message}` });
        return z.NEVER;
      }
      return r.data;
    });

/** The reporting service's environment: the event stream in, reports out over NATS, scheduled reports by email. */
export const reportingEnv = baseEnv.extend({
  TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
  TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
  /** The Temporal payload codec's keys (platform/payload-codec.ts); required in production. */
  TEMPORAL_PAYLOAD_KEYS: env.TEMPORAL_PAYLOAD_KEYS,
  SMTP_URL: env.SMTP_URL,
  MAIL_FROM: z.string().email().default('1520@kr.gov.ua'),
  MAIL_FROM_NAME: z.string().min(1).default('Контакт-центр «1520» м. Кривий Ріг'),
  /** The durable JetStream consumer the read models are fed by (tests use their own). */
  REPORT_DURABLE: z.string().regex(/^[\w-]+$/).default(DURABLE_CONSUMERS.reporting),
  /** Where a consumer created for the first time starts: `all` (default: the whole retained history) or `new`. */
  REPORT_DELIVER_POLICY: z.enum(['all', 'new']).default('all'),
  REPORT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** This process among the reporting replicas (default: the host name); it names the leases it holds. */
  INSTANCE_ID: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).optional(),
  /** How long a request's lease outlives a replica that crashed holding it (data/leases.repository.ts). */
  REPORT_LEASE_MS: z.coerce.number().int().min(1000).default(20_000),
  /** 9.2.2: what makes an executor ineffective (domain/reports.ts; docs/regulation.md). */
  REPORT_INEFFECTIVE_RULES: json(ineffectiveRulesSchema, DEFAULT_INEFFECTIVE_RULES),
  /** Who gets which scheduled report, with their areas of responsibility (services/reporting/recipients.ts). */
  REPORT_RECIPIENTS: json(recipientsSchema, DEFAULT_RECIPIENTS),
  /** Run the scheduled reports: the Temporal Schedules, created at start-up, and the worker of their runs (off: reports on request only). */
  REPORT_SCHEDULES: z.enum(['on', 'off']).default('on'),
  /** The schedules' ids are `<prefix>-daily|weekly|monthly`; their runs go to this task queue (tests use their own). */
  REPORT_SCHEDULE_PREFIX: z.string().regex(/^[\w-]+$/).default('report'),
  REPORT_TASK_QUEUE: z.string().regex(/^[\w-]+$/).default(REPORT_TASK_QUEUE),
  /** 9.2.5: the share of the previous working day's closed requests drawn for the phone survey, and the least per executor. */
  SPOT_CHECK_SHARE: z.coerce.number().min(0).max(1).default(0.1),
  SPOT_CHECK_MIN_PER_EXECUTOR: z.coerce.number().int().min(0).default(1),
}).superRefine(payloadKeysInProduction);
export type ReportingConfig = z.infer<typeof reportingEnv>;

import { z } from 'zod';
import { baseEnv, env } from '../../platform/config.ts';

/** The notification service's environment: the event stream in, SMTP out. */
export const notificationEnv = baseEnv.extend({
  SMTP_URL: env.SMTP_URL,
  MAIL_FROM: z.string().email().default('1520@kr.gov.ua'),
});
export type NotificationConfig = z.infer<typeof notificationEnv>;

/** Notification: turns events into emails (and SMS through a channel adapter) for whoever must hear. */
import { STREAMS } from '../../contracts/wire.ts';
import { NotificationRepository } from '../../data/notifications.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import { EmailChannel, HttpSmsChannel, LoggingSmsChannel, type Channel } from './channels.ts';
import type { NotificationConfig } from './config.ts';
import { startConsumer, type ConsumerOptions } from './consumer.ts';
import { Notifier } from './notifier.ts';
import { serveStaff } from './staff.ts';

export interface NotificationOptions {
  /** An SMS provider's adapter; the logging channel until one is chosen. */
  sms?: Channel;
}

/** The durable consumer's settings from the configuration (tests use them to reach the same durable). */
export const consumerOptions = (config: NotificationConfig): ConsumerOptions => ({
  stream: STREAMS.events.name,
  durable: config.NOTIFY_DURABLE,
  filterSubject: config.NOTIFY_FILTER_SUBJECT,
  deliverPolicy: config.NOTIFY_DELIVER_POLICY,
  maxDeliver: config.NOTIFY_MAX_DELIVER,
  backoffMs: config.NOTIFY_BACKOFF_MS,
  ackWaitMs: config.NOTIFY_ACK_WAIT_MS,
  concurrency: config.NOTIFY_CONCURRENCY,
});

/** The running service, with its metrics (what GET /metrics on METRICS_PORT serves; tests scrape them directly). */
export type RunningNotification = RunningService & { metrics: Metrics };

export async function startNotification(config: NotificationConfig, logger: Logger, opts: NotificationOptions = {}): Promise<RunningNotification> {
  const platform = await connectPlatform({ service: 'notification', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL, logger });
  const email = new EmailChannel({
    url: config.SMTP_URL,
    from: config.MAIL_FROM,
    fromName: config.MAIL_FROM_NAME,
    maxConnections: config.SMTP_POOL_SIZE,
    timeoutMs: config.SMTP_TIMEOUT_MS,
  });
  const sms =
    opts.sms ??
    (config.SMS_HTTP_URL
      ? new HttpSmsChannel({
          url: config.SMS_HTTP_URL,
          method: config.SMS_HTTP_METHOD,
          contentType: config.SMS_HTTP_CONTENT_TYPE,
          template: config.SMS_HTTP_TEMPLATE,
          token: config.SMS_HTTP_TOKEN,
          tokenHeader: config.SMS_HTTP_TOKEN_HEADER,
          idField: config.SMS_HTTP_ID_FIELD,
          timeoutMs: config.SMS_HTTP_TIMEOUT_MS,
        })
      : new LoggingSmsChannel(logger));
  try {
    const repo = new NotificationRepository(platform.mongo);
    await repo.init();
    try {
      await email.verify();
    } catch (err) {
      // Mail waits in the stream while SMTP is down; the service still starts.
      logger.warn('SMTP is not reachable yet', { err: err instanceof Error ? err.message : String(err) });
    }
    const notifier = new Notifier({
      repo,
      channels: { email, sms },
      logger,
      templates: { timeZone: config.NOTIFY_TIME_ZONE, senderName: config.MAIL_FROM_NAME },
      leaseMs: config.NOTIFY_LEASE_MS,
      messageIdDomain: config.MAIL_FROM.split('@')[1] ?? 'localhost',
      metrics: platform.metrics,
    });
    const staff = serveStaff({ nc: platform.nc, repo, notifier, sms, logger });
    const consumer = await startConsumer({
      nc: platform.nc,
      notifier,
      repo,
      logger,
      metrics: platform.metrics,
      options: consumerOptions(config),
      onEnded: (why) => platform.lose('the event consumer', why),
    });
    platform.announceReady();
    return {
      lost: platform.lost,
      metrics: platform.metrics,
      async stop() {
        await consumer.stop();
        for (const s of staff) s.unsubscribe();
        email.close();
        sms.close();
        await platform.close();
      },
    };
  } catch (err) {
    email.close();
    await platform.close();
    throw err;
  }
}

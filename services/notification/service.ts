/** Notification: turns events into emails (and SMS through a channel adapter) for whoever must hear. */
import nodemailer from 'nodemailer';
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import type { NotificationConfig } from './config.ts';

export async function startNotification(config: NotificationConfig, logger: Logger): Promise<RunningService> {
  const platform = await connectPlatform({ service: 'notification', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  const transport = nodemailer.createTransport(config.SMTP_URL);
  try {
    await transport.verify();
  } catch (err) {
    // Mail waits in the stream while SMTP is down; the service still starts.
    logger.warn('SMTP is not reachable yet', { err: err instanceof Error ? err.message : String(err) });
  }
  platform.announceReady();
  return {
    async stop() {
      transport.close();
      await platform.close();
    },
  };
}

/** Reporting: keeps report read models from the event stream and renders the Regulation's reports (9.1, 9.2, 10.4). */
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import type { ReportingConfig } from './config.ts';

export async function startReporting(config: ReportingConfig, logger: Logger): Promise<RunningService> {
  const platform = await connectPlatform({ service: 'reporting', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  logger.debug('connected to MongoDB and NATS');
  platform.announceReady();
  return { stop: () => platform.close() };
}

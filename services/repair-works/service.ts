/** Repair works: executors' planned and emergency works (8.1.6) and their public feed (2.8). */
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import type { RepairWorksConfig } from './config.ts';

export async function startRepairWorks(config: RepairWorksConfig, logger: Logger): Promise<RunningService> {
  const platform = await connectPlatform({ service: 'repair-works', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  logger.debug('connected to MongoDB and NATS');
  platform.announceReady();
  return { stop: () => platform.close() };
}

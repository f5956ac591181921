/** Intake: registers requests from the phone and web channels (commands over NATS request/reply). */
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import type { IntakeConfig } from './config.ts';

export async function startIntake(config: IntakeConfig, logger: Logger): Promise<RunningService> {
  const platform = await connectPlatform({ service: 'intake', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  logger.debug('connected to MongoDB and NATS');
  platform.announceReady();
  return { stop: () => platform.close() };
}

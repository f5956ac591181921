/**
 * `npm run reports:rebuild -- [--from read-model|stream] [--start-seq N]`: rebuilds the reporting
 * read models (services/reporting/rebuild.ts says from what). Stop the reporting service first.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { baseEnv, parseEnv } from '../../platform/config.ts';
import { createLogger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import { rebuildFromReadModel, rebuildFromStream } from './rebuild.ts';

const args = z
  .object({ from: z.enum(['read-model', 'stream']).default('read-model'), 'start-seq': z.coerce.number().int().min(1).optional() })
  .parse(parseArgs({ options: { from: { type: 'string' }, 'start-seq': { type: 'string' } } }).values);
const config = parseEnv(baseEnv);
const logger = createLogger({ service: 'reporting-rebuild', level: config.LOG_LEVEL });
const platform = await connectPlatform({ service: 'reporting-rebuild', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
try {
  const repo = new ReportsRepository(platform.mongo);
  await repo.init();
  const r = args.from === 'stream' ? await rebuildFromStream({ repo, nc: platform.nc, logger, ...(args['start-seq'] ? { startSeq: args['start-seq'] } : {}) }) : await rebuildFromReadModel(repo, logger);
  logger.info(`done in ${(r.ms / 1000).toFixed(1)} s`);
} finally {
  await platform.close();
}

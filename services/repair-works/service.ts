/**
 * Repair works: executors' planned and emergency works (8.1.6) and their public feed with the news
 * (2.8). It owns the `repair_works`, `repair_work_links` and `news` collections and answers the
 * gateway's and intake's commands over NATS request/reply (SUBJECTS.repairWorks); each work's
 * lifecycle is its workflow, run by the worker, which publishes `repair_work.*` events on JetStream.
 */
import { Client, Connection } from '@temporalio/client';
import type { RepairWorkReply } from '../../contracts/repair-works.ts';
import { SUBJECTS } from '../../contracts/wire.ts';
import { createClassifierRepository } from '../../data/classifier.repository.ts';
import { districtsRepository } from '../../data/districts.repository.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { createNewsRepository } from '../../data/news.repository.ts';
import { createRepairWorksRepository } from '../../data/repair-works.repository.ts';
import { requestQueries } from '../../data/request-queries.ts';
import { serveCommands, type CommandServer } from '../../platform/commands.ts';
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import { clientInterceptors } from '../../platform/temporal.ts';
import { dataConverterFor } from '../../platform/payload-codec.ts';
import type { RunningService } from '../../platform/service.ts';
import type { RepairWorksConfig } from './config.ts';
import { createRepairWorksHandler } from './handler.ts';

/** NATS queue group: several repair-works processes share the commands, each command goes to one. */
export const REPAIR_WORKS_QUEUE = 'repair-works';

export async function startRepairWorks(config: RepairWorksConfig, logger: Logger): Promise<RunningService> {
  const platform = await connectPlatform({ service: 'repair-works', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL, logger });
  let connection: Connection | undefined;
  let commands: CommandServer | undefined;
  try {
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    const mongo = platform.mongo;
    const works = createRepairWorksRepository(mongo);
    const news = createNewsRepository(mongo);
    await Promise.all([works.init(), news.init()]);
    const handler = createRepairWorksHandler({
      client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.TEMPORAL_PAYLOAD_KEYS), interceptors: clientInterceptors(platform.metrics) }),
      works,
      news,
      executors: executorsRepository(mongo),
      classifier: createClassifierRepository(mongo),
      districts: districtsRepository(mongo),
      requests: requestQueries(mongo),
      logger,
    });
    commands = serveCommands<RepairWorkReply>(
      platform.nc,
      {
        subject: SUBJECTS.repairWorks,
        queue: REPAIR_WORKS_QUEUE,
        logger,
        what: 'repair-works command',
        failure: { ok: false, error: { status: 503, code: 'repair_works_failed', message: 'the repair-works service failed for a technical reason; try again' } },
      },
      (command) => handler.handle(command),
    );
    logger.debug('connected to MongoDB, NATS and Temporal');
    platform.announceReady();
    const server = commands;
    const conn = connection;
    return {
      async stop() {
        await server.stop();
        await conn.close();
        await platform.close();
      },
    };
  } catch (err) {
    await commands?.stop();
    await connection?.close();
    await platform.close();
    throw err;
  }
}

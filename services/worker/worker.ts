/** The Temporal worker: runs the request workflows and their activities on the task queue. */
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../../activities/index.ts';
import { TASK_QUEUE } from '../../contracts/wire.ts';
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import { ensureSearchAttributes } from '../../platform/temporal.ts';
import type { WorkerConfig } from './config.ts';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export async function startWorker(config: WorkerConfig, logger: Logger): Promise<RunningService> {
  const platform = await connectPlatform({ service: 'worker', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    await ensureSearchAttributes({ address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE });
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: TASK_QUEUE,
      workflowsPath,
      activities: createActivities({ mongo: platform.mongo, nc: platform.nc, logger }),
    });
    const running = worker.run();
    running.catch((err: unknown) => logger.error('worker stopped with an error', { err }));
    platform.announceReady();
    return {
      async stop() {
        worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
        await platform.close();
      },
    };
  } catch (err) {
    await connection.close();
    await platform.close();
    throw err;
  }
}

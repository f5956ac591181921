/** The Temporal worker: runs the request workflows and their activities on the task queue, and the outbox sweeper. */
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../../activities/index.ts';
import { createOutboxRelay, startOutboxSweeper } from '../../activities/outbox.ts';
import { TASK_QUEUE } from '../../contracts/wire.ts';
import { createRequestRepository } from '../../data/requests.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import { ensureSearchAttributes } from '../../platform/temporal.ts';
import { workerEnv, type WorkerConfig } from './config.ts';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Starts the worker; `config` may omit the lifecycle settings (their defaults apply). */
export async function startWorker(input: WorkerConfig, logger: Logger): Promise<RunningService & { temporalWorker: Worker }> {
  const config = workerEnv.parse(input);
  const platform = await connectPlatform({ service: 'worker', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // The client side, to register the search attributes the workflows set.
  let clientConnection: Connection | undefined;
  try {
    clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    await ensureSearchAttributes({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    const requests = createRequestRepository(platform.mongo);
    await requests.init();
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: TASK_QUEUE,
      workflowsPath,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      activities: createActivities({
        mongo: platform.mongo,
        nc: platform.nc,
        logger,
        settings: { ratingWindowDays: config.RATING_WINDOW_DAYS, deadlineReminderShare: config.DEADLINE_REMINDER_SHARE, reviewQueueEmails: config.REVIEW_QUEUE_EMAILS },
      }),
    });
    let stopping = false;
    const running = worker.run();
    // The process is no use without its Temporal worker: say so on the health subject and exit, to be started again.
    running.then(
      () => {
        if (!stopping) platform.lose('the Temporal worker', 'it shut down');
      },
      (err: unknown) => {
        logger.error('worker stopped with an error', { err });
        if (!stopping) platform.lose('the Temporal worker', err instanceof Error ? err.message : String(err));
      },
    );
    const sweeper = startOutboxSweeper({
      relay: createOutboxRelay({ requests, nc: platform.nc, logger }),
      intervalMs: config.OUTBOX_SWEEP_INTERVAL_MS,
      logger,
    });
    platform.announceReady();
    return {
      temporalWorker: worker,
      lost: platform.lost,
      async stop() {
        stopping = true;
        await sweeper.stop();
        // It may have stopped on its own already.
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
        await clientConnection?.close();
        await platform.close();
      },
    };
  } catch (err) {
    await connection.close();
    await clientConnection?.close();
    await platform.close();
    throw err;
  }
}

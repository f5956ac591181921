/**
 * The Temporal worker: runs the request, repair-work and 5.7 memo workflows and their activities on
 * the task queue, and the one outbox sweeper (requests' and memos' events alike).
 */
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../../activities/index.ts';
import { createOutboxRelay, startOutboxSweeper } from '../../activities/outbox.ts';
import { TASK_QUEUE } from '../../contracts/wire.ts';
import { createConsultationsRepository } from '../../data/consultations.repository.ts';
import { memosRepository } from '../../data/memos.repository.ts';
import { createRepairWorksRepository } from '../../data/repair-works.repository.ts';
import { createRequestRepository } from '../../data/requests.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import { connectPlatform } from '../../platform/platform.ts';
import { dataConverterFor } from '../../platform/payload-codec.ts';
import type { RunningService } from '../../platform/service.ts';
import { addSdkMetrics, workerPlugins } from '../../platform/sdk-logger.ts';
import { ensureSearchAttributes } from '../../platform/temporal.ts';
import { workerEnv, type WorkerConfig } from './config.ts';
import { registerOutboxGauges } from './gauges.ts';

export const workflowsPath = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

/** Starts the worker; `config` may omit the lifecycle settings (their defaults apply). */
export async function startWorker(input: WorkerConfig, logger: Logger): Promise<RunningService & { temporalWorker: Worker; metrics: Metrics }> {
  const config = workerEnv.parse(input);
  const platform = await connectPlatform({ service: 'worker', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL, logger });
  addSdkMetrics(platform.metrics);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // The client side, to register the search attributes the workflows set.
  let clientConnection: Connection | undefined;
  try {
    clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    await ensureSearchAttributes({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    const requests = createRequestRepository(platform.mongo);
    const memos = memosRepository(platform.mongo);
    // The repair-work and consultation outboxes are relayed by this worker's activities: their indexes serve the outbox gauges.
    const repairWorks = createRepairWorksRepository(platform.mongo);
    const consultations = createConsultationsRepository(platform.mongo);
    await Promise.all([requests.init(), memos.init(), repairWorks.init(), consultations.init()]);
    // 5.7: events of memos written before the memo workflow, still unpublished, join the one outbox.
    const movedMemoEvents = await memos.moveLegacyOutboxes();
    if (movedMemoEvents > 0) logger.info('moved unpublished memo events into the outbox', { events: movedMemoEvents });
    // 5.7: the memos awaiting a decision, filed once for the reporting service's gauge, before any memo activity runs here.
    const filedMemos = await memos.fillAwaiting();
    if (filedMemos > 0) logger.info('filed the memos awaiting a decision', { memos: filedMemos });
    registerOutboxGauges(platform.metrics, { request: requests, repair_work: repairWorks, consultation: consultations });
    const worker = await Worker.create({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: TASK_QUEUE,
      workflowsPath,
      plugins: workerPlugins(),
      dataConverter: dataConverterFor(config.TEMPORAL_PAYLOAD_KEYS),
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      // The SDK refuses more concurrent tasks than cached workflows (it would lower it itself, with a warning).
      maxConcurrentWorkflowTaskExecutions:
        config.WORKER_MAX_CACHED_WORKFLOWS > 0 ? Math.min(config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS, Math.max(2, config.WORKER_MAX_CACHED_WORKFLOWS)) : config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      activities: createActivities({
        mongo: platform.mongo,
        nc: platform.nc,
        logger,
        settings: { ratingWindowDays: config.RATING_WINDOW_DAYS, deadlineReminderShare: config.DEADLINE_REMINDER_SHARE, reviewQueueEmails: config.REVIEW_QUEUE_EMAILS },
        consultationSettings: {
          silenceWorkingDays: config.CONSULTATION_SILENCE_WORKING_DAYS,
          reminderShare: config.CONSULTATION_REMINDER_SHARE,
          ratingWindowDays: config.CONSULTATION_RATING_WINDOW_DAYS,
        },
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
      metrics: platform.metrics,
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

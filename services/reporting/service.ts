/**
 * Reporting: keeps the report read models from the event stream and renders the Regulation's
 * reports (9.1, 9.2.1, 9.2.2, 10.4) for the gateway over NATS; draws the 9.2.5 spot-check sample;
 * and sends the scheduled reports (Temporal Schedules → the report workflow on its own task queue),
 * where the `spot-checks` Schedule draws the 9.2.5 sample each working morning.
 */
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Connection } from 'mongoose';
import nodemailer from 'nodemailer';
import { fileURLToPath } from 'node:url';
import { createReportActivities } from '../../activities/reports.ts';
import { createSpotCheckActivities } from '../../activities/spot-checks.ts';
import { STREAMS } from '../../contracts/wire.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { createCalendarRepository } from '../../data/calendar.repository.ts';
import { createConsultationReportsRepository, type ConsultationReportsRepository } from '../../data/consultation-reports.repository.ts';
import { memosRepository } from '../../data/memos.repository.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import type { ConsumerOptions } from '../../platform/durable-consumer.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import { connectPlatform } from '../../platform/platform.ts';
import { clientInterceptors } from '../../platform/temporal.ts';
import { addSdkMetrics, workerPlugins } from '../../platform/sdk-logger.ts';
import { dataConverterFor } from '../../platform/payload-codec.ts';
import type { RunningService } from '../../platform/service.ts';
import { serveCommands } from './commands.ts';
import type { ReportingConfig } from './config.ts';
import { consultationProjectionOptions, startConsultationProjection } from './consultations.ts';
import { startProjection } from './consumer.ts';
import { registerBusinessGauges } from './gauges.ts';
import { Projector } from './projector.ts';
import { ensureReportSchedules, ensureSpotCheckSchedule } from './schedules.ts';
import { SpotChecks } from './spot-checks.ts';

/** The durable consumer's settings from the configuration. */
export const projectionOptions = (config: ReportingConfig): ConsumerOptions => ({
  stream: STREAMS.events.name,
  durable: config.REPORT_DURABLE,
  filterSubject: 'cc.events.request.>',
  deliverPolicy: config.REPORT_DELIVER_POLICY,
  // A projection must not skip an event: it is retried until it applies (the backoff caps at a minute).
  maxDeliver: 100_000,
  backoffMs: [1000, 5000, 15_000, 60_000],
  ackWaitMs: 60_000,
  concurrency: config.REPORT_CONCURRENCY,
});

export const reportWorkflowsPath = fileURLToPath(new URL('../../workflows/report.ts', import.meta.url));

/** The worker of the scheduled report runs, and the Schedules that start them. */
async function startScheduledReports(
  config: ReportingConfig,
  deps: { repo: ReportsRepository; mongo: Connection; logger: Logger; metrics: Metrics; consultations: ConsultationReportsRepository; spotChecks: SpotChecks; onLost: (part: string, why: string) => void },
): Promise<RunningService> {
  const mailer = nodemailer.createTransport(config.SMTP_URL);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  let clientConnection: TemporalConnection | undefined;
  try {
    clientConnection = await TemporalConnection.connect({ address: config.TEMPORAL_ADDRESS });
    const client = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.TEMPORAL_PAYLOAD_KEYS), interceptors: clientInterceptors(deps.metrics) });
    const worker = await Worker.create({
      plugins: workerPlugins(),
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.REPORT_TASK_QUEUE,
      workflowsPath: reportWorkflowsPath,
      dataConverter: dataConverterFor(config.TEMPORAL_PAYLOAD_KEYS),
      activities: {
        ...createSpotCheckActivities({ spotChecks: deps.spotChecks }),
        ...createReportActivities({
        repo: deps.repo,
        executors: executorsRepository(deps.mongo),
        recipients: config.REPORT_RECIPIENTS,
        rules: config.REPORT_INEFFECTIVE_RULES,
        mailer,
        from: { address: config.MAIL_FROM, name: config.MAIL_FROM_NAME },
        logger: deps.logger,
          consultations: deps.consultations,
        }),
      },
    });
    let stopping = false;
    const running = worker.run();
    running.then(
      () => {
        if (!stopping) deps.onLost('the report scheduler\'s worker', 'it shut down');
      },
      (err: unknown) => {
        deps.logger.error('the report worker stopped with an error', { err });
        if (!stopping) deps.onLost('the report scheduler\'s worker', err instanceof Error ? err.message : String(err));
      },
    );
    await ensureReportSchedules(client, { prefix: config.REPORT_SCHEDULE_PREFIX, taskQueue: config.REPORT_TASK_QUEUE, logger: deps.logger });
    await ensureSpotCheckSchedule(client, { prefix: config.REPORT_SCHEDULE_PREFIX, taskQueue: config.REPORT_TASK_QUEUE, logger: deps.logger });
    const conn = clientConnection;
    return {
      async stop() {
        stopping = true;
        // It may have stopped on its own already.
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
        await conn.close();
        mailer.close();
      },
    };
  } catch (err) {
    await connection.close();
    await clientConnection?.close();
    mailer.close();
    throw err;
  }
}

export async function startReporting(config: ReportingConfig, logger: Logger): Promise<RunningService & { metrics: Metrics }> {
  const platform = await connectPlatform({ service: 'reporting', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL, ...(config.INSTANCE_ID ? { instance: config.INSTANCE_ID } : {}), logger });
  addSdkMetrics(platform.metrics);
  try {
    // Replicas share the read models: each request and shared document is written under a lease named for this process.
    const repo = new ReportsRepository(platform.mongo, { owner: platform.instance, ttlMs: config.REPORT_LEASE_MS });
    await repo.init();
    const projector = new Projector(repo);
    const memos = memosRepository(platform.mongo);
    registerBusinessGauges(platform.metrics, { live: () => repo.live(), memosAwaitingDecision: () => memos.awaitingDecision() });
    const spotChecks = new SpotChecks({ repo, calendar: createCalendarRepository(platform.mongo), rules: { share: config.SPOT_CHECK_SHARE, minPerExecutor: config.SPOT_CHECK_MIN_PER_EXECUTOR }, logger });
    const consultations = createConsultationReportsRepository(platform.mongo, { owner: platform.instance, ttlMs: config.REPORT_LEASE_MS });
    const commands = serveCommands({ nc: platform.nc, repo, rules: config.REPORT_INEFFECTIVE_RULES, spotChecks, logger, consultations });
    const consumer = await startProjection({ nc: platform.nc, projector, logger, metrics: platform.metrics, options: projectionOptions(config), onEnded: (why) => platform.lose('the event projection', why) });
    // 2.9: consultations are counted by a consumer of their own.
    const consultationConsumer = await startConsultationProjection({ nc: platform.nc, repo: consultations, logger, metrics: platform.metrics, onEnded: (why) => platform.lose('the consultation projection', why), options: consultationProjectionOptions({ durable: config.REPORT_DURABLE, deliverPolicy: config.REPORT_DELIVER_POLICY }) });
    const scheduled = config.REPORT_SCHEDULES === 'on' ? await startScheduledReports(config, { repo, mongo: platform.mongo, logger, metrics: platform.metrics, consultations, spotChecks, onLost: (part, why) => platform.lose(part, why) }) : undefined;
    platform.announceReady();
    return {
      lost: platform.lost,
      metrics: platform.metrics,
      async stop() {
        for (const s of commands) s.unsubscribe();
        await scheduled?.stop();
        await consumer.stop();
        await consultationConsumer.stop();
        await platform.close();
      },
    };
  } catch (err) {
    await platform.close();
    throw err;
  }
}

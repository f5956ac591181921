/**
 * The Temporal SDK's runtime in a worker process: its log entries (worker, workflows, activities)
 * routed into winston, its own metrics (task latencies, schedule-to-start, the sticky cache, slots)
 * served by the SDK core on a loopback port and merged into the process's `GET /metrics`, and the
 * OpenTelemetry plugin that carries the caller's trace through workflows and activities.
 */
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';
import { DefaultLogger, Runtime, type WorkerOptions } from '@temporalio/worker';
import { createServer } from 'node:net';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import { currentTracing } from './tracing.ts';

const winstonLevel = { TRACE: 'debug', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** A free port on the loopback, for the SDK core's metrics server. */
async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

let sdkMetricsUrl: string | undefined;

/**
 * Call once per process, before any worker or native connection is created. With `metricsOf` set
 * (a worker process serving metrics), the SDK core exports its own metrics on a loopback port that
 * `addSdkMetrics` merges into the process's scrape.
 */
export async function installSdkLogger(logger: Logger, opts: { metricsOf?: string } = {}): Promise<void> {
  const port = opts.metricsOf ? await freeLoopbackPort() : undefined;
  Runtime.install({
    logger: new DefaultLogger(logger.level === 'debug' ? 'DEBUG' : 'INFO', (entry) => {
      logger.log({
        level: winstonLevel[entry.level],
        message: entry.message,
        sdkTimestamp: new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString(),
        ...entry.meta,
      });
    }),
    ...(port
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: `127.0.0.1:${port}`, useSecondsForDurations: true },
              globalTags: { service: opts.metricsOf ?? 'worker' },
              attachServiceName: false,
            },
          },
        }
      : {}),
  });
  if (port) sdkMetricsUrl = `http://127.0.0.1:${port}/metrics`;
}

/** Appends the SDK core's metrics to every scrape of `metrics` (when the runtime exports them). */
export function addSdkMetrics(metrics: Metrics): void {
  const url = sdkMetricsUrl;
  if (!url) return;
  metrics.addSource(async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return res.ok ? res.text() : '';
  });
}

/**
 * The worker's plugins: OpenTelemetry, when this process's spans go somewhere (workflows' spans go
 * out through the tracing's processor). Spans made inside the workflow sandbox cost every workflow
 * task (`npm run bench` measured a lifecycle's CPU ×1.6 with them), so without an exporter the
 * workflows and activities make none.
 */
export function workerPlugins(): NonNullable<WorkerOptions['plugins']> {
  const tracing = currentTracing();
  return tracing?.exporting ? [new OpenTelemetryPlugin({ resource: tracing.resource, spanProcessor: tracing.processor })] : [];
}

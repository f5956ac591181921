/** Routes the Temporal SDK's log entries (worker, workflows, activities) into winston. */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Logger } from './logger.ts';

const winstonLevel = { TRACE: 'debug', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Call once per process, before any worker or native connection is created. */
export function installSdkLogger(logger: Logger): void {
  Runtime.install({
    logger: new DefaultLogger(logger.level === 'debug' ? 'DEBUG' : 'INFO', (entry) => {
      logger.log({
        level: winstonLevel[entry.level],
        message: entry.message,
        sdkTimestamp: new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString(),
        ...entry.meta,
      });
    }),
  });
}

/**
 * A service process: `start()` returns a handle with `stop()`; `runService` runs one as the
 * process's entry point, stops it gracefully on SIGTERM/SIGINT, and exits non-zero when start-up
 * fails (after logging why — a bad configuration names the variable).
 */
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { ConfigError } from './config.ts';
import { createLogger, type Logger } from './logger.ts';

export interface RunningService {
  stop(): Promise<void>;
}

/** Answers `cc.health.<service>` so the stack manager and operators can see the process is up. */
export function answerHealth(nc: NatsConnection, service: string): Subscription {
  return nc.subscribe(`cc.health.${service}`, {
    callback: (_err, msg) => {
      msg.respond(JSON.stringify({ service, pid: process.pid, at: new Date().toISOString() }));
    },
  });
}

export function runService(name: string, start: (logger: Logger) => Promise<RunningService>): void {
  const logger = createLogger({ service: name });
  let running: RunningService | undefined;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    const force = setTimeout(() => {
      logger.error('graceful stop took over 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    (running ? running.stop() : Promise.resolve())
      .then(() => {
        logger.info('stopped');
        logger.on('finish', () => process.exit(0));
        logger.end();
      })
      .catch((err: unknown) => {
        logger.error('stop failed', { err });
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  start(logger)
    .then((svc) => {
      running = svc;
      logger.info('ready');
    })
    .catch((err: unknown) => {
      if (err instanceof ConfigError) logger.error(err.message);
      else logger.error('start failed', { err: err instanceof Error ? err.stack : String(err) });
      logger.on('finish', () => process.exit(1));
      logger.end();
    });
}

/**
 * A service process: `start()` returns a handle with `stop()`; `runService` runs one as the
 * process's entry point, stops it gracefully on SIGTERM/SIGINT, and exits non-zero when start-up
 * fails (after logging why — a bad configuration names the variable).
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { hostname } from 'node:os';
import { healthSubject } from '../contracts/wire.ts';
import { ConfigError } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { currentTracing, installTracing } from './tracing.ts';

export interface RunningService {
  stop(): Promise<void>;
  /**
   * Resolves, with why, when a part the process cannot work without has stopped on its own (the
   * Temporal worker, an event consumer's loop, the report scheduler's worker): `runService` then
   * stops the process with a non-zero exit code, so that its supervisor starts it again.
   */
  lost?: Promise<string>;
}

/** What a process says of itself on its health subjects. */
export interface HealthReply {
  service: string;
  instance: string;
  pid: number;
  at: string;
  /** False once a vital part has stopped: the process is no use and should be restarted. */
  ok: boolean;
  problems: string[];
  [detail: string]: unknown;
}

export interface HealthOptions {
  /** This process's instance id (a container's host name); the subject `cc.health.<service>.<instance>` is its alone. */
  instance: string;
  /** Problems that make the process unhealthy (a vital part stopped); none when healthy. */
  problems?: () => string[];
  /** Details a caller may need (intake: whether its reference data is loaded). */
  details?: () => Promise<Record<string, unknown>>;
}

/**
 * Answers `cc.health.<service>` (whichever instance is first: is the service up at all) and
 * `cc.health.<service>.<instance>` (this process alone, so that one healthy replica cannot answer
 * for a stuck one), with a `HealthReply`.
 */
export function answerHealth(nc: NatsConnection, service: string, opts: HealthOptions = { instance: hostname() }): { unsubscribe(): void } {
  const callback = (_err: unknown, msg: Msg): void => {
    void (async () => {
      const problems = opts.problems?.() ?? [];
      const details: Record<string, unknown> = await Promise.resolve(opts.details?.() ?? {}).catch((err: unknown) => ({ detailsError: err instanceof Error ? err.message : String(err) }));
      const reply: HealthReply = { ...details, service, instance: opts.instance, pid: process.pid, at: new Date().toISOString(), ok: problems.length === 0, problems };
      msg.respond(JSON.stringify(reply));
    })();
  };
  const subs: Subscription[] = [nc.subscribe(healthSubject(service), { callback }), nc.subscribe(healthSubject(service, opts.instance), { callback })];
  return { unsubscribe: () => subs.forEach((sub) => sub.unsubscribe()) };
}

export function runService(name: string, start: (logger: Logger) => Promise<RunningService>): void {
  const logger = createLogger({ service: name });
  let running: RunningService | undefined;
  let stopping = false;
  const shutdown = (signal: string, exitCode = 0): void => {
    if (stopping) return;
    stopping = true;
    if (exitCode === 0) logger.info(`${signal}: stopping`);
    else logger.error(`${signal}: stopping, to be started again`);
    const force = setTimeout(() => {
      logger.error('graceful stop took over 20 s; exiting');
      process.exit(1);
    }, 20_000);
    force.unref();
    (running ? running.stop() : Promise.resolve())
      // The spans still buffered go out before the process ends.
      .then(() => currentTracing()?.shutdown())
      .then(() => {
        logger.info('stopped');
        logger.on('finish', () => process.exit(exitCode));
        logger.end();
      })
      .catch((err: unknown) => {
        logger.error('stop failed', { err });
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Tracing first, so that every connection the service opens is traced (a bad variable fails the start like any other).
  Promise.resolve()
    .then(() => installTracing({ service: name }))
    .then(() => start(logger))
    .then((svc) => {
      running = svc;
      logger.info('ready');
      void svc.lost?.then((why) => shutdown(`${why}`, 1));
    })
    .catch((err: unknown) => {
      if (err instanceof ConfigError) logger.error(err.message);
      else logger.error('start failed', { err: err instanceof Error ? err.stack : String(err) });
      logger.on('finish', () => process.exit(1));
      logger.end();
    });
}

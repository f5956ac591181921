/**
 * The one winston logger: JSON in production (one object a line, for a log shipper), readable
 * colourised lines in development. Children carry `service`, and callers add `requestNumber`,
 * `workflowId`, `eventId` and `correlationId` as fields. A line written inside a trace carries its
 * `trace_id` and `span_id` (platform/tracing.ts), so one registration's lines can be found in every
 * process's log.
 */
import winston from 'winston';
import { traceFields } from './tracing.ts';

export type Logger = winston.Logger;

/** Adds the active trace's ids to the line (the caller's own `trace_id` wins: the SDK's lines bring theirs). */
const withTrace = winston.format((info) => {
  if (info.trace_id === undefined) {
    const ids = traceFields();
    if (ids) Object.assign(info, ids);
  }
  return info;
});

export function createLogger(opts: { service: string; level?: string; json?: boolean }): Logger {
  const json = opts.json ?? process.env.NODE_ENV === 'production';
  const format = json
    ? winston.format.combine(withTrace(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json())
    : winston.format.combine(
        withTrace(),
        winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
        winston.format.errors({ stack: true }),
        ...(process.stdout.isTTY ? [winston.format.colorize()] : []),
        winston.format.printf(({ timestamp, level, message, service, stack, ...rest }) => {
          const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
          return `${String(timestamp)} ${level} [${String(service)}] ${String(message)}${extra}${typeof stack === 'string' ? `\n${stack}` : ''}`;
        }),
      );
  return winston.createLogger({
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    defaultMeta: { service: opts.service },
    format,
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
}

/**
 * The one winston logger: JSON in production (one object a line, for a log shipper), readable
 * colourised lines in development. Children carry `service`, and callers add `requestNumber`,
 * `workflowId`, `eventId` and `correlationId` as fields.
 */
import winston from 'winston';

export type Logger = winston.Logger;

export function createLogger(opts: { service: string; level?: string; json?: boolean }): Logger {
  const json = opts.json ?? process.env.NODE_ENV === 'production';
  const format = json
    ? winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json())
    : winston.format.combine(
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

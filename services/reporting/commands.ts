/** The reporting service's request/reply commands (the gateway's report routes call them). */
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import type { z } from 'zod';
import type { StaffError, StaffReply } from '../../contracts/notification.ts';
import { REPORTING_SUBJECTS, reportQuerySchema, spotChecksQuerySchema, type ReportFile, type SpotCheckList } from '../../contracts/reporting.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';
import type { IneffectiveRules } from '../../domain/reports.ts';
import type { Logger } from '../../platform/logger.ts';
import { renderReport } from './render.ts';
import { buildReport } from './reports.ts';
import type { SpotChecks } from './spot-checks.ts';

class CommandError extends Error {
  constructor(readonly error: StaffError) {
    super(error.message);
  }
}

function parseInput<S extends z.ZodType>(schema: S, msg: Msg): z.infer<S> {
  let json: unknown;
  try {
    json = msg.data.length === 0 ? {} : JSON.parse(msg.string());
  } catch {
    throw new CommandError({ code: 'invalid_input', message: 'the request is not JSON' });
  }
  const res = schema.safeParse(json);
  if (!res.success) throw new CommandError({ code: 'invalid_input', message: 'the request is invalid', details: res.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  return res.data;
}

function serve<T>(nc: NatsConnection, subject: string, logger: Logger, handle: (msg: Msg) => Promise<T>): Subscription {
  return nc.subscribe(subject, {
    queue: 'reporting',
    callback: (_err, msg) => {
      void handle(msg)
        .then((data) => msg.respond(JSON.stringify({ ok: true, data } satisfies StaffReply<T>)))
        .catch((err: unknown) => {
          const error: StaffError = err instanceof CommandError ? err.error : { code: 'internal', message: 'the report could not be built' };
          if (!(err instanceof CommandError)) logger.error('a report command failed', { subject, err: err instanceof Error ? err.stack : String(err) });
          msg.respond(JSON.stringify({ ok: false, error } satisfies StaffReply<T>));
        });
    },
  });
}

export function serveCommands(deps: { nc: NatsConnection; repo: ReportsRepository; rules: IneffectiveRules; spotChecks: SpotChecks; logger: Logger }): Subscription[] {
  const { nc, repo, rules, logger } = deps;
  return [
    serve<ReportFile>(nc, REPORTING_SUBJECTS.report, logger, async (msg) => {
      const q = parseInput(reportQuerySchema, msg);
      return renderReport(await buildReport(repo, q, rules), q.format);
    }),
    serve<SpotCheckList>(nc, REPORTING_SUBJECTS.spotChecks, logger, async (msg) => {
      const q = parseInput(spotChecksQuerySchema, msg);
      return deps.spotChecks.listFor(q.date);
    }),
  ];
}

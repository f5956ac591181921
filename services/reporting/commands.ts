/** The reporting service's request/reply commands (the gateway's report routes call them). */
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import { exportPageQuerySchema, REPORTING_SUBJECTS, reportQuerySchema, spotChecksQuerySchema, type ExportPage, type ReportFile, type SpotCheckList } from '../../contracts/reporting.ts';
import type { ConsultationReportsRepository } from '../../data/consultation-reports.repository.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';
import type { IneffectiveRules } from '../../domain/reports.ts';
import type { Logger } from '../../platform/logger.ts';
import { parseStaffInput, serveStaffCommand } from '../../platform/staff-commands.ts';
import { exportPage } from './export.ts';
import { renderReport } from './render.ts';
import { buildReport } from './reports.ts';
import type { SpotChecks } from './spot-checks.ts';

function serve<T>(nc: NatsConnection, subject: string, logger: Logger, handle: (msg: Msg) => Promise<T>): Subscription {
  return serveStaffCommand(nc, { subject, queue: 'reporting', logger, internalMessage: 'the report could not be built' }, handle);
}

export function serveCommands(deps: { nc: NatsConnection; repo: ReportsRepository; rules: IneffectiveRules; spotChecks: SpotChecks; logger: Logger; consultations?: ConsultationReportsRepository }): Subscription[] {
  const { nc, repo, rules, logger } = deps;
  return [
    serve<ReportFile>(nc, REPORTING_SUBJECTS.report, logger, async (msg) => {
      const q = parseStaffInput(reportQuerySchema, msg);
      return renderReport(await buildReport(repo, q, rules, new Date(), deps.consultations), q.format);
    }),
    serve<SpotCheckList>(nc, REPORTING_SUBJECTS.spotChecks, logger, async (msg) => {
      const q = parseStaffInput(spotChecksQuerySchema, msg);
      return deps.spotChecks.listFor(q.date);
    }),
    serve<ExportPage>(nc, REPORTING_SUBJECTS.exportPage, logger, async (msg) => exportPage(repo, parseStaffInput(exportPageQuerySchema, msg))),
  ];
}

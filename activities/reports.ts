/**
 * The scheduled reports' activities (workflows/report.ts): who gets which report of which period,
 * and one email per recipient with its XLSX attached. Sending is idempotent per run and recipient:
 * a delivery already marked sent is skipped, so a retried activity or workflow task never sends a
 * run's report twice; a failed send throws and Temporal retries it.
 */
import type { Transporter } from 'nodemailer';
import type { ExecutorsRepository } from '../data/executors.repository.ts';
import type { ConsultationReportsRepository } from '../data/consultation-reports.repository.ts';
import type { ReportsRepository } from '../data/reports.repository.ts';
import { previousPeriodQuery, REPORT_SCHEDULES, type ScheduleName } from '../domain/report-schedule.ts';
import { CLAUSE_OF, type IneffectiveRules, type ReportKind } from '../domain/reports.ts';
import type { Logger } from '../platform/logger.ts';
import { sliceFor, type Recipient } from '../services/reporting/recipients.ts';
import { renderReport, TITLES } from '../services/reporting/render.ts';
import { buildReport } from '../services/reporting/reports.ts';

export interface Delivery {
  /** Unique within a run: report, period and recipient. */
  key: string;
  report: ReportKind;
  query: { date?: string; week?: string; month?: string; executor?: string };
  slice: Pick<Recipient, 'categories' | 'districts'>;
  to: string[];
}

export interface ReportActivityDeps {
  repo: ReportsRepository;
  executors: ExecutorsRepository;
  recipients: readonly Recipient[];
  rules: IneffectiveRules;
  mailer: Transporter;
  from: { address: string; name: string };
  logger: Logger;
  /** 2.9: the consultations' day documents, counted in the daily reports. */
  consultations?: ConsultationReportsRepository;
}

export function createReportActivities(deps: ReportActivityDeps) {
  return {
    /** The run's deliveries: each configured recipient its slice; 9.2.1 each executor and its responsible person (8.1.1). */
    async planReportRun(input: { schedule: ScheduleName; at: string }): Promise<Delivery[]> {
      const at = new Date(input.at);
      const out: Delivery[] = [];
      for (const { report, period } of REPORT_SCHEDULES[input.schedule].reports) {
        const q = previousPeriodQuery(period, at);
        const periodId = Object.values(q)[0] as string;
        if (report === 'overdue-by-executor') {
          for (const e of (await deps.executors.list()).filter((x) => x.active)) {
            out.push({ key: `${report}|${periodId}|${e.id}`, report, query: { ...q, executor: e.id }, slice: {}, to: [...new Set([e.email, e.responsiblePerson.email])] });
          }
          continue;
        }
        for (const r of deps.recipients.filter((x) => x.reports.some((k) => k === report))) {
          out.push({ key: `${report}|${periodId}|${r.email}`, report, query: q, slice: { ...(r.categories ? { categories: r.categories } : {}), ...(r.districts ? { districts: r.districts } : {}) }, to: [r.email] });
        }
      }
      return out;
    },

    /** Builds the delivery's report and emails it with the XLSX attached, unless this run sent it already. */
    async sendReport(input: { runId: string; delivery: Delivery }): Promise<{ sent: boolean; messageId?: string }> {
      const { delivery: d } = input;
      const id = `${input.runId}|${d.key}`;
      const periodId = d.query.date ?? d.query.week ?? d.query.month ?? '';
      if (await deps.repo.sentAlready(id, d.report, periodId)) return { sent: false };
      const built = sliceFor(await buildReport(deps.repo, { report: d.report, ...d.query }, deps.rules, new Date(), deps.consultations), d.slice);
      const file = await renderReport(built, 'xlsx');
      const title = TITLES[d.report];
      // A stable Message-ID: were a send to be repeated after a crash before it was recorded, mail systems see one message.
      const messageId = `<${Buffer.from(id).toString('base64url')}@reports.${deps.from.address.split('@')[1] ?? 'localhost'}>`;
      await deps.mailer.sendMail({
        from: { name: deps.from.name, address: deps.from.address },
        to: d.to,
        subject: `${title}: ${periodId}`,
        messageId,
        text: `Добрий день!\n\nУ вкладенні — ${title.charAt(0).toLowerCase()}${title.slice(1)} за ${periodId}${d.query.executor ? ` (виконавець ${d.query.executor})` : ''}.\n\n${deps.from.name}`,
        attachments: [{ filename: file.filename, content: Buffer.from(file.body, 'base64'), contentType: file.contentType }],
      });
      await deps.repo.markSent(id, messageId);
      deps.logger.info(`${CLAUSE_OF[d.report]} report sent`, { runId: input.runId, report: d.report, period: periodId, to: d.to });
      return { sent: true, messageId };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;

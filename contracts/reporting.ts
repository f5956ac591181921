/**
 * The reporting service's request/reply commands from the gateway (NATS). Subjects are a wire
 * contract — DO NOT RENAME one without a migration.
 */
import { z } from 'zod';
import { staffReply } from './notification.ts';
import { exportRowSchema } from '../domain/report-export.ts';
import { dateParam, monthParam, REPORT_KINDS, weekParam } from '../domain/reports.ts';

export const REPORTING_SUBJECTS = {
  /** reportQuerySchema → staffReply(reportFileSchema) */
  report: 'cc.cmd.reporting.report',
  /** spotChecksQuerySchema → staffReply(spotCheckListSchema): the 9.2.5 sample of a working day */
  spotChecks: 'cc.cmd.reporting.spot-checks',
  /** exportPageQuerySchema → staffReply(exportPageSchema): one page of the 9.1.3.3 export, one registration day at a time */
  exportPage: 'cc.cmd.reporting.export-page',
} as const;

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** A report asked for: which, for what period (Kyiv time; the current one when left out), filtered how, in what format. */
export const reportQuerySchema = z.object({
  report: z.enum(REPORT_KINDS),
  date: dateParam.optional().meta({ description: 'A day, YYYY-MM-DD (daily reports); today in Kyiv when left out.' }),
  week: weekParam.optional().meta({ description: 'An ISO week, YYYY-Www (weekly reports); the current week when left out.' }),
  month: monthParam.optional().meta({ description: 'A month, YYYY-MM (monthly reports; 9.2.2 monthly); the current month when left out.' }),
  district: z.string().min(1).max(100).optional().meta({ description: 'Only this administrative district.' }),
  executor: z.string().min(1).max(100).optional().meta({ description: 'Only this executor (an executor user always gets its own).' }),
  format: z.enum(REPORT_FORMATS).default('json').meta({ description: 'json, csv (UTF-8 with BOM) or xlsx.' }),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** The report as a file: JSON and CSV as text, XLSX in base64. */
export const reportFileSchema = z.object({
  filename: z.string(),
  contentType: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  body: z.string(),
});
export type ReportFile = z.infer<typeof reportFileSchema>;
export const reportFileReply = staffReply(reportFileSchema);

export const spotChecksQuerySchema = z.object({ date: dateParam.optional().meta({ description: 'The working day, YYYY-MM-DD; today in Kyiv when left out.' }) });
export const spotCheckListSchema = z.object({
  day: z.string(),
  closedOn: z.string().nullable().meta({ description: 'The previous working day: the first day whose closures the sample covers.' }),
  closedDays: z.array(z.string()).meta({ description: 'Every day whose closures it covers: the previous working day and the days off after it; empty on a day off, when nothing is drawn.' }),
  seed: z.string().nullable(),
  share: z.number(),
  minPerExecutor: z.number(),
  items: z.array(z.object({ number: z.string(), executorId: z.string(), categoryCode: z.string(), district: z.string(), closedAt: z.string() })),
});
export type SpotCheckList = z.infer<typeof spotCheckListSchema>;
export const spotCheckListReply = staffReply(spotCheckListSchema);

/** 9.1.3.3: the ad-hoc export's filters (the gateway's query, less the period and format). */
export const exportFiltersSchema = z.object({
  category: z.string().min(1).max(100).optional().meta({ description: 'Only this Classifier category (code).' }),
  district: z.string().min(1).max(100).optional().meta({ description: 'Only this administrative district.' }),
  executor: z.string().min(1).max(100).optional().meta({ description: 'Only this executor (an executor user always gets its own).' }),
  status: z.string().min(1).max(60).optional().meta({ description: 'Only requests in this status now (e.g. in_progress, closed).' }),
});
export type ExportFilters = z.infer<typeof exportFiltersSchema>;

/** A page's rows as JSON stop at this size, under NATS's 1 MB message limit: a day of 1,500 requests (≈350 bytes a row) is one page. */
export const EXPORT_PAGE_BYTES = 768 * 1024;
/** One page of the export: the rows of requests registered on `day` that pass the filters, from the `offset`-th in number order; `next` is the next page's offset. */
export const exportPageQuerySchema = exportFiltersSchema.extend({ day: dateParam, offset: z.number().int().min(0).default(0) });
export type ExportPageQuery = z.infer<typeof exportPageQuerySchema>;
export const exportPageSchema = z.object({ rows: z.array(exportRowSchema), next: z.number().int().nullable() });
export type ExportPage = z.infer<typeof exportPageSchema>;
export const exportPageReply = staffReply(exportPageSchema);

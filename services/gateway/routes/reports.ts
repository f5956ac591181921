/**
 * Reports (9.1, 9.2.1, 9.2.2, 10.4), the 9.1.3.3 export and the 9.2.5 spot-check list, built by the
 * reporting service from its event-fed read models (NATS request/reply). Managers, analysts and
 * operators read every report; an executor reads only its own 9.2.1 deadline violations and its own
 * requests in the export.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { exportFiltersSchema, exportPageSchema, REPORTING_SUBJECTS, reportFileSchema, reportQuerySchema, spotCheckListSchema } from '../../../contracts/reporting.ts';
import { staffReply, type StaffReply } from '../../../contracts/notification.ts';
import { exportRowSchema } from '../../../domain/report-export.ts';
import { REPORT_KINDS, CLAUSE_OF, dateParam } from '../../../domain/reports.ts';
import { streamExport } from '../report-export.ts';
import { HttpError } from '../http-errors.ts';
import { route, type AnyRoute } from './define.ts';
import { natsRequest } from '../../../platform/nats.ts';

const STATUS_OF = { invalid_input: 400, not_found: 404, unprocessable: 422, internal: 500 } as const;

async function ask<T extends z.ZodType>(nc: NatsConnection, subject: string, payload: unknown, data: T): Promise<z.output<T>> {
  let raw: unknown;
  try {
    raw = (await natsRequest(nc, subject, JSON.stringify(payload), { timeout: 30_000 })).json();
  } catch {
    throw new HttpError(503, 'reporting_unavailable', 'the reporting service does not answer');
  }
  const reply = staffReply(data).parse(raw) as StaffReply<z.output<T>>;
  if (reply.ok) return reply.data;
  throw new HttpError(STATUS_OF[reply.error.code], reply.error.code, reply.error.message, reply.error.details);
}

const reportParam = z.object({ report: z.enum(REPORT_KINDS).meta({ description: `Which report: ${REPORT_KINDS.map((k) => `${k} (${CLAUSE_OF[k]})`).join(', ')}.` }) });
const reportQuery = reportQuerySchema.omit({ report: true });

/** The longest export: the Regulation's reports are monthly, quarterly and yearly, so a year (a leap one too). */
export const EXPORT_MAX_DAYS = 366;
const periodDays = (from: string, to: string): number => Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days) + 1;

const exportQuery = exportFiltersSchema
  .extend({
    from: dateParam.meta({ description: 'The first Kyiv day of registration, YYYY-MM-DD.' }),
    to: dateParam.meta({ description: 'The last Kyiv day of registration, YYYY-MM-DD (included).' }),
    format: reportQuerySchema.shape.format,
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => q.from > q.to || periodDays(q.from, q.to) <= EXPORT_MAX_DAYS, {
    path: ['to'],
    message: `the period is at most ${EXPORT_MAX_DAYS} days (a year, a leap one included); export a longer one in parts`,
  });

export const reportRoutes: AnyRoute[] = [
  // Before /reports/{report}, which would take "requests" for a report's name.
  route({
    id: 'reports.export',
    method: 'get',
    path: '/reports/requests',
    tag: 'reports',
    summary: 'Export requests',
    description:
      '9.1.3.3 "other materials on request": every request registered from `from` to `to` (Kyiv days, both included; at most ' + EXPORT_MAX_DAYS + ' days, else 400 naming `query.to`) that passes the filters — Classifier `category`, `district`, `executor`, current `status` — one row each, as JSON (`{from, to, filters, rows}`), CSV (UTF-8 with BOM) or XLSX. ' +
      'Streamed: rows are sent as the reporting service reads them, a registration day at a time, so a long period starts at once and takes as long as its rows (about a second a month of 1,500 requests a day on the development machine). ' +
      'From the reporting service\'s own per-request rows, never the requests collection. An executor gets only its own requests. ' +
      'One export at a time per user, whichever gateway replica serves it: another while one runs is refused with 429 `export_running` and Retry-After. ' +
      "A CSV cell that would start a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) starts with `'` instead, so spreadsheets show it as text.",
    query: exportQuery,
    responses: {
      200: {
        description: 'The rows',
        content: {
          'application/json': { schema: z.object({ from: z.string(), to: z.string(), filters: z.object({}).passthrough(), rows: z.array(exportRowSchema) }).meta({ id: 'RequestExport' }) },
          'text/csv': { schema: z.string() },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().meta({ format: 'binary' }) },
        },
      },
      400: { description: `A period ending before it starts, or longer than ${EXPORT_MAX_DAYS} days (naming \`query.to\`)` },
      403: { description: 'An executor asked for another executor\'s requests' },
      429: { description: 'An export of the same user is still running (on any gateway replica): `export_running`, with Retry-After' },
    },
    handler: async ({ query, user, res, deps }) => {
      const { from, to, format, ...filters } = query;
      if (user.role === 'executor') {
        if (filters.executor && filters.executor !== user.executorId) throw new HttpError(403, 'not_yours', `an executor exports only its own requests; ${filters.executor} is another executor`);
        filters.executor = user.executorId;
      }
      await deps.exportSlots.run(user.id, () => streamExport(res, { from, to, filters, format, fetch: (q) => ask(deps.nc, REPORTING_SUBJECTS.exportPage, q, exportPageSchema) }));
      return undefined;
    },
  }),
  route({
    id: 'reports.get',
    method: 'get',
    path: '/reports/{report}',
    tag: 'reports',
    summary: 'Download a report',
    description:
      'The Regulation\'s reports from the event-fed read models, for a Kyiv day (`date`), ISO week (`week`) or month (`month`) — the current one when left out — filtered by `district` and `executor`, as JSON, CSV (UTF-8 with BOM) or XLSX. ' +
      'daily-by-category (9.1.1, date), weekly-by-district (9.1.2, week), monthly-topics (9.1.3.1, month), overdue-by-executor (9.2.1, week), ineffective-executors (9.2.2, week or month), daily-indicators (10.4, date). ' +
      'An executor may read only overdue-by-executor, and only its own.',
    params: reportParam,
    query: reportQuery,
    responses: {
      200: {
        description: 'The report',
        content: {
          'application/json': { schema: z.object({ report: z.string(), clause: z.string(), period: z.object({ kind: z.string(), id: z.string(), from: z.string(), to: z.string() }), filters: z.object({}).passthrough(), generatedAt: z.string(), data: z.unknown() }).meta({ id: 'Report' }) },
          'text/csv': { schema: z.string() },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: z.string().meta({ format: 'binary' }) },
        },
      },
      403: { description: 'An executor asked for another report or another executor' },
    },
    handler: async ({ params, query, user, res, deps }) => {
      let executor = query.executor;
      if (user.role === 'executor') {
        if (params.report !== 'overdue-by-executor') throw new HttpError(403, 'role_forbidden', 'an executor may read only its own deadline violations (overdue-by-executor, 9.2.1)');
        if (executor && executor !== user.executorId) throw new HttpError(403, 'not_yours', `an executor reads only its own report; ${executor} is another executor`);
        executor = user.executorId;
      }
      const file = await ask(deps.nc, REPORTING_SUBJECTS.report, { ...query, report: params.report, ...(executor ? { executor } : {}) }, reportFileSchema);
      res.set('Content-Type', file.contentType);
      if (query.format !== 'json') res.set('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.status(200).send(file.encoding === 'base64' ? Buffer.from(file.body, 'base64') : file.body);
      return undefined;
    },
  }),
  route({
    id: 'spotChecks.today',
    method: 'get',
    path: '/spot-checks/today',
    tag: 'reports',
    summary: 'List the day\'s spot checks',
    description: '9.2.5: the random sample, stratified by executor, of the requests closed on the previous working day, for the operators\' phone survey (record each result with POST /requests/{n}/spot-check). Drawn once a day with a recorded seed.',
    query: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD').optional().meta({ description: 'Another working day\'s list (YYYY-MM-DD); today in Kyiv when left out.' }) }),
    responses: { 200: { description: 'The day\'s sample', schema: spotCheckListSchema.meta({ id: 'SpotCheckList' }) } },
    handler: async ({ query, deps }) => ({ body: await ask(deps.nc, REPORTING_SUBJECTS.spotChecks, query, spotCheckListSchema) }),
  }),
];

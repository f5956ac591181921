/**
 * 9.1.3.3: streams the ad-hoc export of requests to the HTTP client as JSON, CSV (UTF-8 with a BOM)
 * or XLSX (exceljs's streaming writer). The rows come from the reporting service one page at a
 * time (NATS request/reply, `cc.cmd.reporting.export-page`): one registration day after another, a
 * day in pages of at most `EXPORT_PAGE_BYTES`, the next page asked for only once the previous one is
 * handed to the socket and the socket has drained. So a year's export holds one page in memory
 * here and in the reporting service, and a slow client slows the reading, not the memory. Any
 * reporting instance answers any page (the pages are stateless: day, filters, offset).
 *
 * Once the first bytes are sent the status is 200; a failure after that aborts the connection, so
 * the client sees a cut transfer (no final chunk), never a file that looks complete.
 */
import { once } from 'node:events';
import type { Response } from 'express';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { ExportFilters, ExportPage } from '../../contracts/reporting.ts';
import { EXPORT_COLUMNS, type ExportRow } from '../../domain/report-export.ts';
import { REPORT_ZONE } from '../../domain/reports.ts';

export type ExportFormat = 'json' | 'csv' | 'xlsx';
export type FetchPage = (q: ExportFilters & { day: string; offset: number }) => Promise<ExportPage>;

/** The Kyiv days from `from` to `to`, both included. */
export function* daysBetween(from: string, to: string): Generator<string> {
  for (let d = DateTime.fromISO(from, { zone: REPORT_ZONE }); d.toISODate()! <= to; d = d.plus({ days: 1 })) yield d.toISODate()!;
}

/** Every page of the period, in order. */
async function* pages(from: string, to: string, filters: ExportFilters, fetch: FetchPage): AsyncGenerator<ExportRow[]> {
  for (const day of daysBetween(from, to)) {
    for (let offset: number | null = 0; offset !== null; ) {
      const page = await fetch({ ...filters, day, offset });
      if (page.rows.length > 0) yield page.rows;
      offset = page.next;
    }
  }
}

const yesNo = (b: boolean): string => (b ? 'так' : 'ні');
const cellOf = (v: ExportRow[keyof ExportRow]): string | number | null => (typeof v === 'boolean' ? yesNo(v) : v);
/**
 * A cell a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * before one) starts with `'`, so it is shown as text (OWASP, CSV injection): a district, category or
 * executor name typed by someone else never runs in the reader's spreadsheet. XLSX cells are typed
 * values already.
 */
export const defuseFormula = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
const csvCell = (v: ExportRow[keyof ExportRow]): string => {
  const c = cellOf(v);
  if (c === null) return '';
  const s = typeof c === 'string' ? defuseFormula(c) : String(c);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvLine = (cells: string[]): string => `${cells.join(',')}\r\n`;

async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

/** Streams the export. The first page is fetched before anything is sent, so an early failure is an ordinary error reply. */
export async function streamExport(res: Response, opts: { from: string; to: string; filters: ExportFilters; format: ExportFormat; fetch: FetchPage }): Promise<void> {
  const { from, to, filters, format } = opts;
  const it = pages(from, to, filters, opts.fetch);
  let next = await it.next();
  const slug = `requests_${from}_${to}${Object.values(filters).length ? `_${Object.values(filters).join('_')}` : ''}`.replace(/[^\w.-]+/g, '-');
  const closed = (): boolean => res.destroyed || res.writableEnded;
  res.status(200);
  try {
    if (format === 'json') {
      res.set('Content-Type', 'application/json; charset=utf-8');
      await write(res, `{"from":${JSON.stringify(from)},"to":${JSON.stringify(to)},"filters":${JSON.stringify(filters)},"rows":[`);
      let first = true;
      for (; !next.done && !closed(); next = await it.next()) {
        await write(res, `${first ? '' : ','}${next.value.map((r) => JSON.stringify(r)).join(',')}`);
        first = false;
      }
      res.end(']}');
    } else if (format === 'csv') {
      res.set('Content-Type', 'text/csv; charset=utf-8');
      res.set('Content-Disposition', `attachment; filename="${slug}.csv"`);
      // Headers are quoted like any cell: «Час рішень КЦ, год» holds a comma.
      await write(res, `\uFEFF${csvLine(EXPORT_COLUMNS.map((c) => csvCell(c.header)))}`);
      for (; !next.done && !closed(); next = await it.next()) await write(res, next.value.map((r) => csvLine(EXPORT_COLUMNS.map((c) => csvCell(r[c.key])))).join(''));
      res.end();
    } else {
      res.set('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.set('Content-Disposition', `attachment; filename="${slug}.xlsx"`);
      // Inline strings, no shared-strings table: the writer keeps nothing of the rows it has committed.
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
      wb.creator = 'Contact Center';
      const ws = wb.addWorksheet('Звернення', { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = EXPORT_COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      for (; !next.done && !closed(); next = await it.next()) {
        for (const r of next.value) ws.addRow(EXPORT_COLUMNS.map((c) => cellOf(r[c.key]))).commit();
        if (res.writableNeedDrain) await once(res, 'drain');
      }
      ws.commit();
      await wb.commit();
    }
  } catch (err) {
    // Headers and part of the body are out: cut the transfer so the client cannot take it for whole.
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}

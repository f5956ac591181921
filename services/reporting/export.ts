/**
 * 9.1.3.3: pages of the ad-hoc export, from the reporting service's own per-request rows
 * (`report_rows`, one document per Kyiv registration day), never from the requests collection.
 * The gateway asks for a period one registration day at a time, page by page (at most
 * `EXPORT_PAGE_BYTES` of rows), and streams each page
 * to its client before asking for the next, so neither process holds more than a page of a long
 * period.
 */
import { EXPORT_PAGE_BYTES, type ExportPage, type ExportPageQuery } from '../../contracts/reporting.ts';
import type { ExportRow } from '../../domain/report-export.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';

export async function exportPage(repo: ReportsRepository, q: Pick<ExportPageQuery, 'day' | 'offset' | 'category' | 'district' | 'executor' | 'status'>): Promise<ExportPage> {
  const [rows, names] = await Promise.all([repo.rowsOf(q.day), repo.names()]);
  const matching = rows
    .filter((r) => (!q.category || r.categoryCode === q.category) && (!q.district || r.district === q.district) && (!q.executor || r.executorId === q.executor) && (!q.status || r.status === q.status))
    .sort((a, b) => a.number.localeCompare(b.number));
  const page: ExportRow[] = [];
  let bytes = 0;
  let i = q.offset;
  for (; i < matching.length; i++) {
    const r = matching[i]!;
    // A row stored before the 8.2.x column existed is of a request under the earlier rules, whose clock never stopped.
    const row = { ...r, decisionHours: (r as Partial<typeof r>).decisionHours ?? 0, categoryName: names.categories[r.categoryCode] ?? r.categoryCode, executorName: names.executors[r.executorId] ?? r.executorId };
    bytes += Buffer.byteLength(JSON.stringify(row)) + 1;
    if (bytes > EXPORT_PAGE_BYTES && page.length > 0) break;
    page.push(row);
  }
  return { rows: page, next: i < matching.length ? i : null };
}

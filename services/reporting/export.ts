/**
 * 9.1.3.3: pages of the ad-hoc export, from the reporting service's own per-request rows
 * (`report_rows`, one document per Kyiv registration day), never from the requests collection.
 * The gateway asks for a period one registration day at a time, page by page, and streams each page
 * to its client before asking for the next, so neither process holds more than a page of a long
 * period.
 */
import { EXPORT_PAGE_SIZE, type ExportPage, type ExportPageQuery } from '../../contracts/reporting.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';

export async function exportPage(repo: ReportsRepository, q: Pick<ExportPageQuery, 'day' | 'offset' | 'category' | 'district' | 'executor' | 'status'>): Promise<ExportPage> {
  const [rows, names] = await Promise.all([repo.rowsOf(q.day), repo.names()]);
  const matching = rows
    .filter((r) => (!q.category || r.categoryCode === q.category) && (!q.district || r.district === q.district) && (!q.executor || r.executorId === q.executor) && (!q.status || r.status === q.status))
    .sort((a, b) => a.number.localeCompare(b.number));
  const page = matching.slice(q.offset, q.offset + EXPORT_PAGE_SIZE);
  const next = q.offset + EXPORT_PAGE_SIZE < matching.length ? q.offset + EXPORT_PAGE_SIZE : null;
  return { rows: page.map((r) => ({ ...r, categoryName: names.categories[r.categoryCode] ?? r.categoryCode, executorName: names.executors[r.executorId] ?? r.executorId })), next };
}

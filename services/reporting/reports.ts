/** Builds a report from the read models: the period's counters (one document, two for monthly topics), the requests overdue now, the names. */
import { DateTime } from 'luxon';
import type { ReportQuery } from '../../contracts/reporting.ts';
import type { ConsultationReportsRepository } from '../../data/consultation-reports.repository.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';
import { dayDocId, monthDocId, weekDocId } from '../../domain/report-counters.ts';
import {
  CLAUSE_OF,
  dailyByCategory,
  dailyIndicators,
  dayPeriod,
  ineffectiveExecutors,
  monthlyTopics,
  monthPeriod,
  monthPeriod as monthOf,
  overdueByExecutor,
  previousMonthOf,
  REPORT_ZONE,
  weeklyByDistrict,
  weekPeriod,
  type Filters,
  type IneffectiveRules,
  type Period,
  type ReportKind,
} from '../../domain/reports.ts';
import { consultationsOf } from './consultations.ts';

export interface BuiltReport {
  report: ReportKind;
  clause: string;
  period: { kind: Period['kind']; id: string; from: string; to: string };
  filters: Filters;
  generatedAt: string;
  data: unknown;
}

/** The period a query names, or the current one in Kyiv. */
export function periodOf(q: Pick<ReportQuery, 'report' | 'date' | 'week' | 'month'>, now = new Date()): Period {
  const here = DateTime.fromJSDate(now, { zone: REPORT_ZONE });
  const today = here.toISODate() ?? '';
  const thisWeek = here.toFormat("kkkk-'W'WW");
  const thisMonth = here.toFormat('yyyy-MM');
  switch (q.report) {
    case 'daily-by-category':
    case 'daily-indicators':
      return dayPeriod(q.date ?? today);
    case 'weekly-by-district':
    case 'overdue-by-executor':
      return weekPeriod(q.week ?? thisWeek);
    case 'monthly-topics':
      return monthPeriod(q.month ?? thisMonth);
    case 'ineffective-executors':
      // 9.2.2 is weekly and monthly: a month when one is named, else the week.
      return q.month ? monthPeriod(q.month) : weekPeriod(q.week ?? thisWeek);
  }
}

/** The period document a period's report reads. */
const docIdOf = (p: Period): string => (p.kind === 'day' ? dayDocId(p.id) : p.kind === 'week' ? weekDocId(p.days[0]!) : monthDocId(p.days[0]!));

export async function buildReport(repo: ReportsRepository, q: Pick<ReportQuery, 'report' | 'date' | 'week' | 'month' | 'district' | 'executor'>, rules: IneffectiveRules, now = new Date(), consultations?: ConsultationReportsRepository): Promise<BuiltReport> {
  const period = periodOf(q, now);
  const filters: Filters = { ...(q.district ? { district: q.district } : {}), ...(q.executor ? { executorId: q.executor } : {}) };
  const previous = q.report === 'monthly-topics' ? monthOf(previousMonthOf(period.id)) : undefined;
  const needsOpen = ['weekly-by-district', 'overdue-by-executor', 'ineffective-executors', 'daily-indicators'].includes(q.report);
  const docId = docIdOf(period);
  const previousId = previous ? docIdOf(previous) : undefined;
  const [docs, open, names] = await Promise.all([repo.periods(previousId ? [docId, previousId] : [docId]), needsOpen ? repo.openOverdue() : Promise.resolve([]), repo.names()]);
  const doc = docs.get(docId);
  let data: unknown;
  switch (q.report) {
    case 'daily-by-category':
      data = dailyByCategory(doc, filters, names);
      break;
    case 'weekly-by-district':
      data = weeklyByDistrict(doc, period, open, filters);
      break;
    case 'monthly-topics':
      data = monthlyTopics(doc, docs.get(previousId!), filters, names);
      break;
    case 'overdue-by-executor':
      data = overdueByExecutor(doc, period, open, filters, names);
      break;
    case 'ineffective-executors':
      data = ineffectiveExecutors(doc, period, open, filters, names, rules);
      break;
    case 'daily-indicators':
      data = dailyIndicators(doc, period, open, filters);
      break;
  }
  // 2.9: the day's consultations, their own kind beside the requests (they have no district or executor to filter by).
  // Present when the day has any (a day without consultations reads as the requests' report alone).
  if (consultations && (q.report === 'daily-by-category' || q.report === 'daily-indicators') && !filters.district && !filters.executorId) {
    const counted = await consultationsOf(consultations, period.days);
    if (counted.byCategory.length > 0) data = { ...(data as object), consultations: counted };
  }
  return { report: q.report, clause: CLAUSE_OF[q.report], period: { kind: period.kind, id: period.id, from: period.from, to: period.to }, filters, generatedAt: now.toISOString(), data };
}

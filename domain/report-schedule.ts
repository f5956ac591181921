/**
 * When the Regulation's reports go out by email (rules as data): daily at 08:00 Kyiv — 9.1.1 and
 * 10.4 for the day before; weekly on Monday at 08:00 — 9.1.2, 9.2.1, 9.2.2 for the week before;
 * monthly on the 1st at 08:00 — 9.1.3.1 and 9.2.2 for the month before.
 */
import { DateTime } from 'luxon';
import { REPORT_ZONE, type ReportKind } from './reports.ts';

export const SCHEDULE_NAMES = ['daily', 'weekly', 'monthly'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

export interface ScheduleRule {
  /** Cron in REPORT_ZONE. */
  cron: string;
  description: string;
  reports: ReadonlyArray<{ report: ReportKind; period: 'day' | 'week' | 'month' }>;
}

export const REPORT_SCHEDULES: Record<ScheduleName, ScheduleRule> = {
  daily: {
    cron: '0 8 * * *',
    description: '9.1.1 and 10.4 for the day before, daily at 08:00',
    reports: [
      { report: 'daily-by-category', period: 'day' },
      { report: 'daily-indicators', period: 'day' },
    ],
  },
  weekly: {
    cron: '0 8 * * 1',
    description: '9.1.2, 9.2.1 and 9.2.2 for the week before, on Mondays at 08:00',
    reports: [
      { report: 'weekly-by-district', period: 'week' },
      { report: 'overdue-by-executor', period: 'week' },
      { report: 'ineffective-executors', period: 'week' },
    ],
  },
  monthly: {
    cron: '0 8 1 * *',
    description: '9.1.3.1 and 9.2.2 for the month before, on the 1st at 08:00',
    reports: [
      { report: 'monthly-topics', period: 'month' },
      { report: 'ineffective-executors', period: 'month' },
    ],
  },
};

/** The period before the one containing `at`, as a report query names it. */
export function previousPeriodQuery(period: 'day' | 'week' | 'month', at: Date): { date: string } | { week: string } | { month: string } {
  const now = DateTime.fromJSDate(at, { zone: REPORT_ZONE });
  if (period === 'day') return { date: now.minus({ days: 1 }).toISODate() ?? '' };
  if (period === 'week') return { week: now.minus({ weeks: 1 }).toFormat("kkkk-'W'WW") };
  return { month: now.minus({ months: 1 }).toFormat('yyyy-MM') };
}

/**
 * A scheduled report run (9.1.1, 9.1.2, 9.1.3.1, 9.2.1, 9.2.2, 10.4): started by the Temporal
 * Schedules the reporting service keeps (`report-daily`, `report-weekly`, `report-monthly`), on the
 * reporting task queue. It plans the run's deliveries for the period before its start — each
 * recipient its slice — and sends each one; a failed send is retried with backoff, and a delivery
 * already sent by this run is not sent again (activities/reports.ts).
 */
import { proxyActivities, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import type { ReportActivities } from '../activities/reports.ts';
import { REPORT_SCHEDULES, type ScheduleName } from '../domain/report-schedule.ts';
import { CLAUSE_OF } from '../domain/reports.ts';

const { planReportRun } = proxyActivities<ReportActivities>({ startToCloseTimeout: '1 minute', retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' } });
// SMTP may be down for a while: keep trying for about a day, then the run fails visibly in the UI.
const { sendReport } = proxyActivities<ReportActivities>({ startToCloseTimeout: '2 minutes', retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 60 } });

export interface ScheduledReportInput {
  schedule: ScheduleName;
}

/** One run of a report schedule. */
export async function scheduledReportWorkflow(input: ScheduledReportInput): Promise<{ deliveries: number; sent: number }> {
  const rule = REPORT_SCHEDULES[input.schedule];
  const at = workflowInfo().startTime.toISOString();
  setCurrentDetails(`**${input.schedule} reports** — ${rule.description}\n\nplanning recipients…`);
  const plan = await planReportRun.executeWithOptions({ summary: `${rule.reports.map((r) => CLAUSE_OF[r.report]).join(', ')} plan the recipients` }, [{ schedule: input.schedule, at }]);
  let sent = 0;
  for (const [i, d] of plan.entries()) {
    setCurrentDetails(`**${input.schedule} reports** — ${rule.description}\n\nsending ${i + 1} of ${plan.length}: ${d.report} to ${d.to.join(', ')}`);
    const r = await sendReport.executeWithOptions({ summary: `${CLAUSE_OF[d.report]} send ${d.report} to ${d.to.join(', ')}` }, [{ runId: workflowInfo().workflowId, delivery: d }]);
    if (r.sent) sent += 1;
  }
  setCurrentDetails(`**${input.schedule} reports** — ${rule.description}\n\n${sent} of ${plan.length} deliveries sent by this run`);
  return { deliveries: plan.length, sent };
}

// The reporting worker bundles this file: the 9.2.5 daily draw runs beside the report runs.
export { spotCheckSampleWorkflow } from './spot-check-sample.ts';

/**
 * The report Schedules in Temporal (visible and triggerable in the Temporal UI): created at the
 * reporting service's start, or brought up to date when they exist, so starting twice changes
 * nothing. Each starts `scheduledReportWorkflow` on the reporting task queue.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { REPORT_SCHEDULES, SCHEDULE_NAMES, type ScheduleName } from '../../domain/report-schedule.ts';
import { REPORT_ZONE } from '../../domain/reports.ts';
import type { Logger } from '../../platform/logger.ts';
import type { scheduledReportWorkflow } from '../../workflows/report.ts';

export const scheduleId = (prefix: string, name: ScheduleName): string => `${prefix}-${name}`;

export async function ensureReportSchedules(client: Client, opts: { prefix: string; taskQueue: string; logger: Logger }): Promise<string[]> {
  const ids: string[] = [];
  for (const name of SCHEDULE_NAMES) {
    const rule = REPORT_SCHEDULES[name];
    const id = scheduleId(opts.prefix, name);
    const spec = { cronExpressions: [rule.cron], timezone: REPORT_ZONE };
    const action: ScheduleOptionsStartWorkflowAction<typeof scheduledReportWorkflow> = {
      type: 'startWorkflow',
      workflowType: 'scheduledReportWorkflow',
      taskQueue: opts.taskQueue,
      workflowId: id,
      args: [{ schedule: name }],
      staticSummary: rule.description,
    };
    // A run missed while the cluster was down is still taken within a day; one run at a time.
    const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' };
    try {
      await client.schedule.create({ scheduleId: id, spec, action, policies, memo: { description: rule.description } });
      opts.logger.info(`created the ${name} report schedule`, { scheduleId: id, cron: rule.cron });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(id).update((prev) => ({ ...prev, spec, action, policies: { ...prev.policies, ...policies } }));
    }
    ids.push(id);
  }
  return ids;
}

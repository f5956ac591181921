/**
 * The report Schedules in Temporal (visible and triggerable in the Temporal UI): created at the
 * reporting service's start, or brought up to date when they exist, so starting twice changes
 * nothing. Each report schedule starts `scheduledReportWorkflow` on the reporting task queue; the
 * `spot-checks` schedule starts `spotCheckSampleWorkflow` (9.2.5) there every morning.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { REPORT_SCHEDULES, SCHEDULE_NAMES, type ScheduleName } from '../../domain/report-schedule.ts';
import { REPORT_ZONE } from '../../domain/reports.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Workflow } from '@temporalio/common';
import { SPOT_CHECK_SCHEDULE } from '../../domain/spot-check.ts';
import type { scheduledReportWorkflow, spotCheckSampleWorkflow } from '../../workflows/report.ts';

export const scheduleId = (prefix: string, name: ScheduleName | typeof SPOT_CHECK_SCHEDULE.name): string => `${prefix}-${name}`;

// A run missed while the cluster was down is still taken within a day; one run at a time.
const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' };

/** Creates the schedule, or brings the existing one up to date. */
async function upsertSchedule<W extends Workflow>(
  client: Client,
  id: string,
  cron: string,
  action: ScheduleOptionsStartWorkflowAction<W>,
  description: string,
  logger: Logger,
): Promise<void> {
  const spec = { cronExpressions: [cron], timezone: REPORT_ZONE };
  try {
    await client.schedule.create({ scheduleId: id, spec, action, policies, memo: { description } });
    logger.info(`created the ${id} schedule`, { scheduleId: id, cron });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(id).update((prev) => ({ ...prev, spec, action, policies: { ...prev.policies, ...policies } }));
  }
}

/** 9.2.5: the schedule of the daily spot-check draw. */
export async function ensureSpotCheckSchedule(client: Client, opts: { prefix: string; taskQueue: string; logger: Logger }): Promise<string> {
  const id = scheduleId(opts.prefix, SPOT_CHECK_SCHEDULE.name);
  const action: ScheduleOptionsStartWorkflowAction<typeof spotCheckSampleWorkflow> = {
    type: 'startWorkflow',
    workflowType: 'spotCheckSampleWorkflow',
    taskQueue: opts.taskQueue,
    workflowId: id,
    args: [{}],
    staticSummary: SPOT_CHECK_SCHEDULE.description,
  };
  await upsertSchedule(client, id, SPOT_CHECK_SCHEDULE.cron, action, SPOT_CHECK_SCHEDULE.description, opts.logger);
  return id;
}

export async function ensureReportSchedules(client: Client, opts: { prefix: string; taskQueue: string; logger: Logger }): Promise<string[]> {
  const ids: string[] = [];
  for (const name of SCHEDULE_NAMES) {
    const rule = REPORT_SCHEDULES[name];
    const id = scheduleId(opts.prefix, name);
    const action: ScheduleOptionsStartWorkflowAction<typeof scheduledReportWorkflow> = {
      type: 'startWorkflow',
      workflowType: 'scheduledReportWorkflow',
      taskQueue: opts.taskQueue,
      workflowId: id,
      args: [{ schedule: name }],
      staticSummary: rule.description,
    };
    await upsertSchedule(client, id, rule.cron, action, rule.description, opts.logger);
    ids.push(id);
  }
  return ids;
}

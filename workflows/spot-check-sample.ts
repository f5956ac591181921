/**
 * 9.2.5 the daily spot-check sample: started every morning by the reporting service's
 * `spot-checks` Temporal Schedule, on the reporting task queue. On a working day (the working
 * calendar decides) it draws the sample of the requests closed since the previous working day's
 * sample — that day and the days off after it — with a recorded seed, stratified by executor; on a
 * day off it draws nothing. Drawing is idempotent (activities/spot-checks.ts): a second run, or
 * the list asked before this ran, leaves the first draw standing.
 */
import { defineSearchAttributeKey } from '@temporalio/common';
import { proxyActivities, setCurrentDetails, workflowInfo } from '@temporalio/workflow';
import type { SpotCheckActivities, SpotCheckDrawResult } from '../activities/spot-checks.ts';

const { drawSpotCheckSample } = proxyActivities<SpotCheckActivities>({ startToCloseTimeout: '1 minute', retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' } });

/** Set by Temporal on a run a Schedule started: the time it was due, which a caught-up run keeps. */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', 'DATETIME');

export interface SpotCheckSampleInput {
  /** The working day (`YYYY-MM-DD`) to draw for; the Kyiv date the run was due when left out (a scheduled run). */
  day?: string;
}

/** One morning's 9.2.5 draw. */
export async function spotCheckSampleWorkflow(input: SpotCheckSampleInput = {}): Promise<SpotCheckDrawResult> {
  const info = workflowInfo();
  const at = (info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime).toISOString();
  setCurrentDetails(`**9.2.5 spot-check sample** for ${input.day ?? `the day of ${at}`}\n\ndrawing…`);
  const r = await drawSpotCheckSample.executeWithOptions({ summary: `9.2.5 draw the sample of ${input.day ?? 'today'}` }, [{ ...(input.day ? { day: input.day } : {}), at }]);
  setCurrentDetails(
    `**9.2.5 spot-check sample** for ${r.day}\n\n` +
      (!r.workingDay
        ? 'a day off: nothing drawn'
        : `${r.items} requests of the closures of ${r.closedDays.join(', ')}, seed ${r.seed}${r.drawnNow ? '' : ' (drawn before this run)'}`),
  );
  return r;
}

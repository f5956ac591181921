import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { describeWorker } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** Proves the worker runs workflows and activities end to end (used by the stack check and tests). */
export async function stackCheckWorkflow(input: { note: string }): Promise<{ note: string; workerPid: number }> {
  const { pid } = await describeWorker({});
  return { note: input.note, workerPid: pid };
}

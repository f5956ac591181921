import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';

const { describeWorker } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** One step of a check that goes through Updates; answers how many steps the run has taken. */
export const stackCheckStep = defineUpdate<number>('stackCheckStep');

/**
 * Proves the worker runs workflows, activities and Updates end to end (used by the stack check, the
 * tests and the benchmark). With `steps`, the run first takes that many `stackCheckStep` Updates:
 * the bare engine's cost of a request's lifecycle (a start and three actions), with none of the
 * request's own work.
 */
export async function stackCheckWorkflow(input: { note: string; steps?: number }): Promise<{ note: string; workerPid: number; steps: number }> {
  let steps = 0;
  setHandler(stackCheckStep, () => ++steps);
  await condition(() => steps >= (input.steps ?? 0));
  const { pid } = await describeWorker({});
  return { note: input.note, workerPid: pid, steps };
}

/** Every workflow the worker runs. Code under workflows/ is deterministic: see eslint.config.js. */
export { stackCheckWorkflow } from './stack-check.ts';
export { requestWorkflow, cardQuery, registrationUpdate, actionUpdate } from './request.ts';
export type { LifecycleState, RequestWorkflowInput } from './request.ts';
export { repairWorkWorkflow, repairWorkCardQuery, repairWorkRegistrationUpdate, repairWorkUpdate } from './repair-work.ts';
export type { RepairWorkState, RepairWorkWorkflowInput } from './repair-work.ts';
export { memoWorkflow, memoCardQuery, memoRegistrationUpdate, memoUpdate } from './memo.ts';
export type { MemoState, MemoWorkflowInput } from './memo.ts';

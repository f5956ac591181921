/**
 * Every workflow the worker runs. Code under workflows/ is deterministic: see eslint.config.js.
 *
 * The worker evaluates a workflow's modules afresh for every run it starts or replays (each run has
 * its own module cache in the shared V8 context), and building the zod schemas of the contracts is
 * most of that cost. So each workflow's module is required only when a run of its type begins, and a
 * request's run never builds the schemas of repair works, consultations or memos
 * (docs/performance.md, "The worker's CPU"). The call is synchronous: the run behaves exactly as if
 * its module had been imported up front.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- loading on first use, see above */
import type * as Consultation from './consultation.ts';
import type * as ConsultationSession from './consultation-session.ts';
import type * as Memo from './memo.ts';
import type * as RepairWork from './repair-work.ts';
import type * as Request from './request.ts';
import type * as StackCheck from './stack-check.ts';

export type { LifecycleState, RequestWorkflowInput } from './request.ts';
export type { RepairWorkState, RepairWorkWorkflowInput } from './repair-work.ts';
export type { MemoState, MemoWorkflowInput } from './memo.ts';
export type { ConsultationState, ConsultationWorkflowInput } from './consultation.ts';

export const stackCheckWorkflow: typeof StackCheck.stackCheckWorkflow = (...args) => (require('./stack-check.ts') as typeof StackCheck).stackCheckWorkflow(...args);
export const requestWorkflow: typeof Request.requestWorkflow = (...args) => (require('./request.ts') as typeof Request).requestWorkflow(...args);
export const repairWorkWorkflow: typeof RepairWork.repairWorkWorkflow = (...args) => (require('./repair-work.ts') as typeof RepairWork).repairWorkWorkflow(...args);
export const memoWorkflow: typeof Memo.memoWorkflow = (...args) => (require('./memo.ts') as typeof Memo).memoWorkflow(...args);
export const consultationWorkflow: typeof Consultation.consultationWorkflow = (...args) => (require('./consultation.ts') as typeof Consultation).consultationWorkflow(...args);
export const consultationSessionWorkflow: typeof ConsultationSession.consultationSessionWorkflow = (...args) =>
  (require('./consultation-session.ts') as typeof ConsultationSession).consultationSessionWorkflow(...args);

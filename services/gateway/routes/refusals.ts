/**
 * 5.7: an operator refuses a caller (no request number is issued) and writes a memo; a manager
 * approves it; ICT blocks the number, after which registrations from it are refused (403
 * phone_blocked). Unblocking is ICT's too, with a reason, and stays in the memo's history. Each memo
 * is a workflow (workflows/memo.ts): these routes start it and send it the steps as Updates, which
 * answer once the `memos` read model holds the step; the lists read that read model.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../../contracts/events.ts';
import { memoCardSchema, memoStaticSummary, memoViewOf, type MemoActionArg, type MemoActionName, type MemoCard, type MemoView, type StartMemo } from '../../../contracts/memos.ts';
import { MEMO_REGISTRATION_UPDATE, MEMO_UPDATES, MEMO_WORKFLOW_TYPE, memoWorkflowId, TASK_QUEUE } from '../../../contracts/wire.ts';
import { MEMO_STATUSES, REFUSAL_REASONS } from '../../../data/memos.repository.ts';
import { REFUSAL_HTTP_STATUS } from '../../../domain/lifecycle.ts';
import { isMemoFinal, memoActionRefusal } from '../../../domain/memos.ts';
import { phoneSchema } from '../../../domain/phone.ts';
import { actorOf } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { HttpError, toHttpError } from '../http-errors.ts';
import { pageQuery, route, type AnyRoute } from './define.ts';

const actorOut = z.object({ id: z.string(), role: z.string(), name: z.string().optional() });
const memoOut = z
  .object({
    id: z.string(),
    phone: z.string(),
    reason: z.enum(REFUSAL_REASONS),
    text: z.string(),
    status: z.enum(MEMO_STATUSES),
    createdBy: actorOut,
    createdAt: z.string(),
    decision: z.object({ approve: z.boolean(), note: z.string(), by: actorOut, at: z.string() }).optional(),
    blocked: z.object({ by: actorOut, at: z.string() }).optional(),
    unblocked: z.object({ by: actorOut, at: z.string(), reason: z.string() }).optional(),
    ictRemindAt: z.string().optional().meta({ description: '5.7: when ICT will be reminded to block the number of the approved memo' }),
    ictEscalateAt: z.string().optional().meta({ description: '5.7: when the managers will be told ICT has not blocked the number' }),
    ictRemindedAt: z.string().optional().meta({ description: 'When ICT was reminded to block the number' }),
    ictEscalatedAt: z.string().optional().meta({ description: 'When the managers were told ICT had not blocked the number for two working days' }),
    history: z.array(z.object({ at: z.string(), actor: actorOut, action: z.string(), note: z.string().optional() })),
  })
  .meta({ id: 'Memo' });
const blockedOut = z
  .object({
    phone: z.string(),
    memoId: z.string(),
    reason: z.enum(REFUSAL_REASONS),
    blockedAt: z.string(),
    blockedBy: actorOut,
    unblocked: z.object({ by: actorOut, at: z.string(), reason: z.string() }).optional(),
  })
  .meta({ id: 'BlockedNumber' });

const memoParam = z.object({ id: z.string().uuid('expected a memo id') });

async function emailOf(deps: ApiDeps, userId: string): Promise<string[]> {
  const u = await deps.users.byId(userId);
  return u?.email ? [u.email] : [];
}

/**
 * Starts the workflow of a memo written before memos had one, from its stored card (`carried`), so
 * that its remaining steps go through the workflow too. Two gateways adopting at once share one run.
 */
async function adopt(deps: ApiDeps, card: MemoCard): Promise<void> {
  const input: StartMemo = {
    id: card.id,
    phone: card.phone,
    reason: card.reason,
    text: card.text,
    createdAt: card.createdAt,
    actor: { id: card.createdBy.id, role: card.createdBy.role as Actor['role'], ...(card.createdBy.name ? { name: card.createdBy.name } : {}) },
    notify: [],
  };
  await deps.temporal.workflow.start(MEMO_WORKFLOW_TYPE, {
    workflowId: memoWorkflowId(card.id),
    taskQueue: TASK_QUEUE,
    args: [{ ...input, carried: { card } }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    staticSummary: memoStaticSummary(input),
  });
  deps.logger.info('memo workflow started for a memo written before memos had one', { memoId: card.id, workflowId: memoWorkflowId(card.id), status: card.status });
}

/** Sends one step to the memo's workflow; refusals come back as 403/409/400 (http-errors.ts), a memo that has ended as 409. */
async function memoStep<A extends MemoActionName>(deps: ApiDeps, id: string, action: A, arg: MemoActionArg<A>): Promise<MemoView> {
  const send = async (): Promise<MemoView> =>
    memoViewOf(memoCardSchema.parse(await deps.temporal.workflow.getHandle(memoWorkflowId(id)).executeUpdate(MEMO_UPDATES[action], { args: [arg] })));
  try {
    return await send();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  // No running workflow: the memo has ended (rejected, unblocked), never existed, or predates the workflow.
  const stored = await deps.memos.card(id);
  if (!stored) throw new HttpError(404, 'not_found', `no memo ${id}`);
  const refusal = memoActionRefusal(stored, action, arg.actor);
  if (refusal) throw new HttpError(REFUSAL_HTTP_STATUS[refusal.kind], refusal.kind, refusal.message, refusal.details);
  if (isMemoFinal(stored.status)) throw new HttpError(409, 'wrong_status', `memo ${id} is ${stored.status}; it takes no more steps`, { status: stored.status });
  await adopt(deps, stored);
  return send();
}

export const refusalRoutes: AnyRoute[] = [
  route({
    id: 'refusals.create',
    method: 'post',
    path: '/refusals',
    tag: 'refusals (5.7)',
    summary: 'Refuse a caller and write a memo',
    description: '5.7: records the refusal with its ground and the memo text; no request number is issued. The managers are told to approve it, and reminded once if a working day passes without their decision. The memo is a workflow `memo-<memoId>`; the answer comes once the memo is recorded.',
    body: z.object({
      phone: phoneSchema,
      reason: z.enum(REFUSAL_REASONS).meta({ description: 'The 5.7 ground: obscene language, insults, degrading workers, incitement to hatred, calls to overthrow the constitutional order' }),
      text: z.string().trim().min(1).max(4000).meta({ description: 'The memo (доповідна записка)' }),
    }),
    responses: { 201: { description: 'The memo, waiting for a manager', schema: z.object({ memoId: z.string(), status: z.enum(MEMO_STATUSES), memo: memoOut }) } },
    handler: async ({ body, user, deps }) => {
      const input: StartMemo = { id: randomUUID(), ...body, createdAt: new Date().toISOString(), actor: actorOf(user), notify: await deps.users.emailsOf('manager') };
      // The answer waits for the read model to hold the memo (read your writes).
      const card = memoCardSchema.parse(
        await deps.temporal.workflow.executeUpdateWithStart(MEMO_REGISTRATION_UPDATE, {
          args: [],
          startWorkflowOperation: new WithStartWorkflowOperation(MEMO_WORKFLOW_TYPE, {
            workflowId: memoWorkflowId(input.id),
            taskQueue: TASK_QUEUE,
            args: [input],
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            staticSummary: memoStaticSummary(input),
          }),
        }),
      );
      deps.logger.info('5.7 refusal recorded', { memoId: card.id, workflowId: memoWorkflowId(card.id), reason: card.reason, by: input.actor.id });
      const memo = memoViewOf(card);
      return { status: 201, body: { memoId: memo.id, status: memo.status, memo } };
    },
  }),
  route({
    id: 'memos.list',
    method: 'get',
    path: '/memos',
    tag: 'refusals (5.7)',
    summary: 'List memos',
    query: z.object({ status: z.enum(MEMO_STATUSES).optional(), phone: phoneSchema.optional(), ...pageQuery }),
    responses: { 200: { description: 'Newest first', schema: z.object({ items: z.array(memoOut), total: z.number(), page: z.number(), pageSize: z.number() }) } },
    handler: async ({ query, deps }) => ({ body: { ...(await deps.memos.list(query)), page: query.page, pageSize: query.pageSize } }),
  }),
  route({
    id: 'memos.get',
    method: 'get',
    path: '/memos/{id}',
    tag: 'refusals (5.7)',
    summary: 'Show a memo',
    params: memoParam,
    responses: { 200: { description: 'The memo with its history', schema: memoOut }, 404: { description: 'No such memo' } },
    handler: async ({ params, deps }) => {
      const memo = await deps.memos.byId(params.id);
      if (!memo) throw new HttpError(404, 'not_found', `no memo ${params.id}`);
      return { body: memo };
    },
  }),
  route({
    id: 'memos.approval',
    method: 'post',
    path: '/memos/{id}/approval',
    tag: 'refusals (5.7)',
    summary: 'Approve or reject a memo',
    description: '5.7: the manager decides; an approved memo goes to ICT to block the number.',
    params: memoParam,
    body: z.object({ approve: z.boolean(), note: z.string().trim().max(2000).default('') }),
    responses: { 200: { description: 'The decided memo', schema: memoOut }, 404: { description: 'No such memo' }, 409: { description: 'Already decided' } },
    handler: async ({ params, body, user, deps }) => {
      const current = await deps.memos.byId(params.id);
      if (!current) throw new HttpError(404, 'not_found', `no memo ${params.id}`);
      const notify = body.approve ? await deps.users.emailsOf('ict') : await emailOf(deps, current.createdBy.id);
      return { body: await memoStep(deps, params.id, 'decide', { actor: actorOf(user), input: body, notify }) };
    },
  }),
  route({
    id: 'memos.block',
    method: 'post',
    path: '/memos/{id}/block',
    tag: 'refusals (5.7)',
    summary: 'Block the number of an approved memo',
    description: '5.7: ICT blocks the number; from now on registrations from it are refused with 403 phone_blocked.',
    params: memoParam,
    body: z.object({}).strict(),
    responses: { 200: { description: 'The memo, status blocked', schema: memoOut }, 404: { description: 'No such memo' }, 409: { description: 'The memo is not approved (or already blocked)' } },
    handler: async ({ params, user, deps }) => {
      const current = await deps.memos.byId(params.id);
      if (!current) throw new HttpError(404, 'not_found', `no memo ${params.id}`);
      return { body: await memoStep(deps, params.id, 'block', { actor: actorOf(user), input: {}, notify: await emailOf(deps, current.createdBy.id) }) };
    },
  }),
  route({
    id: 'blockedNumbers.list',
    method: 'get',
    path: '/blocked-numbers',
    tag: 'refusals (5.7)',
    summary: 'List blocked numbers',
    query: z.object({
      phone: phoneSchema.optional(),
      includeUnblocked: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').meta({ description: 'Also the numbers unblocked since (the audit trail)' }),
    }),
    responses: { 200: { description: 'Blocked numbers, newest first', schema: z.array(blockedOut) } },
    handler: async ({ query, deps }) => ({ body: await deps.memos.blockedNumbers({ includeUnblocked: query.includeUnblocked, ...(query.phone ? { phone: query.phone } : {}) }) }),
  }),
  route({
    id: 'blockedNumbers.delete',
    method: 'delete',
    path: '/blocked-numbers/{phone}',
    tag: 'refusals (5.7)',
    summary: 'Unblock a number',
    description: 'ICT unblocks, giving a reason (in the JSON body or the `reason` query parameter); who, when and why stay in the memo history.',
    params: z.object({ phone: phoneSchema }),
    query: z.object({ reason: z.string().trim().min(1).max(2000).optional() }),
    body: z.object({ reason: z.string().trim().min(1).max(2000).optional() }),
    responses: { 200: { description: 'The memos that blocked it, now unblocked', schema: z.array(memoOut) }, 404: { description: 'The number is not blocked' } },
    handler: async ({ params, query, body, user, deps }) => {
      const reason = body.reason ?? query.reason;
      if (!reason) throw new HttpError(400, 'invalid_input', 'body.reason: say why the number is unblocked', { fields: [{ field: 'body.reason', message: 'required' }] });
      const ids = await deps.memos.blockingMemoIds(params.phone);
      if (ids.length === 0) throw new HttpError(404, 'not_blocked', `${params.phone} is not blocked`, { phone: params.phone });
      const arg = { actor: actorOf(user), input: { reason }, notify: await deps.users.emailsOf('manager') };
      const done: MemoView[] = [];
      // Every memo that blocks the number is unblocked once, whoever of two concurrent callers gets it.
      for (const id of ids) {
        try {
          done.push(await memoStep(deps, id, 'unblock', arg));
        } catch (err) {
          if (toHttpError(err).code !== 'wrong_status') throw err;
        }
      }
      if (done.length === 0) throw new HttpError(404, 'not_blocked', `${params.phone} is not blocked (any more)`, { phone: params.phone });
      return { body: done };
    },
  }),
];

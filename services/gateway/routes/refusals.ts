/**
 * 5.7: an operator refuses a caller (no request number is issued) and writes a memo; a manager
 * approves it; ICT blocks the number, after which registrations from it are refused (403
 * phone_blocked). Unblocking is ICT's too, with a reason, and stays in the memo's history.
 */
import { z } from 'zod';
import { MEMO_STATUSES, REFUSAL_REASONS, type MemoView } from '../../../data/memos.repository.ts';
import { phoneSchema } from '../../../domain/phone.ts';
import { actorOf } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-errors.ts';
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

/** Publishes the memo's events now; a failure is left to the sweeper and never fails the HTTP call. */
async function published(deps: ApiDeps, memo: MemoView): Promise<MemoView> {
  await deps.memoRelay.relay(memo.id);
  return memo;
}

async function emailOf(deps: ApiDeps, userId: string): Promise<string[]> {
  const u = await deps.users.byId(userId);
  return u?.email ? [u.email] : [];
}

export const refusalRoutes: AnyRoute[] = [
  route({
    id: 'refusals.create',
    method: 'post',
    path: '/refusals',
    tag: 'refusals (5.7)',
    summary: 'Refuse a caller and write a memo',
    description: '5.7: records the refusal with its ground and the memo text; no request number is issued. The managers are told to approve it.',
    body: z.object({
      phone: phoneSchema,
      reason: z.enum(REFUSAL_REASONS).meta({ description: 'The 5.7 ground: obscene language, insults, degrading workers, incitement to hatred, calls to overthrow the constitutional order' }),
      text: z.string().trim().min(1).max(4000).meta({ description: 'The memo (доповідна записка)' }),
    }),
    responses: { 201: { description: 'The memo, waiting for a manager', schema: z.object({ memoId: z.string(), status: z.enum(MEMO_STATUSES), memo: memoOut }) } },
    handler: async ({ body, user, deps }) => {
      const memo = await published(deps, await deps.memos.create(body, actorOf(user), await deps.users.emailsOf('manager')));
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
    responses: { 200: { description: 'The decided memo', schema: memoOut }, 409: { description: 'Already decided' } },
    handler: async ({ params, body, user, deps }) => {
      const current = await deps.memos.byId(params.id);
      if (!current) throw new HttpError(404, 'not_found', `no memo ${params.id}`);
      const notify = body.approve ? await deps.users.emailsOf('ict') : await emailOf(deps, current.createdBy.id);
      return { body: await published(deps, await deps.memos.decide(params.id, body, actorOf(user), notify)) };
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
    responses: { 200: { description: 'The memo, status blocked', schema: memoOut }, 409: { description: 'The memo is not approved (or already blocked)' } },
    handler: async ({ params, user, deps }) => {
      const current = await deps.memos.byId(params.id);
      if (!current) throw new HttpError(404, 'not_found', `no memo ${params.id}`);
      return { body: await published(deps, await deps.memos.block(params.id, actorOf(user), await emailOf(deps, current.createdBy.id))) };
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
      const memos = await deps.memos.unblock(params.phone, reason, actorOf(user), await deps.users.emailsOf('manager'));
      for (const m of memos) await deps.memoRelay.relay(m.id);
      return { body: memos };
    },
  }),
];

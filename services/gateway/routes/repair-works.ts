/**
 * Repair works (8.1.6, 8.1.7) and the public feed with the news (2.8, 9.1.3.2). Everything but the
 * bulk closure proposal goes to the repair-works service over NATS; the bulk proposal carries the
 * 7.5 fields once and sends each linked request its own `proposeClosure` Update, so each request
 * refuses (or accepts) by its own rules.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import {
  newNewsSchema,
  newRepairWorkSchema,
  newsItemSchema,
  newsPageSchema,
  publicRepairWorkSchema,
  publicWorkPageSchema,
  registeredWorkSchema,
  repairWorkActionInputs,
  repairWorkKindSchema,
  repairWorkStatusSchema,
  repairWorkViewSchema,
  workPageSchema,
  linkedRequestSchema,
  REPAIR_WORK_KIND_LABELS_UK,
  type PublicRepairWork,
} from '../../../contracts/repair-works.ts';
import { closureProposalSchema, requestCardSchema, UPDATE_NAMES, type ActionArg } from '../../../contracts/request.ts';
import { requestWorkflowId } from '../../../contracts/wire.ts';
import { actorOf } from '../auth.ts';
import { fieldDetails, HttpError, toHttpError } from '../http-errors.ts';
import { pageQuery, publicRoute, route, type AnyRoute } from './define.ts';
import { atomFeed } from './atom.ts';

const workOut = repairWorkViewSchema.meta({ id: 'RepairWork', description: 'The repair-work card with its full history (8.1.7) and how many requests are linked to it.' });
const publicWorkOut = publicRepairWorkSchema.meta({ id: 'PublicRepairWork', description: 'A repair work as the public feed shows it (2.8).' });
const idParam = z.object({ id: z.string().trim().min(1).max(64).meta({ description: 'Repair work id, e.g. RW-20261129-7K3Q9Z' }) });
const instant = z.string().datetime({ offset: true });
const bool = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true'));

const createBody = newRepairWorkSchema
  .extend({ executorId: newRepairWorkSchema.shape.executorId.optional().meta({ description: "The executor organisation; an executor's staff may leave it out (their own)" }) })
  .meta({ id: 'NewRepairWork' });

const feedFilter = {
  district: z.string().trim().max(64).optional(),
  street: z.string().trim().max(200).optional(),
  building: z.string().trim().max(20).optional(),
  kind: repairWorkKindSchema.optional(),
  activeAt: instant.optional().meta({ description: 'Only works going on at this instant (started, not yet closed)' }),
};

const bulkResult = z.object({
  number: z.string(),
  ok: z.boolean(),
  status: z.string().optional(),
  error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }).optional(),
});
const bulkOut = z.object({ repairWorkId: z.string(), proposed: z.number().int(), refused: z.number().int(), results: z.array(bulkResult) }).meta({ id: 'BulkClosureProposal' });

export const repairWorkRoutes: AnyRoute[] = [
  route({
    id: 'repairWorks.create',
    method: 'post',
    path: '/repair-works',
    tag: 'repair works',
    summary: 'Register a repair work',
    description:
      '8.1.6: a planned work at least 24 hours before it starts (8.1.6.1, else 422 rule_violation naming the rule), an emergency at once, its start possibly in the past (8.1.6.2). ' +
      "An executor registers works only for its own organisation; an operator on an executor's behalf (`reportedBy` names the executor's person; both names are recorded). " +
      'With an Idempotency-Key header a retry — even several at once — returns the same work (the same key with another body: 422 idempotency_key_reused). ' +
      'The work names the addresses it affects and the Classifier categories it explains: calls about them there are linked to it. ' +
      "An executor names only its own categories (the Classifier's executor of each); an operator may name any.",
    headers: z.object({ 'idempotency-key': z.string().trim().min(1).max(200).optional() }),
    body: createBody,
    responses: {
      201: { description: 'Registered: the card, planned or already in progress (a replay of the same Idempotency-Key: the same work, header Idempotent-Replayed: true)', schema: workOut },
      403: { description: "Another executor's organisation" },
      422: { description: "8.1.6.1 / 8.1.6.2, unknown executor, district or category; an executor naming another executor's categories (foreign_category, field body.categoryCodes, the foreign codes in the message)" },
      503: { description: 'The repair-works service is unavailable' },
    },
    handler: async ({ body, headers, user, deps }) => {
      const executorId = body.executorId ?? (user.role === 'executor' ? user.executorId : undefined);
      if (!executorId) throw new HttpError(400, 'invalid_input', 'body.executorId: name the executor the work is registered for', fieldDetails('body.executorId', 'required for an operator'));
      const key = headers['idempotency-key'];
      const { work, replayed } = await deps.repairWorks.call(
        { op: 'register', actor: actorOf(user), work: { ...body, executorId }, ...(key ? { idempotencyKey: key } : {}) },
        registeredWorkSchema,
      );
      return { status: 201, body: work, ...(replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}) };
    },
  }),
  route({
    id: 'repairWorks.list',
    method: 'get',
    path: '/repair-works',
    tag: 'repair works',
    summary: 'List repair works',
    description: '8.1.6: every registered work, newest registration first; filters combine.',
    query: z.object({ ...feedFilter, status: repairWorkStatusSchema.optional(), executorId: z.string().max(64).optional(), overdue: bool, ...pageQuery }),
    responses: { 200: { description: 'A page of repair-work cards', schema: workPageSchema } },
    handler: async ({ query, deps }) => {
      const { page, pageSize, ...filter } = query;
      return { body: await deps.repairWorks.call({ op: 'list', filter: { ...filter, openOnly: false }, page, pageSize }, workPageSchema) };
    },
  }),
  route({
    id: 'repairWorks.active',
    method: 'get',
    path: '/repair-works/active',
    tag: 'repair works',
    summary: 'Find the outages known at an address',
    description:
      'During a call: the works going on now at the address (no building: the whole street), emergencies first, with when each is expected to end; ' +
      'with `category`, only works that explain it (or name no category).',
    query: z.object({
      district: z.string().trim().min(1).max(64),
      street: z.string().trim().min(1).max(200),
      building: z.string().trim().min(1).max(20).optional(),
      category: z.string().trim().min(1).max(32).optional().meta({ description: 'Classifier category code of the call' }),
      at: instant.optional().meta({ description: 'An instant other than now' }),
    }),
    responses: { 200: { description: 'Whether an outage is known, and the works', schema: z.object({ known: z.boolean(), at: instant, works: z.array(publicWorkOut) }).meta({ id: 'ActiveRepairWorks' }) } },
    handler: async ({ query, deps }) => ({
      body: await deps.repairWorks.call(
        {
          op: 'active',
          district: query.district,
          street: query.street,
          ...(query.building ? { building: query.building } : {}),
          ...(query.category ? { categoryCode: query.category } : {}),
          ...(query.at ? { at: query.at } : {}),
        },
        z.object({ known: z.boolean(), at: instant, works: z.array(publicRepairWorkSchema) }),
      ),
    }),
  }),
  route({
    id: 'repairWorks.get',
    method: 'get',
    path: '/repair-works/{id}',
    tag: 'repair works',
    summary: 'Show a repair-work card',
    params: idParam,
    responses: { 200: { description: 'The card with its history and the number of linked requests', schema: workOut }, 404: { description: 'No such work' } },
    handler: async ({ params, deps }) => ({ body: await deps.repairWorks.call({ op: 'get', id: params.id }, workOut) }),
  }),
  route({
    id: 'repairWorks.linked',
    method: 'get',
    path: '/repair-works/{id}/requests',
    tag: 'repair works',
    summary: 'List the requests linked to a repair work',
    params: idParam,
    responses: { 200: { description: 'The linked requests with their status and executor', schema: z.object({ items: z.array(linkedRequestSchema) }) }, 404: { description: 'No such work' } },
    handler: async ({ params, deps }) => ({ body: await deps.repairWorks.call({ op: 'linked', id: params.id }, z.object({ items: z.array(linkedRequestSchema) })) }),
  }),
  route({
    id: 'repairWorks.close',
    method: 'post',
    path: '/repair-works/{id}/close',
    tag: 'repair works',
    summary: 'Close a repair work',
    description: '8.1.6: when the work ends, with the actual end and a note. The executors of the open requests linked to it are told, with the list.',
    params: idParam,
    body: repairWorkActionInputs.close,
    responses: { 200: { description: 'The closed card', schema: workOut }, 404: { description: 'No such work' }, 409: { description: 'Already closed' }, 422: { description: 'An actual end in the future or before the start' } },
    handler: async ({ params, body, user, deps }) => ({ body: await deps.repairWorks.call({ op: 'act', id: params.id, action: 'close', actor: actorOf(user), input: body }, workOut) }),
  }),
  route({
    id: 'repairWorks.extend',
    method: 'post',
    path: '/repair-works/{id}/extension',
    tag: 'repair works',
    summary: 'Extend the expected end of a repair work',
    description: '8.1.7: an audited transition with the reason; an overdue card is no longer overdue and its reminders stop.',
    params: idParam,
    body: repairWorkActionInputs.extend,
    responses: { 200: { description: 'The card', schema: workOut }, 404: { description: 'No such work' }, 409: { description: 'Closed' }, 422: { description: 'The new end is not in the future' } },
    handler: async ({ params, body, user, deps }) => ({ body: await deps.repairWorks.call({ op: 'act', id: params.id, action: 'extend', actor: actorOf(user), input: body }, workOut) }),
  }),
  route({
    id: 'repairWorks.addresses',
    method: 'post',
    path: '/repair-works/{id}/addresses',
    tag: 'repair works',
    summary: 'Change the addresses a repair work affects',
    description: '8.1.7: an audited transition with the reason (the history keeps what they were).',
    params: idParam,
    body: repairWorkActionInputs.changeAddresses,
    responses: { 200: { description: 'The card', schema: workOut }, 404: { description: 'No such work' }, 409: { description: 'Closed' } },
    handler: async ({ params, body, user, deps }) => ({
      body: await deps.repairWorks.call({ op: 'act', id: params.id, action: 'changeAddresses', actor: actorOf(user), input: body }, workOut),
    }),
  }),
  route({
    id: 'repairWorks.closureProposals',
    method: 'post',
    path: '/repair-works/{id}/closure-proposals',
    tag: 'repair works',
    summary: 'Propose closure of the requests linked to a closed repair work',
    description:
      '7.5, 8.3 in one call: the result fields are given once and each open linked request of your organisation gets its own proposeClosure Update; ' +
      'each answers for itself (`results[].ok`, or its refusal), so one refusal leaves the others proposed. `numbers` picks some of them (a number not linked to the work is answered `not_linked`).',
    params: idParam,
    body: closureProposalSchema.extend({ numbers: z.array(z.string().min(1).max(64)).max(500).optional() }).meta({ id: 'BulkClosureProposalInput' }),
    bodyRule: { status: 422, code: 'rule_violation', clause: '7.5' },
    responses: { 200: { description: 'What each request answered', schema: bulkOut }, 404: { description: 'No such work' }, 409: { description: 'The work is not closed yet' } },
    handler: async ({ params, body, user, deps }) => {
      const work = await deps.repairWorks.call({ op: 'get', id: params.id }, workOut);
      if (work.status !== 'closed') throw new HttpError(409, 'wrong_status', `repair work ${work.id} is not closed yet; close it first (POST /repair-works/${work.id}/close)`, { status: work.status });
      const { numbers, ...proposal } = body;
      const linked = await deps.repairWorks.call({ op: 'linked', id: params.id }, z.object({ items: z.array(linkedRequestSchema) }));
      // By default the open ones; a request named in `numbers` is sent even when finished (it refuses for itself).
      const open = (r: { status: string }): boolean => r.status !== 'closed' && r.status !== 'rating_disputed';
      const wanted = numbers ? new Set(numbers) : undefined;
      const targets = linked.items.filter((r) => r.executorId === user.executorId && (wanted ? wanted.has(r.number) : open(r)));
      const notLinked = [...(wanted ?? [])]
        .filter((n) => !targets.some((r) => r.number === n))
        .map((n): z.infer<typeof bulkResult> => ({ number: n, ok: false, error: { status: 422, code: 'not_linked', message: `request ${n} is not one of your organisation's requests linked to repair work ${work.id}` } }));
      const sent = await Promise.all(
        targets.map(async (r): Promise<z.infer<typeof bulkResult>> => {
          const arg: ActionArg<'proposeClosure'> = { actor: actorOf(user), input: proposal };
          try {
            const card = requestCardSchema.parse(await deps.temporal.workflow.getHandle(requestWorkflowId(r.number)).executeUpdate(UPDATE_NAMES.proposeClosure, { args: [arg] }));
            return { number: r.number, ok: true, status: card.status };
          } catch (err) {
            const e = err instanceof WorkflowNotFoundError ? new HttpError(409, 'request_completed', `request ${r.number} has completed its lifecycle`) : toHttpError(err);
            return { number: r.number, ok: false, error: { status: e.status, code: e.code, message: e.message } };
          }
        }),
      );
      const results = [...sent, ...notLinked];
      const proposed = results.filter((r) => r.ok).length;
      return { body: { repairWorkId: work.id, proposed, refused: results.length - proposed, results } };
    },
  }),

  // ─── Public: the feed and the news (2.8) ─────────────────────────────────────────────────────
  publicRoute({
    id: 'public.repairWorks',
    method: 'get',
    path: '/public/repair-works',
    tag: 'public',
    summary: 'Current and upcoming repair works',
    description: '2.8, no sign-in: works not yet closed, soonest start first; filters combine.',
    query: z.object(feedFilter).extend(pageQuery),
    responses: { 200: { description: 'A page of works', schema: publicWorkPageSchema } },
    handler: async ({ query, deps }) => {
      const { page, pageSize, ...filter } = query;
      const result = await deps.repairWorks.call({ op: 'list', filter: { ...filter, openOnly: true }, page, pageSize }, workPageSchema);
      return { body: { ...result, items: result.items.map((w) => publicRepairWorkSchema.parse(w)) } };
    },
  }),
  publicRoute({
    id: 'public.news',
    method: 'get',
    path: '/public/news',
    tag: 'public',
    summary: 'News of the city',
    description: '2.8, 9.1.3.2, no sign-in: the items whose publishing window is open, newest first.',
    query: z.object(pageQuery),
    responses: { 200: { description: 'A page of news items', schema: newsPageSchema } },
    handler: async ({ query, deps }) => {
      const result = await deps.repairWorks.call({ op: 'listNews', page: query.page, pageSize: query.pageSize }, newsPageSchema);
      return { body: result };
    },
  }),
  publicRoute({
    id: 'public.feed',
    method: 'get',
    path: '/public/feed.atom',
    tag: 'public',
    summary: 'Atom feed of repair works and news',
    description: '2.8, no sign-in: the current and upcoming works and the published news as an Atom 1.0 feed, for residents and local media to subscribe to.',
    query: z.object({ district: feedFilter.district }),
    responses: { 200: { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: { type: 'string' } } } } },
    handler: async ({ query, deps, res }) => {
      const [works, news] = await Promise.all([
        deps.repairWorks.call({ op: 'list', filter: { ...(query.district ? { district: query.district } : {}), openOnly: true }, page: 1, pageSize: 100 }, workPageSchema),
        deps.repairWorks.call({ op: 'listNews', page: 1, pageSize: 50 }, newsPageSchema),
      ]);
      // The configured address, never the Host header: a client could make the feed link anywhere.
      const base = `${deps.publicUrl ?? 'http://localhost'}/api/v1`;
      const xml = atomFeed({
        id: `${base}/public/feed.atom${query.district ? `?district=${encodeURIComponent(query.district)}` : ''}`,
        title: 'Контакт-центр: ремонтні роботи та новини',
        self: `${base}/public/feed.atom`,
        entries: [
          ...works.items.map((w) => workEntry(publicRepairWorkSchema.parse(w), base)),
          ...news.items.map((n) => ({ id: `urn:contact-center:news:${n.id}`, title: n.title, updated: n.publishFrom, published: n.publishFrom, content: n.body, link: `${base}/public/news`, category: 'news' })),
        ],
      });
      res.status(200).type('application/atom+xml; charset=utf-8').send(xml);
      return undefined;
    },
  }),
  route({
    id: 'news.create',
    method: 'post',
    path: '/news',
    tag: 'public',
    summary: 'Post a news item',
    description: '2.8, 9.1.3.2: an important city event, shown in the public news during its publishing window (from now when `publishFrom` is not given). The author is recorded.',
    body: newNewsSchema.meta({ id: 'NewNews' }),
    responses: { 201: { description: 'Posted', schema: newsItemSchema.meta({ id: 'NewsItem' }) } },
    handler: async ({ body, user, deps }) => ({ status: 201, body: await deps.repairWorks.call({ op: 'postNews', actor: actorOf(user), news: body }, newsItemSchema) }),
  }),
];

function workEntry(w: PublicRepairWork, base: string) {
  const where = `${w.district}, ${w.street}${w.buildings.length ? ` ${w.buildings.join(', ')}` : ''}`;
  return {
    id: `urn:contact-center:repair-work:${w.id}`,
    title: `${REPAIR_WORK_KIND_LABELS_UK[w.kind]}: ${where}`,
    updated: w.startsAt,
    published: w.startsAt,
    content: `${w.title}. ${w.description}\nВиконавець: ${w.executor.name}. Початок: ${w.startsAt}. Очікуване завершення: ${w.expectedEndAt}.`,
    link: `${base}/public/repair-works?district=${encodeURIComponent(w.district)}&street=${encodeURIComponent(w.street)}`,
    category: w.kind,
  };
}

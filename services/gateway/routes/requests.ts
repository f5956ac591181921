/**
 * Requests (5.12, 8.1.4 and every action of DESIGN §4): registration goes to the intake service
 * over NATS; lists and cards read the `requests` read model; actions become Temporal Updates on the
 * request's workflow, whose refusals come back as 403/409/422 through the one error mapper.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { registeredSchema, type Registration } from '../../../contracts/intake.ts';
import {
  actionInputs,
  addressSchema,
  requestCardOutSchema,
  requestCardSchema,
  STATUSES,
  UPDATE_NAMES,
  type ActionArg,
  type ActionName,
  type ExecutorRef,
  type RequestCard,
  type RequestCardOut,
  type RequestStatus,
} from '../../../contracts/request.ts';
import type { User } from '../../../contracts/users.ts';
import { requestWorkflowId } from '../../../contracts/wire.ts';
import { REQUEST_SORTS } from '../../../data/request-queries.ts';
import { ARCHIVE_DEFAULT_DAYS, ARCHIVE_MAX_DAYS, archivePeriod, listSource, type RequestListFilter } from '../../../data/requests.repository.ts';
import { checkBounds } from '../../../domain/bounds.ts';
import { DEFAULT_CALENDAR } from '../../../domain/calendar.ts';
import { isApplicantOf, isCoExecutor } from '../../../domain/lifecycle.ts';
import { requestNumberSchema } from '../../../domain/numbering.ts';
import { phoneSchema } from '../../../domain/phone.ts';
import { analystView, applicantView } from '../../../domain/privacy.ts';
import { actorOf } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { fieldDetails, HttpError } from '../http-errors.ts';
import type { RouteId } from '../rbac.ts';
import { pageQuery, route, type AnyRoute } from './define.ts';

const cardOut = requestCardOutSchema.meta({ id: 'RequestCard', description: 'The request card (DESIGN §6) with its comments and full history.' });
const numberParam = z.object({ number: requestNumberSchema.meta({ description: 'Request number, e.g. KR-2026-000123', example: 'KR-2026-000123' }) });

/** 8.1.4: executors see their executor's requests, applicants their own; the rest of the staff all. */
export function canSee(user: User, card: RequestCard): boolean {
  // 8.2.1: a co-executor sees the request it was brought in for.
  if (user.role === 'executor') return card.executorId === user.executorId || isCoExecutor(card, user.executorId);
  if (user.role === 'applicant') return isApplicantOf(card, actorOf(user));
  return true;
}

/** What an applicant is shown: only what is public (8.1.3); an analyst: no personal data (domain/privacy.ts). */
export function viewFor(user: User, card: RequestCard, deps: Pick<ApiDeps, 'pseudonyms'>): RequestCardOut {
  if (user.role === 'applicant') return applicantView(card, user.id);
  if (user.role === 'analyst') return analystView(card, deps.pseudonyms);
  return card;
}

async function visibleCard(deps: ApiDeps, user: User, number: string): Promise<RequestCard> {
  const card = await deps.requests.get(number);
  if (!card) throw new HttpError(404, 'not_found', `no request ${number}`);
  if (!canSee(user, card)) {
    throw new HttpError(403, 'not_yours', user.role === 'executor' ? `request ${number} is assigned to another executor` : `request ${number} was filed by someone else`);
  }
  return card;
}

/** The files an action or a registration refers to exist and were uploaded by whoever refers to them. */
async function requireAttachments(deps: ApiDeps, ids: readonly string[] | undefined, user: User): Promise<void> {
  if (!ids || ids.length === 0) return;
  const missing = await deps.attachments.missing(ids);
  if (missing.length > 0) throw new HttpError(422, 'unknown_attachment', `no attachment ${missing.join(', ')}; upload files with POST /attachments first`, { attachmentIds: missing });
  const infos = await Promise.all(ids.map((id) => deps.attachments.info(id)));
  const foreign = ids.filter((_id, i) => infos[i]?.uploadedBy.id !== user.id);
  if (foreign.length > 0) throw new HttpError(403, 'not_yours', `attachments ${foreign.join(', ')} were uploaded by someone else; attach your own files`, { attachmentIds: foreign });
}

/** A date (`YYYY-MM-DD`, a whole local day in Kyiv) or an instant with offset. */
const dateOrInstant = (end: boolean) =>
  z.union([z.string().datetime({ offset: true }), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).transform((s, ctx) => {
    if (s.length > 10) return new Date(s).toISOString();
    const day = DateTime.fromISO(s, { zone: DEFAULT_CALENDAR.timeZone });
    if (!day.isValid) {
      ctx.addIssue({ code: 'custom', message: 'no such date' });
      return z.NEVER;
    }
    return (end ? day.plus({ days: 1 }) : day).toUTC().toISO() ?? s;
  });

const submitSchema = z
  .object({
    channel: z.enum(['phone', 'web']).optional().meta({ description: 'phone for operators (the default for them), web for applicants' }),
    applicant: z
      .object({ name: z.string().trim().min(1).max(200), phone: phoneSchema, email: z.string().trim().email().optional() })
      .optional()
      .meta({ description: "Required for a phone call; an applicant's web request uses the cabinet's phone (name and email may be given)" }),
    address: addressSchema,
    categoryCode: z.string().trim().min(1).max(32),
    description: z.string().trim().min(1).max(4000),
    attachmentIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  })
  .meta({ id: 'NewRequest' });

const registeredOut = registeredSchema.meta({ id: 'Registered' });

const idempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Any string up to 200 characters, new for each intended call; a retry sends the same one' }),
});

const listQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      const list = s.split(',').map((x) => x.trim());
      const bad = list.filter((x) => !(STATUSES as readonly string[]).includes(x));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `unknown status ${bad.join(', ')}; one or more of ${STATUSES.join(', ')}` });
        return z.NEVER;
      }
      return list as RequestStatus[];
    })
    .meta({ description: `One status or several, comma-separated: ${STATUSES.join(', ')}` }),
  executorId: z.string().max(64).optional(),
  district: z.string().max(64).optional(),
  category: z.string().max(32).optional().meta({ description: 'Classifier category code' }),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  from: dateOrInstant(false)
    .optional()
    .meta({
      description: `Registered at or after (a date in Kyiv time, or an instant). A list that may include closed requests covers a period: by default the ${ARCHIVE_DEFAULT_DAYS} days before \`to\`, at most ${ARCHIVE_MAX_DAYS} days (a full request number in \`q\` finds it whatever the period). The queues (open statuses only) and an applicant's own list are not limited.`,
    }),
  to: dateOrInstant(true).optional().meta({ description: 'Registered up to (a date counts whole) or before an instant' }),
  q: z.string().trim().max(100).optional().meta({ description: 'Text in the number, description, street, applicant name or phone' }),
  sort: z.enum(REQUEST_SORTS).default('deadlineAt'),
  ...pageQuery,
});

const pageOut = z.object({ items: z.array(cardOut), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

const registrationRoutes: AnyRoute[] = [
  route({
    id: 'requests.create',
    method: 'post',
    path: '/requests',
    tag: 'requests',
    summary: 'Register a request',
    description:
      '5.12: numbers the request, routes it by the Classifier, starts its workflow. Operators register phone calls (channel phone, applicant required); ' +
      "applicants submit from their cabinet (channel web). With an Idempotency-Key header a retry — even many concurrent ones — returns the same request (header Idempotent-Replayed: true), and a refused one the same refusal; without one the gateway makes a key and returns it in the Idempotency-Key response header, to retry with. Keys are remembered for IDEMPOTENCY_TTL_HOURS (24 h) at least. A blocked number (5.7) is refused with 403 phone_blocked.",
    headers: idempotencyHeader,
    body: submitSchema,
    responses: {
      201: { description: 'Registered', schema: registeredOut },
      403: { description: 'phone_blocked: the number is blocked under 5.7; phone_unconfirmed: an applicant whose phone is not confirmed by SMS code' },
      422: { description: 'Unknown or inactive category, unknown attachment, wrong channel' },
      429: { description: "rate_limited: the applicant's requests of the day (REQUESTS_PER_APPLICANT_PER_DAY); see Retry-After" },
      503: { description: 'Intake, MongoDB, NATS or Temporal out of reach, or the reference data not loaded yet (Retry-After): retry with the same Idempotency-Key' },
    },
    handler: async ({ body, headers, user, deps, req }) => {
      let registration: Registration;
      if (user.role === 'operator') {
        if (body.channel && body.channel !== 'phone') throw new HttpError(422, 'wrong_channel', 'operators register phone calls (channel phone)', fieldDetails('body.channel', 'must be phone for an operator'));
        if (!body.applicant) throw new HttpError(400, 'invalid_input', 'body.applicant: the caller’s name and phone are required', { fields: [{ field: 'body.applicant', message: 'required for a phone call' }] });
        registration = { channel: 'phone', applicant: body.applicant, address: body.address, categoryCode: body.categoryCode, description: body.description, attachmentIds: body.attachmentIds ?? [] };
      } else {
        if (body.channel && body.channel !== 'web') throw new HttpError(422, 'wrong_channel', 'applicants submit through the web cabinet (channel web)', fieldDetails('body.channel', 'must be web for an applicant'));
        if (!user.phone) throw new HttpError(422, 'phone_required', 'your cabinet has no phone number; ask the Contact Center to add it', fieldDetails('user.phone', 'the cabinet has no phone number'));
        // 5.7: a web request carries a phone confirmed by SMS code, so a blocked number cannot be sidestepped by typing another.
        if (!user.phoneVerifiedAt) throw new HttpError(403, 'phone_unconfirmed', 'confirm your phone with the SMS code first (POST /auth/phone-verification)', fieldDetails('user.phoneVerifiedAt', 'the phone is not confirmed'));
        await deps.rateLimits.consume('requests.account', user.id);
        const email = body.applicant?.email ?? user.email;
        registration = {
          channel: 'web',
          applicant: { name: body.applicant?.name ?? user.name, phone: user.phone, ...(email ? { email } : {}), userId: user.id },
          address: body.address,
          categoryCode: body.categoryCode,
          description: body.description,
          attachmentIds: body.attachmentIds ?? [],
        };
      }
      await requireAttachments(deps, registration.attachmentIds, user);
      // Without a key from the client the gateway makes one and returns it: a retry with it after a 503 cannot register twice.
      const idempotencyKey = headers['idempotency-key'] ?? randomUUID();
      req.res?.set('Idempotency-Key', idempotencyKey);
      const reply = await deps.intake.register({
        actor: actorOf(user),
        idempotencyKey,
        registration,
        // The id the gateway parsed (or made) and echoes back, not the raw header, so logs line up.
        correlationId: req.res?.locals.correlationId as string | undefined,
      });
      if (!reply.ok) throw new HttpError(reply.error.status, reply.error.code, reply.error.message, reply.error.details);
      await deps.attachments.claim(registration.attachmentIds ?? []);
      const replayed: Record<string, string> = reply.replayed ? { 'Idempotent-Replayed': 'true' } : {};
      return { status: 201, body: reply.request, headers: replayed };
    },
  }),
  route({
    id: 'requests.list',
    method: 'get',
    path: '/requests',
    tag: 'requests',
    summary: 'List requests',
    description: '8.1.4: filters combine; ordered by deadline (soonest first) unless `sort` says otherwise. Executors get only their executor’s requests, applicants only their own.',
    query: listQuery,
    responses: { 200: { description: 'A page of request cards', schema: pageOut } },
    handler: async ({ query, user, deps }) => {
      if (user.role === 'executor' && query.executorId && query.executorId !== user.executorId) {
        throw new HttpError(403, 'not_yours', 'an executor sees only its own requests', { executorId: user.executorId });
      }
      let categoryCode = query.category;
      if (categoryCode) categoryCode = (await deps.classifier.get(categoryCode))?.code ?? categoryCode;
      const filter: RequestListFilter = {
        ...(query.status ? { status: query.status } : {}),
        ...(user.role === 'executor' ? { executorId: user.executorId } : query.executorId ? { executorId: query.executorId } : {}),
        ...(user.role === 'applicant' ? { applicantUserId: user.id, ...(user.phoneVerifiedAt && user.phone ? { applicantPhone: user.phone } : {}) } : {}),
        ...(query.district ? { district: query.district } : {}),
        ...(categoryCode ? { categoryCode } : {}),
        ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
        ...(query.from ? { from: query.from } : {}),
        ...(query.to ? { to: query.to } : {}),
        ...(query.q ? { q: query.q, ...(user.role === 'analyst' ? { qWithoutPeople: true } : {}) } : {}),
      };
      if (listSource(filter) === 'archive') {
        try {
          archivePeriod(filter);
        } catch (err) {
          if (!(err instanceof RangeError)) throw err;
          throw new HttpError(400, 'invalid_input', `query.from: ${err.message}; ask a shorter period, or the reports for longer ones`, fieldDetails('query.from', err.message));
        }
      }
      const page = await deps.requests.list(filter, { sort: query.sort, page: query.page, pageSize: query.pageSize });
      return { body: { ...page, items: page.items.map((c) => viewFor(user, c, deps)) } };
    },
  }),
  route({
    id: 'requests.get',
    method: 'get',
    path: '/requests/{number}',
    tag: 'requests',
    summary: 'Show a request card',
    params: numberParam,
    responses: { 200: { description: 'The card with comments and full history', schema: cardOut }, 403: { description: 'Not yours' }, 404: { description: 'No such request' } },
    handler: async ({ params, user, deps }) => ({ body: viewFor(user, await visibleCard(deps, user, params.number), deps) }),
  }),
];

interface ActionRoute {
  id: RouteId;
  path: string;
  action: ActionName;
  summary: string;
  clause: string;
  /** The Regulation's rule for this action, as the OpenAPI text tells it. */
  rule?: string;
}

const CLOCK_STOPS = "8.2.x: the executor's clock stops while the Contact Center decides (card.clockStoppedAt); a refusal moves the deadline by the time the decision took (card.clockStoppedMs sums it).";

/** Every action of DESIGN §4: its path under /requests/{number} and its Update. */
const ACTIONS: ActionRoute[] = [
  { id: 'requests.accept', path: 'acceptance', action: 'accept', summary: 'Take the request into work', clause: '8.1.2' },
  { id: 'requests.comment', path: 'comments', action: 'comment', summary: 'Comment on the request', clause: '8.1.3, 9.2.3' },
  { id: 'requests.executorChange', path: 'executor-change', action: 'requestExecutorChange', summary: 'Ask to change the executor', clause: '8.2.1', rule: CLOCK_STOPS },
  { id: 'requests.executorChangeDecision', path: 'executor-change/decision', action: 'decideExecutorChange', summary: 'Decide a change of executor', clause: '8.2.1' },
  { id: 'requests.additionalControl', path: 'additional-control', action: 'requestAdditionalControl', summary: 'Ask for additional control', clause: '8.2.2', rule: `responsiblePerson is required exactly when the card's extensionNeedsManager is true: an extension asked after a missed additional-control term, which then also needs the manager's sign-off. ${CLOCK_STOPS}` },
  { id: 'requests.additionalControlDecision', path: 'additional-control/decision', action: 'decideAdditionalControl', summary: 'Decide additional control', clause: '8.2.2' },
  { id: 'requests.managerApproval', path: 'additional-control/manager-approval', action: 'managerApproval', summary: 'Sign off an extension after a missed additional-control term', clause: '8.2.2', rule: "Needed when the extension was asked with the card's extensionNeedsManager true (pending.managerRequired)." },
  { id: 'requests.strategicPlan', path: 'strategic-plan', action: 'requestStrategicPlan', summary: 'Ask to include the request in the СЕР plans', clause: '8.2.3', rule: CLOCK_STOPS },
  { id: 'requests.strategicPlanDecision', path: 'strategic-plan/decision', action: 'decideStrategicPlan', summary: 'Decide inclusion in the СЕР plans', clause: '8.2.3' },
  { id: 'requests.closureProposal', path: 'closure-proposal', action: 'proposeClosure', summary: 'Propose closure with the result', clause: '7.5, 8.3', rule: '7.5: date is «дата складення інформації», not before the registration date.' },
  { id: 'requests.review', path: 'review', action: 'review', summary: 'Review a closure proposal', clause: '9.2.4', rule: "9.2.3: approving a request its applicant did not confirm is refused (422): it goes back for rework." },
  { id: 'requests.spotCheck', path: 'spot-check', action: 'spotCheck', summary: 'Record a spot check with the applicant', clause: '9.2.5' },
  { id: 'requests.rating', path: 'rating', action: 'rate', summary: 'Rate the execution', clause: '10.1' },
  { id: 'requests.ratingVerification', path: 'rating/verification', action: 'verifyRating', summary: 'Verify a negative rating', clause: '10.2' },
  { id: 'requests.inspection', path: 'inspection', action: 'scheduleInspection', summary: 'Schedule a commission inspection', clause: '9.2.3' },
  { id: 'requests.inspectionOutcome', path: 'inspection/outcome', action: 'recordInspectionOutcome', summary: 'Record what a held inspection found', clause: '9.2.3' },
  {
    id: 'requests.coExecutors',
    path: 'co-executors',
    action: 'involveCoExecutor',
    summary: 'Bring in another executor for a part of the work',
    clause: '8.2.1',
    rule: "«залучення інших виконавців»: the co-executor (an active executor, not the request's own, at most 10) sees the request in its queue, comments, and proposes its part (POST …/part); the request is proposed for closure once every part is done. On a pending request for a change of executor it answers it: the executor stays and its clock resumes.",
  },
  {
    id: 'requests.part',
    path: 'part',
    action: 'proposePart',
    summary: 'A co-executor proposes its part done',
    clause: '8.2.1',
    rule: "By a co-executor of the request, once; date is «дата складення інформації» (7.5), not before the registration nor in the future.",
  },
  { id: 'requests.confirmation', path: 'confirmation', action: 'confirmResolution',
    summary: "The applicant's word on a repeated request: given in the cabinet, or the applicant's call recorded",
    clause: '9.2.3',
    rule: "The applicant answers in the cabinet (channel cabinet, or none). A worker never confirms in the applicant's place: an operator records only the applicant's call, channel phone_call with callAt (when the applicant called); any other channel from a worker is refused (422). 'Not confirmed' returns the request for rework at once (events applicant_not_confirmed then returned_for_rework): nobody closes it over the applicant's word. The card keeps the word in applicantConfirmation (confirmed, at, channel, recordedBy, callAt).",
  },
];

function attachmentIdsOf(input: unknown): string[] | undefined {
  const ids = (input as { attachmentIds?: unknown }).attachmentIds;
  return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : undefined;
}

async function newExecutorOf(deps: ApiDeps, action: ActionName, input: unknown): Promise<ExecutorRef | undefined> {
  if (action !== 'decideExecutorChange' && action !== 'involveCoExecutor') return undefined;
  const { approve, executorId } = input as { approve?: boolean; executorId?: string };
  if ((action === 'decideExecutorChange' && !approve) || !executorId) return undefined;
  const ex = await deps.executors.byId(executorId);
  if (!ex?.active) throw new HttpError(422, 'unknown_executor', `no active executor with id '${executorId}'`, fieldDetails('body.executorId', 'no active executor with this id', { executorId }));
  return { id: ex.id, name: ex.name, email: ex.email };
}

function actionRoute(a: ActionRoute): AnyRoute {
  return route({
    id: a.id,
    method: 'post',
    path: `/requests/{number}/${a.path}`,
    tag: 'request actions',
    summary: a.summary,
    description: `${a.clause}.${a.rule ? ` ${a.rule}` : ''} Runs as the Temporal Update \`${UPDATE_NAMES[a.action]}\`; answers with the card once the read model shows the change. A refusal is 409 (wrong status; 9.2.4 not reviewable yet, with details.reviewableAt), 403 or 422 (a rule of the Regulation). With an Idempotency-Key header (the Update's id) a retry is applied once and answered again.`,
    params: numberParam,
    headers: idempotencyHeader,
    body: actionInputs[a.action],
    ...(a.action === 'proposeClosure' ? { bodyRule: { status: 422 as const, code: 'rule_violation', clause: '7.5 a closure proposal needs every result field:' } } : {}),
    responses: {
      200: { description: 'The card after the action', schema: cardOut },
      403: { description: 'Not yours, or not your role' },
      404: { description: 'No such request' },
      409: { description: 'Wrong status, or not reviewable yet' },
      422: { description: 'A rule of the Regulation refused it; limit_reached when the request holds as much as one may' },
      503: { description: 'MongoDB, NATS or Temporal out of reach, or no answer within ACTION_TIMEOUT_MS (Retry-After): retry with the same Idempotency-Key' },
    },
    handler: async ({ params, headers, body, user, deps }) => {
      const card = await visibleCard(deps, user, params.number);
      // The workflow refuses it too; asked here on the read model's card, it costs no round trip.
      const bound = checkBounds(card, a.action, body);
      if (bound) throw new HttpError(422, bound.kind, bound.message, bound.details);
      await requireAttachments(deps, attachmentIdsOf(body), user);
      const executor = await newExecutorOf(deps, a.action, body);
      const arg: ActionArg<ActionName> = { actor: actorOf(user), input: body, ...(executor ? { executor } : {}) };
      const key = headers['idempotency-key'];
      // The key, scoped by who sent it and the action, is the Update's id: Temporal applies a retried Update once and answers it again.
      const updateId = key ? `${a.action}:${user.id}:${key}` : undefined;
      const handle = deps.temporal.workflow.getHandle(requestWorkflowId(card.number));
      let result: unknown;
      try {
        result = await deps.temporal.withDeadline(Date.now() + (deps.limits.actionTimeoutMs ?? 20_000), () =>
          handle.executeUpdate(UPDATE_NAMES[a.action], { args: [arg], ...(updateId ? { updateId } : {}) }),
        );
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new HttpError(409, 'request_completed', `request ${card.number} has completed its lifecycle; it takes no more actions`, { status: card.status });
        throw err;
      }
      await deps.attachments.claim(attachmentIdsOf(body) ?? []);
      const parsed = requestCardSchema.safeParse(result);
      const after = parsed.success ? parsed.data : ((await deps.requests.get(card.number)) ?? card);
      return { body: viewFor(user, after, deps) };
    },
  });
}

export const requestRoutes: AnyRoute[] = [...registrationRoutes, ...ACTIONS.map(actionRoute)];

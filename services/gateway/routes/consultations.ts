/**
 * Online consultations (2.9): a resident's question in the cabinet (or an operator's record of one
 * asked by phone), its thread with the Contact Center's workers, their internal notes, closing,
 * rating and conversion into a request; and the scheduled consultation sessions. Everything goes to
 * the consultations service over NATS. A resident is always answered with `residentView`: an
 * internal note never reaches them, on any route.
 */
import { z } from 'zod';
import {
  consultationActionInputs,
  consultationCardSchema,
  consultationStatusSchema,
  conversionSchema,
  convertedSchema,
  newSessionSchema,
  openConsultationSchema,
  ratingSchema,
  registeredConsultationSchema,
  residentConsultationSchema,
  residentSessionSchema,
  residentSessionView,
  residentView,
  sessionCardSchema,
  type ConsultationCard,
  type SessionCard,
} from '../../../contracts/consultations.ts';
import { applicantSchema } from '../../../contracts/request.ts';
import type { User } from '../../../contracts/users.ts';
import { CONSULTATION_BOUNDS } from '../../../domain/consultations.ts';
import { isApplicantOf } from '../../../domain/lifecycle.ts';
import { analystConsultationSchema, analystConsultationView, analystOpenConsultationSchema, analystOpenConsultationView } from '../../../domain/privacy.ts';
import { phoneSchema } from '../../../domain/phone.ts';
import { actorOf } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { CONSULTATION_STAFF } from '../rbac.ts';
import { fieldDetails, HttpError } from '../http-errors.ts';
import { route, type AnyRoute } from './define.ts';

const staffCardOut = consultationCardSchema.meta({ id: 'Consultation', description: 'The consultation card with its thread, internal notes and history (staff).' });
const residentCardOut = residentConsultationSchema.meta({ id: 'ResidentConsultation', description: 'The consultation as its resident sees it: the thread, never an internal note.' });
const analystCardOut = analystConsultationSchema.meta({ id: 'AnalystConsultation', description: 'The consultation as an analyst reads it: the applicant as a pseudonym, no internal notes.' });
const cardOut = z.union([staffCardOut, residentCardOut, analystCardOut]);
const numberParam = z.object({ number: z.string().trim().toUpperCase().regex(/^[A-Z][A-Z0-9]{0,7}-\d{4}-\d{6,}$/, 'expected a consultation number like KRK-2026-000123').meta({ example: 'KRK-2026-000123' }) });
const sessionParam = z.object({ id: z.string().trim().min(1).max(64).meta({ example: 'CS-20261201-7K3Q9Z' }) });

/** What the user may be shown of a card: a resident never sees the internal notes. */
const shown = (user: User, card: ConsultationCard, deps: Pick<ApiDeps, 'pseudonyms'>) =>
  user.role === 'applicant' ? residentView(card) : user.role === 'analyst' ? analystConsultationView(card, deps.pseudonyms) : card;
/** Who booked a session (name, phone, email) is for the workers who run it; anyone else gets the resident's view. */
const shownSession = (user: User, s: SessionCard) => ((CONSULTATION_STAFF as readonly string[]).includes(user.role) ? s : residentSessionView(s, user.id));
const staffSessionOut = sessionCardSchema.meta({ id: 'ConsultationSession', description: "The session with each slot's bookings: the booker's name, phone and email (operators and managers)." });
const residentSessionOut = residentSessionSchema.meta({ id: 'ResidentConsultationSession', description: 'The session as a resident sees it: free places and whether they booked, never who else did.' });
const sessionOut = z.union([staffSessionOut, residentSessionOut]);
const SESSION_VIEWS = 'Operators and managers get `ConsultationSession`: every booking with the name, phone and email of who booked; a resident gets `ResidentConsultationSession`: free places and their own bookings, nobody else’s.';

/**
 * A message of the thread, a note or the question. Its bound (domain/consultations.ts, so the card
 * stays far under Temporal's 2 MB) is a rule of the thread, not the body's shape: past it the answer
 * is 422 limit_reached naming the field (`withinBounds`), while a missing or empty text is a 400.
 */
const MAX_CHARS = CONSULTATION_BOUNDS.messageChars;
const messageText = z
  .string()
  .trim()
  .min(1)
  .meta({ maxLength: MAX_CHARS, description: `At most ${MAX_CHARS} characters; a longer text is refused with 422 limit_reached naming the field` });
const boundedText = z.string().max(MAX_CHARS);
const threadBody = z.object({ text: messageText });
function withinBounds(field: string, text: string): void {
  if (boundedText.safeParse(text).success) return;
  const message = `a message holds at most ${MAX_CHARS} characters, this one has ${text.length}`;
  throw new HttpError(422, 'limit_reached', `${field}: ${message}`, fieldDetails(field, message, { limit: MAX_CHARS, count: text.length }));
}
const BOUNDS_422 = `limit_reached: a text past its bound (${MAX_CHARS} characters a message), or the consultation holds ${CONSULTATION_BOUNDS.messages} messages (${CONSULTATION_BOUNDS.internalNotes} internal notes) already; details.fields names the field`;

/**
 * 5.7, as for a web request: a resident asks and books only with a phone confirmed by SMS code (so a
 * blocked number cannot be sidestepped by typing another), within the same daily quota of the
 * cabinet's submissions (REQUESTS_PER_APPLICANT_PER_DAY, shared with web requests: one cap for
 * everything a cabinet files). The block itself is checked by the consultations service.
 */
async function residentMayFile(user: User, deps: ApiDeps): Promise<string> {
  if (!user.phone) throw new HttpError(422, 'phone_required', 'your cabinet has no phone number; ask the Contact Center to add it', fieldDetails('user.phone', 'the cabinet has no phone number'));
  if (!user.phoneVerifiedAt) throw new HttpError(403, 'phone_unconfirmed', 'confirm your phone with the SMS code first (POST /auth/phone-verification)', fieldDetails('user.phoneVerifiedAt', 'the phone is not confirmed'));
  await deps.rateLimits.consume('requests.account', user.id);
  return user.phone;
}
const RESIDENT_403 = 'phone_blocked: the number is blocked under 5.7; phone_unconfirmed: a resident whose phone is not confirmed by SMS code';
const RESIDENT_429 = "rate_limited: the resident's submissions of the day (REQUESTS_PER_APPLICANT_PER_DAY, web requests, questions and bookings together); see Retry-After";

const newBody = z
  .object({
    categoryCode: z.string().trim().min(1).max(32).meta({ description: 'A consultation category of the Classifier (CONSULT-…): its term is the reply term' }),
    subject: z.string().trim().min(1).max(200).optional(),
    question: messageText,
    applicant: z
      .object({ name: z.string().trim().min(1).max(200), phone: phoneSchema, email: z.string().trim().email().optional() })
      .optional()
      .meta({ description: "Required when an operator records a question asked by phone; a resident's comes from the cabinet" }),
  })
  .meta({ id: 'NewConsultation' });

export const consultationRoutes: AnyRoute[] = [
  route({
    id: 'consultations.create',
    method: 'post',
    path: '/consultations',
    tag: 'consultations',
    summary: 'Ask a question',
    description:
      '2.9: a resident asks in the cabinet (channel web), or an operator records a question asked by phone (channel phone). It gets a number of its own series (`<CITY_PREFIX>K-<year>-<sequence>`) ' +
      'and the reply term of its consultation category; Contact Center workers answer it (it is not routed to an executor).',
    headers: z.object({ 'idempotency-key': z.string().trim().min(1).max(200).optional() }),
    body: newBody,
    responses: {
      201: { description: 'Registered, waiting for a reply (a replay of the same Idempotency-Key: the same consultation, header Idempotent-Replayed: true)', schema: cardOut },
      403: { description: RESIDENT_403 },
      422: { description: `Not a consultation category, unknown or inactive category; phone_required: the cabinet has no phone; ${BOUNDS_422}` },
      429: { description: RESIDENT_429 },
    },
    handler: async ({ body, headers, user, deps }) => {
      withinBounds('body.question', body.question);
      let applicant: z.infer<typeof applicantSchema>;
      if (user.role === 'operator') {
        if (!body.applicant) throw new HttpError(400, 'invalid_input', 'body.applicant: the caller’s name and phone are required', fieldDetails('body.applicant', 'required for a question asked by phone'));
        applicant = body.applicant;
      } else {
        const phone = await residentMayFile(user, deps);
        const email = body.applicant?.email ?? user.email;
        applicant = { name: body.applicant?.name ?? user.name, phone, ...(email ? { email } : {}), userId: user.id };
      }
      const key = headers['idempotency-key'];
      const { consultation, replayed } = await deps.consultations.call(
        {
          op: 'register',
          actor: actorOf(user),
          consultation: { channel: user.role === 'operator' ? 'phone' : 'web', applicant, categoryCode: body.categoryCode, question: body.question, ...(body.subject ? { subject: body.subject } : {}) },
          ...(key ? { idempotencyKey: key } : {}),
        },
        registeredConsultationSchema,
      );
      return { status: 201, body: shown(user, consultation, deps), ...(replayed ? { headers: { 'Idempotent-Replayed': 'true' } } : {}) };
    },
  }),
  route({
    id: 'consultations.list',
    method: 'get',
    path: '/consultations',
    tag: 'consultations',
    summary: 'List consultations',
    description: '2.9: for workers, the consultations not yet closed (waiting ones first, the soonest due first); for a resident, their own, newest first.',
    query: z.object({
      status: consultationStatusSchema.optional(),
      overdue: z
        .enum(['true', 'false'])
        .optional()
        .transform((v) => (v === undefined ? undefined : v === 'true')),
    }),
    responses: {
      200: { description: 'The consultations: the queue’s entries for workers, the resident’s own cards for a resident', schema: z.object({ items: z.array(z.union([openConsultationSchema.meta({ id: 'OpenConsultation' }), residentCardOut, analystOpenConsultationSchema.meta({ id: 'AnalystOpenConsultation' })])) }) },
    },
    handler: async ({ query, user, deps }) => {
      if (user.role === 'applicant') {
        const mine = await deps.consultations.call({ op: 'mine', userId: user.id }, z.object({ items: z.array(residentConsultationSchema) }));
        return { body: { items: mine.items.filter((c) => (query.status === undefined || c.status === query.status) && (query.overdue === undefined || c.overdue === query.overdue)) } };
      }
      const open = await deps.consultations.call({ op: 'open', ...(query.status ? { status: query.status } : {}), ...(query.overdue !== undefined ? { overdue: query.overdue } : {}) }, z.object({ items: z.array(openConsultationSchema) }));
      return { body: user.role === 'analyst' ? { items: open.items.map((c) => analystOpenConsultationView(c, deps.pseudonyms)) } : open };
    },
  }),
  route({
    id: 'consultations.get',
    method: 'get',
    path: '/consultations/{number}',
    tag: 'consultations',
    summary: 'Show a consultation',
    params: numberParam,
    responses: { 200: { description: 'The card: staff see the internal notes, the resident only the thread', schema: cardOut }, 404: { description: 'No such consultation' } },
    handler: async ({ params, user, deps }) => {
      const card = await deps.consultations.call({ op: 'get', number: params.number }, consultationCardSchema);
      if (user.role === 'applicant' && !isApplicantOf(card, actorOf(user))) throw new HttpError(403, 'not_yours', `consultation ${params.number} was asked by someone else`);
      return { body: shown(user, card, deps) };
    },
  }),
  ...(
    [
      ['consultations.reply', 'replies', 'reply', 'Answer a consultation', 'A worker’s answer in the thread; the resident is emailed it. The resident may then mark it answered, ask again, or stay silent (it closes after the configured working days).'],
      ['consultations.message', 'messages', 'ask', 'Write again in a consultation', 'The resident’s follow-up (or an operator’s record of one by phone): the consultation waits for a reply again, with a new reply term.'],
      ['consultations.note', 'notes', 'note', 'Add an internal note', 'A note for the workers only: never shown to the resident, never in an email or an event.'],
    ] as const
  ).map(([id, path, action, summary, description]) =>
    route({
      id,
      method: 'post',
      path: `/consultations/{number}/${path}`,
      tag: 'consultations',
      summary,
      description: `2.9: ${description}`,
      params: numberParam,
      body: threadBody,
      responses: {
        200: { description: 'The card', schema: cardOut },
        403: { description: action === 'ask' ? 'Not the resident’s consultation; phone_blocked: the resident’s number is blocked under 5.7' : 'Not a Contact Center worker' },
        404: { description: 'No such consultation' },
        409: { description: 'Closed or converted' },
        422: { description: BOUNDS_422 },
      },
      handler: async ({ params, body, user, deps }) => {
        withinBounds('body.text', body.text);
        return { body: shown(user, await deps.consultations.call({ op: 'act', number: params.number, action, actor: actorOf(user), input: body }, consultationCardSchema), deps) };
      },
    }),
  ),
  route({
    id: 'consultations.answered',
    method: 'post',
    path: '/consultations/{number}/answered',
    tag: 'consultations',
    summary: 'Mark a consultation answered',
    description: '2.9: the resident closes the consultation as answered, rating the answer at once if they like.',
    params: numberParam,
    body: consultationActionInputs.markAnswered,
    responses: { 200: { description: 'The closed card', schema: residentCardOut }, 409: { description: 'Not answered yet, or closed' } },
    handler: async ({ params, body, user, deps }) => ({
      body: shown(user, await deps.consultations.call({ op: 'act', number: params.number, action: 'markAnswered', actor: actorOf(user), input: body }, consultationCardSchema), deps),
    }),
  }),
  route({
    id: 'consultations.rating',
    method: 'post',
    path: '/consultations/{number}/rating',
    tag: 'consultations',
    summary: 'Rate the answer of a consultation',
    description: '2.9: once, while it is answered or after it closed (during the rating window).',
    params: numberParam,
    body: ratingSchema,
    responses: { 200: { description: 'The card', schema: residentCardOut }, 422: { description: 'Rated already' } },
    handler: async ({ params, body, user, deps }) => ({
      body: shown(user, await deps.consultations.call({ op: 'act', number: params.number, action: 'rate', actor: actorOf(user), input: body }, consultationCardSchema), deps),
    }),
  }),
  route({
    id: 'consultations.conversion',
    method: 'post',
    path: '/consultations/{number}/conversion',
    tag: 'consultations',
    summary: 'Convert a consultation into a request',
    description:
      '2.9: when the question is really a problem to fix. The request is registered through intake like any call — routed by the Classifier to its executor, with its own number and term — ' +
      'its description carries the consultation’s number and thread (never an internal note), and the consultation records the request it became.',
    params: numberParam,
    body: conversionSchema.meta({ id: 'ConsultationConversion' }),
    responses: { 200: { description: 'The converted consultation and the request', schema: convertedSchema }, 409: { description: 'Closed or converted already' }, 422: { description: 'A consultation category, or what intake refuses' } },
    handler: async ({ params, body, user, deps }) => ({ body: await deps.consultations.call({ op: 'convert', number: params.number, actor: actorOf(user), conversion: body }, convertedSchema) }),
  }),

  // ─── Scheduled sessions ────────────────────────────────────────────────────────────────────────
  route({
    id: 'consultationSessions.create',
    method: 'post',
    path: '/consultation-sessions',
    tag: 'consultations',
    summary: 'Publish a consultation session',
    description: '2.9: a topic, an expert and time slots (each with its capacity) residents can book.',
    body: newSessionSchema.meta({ id: 'NewConsultationSession' }),
    responses: { 201: { description: 'Published', schema: staffSessionOut }, 422: { description: 'A slot in the past or ending before it starts' } },
    handler: async ({ body, user, deps }) => ({ status: 201, body: await deps.consultations.call({ op: 'publishSession', actor: actorOf(user), session: body }, sessionCardSchema) }),
  }),
  route({
    id: 'consultationSessions.list',
    method: 'get',
    path: '/consultation-sessions',
    tag: 'consultations',
    summary: 'List the consultation sessions',
    description: '2.9: the sessions not yet over. Operators and managers see the bookings; a resident sees the free places and their own bookings.',
    responses: { 200: { description: `The sessions. ${SESSION_VIEWS}`, schema: z.object({ items: z.array(sessionOut) }) } },
    handler: async ({ user, deps }) => {
      const { items } = await deps.consultations.call({ op: 'sessions' }, z.object({ items: z.array(sessionCardSchema) }));
      return { body: { items: items.map((s) => shownSession(user, s)) } };
    },
  }),
  route({
    id: 'consultationSessions.get',
    method: 'get',
    path: '/consultation-sessions/{id}',
    tag: 'consultations',
    summary: 'Show a consultation session',
    params: sessionParam,
    responses: { 200: { description: `The session. ${SESSION_VIEWS}`, schema: sessionOut }, 404: { description: 'No such session' } },
    handler: async ({ params, user, deps }) => ({ body: shownSession(user, await deps.consultations.call({ op: 'getSession', id: params.id }, sessionCardSchema)) }),
  }),
  route({
    id: 'consultationSessions.book',
    method: 'post',
    path: '/consultation-sessions/{id}/bookings',
    tag: 'consultations',
    summary: 'Book a slot of a consultation session',
    description: '2.9: the resident is emailed a confirmation now and a reminder a day before the slot.',
    params: sessionParam,
    body: z.object({ slotId: z.string().trim().min(1).max(64) }),
    responses: {
      201: { description: 'Booked', schema: residentSessionOut },
      403: { description: RESIDENT_403 },
      409: { description: 'The slot has started' },
      422: { description: 'Fully booked, or booked already; phone_required: the cabinet has no phone' },
      429: { description: RESIDENT_429 },
    },
    handler: async ({ params, body, user, deps }) => {
      const phone = await residentMayFile(user, deps);
      const card = await deps.consultations.call(
        { op: 'actSession', id: params.id, action: 'book', actor: actorOf(user), input: { slotId: body.slotId, name: user.name, phone, ...(user.email ? { email: user.email } : {}) } },
        sessionCardSchema,
      );
      return { status: 201, body: residentSessionView(card, user.id) };
    },
  }),
  route({
    id: 'consultationSessions.held',
    method: 'post',
    path: '/consultation-sessions/{id}/slots/{slotId}/held',
    tag: 'consultations',
    summary: 'Record that a session was held',
    params: sessionParam.extend({ slotId: z.string().trim().min(1).max(64) }),
    body: z.object({ note: z.string().trim().min(1).max(4000), attended: z.number().int().nonnegative().optional() }),
    responses: { 200: { description: 'The session', schema: staffSessionOut }, 422: { description: 'The slot has not started yet' } },
    handler: async ({ params, body, user, deps }) => ({
      body: await deps.consultations.call({ op: 'actSession', id: params.id, action: 'recordHeld', actor: actorOf(user), input: { slotId: params.slotId, ...body } }, sessionCardSchema),
    }),
  }),
];

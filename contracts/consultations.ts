/**
 * The consultations contract (2.9): a resident's question answered by the Contact Center's workers,
 * its thread, the internal notes staff keep beside it, the workflow's start input and Updates, the
 * scheduled consultation sessions with their bookings, the commands the gateway sends the
 * consultations service over NATS request/reply (SUBJECTS.consultations) and the events on
 * JetStream. Update, query, event and field names are wire names — add fields, DO NOT RENAME.
 */
import { z } from 'zod';
import { termSchema } from '../domain/calendar.ts';
import { actorSchema } from './actor.ts';
import { addressSchema, applicantSchema } from './request.ts';

const isoInstant = z.string().datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * awaiting_reply (the resident's question waits for a worker; the reply deadline runs) → answered
 * (a worker replied; the resident may mark it answered, ask again, or stay silent) → closed; or
 * converted into a request at any point before closure.
 */
export const CONSULTATION_STATUSES = ['awaiting_reply', 'answered', 'closed', 'converted'] as const;
export const consultationStatusSchema = z.enum(CONSULTATION_STATUSES);
export type ConsultationStatus = z.infer<typeof consultationStatusSchema>;

export const CONSULTATION_STATUS_LABELS_UK: Record<ConsultationStatus, string> = {
  awaiting_reply: 'Очікує відповіді',
  answered: 'Надано відповідь',
  closed: 'Закрито',
  converted: 'Перетворено на звернення',
};

/** Why a consultation closed: the resident marked it answered, or stayed silent for the configured working days. */
export const CLOSE_REASONS = ['answered', 'silence'] as const;

export const authorSchema = z.object({ id: z.string(), role: z.string(), name: z.string().optional() });
export type ConsultationAuthor = z.infer<typeof authorSchema>;

/** One message of the thread, seen by the resident and the workers alike. */
export const threadMessageSchema = z.object({
  at: isoInstant,
  from: z.enum(['resident', 'staff']),
  author: authorSchema,
  text: z.string(),
});
export type ThreadMessage = z.infer<typeof threadMessageSchema>;

/** A note staff keep on the consultation: never shown to the resident, never in an event or an email. */
export const internalNoteSchema = z.object({ at: isoInstant, author: authorSchema, text: z.string() });

export const consultationHistoryEntrySchema = z.object({
  at: isoInstant,
  actor: authorSchema,
  action: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  /** Never the text of an internal note. */
  note: z.string().optional(),
});

export const ratingSchema = z.object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() });

/** The request a consultation was converted into. */
export const convertedToSchema = z.object({ number: z.string(), categoryCode: z.string(), executorId: z.string(), at: isoInstant, by: authorSchema });

/** The consultation card: the workflow's query result and the read model's document. */
export const consultationCardSchema = z.object({
  number: z.string(),
  version: z.number().int(),
  status: consultationStatusSchema,
  channel: z.enum(['phone', 'web']),
  categoryCode: z.string(),
  categoryName: z.string(),
  /** The reply term from the Classifier's consultation category. */
  term: termSchema,
  applicant: applicantSchema,
  subject: z.string(),
  registeredAt: isoInstant,
  registeredBy: authorSchema,
  /** While a question waits: when the reply is due (null once answered). */
  replyDueAt: isoInstant.nullable(),
  /** When the workers are reminded of the waiting question (before replyDueAt, on the working calendar). */
  reminderAt: isoInstant.nullable(),
  reminded: z.boolean(),
  /** The reply deadline passed without a reply (stays set on a consultation answered late). */
  overdue: z.boolean(),
  /** While answered: when it closes unless the resident writes again (N working days of silence). */
  silenceCloseAt: isoInstant.nullable(),
  messages: z.array(threadMessageSchema),
  internalNotes: z.array(internalNoteSchema),
  closedAt: isoInstant.optional(),
  closeReason: z.enum(CLOSE_REASONS).optional(),
  rating: ratingSchema.extend({ at: isoInstant }).optional(),
  convertedTo: convertedToSchema.optional(),
  history: z.array(consultationHistoryEntrySchema),
});
export type ConsultationCard = z.infer<typeof consultationCardSchema>;

/** What the resident is shown: the card without the internal notes or any trace of them. */
export const residentConsultationSchema = consultationCardSchema.omit({ internalNotes: true });
export type ResidentConsultation = z.infer<typeof residentConsultationSchema>;

/** What the workers' queue lists of an open consultation: the card without thread, notes and history. */
export const openConsultationSchema = consultationCardSchema.omit({ messages: true, internalNotes: true, history: true });

/** The card as the resident sees it (also what events carry): no internal notes, no history entry about them. */
export function residentView(card: ConsultationCard): ResidentConsultation {
  const { internalNotes: _notes, ...rest } = card;
  return { ...rest, history: rest.history.filter((h) => h.action !== 'internal_note') };
}

/** DESIGN-style body of `POST /consultations`, as the gateway resolved it (the applicant from the cabinet or the call). */
export const newConsultationSchema = z.object({
  channel: z.enum(['phone', 'web']),
  applicant: applicantSchema,
  categoryCode: z.string().trim().min(1).max(32),
  subject: text(200).optional(),
  question: text(4000),
});
export type NewConsultation = z.infer<typeof newConsultationSchema>;

/** Input of the consultation workflow: what the service validated and resolved. */
export const startConsultationSchema = z.object({
  number: z.string(),
  channel: z.enum(['phone', 'web']),
  categoryCode: z.string(),
  categoryName: z.string(),
  term: termSchema,
  applicant: applicantSchema,
  subject: z.string(),
  question: z.string(),
  registeredAt: isoInstant,
  actor: actorSchema,
});
export type StartConsultation = z.infer<typeof startConsultationSchema>;

/** The Updates' inputs (HTTP bodies), one per action. */
export const consultationActionInputs = {
  /** A worker's answer in the thread. */
  reply: z.object({ text: text(8000) }),
  /** The resident writes again (a follow-up question): a new reply term starts. */
  ask: z.object({ text: text(4000) }),
  /** A worker's internal note, never shown to the resident. */
  note: z.object({ text: text(4000) }),
  /** The resident marks the consultation answered, rating it at once if they like. */
  markAnswered: z.object({ rating: ratingSchema.optional() }),
  /** The resident rates the answer (once). */
  rate: ratingSchema,
  /** Recorded once the request is registered (by the service, through intake). */
  convert: z.object({ request: z.object({ number: z.string().min(1), categoryCode: z.string().min(1), executorId: z.string().min(1) }) }),
} as const;
export type ConsultationActionName = keyof typeof consultationActionInputs;
export type ConsultationActionInput<A extends ConsultationActionName> = z.infer<(typeof consultationActionInputs)[A]>;

export interface ConsultationActionArg<A extends ConsultationActionName> {
  actor: z.infer<typeof actorSchema>;
  input: ConsultationActionInput<A>;
}

/** `POST /consultations/{number}/conversion`: the request the question really is. */
export const conversionSchema = z.object({
  categoryCode: z.string().trim().min(1).max(32),
  address: addressSchema,
  /** What the executor should do; the question and the thread are appended to it. */
  description: text(2000).optional(),
});
export type Conversion = z.infer<typeof conversionSchema>;

export const CONSULTATION_WORKFLOW_TYPE = 'consultationWorkflow';
export const CONSULTATION_UPDATES: Record<ConsultationActionName, string> = {
  reply: 'consultationReply',
  ask: 'consultationAsk',
  note: 'consultationNote',
  markAnswered: 'consultationMarkAnswered',
  rate: 'consultationRate',
  convert: 'consultationConvert',
};
export const CONSULTATION_REGISTRATION_UPDATE = 'consultationRegistration';
export const CONSULTATION_QUERY_CARD = 'consultationCard';

export function consultationStaticSummary(c: Pick<StartConsultation, 'number' | 'categoryCode' | 'subject'>): string {
  return `${c.number} · ${c.categoryCode} · ${c.subject}`;
}

// ─── Scheduled sessions ──────────────────────────────────────────────────────────────────────────

export const bookingSchema = z.object({
  userId: z.string(),
  name: z.string(),
  phone: z.string().optional(),
  email: z.string().email().optional(),
  bookedAt: isoInstant,
  /** Set when the reminder before the slot was sent. */
  remindedAt: isoInstant.optional(),
});
export type Booking = z.infer<typeof bookingSchema>;

export const slotSchema = z.object({
  id: z.string(),
  startsAt: isoInstant,
  endsAt: isoInstant,
  capacity: z.number().int().min(1),
  bookings: z.array(bookingSchema),
  held: z.object({ at: isoInstant, by: authorSchema, note: z.string(), attended: z.number().int().nonnegative().optional() }).optional(),
});
export type Slot = z.infer<typeof slotSchema>;

export const SESSION_STATUSES = ['published', 'completed'] as const;

export const sessionCardSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(SESSION_STATUSES),
  topic: z.string(),
  expert: z.string(),
  description: z.string(),
  slots: z.array(slotSchema),
  publishedAt: isoInstant,
  publishedBy: authorSchema,
  history: z.array(consultationHistoryEntrySchema),
});
export type SessionCard = z.infer<typeof sessionCardSchema>;

/** What a resident sees of a session: free places, and only their own bookings. */
export const residentSessionSchema = sessionCardSchema.omit({ slots: true, history: true, publishedBy: true }).extend({
  slots: z.array(slotSchema.omit({ bookings: true, held: true }).extend({ free: z.number().int(), bookedByMe: z.boolean(), held: z.boolean() })),
});
export type ResidentSession = z.infer<typeof residentSessionSchema>;

export function residentSessionView(s: SessionCard, userId: string | undefined): ResidentSession {
  const { history: _h, publishedBy: _p, slots, ...rest } = s;
  return {
    ...rest,
    slots: slots.map(({ bookings, held, ...slot }) => ({ ...slot, free: Math.max(0, slot.capacity - bookings.length), bookedByMe: bookings.some((b) => b.userId === userId), held: held !== undefined })),
  };
}

export const newSessionSchema = z.object({
  topic: text(300),
  expert: text(300),
  description: text(4000),
  slots: z
    .array(z.object({ startsAt: isoInstant, endsAt: isoInstant, capacity: z.number().int().min(1).max(500) }))
    .min(1)
    .max(50),
});
export type NewSession = z.infer<typeof newSessionSchema>;

export const startSessionSchema = z.object({
  id: z.string(),
  topic: z.string(),
  expert: z.string(),
  description: z.string(),
  slots: z.array(z.object({ id: z.string(), startsAt: isoInstant, endsAt: isoInstant, capacity: z.number().int().min(1) })),
  publishedAt: isoInstant,
  actor: actorSchema,
});
export type StartSession = z.infer<typeof startSessionSchema>;

export const sessionActionInputs = {
  /** A resident books a slot (contact details from the cabinet, given by the service). */
  book: z.object({ slotId: z.string().min(1).max(64), name: text(200), phone: z.string().optional(), email: z.string().email().optional() }),
  /** Staff record that a slot's session was held. */
  recordHeld: z.object({ slotId: z.string().min(1).max(64), note: text(4000), attended: z.number().int().nonnegative().optional() }),
} as const;
export type SessionActionName = keyof typeof sessionActionInputs;
export type SessionActionInput<A extends SessionActionName> = z.infer<(typeof sessionActionInputs)[A]>;
export interface SessionActionArg<A extends SessionActionName> {
  actor: z.infer<typeof actorSchema>;
  input: SessionActionInput<A>;
}

export const SESSION_WORKFLOW_TYPE = 'consultationSessionWorkflow';
export const SESSION_UPDATES: Record<SessionActionName, string> = { book: 'consultationSessionBook', recordHeld: 'consultationSessionHeld' };
export const SESSION_REGISTRATION_UPDATE = 'consultationSessionRegistration';
export const SESSION_QUERY_CARD = 'consultationSessionCard';

// ─── The service's commands (NATS request/reply) ─────────────────────────────────────────────────

export const consultationCommandSchema = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('register'),
    actor: actorSchema,
    consultation: newConsultationSchema,
    /** The client's `Idempotency-Key`: a retry with the same key gets the same consultation, never a second one. */
    idempotencyKey: z.string().trim().min(1).max(200).optional(),
  }),
  z.object({ op: z.literal('get'), number: z.string().min(1).max(64) }),
  /** Staff: the consultations not yet closed (the work queue). */
  z.object({ op: z.literal('open'), status: consultationStatusSchema.optional(), overdue: z.boolean().optional() }),
  /** A resident's own consultations, newest first. */
  z.object({ op: z.literal('mine'), userId: z.string().min(1) }),
  z.object({ op: z.literal('act'), number: z.string().min(1).max(64), action: z.enum(['reply', 'ask', 'note', 'markAnswered', 'rate']), actor: actorSchema, input: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal('convert'), number: z.string().min(1).max(64), actor: actorSchema, conversion: conversionSchema }),
  z.object({ op: z.literal('publishSession'), actor: actorSchema, session: newSessionSchema }),
  z.object({ op: z.literal('sessions') }),
  z.object({ op: z.literal('getSession'), id: z.string().min(1).max(64) }),
  z.object({ op: z.literal('actSession'), id: z.string().min(1).max(64), action: z.enum(['book', 'recordHeld']), actor: actorSchema, input: z.record(z.string(), z.unknown()) }),
]);
export type ConsultationCommand = z.input<typeof consultationCommandSchema>;

export const consultationErrorSchema = z.object({
  status: z.number().int().min(400).max(599),
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ConsultationError = z.infer<typeof consultationErrorSchema>;

export const consultationReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: consultationErrorSchema }),
]);
export type ConsultationReply = z.infer<typeof consultationReplySchema>;

/** What a registration answers: the card, and whether it is a replay of an earlier one with the same Idempotency-Key. */
export const registeredConsultationSchema = z.object({ consultation: consultationCardSchema, replayed: z.boolean() });

/** What a conversion answers: the converted consultation and the request registered through intake. */
export const convertedSchema = z.object({
  consultation: consultationCardSchema,
  request: z.object({ number: z.string(), status: z.string(), executorId: z.string(), deadlineAt: z.string().nullable() }),
});

// ─── Events (subjects `cc.events.consultation.<type>`, `cc.events.consultation_session.<type>`) ──

/** Consultation event types: a wire contract, DO NOT RENAME. */
export const CONSULTATION_EVENT_TYPES = [
  'registered', // 2.9: numbered, the reply term running
  'replied', // a worker answered: the resident is emailed the answer
  'asked', // the resident wrote again: a new reply term
  'reply_reminder', // the reply is due soon: the workers' queue is told (details.notify)
  'overdue', // the reply deadline passed (details.notify)
  'closed', // answered, or after the resident's silence
  'rated',
  'converted', // into a request (details.request)
] as const;
export type ConsultationEventType = (typeof CONSULTATION_EVENT_TYPES)[number];

/** What every consultation event carries: the resident's view of the card without the thread (never an internal note). */
export const consultationSummarySchema = residentConsultationSchema.omit({ messages: true, history: true });
export type ConsultationSummary = z.infer<typeof consultationSummarySchema>;

export const consultationEventSchema = z.object({
  id: z.string().uuid(),
  type: z.enum(CONSULTATION_EVENT_TYPES.map((t) => `consultation.${t}` as const) as [`consultation.${ConsultationEventType}`, ...`consultation.${ConsultationEventType}`[]]),
  occurredAt: isoInstant,
  actor: actorSchema,
  data: z.object({
    consultation: consultationSummarySchema,
    version: z.number().int().nonnegative(),
    details: z.record(z.string(), z.unknown()).default({}),
  }),
});
export type ConsultationEvent = z.infer<typeof consultationEventSchema>;

export const SESSION_EVENT_TYPES = ['published', 'booked', 'reminder', 'held'] as const;
export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

export const sessionEventSchema = z.object({
  id: z.string().uuid(),
  type: z.enum(SESSION_EVENT_TYPES.map((t) => `consultation_session.${t}` as const) as [`consultation_session.${SessionEventType}`, ...`consultation_session.${SessionEventType}`[]]),
  occurredAt: isoInstant,
  actor: actorSchema,
  data: z.object({
    session: sessionCardSchema.pick({ id: true, topic: true, expert: true, description: true }),
    version: z.number().int().nonnegative(),
    /** booked, reminder: `slot` and `booking` (the resident to email); held: `slot`. */
    details: z.record(z.string(), z.unknown()).default({}),
  }),
});
export type SessionEvent = z.infer<typeof sessionEventSchema>;

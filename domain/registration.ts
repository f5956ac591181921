/**
 * The registration transition (5.12), as pure data: the card a new request starts with, and the card
 * and `request.registered` event its registration records. Intake computes it to answer at once and
 * write the read model (services/intake/registrar.ts); the request's workflow records the very same
 * transition from the same input (workflows/request.ts), so whichever write comes first, the other
 * finds the same version and writes nothing, and JetStream drops the second copy of the event (same id).
 */
import type { Actor, RequestEvent, RequestEventType, RequestSummary } from '../contracts/events.ts';
import type { RequestCard, RequestStatus, StartRequest } from '../contracts/request.ts';

/** Who an entry of the history or an event names: ids and roles, and the name when given. */
export const authorOf = (a: Actor): Actor => ({ id: a.id, role: a.role, ...(a.name ? { name: a.name } : {}), ...(a.executorId ? { executorId: a.executorId } : {}) });

/** What every event of a request carries about it (contracts/events.ts). */
export function requestSummary(card: RequestCard): RequestSummary {
  return {
    number: card.number,
    status: card.status,
    channel: card.channel,
    categoryCode: card.categoryCode,
    ...(card.categoryName !== undefined ? { categoryName: card.categoryName } : {}),
    executorId: card.executorId,
    executor: card.executor,
    district: card.district,
    address: card.address,
    applicant: { name: card.applicant.name, phone: card.applicant.phone, ...(card.applicant.email ? { email: card.applicant.email } : {}) },
    description: card.description,
    registeredAt: card.registeredAt,
    deadlineAt: card.deadlineAt,
    overdue: card.overdue,
    ...(card.repeatOf ? { repeatOf: card.repeatOf } : {}),
  };
}

/** The card before anything is recorded (version 0): what intake sent, routed by the Classifier. */
export function initialCard(input: StartRequest): RequestCard {
  const { route } = input;
  return {
    number: input.number,
    version: 0,
    status: 'in_progress',
    channel: input.channel,
    categoryCode: input.categoryCode,
    categoryName: route.categoryName,
    executorId: route.executor.id,
    executor: route.executor,
    district: input.address.district,
    address: input.address,
    applicant: input.applicant,
    description: input.description,
    attachmentIds: input.attachmentIds,
    // Normalised to UTC so the read model's instants sort as strings.
    registeredAt: new Date(input.registeredAt).toISOString(),
    deadlineAt: null,
    overdue: false,
    overdueCount: 0,
    missedDeadlines: [],
    underAdditionalControl: false,
    additionalControlCount: 0,
    ...(input.repeatOf !== undefined ? { repeatOf: input.repeatOf } : {}),
    repeatCount: input.repeatCount,
    repeatedBy: [],
    // 8.1.6: the known outage the call is about, found by intake.
    ...(input.repairWork ? { repairWorkId: input.repairWork.id, repairWork: input.repairWork } : {}),
    // 9.2.3: a repeated request stays on control until the applicant confirms the work is done.
    requiresApplicantConfirmation: input.repeatOf !== undefined || input.repeatCount > 0,
    reworkCount: 0,
    inspections: [],
    comments: [],
    history: [],
  };
}

/** What intake decided at registration that the transition records as is: when, the Classifier deadline, the event's id. */
export interface RegistrationFacts {
  /** The registration's instant (the history entry's and the event's). */
  at: string;
  /** The Classifier deadline (5.12), computed on the working calendar from `registeredAt`. */
  deadlineAt: string;
  /** The `request.registered` event's id: the key JetStream and the notification service deduplicate on. */
  eventId: string;
}

/** The note the registration's history entry carries: the category and who it went to. */
export const registrationNote = (card: Pick<RequestCard, 'categoryCode' | 'executor'>): string => `${card.categoryCode} → ${card.executor.name}`;

/** One transition as the request's workflow records it: who, what, from which status, and its events. */
export interface TransitionStep {
  actor: Actor;
  action: string;
  from: RequestStatus;
  note?: string;
  events: Array<[RequestEventType, Record<string, unknown>]>;
}

/**
 * 8.1.7: records a transition already applied to `card` — the next version and its history entry —
 * and returns its events (ids from `idOf`). The workflow's commit and intake's registration both use it.
 */
export function recordStep(card: RequestCard, t: TransitionStep, at: string, idOf: (i: number) => string): RequestEvent[] {
  card.version += 1;
  card.history.push({
    at,
    actor: authorOf(t.actor),
    action: t.action,
    ...(t.from !== card.status ? { from: t.from, to: card.status } : {}),
    ...(t.note ? { note: t.note } : {}),
  });
  const summary = requestSummary(card);
  return t.events.map(([type, details], i) => ({ id: idOf(i), type: `request.${type}`, occurredAt: at, actor: authorOf(t.actor), data: { request: summary, version: card.version, details } }));
}

/** 5.12: the registration step of a card whose Classifier deadline is set. */
export const registrationStep = (card: RequestCard, input: Pick<StartRequest, 'actor' | 'route'>): TransitionStep => ({
  actor: input.actor,
  action: 'registered',
  from: card.status,
  note: registrationNote(card),
  events: [['registered', { term: input.route.term, deadlineAt: card.deadlineAt, ...(card.repairWork ? { repairWork: card.repairWork } : {}) }]],
});

/** 5.12: the card (version 1) and the event the registration records. */
export function registrationTransition(input: StartRequest, facts: RegistrationFacts): { card: RequestCard; events: RequestEvent[] } {
  const card = initialCard(input);
  card.deadlineAt = new Date(facts.deadlineAt).toISOString();
  const events = recordStep(card, registrationStep(card, input), new Date(facts.at).toISOString(), () => facts.eventId);
  return { card, events };
}

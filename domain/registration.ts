/**
 * The registration transition (5.12), as pure data: the card a new request starts with, and the card
 * and `request.registered` event its registration records. Intake computes it to answer at once and
 * write the read model (services/intake/registrar.ts); the request's workflow records the very same
 * transition from the same input (workflows/request.ts), so whichever write comes first, the other
 * finds the same version and writes nothing, and JetStream drops the second copy of the event (same id).
 */
import type { Actor, RequestEvent, RequestSummary } from '../contracts/events.ts';
import type { RequestCard, StartRequest } from '../contracts/request.ts';

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

/** 5.12: the card (version 1) and the event the registration records. */
export function registrationTransition(input: StartRequest, facts: RegistrationFacts): { card: RequestCard; events: RequestEvent[] } {
  const card = initialCard(input);
  card.deadlineAt = new Date(facts.deadlineAt).toISOString();
  card.version = 1;
  const at = new Date(facts.at).toISOString();
  card.history.push({ at, actor: authorOf(input.actor), action: 'registered', note: registrationNote(card) });
  const event: RequestEvent = {
    id: facts.eventId,
    type: 'request.registered',
    occurredAt: at,
    actor: authorOf(input.actor),
    data: { request: requestSummary(card), version: 1, details: { term: input.route.term, deadlineAt: card.deadlineAt, ...(card.repairWork ? { repairWork: card.repairWork } : {}) } },
  };
  return { card, events: [event] };
}

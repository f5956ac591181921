/**
 * The consultation and session workflows' activities (2.9): the rules they compute the reply term
 * with (the working calendar, the settings, the workers to tell), and the projection of each
 * transition into the read models, its events published to JetStream (Nats-Msg-Id = event id, so a
 * re-publish after a crash is dropped) and the outbox entry cleared.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { consultationCardSchema, consultationEventSchema, sessionCardSchema, sessionEventSchema, type ConsultationCard, type ConsultationEvent, type SessionCard, type SessionEvent } from '../contracts/consultations.ts';
import { subjectOf } from '../contracts/events.ts';
import type { CalendarRepository } from '../data/calendar.repository.ts';
import type { ConsultationsRepository } from '../data/consultations.repository.ts';
import type { UsersRepository } from '../data/users.repository.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import { CONSULTATION_WORKERS, type ConsultationSettings } from '../domain/consultations.ts';
import type { Logger } from '../platform/logger.ts';
import { publishEvent } from '../platform/nats.ts';

export interface ConsultationRules {
  calendar: WorkingCalendar;
  settings: ConsultationSettings;
  /** When asked for: who hears of a reply due soon or overdue (see `workersToTell`). */
  emails?: string[];
}

const transitionSchema = z.object({ card: consultationCardSchema, events: z.array(consultationEventSchema) });
const sessionTransitionSchema = z.object({ card: sessionCardSchema, events: z.array(sessionEventSchema) });

export function createConsultationActivities(deps: {
  consultations: ConsultationsRepository;
  calendars: CalendarRepository;
  users: Pick<UsersRepository, 'emailsOf' | 'byId'>;
  nc: NatsConnection;
  settings: ConsultationSettings;
  /** The duty shift's mailbox (the worker's REVIEW_QUEUE_EMAILS, shared with the 9.2.4 review queue). */
  queueEmails?: readonly string[];
  logger: Logger;
}) {
  const js = jetstream(deps.nc);
  const publish = async (id: string, version: number): Promise<number> => {
    const events = await deps.consultations.outboxOf(id, version);
    for (const e of events) await publishEvent(js, subjectOf(e.type), JSON.stringify(e), e.id);
    if (events.length > 0) await deps.consultations.clearOutbox(id, version);
    return events.length;
  };
  /**
   * Who is told that a question's reply is due soon or overdue: one recipient, as a contact center
   * works its queue — the worker responsible for it (the one who last answered, or recorded the call)
   * while they are active and have an email; else the duty shift's mailbox (REVIEW_QUEUE_EMAILS);
   * else the Contact Center's managers, who hand out the queue. Never every operator: with dozens of
   * them, each reminder was dozens of emails nobody owned.
   */
  const workersToTell = async (responsibleId: string | undefined): Promise<string[]> => {
    if (responsibleId) {
      const worker = await deps.users.byId(responsibleId);
      const workers: readonly string[] = CONSULTATION_WORKERS;
      if (worker?.active && worker.email && workers.includes(worker.role)) return [worker.email];
    }
    if (deps.queueEmails && deps.queueEmails.length > 0) return [...deps.queueEmails];
    return deps.users.emailsOf('manager');
  };
  return {
    async loadConsultationRules(input: { emailsOf?: 'operator'; responsibleId?: string }): Promise<ConsultationRules> {
      const [calendar, emails] = await Promise.all([deps.calendars.get(), input.emailsOf ? workersToTell(input.responsibleId) : undefined]);
      return { calendar, settings: deps.settings, ...(emails ? { emails } : {}) };
    },

    async recordConsultation(input: { card: ConsultationCard; events: ConsultationEvent[] }): Promise<{ written: boolean; published: number }> {
      const parsed = transitionSchema.safeParse(input);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`consultation transition breaks the contract: ${parsed.error.message}`, 'invalid_transition');
      const { card, events } = parsed.data;
      const written = await deps.consultations.applyTransition(card, events);
      if (!written) deps.logger.info('consultation transition already recorded (activity retry)', { consultationNumber: card.number, version: card.version });
      return { written, published: await publish(card.number, card.version) };
    },

    async recordConsultationSession(input: { card: SessionCard; events: SessionEvent[] }): Promise<{ written: boolean; published: number }> {
      const parsed = sessionTransitionSchema.safeParse(input);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`session transition breaks the contract: ${parsed.error.message}`, 'invalid_transition');
      const { card, events } = parsed.data;
      const written = await deps.consultations.applySessionTransition(card, events);
      return { written, published: await publish(card.id, card.version) };
    },
  };
}

export type ConsultationActivities = ReturnType<typeof createConsultationActivities>;

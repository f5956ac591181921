/**
 * The request workflow's activities: the rules it computes deadlines with (read when needed, so an
 * admin's calendar change applies to deadlines computed afterwards) and the projection of each
 * transition into the `requests` read model with its events (outbox), then relayed to JetStream.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { z } from 'zod';
import { requestEventSchema, type RequestEvent } from '../contracts/events.ts';
import { requestCardSchema, type RequestCard } from '../contracts/request.ts';
import type { CalendarRepository } from '../data/calendar.repository.ts';
import type { RequestRepository } from '../data/requests.repository.ts';
import type { UsersRepository } from '../data/users.repository.ts';
import type { WorkingCalendar } from '../domain/calendar.ts';
import type { Logger } from '../platform/logger.ts';
import type { OutboxRelay } from './outbox.ts';

/** Lifecycle settings the worker is configured with (services/worker/config.ts). */
export interface LifecycleSettings {
  /** 10.1: how long after closure the applicant may rate (and return) the request. */
  ratingWindowDays: number;
  /** The deadline reminder fires when this share of the term has passed (0.8 = at 80 %). */
  deadlineReminderShare: number;
  /** 9.2.4: who hears that an out-of-hours proposal became reviewable; empty = every active operator. */
  reviewQueueEmails?: string[];
}

export const DEFAULT_LIFECYCLE_SETTINGS: LifecycleSettings = { ratingWindowDays: 30, deadlineReminderShare: 0.8, reviewQueueEmails: [] };

/** What the workflow needs to compute deadlines, read at that moment. */
export interface LifecycleRules {
  calendar: WorkingCalendar;
  settings: LifecycleSettings;
  /** The emails of the active staff asked for (`emailsOf`): who must act on what the workflow records next. */
  emails?: string[];
}

export interface TransitionInput {
  card: RequestCard;
  events: RequestEvent[];
}

const transitionSchema = z.object({ card: requestCardSchema, events: z.array(requestEventSchema) });

export function createRequestActivities(deps: {
  requests: RequestRepository;
  calendars: CalendarRepository;
  users: Pick<UsersRepository, 'emailsOf'>;
  relay: OutboxRelay;
  settings: LifecycleSettings;
  logger: Logger;
}) {
  return {
    /**
     * The working calendar and lifecycle settings in force now, and (8.2.2; 5.7 the ICT clock) the
     * emails of the staff with the role in `emailsOf`, so the event that asks them to act carries its recipients.
     */
    async loadRules(input: { emailsOf?: 'manager' | 'operator' | 'ict' }): Promise<LifecycleRules> {
      const [calendar, emails] = await Promise.all([deps.calendars.get(), input.emailsOf ? deps.users.emailsOf(input.emailsOf) : undefined]);
      return { calendar, settings: deps.settings, ...(emails ? { emails } : {}) };
    },

    /**
     * 8.1.7: projects one transition into the read model (card with its full history, plus the
     * transition's events into the outbox) in one version-guarded write — a retry writes nothing
     * twice — then relays the outbox to JetStream. A failed relay is left to the sweeper.
     */
    async recordTransition(input: TransitionInput): Promise<{ written: boolean; published: number }> {
      const parsed = transitionSchema.safeParse(input);
      if (!parsed.success) {
        // A card or event that breaks the contract is a bug; retrying cannot fix it.
        throw ApplicationFailure.nonRetryable(`transition breaks the contract: ${parsed.error.message}`, 'invalid_transition');
      }
      const { card, events } = parsed.data;
      const log = deps.logger.child({ requestNumber: card.number, workflowId: Context.current().info.workflowExecution?.workflowId, version: card.version });
      const written = await deps.requests.applyTransition(card, events);
      if (!written) log.info('transition already recorded (activity retry)');
      let published = 0;
      try {
        published = await deps.relay.relay(card.number);
      } catch (err) {
        log.warn('publishing the outbox failed; the sweeper will retry', { err: err instanceof Error ? err.message : String(err), eventIds: events.map((e) => e.id) });
      }
      return { written, published };
    },

    /** Relays what a failed publish left in the request's outbox (asked for by the sweeper, run by the workflow). */
    async relayOutbox({ number }: { number: string }): Promise<{ published: number }> {
      return { published: await deps.relay.relay(number) };
    },
  };
}

export type RequestActivities = ReturnType<typeof createRequestActivities>;

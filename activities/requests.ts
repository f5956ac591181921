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
import type { LifecycleRules, LifecycleSettings, StaffRole } from '../domain/request-transitions.ts';
import type { Logger } from '../platform/logger.ts';
import type { OutboxRelay } from './outbox.ts';

export { DEFAULT_LIFECYCLE_SETTINGS, type LifecycleRules, type LifecycleSettings } from '../domain/request-transitions.ts';

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
    async loadRules(input: { emailsOf?: StaffRole | 'ict' }): Promise<LifecycleRules> {
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

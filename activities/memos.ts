/**
 * The memo workflow's activity (5.7): the projection of each step into the `memos` read model, its
 * events into the one outbox (`request_outbox`, key `memo:<id>`), then relayed to JetStream by the
 * same relay as the requests' events. A failed publish is left to the worker's outbox sweeper.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { z } from 'zod';
import { memoEventSchema, type MemoEvent } from '../contracts/events.ts';
import { memoCardSchema, type MemoCard } from '../contracts/memos.ts';
import { memoOutboxKey, type MemosRepository } from '../data/memos.repository.ts';
import type { Logger } from '../platform/logger.ts';
import type { OutboxRelay } from './outbox.ts';

export interface MemoTransition {
  card: MemoCard;
  events: MemoEvent[];
}

const transitionSchema = z.object({ card: memoCardSchema, events: z.array(memoEventSchema) });

export function createMemoActivities(deps: { memos: MemosRepository; relay: OutboxRelay; logger: Logger }) {
  return {
    /** One version-guarded write per step (a retry writes nothing twice), then the memo's outbox is relayed. */
    async recordMemo(input: MemoTransition): Promise<{ written: boolean; published: number }> {
      const parsed = transitionSchema.safeParse(input);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`memo transition breaks the contract: ${parsed.error.message}`, 'invalid_transition');
      const { card, events } = parsed.data;
      const log = deps.logger.child({ memoId: card.id, workflowId: Context.current().info.workflowExecution?.workflowId, version: card.version });
      const written = await deps.memos.applyTransition(card, events);
      if (!written) log.info('memo transition already recorded (activity retry)');
      let published = 0;
      try {
        published = await deps.relay.relay(memoOutboxKey(card.id));
      } catch (err) {
        log.warn('publishing the memo outbox failed; the sweeper will retry', { err: err instanceof Error ? err.message : String(err), eventIds: events.map((e) => e.id) });
      }
      return { written, published };
    },
  };
}

export type MemoActivities = ReturnType<typeof createMemoActivities>;

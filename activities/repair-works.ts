/**
 * The repair-work workflow's activity: the projection of each transition into the `repair_works`
 * read model with its events (outbox in the same document), then published to JetStream
 * (Nats-Msg-Id = event id, so a re-publish after a crash is dropped) and the outbox cleared.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { z } from 'zod';
import { subjectOf } from '../contracts/events.ts';
import { repairWorkCardSchema, repairWorkEventSchema, type RepairWorkCard, type RepairWorkEvent } from '../contracts/repair-works.ts';
import type { RepairWorksRepository } from '../data/repair-works.repository.ts';
import type { Logger } from '../platform/logger.ts';
import { publishEvent } from '../platform/nats.ts';

export interface RepairWorkTransition {
  card: RepairWorkCard;
  events: RepairWorkEvent[];
}

const transitionSchema = z.object({ card: repairWorkCardSchema, events: z.array(repairWorkEventSchema) });

export function createRepairWorkActivities(deps: { works: RepairWorksRepository; nc: NatsConnection; logger: Logger }) {
  const js = jetstream(deps.nc);
  return {
    /**
     * 8.1.7: one version-guarded write per transition (a retry writes nothing twice), then the
     * outbox is published in order and cleared. A publish that fails fails the activity, which is
     * retried: the events already on the stream are dropped as duplicates.
     */
    async recordRepairWork(input: RepairWorkTransition): Promise<{ written: boolean; published: number }> {
      const parsed = transitionSchema.safeParse(input);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`repair-work transition breaks the contract: ${parsed.error.message}`, 'invalid_transition');
      const { card } = parsed.data;
      const log = deps.logger.child({ repairWorkId: card.id, workflowId: Context.current().info.workflowExecution?.workflowId, version: card.version });
      const written = await deps.works.applyTransition(card, parsed.data.events);
      if (!written) log.info('repair-work transition already recorded (activity retry)');
      const box = await deps.works.outboxOf(card.id);
      if (!box || box.outbox.length === 0) return { written, published: 0 };
      for (const event of box.outbox) {
        await publishEvent(js, subjectOf(event.type), JSON.stringify(event), event.id);
      }
      await deps.works.clearOutbox(card.id, box.version);
      return { written, published: box.outbox.length };
    },
  };
}

export type RepairWorkActivities = ReturnType<typeof createRepairWorkActivities>;

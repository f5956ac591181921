/**
 * Publishes the 5.7 memo events kept in each memo's outbox to JetStream (Nats-Msg-Id = event id, so
 * a re-publish after a crash is dropped) and removes them once acknowledged. Called right after each
 * memo change, and by a sweeper for whatever a crash or a NATS outage left behind.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { subjectOf } from '../../contracts/events.ts';
import type { MemosRepository } from '../../data/memos.repository.ts';
import type { Logger } from '../../platform/logger.ts';

export interface MemoRelay {
  /** Publishes every pending memo event; returns how many went out. Never throws. */
  relay(): Promise<number>;
  startSweeper(intervalMs: number): { stop(): Promise<void> };
}

export function memoRelay(nc: NatsConnection, memos: MemosRepository, logger: Logger): MemoRelay {
  const js = jetstream(nc);
  let running: Promise<number> | undefined;
  const once = async (): Promise<number> => {
    let published = 0;
    for (const event of await memos.pendingEvents()) {
      await js.publish(subjectOf(event.type), JSON.stringify(event), { msgID: event.id });
      await memos.ackEvent(event.data.memoId, event.id);
      published++;
    }
    return published;
  };
  const relay = async (): Promise<number> => {
    // One relay at a time in this process; a caller arriving meanwhile waits for it and runs again.
    while (running) await running;
    running = once().catch((err: unknown) => {
      logger.warn('publishing memo events failed; the sweeper retries', { err: err instanceof Error ? err.message : String(err) });
      return 0;
    });
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };
  return {
    relay,
    startSweeper(intervalMs) {
      const timer = setInterval(() => void relay(), intervalMs);
      timer.unref();
      return {
        async stop() {
          clearInterval(timer);
          while (running) await running;
        },
      };
    },
  };
}

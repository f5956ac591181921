/**
 * Publishes the 5.7 memo events kept in each memo's outbox to JetStream (Nats-Msg-Id = event id, so
 * a re-publish after a crash is dropped) and records each acknowledged one apart from the memo, so
 * the relay never writes the memo a step may be writing (FerretDB 1.24 does not isolate concurrent
 * updates of one document). Called for a memo right after it changes, and by a sweeper for whatever
 * a crash or a NATS outage left behind (memos whose last event is at least MEMO_SWEEP_MIN_AGE_MS old).
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { subjectOf } from '../../contracts/events.ts';
import { MEMO_SWEEP_MIN_AGE_MS, type MemosRepository } from '../../data/memos.repository.ts';
import type { Logger } from '../../platform/logger.ts';

export interface MemoRelay {
  /** Publishes the memo's pending events now; returns how many went out. Never throws. */
  relay(memoId: string): Promise<number>;
  /** Publishes every outbox that has waited at least the sweep age; returns how many events went out. Never throws. */
  sweep(): Promise<number>;
  startSweeper(intervalMs: number): { stop(): Promise<void> };
}

export function memoRelay(nc: NatsConnection, memos: MemosRepository, logger: Logger, opts: { sweepMinAgeMs?: number } = {}): MemoRelay {
  const js = jetstream(nc);
  const sweepMinAgeMs = opts.sweepMinAgeMs ?? MEMO_SWEEP_MIN_AGE_MS;
  let running: Promise<unknown> | undefined;

  const publish = async (memoId: string): Promise<number> => {
    const box = await memos.outboxOf(memoId);
    if (!box) return 0;
    // One at a time, so the stream keeps a memo's events in the order they happened.
    for (const event of box.events) {
      await js.publish(subjectOf(event.type), JSON.stringify(event), { msgID: event.id });
      await memos.markPublished(memoId, event.id);
    }
    return box.events.length;
  };

  /** One relay at a time in this process; a caller arriving meanwhile waits for it, then runs. */
  const exclusive = async (work: () => Promise<number>): Promise<number> => {
    while (running) await running;
    const current = work().catch((err: unknown) => {
      logger.warn('publishing memo events failed; the sweeper retries', { err: err instanceof Error ? err.message : String(err) });
      return 0;
    });
    running = current;
    try {
      return await current;
    } finally {
      if (running === current) running = undefined;
    }
  };

  const sweep = (): Promise<number> =>
    exclusive(async () => {
      let published = 0;
      for (const memoId of await memos.withPendingOutbox(100, sweepMinAgeMs)) {
        try {
          published += await publish(memoId);
        } catch (err) {
          logger.warn('memo outbox relay failed; the next sweep retries', { memoId, err: err instanceof Error ? err.message : String(err) });
        }
      }
      return published;
    });

  return {
    relay: (memoId) => exclusive(() => publish(memoId)),
    sweep,
    startSweeper(intervalMs) {
      const timer = setInterval(() => void sweep(), intervalMs);
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

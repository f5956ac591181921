/**
 * The outbox relay (DESIGN §3): events a transition wrote into its request's document are published
 * to JetStream (subject from the type, Nats-Msg-Id = event id) and cleared after the acks. A crash
 * between the write and the publish leaves them in the outbox; the sweeper finds and re-publishes
 * them, and JetStream drops any copy it already has (duplicate window), so each event lands once.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { subjectOf } from '../contracts/events.ts';
import type { RequestRepository } from '../data/requests.repository.ts';
import type { Logger } from '../platform/logger.ts';

export interface OutboxRelay {
  /** Publishes one request's outbox in order and clears it; returns how many events were published. */
  relay(number: string): Promise<number>;
  /** Relays every outbox left behind (after a crash or a NATS outage); returns how many events went out. */
  sweep(limit?: number): Promise<number>;
}

/** How long an outbox must have waited before the sweeper touches it (see withPendingOutbox). */
export const SWEEP_MIN_AGE_MS = 30_000;

export function createOutboxRelay(deps: { requests: RequestRepository; nc: NatsConnection; logger: Logger; sweepMinAgeMs?: number }): OutboxRelay {
  const js = jetstream(deps.nc);
  const relay = async (number: string): Promise<number> => {
    const box = await deps.requests.outboxOf(number);
    if (!box || box.outbox.length === 0) return 0;
    for (const event of box.outbox) {
      // One at a time, so the stream keeps a request's events in the order they happened.
      const ack = await js.publish(subjectOf(event.type), JSON.stringify(event), { msgID: event.id });
      if (ack.duplicate) deps.logger.debug('event already on the stream', { requestNumber: number, eventId: event.id });
    }
    await deps.requests.clearOutbox(number, box.version);
    return box.outbox.length;
  };
  return {
    relay,
    async sweep(limit = 100) {
      let published = 0;
      for (const number of await deps.requests.withPendingOutbox(limit, deps.sweepMinAgeMs ?? SWEEP_MIN_AGE_MS)) {
        try {
          published += await relay(number);
        } catch (err) {
          deps.logger.warn('outbox relay failed; the next sweep retries', { requestNumber: number, err: err instanceof Error ? err.message : String(err) });
        }
      }
      return published;
    },
  };
}

/** Sweeps outboxes every `intervalMs` (and once at once) until stopped. */
export function startOutboxSweeper(opts: { relay: OutboxRelay; intervalMs: number; logger: Logger }): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    current = opts.relay
      .sweep()
      .then((n) => {
        if (n > 0) opts.logger.info('outbox sweeper relayed events left behind', { published: n });
      })
      .catch((err: unknown) => opts.logger.warn('outbox sweep failed', { err: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.intervalMs);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

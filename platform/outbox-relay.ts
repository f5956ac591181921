/**
 * The outbox relay (DESIGN §3): the events a transition wrote into `request_outbox` are published to
 * JetStream (subject from the type, Nats-Msg-Id = event id) and their entry is dropped after the
 * acks. A crash between the write and the publish leaves the entry; the sweeper finds it and
 * publishes it, and JetStream drops any copy it already has (duplicate window), so each event lands
 * once. The entry lives apart from the card, so relaying never writes the card: the sweeper can
 * relay a running request's entries itself without racing its workflow's next transition.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { subjectOf } from '../contracts/events.ts';
import type { RequestRepository } from '../data/requests.repository.ts';
import type { OutboxDoc } from '../data/requests.schema.ts';
import type { Logger } from './logger.ts';
import { publishEvent } from './nats.ts';

export interface OutboxRelay {
  /** Publishes one request's pending events in order and drops their entries; returns how many were published. */
  relay(number: string): Promise<number>;
  /** Publishes every entry left behind (after a crash or a NATS outage); returns how many entries were relayed. */
  sweep(limit?: number): Promise<number>;
}

/** How long an outbox entry must have waited before the sweeper touches it (see pendingOutbox). */
export const SWEEP_MIN_AGE_MS = 30_000;

/** Whether NATS answers now: with it down there is nothing to relay. */
async function natsAnswers(nc: NatsConnection, timeoutMs = 2_000): Promise<boolean> {
  if (nc.isClosed()) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([nc.flush().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createOutboxRelay(deps: { requests: RequestRepository; nc: NatsConnection; logger: Logger; sweepMinAgeMs?: number }): OutboxRelay {
  const js = jetstream(deps.nc);
  const publish = async (entry: OutboxDoc): Promise<number> => {
    for (const event of entry.events) {
      // One at a time, so the stream keeps a request's events in the order they happened.
      const ack = await publishEvent(js, subjectOf(event.type), JSON.stringify(event), event.id);
      if (ack.duplicate) deps.logger.debug('event already on the stream', { requestNumber: entry.number, eventId: event.id });
    }
    await deps.requests.clearOutboxEntry(entry._id);
    return entry.events.length;
  };
  const relay = async (number: string): Promise<number> => {
    let published = 0;
    for (const entry of await deps.requests.outboxEntries(number)) published += await publish(entry);
    return published;
  };
  return {
    relay,
    async sweep(limit = 100) {
      const pending = await deps.requests.pendingOutbox(limit, deps.sweepMinAgeMs ?? SWEEP_MIN_AGE_MS);
      if (pending.length === 0 || !(await natsAnswers(deps.nc))) return 0;
      let done = 0;
      const failed = new Set<string>();
      for (const entry of pending) {
        // A request whose earlier entry failed keeps its later ones for the next sweep, in order.
        if (failed.has(entry.number)) continue;
        try {
          const published = await publish(entry);
          deps.logger.info('relayed an outbox entry left behind', { requestNumber: entry.number, version: entry.version, published });
          done++;
        } catch (err) {
          failed.add(entry.number);
          deps.logger.warn('outbox relay failed; the next sweep retries', { requestNumber: entry.number, err: err instanceof Error ? err.message : String(err) });
        }
      }
      return done;
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
        if (n > 0) opts.logger.info('outbox sweeper found events left behind', { outboxes: n });
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

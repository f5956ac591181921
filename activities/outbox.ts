/**
 * The outbox relay (DESIGN §3): events a transition wrote into its request's document are published
 * to JetStream (subject from the type, Nats-Msg-Id = event id) and cleared after the acks. A crash
 * between the write and the publish leaves them in the outbox; the sweeper finds them and has them
 * re-published, and JetStream drops any copy it already has (duplicate window), so each event lands once.
 *
 * The read model's document has one writer at a time: the request's workflow (FerretDB 1.24 does not
 * isolate concurrent updates of one document, so a clear racing a transition could undo it). So the
 * sweeper does not clear a running request's outbox itself: it signals the workflow, which relays in
 * turn with its transitions. Only a request whose workflow has ended is relayed by the sweeper directly.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { RELAY_OUTBOX_SIGNAL } from '../contracts/request.ts';
import { subjectOf } from '../contracts/events.ts';
import { requestWorkflowId } from '../contracts/wire.ts';
import type { RequestRepository } from '../data/requests.repository.ts';
import type { Logger } from '../platform/logger.ts';

export interface OutboxRelay {
  /** Publishes one request's outbox in order and clears it; returns how many events were published. */
  relay(number: string): Promise<number>;
  /**
   * Has every outbox left behind (after a crash or a NATS outage) relayed: by its running workflow,
   * or here when the workflow has ended. Returns how many outboxes were relayed or handed over.
   */
  sweep(limit?: number): Promise<number>;
}

/** Asks the request's running workflow to relay its outbox; false when no workflow runs for it any more. */
export type HandOver = (number: string) => Promise<boolean>;

/** The HandOver of a deployment: a signal to `request-<number>`. */
export function handOverToWorkflow(client: Client): HandOver {
  return async (number) => {
    try {
      await client.workflow.getHandle(requestWorkflowId(number)).signal(RELAY_OUTBOX_SIGNAL);
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };
}

/** How long an outbox must have waited before the sweeper touches it (see withPendingOutbox). */
export const SWEEP_MIN_AGE_MS = 30_000;

/** Whether NATS answers now: with it down there is nothing to relay, and no workflow is woken for nothing. */
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

export function createOutboxRelay(deps: {
  requests: RequestRepository;
  nc: NatsConnection;
  logger: Logger;
  /** The sweeper's way to a running workflow; without it (tests of the relay alone) the sweeper relays itself. */
  handOver?: HandOver;
  sweepMinAgeMs?: number;
}): OutboxRelay {
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
      const pending = await deps.requests.withPendingOutbox(limit, deps.sweepMinAgeMs ?? SWEEP_MIN_AGE_MS);
      if (pending.length === 0 || !(await natsAnswers(deps.nc))) return 0;
      let done = 0;
      for (const number of pending) {
        try {
          if (deps.handOver && (await deps.handOver(number))) {
            deps.logger.info('asked the request workflow to relay its outbox', { requestNumber: number });
          } else {
            const published = await relay(number);
            deps.logger.info('relayed the outbox of an ended request', { requestNumber: number, published });
          }
          done++;
        } catch (err) {
          deps.logger.warn('outbox relay failed; the next sweep retries', { requestNumber: number, err: err instanceof Error ? err.message : String(err) });
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

/**
 * A service's commands over NATS request/reply (intake's registrations, repair works): each
 * message handled as it comes, in one queue group (several instances share the commands, each
 * command goes to one), a message that is not JSON handed on as `undefined` for the handler's zod
 * schema to refuse, an unexpected failure logged and answered with `failure`, and the commands in
 * flight awaited on stop so that none is cut off mid-way.
 */
import type { Msg, NatsConnection } from '@nats-io/nats-core';
import type { Logger } from './logger.ts';
import { answerInSpan } from './nats.ts';

export interface CommandServer {
  /** Stops taking commands and waits for the ones in flight. */
  stop(): Promise<void>;
}

export function serveCommands<R>(
  nc: NatsConnection,
  opts: { subject: string; queue: string; logger: Logger; what: string; failure: R },
  handle: (command: unknown) => Promise<R>,
): CommandServer {
  const inFlight = new Set<Promise<void>>();
  // Refused: a reply that says `ok: false` (the caller's mistake or a rule); failed: an unexpected error.
  const outcomeOf = (reply: R): string => (reply === opts.failure ? 'failed' : typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === false ? 'refused' : 'ok');
  const answer = (msg: Msg): Promise<void> => answerInSpan(nc, opts.subject, msg, async () => {
    let reply: R;
    try {
      let command: unknown;
      try {
        command = msg.json();
      } catch {
        command = undefined;
      }
      reply = await handle(command);
    } catch (err) {
      opts.logger.error(`${opts.what} failed`, { err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      reply = opts.failure;
    }
    msg.respond(JSON.stringify(reply));
    return { outcome: outcomeOf(reply) };
  });
  const sub = nc.subscribe(opts.subject, {
    queue: opts.queue,
    callback: (err, msg) => {
      if (err) {
        opts.logger.error(`${opts.what}: subscription error`, { err: err.message });
        return;
      }
      const p = answer(msg).finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
  });
  return {
    async stop() {
      sub.unsubscribe();
      await Promise.allSettled([...inFlight]);
    },
  };
}

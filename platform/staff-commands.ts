/**
 * Staff commands over NATS request/reply (the gateway's reads of the delivery log, reports, …):
 * the input parsed by zod, the answer `{ok: true, data}` or `{ok: false, error}` (contracts
 * StaffReply), one queue group so that with several instances each request is answered once.
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import type { z } from 'zod';
import type { StaffError, StaffReply } from '../contracts/notification.ts';
import type { Logger } from './logger.ts';
import { answerInSpan } from './nats.ts';

/** A refusal the caller is told as it is (a failure of any other kind is answered as internal). */
export class StaffCommandError extends Error {
  constructor(readonly error: StaffError) {
    super(error.message);
  }
}

/** The command's input, parsed by `schema`; an empty message is `{}`. */
export function parseStaffInput<S extends z.ZodType>(schema: S, msg: Msg): z.infer<S> {
  let json: unknown;
  try {
    json = msg.data.length === 0 ? {} : JSON.parse(msg.string());
  } catch {
    throw new StaffCommandError({ code: 'invalid_input', message: 'the request is not JSON' });
  }
  const res = schema.safeParse(json);
  if (!res.success) throw new StaffCommandError({ code: 'invalid_input', message: 'the request is invalid', details: res.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
  return res.data;
}

/** Answers `subject` with what `handle` returns; `internalMessage` is what a caller is told of an unexpected failure. */
export function serveStaffCommand<T>(
  nc: NatsConnection,
  opts: { subject: string; queue: string; logger: Logger; internalMessage?: string },
  handle: (msg: Msg) => Promise<T>,
): Subscription {
  return nc.subscribe(opts.subject, {
    queue: opts.queue,
    callback: (_err, msg) => {
      void answerInSpan(nc, opts.subject, msg, () =>
        handle(msg)
          .then((data): StaffReply<T> => ({ ok: true, data }))
          .catch((err: unknown): StaffReply<T> => {
            if (err instanceof StaffCommandError) return { ok: false, error: err.error };
            opts.logger.error(`${opts.subject} failed`, { err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
            return { ok: false, error: { code: 'internal', message: opts.internalMessage ?? 'internal error' } };
          })
          .then((reply) => {
            msg.respond(JSON.stringify(reply));
            return { outcome: reply.ok ? 'ok' : reply.error.code === 'internal' ? 'failed' : 'refused' };
          }),
      );
    },
  });
}

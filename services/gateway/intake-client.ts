/** The gateway's side of the intake command: NATS request/reply, both ends checked by contracts/intake.ts. */
import type { NatsConnection } from '@nats-io/nats-core';
import { registerReplySchema, type RegisterCommand, type RegisterReply } from '../../contracts/intake.ts';
import { z } from 'zod';
import { healthSubject, SUBJECTS } from '../../contracts/wire.ts';
import { HttpError } from './http-errors.ts';
import { natsRequest } from '../../platform/nats.ts';

export interface IntakeClient {
  register(cmd: RegisterCommand): Promise<RegisterReply>;
}

export function intakeClient(nc: NatsConnection, timeoutMs: number): IntakeClient {
  return {
    async register(cmd) {
      let data: unknown;
      try {
        const msg = await natsRequest(nc, SUBJECTS.intakeRegister, JSON.stringify(cmd), { timeout: timeoutMs });
        data = msg.json();
      } catch {
        // No intake process answering, or none in time: the client may retry with its Idempotency-Key.
        throw new HttpError(503, 'intake_unavailable', 'registration is unavailable right now; retry with the same Idempotency-Key');
      }
      return registerReplySchema.parse(data);
    },
  };
}

const intakeHealthSchema = z.object({ ok: z.boolean().optional(), ready: z.boolean().optional(), missing: z.array(z.string()).optional() });

/** Resolves when an intake process answers and holds the reference data a registration is judged on; rejects saying what is missing. */
export async function intakeReady(nc: NatsConnection, timeoutMs = 1500): Promise<void> {
  let raw: unknown;
  try {
    raw = (await natsRequest(nc, healthSubject('intake'), '', { timeout: timeoutMs })).json();
  } catch {
    throw new Error('no intake process answers');
  }
  const h = intakeHealthSchema.parse(raw);
  if (h.ok === false) throw new Error('intake is not healthy');
  if (h.ready !== true) throw new Error(`intake has no ${(h.missing ?? ['reference data']).join(', ')} loaded yet`);
}

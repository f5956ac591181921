/** The gateway's side of the consultations commands (2.9): NATS request/reply, both ends checked by contracts/consultations.ts. */
import type { NatsConnection } from '@nats-io/nats-core';
import type { z } from 'zod';
import { consultationReplySchema, type ConsultationCommand } from '../../contracts/consultations.ts';
import { SUBJECTS } from '../../contracts/wire.ts';
import { HttpError } from './http-errors.ts';
import { natsRequest } from '../../platform/nats.ts';

export interface ConsultationsClient {
  /** Sends a command; a refusal becomes the HTTP error it names, the result is parsed with `schema`. */
  call<S extends z.ZodType>(cmd: ConsultationCommand, schema: S): Promise<z.output<S>>;
}

export function consultationsClient(nc: NatsConnection, timeoutMs: number): ConsultationsClient {
  return {
    async call(cmd, schema) {
      let data: unknown;
      try {
        const msg = await natsRequest(nc, SUBJECTS.consultations, JSON.stringify(cmd), { timeout: timeoutMs });
        data = msg.json();
      } catch {
        throw new HttpError(503, 'consultations_unavailable', 'the consultations service is unavailable right now; try again');
      }
      const reply = consultationReplySchema.parse(data);
      if (!reply.ok) throw new HttpError(reply.error.status, reply.error.code, reply.error.message, reply.error.details);
      return schema.parse(reply.result);
    },
  };
}

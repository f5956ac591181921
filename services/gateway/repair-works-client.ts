/** The gateway's side of the repair-works commands: NATS request/reply, both ends checked by contracts/repair-works.ts. */
import type { NatsConnection } from '@nats-io/nats-core';
import type { z } from 'zod';
import { repairWorkReplySchema, type RepairWorkCommand } from '../../contracts/repair-works.ts';
import { SUBJECTS } from '../../contracts/wire.ts';
import { HttpError } from './http-errors.ts';
import { natsRequest } from '../../platform/nats.ts';

export interface RepairWorksClient {
  /** Sends a command; a refusal becomes the HTTP error it names, the result is parsed with `schema`. */
  call<S extends z.ZodType>(cmd: RepairWorkCommand, schema: S): Promise<z.output<S>>;
}

export function repairWorksClient(nc: NatsConnection, timeoutMs: number): RepairWorksClient {
  return {
    async call(cmd, schema) {
      let data: unknown;
      try {
        const msg = await natsRequest(nc, SUBJECTS.repairWorks, JSON.stringify(cmd), { timeout: timeoutMs });
        data = msg.json();
      } catch {
        throw new HttpError(503, 'repair_works_unavailable', 'the repair-works service is unavailable right now; try again');
      }
      const reply = repairWorkReplySchema.parse(data);
      if (!reply.ok) throw new HttpError(reply.error.status, reply.error.code, reply.error.message, reply.error.details);
      return schema.parse(reply.result);
    },
  };
}

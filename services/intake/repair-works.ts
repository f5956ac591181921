/**
 * Intake's link to the repair-works service (8.1.6): on registration, the active work whose
 * addresses and categories match the call, recorded by that service as linked to the request. An
 * outage the service cannot tell about right now does not hold up the registration: the request is
 * registered unlinked and the miss is logged.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { z } from 'zod';
import { repairWorkReplySchema, type RepairWorkCommand } from '../../contracts/repair-works.ts';
import { repairWorkLinkSchema, type Address, type RepairWorkLink } from '../../contracts/request.ts';
import { SUBJECTS } from '../../contracts/wire.ts';
import type { Logger } from '../../platform/logger.ts';
import { natsRequest } from '../../platform/nats.ts';

export type RepairWorkLinker = (call: { number: string; categoryCode: string; address: Address; at: Date }) => Promise<RepairWorkLink | undefined>;

const linkResultSchema = z.object({ work: repairWorkLinkSchema.nullable() });

export function repairWorkLinker(nc: NatsConnection, logger: Logger, timeoutMs = 2_000): RepairWorkLinker {
  return async ({ number, categoryCode, address, at }) => {
    const cmd: RepairWorkCommand = { op: 'link', number, categoryCode, district: address.district, street: address.street, building: address.building, at: at.toISOString() };
    try {
      const msg = await natsRequest(nc, SUBJECTS.repairWorks, JSON.stringify(cmd), { timeout: timeoutMs });
      const reply = repairWorkReplySchema.parse(msg.json());
      if (!reply.ok) {
        logger.warn('the repair-works service refused the link look-up; registering unlinked', { requestNumber: number, code: reply.error.code, err: reply.error.message });
        return undefined;
      }
      return linkResultSchema.parse(reply.result).work ?? undefined;
    } catch (err) {
      logger.warn('no answer from the repair-works service; registering unlinked', { requestNumber: number, err: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  };
}

/**
 * The staff read-out over NATS request/reply (the gateway's staff routes call it): the delivery
 * log, the parked messages, and re-driving a parked message once its cause is fixed. And one
 * direct SMS at the gateway's request (a phone confirmation code), through the same SMS channel.
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  deliveriesQuerySchema,
  directSmsSchema,
  NOTIFICATION_SUBJECTS,
  parkedQuerySchema,
  redriveInputSchema,
  type ParkedMessage,
} from '../../contracts/notification.ts';
import { QUEUE_GROUPS } from '../../contracts/wire.ts';
import type { NotificationRepository } from '../../data/notifications.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import { parseStaffInput, serveStaffCommand, StaffCommandError } from '../../platform/staff-commands.ts';
import { randomUUID } from 'node:crypto';
import { ChannelError, type Channel } from './channels.ts';
import type { Notifier } from './notifier.ts';

/**
 * Re-drives a parked message now: the same notifier, with the delivery log skipping whatever went
 * out already. A malformed message cannot be re-driven (its publisher must send a correct event).
 */
export async function redrive(deps: { repo: NotificationRepository; notifier: Notifier; logger: Logger }, id: string): Promise<ParkedMessage> {
  const parked = await deps.repo.getParked(id);
  if (!parked) throw new StaffCommandError({ code: 'not_found', message: `no parked message ${id}` });
  if (parked.status === 'redriven') return parked;
  const res = await deps.notifier.process(parked.payload);
  switch (res.kind) {
    case 'done':
    case 'ignored': {
      const done = await deps.repo.markRedriven(id, new Date());
      deps.logger.info('re-drove a parked message', { parkedId: id, eventId: parked.eventId });
      return done ?? parked;
    }
    case 'malformed':
      throw new StaffCommandError({ code: 'unprocessable', message: `the message cannot be delivered as it is: ${res.error}` });
    case 'retry':
    case 'rejected': {
      await deps.notifier.parkDeliveries(parked.payload, res.error);
      const failed = await deps.repo.markRedriveFailed(id, res.error);
      return failed ?? parked;
    }
  }
}

/** Sends one SMS now; the text is not logged here (it may hold a code), only where it went and why. */
async function sendDirectSms(deps: { sms: Channel; logger: Logger }, msg: Msg): Promise<{ providerMessageId?: string }> {
  const input = parseStaffInput(directSmsSchema, msg);
  const id = randomUUID();
  try {
    const res = await deps.sms.send({ to: input.to, subject: '', text: input.text, html: '', sms: input.text, messageId: id, eventId: `direct-${id}`, template: input.purpose });
    deps.logger.info('sent a direct SMS', { purpose: input.purpose, providerMessageId: res.providerMessageId });
    return res.providerMessageId ? { providerMessageId: res.providerMessageId } : {};
  } catch (err) {
    if (err instanceof ChannelError) throw new StaffCommandError({ code: err.permanent ? 'unprocessable' : 'internal', message: `the SMS was not sent: ${err.message}` });
    throw err;
  }
}

export function serveStaff(deps: { nc: NatsConnection; repo: NotificationRepository; notifier: Notifier; sms: Channel; logger: Logger }): Subscription[] {
  const { nc, repo, logger } = deps;
  // One queue group: with several instances each request is answered once.
  const serve = <T>(subject: string, handler: (msg: Msg) => Promise<T>): Subscription => serveStaffCommand(nc, { subject, queue: QUEUE_GROUPS.notification, logger }, handler);
  return [
    serve(NOTIFICATION_SUBJECTS.deliveries, async (msg) => repo.listDeliveries(parseStaffInput(deliveriesQuerySchema, msg))),
    serve(NOTIFICATION_SUBJECTS.parked, async (msg) => repo.listParked(parseStaffInput(parkedQuerySchema, msg))),
    serve(NOTIFICATION_SUBJECTS.redrive, async (msg) => redrive(deps, parseStaffInput(redriveInputSchema, msg).id)),
    serve(NOTIFICATION_SUBJECTS.sms, async (msg) => sendDirectSms(deps, msg)),
  ];
}

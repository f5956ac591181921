/** Staff read-out of the notification service: the delivery log and the parked messages (NATS request/reply). */
import type { NatsConnection } from '@nats-io/nats-core';
import { z } from 'zod';
import {
  deliveriesPageSchema,
  deliveriesQuerySchema,
  NOTIFICATION_SUBJECTS,
  parkedMessageSchema,
  parkedPageSchema,
  parkedQuerySchema,
  staffReply,
  type StaffReply,
} from '../../../contracts/notification.ts';
import { HttpError } from '../http-errors.ts';
import { route, type AnyRoute } from './define.ts';
import { natsRequest } from '../../../platform/nats.ts';

const STATUS_OF = { invalid_input: 400, not_found: 404, unprocessable: 422, internal: 500 } as const;

/** One request/reply to the notification service; its refusals become the API's errors. */
export async function ask<T extends z.ZodType>(nc: NatsConnection, subject: string, payload: unknown, data: T): Promise<z.output<T>> {
  let raw: unknown;
  try {
    raw = (await natsRequest(nc, subject, JSON.stringify(payload), { timeout: 10_000 })).json();
  } catch {
    throw new HttpError(503, 'notification_unavailable', 'the notification service does not answer');
  }
  const reply = staffReply(data).parse(raw) as StaffReply<z.output<T>>;
  if (reply.ok) return reply.data;
  throw new HttpError(STATUS_OF[reply.error.code], reply.error.code, reply.error.message, reply.error.details);
}

export const notificationRoutes: AnyRoute[] = [
  route({
    id: 'notifications.deliveries',
    method: 'get',
    path: '/notifications/deliveries',
    tag: 'notifications',
    summary: 'List notification deliveries',
    description: 'Who was told what and when (emails, SMS), after how many attempts — filter by request number, memo, recipient, status, template.',
    query: deliveriesQuerySchema,
    responses: { 200: { description: 'A page of deliveries', schema: deliveriesPageSchema.meta({ id: 'DeliveriesPage' }) } },
    handler: async ({ query, deps }) => ({ body: await ask(deps.nc, NOTIFICATION_SUBJECTS.deliveries, query, deliveriesPageSchema) }),
  }),
  route({
    id: 'notifications.parked',
    method: 'get',
    path: '/notifications/parked',
    tag: 'notifications',
    summary: 'List parked notifications',
    description: 'Events that could not be delivered and wait for a person.',
    query: parkedQuerySchema,
    responses: { 200: { description: 'A page of parked messages', schema: parkedPageSchema.meta({ id: 'ParkedPage' }) } },
    handler: async ({ query, deps }) => ({ body: await ask(deps.nc, NOTIFICATION_SUBJECTS.parked, query, parkedPageSchema) }),
  }),
  route({
    id: 'notifications.redrive',
    method: 'post',
    path: '/notifications/parked/{id}/redrive',
    tag: 'notifications',
    summary: 'Deliver a parked notification again',
    params: z.object({ id: z.string().min(1).max(64) }),
    body: z.object({}).strict(),
    responses: { 200: { description: 'The parked message after the attempt', schema: parkedMessageSchema.meta({ id: 'ParkedMessage' }) }, 404: { description: 'No such parked message' } },
    handler: async ({ params, deps }) => ({ body: await ask(deps.nc, NOTIFICATION_SUBJECTS.redrive, { id: params.id }, parkedMessageSchema) }),
  }),
];

/**
 * Helpers for the notification tests: well-formed events (validated by the contracts' schemas), a
 * notification service of the test's own (its own durable consumer and database, so tests never see
 * each other's messages), and readers for the mailbox, the delivery log and the consumer's state.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { randomUUID } from 'node:crypto';
import { memoEventSchema, requestEventSchema, subjectOf, type MemoEvent, type RequestEvent } from '../../contracts/events.ts';
import { NOTIFICATION_SUBJECTS, type DeliveriesPage, type ParkedPage, type StaffReply } from '../../contracts/notification.ts';
import type { ClosureProposal } from '../../contracts/request.ts';
import { STREAMS } from '../../contracts/wire.ts';
import type { SinkMessage } from '../../infra/smtp-sink.ts';
import { notificationEnv, type NotificationConfig } from '../../services/notification/config.ts';
import winston from 'winston';
import { mongoUrlFor, testLogger, testStack } from '../support/stack.ts';

/** For tests that provoke failures on purpose: their error logs are expected, so they stay quiet unless TEST_LOG_LEVEL asks. */
export const expectedErrorsLogger = process.env.TEST_LOG_LEVEL ? testLogger : winston.createLogger({ silent: true });

let seq = 0;
const run = randomUUID().slice(0, 6);

/** A unique address on the test domain, so a test reads only its own mail. */
export const uniqueEmail = (who: string): string => `${who}-${run}-${++seq}@test.kr.gov.ua`;

/** A request number no other test uses. */
export const uniqueNumber = (): string => `KR-2026-${String(100000 + Math.floor(Math.random() * 800000) + ++seq).padStart(6, '0')}`;

/** A configuration for a notification service of the test's own. */
export function notificationConfig(overrides: Record<string, string> = {}): NotificationConfig {
  const s = testStack();
  return notificationEnv.parse({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    MONGO_URL: mongoUrlFor('notification'),
    NATS_URL: s.NATS_URL,
    SMTP_URL: s.SMTP_URL,
    NOTIFY_DURABLE: `notification-test-${randomUUID().slice(0, 8)}`,
    NOTIFY_DELIVER_POLICY: 'new',
    NOTIFY_BACKOFF_MS: '200,400,800',
    SMTP_TIMEOUT_MS: '3000',
    ...overrides,
  });
}

export interface RequestEventInput {
  number?: string;
  executorEmail?: string | null;
  applicantEmail?: string | null;
  details?: Record<string, unknown>;
  status?: string;
  deadlineAt?: string | null;
}

export function requestEvent(type: RequestEvent['type'], input: RequestEventInput = {}): RequestEvent {
  const number = input.number ?? uniqueNumber();
  return requestEventSchema.parse({
    id: randomUUID(),
    type,
    occurredAt: '2026-03-02T09:15:00+02:00',
    actor: { id: 'system', role: 'system' },
    data: {
      version: 1,
      details: input.details ?? {},
      request: {
        number,
        status: input.status ?? 'in_progress',
        channel: 'phone',
        categoryCode: 'WATER-01',
        categoryName: 'Відсутність холодного водопостачання',
        executorId: 'kp-kryvbasvodokanal',
        executor: {
          id: 'kp-kryvbasvodokanal',
          name: 'КП «Кривбасводоканал»',
          ...(input.executorEmail === null ? {} : { email: input.executorEmail ?? uniqueEmail('executor') }),
        },
        district: 'Центрально-Міський',
        address: { district: 'Центрально-Міський', street: 'вул. Степана Тільги', building: '12', apartment: '45' },
        applicant: {
          name: 'Олена Петренко',
          phone: '+380671234567',
          ...(input.applicantEmail === null ? {} : { email: input.applicantEmail ?? uniqueEmail('applicant') }),
        },
        description: 'Третю добу немає холодної води в під’їзді № 2.',
        registeredAt: '2026-03-02T09:15:00+02:00',
        deadlineAt: input.deadlineAt === undefined ? '2026-03-03T17:00:00+02:00' : input.deadlineAt,
        overdue: false,
      },
    },
  });
}

export const closureResult = (): ClosureProposal => ({
  result: 'Замінено засувку на вводі, водопостачання відновлено.',
  unit: 'Дільниця № 3 аварійно-відновлювальних робіт',
  enterprise: 'КП «Кривбасводоканал»',
  executorSurname: 'Коваленко',
  executorPhone: '+380564901122',
  date: '2026-03-03',
  applicantInformedVia: 'mobile',
});

export function memoEvent(type: MemoEvent['type'], notify: string[]): MemoEvent {
  return memoEventSchema.parse({
    id: randomUUID(),
    type,
    occurredAt: '2026-03-02T11:40:00+02:00',
    actor: { id: 'op-17', role: 'operator', name: 'Ірина Бойко' },
    data: { memoId: `M-${randomUUID().slice(0, 8)}`, phone: '+380501112233', reason: 'obscene_language', text: 'Заявник систематично вживав нецензурну лексику.', status: 'pending', notify },
  });
}

/** Publishes like the outbox relay does: subject by type, Nats-Msg-Id = event id (unless told otherwise). */
export async function publish(nc: NatsConnection, event: { id: string; type: string }, msgID: string = event.id): Promise<void> {
  await jetstream(nc).publish(subjectOf(event.type), JSON.stringify(event), { msgID });
}

export async function publishRaw(nc: NatsConnection, subject: string, payload: string): Promise<number> {
  const ack = await jetstream(nc).publish(subject, payload, { msgID: randomUUID() });
  return ack.seq;
}

export async function mailbox(url: string = testStack().MAILBOX_URL): Promise<SinkMessage[]> {
  const res = await fetch(`${url}/messages`);
  return (await res.json()) as SinkMessage[];
}

export async function mailTo(address: string, url?: string): Promise<SinkMessage[]> {
  return (await mailbox(url)).filter((m) => m.to.includes(address));
}

/** For `eventually`: the mail that reached `address`, once there is any. */
export async function arrivedAt(address: string, url?: string): Promise<SinkMessage[] | undefined> {
  const mails = await mailTo(address, url);
  return mails.length > 0 ? mails : undefined;
}

export async function staff<T>(nc: NatsConnection, subject: string, body: unknown): Promise<StaffReply<T>> {
  const res = await nc.request(subject, JSON.stringify(body), { timeout: 5000 });
  return res.json<StaffReply<T>>();
}

export async function deliveries(nc: NatsConnection, query: Record<string, unknown>): Promise<DeliveriesPage> {
  const reply = await staff<DeliveriesPage>(nc, NOTIFICATION_SUBJECTS.deliveries, query);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data;
}

export async function parked(nc: NatsConnection, query: Record<string, unknown> = {}): Promise<ParkedPage> {
  const reply = await staff<ParkedPage>(nc, NOTIFICATION_SUBJECTS.parked, query);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.data;
}

/** True once the consumer has nothing left to deliver and nothing waiting for an ack. */
export async function settled(nc: NatsConnection, durable: string): Promise<true | undefined> {
  const info = await consumerInfo(nc, durable);
  return info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq > 0 ? true : undefined;
}

export async function consumerInfo(nc: NatsConnection, durable: string) {
  return (await jetstreamManager(nc)).consumers.info(STREAMS.events.name, durable);
}

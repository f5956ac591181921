/**
 * A server restart, for real: the FerretDB, nats-server or Temporal dev server of this test's own is
 * killed (SIGKILL, no goodbye to its clients) while every service runs in this process, and started
 * again on the same port and data seconds later. No service may give itself up as lost, and each
 * does its work again without being restarted: the gateway registers through intake (NATS, MongoDB,
 * Temporal), the worker runs the request's workflow, the registration event reaches the reporting
 * read model, the notification service mails, and every service answers its health subject.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { expect } from 'chai';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { subjectOf } from '../../contracts/events.ts';
import { QUERY_CARD, type RequestCard } from '../../contracts/request.ts';
import { healthSubject, requestWorkflowId } from '../../contracts/wire.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { usersRepository } from '../../data/users.repository.ts';
import { seed } from '../../infra/seed/seed.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats } from '../../platform/nats.ts';
import type { HealthReply, RunningService } from '../../platform/service.ts';
import { startConsultations } from '../../services/consultations/service.ts';
import { gatewayEnv } from '../../services/gateway/config.ts';
import { startGateway } from '../../services/gateway/gateway.ts';
import { startIntake } from '../../services/intake/service.ts';
import { startNotification } from '../../services/notification/service.ts';
import { startRepairWorks } from '../../services/repair-works/service.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { startWorker } from '../../services/worker/worker.ts';
import { bearer, phoneCall, TEST_JWT_SECRET } from '../gateway/support.ts';
import { arrivedAt, expectedErrorsLogger, notificationConfig, requestEvent, uniqueEmail } from '../notification/support.ts';
import { reportingConfig } from '../reporting/support.ts';
import { ownFerretDb, ownNats, ownTemporal, type OwnServer } from '../support/own-servers.ts';
import { eventually } from '../support/stack.ts';

const SERVICES = ['worker', 'intake', 'repair-works', 'consultations', 'notification', 'reporting', 'gateway'] as const;

/** The server is down this long: the outage itself, not a wait for something to happen. */
const outage = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('services ride out a restart of MongoDB, NATS or Temporal without being restarted', function () {
  this.timeout(300_000);
  let db: OwnServer;
  let nats: OwnServer;
  let temporal: OwnServer & { address: string };
  let mongo: Connection;
  let nc: NatsConnection;
  let temporalConnection: TemporalConnection;
  let client: Client;
  let reports: ReportsRepository;
  let http: ReturnType<typeof request>;
  let operator: string;
  const running: Array<{ name: string; svc: RunningService; lost?: string }> = [];

  before(async () => {
    [db, nats, temporal] = await Promise.all([ownFerretDb('reconnect'), ownNats(), ownTemporal()]);
    mongo = await connectMongo(db.url);
    await seed(mongo, { users: false });
    await usersRepository(mongo).create({ login: 'operator.reconnect', password: 'password-1520', role: 'operator', name: 'Оператор' });
    const common = { NODE_ENV: 'test' as const, LOG_LEVEL: 'error' as const, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default', MONGO_URL: db.url, NATS_URL: nats.url };
    const add = (name: string, svc: RunningService): void => {
      const entry: (typeof running)[number] = { name, svc };
      running.push(entry);
      void svc.lost?.then((why) => {
        entry.lost = why;
      });
    };
    add('worker', await startWorker(common, expectedErrorsLogger));
    add('intake', await startIntake({ ...common, CITY_PREFIX: 'RC', REPEAT_WINDOW_DAYS: 30 }, expectedErrorsLogger));
    add('repair-works', await startRepairWorks(common, expectedErrorsLogger));
    add('consultations', await startConsultations({ ...common, CITY_PREFIX: 'RC' }, expectedErrorsLogger));
    add('notification', await startNotification(notificationConfig({ MONGO_URL: db.url, NATS_URL: nats.url }), expectedErrorsLogger));
    // With its scheduled reports' worker, which polls Temporal as the main worker does.
    const reporting = reportingConfig({ MONGO_URL: db.url, NATS_URL: nats.url, TEMPORAL_ADDRESS: temporal.address, REPORT_SCHEDULES: 'on', REPORT_SCHEDULE_PREFIX: `reconnect-${randomUUID().slice(0, 8)}` });
    add('reporting', await startReporting(reporting, expectedErrorsLogger));
    const gateway = await startGateway(
      {
        ...gatewayEnv.parse({ ...common, ADMIN_LOGIN: 'admin', ADMIN_PASSWORD: 'admin-password-1520', JWT_SECRET: TEST_JWT_SECRET, JWT_TTL_HOURS: 8, MAX_UPLOAD_MB: 1, INTAKE_TIMEOUT_MS: 5000, ACTION_TIMEOUT_MS: 30_000 }),
        PORT: 0,
      },
      expectedErrorsLogger,
    );
    add('gateway', gateway);
    http = request(`http://127.0.0.1:${gateway.port}`);
    operator = (await http.post('/api/v1/auth/login').send({ login: 'operator.reconnect', password: 'password-1520' })).body.token as string;
    nc = await connectNats(nats.url, 'reconnect-test');
    temporalConnection = await TemporalConnection.connect({ address: temporal.address });
    client = new Client({ connection: temporalConnection });
    reports = new ReportsRepository(mongo);
    // Everything works before any outage.
    await worksAgain('at the start');
  });

  after(async () => {
    await Promise.all([db?.start(), nats?.start(), temporal?.start()]);
    for (const r of running.reverse()) await r.svc.stop().catch(() => undefined);
    await nc?.close();
    await temporalConnection?.close();
    await mongo?.close();
    await Promise.all([db?.stop(), nats?.stop(), temporal?.stop()]);
  });

  const lost = (): string[] => running.filter((r) => r.lost !== undefined).map((r) => `${r.name}: ${r.lost}`);

  /** Each service does its work again, within a minute of the server's return. */
  async function worksAgain(when: string): Promise<string> {
    const within = 60_000;
    // The gateway, intake, MongoDB and Temporal: a registration (one key, so a retry is the same one).
    const key = randomUUID();
    const body = phoneCall({ address: { district: 'Саксаганський', street: 'вул. Перезапуску', building: String(Math.floor(Math.random() * 1000)) } });
    const registered = await eventually(
      async () => {
        const res = await http.post('/api/v1/requests').set(bearer(operator)).set('Idempotency-Key', key).send(body);
        return res.status === 201 ? res : undefined;
      },
      `a registration ${when}`,
      within,
    );
    const number = registered.body.number as string;
    // The worker: only a polling worker answers a query.
    const card = await eventually(
      () => client.workflow.getHandle(requestWorkflowId(number)).query<RequestCard>(QUERY_CARD),
      `the worker to run the workflow of ${number} ${when}`,
      within,
    );
    expect(card.number).to.equal(number);
    // Reporting: the registration event, relayed to JetStream, in its read model.
    await eventually(async () => ((await reports.history(number))?.events.length ? true : undefined), `the registration of ${number} in the reports ${when}`, within);
    // Notification: an event published now is mailed.
    const email = uniqueEmail('reconnect');
    const e = requestEvent('request.overdue', { executorEmail: email });
    await eventually(async () => (await jetstream(nc).publish(subjectOf(e.type), JSON.stringify(e), { msgID: e.id }), true), `publishing an event ${when}`, within);
    await eventually(() => arrivedAt(email), `the mail of an event published ${when}`, within);
    // Repair works and consultations answer the gateway's commands again (NATS, MongoDB).
    for (const path of ['/api/v1/repair-works', '/api/v1/consultations']) {
      await eventually(async () => ((await http.get(path).set(bearer(operator))).status === 200 ? true : undefined), `${path} ${when}`, within);
    }
    // Every service answers for itself, healthy.
    for (const service of SERVICES) {
      const reply = await eventually(async () => (await nc.request(healthSubject(service), '', { timeout: 2000 })).json<HealthReply>(), `${service}'s health ${when}`, within);
      expect(reply.ok, `${service}: ${reply.problems.join('; ')}`).to.equal(true);
    }
    expect(lost(), `services given up as lost ${when}`).to.deep.equal([]);
    return number;
  }

  /** A mail the notification service is to send for an event published now. */
  async function publishOverdue(): Promise<string> {
    const email = uniqueEmail('in-flight');
    const e = requestEvent('request.overdue', { executorEmail: email });
    await jetstream(nc).publish(subjectOf(e.type), JSON.stringify(e), { msgID: e.id });
    return email;
  }

  /** Kills the server, runs `during` while it is down, and starts it again after `downMs`. */
  async function restart<T>(server: OwnServer, downMs: number, during: () => Promise<T>): Promise<T> {
    await server.kill();
    try {
      const [done] = await Promise.all([during(), outage(downMs)]);
      return done;
    } finally {
      await server.start();
    }
  }

  it('keeps every service working across a crash and restart of FerretDB, and handles what arrived meanwhile', async () => {
    // An event that arrives while the database is down is retried until it can be handled.
    const email = await restart(db, 5000, publishOverdue);
    await eventually(() => arrivedAt(email), 'the mail of an event published while FerretDB was down', 60_000);
    await worksAgain('after FerretDB came back');
  });

  it('keeps every service working across a crash and restart of nats-server, and relays the events of a transition made meanwhile', async () => {
    const number = await worksAgain('before nats-server is killed');
    // A transition while NATS is down (the gateway reaches Temporal directly): its event waits in the outbox.
    const text = `Коментар під час перезапуску NATS ${randomUUID()}`;
    await restart(nats, 5000, async () => {
      const res = await http.post(`/api/v1/requests/${number}/comments`).set(bearer(operator)).set('Idempotency-Key', randomUUID()).send({ text, public: false });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    });
    // The outbox sweeper relays it once NATS is back, and the reports see it.
    await eventually(async () => ((await reports.history(number))?.events.some((e) => e.type === 'request.comment_added') ? true : undefined), 'the comment event relayed after nats-server came back', 90_000);
    await worksAgain('after nats-server came back');
  });

  it('keeps every service working across a crash and restart of the Temporal server, down for longer than a minute', async () => {
    // Over a minute: Core retries a task poll that fails Unavailable for ever, but other failures of a
    // poll only for its first 60 s (LONG_POLL_FATAL_GRACE), after which the worker would fail.
    await restart(temporal, 65_000, async () => undefined);
    await worksAgain('after the Temporal server came back');
  });
});

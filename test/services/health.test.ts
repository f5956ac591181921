/**
 * Health that means something: a process whose vital part stopped answers unhealthy on its own
 * health subject and exits (to be started again); one replica cannot answer for another.
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { healthSubject, STREAMS } from '../../contracts/wire.ts';
import { healthcheck } from '../../infra/healthcheck.ts';
import { repoRoot } from '../../infra/stack/paths.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import { instanceIdOf } from '../../platform/platform.ts';
import { answerHealth, type HealthReply } from '../../platform/service.ts';
import { startNotification } from '../../services/notification/service.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { startWorker } from '../../services/worker/worker.ts';
import { expectedErrorsLogger, notificationConfig } from '../notification/support.ts';
import { reportingConfig } from '../reporting/support.ts';
import { eventually, mongoUrlFor, testStack } from '../support/stack.ts';

const ask = async (nc: NatsConnection, subject: string): Promise<HealthReply> => (await nc.request(subject, '', { timeout: 2000 })).json<HealthReply>();

describe('health that means something', function () {
  this.timeout(120_000);
  let nc: NatsConnection;

  before(async () => {
    nc = await connectNats(testStack().NATS_URL, 'health-test');
    await ensureStreams(nc);
  });
  after(async () => {
    await nc.close();
  });

  it('answers each instance on a subject of its own, so a healthy replica cannot answer for a stuck one', async () => {
    const service = `replicas-${randomUUID().slice(0, 8)}`;
    const healthy = answerHealth(nc, service, { instance: 'replica-a' });
    const stuck = answerHealth(nc, service, { instance: 'replica-b', problems: () => ['the event consumer stopped: consumer deleted'] });
    try {
      await nc.flush();
      await healthcheck(service, { NATS_URL: testStack().NATS_URL, INSTANCE_ID: 'replica-a' });
      const err = await healthcheck(service, { NATS_URL: testStack().NATS_URL, INSTANCE_ID: 'replica-b' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String(err)).to.contain('the event consumer stopped');
      expect((await ask(nc, healthSubject(service, 'replica-b'))).instance).to.equal('replica-b');
    } finally {
      healthy.unsubscribe();
      stuck.unsubscribe();
    }
  });

  it('a worker whose Temporal worker stopped answers unhealthy and reports itself lost', async () => {
    const s = testStack();
    const svc = await startWorker({ NODE_ENV: 'test', LOG_LEVEL: 'error', TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: 'default', MONGO_URL: mongoUrlFor('health_worker'), NATS_URL: s.NATS_URL }, expectedErrorsLogger);
    try {
      const subject = healthSubject('worker', instanceIdOf());
      expect(await eventually(() => ask(nc, subject), 'the health answer')).to.include({ ok: true, pid: process.pid });
      // The Temporal worker stops on its own (as on a fatal error), the service is not asked to stop.
      svc.temporalWorker.shutdown();
      expect(await svc.lost).to.match(/^the Temporal worker stopped/);
      const reply = await ask(nc, subject);
      expect(reply.ok).to.equal(false);
      expect(reply.problems.join()).to.contain('the Temporal worker stopped');
    } finally {
      await svc.stop();
    }
  });

  it('a notification service whose event consumer ended answers unhealthy and reports itself lost', async () => {
    const config = notificationConfig();
    const svc = await startNotification(config, expectedErrorsLogger);
    try {
      const subject = healthSubject('notification', instanceIdOf());
      // The service's subscriptions reach the server a moment after it started.
      expect(await eventually(() => ask(nc, subject), 'the health answer')).to.include({ ok: true });
      // Someone deletes the durable consumer: nothing would ever be delivered again.
      await (await jetstreamManager(nc)).consumers.delete(STREAMS.events.name, config.NOTIFY_DURABLE);
      expect(await svc.lost).to.match(/^the event consumer stopped/);
      expect((await ask(nc, subject)).ok).to.equal(false);
    } finally {
      await svc.stop();
    }
  });

  it('a reporting service whose event projection ended answers unhealthy and reports itself lost', async () => {
    const config = reportingConfig();
    const svc = await startReporting(config, expectedErrorsLogger);
    try {
      const subject = healthSubject('reporting', instanceIdOf());
      expect(await eventually(() => ask(nc, subject), 'the health answer')).to.include({ ok: true });
      await (await jetstreamManager(nc)).consumers.delete(STREAMS.events.name, config.REPORT_DURABLE);
      expect(await svc.lost).to.match(/^the event projection stopped/);
      expect((await ask(nc, subject)).ok).to.equal(false);
    } finally {
      await svc.stop();
    }
  });

  it('a notification process whose event consumer ended exits non-zero, to be started again', async () => {
    const config = notificationConfig();
    const instance = `notification-${randomUUID().slice(0, 8)}`;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'services', 'notification', 'main.ts')], {
      cwd: repoRoot,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', MONGO_URL: config.MONGO_URL, NATS_URL: config.NATS_URL, SMTP_URL: config.SMTP_URL, NOTIFY_DURABLE: config.NOTIFY_DURABLE, INSTANCE_ID: instance },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await eventually(async () => ((await ask(nc, healthSubject('notification', instance))).ok ? true : undefined), 'the notification process to be ready', 60_000);
      await (await jetstreamManager(nc)).consumers.delete(STREAMS.events.name, config.NOTIFY_DURABLE);
      expect(await exited, output).to.equal(1);
      expect(output).to.contain('the event consumer stopped');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { NOTIFICATION_SUBJECTS, type ParkedMessage } from '../../contracts/notification.ts';
import { STREAMS } from '../../contracts/wire.ts';
import { startSmtpSink, type SmtpSink } from '../../infra/smtp-sink.ts';
import { freePort } from '../../infra/stack/process.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import type { RunningService } from '../../platform/service.ts';
import { ensureConsumer } from '../../services/notification/consumer.ts';
import { consumerOptions, startNotification } from '../../services/notification/service.ts';
import { eventually, testStack } from '../support/stack.ts';
import { arrivedAt, closureResult, deliveries, expectedErrorsLogger, mailTo, notificationConfig, parked, publish, publishRaw, requestEvent, settled, staff } from './support.ts';


/** An SMTP sink of the test's own, which the test can stop and start again on the same ports. */
async function ownSink(): Promise<{ smtpUrl: string; mailboxUrl: string; start(): Promise<SmtpSink> }> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailboxUrl: `http://127.0.0.1:${httpPort}`,
    start: () => startSmtpSink({ smtpPort, httpPort }),
  };
}

describe('notification service when delivery fails', function () {
  this.timeout(60_000);
  let nc: NatsConnection;
  const running: Array<{ stop(): Promise<void> }> = [];

  before(async () => {
    nc = await connectNats(testStack().NATS_URL, 'notification-test');
    await ensureStreams(nc);
  });
  afterEach(async () => {
    // Services first: an SMTP server waits for the pooled connections of a running service to close.
    for (const r of running.splice(0)) await r.stop();
  });
  after(async () => {
    await nc.close();
  });

  const start = async (config: Parameters<typeof startNotification>[0]): Promise<RunningService> => {
    const svc = await startNotification(config, expectedErrorsLogger);
    running.push(svc);
    return svc;
  };

  it('with SMTP down, holds the mail without parking it and sends it once SMTP is back', async () => {
    const sink = await ownSink();
    // Up, then down before the service connects: the relay is unreachable when the event arrives.
    await (await sink.start()).stop();
    const config = notificationConfig({ SMTP_URL: sink.smtpUrl, NOTIFY_MAX_DELIVER: '60', NOTIFY_BACKOFF_MS: '100,200,400' });
    await start(config);
    const e = requestEvent('request.returned_for_rework', { status: 'rework', details: { origin: '9.2.5' } });
    await publish(nc, e);

    const failing = await eventually(async () => {
      const p = await deliveries(nc, { eventId: e.id, template: 'executor.rework' });
      return p.items[0] && p.items[0].attempts >= 3 ? p.items[0] : undefined;
    }, 'three failed attempts');
    expect(failing.status).to.be.oneOf(['failed', 'sending']);
    expect(failing.lastError ?? '').to.match(/ECONNECTION|ESOCKET|ECONNREFUSED/);
    expect((await parked(nc)).total).to.equal(0);

    const back = await sink.start();
    running.push(back);
    const mails = await eventually(() => arrivedAt(e.data.request.executor.email!, sink.mailboxUrl), 'the mail once SMTP is back', 20_000);
    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the event acknowledged');
    expect(mails).to.have.length(1);
    expect(await mailTo(e.data.request.executor.email!, sink.mailboxUrl)).to.have.length(1);
    expect(await mailTo(e.data.request.applicant.email!, sink.mailboxUrl)).to.have.length(1);
    expect(mails[0]!.subject).to.equal(`Звернення № ${e.data.request.number}: повернуто на доопрацювання`);
    const log = await deliveries(nc, { eventId: e.id });
    expect(log.items.map((d) => d.status)).to.deep.equal(['sent', 'sent']);
    expect((await parked(nc)).total).to.equal(0);
  });

  it('parks an event still failing after N deliveries, and sends it once when staff re-drive it', async () => {
    const sink = await ownSink();
    const config = notificationConfig({ SMTP_URL: sink.smtpUrl, NOTIFY_MAX_DELIVER: '3', NOTIFY_BACKOFF_MS: '100' });
    await start(config);
    const e = requestEvent('request.overdue');
    await publish(nc, e);

    const page = await eventually(async () => {
      const p = await parked(nc);
      return p.items.length > 0 ? p : undefined;
    }, 'the parked message');
    const item = page.items[0]!;
    expect(item).to.include({ eventId: e.id, eventType: 'request.overdue', reason: 'retries_exhausted', deliveries: 3, status: 'parked', consumer: config.NOTIFY_DURABLE, subject: 'cc.events.request.overdue' });
    expect(item.error).to.include('failed 3 deliveries');
    expect(JSON.parse(item.payload)).to.deep.include({ id: e.id });
    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the parked message acknowledged');
    const log = await deliveries(nc, { eventId: e.id });
    expect(log.items[0]).to.include({ status: 'parked', attempts: 3 });

    // Re-drive while SMTP is still down: it stays parked and says why.
    const early = await staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: item.id });
    expect(early.ok && early.data).to.include({ status: 'parked', redriveAttempts: 1 });
    expect(early.ok && early.data.lastRedriveError).to.match(/ECONNECTION|ESOCKET|ECONNREFUSED/);

    running.push(await sink.start());
    const done = await staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: item.id });
    expect(done.ok && done.data).to.include({ status: 'redriven', redriveAttempts: 2 });
    const again = await staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: item.id });
    expect(again.ok && again.data).to.include({ status: 'redriven', redriveAttempts: 2 });
    expect(await mailTo(e.data.request.executor.email!, sink.mailboxUrl)).to.have.length(1);
    expect((await deliveries(nc, { eventId: e.id })).items[0]).to.include({ status: 'sent', attempts: 5 });
    expect((await parked(nc)).total).to.equal(0);
    expect((await parked(nc, { status: 'redriven' })).items.map((p) => p.id)).to.deep.equal([item.id]);
  });

  it('parks, without handling it again, an event whose N deliveries all ended without a decision (a handler that kept crashing)', async () => {
    const config = notificationConfig({ NOTIFY_MAX_DELIVER: '3' });
    await ensureConsumer(nc, consumerOptions(config));
    const e = requestEvent('request.overdue');
    await publish(nc, e);
    // Three deliveries that never got an ack or a park, as when the process dies while handling them.
    const consumer = await jetstream(nc).consumers.get(STREAMS.events.name, config.NOTIFY_DURABLE);
    for (let n = 1; n <= 3; n++) {
      const m = await consumer.next({ expires: 5000 });
      expect(m?.info.deliveryCount, `delivery ${n}`).to.equal(n);
      m!.nak();
    }
    await start(config);

    const page = await eventually(async () => {
      const p = await parked(nc, { eventId: e.id });
      return p.items.length > 0 ? p : undefined;
    }, 'the parked message');
    expect(page.items[0]).to.include({ reason: 'retries_exhausted', deliveries: 4, status: 'parked', consumer: config.NOTIFY_DURABLE });
    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the parked message acknowledged');
    // Parked as it was, not handled a fourth time: nothing was sent or logged for it.
    expect(await mailTo(e.data.request.executor.email!)).to.have.length(0);
    expect((await deliveries(nc, { eventId: e.id })).total).to.equal(0);
  });

  it('sends one mail per parked message when staff re-drive each of them ten times at once', async () => {
    const sink = await ownSink();
    const config = notificationConfig({ SMTP_URL: sink.smtpUrl, NOTIFY_MAX_DELIVER: '1', NOTIFY_BACKOFF_MS: '100', NOTIFY_CONCURRENCY: '8' });
    await start(config);
    // Several parked messages, each re-driven ten times at once, so the re-drives truly overlap.
    const events = Array.from({ length: 4 }, () => requestEvent('request.overdue'));
    for (const e of events) await publish(nc, e);
    const page = await eventually(async () => {
      const p = await parked(nc, { pageSize: 50 });
      return p.items.length === events.length ? p : undefined;
    }, 'the parked messages');
    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the parked messages acknowledged');
    running.push(await sink.start());

    const replies = await Promise.all(page.items.flatMap((p) => Array.from({ length: 10 }, () => staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: p.id }))));
    expect(replies.filter((r) => !r.ok)).to.deep.equal([]);
    for (const e of events) {
      expect(await mailTo(e.data.request.executor.email!, sink.mailboxUrl), e.id).to.have.length(1);
      expect((await deliveries(nc, { eventId: e.id })).items.map((d) => d.status)).to.deep.equal(['sent']);
    }
  });

  it('parks a malformed event at once, without retrying it, and refuses to re-drive it', async () => {
    const config = notificationConfig();
    await start(config);
    const notJson = await publishRaw(nc, 'cc.events.request.registered', 'not json at all');
    const noRequest = await publishRaw(nc, 'cc.events.request.registered', JSON.stringify({ id: randomUUID(), type: 'request.registered', occurredAt: new Date().toISOString(), actor: { id: 'x', role: 'system' }, data: {} }));
    const page = await eventually(async () => {
      const p = await parked(nc);
      return p.items.length === 2 ? p : undefined;
    }, 'both messages parked');
    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'both acknowledged');
    const bySeq = new Map(page.items.map((p) => [p.streamSeq, p]));
    expect(bySeq.get(notJson)).to.include({ reason: 'malformed', deliveries: 1, error: 'the message is not JSON', payload: 'not json at all' });
    expect(bySeq.get(noRequest)).to.include({ reason: 'malformed', deliveries: 1, eventType: 'request.registered' });
    expect(bySeq.get(noRequest)!.error).to.include('data.request');
    const reply = await staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: bySeq.get(notJson)!.id });
    expect(!reply.ok && reply.error.code).to.equal('unprocessable');
  });

  it('7.5 parks a closure that lacks the result fields instead of sending the applicant an incomplete notice', async () => {
    const config = notificationConfig();
    await start(config);
    const { executorPhone: _dropped, ...incomplete } = closureResult();
    const e = requestEvent('request.closed', { status: 'closed', details: { result: incomplete } });
    await publish(nc, e);
    const page = await eventually(async () => {
      const p = await parked(nc, { eventId: e.id });
      return p.items.length > 0 ? p : undefined;
    }, 'the parked closure');
    expect(page.items[0]).to.include({ reason: 'malformed', deliveries: 1 });
    expect(page.items[0]!.error).to.include('executorPhone');
    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'acknowledged');
    expect(await mailTo(e.data.request.applicant.email!)).to.have.length(0);
  });

  it('parks a message the server stopped redelivering, from its max-deliveries advisory', async () => {
    // The service reads another subject, so only the advisory brings this event to it.
    const config = notificationConfig({ NOTIFY_FILTER_SUBJECT: `cc.events.test.${randomUUID().slice(0, 8)}` });
    await start(config);
    const e = requestEvent('request.deadline_reminder');
    const seq = await publishRaw(nc, 'cc.events.request.deadline_reminder', JSON.stringify(e));
    nc.publish(
      `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${STREAMS.events.name}.${config.NOTIFY_DURABLE}`,
      JSON.stringify({ type: 'io.nats.jetstream.advisory.v1.max_deliver', id: randomUUID(), timestamp: new Date().toISOString(), stream: STREAMS.events.name, consumer: config.NOTIFY_DURABLE, stream_seq: seq, deliveries: 27 }),
    );
    const page = await eventually(async () => {
      const p = await parked(nc);
      return p.items.length > 0 ? p : undefined;
    }, 'the parked message');
    expect(page.items[0]).to.include({ streamSeq: seq, eventId: e.id, reason: 'retries_exhausted', deliveries: 27, subject: 'cc.events.request.deadline_reminder' });
    const reply = await staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: page.items[0]!.id });
    expect(reply.ok && reply.data.status).to.equal('redriven');
    expect(await mailTo(e.data.request.executor.email!)).to.have.length(1);
  });
});

/**
 * The notification service's metrics, scraped as Prometheus would: notifications by channel,
 * template and outcome, the delay from an event to its send, and its JetStream consumer's
 * deliveries and pending messages (the same shared piece the reporting service's consumers use).
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { NOTIFICATION_SUBJECTS, type ParkedMessage } from '../../contracts/notification.ts';
import { STREAMS } from '../../contracts/wire.ts';
import { startSmtpSink } from '../../infra/smtp-sink.ts';
import { freePort } from '../../infra/stack/process.ts';
import { ensureConsumer, watchConsumer } from '../../platform/durable-consumer.ts';
import { createMetrics, type Metrics } from '../../platform/metrics.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import { consumerOptions, startNotification, type RunningNotification } from '../../services/notification/service.ts';
import { seriesOf } from '../support/metrics-text.ts';
import { eventually, testStack } from '../support/stack.ts';
import { arrivedAt, expectedErrorsLogger, notificationConfig, parked, publish, requestEvent, settled, staff } from './support.ts';

/** The series of a sample name whose labels include `labels`, from one scrape (histograms as their `_bucket`, `_sum` and `_count` series). */
const series = async (metrics: Metrics, name: string, labels: Record<string, string> = {}) => seriesOf(await metrics.scrape(), name, labels);

/** The value of the one series of a counter or gauge with these labels; undefined while there is none. */
async function valueOf(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const found = await series(metrics, name, labels);
  if (found.length > 1) throw new Error(`${found.length} series of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** For `eventually`: the value once it is at least `min`. */
const atLeast = (metrics: Metrics, name: string, labels: Record<string, string>, min: number) => async () => {
  const v = await valueOf(metrics, name, labels);
  return v !== undefined && v >= min ? v : undefined;
};

describe('notification metrics', function () {
  this.timeout(60_000);
  let nc: NatsConnection;
  const running: Array<{ stop(): Promise<void> }> = [];

  before(async () => {
    nc = await connectNats(testStack().NATS_URL, 'notification-metrics-test');
    await ensureStreams(nc);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
  });
  after(async () => {
    await nc.close();
  });

  const start = async (config: Parameters<typeof startNotification>[0]): Promise<RunningNotification> => {
    const svc = await startNotification(config, expectedErrorsLogger);
    running.push(svc);
    return svc;
  };

  it('counts a sent email by channel and template, with the delay from its event to the send', async () => {
    const config = notificationConfig();
    const svc = await start(config);
    const e = requestEvent('request.returned_for_rework', { status: 'rework', details: { origin: '9.2.5' } });
    const before = Date.now();
    await publish(nc, e);
    await eventually(() => arrivedAt(e.data.request.executor.email!), 'the mail');

    for (const template of ['executor.rework', 'applicant.rework']) {
      const sent = await eventually(atLeast(svc.metrics, 'cc_notifications_total', { channel: 'email', template, outcome: 'sent' }, 1), `${template} counted as sent`);
      expect(sent, template).to.equal(1);
    }
    expect(await series(svc.metrics, 'cc_notifications_total', { outcome: 'failed' })).to.deep.equal([]);
    expect(await series(svc.metrics, 'cc_notifications_total', { outcome: 'parked' })).to.deep.equal([]);

    expect(await valueOf(svc.metrics, 'cc_notification_delay_seconds_count', { channel: 'email' })).to.equal(2);
    // The event says it happened at its occurredAt (long before this test ran): the delay counts from then.
    const floor = (before - Date.parse(e.occurredAt)) / 1000;
    expect(await valueOf(svc.metrics, 'cc_notification_delay_seconds_sum', { channel: 'email' })).to.be.at.least(2 * floor);

    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the event acknowledged');
    expect(await valueOf(svc.metrics, 'cc_jetstream_deliveries_total', { consumer: config.NOTIFY_DURABLE, redelivery: 'false' })).to.equal(1);
  });

  it('with SMTP failing, counts each failed send, then the delivery parked, and a re-drive that sends it', async () => {
    const [smtpPort, httpPort] = [await freePort(), await freePort()];
    // Nothing listens there yet: every send is refused.
    const config = notificationConfig({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, NOTIFY_MAX_DELIVER: '3', NOTIFY_BACKOFF_MS: '100' });
    const svc = await start(config);
    const e = requestEvent('request.overdue');
    await publish(nc, e);
    const labels = { channel: 'email', template: 'executor.overdue' };

    const item = await eventually(async () => (await parked(nc, { eventId: e.id })).items[0], 'the parked message');
    await eventually(atLeast(svc.metrics, 'cc_notifications_total', { ...labels, outcome: 'parked' }, 1), 'the delivery counted as parked');
    expect(await valueOf(svc.metrics, 'cc_notifications_total', { ...labels, outcome: 'failed' })).to.equal(3);
    expect(await valueOf(svc.metrics, 'cc_notifications_total', { ...labels, outcome: 'parked' })).to.equal(1);
    expect(await valueOf(svc.metrics, 'cc_notifications_total', { ...labels, outcome: 'sent' })).to.equal(undefined);
    expect(await series(svc.metrics, 'cc_notification_delay_seconds_count', { channel: 'email' })).to.deep.equal([]);
    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the parked message acknowledged');
    const consumer = { stream: STREAMS.events.name, consumer: config.NOTIFY_DURABLE };
    expect(await valueOf(svc.metrics, 'cc_jetstream_consumer_ack_pending_messages', consumer)).to.equal(0);
    expect(await valueOf(svc.metrics, 'cc_jetstream_consumer_redelivered_messages', consumer)).to.equal(0);
    expect(await valueOf(svc.metrics, 'cc_jetstream_deliveries_total', { consumer: config.NOTIFY_DURABLE, redelivery: 'false' })).to.equal(1);
    expect(await valueOf(svc.metrics, 'cc_jetstream_deliveries_total', { consumer: config.NOTIFY_DURABLE, redelivery: 'true' })).to.equal(2);

    // A re-drive while SMTP is still down fails once more and parks it again.
    const early = await staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: item.id });
    expect(early.ok && early.data.status).to.equal('parked');
    expect(await valueOf(svc.metrics, 'cc_notifications_total', { ...labels, outcome: 'failed' })).to.equal(4);
    expect(await valueOf(svc.metrics, 'cc_notifications_total', { ...labels, outcome: 'parked' })).to.equal(2);

    running.push(await startSmtpSink({ smtpPort, httpPort }));
    const done = await staff<ParkedMessage>(nc, NOTIFICATION_SUBJECTS.redrive, { id: item.id });
    expect(done.ok && done.data.status).to.equal('redriven');
    expect(await valueOf(svc.metrics, 'cc_notifications_total', { ...labels, outcome: 'sent' })).to.equal(1);
    expect(await valueOf(svc.metrics, 'cc_notification_delay_seconds_count', { channel: 'email' })).to.equal(1);
  });

  it('reports the messages waiting for its consumer, and none once they are handled', async () => {
    const config = notificationConfig();
    const options = consumerOptions(config);
    // The durable exists before the service does: what is published now waits for it.
    await ensureConsumer(nc, options);
    const events = [requestEvent('request.overdue'), requestEvent('request.overdue'), requestEvent('request.overdue')];
    for (const e of events) await publish(nc, e);

    const watching = createMetrics({ service: 'metrics-test' });
    watchConsumer(watching, nc, options);
    const consumer = { stream: STREAMS.events.name, consumer: config.NOTIFY_DURABLE };
    expect(await valueOf(watching, 'cc_jetstream_consumer_pending_messages', consumer)).to.equal(3);
    expect(await valueOf(watching, 'cc_jetstream_consumer_ack_pending_messages', consumer)).to.equal(0);
    expect(await valueOf(watching, 'cc_jetstream_consumer_redelivered_messages', consumer)).to.equal(0);

    const svc = await start(config);
    for (const e of events) await eventually(() => arrivedAt(e.data.request.executor.email!), 'each mail');
    await eventually(() => settled(nc, config.NOTIFY_DURABLE), 'the events acknowledged');
    for (const m of [svc.metrics, watching]) {
      expect(await valueOf(m, 'cc_jetstream_consumer_pending_messages', consumer)).to.equal(0);
      expect(await valueOf(m, 'cc_jetstream_consumer_ack_pending_messages', consumer)).to.equal(0);
    }
    expect(await valueOf(svc.metrics, 'cc_jetstream_deliveries_total', { consumer: config.NOTIFY_DURABLE, redelivery: 'false' })).to.equal(3);
  });

  it('reads every durable consumer of a process into one set of gauges, and leaves out one the server cannot describe', async () => {
    const metrics = createMetrics({ service: 'metrics-test' });
    const durables = [`metrics-test-${randomUUID().slice(0, 8)}`, `metrics-test-${randomUUID().slice(0, 8)}`];
    const options = durables.map((durable) => ({ ...consumerOptions(notificationConfig()), durable }));
    for (const o of options) await ensureConsumer(nc, o);
    for (const o of options) watchConsumer(metrics, nc, o);
    const gone = watchConsumer(metrics, nc, { stream: STREAMS.events.name, durable: `metrics-test-missing-${randomUUID().slice(0, 8)}` });

    const pending = await series(metrics, 'cc_jetstream_consumer_pending_messages', { stream: STREAMS.events.name });
    expect(pending.map((s) => s.labels?.consumer).sort()).to.deep.equal([...durables].sort());
    expect(pending.map((s) => s.value)).to.deep.equal([0, 0]);
    // A consumer no longer watched (its service stopped) is not read any more.
    gone();
    const again = await series(metrics, 'cc_jetstream_consumer_ack_pending_messages', { stream: STREAMS.events.name });
    expect(again.map((s) => s.labels?.consumer).sort()).to.deep.equal([...durables].sort());
  });
});

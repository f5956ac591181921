/**
 * The reporting service's JetStream metrics: both of its durable consumers (the requests' projection
 * and the consultations') in the one set of consumer gauges of its process, and each delivery counted.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { STREAMS } from '../../contracts/wire.ts';
import type { Metrics } from '../../platform/metrics.ts';
import { connectNats } from '../../platform/nats.ts';
import type { ReportingConfig } from '../../services/reporting/config.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { publish, requestEvent } from '../notification/support.ts';
import { eventually, testLogger } from '../support/stack.ts';
import { seriesOf } from '../support/metrics-text.ts';
import { reportingConfig } from './support.ts';

/** The value of each series of a counter or gauge by one label's value, for the series whose labels include `labels`. */
async function byLabel(metrics: Metrics, name: string, by: string, labels: Record<string, string>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const s of seriesOf(await metrics.scrape(), name, labels)) out[s.labels[by] ?? ''] = s.value;
  return out;
}

describe('reporting metrics', function () {
  this.timeout(60_000);
  let nc: NatsConnection;
  let svc: Awaited<ReturnType<typeof startReporting>> | undefined;
  let config: ReportingConfig;

  before(async () => {
    config = reportingConfig();
    svc = await startReporting(config, testLogger);
    nc = await connectNats(config.NATS_URL, 'reporting-metrics-test');
  });
  after(async () => {
    await nc?.drain();
    await svc?.stop();
  });

  it('reports both projections’ consumers in one set of gauges, with nothing pending once an event is applied', async () => {
    const metrics = svc!.metrics;
    const durables = [config.REPORT_DURABLE, `${config.REPORT_DURABLE}-consultations`];
    await publish(nc, requestEvent('request.overdue'));
    const delivered = await eventually(async () => {
      const d = await byLabel(metrics, 'cc_jetstream_deliveries_total', 'consumer', { redelivery: 'false' });
      return d[config.REPORT_DURABLE] === 1 ? d : undefined;
    }, 'the request event delivered to the projection');
    expect(delivered, 'the consultations’ consumer filters request events out').to.deep.equal({ [config.REPORT_DURABLE]: 1 });
    const settled = await eventually(async () => {
      const ackPending = await byLabel(metrics, 'cc_jetstream_consumer_ack_pending_messages', 'consumer', { stream: STREAMS.events.name });
      return Object.values(ackPending).every((v) => v === 0) ? ackPending : undefined;
    }, 'the event applied and acknowledged');
    expect(Object.keys(settled).sort()).to.deep.equal([...durables].sort());
    const pending = await byLabel(metrics, 'cc_jetstream_consumer_pending_messages', 'consumer', { stream: STREAMS.events.name });
    expect(pending).to.deep.equal(Object.fromEntries(durables.map((d) => [d, 0])));
    const redelivered = await byLabel(metrics, 'cc_jetstream_consumer_redelivered_messages', 'consumer', { stream: STREAMS.events.name });
    expect(redelivered).to.deep.equal(Object.fromEntries(durables.map((d) => [d, 0])));
  });
});

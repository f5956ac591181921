/**
 * The business gauges on the real stack: request events published to JetStream as the outbox relay
 * publishes them (some twice, as a relay's retry does) reach the reporting service's projection, and
 * its scrape says how many requests are open by status and by executor, which are overdue now, which
 * closure proposals wait for review past 9.2.4, and how many 5.7 memos await a decision — read from
 * a fixed few live documents and a small collection, and the same after a rebuild of the read models.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { requestEventSchema, subjectOf, type RequestEvent } from '../../contracts/events.ts';
import type { MemoCard } from '../../contracts/memos.ts';
import { memosRepository } from '../../data/memos.repository.ts';
import { MEMO_AWAITING_COLLECTION, memoModel } from '../../data/memos.schema.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { createMetrics, GAUGES } from '../../platform/metrics.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats } from '../../platform/nats.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { RunningService } from '../../platform/service.ts';
import { registerBusinessGauges } from '../../services/reporting/gauges.ts';
import { rebuildFromReadModel } from '../../services/reporting/rebuild.ts';
import { startReporting } from '../../services/reporting/service.ts';
import { seriesOf, valueOf } from '../support/metrics-text.ts';
import { expectAllKeyed, recordQueries } from '../support/pushdown.ts';
import { eventually, mongoUrlFor, testLogger } from '../support/stack.ts';
import { reportingConfig } from './support.ts';

const H = 3600_000;

/** A request's story: its steps, each the event the workflow publishes with the card after it. */
function story(number: string, executor: string, steps: Array<{ type: string; status: string; overdue?: boolean; details?: Record<string, unknown> }>): RequestEvent[] {
  const registeredAt = Date.parse('2026-11-02T08:00:00Z');
  return steps.map((st, i) =>
    requestEventSchema.parse({
      id: randomUUID(),
      type: `request.${st.type}`,
      occurredAt: new Date(registeredAt + i * H).toISOString(),
      actor: { id: 'system', role: 'system' },
      data: {
        version: i + 1,
        details: st.details ?? {},
        request: {
          number,
          status: st.status,
          channel: 'phone',
          categoryCode: 'WATER-01',
          categoryName: 'Водопостачання',
          executorId: executor,
          executor: { id: executor, name: `Виконавець ${executor}` },
          district: 'Покровський',
          address: { district: 'Покровський', street: 'вул. Тестова', building: '1' },
          applicant: { name: 'Заявник', phone: '+380671234567' },
          description: 'test',
          registeredAt: new Date(registeredAt).toISOString(),
          deadlineAt: new Date(registeredAt + 24 * H).toISOString(),
          overdue: st.overdue ?? false,
        },
      },
    }),
  );
}

function memoCard(id: string, version: number, status: MemoCard['status']): MemoCard {
  return {
    id,
    version,
    phone: '+380671112233',
    reason: 'obscene_language',
    text: 'Нецензурна лайка під час дзвінка',
    status,
    createdBy: { id: 'op-1', role: 'operator' },
    createdAt: '2026-11-02T08:00:00.000Z',
    history: Array.from({ length: version }, (_, i) => ({ at: `2026-11-02T08:0${i}:00.000Z`, actor: { id: 'op-1', role: 'operator' }, action: `step-${i + 1}` })),
  };
}

describe('reporting: business gauges', function () {
  this.timeout(180_000);
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const X = `exec-x-${tag.toLowerCase()}`;
  const Y = `exec-y-${tag.toLowerCase()}`;
  const n = (i: number): string => `G${tag}-2026-${String(i).padStart(6, '0')}`;
  const registered = { type: 'registered', status: 'in_progress' };
  const proposed = { type: 'closure_proposed', status: 'closure_proposed' };
  // A: open in work; B: open and overdue; C: proposed, the 9.2.4 watch reminded the operators; D: proposed today;
  // E: closed; F: returned for rework; G: proposed, reminded, then returned for rework (no longer awaiting review).
  const stories = [
    story(n(1), X, [registered, { type: 'accepted', status: 'in_progress' }]),
    story(n(2), X, [registered, { type: 'overdue', status: 'in_progress', overdue: true }]),
    story(n(3), Y, [registered, proposed, { type: 'awaiting_reminder', status: 'closure_proposed', details: { awaiting: 'closure_review', clause: '9.2.4' } }]),
    story(n(4), Y, [registered, proposed]),
    story(n(5), Y, [registered, proposed, { type: 'closed', status: 'closed' }]),
    story(n(6), X, [registered, proposed, { type: 'returned_for_rework', status: 'rework' }]),
    story(n(7), Y, [registered, proposed, { type: 'awaiting_reminder', status: 'closure_proposed', details: { awaiting: 'closure_review' } }, { type: 'returned_for_rework', status: 'rework' }]),
  ];
  let nc: NatsConnection;
  let mongo: Connection;
  let svc: (RunningService & { metrics: Metrics }) | undefined;
  const mongoUrl = mongoUrlFor('gauges');

  const publish = async (events: RequestEvent[], again = false): Promise<void> => {
    const js = jetstream(nc);
    for (const e of events) await js.publish(subjectOf(e.type), JSON.stringify(e), { msgID: again ? `${e.id}-again` : e.id });
  };
  const start = async (): Promise<RunningService & { metrics: Metrics }> => (svc = await startReporting(reportingConfig({ MONGO_URL: mongoUrl }), testLogger));
  /** Scrapes until the figures match `ready` (the projection is asynchronous). */
  const scrapeWhen = (ready: (text: string) => boolean): Promise<string> =>
    eventually(async () => {
      const text = await svc!.metrics.scrape();
      return ready(text) ? text : undefined;
    }, 'the gauges to show the events', 60_000);

  before(async () => {
    const config = reportingConfig();
    nc = await connectNats(config.NATS_URL, 'gauges-test');
    mongo = await connectMongo(mongoUrl);
  });
  after(async () => {
    await svc?.stop();
    await nc?.close();
    await mongo?.close();
  });

  it('counts open requests by status and by executor, overdue ones by executor and closures past 9.2.4 from the live documents, once each under redelivery', async () => {
    await start();
    const events = stories.flat();
    await publish(events);
    // A relay's retry after a lost ack: the same events again under new message ids.
    await publish(events.filter((_, i) => i % 2 === 0), true);
    const text = await scrapeWhen((t) => valueOf(t, GAUGES.requestsOpenByExecutor.name, { executor: Y }) === 3 && valueOf(t, GAUGES.closuresAwaitingReview.name) === 1 && valueOf(t, GAUGES.requestsOpen.name, { status: 'rework' }) === 2);
    expect(seriesOf(text, GAUGES.requestsOpen.name).map((s) => [s.labels.status, s.value]).sort()).to.deep.equal([
      ['closure_proposed', 2],
      ['in_progress', 2],
      ['rework', 2],
    ]);
    expect(valueOf(text, GAUGES.requestsOpenByExecutor.name, { executor: X })).to.equal(3);
    expect(valueOf(text, GAUGES.requestsOpenByExecutor.name, { executor: Y })).to.equal(3);
    expect(seriesOf(text, GAUGES.requestsOverdue.name).map((s) => [s.labels.executor, s.value])).to.deep.equal([[X, 1]]);
    expect(valueOf(text, GAUGES.closuresAwaitingReview.name)).to.equal(1);
  });

  it('takes a request out of the open and overdue gauges when it closes, and a closure out of the 9.2.4 gauge when it is reviewed', async () => {
    const closeB = story(n(2), X, [registered, { type: 'overdue', status: 'in_progress', overdue: true }, { type: 'closure_proposed', status: 'closure_proposed' }, { type: 'closed', status: 'closed' }]).slice(2);
    const reviewC = story(n(3), Y, [registered, proposed, { type: 'awaiting_reminder', status: 'closure_proposed' }, { type: 'closed', status: 'closed' }]).slice(3);
    await publish([...closeB, ...reviewC]);
    const text = await scrapeWhen((t) => valueOf(t, GAUGES.requestsOpenByExecutor.name, { executor: X }) === 2 && valueOf(t, GAUGES.closuresAwaitingReview.name) === 0 && valueOf(t, GAUGES.requestsOpenByExecutor.name, { executor: Y }) === 2);
    expect(seriesOf(text, GAUGES.requestsOverdue.name)).to.deep.equal([]);
    expect(valueOf(text, GAUGES.requestsOpen.name, { status: 'in_progress' })).to.equal(1);
    expect(valueOf(text, GAUGES.requestsOpen.name, { status: 'closure_proposed' })).to.equal(1);
  });

  it('gives the same figures after the read models are rebuilt from the request histories', async () => {
    const before = await svc!.metrics.scrape();
    expect(seriesOf(before, GAUGES.requestsOpen.name)).to.have.length(3);
    await svc!.stop();
    svc = undefined;
    await rebuildFromReadModel(new ReportsRepository(mongo), testLogger);
    await start();
    const after = await svc!.metrics.scrape();
    for (const g of [GAUGES.requestsOpen, GAUGES.requestsOpenByExecutor, GAUGES.requestsOverdue, GAUGES.closuresAwaitingReview]) {
      expect(seriesOf(after, g.name), g.name).to.deep.equal(seriesOf(before, g.name));
    }
  });

  it('reads the request gauges from the live documents by _id alone, which FerretDB pushes down', async () => {
    const metrics = createMetrics({ service: 'reporting-test', logger: testLogger });
    const memos = memosRepository(mongo);
    registerBusinessGauges(metrics, { live: () => new ReportsRepository(mongo).live(), memosAwaitingDecision: () => memos.awaitingDecision() });
    const recorder = recordQueries(mongo, ['report_periods']);
    const text = await metrics.scrape();
    recorder.stop();
    await expectAllKeyed(mongo, recorder.queries);
    expect(seriesOf(text, GAUGES.requestsOpenByExecutor.name).map((s) => s.value)).to.deep.equal(seriesOf(await svc!.metrics.scrape(), GAUGES.requestsOpenByExecutor.name).map((s) => s.value));
  });

  it('counts the 5.7 memos awaiting a decision from the memos the memo activity records, and fills them once from memos written before', async () => {
    const memos = memosRepository(mongo);
    await memos.init();
    // Written before `memo_awaiting` was kept: filed once by the worker's start.
    await memoModel(mongo).collection.insertOne({ _id: randomUUID(), phone: '+380671112244', status: 'pending_approval', createdAt: new Date(), history: [] } as never);
    expect(await memos.fillAwaiting()).to.equal(1);
    expect(await memos.fillAwaiting()).to.equal(0);
    const waiting = randomUUID();
    const decided = randomUUID();
    await memos.applyTransition(memoCard(waiting, 1, 'pending_approval'), []);
    await memos.applyTransition(memoCard(decided, 1, 'pending_approval'), []);
    // The approval, and its activity's retry.
    await memos.applyTransition(memoCard(decided, 2, 'approved'), []);
    await memos.applyTransition(memoCard(decided, 2, 'approved'), []);
    // A reminder leaves the memo waiting.
    await memos.applyTransition(memoCard(waiting, 2, 'pending_approval'), []);
    expect(await mongo.collection(MEMO_AWAITING_COLLECTION).countDocuments({})).to.equal(2);
    expect(valueOf(await svc!.metrics.scrape(), GAUGES.memosAwaitingDecision.name)).to.equal(2);
  });
});

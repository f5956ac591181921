/**
 * Events a failed publish left in a request's outbox reach JetStream through the request's own
 * workflow: the sweeper signals it, and it relays in turn with its transitions, so the read model's
 * document never has two writers at once.
 */
import { expect } from 'chai';
import { createOutboxRelay, handOverToWorkflow } from '../../activities/outbox.ts';
import { eventually, testLogger } from '../support/stack.ts';
import { executor, fullResult, nextKyiv, operator, summaryOf, useHarness, type Harness } from './harness.ts';

const TUESDAY = 2;

describe('the outbox sweeper and a running request', function () {
  this.timeout(120_000);
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness.h;
  });

  it('8.1.7 hands a left-behind outbox to the running workflow, which relays it without touching the card', async () => {
    const s = await h.start();
    const accepted = await h.act(s, 'accept', executor, {});
    const [onStream] = (await h.eventsWith(s.number, 'request.accepted')).filter((e) => e.type === 'request.accepted');
    // As if NATS had been down when the acceptance was recorded: its event is still in the outbox.
    await h.mongo.collection('requests').updateOne({ _id: s.number as never }, { $set: { outbox: [onStream], outboxPending: true, outboxSince: new Date(0).toISOString() } });

    const sweeper = createOutboxRelay({ requests: h.requests, nc: h.nc, logger: testLogger, handOver: handOverToWorkflow(h.env.client), sweepMinAgeMs: 0 });
    expect(await sweeper.sweep(10_000)).to.be.at.least(1);
    await eventually(async () => ((await h.requests.outboxOf(s.number))?.outbox.length === 0 ? true : undefined), 'the outbox relayed by the workflow');

    expect(await h.requests.get(s.number)).to.deep.equal(accepted);
    const accepts = (await h.eventsOf(s.number)).filter((e) => e.type === 'request.accepted');
    expect(accepts.map((e) => e.id), 'the event once on the stream').to.deep.equal([onStream!.id]);
    const history = await s.handle.fetchHistory();
    expect((history.events ?? []).map(summaryOf)).to.include('8.1.7 relay the events left in the outbox');
  });

  it('8.1.7 relays itself the left-behind outbox of a request whose workflow has completed', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const s = await h.start();
    await h.act(s, 'accept', executor, {});
    await h.act(s, 'proposeClosure', executor, fullResult);
    await h.act(s, 'review', operator, { decision: 'approve', note: 'Виконано' });
    const final = await s.handle.result();
    const [completed] = (await h.eventsWith(s.number, 'request.completed')).filter((e) => e.type === 'request.completed');
    // As if NATS had been down when the completion was recorded.
    await h.mongo.collection('requests').updateOne({ _id: s.number as never }, { $set: { outbox: [completed], outboxPending: true, outboxSince: new Date(0).toISOString() } });

    const handOver = handOverToWorkflow(h.env.client);
    expect(await handOver(s.number), 'no running workflow to hand it to').to.equal(false);
    const sweeper = createOutboxRelay({ requests: h.requests, nc: h.nc, logger: testLogger, handOver, sweepMinAgeMs: 0 });
    expect(await sweeper.sweep(10_000)).to.be.at.least(1);
    expect((await h.requests.outboxOf(s.number))?.outbox).to.deep.equal([]);
    expect(await h.requests.get(s.number)).to.deep.equal(final);
    expect((await h.eventsOf(s.number)).filter((e) => e.type === 'request.completed').map((e) => e.id)).to.deep.equal([completed!.id]);
  });
});

/**
 * Events a failed publish left in `request_outbox` reach JetStream through the sweeper, whether the
 * request's workflow still runs or not: the entry lives apart from the card, so relaying it never
 * writes the card. A running workflow also relays on the `relayOutbox` signal (ops staff may send it).
 */
import { expect } from 'chai';
import type { RequestEvent } from '../../contracts/events.ts';
import { askWorkflowToRelay, createOutboxRelay } from '../../activities/outbox.ts';
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

  /** As if NATS had been down when the transition was recorded: its events wait in the outbox. */
  const leaveBehind = async (number: string, version: number, events: RequestEvent[]): Promise<void> => {
    await h.mongo.collection('request_outbox').insertOne({ _id: `${number}#${version}` as never, number, version, events, at: new Date(0).toISOString() });
  };

  it('8.1.7 relays a running request\'s left-behind outbox without touching its card', async () => {
    const s = await h.start();
    const accepted = await h.act(s, 'accept', executor, {});
    const [onStream] = (await h.eventsWith(s.number, 'request.accepted')).filter((e) => e.type === 'request.accepted');
    await leaveBehind(s.number, accepted.version, [onStream!]);

    const sweeper = createOutboxRelay({ requests: h.requests, nc: h.nc, logger: testLogger, sweepMinAgeMs: 0 });
    expect(await sweeper.sweep(10_000)).to.be.at.least(1);
    expect((await h.requests.outboxOf(s.number)).outbox).to.deep.equal([]);

    expect(await h.requests.get(s.number)).to.deep.equal(accepted);
    const accepts = (await h.eventsOf(s.number)).filter((e) => e.type === 'request.accepted');
    expect(accepts.map((e) => e.id), 'the event once on the stream').to.deep.equal([onStream!.id]);
  });

  it('8.1.7 a running workflow asked to relay its outbox publishes what was left behind', async () => {
    const s = await h.start();
    const accepted = await h.act(s, 'accept', executor, {});
    const [onStream] = (await h.eventsWith(s.number, 'request.accepted')).filter((e) => e.type === 'request.accepted');
    await leaveBehind(s.number, accepted.version, [onStream!]);

    expect(await askWorkflowToRelay(h.env.client, s.number)).to.equal(true);
    await eventually(async () => ((await h.requests.outboxOf(s.number)).outbox.length === 0 ? true : undefined), 'the outbox relayed by the workflow');

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
    await leaveBehind(s.number, final.version, [completed!]);

    expect(await askWorkflowToRelay(h.env.client, s.number), 'no running workflow to ask').to.equal(false);
    const sweeper = createOutboxRelay({ requests: h.requests, nc: h.nc, logger: testLogger, sweepMinAgeMs: 0 });
    expect(await sweeper.sweep(10_000)).to.be.at.least(1);
    expect((await h.requests.outboxOf(s.number)).outbox).to.deep.equal([]);
    expect(await h.requests.get(s.number)).to.deep.equal(final);
    expect((await h.eventsOf(s.number)).filter((e) => e.type === 'request.completed').map((e) => e.id)).to.deep.equal([completed!.id]);
  });
});

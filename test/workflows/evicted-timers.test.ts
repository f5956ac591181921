/**
 * The worker keeps only WORKER_MAX_CACHED_WORKFLOWS workflows in memory (docs/performance.md); an
 * open request evicted from that cache lives on in the Temporal server, whose timers wake it: the
 * worker then replays it from its history and it goes on as if it had never left.
 */
import { expect } from 'chai';
import { createHarness, nextKyiv, type Harness } from './harness.ts';

const TUESDAY = 2;
const HOUR = 3_600_000;

describe('request workflows evicted from the worker cache', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    // One workflow in memory at a time: each start evicts the one before.
    h = await createHarness({ maxCachedWorkflows: 1 });
  });
  after(async () => {
    await h?.close();
  });

  it('8.1.2 still reminds the executor of each unaccepted request after the first working hour when the worker keeps one workflow in memory', async () => {
    await h.advanceTo(nextKyiv(await h.now(), TUESDAY, 10));
    const started = [];
    for (let i = 0; i < 4; i++) started.push(await h.start());
    await h.advance(2 * HOUR);
    for (const s of started) {
      // The read model, not a query: a query would bring the workflow back into the cache by itself.
      const reminders = await h.eventsWith(s.number, 'request.acceptance_reminder');
      expect(reminders.filter((e) => e.type === 'request.acceptance_reminder'), s.number).to.have.length(1);
      expect((await h.requests.get(s.number))?.history.map((e) => e.action)).to.include('acceptance_reminder');
    }
  });
});

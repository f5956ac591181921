/**
 * What ops staff read about a request in the Temporal UI: the static summary set at start, the
 * current details the workflow keeps up to date, and the summaries of its timers and activities,
 * which name the Regulation step. The UI decodes them (they are payloads, encrypted like the rest)
 * through the gateway's codec endpoint; none of them names the applicant.
 */
import type proto from '@temporalio/proto';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { executor, KYIV, operator, summaryOf, useHarness, vodokanal, type Harness, type Started } from './harness.ts';

/** The workflow's current details, as the UI shows them (the SDK's built-in metadata query). */
async function currentDetails(s: Started): Promise<string> {
  const meta = await s.handle.query<proto.temporal.api.sdk.v1.IWorkflowMetadata>('__temporal_workflow_metadata');
  return meta.currentDetails ?? '';
}

const kyiv = (iso: string): string => DateTime.fromISO(iso, { zone: KYIV }).toFormat('yyyy-LL-dd HH:mm');

describe('the request as ops staff see it in the Temporal UI', function () {
  this.timeout(120_000);
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness.h;
  });

  it('names the request, its category and district in the static summary, and nothing of the applicant (not even the address)', async () => {
    const s = await h.start();
    const description = await s.handle.describe();
    expect(await description.staticSummary()).to.equal(`${s.number} · WATER-LEAK Витік води · Центрально-Міський`);
    const details = await currentDetails(s);
    for (const personal of [s.input.applicant.name, s.input.applicant.phone, s.input.applicant.email!, s.input.address.street]) {
      expect(details, 'current details').to.not.include(personal);
      expect(await description.staticSummary(), 'static summary').to.not.include(personal);
    }
  });

  it('keeps the current details in step with the status, executor, deadline and what is awaited', async () => {
    const s = await h.start();
    const fresh = await currentDetails(s);
    expect(fresh).to.include(`**${s.number}** · На виконанні (\`in_progress\`)`);
    expect(fresh).to.include(`Executor: ${vodokanal.name} (${vodokanal.id})`);
    expect(fresh).to.include(`Deadline: ${kyiv(s.card.deadlineAt!)} Kyiv`);
    expect(fresh).to.include("Awaiting: the executor's acceptance (8.1.2)");
    expect(fresh).to.not.include('OVERDUE');

    const accepted = await h.act(s, 'accept', executor, {});
    const working = await currentDetails(s);
    expect(working).to.include(`accepted ${kyiv(accepted.acceptedAt!)}`);
    expect(working).to.include("Awaiting: the executor's work and closure proposal (8.3)");

    await h.advanceTo(new Date(accepted.deadlineAt!).getTime() + 60_000);
    await h.cardWhen(s, (c) => c.overdue, 'the request overdue');
    expect(await currentDetails(s)).to.include(`**${s.number}** · На виконанні (\`in_progress\`) · **OVERDUE**`);
  });

  it('shows the missed terms (8.1.5), the requests repeating it (9.2.3) and its СЕР plan (8.2.3) in the current details', async () => {
    const s = await h.start();
    await h.advanceTo(new Date(s.card.deadlineAt!).getTime() + 60_000);
    await h.cardWhen(s, (c) => c.overdueCount === 1, 'the term missed');
    expect(await currentDetails(s)).to.include('Missed terms: 1 (8.1.5)');
    const repeat = await h.start({ repeatOf: s.number, repeatCount: 1 });
    await h.cardWhen(s, (c) => c.repeatedBy?.length === 1, 'told of the repeat');
    expect(await currentDetails(s)).to.include(`Repeated by: ${repeat.number} (9.2.3)`);
    await h.act(s, 'requestStrategicPlan', executor, { reason: 'Реконструкція', attachmentIds: ['c1'] });
    await h.act(s, 'decideStrategicPlan', operator, { approve: true, planYear: 2027, plannedDate: '2027-06-30', note: '' });
    expect(await currentDetails(s)).to.include('Deadline: suspended (СЕР plans, 8.2.3): plan 2027, works planned 2027-06-30');
  });

  it('summarises its timers and activities with the Regulation step they serve', async () => {
    const s = await h.start();
    const accepted = await h.act(s, 'accept', executor, {});
    // The workflow keeps one timer for the next thing due: let the reminder and the deadline fire.
    await h.advanceTo(new Date(accepted.deadlineAt!).getTime() + 60_000);
    await h.cardWhen(s, (c) => c.overdue, 'the request overdue');
    const history = await s.handle.fetchHistory();
    const events = history.events ?? [];
    const timers = events.filter((e) => e.timerStartedEventAttributes).map(summaryOf);
    // The projection runs as a local activity: its summary is on the marker that records it (a patch's
    // marker, for a versioned change of the workflow, has none).
    const activities = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').map(summaryOf);
    expect(timers).to.include('8.1.5 deadline: overdue unless proposed for closure');
    expect(timers).to.include('8.1.5 remind the executor of the deadline');
    expect(activities).to.include('5.12 working calendar for the Classifier deadline');
    expect(activities).to.include('5.12 record registered (v1)');
    expect(activities).to.include('8.1.2 record accepted (v2)');
    expect(activities).to.include('8.1.5 record deadline_reminder (v3)');
    expect(activities).to.include('8.1.5 record overdue (v4)');
    expect(timers.concat(activities).filter((t) => t === undefined), 'a timer or activity without a summary').to.deep.equal([]);
  });
});

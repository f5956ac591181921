/**
 * Regenerates test/workflows/histories/*.json, the recorded request lifecycles that replay.test.ts
 * replays against the current workflow code (so a change that breaks determinism fails CI):
 *
 *   node --import tsx infra/cli.ts test test/workflows/record-histories.ts
 *
 * A mocha file (not *.test.ts, so the suite skips it) because it needs the test stack the runner
 * starts. Re-record only on purpose — after a deliberate, versioned (patched) change — and commit
 * the JSON together with the change.
 *
 * The first four were recorded before the `lifecycle-corrections-1` patch (rules revision 1): keep
 * them as they are, since they prove requests started before it still replay. Record a new scenario
 * alone with `--grep`, e.g. `… test test/workflows/record-histories.ts --grep 'corrected control'`.
 * `revision-3-lifecycle` was recorded under rules revision 3 (`lifecycle-corrections-2`): replay.test.ts
 * checks that every revision of domain/lifecycle.ts `RULE_REVISIONS` has a recorded request.
 */
import proto from '@temporalio/proto';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { askWorkflowToRelay } from '../../activities/outbox.ts';
import { eventually } from '../support/stack.ts';
import {
  applicant,
  createHarness,
  executor,
  fullResult,
  manager,
  nextKyiv,
  operator,
  otherExecutor,
  plainCalendar,
  teplomerezha,
  vodokanal,
  type Harness,
  type Started,
} from './harness.ts';

export const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const DAY = 86_400_000;

describe('recording request lifecycle histories for the replay test', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await createHarness({ plaintext: true });
    await h.calendars.put(plainCalendar);
    fs.mkdirSync(historiesDir, { recursive: true });
  });
  after(async () => {
    await h?.close();
  });

  async function save(name: string, s: Started): Promise<void> {
    const history = await s.handle.fetchHistory();
    // protobufjs's own JSON mapping (History.fromObject reads it back). The SDK's historyToJSON would
    // give the canonical proto3 JSON, but here it trips over two protobufjs copies in node_modules.
    const json = proto.temporal.api.history.v1.History.toObject(proto.temporal.api.history.v1.History.fromObject(history), {
      longs: String,
      enums: String,
      bytes: String,
    });
    fs.writeFileSync(path.join(historiesDir, `${name}.json`), `${JSON.stringify(json)}\n`);
  }

  it('records rules revision 3: the clock stopped and resumed, a watch reminding, a co-executor\'s part, the applicant\'s word by call and in the cabinet', async () => {
    await h.advanceTo(nextKyiv(await h.now(), 2, 10));
    const s = await h.start({ repeatOf: 'KR-2026-000001', repeatCount: 1 });
    await h.act(s, 'accept', executor, {});
    const later = new Date(new Date((await h.card(s)).deadlineAt!).getTime() + 3 * DAY).toISOString();
    const asked = await h.act(s, 'requestAdditionalControl', executor, { reason: 'Труби', proposedDeadline: later, attachmentIds: ['a1'] });
    // Nobody decides for a working day: the operators are reminded (8.2.2), then the decision comes.
    await h.advanceTo(new Date(asked.watch!.remindAt!).getTime() + 60_000);
    await h.cardWhen(s, (c) => c.watch?.remindedAt !== undefined, 'the operators reminded');
    await h.act(s, 'decideAdditionalControl', operator, { approve: false, note: 'Встигнете' });
    await h.act(s, 'requestExecutorChange', executor, { reason: 'Тепломережа' });
    await h.act(s, 'decideExecutorChange', operator, { approve: true, executorId: teplomerezha.id, note: '' }, teplomerezha);
    await h.act(s, 'accept', otherExecutor, {});
    // 8.2.1: the first executor is brought back in for a part of the work, and proposes it done.
    await h.act(s, 'involveCoExecutor', operator, { executorId: vodokanal.id, task: 'Замінити засувку' }, vodokanal);
    await h.act(s, 'proposePart', executor, { result: 'Засувку замінено', date: fullResult.date });
    await h.act(s, 'proposeClosure', otherExecutor, fullResult);
    await h.act(s, 'confirmResolution', applicant, { confirmed: false, note: 'Досі тече' });
    const proposed = await h.act(s, 'proposeClosure', otherExecutor, fullResult);
    await h.advanceTo(new Date(proposed.reviewableAt!).getTime());
    await h.act(s, 'review', operator, { decision: 'approve', note: 'Виконано' });
    await h.act(s, 'confirmResolution', operator, { confirmed: true, note: 'Заявник підтвердив телефоном', channel: 'phone_call' });
    await h.act(s, 'rate', applicant, { score: 5, comment: 'Дякую' });
    const result = await s.handle.result();
    expect(result.history.at(-1)?.action).to.equal('completed');
    expect(result.applicantConfirmation).to.deep.include({ confirmed: true, channel: 'phone_call' });
    await save('revision-3-lifecycle', s);
  });

  it('records a plain lifecycle: proposal out of hours, review on Monday, rating, completion', async () => {
    await h.advanceTo(nextKyiv(await h.now(), 4, 10));
    const s = await h.start();
    await h.act(s, 'accept', executor, {});
    await h.act(s, 'comment', executor, { text: 'Бригада на місці', public: true });
    await h.advanceTo(nextKyiv(await h.now(), 5, 16));
    await h.act(s, 'proposeClosure', executor, fullResult);
    await h.advanceTo(nextKyiv(await h.now(), 1, 8));
    await h.act(s, 'review', operator, { decision: 'approve', note: 'Виконано' });
    await h.act(s, 'rate', applicant, { score: 5, comment: 'Дякую' });
    expect((await s.handle.result()).history.at(-1)?.action).to.equal('completed');
    await save('plain-lifecycle', s);
  });

  it('records the detours: change of executor, two extensions, СЕР refused, rework, spot check, upheld rating', async () => {
    await h.advanceTo(nextKyiv(await h.now(), 2, 10));
    const s = await h.start();
    await h.act(s, 'requestExecutorChange', executor, { reason: 'Не наша мережа' });
    await h.act(s, 'decideExecutorChange', operator, { approve: false, note: 'Ваша' });
    await h.act(s, 'requestExecutorChange', executor, { reason: 'Тепломережа' });
    await h.act(s, 'decideExecutorChange', operator, { approve: true, executorId: teplomerezha.id, note: '' }, teplomerezha);
    await h.act(s, 'accept', otherExecutor, {});
    // An extension moves the deadline later (8.2.2, revision 2): a day past the running one.
    const first = new Date(new Date((await h.card(s)).deadlineAt!).getTime() + DAY).toISOString();
    await h.act(s, 'requestAdditionalControl', otherExecutor, { reason: 'Труби', proposedDeadline: first, attachmentIds: ['a1'] });
    await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' });
    await h.advanceTo(new Date(first).getTime() + 60_000);
    await h.cardWhen(s, (c) => c.overdue, 'overdue');
    const second = new Date((await h.now()) + 3 * DAY).toISOString();
    await h.act(s, 'requestAdditionalControl', otherExecutor, { reason: 'Ще труби', proposedDeadline: second, attachmentIds: ['a2'], responsiblePerson: 'Сидоренко' });
    await h.act(s, 'decideAdditionalControl', operator, { approve: true, note: '' });
    await h.act(s, 'managerApproval', manager, { approve: true, note: '' });
    await h.act(s, 'requestStrategicPlan', otherExecutor, { reason: 'Реконструкція', attachmentIds: ['c1'] });
    await h.act(s, 'decideStrategicPlan', operator, { approve: false, note: 'Не потрібно' });
    await h.act(s, 'proposeClosure', otherExecutor, fullResult);
    await h.advanceTo(nextKyiv(await h.now(), 3, 9));
    await h.act(s, 'review', operator, { decision: 'rework', note: 'Не все' });
    await h.act(s, 'proposeClosure', otherExecutor, fullResult);
    await h.advanceTo(nextKyiv(await h.now(), 4, 9));
    await h.act(s, 'review', operator, { decision: 'approve', note: '' });
    await h.act(s, 'spotCheck', operator, { confirmed: false, note: 'Заявник незадоволений' });
    await h.act(s, 'proposeClosure', otherExecutor, fullResult);
    await h.advanceTo(nextKyiv(await h.now(), 1, 9));
    await h.act(s, 'review', operator, { decision: 'approve', note: '' });
    await h.act(s, 'rate', applicant, { score: 1, comment: 'Погано' });
    await h.act(s, 'verifyRating', operator, { upheld: true, note: '' });
    await h.act(s, 'proposeClosure', otherExecutor, fullResult);
    await h.advanceTo(nextKyiv(await h.now(), 2, 9));
    await h.act(s, 'review', operator, { decision: 'approve', note: '' });
    expect((await s.handle.result()).status).to.equal('closed');
    await save('detours-lifecycle', s);
  });

  it('records a repeated request confirmed by the applicant, continuing as new on the way', async () => {
    await h.advanceTo(nextKyiv(await h.now(), 2, 10));
    const s = await h.start({ repeatOf: 'KR-2026-000001', repeatCount: 1, historyLimit: 60 });
    const firstRun = (await s.handle.describe()).runId;
    await h.act(s, 'scheduleInspection', operator, { scheduledAt: new Date((await h.now()) + DAY).toISOString(), note: 'Виїзд' });
    for (let i = 0; i < 6; i++) await h.act(s, 'comment', operator, { text: `Запит ${i + 1}` });
    await h.act(s, 'proposeClosure', executor, fullResult);
    await h.act(s, 'review', operator, { decision: 'approve', note: '' });
    await h.act(s, 'confirmResolution', applicant, { confirmed: true, note: 'Так' });
    expect((await s.handle.result()).status).to.equal('closed');
    const firstHandle = h.env.client.workflow.getHandle(s.handle.workflowId, firstRun);
    await save('repeated-first-run', { ...s, handle: firstHandle });
    await save('repeated-last-run', s);
  });

  it('records a lifecycle whose workflow is asked to relay a left-behind outbox (the relayOutbox signal)', async () => {
    await h.advanceTo(nextKyiv(await h.now(), 2, 10));
    const s = await h.start();
    await h.act(s, 'accept', executor, {});
    const accepted = (await h.eventsWith(s.number, 'request.accepted')).filter((e) => e.type === 'request.accepted');
    const card = await h.requests.get(s.number);
    await h.mongo.collection('request_outbox').insertOne({ _id: `${s.number}#${card!.version}` as never, number: s.number, version: card!.version, events: accepted, at: new Date(0).toISOString() });
    await askWorkflowToRelay(h.env.client, s.number);
    await eventually(async () => ((await h.requests.outboxOf(s.number)).outbox.length === 0 ? true : undefined), 'the outbox relayed');
    await h.act(s, 'proposeClosure', executor, fullResult);
    await h.act(s, 'review', operator, { decision: 'approve', note: 'Виконано' });
    await h.act(s, 'rate', applicant, { score: 5 });
    expect((await s.handle.result()).history.at(-1)?.action).to.equal('completed');
    await save('outbox-relay-lifecycle', s);
  });
  it('records the corrected control: a repeated original told and kept on control, an extension waiting for the managers past their reminder, an inspection outcome, the applicant\'s objection', async () => {
    await h.advanceTo(nextKyiv(await h.now(), 2, 10));
    const original = await h.start();
    const repeat = await h.start({ repeatOf: original.number, repeatCount: 1 });
    await h.cardWhen(original, (c) => c.repeatedBy?.length === 1, 'the original told of its repeat');
    await h.act(original, 'accept', executor, {});
    const first = new Date(new Date((await h.card(original)).deadlineAt!).getTime() + DAY).toISOString();
    await h.act(original, 'requestAdditionalControl', executor, { reason: 'Труби', proposedDeadline: first, attachmentIds: ['a1'] });
    await h.act(original, 'decideAdditionalControl', operator, { approve: true, note: '' });
    await h.advanceTo(new Date(first).getTime() + 60_000);
    await h.cardWhen(original, (c) => c.overdueCount === 1, 'overdue');
    const second = new Date((await h.now()) + 5 * DAY).toISOString();
    await h.act(original, 'requestAdditionalControl', executor, { reason: 'Ще труби', proposedDeadline: second, attachmentIds: ['a2'], responsiblePerson: 'Сидоренко' });
    await h.act(original, 'decideAdditionalControl', operator, { approve: true, note: '' });
    await h.advance(4 * DAY);
    await h.eventsWith(original.number, 'request.manager_approval_reminder');
    await h.act(original, 'managerApproval', manager, { approve: true, note: '' });
    await h.act(original, 'scheduleInspection', operator, { scheduledAt: new Date((await h.now()) + DAY).toISOString(), note: 'Виїзд' });
    await h.advance(DAY + 60_000);
    await h.act(original, 'recordInspectionOutcome', operator, { heldAt: new Date((await h.now()) - 60_000).toISOString(), findings: 'Витік є', workDone: false });
    await h.advanceTo(nextKyiv(await h.now(), 2, 10));
    await h.act(original, 'proposeClosure', executor, fullResult);
    await h.act(original, 'review', operator, { decision: 'approve', note: '' });
    await h.act(original, 'confirmResolution', applicant, { confirmed: false, note: 'Досі тече' });
    await h.act(original, 'review', operator, { decision: 'rework', note: 'Підтверджено' });
    await h.act(original, 'proposeClosure', executor, fullResult);
    await h.act(original, 'review', operator, { decision: 'approve', note: '' });
    await h.act(original, 'confirmResolution', applicant, { confirmed: true, note: 'Так' });
    await h.act(original, 'rate', applicant, { score: 5 });
    expect((await original.handle.result()).history.at(-1)?.action).to.equal('completed');
    await save('corrected-control-original', original);
    await save('corrected-control-repeat', repeat);
  });

  it('records a СЕР request with its plan, back from review to its planned works', async () => {
    await h.advanceTo(nextKyiv(await h.now(), 2, 10));
    const s = await h.start();
    await h.act(s, 'requestStrategicPlan', executor, { reason: 'Реконструкція', attachmentIds: ['c1'] });
    await h.act(s, 'decideStrategicPlan', operator, { approve: true, planYear: 2027, plannedDate: '2027-06-30', note: '' });
    await h.act(s, 'proposeClosure', executor, fullResult);
    await h.act(s, 'review', operator, { decision: 'rework', note: 'Не завершено' });
    await h.act(s, 'proposeClosure', executor, fullResult);
    await h.act(s, 'review', operator, { decision: 'approve', note: '' });
    await h.act(s, 'rate', applicant, { score: 4 });
    expect((await s.handle.result()).history.at(-1)?.action).to.equal('completed');
    await save('corrected-strategic-plan', s);
  });
  it('records an out-of-hours proposal the operators\' queue is told of when it becomes reviewable', async () => {
    await h.advanceTo(nextKyiv(await h.now(), 5, 16));
    const s = await h.start();
    await h.act(s, 'accept', executor, {});
    await h.act(s, 'proposeClosure', executor, fullResult);
    await h.advanceTo(nextKyiv(await h.now(), 1, 9));
    await h.eventsWith(s.number, 'request.closure_reviewable');
    await h.act(s, 'review', operator, { decision: 'approve', note: 'Виконано' });
    await h.act(s, 'rate', applicant, { score: 5 });
    expect((await s.handle.result()).history.at(-1)?.action).to.equal('completed');
    await save('corrected-review-notice', s);
  });
});

/**
 * Regenerates test/workflows/histories/memo-ict-clock.json, a recorded 5.7 memo lifecycle with the
 * clock on ICT (`memo-ict-clock-1`) that replay.test.ts replays against the current workflow code (a
 * change that breaks determinism fails CI):
 *
 *   node --import tsx infra/cli.ts test test/workflows/record-memo-history.ts
 *
 * histories/memo-lifecycle.json was recorded by this script before the clock on ICT and is kept as
 * recorded: it is the memo approved without the patch marker, which must still replay. Do not
 * re-record it. Not a *.test.ts file: the suite skips it. Re-record only on purpose, with the change
 * that needs it.
 */
import proto from '@temporalio/proto';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../../contracts/events.ts';
import { memoStaticSummary, type StartMemo } from '../../contracts/memos.ts';
import { memoWorkflowId, TASK_QUEUE } from '../../contracts/wire.ts';
import { memoCardQuery, memoRegistrationUpdate, memoUpdate, memoWorkflow } from '../../workflows/memo.ts';
import { eventually } from '../support/stack.ts';
import { createHarness, manager, nextKyiv, operator, plainCalendar, type Harness } from './harness.ts';

// Not imported from record-histories.ts: loading that file would run (and re-record) its lifecycles too.
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const DAY = 24 * 3_600_000;
const MONDAY = 1;
const ict: Actor = { id: 'ict-oleh', role: 'ict', name: 'Олег Бондаренко' };

describe('recording a 5.7 memo lifecycle history for the replay test', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await createHarness({ plaintext: true });
    await h.calendars.put(plainCalendar);
  });
  after(async () => {
    await h?.close();
  });

  it('records created → reminder → approved → reminder to ICT → escalation to the managers → number blocked → number unblocked', async () => {
    await h.advanceTo(nextKyiv(await h.now(), MONDAY, 10));
    const input: StartMemo = {
      id: randomUUID(),
      phone: '+380671112233',
      reason: 'insults',
      text: 'Абонент ображав оператора',
      createdAt: new Date(await h.now()).toISOString(),
      actor: operator,
      notify: ['head@city.example.org'],
    };
    const handle = await h.env.client.workflow.start(memoWorkflow, { taskQueue: TASK_QUEUE, workflowId: memoWorkflowId(input.id), args: [input], staticSummary: memoStaticSummary(input) });
    await handle.executeUpdate(memoRegistrationUpdate);
    await h.advance(2 * DAY);
    await eventually(async () => ((await handle.query(memoCardQuery)).remindedAt ? true : undefined), 'the reminder');
    await handle.executeUpdate(memoUpdate('decide'), { args: [{ actor: manager, input: { approve: true, note: 'Погоджую' }, notify: ['ict@city.example.org'] }] });
    await h.advance(3 * DAY);
    await eventually(async () => ((await handle.query(memoCardQuery)).ictEscalatedAt ? true : undefined), 'the escalation to the managers');
    await handle.executeUpdate(memoUpdate('block'), { args: [{ actor: ict, input: {}, notify: [] }] });
    await handle.executeUpdate(memoUpdate('unblock'), { args: [{ actor: ict, input: { reason: 'Рішення керівника' }, notify: [] }] });
    const card = await handle.result();
    expect(card.history.map((e) => e.action)).to.deep.equal(['created', 'approval_reminder', 'approved', 'ict_block_reminder', 'ict_block_escalation', 'number_blocked', 'number_unblocked']);
    const history = await handle.fetchHistory();
    const json = proto.temporal.api.history.v1.History.toObject(proto.temporal.api.history.v1.History.fromObject(history), { longs: String, enums: String, bytes: String });
    fs.writeFileSync(path.join(historiesDir, 'memo-ict-clock.json'), `${JSON.stringify(json)}\n`);
  });
});

/**
 * Regenerates test/workflows/histories/repair-work-lifecycle.json, a recorded repair-work lifecycle
 * that replay.test.ts replays against the current workflow code (a change that breaks determinism
 * fails CI):
 *
 *   node --import tsx infra/cli.ts test test/workflows/record-repair-work-history.ts
 *
 * Not a *.test.ts file: the suite skips it. Re-record only on purpose, with the change that needs it.
 */
import proto from '@temporalio/proto';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartRepairWork } from '../../contracts/repair-works.ts';
import { repairWorkWorkflowId, TASK_QUEUE } from '../../contracts/wire.ts';
import { repairWorkCardQuery, repairWorkRegistrationUpdate, repairWorkUpdate, repairWorkWorkflow } from '../../workflows/repair-work.ts';
import { eventually } from '../support/stack.ts';
import { createHarness, executor, nextKyiv, operator, plainCalendar, vodokanal, type Harness } from './harness.ts';

// Not imported from record-histories.ts: loading that file would run (and re-record) its lifecycles too.
const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FRIDAY = 5;
const MONDAY = 1;
const iso = (ms: number) => new Date(ms).toISOString();

describe('recording a repair-work lifecycle history for the replay test', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await createHarness({ plaintext: true });
    await h.calendars.put(plainCalendar);
  });
  after(async () => {
    await h?.close();
  });

  it('records planned → started → overdue → reminder → extended → addresses changed → closed', async () => {
    const now = await h.now();
    const start = nextKyiv(now + 2 * DAY, FRIDAY, 9);
    const input: StartRepairWork = {
      id: `RW-REPLAY-${Date.now().toString(36).toUpperCase()}`,
      kind: 'planned',
      executor: vodokanal,
      district: 'Центрально-Міський',
      street: 'вул. Поштова',
      buildings: ['10'],
      categoryCodes: ['WATER-01'],
      title: 'Заміна засувки',
      description: 'Холодної води не буде',
      startsAt: iso(start),
      expectedEndAt: iso(start + 3 * HOUR),
      registeredAt: iso(now),
      actor: executor,
    };
    const handle = await h.env.client.workflow.start(repairWorkWorkflow, { taskQueue: TASK_QUEUE, workflowId: repairWorkWorkflowId(input.id), args: [input] });
    await handle.executeUpdate(repairWorkRegistrationUpdate);
    const monday = nextKyiv(start, MONDAY, 8);
    await h.advanceTo(monday + HOUR);
    await eventually(async () => ((await handle.query(repairWorkCardQuery)).reminders === 1 ? true : undefined), 'the first reminder');
    const t = await h.now();
    await handle.executeUpdate(repairWorkUpdate('extend'), { args: [{ actor: executor, input: { expectedEndAt: iso(t + 4 * HOUR), reason: 'Потрібна техніка' } }] });
    await handle.executeUpdate(repairWorkUpdate('changeAddresses'), { args: [{ actor: operator, input: { buildings: ['10', '12'], reason: 'І будинок 12' } }] });
    await handle.executeUpdate(repairWorkUpdate('close'), { args: [{ actor: executor, input: { actualEndAt: iso(t), note: 'Готово' }, linked: [] }] });
    const card = await handle.result();
    expect(card.history.map((e) => e.action)).to.deep.equal(['registered', 'started', 'overdue', 'reminder', 'extended', 'addresses_changed', 'closed']);
    const history = await handle.fetchHistory();
    const json = proto.temporal.api.history.v1.History.toObject(proto.temporal.api.history.v1.History.fromObject(history), { longs: String, enums: String, bytes: String });
    fs.writeFileSync(path.join(historiesDir, 'repair-work-lifecycle.json'), `${JSON.stringify(json)}\n`);
  });
});

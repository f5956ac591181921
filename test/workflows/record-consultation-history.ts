/**
 * Regenerates test/workflows/histories/consultation-lifecycle.json, a recorded consultation
 * lifecycle (2.9) that replay.test.ts replays against the current workflow code (a change that breaks
 * determinism fails CI):
 *
 *   node --import tsx infra/cli.ts test test/workflows/record-consultation-history.ts
 *
 * Not a *.test.ts file: the suite skips it. Re-record only on purpose, with the change that needs it.
 */
import proto from '@temporalio/proto';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StartConsultation } from '../../contracts/consultations.ts';
import { consultationWorkflowId, TASK_QUEUE } from '../../contracts/wire.ts';
import { consultationCardQuery, consultationRegistrationUpdate, consultationUpdate, consultationWorkflow } from '../../workflows/consultation.ts';
import { eventually } from '../support/stack.ts';
import { applicant, createHarness, operator, plainCalendar, type Harness } from './harness.ts';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

describe('recording a consultation lifecycle history for the replay test', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await createHarness({ plaintext: true });
    await h.calendars.put(plainCalendar);
  });
  after(async () => {
    await h?.close();
  });

  it('records registered → reminder → overdue → note → replied → asked → replied → closed by silence → rating window', async () => {
    const input: StartConsultation = {
      number: `KRK-2026-${String(900_000 + Math.floor(Math.random() * 99_999)).padStart(6, '0')}`,
      channel: 'web',
      categoryCode: 'CONSULT-01',
      categoryName: 'Консультація щодо субсидій і пільг',
      term: { amount: 1, unit: 'working_hours' },
      applicant: { name: 'Наталія Шевченко', phone: '+380671234567', userId: applicant.id },
      subject: 'Субсидія',
      question: 'Які документи потрібні?',
      registeredAt: new Date(await h.now()).toISOString(),
      actor: applicant,
    };
    const handle = await h.env.client.workflow.start(consultationWorkflow, { taskQueue: TASK_QUEUE, workflowId: consultationWorkflowId(input.number), args: [input] });
    const registered = await handle.executeUpdate(consultationRegistrationUpdate);
    await h.advanceTo(Date.parse(registered.replyDueAt!) + 60_000);
    await eventually(async () => ((await handle.query(consultationCardQuery)).overdue ? true : undefined), 'overdue');
    const act = (action: 'note' | 'reply' | 'ask', actor: typeof operator, text: string) => handle.executeUpdate(consultationUpdate(action), { args: [{ actor, input: { text } }] });
    await act('note', operator, 'Внутрішня нотатка');
    await act('reply', operator, 'Паспорт і довідка про доходи');
    await act('ask', applicant, 'А де подавати?');
    const replied = await act('reply', operator, 'У ЦНАП');
    await h.advanceTo(Date.parse(replied.silenceCloseAt!) + 60_000);
    await eventually(async () => ((await handle.query(consultationCardQuery)).status === 'closed' ? true : undefined), 'closed');
    await h.advanceTo((await h.now()) + 15 * 86_400_000);
    const card = await handle.result();
    expect(card.history.map((e) => e.action)).to.deep.equal(['registered', 'reply_reminder', 'overdue', 'internal_note', 'replied', 'asked', 'replied', 'closed']);
    const history = await handle.fetchHistory();
    const json = proto.temporal.api.history.v1.History.toObject(proto.temporal.api.history.v1.History.fromObject(history), { longs: String, enums: String, bytes: String });
    fs.writeFileSync(path.join(historiesDir, 'consultation-lifecycle.json'), `${JSON.stringify(json)}\n`);
  });
});

/**
 * The 5.7 memo workflow on the time-skipping server with the real activities, MongoDB (FerretDB) and
 * JetStream: the reminder to the managers after a working day without a decision (on the working
 * calendar), the clock on ICT after the approval (a reminder, then an escalation to the managers), the steps in order and by role, the read model and the one outbox, and what ops staff
 * read in the Temporal UI.
 */
import { jetstream } from '@nats-io/jetstream';
import type { WorkflowHandle } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import type proto from '@temporalio/proto';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { memoEventSchema, type Actor, type MemoEvent } from '../../contracts/events.ts';
import { memoStaticSummary, type MemoActionName, type MemoCard, type StartMemo } from '../../contracts/memos.ts';
import { memoWorkflowId, STREAMS, TASK_QUEUE } from '../../contracts/wire.ts';
import { memoOutboxKey, memosRepository } from '../../data/memos.repository.ts';
import { usersRepository } from '../../data/users.repository.ts';
import { decodeRefusal, type Refusal } from '../../domain/lifecycle.ts';
import { memoIctClock, memoReminderAt } from '../../domain/memos.ts';
import { memoCardQuery, memoRegistrationUpdate, memoUpdate, memoWorkflow } from '../../workflows/memo.ts';
import { eventually } from '../support/stack.ts';
import { kyivDate, manager, nextKyiv, operator, plainCalendar, summaryOf, useHarness, type Harness } from './harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const MONDAY = 1;
const TUESDAY = 2;
const WEDNESDAY = 3;
const THURSDAY = 4;
const FRIDAY = 5;

const ict: Actor = { id: 'ict-oleh', role: 'ict', name: 'Олег Бондаренко' };

const sa = { status: defineSearchAttributeKey('MemoStatus', 'KEYWORD') };

interface Memo {
  id: string;
  handle: WorkflowHandle<typeof memoWorkflow>;
  card: MemoCard;
  input: StartMemo;
}

let phoneSeq = 0;
const phoneBase = 1_000_000 + Math.floor(Math.random() * 8_000_000);
const freshPhone = (): string => `+38067${String(phoneBase + ++phoneSeq).padStart(7, '0')}`;

async function memoEvents(h: Harness, id: string): Promise<MemoEvent[]> {
  const consumer = await jetstream(h.nc).consumers.get(STREAMS.events.name, { filter_subjects: ['cc.events.memo.>'] });
  const out: MemoEvent[] = [];
  const batch = await consumer.fetch({ max_messages: 10_000, expires: 1_000 });
  for await (const m of batch) {
    let body: unknown;
    try {
      body = m.json();
    } catch {
      body = undefined;
    }
    const parsed = memoEventSchema.safeParse(body);
    if (parsed.success && parsed.data.data.memoId === id) out.push(parsed.data);
    if (m.info.pending === 0) break;
  }
  await consumer.delete();
  return out;
}

const eventsWith = (h: Harness, id: string, type: MemoEvent['type']): Promise<MemoEvent[]> =>
  eventually(async () => {
    const events = await memoEvents(h, id);
    return events.some((e) => e.type === type) ? events : undefined;
  }, `${type} of memo ${id} on JetStream`);

describe('the 5.7 memo workflow', function () {
  this.timeout(120_000);
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness.h;
  });

  async function start(over: Partial<StartMemo> = {}): Promise<Memo> {
    const input: StartMemo = {
      id: randomUUID(),
      phone: freshPhone(),
      reason: 'insults',
      text: 'Абонент ображав оператора та погрожував',
      createdAt: new Date(await h.now()).toISOString(),
      actor: operator,
      notify: ['head@city.example.org'],
      ...over,
    };
    const handle = await h.env.client.workflow.start(memoWorkflow, { taskQueue: TASK_QUEUE, workflowId: memoWorkflowId(input.id), args: [input], staticSummary: memoStaticSummary(input) });
    return { id: input.id, handle, card: await handle.executeUpdate(memoRegistrationUpdate), input };
  }

  const act = <A extends MemoActionName>(m: Memo, action: A, actor: Actor, input: unknown, notify: string[] = []) =>
    m.handle.executeUpdate(memoUpdate(action), { args: [{ actor, input, notify } as never] });

  async function refused<A extends MemoActionName>(m: Memo, action: A, actor: Actor, input: unknown): Promise<Refusal> {
    const before = await m.handle.query(memoCardQuery);
    const err = await act(m, action, actor, input).then(
      () => expect.fail(`${action} by ${actor.role} should have been refused`),
      (e: unknown) => e,
    );
    const refusal = decodeRefusal(err);
    expect(refusal, `a refusal decoded from ${String(err)}`).to.not.equal(undefined);
    expect((await m.handle.query(memoCardQuery)).version, 'a refused step records nothing').to.equal(before.version);
    return refusal!;
  }

  const cardWhen = (m: Memo, pred: (c: MemoCard) => boolean, what: string) =>
    eventually(async () => {
      const c = await m.handle.query(memoCardQuery);
      return pred(c) ? c : undefined;
    }, what);

  it('5.7 reminds the managers once when a working day passes without a decision, on the working calendar', async () => {
    const email = `head-${randomUUID().slice(0, 8)}@city.example.org`;
    await usersRepository(h.mongo).create({ login: `head-${randomUUID().slice(0, 8)}`, password: 'manager-pass-1', role: 'manager', name: 'Тарас Мельник', email });
    // Written on Friday afternoon; Monday is a public holiday: the working day runs to Tuesday's close.
    const friday = nextKyiv(await h.now(), FRIDAY, 14);
    const monday = nextKyiv(friday, MONDAY, 12);
    const calendar = { ...plainCalendar, holidays: [kyivDate(monday)] };
    await h.calendars.put(calendar);
    await h.advanceTo(friday);
    const m = await start();
    const remindAt = memoReminderAt(calendar, new Date(m.card.createdAt)).getTime();
    expect(kyivDate(remindAt), 'the end of the next working day after the holiday').to.equal(kyivDate(nextKyiv(friday, TUESDAY, 12)));

    await h.advanceTo(remindAt - MIN);
    expect((await m.handle.query(memoCardQuery)).remindedAt, 'no reminder before a working day has passed').to.equal(undefined);
    await h.advanceTo(remindAt + MIN);
    const reminded = await cardWhen(m, (c) => c.remindedAt !== undefined, 'the reminder on the card');
    expect(reminded.status).to.equal('pending_approval');
    expect(reminded.history.map((e) => e.action)).to.deep.equal(['created', 'approval_reminder']);
    expect(reminded.history[1]!.actor.role).to.equal('system');
    const events = await eventsWith(h, m.id, 'memo.approval_reminder');
    const reminder = events.find((e) => e.type === 'memo.approval_reminder')!;
    expect(reminder.data.notify, 'the active managers are reminded').to.include(email);
    expect(reminder.data).to.include({ memoId: m.id, status: 'pending_approval', version: 2 });

    // The timer is named by its clause in the history the Temporal UI shows.
    const history = await m.handle.fetchHistory();
    const timers = (history.events ?? []).filter((e) => e.timerStartedEventAttributes).map(summaryOf);
    expect(timers).to.include('5.7 remind the managers of the memo waiting a working day for their decision');

    // One reminder: after it nothing more is due until the manager decides.
    await h.advance(5 * DAY);
    expect((await memoEvents(h, m.id)).filter((e) => e.type === 'memo.approval_reminder')).to.have.length(1);
    const decided = await act(m, 'decide', manager, { approve: false, note: 'Недостатньо підстав' });
    expect(decided.status).to.equal('rejected');
  });

  it('5.7 sends no reminder when the manager decides within the working day', async () => {
    await h.advanceTo(nextKyiv(await h.now(), MONDAY, 9));
    const m = await start();
    await h.advance(3 * HOUR);
    await act(m, 'decide', manager, { approve: true, note: 'Погоджую' }, ['ict@city.example.org']);
    await h.advance(4 * DAY);
    const card = await m.handle.query(memoCardQuery);
    expect(card.remindedAt).to.equal(undefined);
    // The approval stops the managers' clock; from then on only the clock on ICT runs (the number is never blocked here).
    expect(card.history.map((e) => e.action)).to.deep.equal(['created', 'approved', 'ict_block_reminder', 'ict_block_escalation']);
    expect((await memoEvents(h, m.id)).map((e) => e.type)).to.not.include('memo.approval_reminder');
  });

  it('5.7 reminds ICT a working day after the approval and escalates to the managers a working day later when the number is still not blocked', async () => {
    const tag = randomUUID().slice(0, 8);
    const users = usersRepository(h.mongo);
    const ictEmail = `ict-${tag}@city.example.org`;
    const headEmail = `head-${tag}@city.example.org`;
    await users.create({ login: `ict-${tag}`, password: 'ict-pass-1', role: 'ict', name: 'Олег Бондаренко', email: ictEmail });
    await users.create({ login: `head-${tag}`, password: 'manager-pass-1', role: 'manager', name: 'Тарас Мельник', email: headEmail });
    // Approved on Tuesday morning: ICT is reminded at Wednesday's close, the managers told at Thursday's.
    const tuesday = nextKyiv(await h.now(), TUESDAY, 10);
    await h.advanceTo(tuesday);
    const m = await start();
    await h.advance(HOUR);
    const approved = await act(m, 'decide', manager, { approve: true, note: 'Погоджую' }, [ictEmail]);
    const clock = memoIctClock(plainCalendar, new Date(approved.decision!.at));
    expect(kyivDate(clock.remind.getTime())).to.equal(kyivDate(nextKyiv(tuesday, WEDNESDAY, 12)));
    expect(kyivDate(clock.escalate.getTime())).to.equal(kyivDate(nextKyiv(tuesday, THURSDAY, 12)));
    expect(approved, 'the card shows when each stage is due').to.include({ ictRemindAt: clock.remind.toISOString(), ictEscalateAt: clock.escalate.toISOString() });
    expect((await memosRepository(h.mongo).card(m.id))?.ictRemindAt, 'the read model too').to.equal(clock.remind.toISOString());
    const detailsNow = async (): Promise<string> => (await m.handle.query<proto.temporal.api.sdk.v1.IWorkflowMetadata>('__temporal_workflow_metadata')).currentDetails ?? '';
    expect(await detailsNow()).to.include("Awaiting: ICT's block of the number (5.7)").and.include('Reminder to ICT to block the number:').and.include('Escalation to the managers if still not blocked:');

    await h.advanceTo(clock.remind.getTime() - MIN);
    expect((await m.handle.query(memoCardQuery)).ictRemindedAt, 'no reminder to ICT before a working day has passed').to.equal(undefined);
    await h.advanceTo(clock.remind.getTime() + MIN);
    const reminded = await cardWhen(m, (c) => c.ictRemindedAt !== undefined, 'the reminder to ICT on the card');
    expect(reminded.status).to.equal('approved');
    expect(reminded.ictRemindAt).to.equal(undefined);
    expect(reminded.ictEscalateAt).to.equal(clock.escalate.toISOString());
    expect(reminded.history.map((e) => e.action)).to.deep.equal(['created', 'approved', 'ict_block_reminder']);
    expect(reminded.history[2]!.actor.role).to.equal('system');
    const toIct = (await eventsWith(h, m.id, 'memo.ict_block_reminder')).find((e) => e.type === 'memo.ict_block_reminder')!;
    expect(toIct.data.notify, 'the active ICT staff are reminded').to.include(ictEmail).and.not.include(headEmail);
    expect(toIct.data).to.include({ memoId: m.id, status: 'approved', version: 3 });

    await h.advanceTo(clock.escalate.getTime() - MIN);
    expect((await m.handle.query(memoCardQuery)).ictEscalatedAt, 'no escalation before the second working day has passed').to.equal(undefined);
    await h.advanceTo(clock.escalate.getTime() + MIN);
    const escalated = await cardWhen(m, (c) => c.ictEscalatedAt !== undefined, 'the escalation on the card');
    expect(escalated.history.map((e) => e.action)).to.deep.equal(['created', 'approved', 'ict_block_reminder', 'ict_block_escalation']);
    expect(escalated.ictEscalateAt).to.equal(undefined);
    const toManagers = (await eventsWith(h, m.id, 'memo.ict_block_escalation')).find((e) => e.type === 'memo.ict_block_escalation')!;
    expect(toManagers.data.notify, 'the next role up: the active managers').to.include(headEmail).and.not.include(ictEmail);
    expect(toManagers.data).to.include({ memoId: m.id, status: 'approved', version: 4 });

    // Both timers are named by the clause in the history the Temporal UI shows.
    const timers = ((await m.handle.fetchHistory()).events ?? []).filter((e) => e.timerStartedEventAttributes).map(summaryOf);
    expect(timers, JSON.stringify(timers)).to.include('5.7 remind ICT to block the number of the memo approved a working day ago');
    expect(timers).to.include('5.7 tell the managers ICT has not blocked the number for two working days');
    expect(await detailsNow()).to.include('ICT reminded:').and.include('Managers told ICT has not blocked the number:');

    // Once each: nothing more is due until ICT blocks the number, and the block ends the clock.
    await h.advance(5 * DAY);
    const types = (await memoEvents(h, m.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'memo.ict_block_reminder' || t === 'memo.ict_block_escalation')).to.deep.equal(['memo.ict_block_reminder', 'memo.ict_block_escalation']);
    const blocked = await act(m, 'block', ict, {});
    expect(blocked.status).to.equal('blocked');
    expect(blocked).to.include({ ictRemindedAt: reminded.ictRemindedAt, ictEscalatedAt: escalated.ictEscalatedAt });
  });

  it('5.7 sends neither the reminder to ICT nor the escalation when ICT blocks the number within the working day after the approval', async () => {
    await h.advanceTo(nextKyiv(await h.now(), FRIDAY, 11));
    const m = await start();
    const approved = await act(m, 'decide', manager, { approve: true, note: 'Погоджую' }, ['ict@city.example.org']);
    expect(approved.ictRemindAt, 'the clock starts with the approval').to.be.a('string');
    await h.advance(2 * HOUR);
    const blocked = await act(m, 'block', ict, {});
    expect(blocked, 'the block clears both stages').to.not.have.any.keys('ictRemindAt', 'ictEscalateAt', 'ictRemindedAt', 'ictEscalatedAt');
    await h.advanceTo(new Date(approved.ictEscalateAt!).getTime() + 3 * DAY);
    const card = await m.handle.query(memoCardQuery);
    expect(card.history.map((e) => e.action)).to.deep.equal(['created', 'approved', 'number_blocked']);
    expect((await memoEvents(h, m.id)).map((e) => e.type)).to.deep.equal(['memo.created', 'memo.approved', 'memo.number_blocked']);
  });

  it('5.7 takes the steps in order and by role only; a refused step records nothing', async () => {
    const m = await start();
    expect(await refused(m, 'block', ict, {})).to.deep.include({ kind: 'wrong_status' });
    expect(await refused(m, 'decide', operator, { approve: true })).to.deep.include({ kind: 'forbidden' });
    expect(await refused(m, 'decide', ict, { approve: true })).to.deep.include({ kind: 'forbidden' });
    expect(await refused(m, 'unblock', ict, { reason: 'Помилка' })).to.deep.include({ kind: 'wrong_status' });
    await act(m, 'decide', manager, { approve: true, note: '' });
    expect(await refused(m, 'decide', manager, { approve: false })).to.deep.include({ kind: 'wrong_status' });
    expect(await refused(m, 'block', manager, {})).to.deep.include({ kind: 'forbidden' });
    await act(m, 'block', ict, {});
    // Unblocking is audited: without a reason it is refused, naming the field.
    const noReason = await act(m, 'unblock', ict, {}).then(
      () => expect.fail('an unblock without a reason was taken'),
      (e: unknown) => e as { cause?: { type?: string; message?: string } },
    );
    expect(noReason.cause?.type).to.equal('invalid_input');
    expect(noReason.cause?.message).to.contain('body.reason');
  });

  it('5.7 records each step in the read model before the Update answers, publishes its events through the one outbox, and ends with the unblock', async () => {
    const m = await start();
    const memos = memosRepository(h.mongo);
    expect((await memos.card(m.id))?.version, 'the refusal is in the read model when the registration answers').to.equal(1);
    const approved = await act(m, 'decide', manager, { approve: true, note: 'Погоджую' }, ['ict@city.example.org']);
    expect((await memos.card(m.id))?.version).to.equal(approved.version);
    const blocked = await act(m, 'block', ict, {}, ['operator@city.example.org']);
    expect((await memos.card(m.id))?.status).to.equal('blocked');
    expect(await memos.isBlocked(m.input.phone)).to.equal(true);
    const unblocked = await act(m, 'unblock', ict, { reason: 'Рішення керівника від 01.03' }, []);
    expect(unblocked).to.include({ status: 'unblocked', version: 4 });
    expect(unblocked.unblocked).to.include({ reason: 'Рішення керівника від 01.03' });
    expect(unblocked.unblocked?.by).to.deep.equal({ id: ict.id, role: 'ict', name: ict.name });
    expect(unblocked.history.map((e) => e.action)).to.deep.equal(['created', 'approved', 'number_blocked', 'number_unblocked']);
    expect(blocked.blocked?.by.id).to.equal(ict.id);
    expect(await memos.isBlocked(m.input.phone)).to.equal(false);
    expect((await m.handle.result()).status, 'the workflow ends with the unblock').to.equal('unblocked');

    const events = await eventually(async () => {
      const all = await memoEvents(h, m.id);
      return all.length >= 4 ? all : undefined;
    }, 'the four memo events on JetStream');
    expect(events.map((e) => [e.type, e.data.version])).to.deep.equal([
      ['memo.created', 1],
      ['memo.approved', 2],
      ['memo.number_blocked', 3],
      ['memo.number_unblocked', 4],
    ]);
    expect(events[1]!.data.notify).to.deep.equal(['ict@city.example.org']);
    expect(events[3]!.data.note).to.equal('Рішення керівника від 01.03');
    // Relayed and cleared from the requests' outbox, where the memo's steps were written.
    expect(await h.requests.outboxEntries(memoOutboxKey(m.id))).to.deep.equal([]);
  });

  it('5.7 shows ops staff the memo in the Temporal UI by search attributes, summary and details, without the phone or the text', async () => {
    const m = await start({ reason: 'obscene_language' });
    const description = await m.handle.describe();
    const summary = (await description.staticSummary()) ?? '';
    expect(summary).to.equal(`5.7 memo ${m.id} · obscene_language · by operator ${operator.id}`);
    const search = description.typedSearchAttributes;
    expect(search.get(sa.status)).to.equal('pending_approval');
    expect(description.type).to.equal('memoWorkflow');
    expect(description.workflowId).to.equal(`memo-${m.id}`);
    const meta = await m.handle.query<proto.temporal.api.sdk.v1.IWorkflowMetadata>('__temporal_workflow_metadata');
    const details = meta.currentDetails ?? '';
    expect(details).to.include(`**Memo ${m.id}** · Очікує погодження керівника (\`pending_approval\`)`);
    expect(details).to.include("Awaiting: the manager's decision (5.7)");
    expect(details).to.include('Reminder to the managers:');
    const digits = m.input.phone.slice(4);
    for (const shown of [summary, details, ...search.getAll().map((p) => String(p.value))]) {
      expect(shown).to.not.include(digits);
      expect(shown).to.not.include(m.input.text);
    }
    await act(m, 'decide', manager, { approve: true, note: '' });
    expect((await m.handle.describe()).typedSearchAttributes.get(sa.status)).to.equal('approved');
  });
});

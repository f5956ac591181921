/**
 * The repair-work lifecycle (8.1.6, 8.1.7) on the time-skipping server with the real activities,
 * MongoDB (FerretDB) and JetStream: the start timer, the overdue flag, the daily reminder on the
 * working calendar, closure, audited changes, and what ops staff read in the Temporal UI.
 */
import { jetstream } from '@nats-io/jetstream';
import type { WorkflowHandle } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import type proto from '@temporalio/proto';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Actor } from '../../contracts/events.ts';
import { repairWorkEventSchema, repairWorkStaticSummary, type RepairWorkActionName, type RepairWorkCard, type RepairWorkEvent, type StartRepairWork } from '../../contracts/repair-works.ts';
import { repairWorkWorkflowId, STREAMS, TASK_QUEUE } from '../../contracts/wire.ts';
import { createRepairWorksRepository, type RepairWorksRepository } from '../../data/repair-works.repository.ts';
import { decodeRefusal, type Refusal } from '../../domain/lifecycle.ts';
import { repairWorkCardQuery, repairWorkRegistrationUpdate, repairWorkUpdate, repairWorkWorkflow } from '../../workflows/repair-work.ts';
import { eventually } from '../support/stack.ts';
import { executor, KYIV, nextKyiv, operator, otherExecutor, summaryOf, useHarness, vodokanal, type Harness } from './harness.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const MONDAY = 1;
const TUESDAY = 2;
const WEDNESDAY = 3;
const FRIDAY = 5;
const iso = (ms: number) => new Date(ms).toISOString();

const sa = {
  id: defineSearchAttributeKey('RepairWorkId', 'KEYWORD'),
  kind: defineSearchAttributeKey('RepairWorkKind', 'KEYWORD'),
  status: defineSearchAttributeKey('RepairWorkStatus', 'KEYWORD'),
  executorId: defineSearchAttributeKey('ExecutorId', 'KEYWORD'),
  district: defineSearchAttributeKey('District', 'KEYWORD'),
  overdue: defineSearchAttributeKey('Overdue', 'BOOL'),
};

let seq = 0;
const base = Math.floor(Math.random() * 1e6).toString(36).toUpperCase();
const freshId = (): string => `RW-TEST-${base}-${++seq}`;

interface Work {
  id: string;
  handle: WorkflowHandle<typeof repairWorkWorkflow>;
  card: RepairWorkCard;
}

async function workEvents(h: Harness, id: string): Promise<RepairWorkEvent[]> {
  const js = jetstream(h.nc);
  const consumer = await js.consumers.get(STREAMS.events.name, { filter_subjects: ['cc.events.repair_work.>'] });
  const out: RepairWorkEvent[] = [];
  const batch = await consumer.fetch({ max_messages: 10_000, expires: 1_000 });
  for await (const m of batch) {
    const parsed = repairWorkEventSchema.safeParse(m.json());
    if (parsed.success && parsed.data.data.work.id === id) out.push(parsed.data);
    if (m.info.pending === 0) break;
  }
  await consumer.delete();
  return out;
}

const eventsWith = (h: Harness, id: string, type: RepairWorkEvent['type'], count = 1): Promise<RepairWorkEvent[]> =>
  eventually(async () => {
    const events = await workEvents(h, id);
    return events.filter((e) => e.type === type).length >= count ? events : undefined;
  }, `${count} × ${type} of ${id} on JetStream`);

describe('repair work lifecycle (8.1.6, 8.1.7)', function () {
  this.timeout(120_000);
  const harness = useHarness();
  let h: Harness;
  let works: RepairWorksRepository;
  beforeEach(() => {
    h = harness.h;
    works = createRepairWorksRepository(h.mongo);
  });

  async function start(over: Partial<StartRepairWork> = {}): Promise<Work> {
    const now = await h.now();
    const input: StartRepairWork = {
      id: freshId(),
      kind: 'planned',
      executor: vodokanal,
      district: 'Центрально-Міський',
      street: 'вул. Поштова',
      buildings: ['10', '12'],
      categoryCodes: ['WATER-02'],
      title: 'Заміна засувки на водогоні',
      description: 'Холодної води не буде на час заміни засувки',
      startsAt: iso(now + 2 * DAY),
      expectedEndAt: iso(now + 2 * DAY + 6 * HOUR),
      registeredAt: iso(now),
      actor: executor,
      ...over,
    };
    const handle = await h.env.client.workflow.start(repairWorkWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: repairWorkWorkflowId(input.id),
      args: [input],
      staticSummary: repairWorkStaticSummary(input),
    });
    return { id: input.id, handle, card: await handle.executeUpdate(repairWorkRegistrationUpdate) };
  }

  const act = <A extends RepairWorkActionName>(w: Work, action: A, actor: Actor, input: unknown) =>
    w.handle.executeUpdate(repairWorkUpdate(action), { args: [{ actor, input } as never] });

  async function refused<A extends RepairWorkActionName>(w: Work, action: A, actor: Actor, input: unknown): Promise<Refusal> {
    const before = await w.handle.query(repairWorkCardQuery);
    const err = await act(w, action, actor, input).then(
      () => expect.fail(`${action} by ${actor.role} should have been refused`),
      (e: unknown) => e,
    );
    const refusal = decodeRefusal(err);
    expect(refusal, `a refusal decoded from ${String(err)}`).to.not.equal(undefined);
    expect((await w.handle.query(repairWorkCardQuery)).version, 'a refused action records nothing').to.equal(before.version);
    return refusal!;
  }

  const cardWhen = (w: Work, pred: (c: RepairWorkCard) => boolean, what: string) =>
    eventually(async () => {
      const c = await w.handle.query(repairWorkCardQuery);
      return pred(c) ? c : undefined;
    }, what);

  it('8.1.6 moves a planned work to in progress when its start comes, and records it in the read model and on JetStream', async () => {
    const w = await start();
    expect(w.card).to.include({ id: w.id, version: 1, status: 'planned', overdue: false, executorId: vodokanal.id });
    expect(w.card.registeredBy).to.deep.equal({ id: executor.id, role: 'executor', name: executor.name, executorId: vodokanal.id });
    expect(await works.get(w.id)).to.deep.equal(w.card);

    await h.advanceTo(new Date(w.card.startsAt).getTime() + MIN);
    const started = await cardWhen(w, (c) => c.status === 'in_progress', 'the work in progress');
    expect(started.history.map((e) => e.action)).to.deep.equal(['registered', 'started']);
    expect(started.history[1]).to.deep.include({ from: 'planned', to: 'in_progress', actor: { id: 'system', role: 'system', name: 'Contact Center' } });
    const events = await eventsWith(h, w.id, 'repair_work.started');
    expect(events.map((e) => e.type)).to.deep.equal(['repair_work.registered', 'repair_work.started']);
    expect((await eventually(async () => ((await works.get(w.id))?.status === 'in_progress' ? true : undefined), 'the read model in progress'))).to.equal(true);
  });

  it('8.1.6.2 an emergency registered after it began is in progress at once', async () => {
    const now = await h.now();
    const w = await start({ kind: 'emergency', startsAt: iso(now - 2 * HOUR), expectedEndAt: iso(now + 5 * HOUR) });
    expect(w.card).to.include({ status: 'in_progress', kind: 'emergency', startsAt: iso(now - 2 * HOUR) });
    expect(w.card.history).to.have.length(1);
  });

  it('8.1.6 flags an unclosed card overdue when its expected end passes and reminds the executor every working day until it is closed', async () => {
    const now = await h.now();
    // Expected to end on a Friday at 12:00 Kyiv: overdue then, reminded Monday and Tuesday at 08:00 (the weekend is not working time).
    const end = nextKyiv(now + 2 * DAY, FRIDAY, 12);
    const w = await start({ kind: 'emergency', startsAt: iso(now - HOUR), expectedEndAt: iso(end) });

    await h.advanceTo(end + MIN);
    const overdue = await cardWhen(w, (c) => c.overdue, 'the card overdue');
    expect(overdue.history.at(-1)).to.deep.include({ action: 'overdue' });
    expect((await w.handle.describe()).typedSearchAttributes.get(sa.overdue)).to.equal(true);
    const [overdueEvent] = (await eventsWith(h, w.id, 'repair_work.overdue')).filter((e) => e.type === 'repair_work.overdue');
    const monday = nextKyiv(end, MONDAY, 8);
    expect(overdueEvent!.data.work.executor).to.deep.equal(vodokanal);
    expect(overdueEvent!.data.details).to.deep.include({ expectedEndAt: iso(end), nextReminderAt: iso(monday) });

    await h.advanceTo(monday - MIN);
    expect((await w.handle.query(repairWorkCardQuery)).reminders, 'no reminder over the weekend').to.equal(0);
    await h.advanceTo(monday + MIN);
    await cardWhen(w, (c) => c.reminders === 1, 'the first reminder');
    const tuesday = nextKyiv(monday, TUESDAY, 8);
    await h.advanceTo(tuesday + MIN);
    await cardWhen(w, (c) => c.reminders === 2, 'the second reminder');
    const reminders = (await eventsWith(h, w.id, 'repair_work.reminder', 2)).filter((e) => e.type === 'repair_work.reminder');
    // Each at the first working hour of its day (the timer fires then; the task that records it a few ms later).
    expect(reminders.map((e) => Math.floor((Date.parse(e.occurredAt) - monday) / MIN))).to.deep.equal([0, (tuesday - monday) / MIN]);

    const closed = await act(w, 'close', executor, { actualEndAt: iso(tuesday), note: 'Засувку замінено, воду подано' });
    expect(closed).to.include({ status: 'closed', actualEndAt: iso(tuesday), closeNote: 'Засувку замінено, воду подано' });
    expect(closed.closedBy).to.deep.equal({ id: executor.id, role: 'executor', name: executor.name, executorId: vodokanal.id });
    await w.handle.result();
    await h.advanceTo(nextKyiv(tuesday, WEDNESDAY, 9));
    expect((await workEvents(h, w.id)).filter((e) => e.type === 'repair_work.reminder'), 'no reminder after closure').to.have.length(2);
    expect(await works.get(w.id)).to.deep.include({ status: 'closed', version: closed.version });
  });

  it('8.1.6 closes the card with the actual end and a note, refusing an end in the future, before the start, or another executor', async () => {
    const now = await h.now();
    const w = await start({ kind: 'emergency', startsAt: iso(now - 3 * HOUR), expectedEndAt: iso(now + 3 * HOUR) });
    expect((await refused(w, 'close', executor, { actualEndAt: iso(now + 2 * HOUR), note: 'готово' })).message).to.contain('future');
    expect((await refused(w, 'close', executor, { actualEndAt: iso(now - 5 * HOUR), note: 'готово' })).message).to.contain('before the start');
    expect((await refused(w, 'close', otherExecutor, { actualEndAt: iso(now), note: 'готово' })).kind).to.equal('forbidden');
    const closed = await act(w, 'close', operator, { actualEndAt: iso(now - HOUR), note: 'Аварію ліквідовано' });
    expect(closed.history.at(-1)).to.deep.include({ action: 'closed', from: 'in_progress', to: 'closed', note: 'Аварію ліквідовано' });
    const [event] = (await eventsWith(h, w.id, 'repair_work.closed')).filter((e) => e.type === 'repair_work.closed');
    expect(event!.data.details).to.deep.include({ actualEndAt: iso(now - HOUR), note: 'Аварію ліквідовано', linkedOpenRequests: [] });
  });

  it('8.1.7 records the author of every entry and audits an extension and a change of addresses with their reason', async () => {
    const now = await h.now();
    const end = now + 4 * HOUR;
    const w = await start({ kind: 'emergency', startsAt: iso(now - HOUR), expectedEndAt: iso(end) });
    await h.advanceTo(end + MIN);
    await cardWhen(w, (c) => c.overdue, 'the card overdue');

    expect((await refused(w, 'extend', executor, { expectedEndAt: iso((await h.now()) - MIN), reason: 'ще трохи' })).kind).to.equal('rule_violation');
    const newEnd = (await h.now()) + 6 * HOUR;
    const extended = await act(w, 'extend', executor, { expectedEndAt: iso(newEnd), reason: 'Пошкоджено ще одну ділянку' });
    expect(extended).to.include({ expectedEndAt: iso(newEnd), overdue: false });
    expect(extended.history.at(-1)).to.deep.include({
      action: 'extended',
      note: 'Пошкоджено ще одну ділянку',
      changes: { expectedEndAt: { from: iso(end), to: iso(newEnd) } },
      actor: { id: executor.id, role: 'executor', name: executor.name, executorId: vodokanal.id },
    });
    expect((await w.handle.describe()).typedSearchAttributes.get(sa.overdue)).to.equal(false);

    const moved = await act(w, 'changeAddresses', operator, { buildings: ['10', '12', '14'], reason: 'Без води й будинок 14' });
    expect(moved.buildings).to.deep.equal(['10', '12', '14']);
    expect(moved.history.at(-1)).to.deep.include({ action: 'addresses_changed', note: 'Без води й будинок 14', actor: { id: operator.id, role: 'operator', name: operator.name } });
    expect(moved.history.at(-1)!.changes).to.deep.equal({ buildings: { from: ['10', '12'], to: ['10', '12', '14'] } });
    // The trail only grows: every earlier entry is still there as it was.
    expect(moved.history.slice(0, extended.history.length)).to.deep.equal(extended.history);
    expect((await works.get(w.id))?.history).to.deep.equal(moved.history);

    await act(w, 'close', executor, { actualEndAt: iso(await h.now()), note: 'Готово' });
    // Closed, the workflow has ended: nothing can be changed after the fact (the service answers 409 from the read model).
    const final = await w.handle.result();
    expect(final.history.slice(0, moved.history.length)).to.deep.equal(moved.history);
    await act(w, 'extend', executor, { expectedEndAt: iso(newEnd + DAY), reason: 'ще' }).then(
      () => expect.fail('a closed work took an extension'),
      (err: unknown) => expect(String(err)).to.match(/not found|completed/i),
    );
  });

  it('shows ops staff the work in the Temporal UI: search attributes, summary, details and named timers', async () => {
    const w = await start();
    const description = await w.handle.describe();
    expect(await description.staticSummary()).to.equal(`${w.id} · planned · Центрально-Міський, вул. Поштова 10, 12 · ${vodokanal.name}`);
    const search = description.typedSearchAttributes;
    expect(search.get(sa.id)).to.equal(w.id);
    expect(search.get(sa.kind)).to.equal('planned');
    expect(search.get(sa.status)).to.equal('planned');
    expect(search.get(sa.executorId)).to.equal(vodokanal.id);
    expect(search.get(sa.district)).to.equal('Центрально-Міський');
    expect(search.get(sa.overdue)).to.equal(false);
    const meta = await w.handle.query<proto.temporal.api.sdk.v1.IWorkflowMetadata>('__temporal_workflow_metadata');
    const startText = DateTime.fromISO(w.card.startsAt, { zone: KYIV }).toFormat('yyyy-LL-dd HH:mm');
    expect(meta.currentDetails).to.include(`**${w.id}** · Планові роботи · Заплановано (\`planned\`)`);
    expect(meta.currentDetails).to.include(`Start: ${startText} Kyiv`);

    await h.advanceTo(new Date(w.card.startsAt).getTime() + MIN);
    await cardWhen(w, (c) => c.status === 'in_progress', 'the work in progress');
    expect((await w.handle.describe()).typedSearchAttributes.get(sa.status)).to.equal('in_progress');
    const timers = ((await w.handle.fetchHistory()).events ?? []).filter((e) => e.timerStartedEventAttributes).map(summaryOf);
    expect(timers).to.include('8.1.6 the work starts: planned → in progress');
  });
});

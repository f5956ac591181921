/**
 * The consultation lifecycle (2.9) on the time-skipping server with the real activities, MongoDB
 * (FerretDB) and JetStream: the reply term from the category, the reminder before it and the overdue
 * flag on the working calendar, closing on the resident's word or silence, the rating, and the
 * internal notes that never leave the workers.
 */
import { jetstream } from '@nats-io/jetstream';
import type { WorkflowHandle } from '@temporalio/client';
import { defineSearchAttributeKey } from '@temporalio/common';
import { expect } from 'chai';
import { consultationEventSchema, consultationStaticSummary, sessionEventSchema, type SessionEvent, residentView, type ConsultationActionName, type ConsultationCard, type ConsultationEvent, type StartConsultation } from '../../contracts/consultations.ts';
import type { Actor } from '../../contracts/events.ts';
import { consultationSessionWorkflowId, consultationWorkflowId, STREAMS, TASK_QUEUE } from '../../contracts/wire.ts';
import { createConsultationsRepository } from '../../data/consultations.repository.ts';
import { deadlineFrom } from '../../domain/calendar.ts';
import { usersRepository } from '../../data/users.repository.ts';
import { CONSULTATION_BOUNDS, DEFAULT_CONSULTATION_SETTINGS, SESSION_REMINDER_LEAD_MS } from '../../domain/consultations.ts';
import { decodeRefusal } from '../../domain/lifecycle.ts';
import { consultationSessionWorkflow, sessionCardQuery, sessionRegistrationUpdate, sessionUpdate } from '../../workflows/consultation-session.ts';
import { consultationCardQuery, consultationRegistrationUpdate, consultationUpdate, consultationWorkflow } from '../../workflows/consultation.ts';
import { eventually } from '../support/stack.ts';
import { applicant, executor, nextKyiv, operator, plainCalendar, strangerApplicant, useHarness, type Harness } from './harness.ts';

const MIN = 60_000;
const THURSDAY = 4;
const iso = (ms: number) => new Date(ms).toISOString();
const overdueKey = defineSearchAttributeKey('Overdue', 'BOOL');
const statusKey = defineSearchAttributeKey('RequestStatus', 'KEYWORD');

let seq = 0;
const base = 100_000 + Math.floor(Math.random() * 800_000);
const freshNumber = (): string => `KRK-2026-${String(base + ++seq).padStart(6, '0')}`;

interface Consultation {
  number: string;
  handle: WorkflowHandle<typeof consultationWorkflow>;
  card: ConsultationCard;
}

async function eventsOf(h: Harness, number: string): Promise<ConsultationEvent[]> {
  const consumer = await jetstream(h.nc).consumers.get(STREAMS.events.name, { filter_subjects: ['cc.events.consultation.>'] });
  const out: ConsultationEvent[] = [];
  const batch = await consumer.fetch({ max_messages: 10_000, expires: 1_000 });
  for await (const m of batch) {
    const raw = m.string();
    const parsed = consultationEventSchema.safeParse(JSON.parse(raw));
    if (parsed.success && parsed.data.data.consultation.number === number) out.push(parsed.data);
    if (m.info.pending === 0) break;
  }
  await consumer.delete();
  return out;
}

const eventsWith = (h: Harness, number: string, type: ConsultationEvent['type']) =>
  eventually(async () => {
    const events = await eventsOf(h, number);
    return events.some((e) => e.type === type) ? events : undefined;
  }, `${type} of ${number} on JetStream`);

describe('consultation lifecycle (2.9)', function () {
  this.timeout(120_000);
  const harness = useHarness();
  let h: Harness;
  beforeEach(() => {
    h = harness.h;
  });

  async function start(over: Partial<StartConsultation> = {}): Promise<Consultation> {
    const input: StartConsultation = {
      number: freshNumber(),
      channel: 'web',
      categoryCode: 'CONSULT-01',
      categoryName: 'Консультація щодо субсидій і пільг',
      term: { amount: 1, unit: 'working_hours' },
      applicant: { name: 'Наталія Шевченко', phone: '+380671234567', email: 'natalia@example.org', userId: applicant.id },
      subject: 'Субсидія на опалення',
      question: 'Які документи потрібні для призначення субсидії?',
      registeredAt: iso(await h.now()),
      actor: applicant,
      ...over,
    };
    const handle = await h.env.client.workflow.start(consultationWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: consultationWorkflowId(input.number),
      args: [input],
      staticSummary: consultationStaticSummary(input),
    });
    return { number: input.number, handle, card: await handle.executeUpdate(consultationRegistrationUpdate) };
  }

  const act = <A extends ConsultationActionName>(c: Consultation, action: A, actor: Actor, input: unknown) => c.handle.executeUpdate(consultationUpdate(action), { args: [{ actor, input } as never] });
  const cardWhen = (c: Consultation, pred: (card: ConsultationCard) => boolean, what: string) =>
    eventually(async () => {
      const card = await c.handle.query(consultationCardQuery);
      return pred(card) ? card : undefined;
    }, what);

  it('2.9 reminds the workers before the reply is due and flags the consultation overdue when the deadline passes, on the working calendar', async () => {
    // Asked on Thursday at 16:30 with a one-working-hour term: 30 minutes on Thursday, 30 on Friday from 08:00.
    await h.advanceTo(nextKyiv(await h.now(), THURSDAY, 16, 30));
    const c = await start();
    const asked = Date.parse(c.card.registeredAt);
    const friday8 = nextKyiv(asked, 5, 8);
    expect(c.card).to.include({ status: 'awaiting_reply', overdue: false, reminded: false });
    // The registration lands a few milliseconds after 16:30 (a workflow task), and so does the due time after 08:30.
    expect(Date.parse(c.card.replyDueAt!)).to.be.closeTo(friday8 + 30 * MIN, 1000);
    // The reminder when 3/4 of the working hour has passed: 15 minutes into Friday.
    expect(Date.parse(c.card.reminderAt!)).to.be.closeTo(friday8 + 15 * MIN, 1000);
    expect((await h.env.client.workflow.getHandle(consultationWorkflowId(c.number)).describe()).typedSearchAttributes.get(statusKey)).to.equal('awaiting_reply');

    await h.advanceTo(friday8 + 14 * MIN);
    expect((await c.handle.query(consultationCardQuery)).reminded, 'no reminder overnight').to.equal(false);
    await h.advanceTo(friday8 + 16 * MIN);
    await cardWhen(c, (card) => card.reminded, 'the reminder');
    const reminder = (await eventsWith(h, c.number, 'consultation.reply_reminder')).find((e) => e.type === 'consultation.reply_reminder')!;
    expect(reminder.data.details).to.have.property('replyDueAt', c.card.replyDueAt);
    expect(reminder.data.details.notify).to.be.an('array');

    await h.advanceTo(friday8 + 31 * MIN);
    const overdue = await cardWhen(c, (card) => card.overdue, 'the consultation overdue');
    expect(overdue.status).to.equal('awaiting_reply');
    expect((await c.handle.describe()).typedSearchAttributes.get(overdueKey)).to.equal(true);
    await eventsWith(h, c.number, 'consultation.overdue');
    expect((await createConsultationsRepository(h.mongo).get(c.number))?.overdue, 'the read model holds the flag').to.equal(true);

    // Answered late: the resident is told, the flag stays as the record of it.
    const answered = await act(c, 'reply', operator, { text: 'Потрібні паспорт, довідка про доходи і заява.' });
    expect(answered).to.include({ status: 'answered', overdue: true, replyDueAt: null });
  });

  it('2.9 closes an answered consultation after the configured working days of the resident’s silence, and a follow-up question restarts the reply term', async () => {
    const c = await start({ term: { amount: 1, unit: 'working_days' } });
    const replied = await act(c, 'reply', operator, { text: 'Зверніться до управління соцзахисту.' });
    expect(replied.silenceCloseAt).to.equal(iso(deadlineFrom(plainCalendar, new Date(replied.messages.at(-1)!.at), { amount: DEFAULT_CONSULTATION_SETTINGS.silenceWorkingDays, unit: 'working_days' }).getTime()));
    const asked = await act(c, 'ask', applicant, { text: 'А куди саме, за якою адресою?' });
    expect(asked).to.include({ status: 'awaiting_reply', silenceCloseAt: null });
    expect(asked.replyDueAt).to.equal(iso(deadlineFrom(plainCalendar, new Date(asked.messages.at(-1)!.at), { amount: 1, unit: 'working_days' }).getTime()));
    const again = await act(c, 'reply', operator, { text: 'вул. Святогеоргіївська, 1.' });
    await h.advanceTo(Date.parse(again.silenceCloseAt!) - MIN);
    expect((await c.handle.query(consultationCardQuery)).status).to.equal('answered');
    await h.advanceTo(Date.parse(again.silenceCloseAt!) + MIN);
    const closed = await cardWhen(c, (card) => card.status === 'closed', 'closed after silence');
    expect(closed).to.include({ closeReason: 'silence' });
    expect(closed.messages.map((m) => m.from)).to.deep.equal(['resident', 'staff', 'resident', 'staff']);
    const closedEvent = (await eventsWith(h, c.number, 'consultation.closed')).find((e) => e.type === 'consultation.closed')!;
    expect(closedEvent.data.details).to.deep.equal({ reason: 'silence' });
  });

  it('2.9 the resident marks the consultation answered with a rating, and only the resident who asked may', async () => {
    const c = await start();
    await act(c, 'reply', operator, { text: 'Так, ви маєте право на пільгу.' });
    const refusal = decodeRefusal(await act(c, 'markAnswered', strangerApplicant, {}).then(() => expect.fail('another resident'), (e: unknown) => e));
    expect(refusal?.kind).to.equal('forbidden');
    expect(decodeRefusal(await act(c, 'reply', executor, { text: 'x' }).then(() => expect.fail('an executor'), (e: unknown) => e))?.kind).to.equal('forbidden');
    const closed = await act(c, 'markAnswered', applicant, { rating: { score: 5, comment: 'Дякую' } });
    expect(closed).to.deep.include({ status: 'closed', closeReason: 'answered' });
    expect(closed.rating).to.include({ score: 5, comment: 'Дякую' });
    expect((await c.handle.result()).status, 'a rated consultation is over').to.equal('closed');
    const types = (await eventsWith(h, c.number, 'consultation.rated')).map((e) => e.type);
    expect(types).to.include.members(['consultation.registered', 'consultation.replied', 'consultation.closed', 'consultation.rated']);
  });

  it('2.9 reminds only the worker who answered a follow-up question, and the managers of a question nobody has taken, never every operator', async () => {
    const users = usersRepository(h.mongo);
    const worker = async (role: 'operator' | 'manager', name: string): Promise<Actor> => {
      const tag = `${base}.${++seq}`;
      const u = await users.create({ login: `${role}.remind.${tag}`, password: 'password-1520', role, name, email: `${role}.${tag}@1520.example.org` });
      return { id: u.id, role, name };
    };
    const answering = await worker('operator', 'Олена Відповідальна');
    const bystander = await worker('operator', 'Петро Сторонній');
    const supervisor = await worker('manager', 'Тарас Черговий');
    const emailOf = async (a: Actor) => (await users.byId(a.id))!.email!;
    const notified = async (c: Consultation): Promise<string[]> => {
      const reminder = (await eventsWith(h, c.number, 'consultation.reply_reminder')).find((e) => e.type === 'consultation.reply_reminder')!;
      return reminder.data.details.notify as string[];
    };

    await h.advanceTo(nextKyiv(await h.now(), THURSDAY, 16, 30));
    const followUp = await start();
    const untaken = await start();
    await act(followUp, 'reply', answering, { text: 'Потрібні паспорт і довідка про доходи.' });
    const asked = await act(followUp, 'ask', applicant, { text: 'А довідку звідки взяти?' });
    await h.advanceTo(Math.max(Date.parse(asked.reminderAt!), Date.parse(untaken.card.reminderAt!)) + MIN);
    await cardWhen(followUp, (card) => card.reminded, 'the follow-up’s reminder');
    await cardWhen(untaken, (card) => card.reminded, 'the untaken question’s reminder');

    expect(await notified(followUp), 'the worker who answered, alone').to.deep.equal([await emailOf(answering)]);
    const toSupervisors = await notified(untaken);
    expect(toSupervisors, 'nobody took it: the managers, who hand out the queue').to.include(await emailOf(supervisor));
    expect(toSupervisors).to.not.include.members([await emailOf(answering), await emailOf(bystander)]);
  });

  it(`2.9 refuses in the Update validator a text past ${CONSULTATION_BOUNDS.messageChars} characters and a message past ${CONSULTATION_BOUNDS.messages}, naming the field, and keeps the full card far under 2 MB`, async function () {
    // 90 Updates, each carrying a card that grows to ~0.7 MB.
    this.timeout(300_000);
    const c = await start();
    const long = 'Ж'.repeat(CONSULTATION_BOUNDS.messageChars);
    const tooLong = await act(c, 'ask', applicant, { text: `${long}Ж` }).then(() => expect.fail('a text past the bound'), (e: unknown) => e);
    expect(decodeRefusal(tooLong)).to.deep.include({ kind: 'limit_reached' });
    expect(decodeRefusal(tooLong)?.details).to.include({ field: 'body.text', limit: CONSULTATION_BOUNDS.messageChars });
    const longReply = await act(c, 'reply', operator, { text: `${long}Ж` }).then(() => expect.fail('a reply past the bound'), (e: unknown) => e);
    expect(decodeRefusal(longReply)?.details).to.include({ field: 'body.text' });

    let card = c.card;
    for (let i = card.messages.length; i < CONSULTATION_BOUNDS.messages; i++) card = await act(c, i % 2 ? 'reply' : 'ask', i % 2 ? operator : applicant, { text: long });
    for (let i = 0; i < CONSULTATION_BOUNDS.internalNotes; i++) card = await act(c, 'note', operator, { text: long });
    expect(card.messages).to.have.length(CONSULTATION_BOUNDS.messages);
    expect(Buffer.byteLength(JSON.stringify(card)), 'the largest card').to.be.below(1024 * 1024);
    const pastCount = await act(c, card.status === 'answered' ? 'ask' : 'reply', card.status === 'answered' ? applicant : operator, { text: 'ще одне' }).then(() => expect.fail('a message past the bound'), (e: unknown) => e);
    expect(decodeRefusal(pastCount)).to.deep.include({ kind: 'limit_reached' });
    expect(decodeRefusal(pastCount)?.details).to.include({ field: 'body.text', limit: CONSULTATION_BOUNDS.messages });
    const pastNotes = await act(c, 'note', operator, { text: 'ще одна' }).then(() => expect.fail('a note past the bound'), (e: unknown) => e);
    expect(decodeRefusal(pastNotes)?.details).to.include({ limit: CONSULTATION_BOUNDS.internalNotes });
    // Refused actions leave no trace, and the consultation still takes the other actions.
    expect((await c.handle.query(consultationCardQuery)).version).to.equal(card.version);
    if (card.status === 'answered') expect((await act(c, 'markAnswered', applicant, {})).status).to.equal('closed');
  });

  it('2.9 keeps an internal note with the workers: not in the resident’s view, its history, or any event', async () => {
    const secret = 'ВНУТРІШНЯ-НОТАТКА-заявник телефонував тричі';
    const c = await start();
    const noted = await act(c, 'note', operator, { text: secret });
    expect(noted.internalNotes.map((n) => n.text)).to.deep.equal([secret]);
    expect(decodeRefusal(await act(c, 'note', applicant, { text: 'x' }).then(() => expect.fail('a resident'), (e: unknown) => e))?.kind).to.equal('forbidden');
    await act(c, 'reply', operator, { text: 'Відповідь мешканцю' });
    const view = residentView(await c.handle.query(consultationCardQuery));
    expect(JSON.stringify(view)).to.not.contain(secret);
    expect(view.history.map((e) => e.action)).to.deep.equal(['registered', 'replied']);
    const events = await eventsWith(h, c.number, 'consultation.replied');
    expect(JSON.stringify(events)).to.not.contain(secret);
    expect(JSON.stringify(events)).to.not.contain('internalNotes');
  });
});

async function sessionEvents(h: Harness, id: string): Promise<SessionEvent[]> {
  const consumer = await jetstream(h.nc).consumers.get(STREAMS.events.name, { filter_subjects: ['cc.events.consultation_session.>'] });
  const out: SessionEvent[] = [];
  const batch = await consumer.fetch({ max_messages: 10_000, expires: 1_000 });
  for await (const m of batch) {
    const parsed = sessionEventSchema.safeParse(JSON.parse(m.string()));
    if (parsed.success && parsed.data.data.session.id === id) out.push(parsed.data);
    if (m.info.pending === 0) break;
  }
  await consumer.delete();
  return out;
}

describe('consultation sessions (2.9)', function () {
  this.timeout(120_000);
  const harness = useHarness();

  it('2.9 reminds a resident of a booked slot a day before it, and staff record the session held once it has started', async () => {
    const h = harness.h;
    const now = await h.now();
    const id = `CS-TEST-${base}-${++seq}`;
    const startsAt = now + 3 * 86_400_000;
    const handle = await h.env.client.workflow.start(consultationSessionWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: consultationSessionWorkflowId(id),
      args: [{ id, topic: 'Пільги ветеранам', expert: 'Ірина Мороз', description: 'Запитання й відповіді', slots: [{ id: '1', startsAt: iso(startsAt), endsAt: iso(startsAt + 3_600_000), capacity: 2 }], publishedAt: iso(now), actor: operator }],
    });
    await handle.executeUpdate(sessionRegistrationUpdate);
    const book = (actor: Actor) => handle.executeUpdate(sessionUpdate('book'), { args: [{ actor, input: { slotId: '1', name: actor.name ?? actor.id, email: 'natalia@example.org' } }] });
    const booked = await book(applicant);
    expect(booked.slots[0]!.bookings.map((b) => b.userId)).to.deep.equal([applicant.id]);
    expect(decodeRefusal(await book(applicant).then(() => expect.fail('twice'), (e: unknown) => e))?.message).to.contain('already booked');
    expect(decodeRefusal(await book(operator).then(() => expect.fail('staff'), (e: unknown) => e))?.kind).to.equal('forbidden');

    const remindAt = startsAt - SESSION_REMINDER_LEAD_MS;
    await h.advanceTo(remindAt - MIN);
    expect((await handle.query(sessionCardQuery)).slots[0]!.bookings[0]!.remindedAt, 'no reminder before the day before').to.equal(undefined);
    await h.advanceTo(remindAt + MIN);
    await eventually(async () => ((await handle.query(sessionCardQuery)).slots[0]!.bookings[0]!.remindedAt ? true : undefined), 'the reminder');
    const events = await eventually(async () => {
      const e = await sessionEvents(h, id);
      return e.some((x) => x.type === 'consultation_session.reminder') ? e : undefined;
    }, 'the reminder event');
    const reminder = events.find((e) => e.type === 'consultation_session.reminder')!;
    expect(reminder.data.details.booking).to.include({ userId: applicant.id, email: 'natalia@example.org' });
    expect(events.map((e) => e.type)).to.deep.equal(['consultation_session.published', 'consultation_session.booked', 'consultation_session.reminder']);

    const held = (actor: Actor) => handle.executeUpdate(sessionUpdate('recordHeld'), { args: [{ actor, input: { slotId: '1', note: 'Сесію проведено, 2 учасники', attended: 2 } }] });
    expect(decodeRefusal(await held(operator).then(() => expect.fail('before the start'), (e: unknown) => e))?.message).to.contain('has not started');
    await h.advanceTo(startsAt + 10 * MIN);
    const after = await held(operator);
    expect(after.slots[0]!.held).to.include({ note: 'Сесію проведено, 2 учасники', attended: 2 });
    expect((await handle.result()).status, 'every slot held: the session is over').to.equal('completed');
    expect((await createConsultationsRepository(h.mongo).openSessions()).map((s) => s.id)).to.not.include(id);
  });
});

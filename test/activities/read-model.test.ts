/**
 * The request activities' data side on the real stack: the `requests` read model (version-guarded
 * writes, list filters), its outbox relayed to JetStream exactly once, and the calendar and
 * Classifier repositories the gateway's admin endpoints use.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { ZodError } from 'zod';
import { createActivities } from '../../activities/index.ts';
import { createOutboxRelay, startOutboxSweeper } from '../../activities/outbox.ts';
import type { RequestEvent, RequestEventType } from '../../contracts/events.ts';
import type { RequestCard } from '../../contracts/request.ts';
import { createCalendarRepository } from '../../data/calendar.repository.ts';
import { createClassifierRepository } from '../../data/classifier.repository.ts';
import { archivePeriod, createRequestRepository, keysOf, type RequestRepository } from '../../data/requests.repository.ts';
import { DEFAULT_CALENDAR } from '../../domain/calendar.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import { eventually, mongoUrlFor, testLogger, testStack } from '../support/stack.ts';
import { cardOf } from '../support/cards.ts';
import { freshNumber, readRequestEvents } from '../workflows/harness.ts';

function eventOf(card: RequestCard, type: RequestEventType): RequestEvent {
  return {
    id: randomUUID(),
    type: `request.${type}`,
    occurredAt: card.history.at(-1)?.at ?? card.registeredAt,
    actor: { id: 'op-1', role: 'operator' },
    data: {
      request: {
        number: card.number,
        status: card.status,
        channel: card.channel,
        categoryCode: card.categoryCode,
        executorId: card.executorId,
        executor: card.executor,
        district: card.district,
        address: card.address,
        applicant: { name: card.applicant.name, phone: card.applicant.phone },
        description: card.description,
        registeredAt: card.registeredAt,
        deadlineAt: card.deadlineAt,
        overdue: card.overdue,
      },
      version: card.version,
      details: {},
    },
  };
}

/** The SDK's activity logger, silenced: the refusal test fails an activity on purpose. */
const quietSdkLogger = new DefaultLogger('ERROR', () => undefined);

describe('the requests read model and its outbox', function () {
  let mongo: Connection;
  let nc: NatsConnection;
  let requests: RequestRepository;

  before(async () => {
    mongo = await connectMongo(mongoUrlFor('readmodel'));
    nc = await connectNats(testStack().NATS_URL, 'test-read-model');
    await ensureStreams(nc);
    requests = createRequestRepository(mongo);
    await requests.init();
  });
  after(async () => {
    await nc?.close();
    await mongo?.close();
  });

  it('8.1.7 writes each version once: a retried write changes nothing and an older one never overwrites a newer', async () => {
    const number = freshNumber();
    const v1 = cardOf(number, 1);
    const v2 = cardOf(number, 2, { status: 'executor_change_requested', pending: { kind: 'executor_change', since: '2026-03-10T08:01:00.000Z', returnTo: 'in_progress' } });
    const e1 = eventOf(v1, 'registered');
    const e2 = eventOf(v2, 'executor_change_requested');
    expect(await requests.applyTransition(v1, [e1])).to.equal(true);
    expect(await requests.applyTransition(v2, [e2])).to.equal(true);
    expect(await requests.applyTransition(v2, [e2]), 'a retry of v2').to.equal(false);
    expect(await requests.applyTransition(v1, [e1]), 'a late retry of v1').to.equal(false);
    expect(await requests.get(number)).to.deep.equal(v2);
    expect((await requests.outboxOf(number)).outbox.map((e) => e.id)).to.deep.equal([e1.id, e2.id]);

    // A transition that drops a field (the decision is taken) removes it from the document too.
    const v3 = cardOf(number, 3);
    await requests.applyTransition(v3, [eventOf(v3, 'executor_change_rejected')]);
    expect(await requests.get(number)).to.deep.equal(v3);
  });

  it('publishes the outbox in order with the event ids as message ids, then drops its entries', async () => {
    const number = freshNumber();
    const relay = createOutboxRelay({ requests, nc, logger: testLogger });
    const v1 = cardOf(number, 1);
    const v2 = cardOf(number, 2, { acceptedAt: '2026-03-10T08:01:00.000Z' });
    const events = [eventOf(v1, 'registered'), eventOf(v2, 'accepted')];
    await requests.applyTransition(v1, [events[0]!]);
    await requests.applyTransition(v2, [events[1]!]);
    expect(await relay.relay(number)).to.equal(2);
    expect(await requests.outboxOf(number)).to.deep.equal({ outbox: [] });
    expect((await requests.pendingOutbox(100_000)).map((e) => e.number)).to.not.include(number);
    expect((await readRequestEvents(nc, number)).map((e) => e.id)).to.deep.equal(events.map((e) => e.id));
  });

  it('a crash between the publish and the clear re-publishes, and JetStream keeps each event once', async () => {
    const number = freshNumber();
    const relay = createOutboxRelay({ requests, nc, logger: testLogger });
    const v1 = cardOf(number, 1);
    const event = eventOf(v1, 'registered');
    await requests.applyTransition(v1, [event]);
    const [entry] = await requests.outboxEntries(number);
    await relay.relay(number);
    // As if the process died after the acks but before the entry was dropped: it is back.
    await mongo.collection('request_outbox').insertOne(entry as never);
    expect(await relay.relay(number)).to.equal(1);
    expect((await readRequestEvents(nc, number)).map((e) => e.id)).to.deep.equal([event.id]);
  });

  it('the sweeper relays the outboxes a crash left behind', async () => {
    const numbers = [freshNumber(), freshNumber()];
    const written = numbers.map((n) => {
      const card = cardOf(n, 1);
      return { card, event: eventOf(card, 'registered') };
    });
    for (const w of written) await requests.applyTransition(w.card, [w.event]);
    const sweeper = startOutboxSweeper({ relay: createOutboxRelay({ requests, nc, logger: testLogger, sweepMinAgeMs: 0 }), intervalMs: 100, logger: testLogger });
    try {
      for (const w of written) {
        await eventually(async () => ((await requests.outboxOf(w.card.number)).outbox.length === 0 ? true : undefined), `${w.card.number}'s outbox relayed`);
        expect((await readRequestEvents(nc, w.card.number)).map((e) => e.id)).to.deep.equal([w.event.id]);
      }
    } finally {
      await sweeper.stop();
    }
  });

  it('the sweeper leaves alone an outbox written moments ago, which its own transition is still relaying', async () => {
    const number = freshNumber();
    const card = cardOf(number, 1);
    await requests.applyTransition(card, [eventOf(card, 'registered')]);
    const patient = createOutboxRelay({ requests, nc, logger: testLogger, sweepMinAgeMs: 60_000 });
    await patient.sweep(10_000);
    expect((await requests.outboxOf(number)).outbox).to.have.length(1);
    const eager = createOutboxRelay({ requests, nc, logger: testLogger, sweepMinAgeMs: 0 });
    await eager.sweep(10_000);
    expect((await requests.outboxOf(number)).outbox).to.have.length(0);
  });

  it('lists requests by the gateway\'s filters, newest first, a page at a time', async () => {
    const district = `Д-${randomUUID().slice(0, 6)}`;
    const at = (d: number) => new Date(Date.UTC(2026, 2, d, 8)).toISOString();
    const cards = [
      cardOf(freshNumber(), 1, { district, address: { district, street: 'вул. Січеславська', building: '1' }, registeredAt: at(1) }),
      cardOf(freshNumber(), 1, { district, address: { district, street: 'вул. Поштова', building: '2' }, registeredAt: at(2), overdue: true }),
      cardOf(freshNumber(), 1, { district, address: { district, street: 'вул. Поштова', building: '3' }, registeredAt: at(3), status: 'closed', executorId: 'teplo', executor: { id: 'teplo', name: 'Тепломережа' } }),
      cardOf(freshNumber(), 1, { district, address: { district, street: 'пр. Металургів', building: '4' }, registeredAt: at(4), categoryCode: 'HEATING', applicant: { name: 'Інший', phone: '+380501112233', userId: 'app-other' } }),
    ];
    for (const c of cards) await requests.applyTransition(c, [eventOf(c, 'registered')]);
    // Lists that may include closed requests are asked by period: March 2026, unless the test says.
    const march = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
    const numbersOf = async (f: Parameters<RequestRepository['list']>[0], page?: { page?: number; pageSize?: number }) =>
      (await requests.list({ district, ...march, ...f }, page)).items.map((c) => c.number);

    expect(await numbersOf({})).to.deep.equal(cards.map((c) => c.number).reverse());
    expect(await numbersOf({ status: 'closed' })).to.deep.equal([cards[2]!.number]);
    expect(await numbersOf({ status: ['closed', 'in_progress'], executorId: 'teplo' })).to.deep.equal([cards[2]!.number]);
    expect(await numbersOf({ overdue: true })).to.deep.equal([cards[1]!.number]);
    expect(await numbersOf({ categoryCode: 'HEATING' })).to.deep.equal([cards[3]!.number]);
    expect(await numbersOf({ from: at(2), to: at(4) })).to.deep.equal([cards[2]!.number, cards[1]!.number]);
    expect(await numbersOf({ q: 'поштова' })).to.deep.equal([cards[2]!.number, cards[1]!.number]);
    expect(await numbersOf({ q: cards[0]!.number })).to.deep.equal([cards[0]!.number]);
    expect(await numbersOf({ applicantUserId: 'app-other' })).to.deep.equal([cards[3]!.number]);
    expect(await numbersOf({ from: undefined, to: undefined }), 'by default the last 31 days: not March').to.deep.equal([]);
    expect(await numbersOf({ from: undefined, to: undefined, q: cards[0]!.number }), 'a full number whatever the period').to.deep.equal([cards[0]!.number]);
    expect(() => archivePeriod({ from: '2026-01-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' })).to.throw(RangeError, /at most 92 days/);
    const page2 = await requests.list({ district, ...march }, { page: 2, pageSize: 3 });
    expect(page2).to.deep.include({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((c) => c.number)).to.deep.equal([cards[0]!.number]);
  });

  it('8.1.4 answers the queues from the open requests alone: a closed request leaves them, and the card stays whole', async () => {
    const district = `Д-${randomUUID().slice(0, 6)}`;
    const at = (d: number) => new Date(Date.UTC(2026, 2, d, 8)).toISOString();
    const [a, b] = [1, 2].map((d) => cardOf(freshNumber(), 1, { district, address: { district, street: 'вул. Поштова', building: String(d) }, registeredAt: at(d), deadlineAt: at(d + 10) }));
    for (const c of [a!, b!]) await requests.applyTransition(c, [eventOf(c, 'registered')]);
    const queue = async () => (await requests.list({ district, status: ['in_progress', 'rework'] }, { sort: 'deadlineAt' })).items.map((c) => c.number);
    expect(await queue()).to.deep.equal([a!.number, b!.number]);
    expect(await mongo.collection('open_requests').countDocuments({ district })).to.equal(2);

    const closed = cardOf(a!.number, 2, { ...a!, version: 2, status: 'closed', closedAt: at(5) });
    await requests.applyTransition(closed, [eventOf(closed, 'closed')]);
    expect(await queue()).to.deep.equal([b!.number]);
    expect(await mongo.collection('open_requests').countDocuments({ district })).to.equal(1);
    expect(await requests.get(a!.number)).to.deep.equal(closed);
    expect((await requests.list({ district, status: 'closed', from: at(1), to: at(3) })).items.map((c) => c.number)).to.deep.equal([a!.number]);
  });

  it('9.2.3 files each request under its repeat key, its phone and its cabinet user when it is registered', async () => {
    const card = cardOf(freshNumber(), 1, { address: { district: 'Центрально-Міський', street: `вул. ${randomUUID().slice(0, 6)}`, building: '7' } });
    await requests.applyTransition(card, [eventOf(card, 'registered')]);
    const [repeatKeyDoc, phone, user] = keysOf(card);
    expect(await requests.numbersUnder(repeatKeyDoc!)).to.deep.equal([card.number]);
    expect(await requests.numbersUnder(phone!)).to.include(card.number);
    expect(await requests.numbersUnder(user!)).to.include(card.number);
  });

  describe('the recordTransition activity', () => {
    it('refuses a transition that breaks the contract, without retrying', async () => {
      const activities = createActivities({ mongo, nc, logger: testLogger });
      const bad = { card: { ...cardOf(freshNumber(), 1), status: 'lost' as never }, events: [] };
      const err = await new MockActivityEnvironment(undefined, { logger: quietSdkLogger }).run((i: typeof bad) => activities.recordTransition(i), bad).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(ApplicationFailure);
      expect(err).to.include({ type: 'invalid_transition', nonRetryable: true });
    });

    it('reports a retried transition as already written and publishes its event once', async () => {
      const activities = createActivities({ mongo, nc, logger: testLogger });
      const card = cardOf(freshNumber(), 1);
      const input = { card, events: [eventOf(card, 'registered')] };
      const env = new MockActivityEnvironment(undefined, { logger: quietSdkLogger });
      expect(await env.run((i: typeof input) => activities.recordTransition(i), input)).to.deep.equal({ written: true, published: 1 });
      expect(await env.run((i: typeof input) => activities.recordTransition(i), input)).to.deep.equal({ written: false, published: 0 });
      expect(await readRequestEvents(nc, card.number)).to.have.length(1);
    });
  });

  describe('the working calendar', () => {
    it('is the default Kryvyi Rih calendar until an admin stores one, then the stored one', async () => {
      const conn = await connectMongo(mongoUrlFor('calendar'));
      try {
        const calendars = createCalendarRepository(conn);
        expect(await calendars.get()).to.deep.equal(DEFAULT_CALENDAR);
        const edited = { ...structuredClone(DEFAULT_CALENDAR), holidays: ['2026-12-31'], martialLaw: false, weekly: { ...DEFAULT_CALENDAR.weekly, sat: [['09:00', '13:00']] } };
        expect(await calendars.put(edited, 'admin')).to.deep.equal(edited);
        expect(await calendars.get()).to.deep.equal(edited);
        const invalid = await calendars.put({ ...edited, timeZone: 'Mars/Olympus' }).then(() => undefined, (e: unknown) => e);
        expect(invalid).to.be.instanceOf(ZodError);
        expect(await calendars.get(), 'an invalid calendar is not stored').to.deep.equal(edited);
      } finally {
        await conn.close();
      }
    });
  });

  describe('the Classifier', () => {
    it('creates, replaces, lists and finds categories by code regardless of case', async () => {
      const conn = await connectMongo(mongoUrlFor('classifier'));
      try {
        const classifier = createClassifierRepository(conn);
        await classifier.init();
        const leak = { code: 'WATER-LEAK', name: 'Витік води', executorId: 'vodokanal', term: { amount: 3, unit: 'working_days' }, reworkTerm: { amount: 1, unit: 'working_days' } };
        expect(await classifier.upsert(leak)).to.deep.equal({ category: { ...leak, active: true }, created: true });
        expect(await classifier.upsert({ ...leak, term: { amount: 8, unit: 'hours' } })).to.deep.include({ created: false });
        await classifier.upsert({ code: 'heat-01', name: 'Немає опалення', executorId: 'teplo', term: { amount: 24, unit: 'hours' }, reworkTerm: { amount: 8, unit: 'working_hours' }, active: false });
        expect(await classifier.get('water-leak')).to.deep.equal({ ...leak, term: { amount: 8, unit: 'hours' }, active: true });
        expect(await classifier.get('NOPE')).to.equal(null);
        expect((await classifier.list()).map((c) => c.code)).to.deep.equal(['WATER-LEAK']);
        // A code sent in lower case is kept in upper case, the one spelling the API answers.
        expect((await classifier.list({ includeInactive: true })).map((c) => c.code)).to.deep.equal(['HEAT-01', 'WATER-LEAK']);
        expect(await classifier.get('Heat-01')).to.deep.include({ code: 'HEAT-01', active: false });
        const invalid = await classifier.upsert({ ...leak, term: { amount: 0, unit: 'days' } }).then(() => undefined, (e: unknown) => e);
        expect(invalid).to.be.instanceOf(ZodError);
      } finally {
        await conn.close();
      }
    });
  });
});

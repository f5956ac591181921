/**
 * A request lifecycle on the time-skipping test server, with the real worker activities against the
 * test stack's MongoDB (FerretDB) and NATS JetStream: start requests, act as the people of DESIGN §4,
 * move the clock, and read what reached the read model and the stream.
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import type { Connection } from 'mongoose';
import { createActivities, type LifecycleSettings } from '../../activities/index.ts';
import { requestEventSchema, type Actor, type RequestEvent } from '../../contracts/events.ts';
import { requestStaticSummary, type ActionArg, type ActionInput, type ActionName, type ExecutorRef, type RequestCard, type StartRequest } from '../../contracts/request.ts';
import { SEARCH_ATTRIBUTES, STREAMS, TASK_QUEUE, requestWorkflowId } from '../../contracts/wire.ts';
import { createCalendarRepository, type CalendarRepository } from '../../data/calendar.repository.ts';
import { createRequestRepository, type RequestRepository } from '../../data/requests.repository.ts';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar.ts';
import { decodeRefusal, type Refusal } from '../../domain/lifecycle.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import { decryptPayload } from '../../platform/payload-codec.ts';
import { workflowsPath } from '../../services/worker/worker.ts';
import { actionUpdate, cardQuery, registrationUpdate, requestWorkflow, type RequestWorkflowInput } from '../../workflows/request.ts';
import { eventually, mongoUrlFor, testDataConverter, testLogger, testStack } from '../support/stack.ts';

export const KYIV = 'Europe/Kyiv';

export const operator: Actor = { id: 'op-olena', role: 'operator', name: 'Олена Коваль' };
export const manager: Actor = { id: 'mgr-taras', role: 'manager', name: 'Тарас Мельник' };
export const vodokanal: ExecutorRef = { id: 'vodokanal', name: 'КП «Кривбасводоканал»', email: 'dispatch@vodokanal.example.org' };
export const teplomerezha: ExecutorRef = { id: 'teplomerezha', name: 'КП «Кривбастепломережа»', email: 'office@teplo.example.org' };
export const executor: Actor = { id: 'u-ivan', role: 'executor', name: 'Іван Петренко', executorId: vodokanal.id };
export const otherExecutor: Actor = { id: 'u-maria', role: 'executor', name: 'Марія Бондар', executorId: teplomerezha.id };
export const applicant: Actor = { id: 'app-natalia', role: 'applicant', name: 'Наталія Шевченко' };
export const strangerApplicant: Actor = { id: 'app-other', role: 'applicant', name: 'Хтось Інший' };

/** Every 7.5 field of a closure proposal. */
export const fullResult: ActionInput<'proposeClosure'> = {
  result: 'Замінено ділянку водогону 2 м, витік усунено',
  unit: 'Аварійно-диспетчерська служба',
  enterprise: 'КП «Кривбасводоканал»',
  executorSurname: 'Петренко',
  executorPhone: '+380562123456',
  /** A placeholder: `act` and `refused` date a proposal carrying it on the test server's day in Kyiv (7.5: the day the information was written). */
  date: '2000-01-01',
  applicantInformedVia: 'mobile',
};

/** 7.5: the date the information was written — today, on the time-skipping server's clock, in Kyiv. */
async function datedToday(env: TestWorkflowEnvironment, input: unknown): Promise<unknown> {
  if (!input || typeof input !== 'object' || (input as { date?: unknown }).date !== fullResult.date) return input;
  const today = DateTime.fromMillis(await env.currentTimeMs(), { zone: 'Europe/Kyiv' }).toISODate();
  return { ...input, date: today };
}

/** The calendar tests start from: the default week, no holidays, martial law off (each test adds what it needs). */
export const plainCalendar: WorkingCalendar = { ...structuredClone(DEFAULT_CALENDAR), holidays: [], martialLaw: false };

export interface Started {
  number: string;
  handle: WorkflowHandle<typeof requestWorkflow>;
  card: RequestCard;
  input: StartRequest;
}

export interface Harness {
  env: TestWorkflowEnvironment;
  mongo: Connection;
  nc: NatsConnection;
  requests: RequestRepository;
  calendars: CalendarRepository;
  /** Registers a request now (workflow time) and waits for its registration to be recorded. */
  start(over?: Partial<RequestWorkflowInput>): Promise<Started>;
  /** Takes an action; asserts the read model already holds what the Update returned (read your writes). */
  act<A extends ActionName>(s: Started, action: A, actor: Actor, input: unknown, executor?: ExecutorRef): Promise<RequestCard>;
  /** Takes an action that must be refused; returns the decoded refusal and asserts nothing was recorded. */
  refused<A extends ActionName>(s: Started, action: A, actor: Actor, input: unknown, executor?: ExecutorRef): Promise<Refusal>;
  card(s: Started): Promise<RequestCard>;
  /** Polls the workflow's card until `pred` holds (timers fire asynchronously to the test). */
  cardWhen(s: Started, pred: (c: RequestCard) => boolean, what: string): Promise<RequestCard>;
  now(): Promise<number>;
  /** Skips workflow time forward to `at` (no-op when it is already past). */
  advanceTo(at: number | Date): Promise<void>;
  advance(ms: number): Promise<void>;
  /** The request's events on JetStream, in stream order. */
  eventsOf(number: string): Promise<RequestEvent[]>;
  /** Waits until the request's events on JetStream include `type` and returns them all. */
  eventsWith(number: string, type: RequestEvent['type']): Promise<RequestEvent[]>;
  close(): Promise<void>;
}

let numberSeq = 0;
const numberBase = 100_000 + Math.floor(Math.random() * 800_000);
/** A request number unique in this test run (numbers share the JetStream stream across files). */
export const freshNumber = (): string => `KR-2026-${String(numberBase + ++numberSeq).padStart(6, '0')}`;

/** The next Kyiv wall-clock instant after `fromMs` on ISO weekday `weekday` (1 = Monday) at `hh:mm`. */
export function nextKyiv(fromMs: number, weekday: number, hh: number, mm = 0): number {
  let day = DateTime.fromMillis(fromMs, { zone: KYIV }).startOf('day');
  for (let i = 0; i < 15; i++, day = day.plus({ days: 1 })) {
    const at = day.set({ hour: hh, minute: mm });
    if (at.weekday === weekday && at.toMillis() > fromMs) return at.toMillis();
  }
  throw new Error('unreachable');
}

/**
 * The summary the Temporal UI shows for a history event (a timer, a local activity's marker, a
 * signal's effect), if any: encrypted like every payload, so opened with the run's key, as the UI
 * does through the gateway's codec endpoint.
 */
export function summaryOf(e: { userMetadata?: proto.temporal.api.sdk.v1.IUserMetadata | null }): string | undefined {
  const p = e.userMetadata?.summary;
  return p ? defaultPayloadConverter.fromPayload<string>(decryptPayload(testStack().TEMPORAL_PAYLOAD_KEYS, p)) : undefined;
}

/** The Kyiv calendar date (YYYY-MM-DD) of an instant. */
export const kyivDate = (ms: number): string => DateTime.fromMillis(ms, { zone: KYIV }).toISODate() ?? '';

/** A request's events on the CC_EVENTS stream, in stream order (an ordered consumer reads them all). */
export async function readRequestEvents(nc: NatsConnection, number: string): Promise<RequestEvent[]> {
  const js = jetstream(nc);
  const consumer = await js.consumers.get(STREAMS.events.name, { filter_subjects: ['cc.events.request.>'] });
  const out: RequestEvent[] = [];
  const batch = await consumer.fetch({ max_messages: 10_000, expires: 1_000 });
  for await (const m of batch) {
    // The stream is shared with other tests, some of which publish malformed messages on purpose.
    let body: unknown;
    try {
      body = m.json();
    } catch {
      body = undefined;
    }
    const parsed = requestEventSchema.safeParse(body);
    if (parsed.success && parsed.data.data.request.number === number) out.push(parsed.data);
    if (m.info.pending === 0) break;
  }
  await consumer.delete();
  return out;
}

export async function createHarness(opts: { settings?: Partial<LifecycleSettings>; maxCachedWorkflows?: number; plaintext?: boolean } = {}): Promise<Harness> {
  const stack = testStack();
  // Encrypted as in production, except when recording the replay fixtures, which replay without a key.
  const dataConverter = opts.plaintext ? undefined : testDataConverter();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    client: { dataConverter },
    server: { executable: { type: 'existing-path', path: stack.TEMPORAL_TEST_SERVER_PATH } },
    // The client pings every 30 s by default; the Java test server permits one ping per 5 minutes and
    // answers more with GOAWAY "too_many_pings", which can cut off a long time-skipping sleep mid-call.
    plugins: [{ name: 'test-server-keepalive', configureConnection: (o) => ({ ...o, channelArgs: { ...o.channelArgs, 'grpc.keepalive_time_ms': 6 * 60_000 } }) }],
  });
  const IVT = proto.temporal.api.enums.v1.IndexedValueType;
  const ivt = { Keyword: IVT.INDEXED_VALUE_TYPE_KEYWORD, Datetime: IVT.INDEXED_VALUE_TYPE_DATETIME, Bool: IVT.INDEXED_VALUE_TYPE_BOOL } as const;
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, ivt[type]])),
  });
  const mongo = await connectMongo(mongoUrlFor('wf'));
  const nc = await connectNats(stack.NATS_URL, 'test-workflows');
  await ensureStreams(nc);
  const requests = createRequestRepository(mongo);
  await requests.init();
  const calendars = createCalendarRepository(mongo);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    dataConverter,
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    activities: createActivities({ mongo, nc, logger: testLogger, ...(opts.settings ? { settings: opts.settings } : {}) }),
  });
  const running = worker.run();

  const update = async <A extends ActionName>(s: Started, action: A, actor: Actor, input: unknown, executor?: ExecutorRef) =>
    s.handle.executeUpdate(actionUpdate(action), { args: [{ actor, input: await datedToday(env, input), ...(executor ? { executor } : {}) } as ActionArg<A>] });

  const h: Harness = {
    env,
    mongo,
    nc,
    requests,
    calendars,
    async start(over = {}) {
      const number = over.number ?? freshNumber();
      const input: RequestWorkflowInput = {
        number,
        channel: 'web',
        registeredAt: new Date(await env.currentTimeMs()).toISOString(),
        applicant: { name: 'Наталія Шевченко', phone: '+380671234567', email: 'natalia@example.org', userId: applicant.id },
        address: { district: 'Центрально-Міський', street: 'вул. Поштова', building: '12', apartment: '5' },
        categoryCode: 'WATER-LEAK',
        description: 'Тече вода з труби у підвалі',
        attachmentIds: [],
        repeatCount: 0,
        route: { executor: vodokanal, categoryName: 'Витік води', term: { amount: 3, unit: 'working_days' }, reworkTerm: { amount: 1, unit: 'working_days' } },
        actor: applicant,
        ...over,
      };
      const handle = await env.client.workflow.start(requestWorkflow, {
        taskQueue: TASK_QUEUE,
        workflowId: requestWorkflowId(number),
        args: [input],
        staticSummary: requestStaticSummary(input),
      });
      const card = await handle.executeUpdate(registrationUpdate);
      const s = { number, handle, card, input };
      return s;
    },
    async act(s, action, actor, input, executor) {
      const card = await update(s, action, actor, input, executor);
      const stored = await requests.get(s.number);
      expect(stored?.version, `the read model holds ${action}'s transition when the Update returns`).to.be.at.least(card.version);
      return card;
    },
    async refused(s, action, actor, input, executor) {
      const before = await s.handle.query(cardQuery);
      const err = await update(s, action, actor, input, executor).then(
        () => expect.fail(`${action} by ${actor.role} should have been refused`),
        (e: unknown) => e,
      );
      const refusal = decodeRefusal(err);
      expect(refusal, `a refusal decoded from ${String(err)}`).to.not.equal(undefined);
      const after = await s.handle.query(cardQuery);
      expect(after.version, 'a refused action records nothing').to.equal(before.version);
      return refusal!;
    },
    card: (s) => s.handle.query(cardQuery),
    cardWhen: (s, pred, what) =>
      eventually(async () => {
        const c = await s.handle.query(cardQuery);
        return pred(c) ? c : undefined;
      }, what),
    now: () => env.currentTimeMs(),
    async advanceTo(at) {
      const target = typeof at === 'number' ? at : at.getTime();
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
    },
    async advance(ms) {
      await env.sleep(ms);
    },
    eventsOf: (number) => readRequestEvents(nc, number),
    eventsWith(number, type) {
      return eventually(async () => {
        const events = await h.eventsOf(number);
        return events.some((e) => e.type === type) ? events : undefined;
      }, `${type} of ${number} on JetStream`);
    },
    async close() {
      // Requests are left running rather than terminated: terminating a workflow while one of its
      // workflow tasks is in flight leaves the time-skipping server's clock locked (the next
      // env.sleep then runs in real time and the suite hangs). The teardown ends them all; between
      // tests their timers may fire during time skips, and every test reads only its own requests.
      worker.shutdown();
      await running;
      await nc.close();
      await mongo.close();
      await env.teardown();
    },
  };
  return h;
}

/**
 * A harness for one `describe` block: created before its tests, closed after them, and each test
 * starts on the plain calendar. Read `.h` inside the tests.
 */
export function useHarness(): { h: Harness } {
  const ref = {} as { h: Harness };
  before(async () => {
    ref.h = await createHarness();
  });
  after(async () => {
    await ref.h?.close();
  });
  beforeEach(async () => {
    await ref.h.calendars.put(plainCalendar);
  });
  return ref;
}

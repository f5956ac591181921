/**
 * On the Temporal dev server (the real server, not the time-skipping one), with the worker as its own
 * process: killing it (SIGKILL) in the middle of actions and starting it again loses no transition
 * and repeats none — each reaches the read model once and JetStream once.
 */
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Connection as MongoConnection } from 'mongoose';
import type { Actor } from '../../contracts/events.ts';
import { requestStaticSummary, type ActionArg, type ActionName, type RequestCard, type StartRequest } from '../../contracts/request.ts';
import { TASK_QUEUE, requestWorkflowId } from '../../contracts/wire.ts';
import { createCalendarRepository } from '../../data/calendar.repository.ts';
import { createRequestRepository, type RequestRepository } from '../../data/requests.repository.ts';
import { decodeRefusal } from '../../domain/lifecycle.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { connectNats, ensureStreams } from '../../platform/nats.ts';
import { actionUpdate, cardQuery, registrationUpdate, requestWorkflow } from '../../workflows/request.ts';
import { ALWAYS_WORKING } from '../support/calendars.ts';
import { eventually, mongoUrlFor, testDataConverter, testStack } from '../support/stack.ts';
import { applicant, executor, freshNumber, fullResult, operator, readRequestEvents, vodokanal } from './harness.ts';

const workerMain = fileURLToPath(new URL('../../services/worker/main.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

describe('request workflows across worker crashes (dev server)', function () {
  this.timeout(180_000);
  let mongoUrl: string;
  let mongo: MongoConnection;
  let nc: NatsConnection;
  let requests: RequestRepository;
  let connection: Connection;
  let client: Client;
  let worker: WorkerProcess | undefined;

  async function startWorkerProcess(): Promise<WorkerProcess> {
    const s = testStack();
    const child = spawn(process.execPath, ['--import', 'tsx', workerMain], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS,
        MONGO_URL: mongoUrl,
        NATS_URL: s.NATS_URL,
        OUTBOX_SWEEP_INTERVAL_MS: '300',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Ready when this very process answers its health subject (another worker could answer too).
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`worker exited: ${output.join('')}`);
      const reply = await nc.request('cc.health.worker', '', { timeout: 300 });
      return (reply.json<{ pid: number }>()).pid === child.pid ? true : undefined;
    }, 'the worker process to be ready', 60_000);
    return { child, output, exited };
  }

  async function killWorker(): Promise<void> {
    if (!worker) return;
    worker.child.kill('SIGKILL');
    await worker.exited;
    worker = undefined;
  }

  before(async () => {
    mongoUrl = mongoUrlFor('restart');
    mongo = await connectMongo(mongoUrl);
    nc = await connectNats(testStack().NATS_URL, 'test-worker-restart');
    await ensureStreams(nc);
    requests = createRequestRepository(mongo);
    await createCalendarRepository(mongo).put(ALWAYS_WORKING);
    connection = await Connection.connect({ address: testStack().TEMPORAL_ADDRESS });
    client = new Client({ connection, dataConverter: testDataConverter() });
    worker = await startWorkerProcess();
  });
  after(async () => {
    if (worker) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await connection?.close();
    await nc?.close();
    await mongo?.close();
  });

  async function start(): Promise<WorkflowHandle<typeof requestWorkflow>> {
    const number = freshNumber();
    const input: StartRequest = {
      number,
      channel: 'phone',
      registeredAt: new Date().toISOString(),
      applicant: { name: 'Наталія Шевченко', phone: '+380671234567', userId: applicant.id },
      address: { district: 'Покровський', street: 'вул. Каштанова', building: '7' },
      categoryCode: 'WATER-LEAK',
      description: 'Немає води',
      attachmentIds: [],
      repeatCount: 0,
      route: { executor: vodokanal, categoryName: 'Витік води', term: { amount: 3, unit: 'working_days' }, reworkTerm: { amount: 1, unit: 'working_days' } },
      actor: operator,
    };
    const handle = await client.workflow.start(requestWorkflow, {
      taskQueue: TASK_QUEUE,
      workflowId: requestWorkflowId(number),
      args: [input],
      staticSummary: requestStaticSummary(input),
      // A dead worker's workflow task is handed to the next one after this timeout: keep the test short.
      workflowTaskTimeout: '3 seconds',
    });
    await handle.executeUpdate(registrationUpdate);
    return handle;
  }

  const act = <A extends ActionName>(handle: WorkflowHandle<typeof requestWorkflow>, action: A, actor: Actor, input: unknown): Promise<RequestCard> =>
    handle.executeUpdate(actionUpdate(action), { args: [{ actor, input } as ActionArg<A>] });

  it('each transition reaches MongoDB and JetStream exactly once although the worker is killed mid-action and restarted', async () => {
    const handle = await start();
    const number = (await handle.query(cardQuery)).number;
    // 7.5: dated the day it is written (the dev server runs on the real clock).
    const result = { ...fullResult, date: DateTime.now().setZone('Europe/Kyiv').toISODate()! };
    const steps: Array<[ActionName, Actor, unknown]> = [
      ['accept', executor, {}],
      ['comment', executor, { text: 'Бригада виїхала', public: true }],
      ['requestExecutorChange', executor, { reason: 'Мережа тепломережі' }],
      ['decideExecutorChange', operator, { approve: false, note: 'Ваша мережа' }],
      ['comment', operator, { text: 'Прошу пришвидшити' }],
      ['proposeClosure', executor, result],
      ['review', operator, { decision: 'rework', note: 'Не все' }],
      ['proposeClosure', executor, result],
      ['review', operator, { decision: 'approve', note: 'Виконано' }],
    ];
    let kills = 0;
    for (const [i, [action, actor, input]] of steps.entries()) {
      const done = act(handle, action, actor, input);
      if (i % 3 === 1) {
        // Kill it while the action is in flight — somewhere between accepting the Update, writing the
        // read model and publishing — then bring up a new worker process.
        await new Promise((r) => setTimeout(r, 20 * kills));
        await killWorker();
        kills += 1;
        worker = await startWorkerProcess();
      }
      await done;
    }
    expect(kills).to.equal(3);

    const card = await handle.query(cardQuery);
    expect(card.status).to.equal('closed');
    const expectedActions = ['registered', 'accepted', 'comment_added', 'executor_change_requested', 'executor_change_rejected', 'comment_added', 'closure_proposed', 'returned_for_rework', 'closure_proposed', 'closed'];
    expect(card.history.map((e) => e.action)).to.deep.equal(expectedActions);
    expect(card.version).to.equal(expectedActions.length);

    const stored = await eventually(async () => {
      const c = await requests.get(number);
      return c?.version === card.version ? c : undefined;
    }, 'the read model at the last version');
    expect(stored).to.deep.equal(card);
    await eventually(async () => ((await requests.outboxOf(number))?.outbox.length === 0 ? true : undefined), 'an empty outbox');

    // The kills did land mid-work: the dead workers' workflow tasks timed out and were run again.
    const history = ((await handle.fetchHistory()).events ?? []).map((e) => proto.temporal.api.enums.v1.EventType[e.eventType ?? 0]);
    expect(history.filter((t) => t === 'EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT')).to.have.length.at.least(1);

    const events = await readRequestEvents(nc, number);
    expect(new Set(events.map((e) => e.id)).size, 'no event twice on the stream').to.equal(events.length);
    expect(events.map((e) => e.data.version)).to.deep.equal(expectedActions.map((_, i) => i + 1));
    expect(events.map((e) => e.type)).to.deep.equal(expectedActions.map((a) => `request.${a}`));
  });

  it('refuses a forbidden action without a trace in the real server\'s history', async () => {
    const handle = await start();
    const before = (await handle.fetchHistory()).events?.length ?? 0;
    const err = await act(handle, 'review', operator, { decision: 'approve' }).then(() => undefined, (e: unknown) => e);
    expect(decodeRefusal(err)?.kind).to.equal('wrong_status');
    const events = (await handle.fetchHistory()).events ?? [];
    const EventType = proto.temporal.api.enums.v1.EventType;
    expect(events.slice(before).map((e) => EventType[e.eventType ?? 0])).to.deep.equal([]);
  });
});

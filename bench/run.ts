/**
 * The scale benchmark (docs/performance.md): on a throw-away real stack (free ports, temporary
 * data) with the worker, intake and notification as processes of their own, it measures the bare
 * engine and then, at each level of stored requests (default 1k, 10k, 100k, seeded in bulk through
 * the read model's own importCards), every operation a request's life is made of; at the largest
 * level, registrations and actions with metrics and tracing on and off (bench/metrics-compare.ts).
 * It prints one table of figures and the ratio of the largest level to the smallest; it asserts nothing.
 *
 *   npm run bench                                  all levels, 600 registrations per burst, then the worker's
 *                                                  memory with 100,000 more open request workflows (3 h or more on 2 cores)
 *   npm run bench -- --workflows 0                 the levels only (≈15 min)
 *   npm run bench -- --levels 1000,10000 --n 200   fewer
 *   npm run bench -- --metrics-rounds 8            eight on/off rounds of the metrics comparison (4 unless said; 0 skips it)
 *
 * The seeded history has a fixed open workload (--open, default 1,000 requests not closed) and the
 * rest closed, as a city's register has: what is open follows the arrival rate and the terms, what
 * is stored grows for ever. Seeded requests have cards but no workflows; the requests registered
 * during the run have both.
 */
import { jetstream } from '@nats-io/jetstream';
import { DateTime } from 'luxon';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import proto from '@temporalio/proto';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createOutboxRelay } from '../activities/outbox.ts';
import type { Actor } from '../contracts/events.ts';
import { registerReplySchema, type RegisterCommand, type Registered } from '../contracts/intake.ts';
import { REQUEST_WORKFLOW_TYPE, requestStaticSummary, UPDATE_NAMES, type ActionArg, type ActionName, type RequestCard, type RequestStatus, type StartRequest } from '../contracts/request.ts';
import { requestWorkflowId, SUBJECTS, TASK_QUEUE } from '../contracts/wire.ts';
import { createCalendarRepository } from '../data/calendar.repository.ts';
import { createClassifierRepository } from '../data/classifier.repository.ts';
import { districtsRepository } from '../data/districts.repository.ts';
import { executorsRepository } from '../data/executors.repository.ts';
import { memosRepository } from '../data/memos.repository.ts';
import { requestQueries } from '../data/request-queries.ts';
import { createRequestRepository } from '../data/requests.repository.ts';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../domain/calendar.ts';
import { CATEGORIES, DISTRICTS, EXECUTORS } from '../infra/seed/data.ts';
import { seed } from '../infra/seed/seed.ts';
import { startStack, type RunningStack } from '../infra/stack/stack.ts';
import { guardScript, repoRoot } from '../infra/stack/paths.ts';
import { createLogger } from '../platform/logger.ts';
import { connectMongo } from '../platform/mongo.ts';
import { connectNats } from '../platform/nats.ts';
import { dataConverterFor, newPayloadKey, payloadKeysSchema } from '../platform/payload-codec.ts';
import { createReferenceCache } from '../services/intake/reference.ts';
import { WORKER_MAX_CACHED_WORKFLOWS_DEFAULT, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS_DEFAULT, workerNodeOptions } from '../services/worker/config.ts';
import { stackCheckStep, stackCheckWorkflow } from '../workflows/stack-check.ts';
import { measure, stats, type Figure } from './measure.ts';
import { metricsCompareStage } from './metrics-compare.ts';

const { values } = parseArgs({
  options: {
    levels: { type: 'string', default: '1000,10000,100000' },
    n: { type: 'string', default: '600' },
    concurrency: { type: 'string', default: '16' },
    open: { type: 'string', default: '1000' },
    workflows: { type: 'string', default: '100000' },
    'metrics-rounds': { type: 'string', default: '4' },
  },
});
const LEVELS = values.levels.split(',').map(Number);
const N = Number(values.n);
const C = Number(values.concurrency);
const OPEN = Number(values.open);
const WORKFLOWS = Number(values.workflows);
/** Rounds of the metrics-and-tracing on/off comparison at the largest level (bench/metrics-compare.ts); 0 skips it. */
const METRICS_ROUNDS = Number(values['metrics-rounds']);
/** Whole lifecycles per measurement (the bare engine's and the requests'): a third of a burst, at least 32. */
const LIFECYCLES = Math.max(32, Math.floor(N / 3));

/** Rows of the final table: what, at which level, the figure. */
const rows = new Map<string, Map<number, Figure>>();
function record(what: string, level: number, f: Figure): void {
  if (!rows.has(what)) rows.set(what, new Map());
  rows.get(what)!.set(level, f);
  const ms = (x: number): string => x.toFixed(1).padStart(8);
  console.log(`  ${what.padEnd(52)} ${String(level).padStart(7)}  ${f.rate.toFixed(1).padStart(8)}/s  p50 ${ms(f.p50)} ms  p99 ${ms(f.p99)} ms`);
}

const EXECUTOR_IDS = EXECUTORS.map((e) => e.id);
const operator: Actor = { id: 'bench-operator', role: 'operator', name: 'Bench' };

/** A request the city's register could hold: closed unless `open`, with a history of eight steps. */
function historicCard(i: number, open: boolean): RequestCard {
  const category = CATEGORIES[i % CATEGORIES.length]!;
  const executor = EXECUTORS.find((e) => e.id === category.executorId)!;
  const district = DISTRICTS[i % DISTRICTS.length]!;
  const registeredAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  const at = (k: number): string => new Date(Date.parse(registeredAt) + k * 3_600_000).toISOString();
  const status: RequestStatus = open ? (['in_progress', 'closure_proposed', 'rework', 'executor_change_requested'] as const)[i % 4]! : 'closed';
  const steps = ['registered', 'accepted', 'comment', 'closure_proposed', 'returned_for_rework', 'accepted', 'closure_proposed', 'closed'];
  return {
    number: `KR-2025-${String(i + 1).padStart(6, '0')}`,
    version: 8,
    status,
    channel: i % 3 === 0 ? 'web' : 'phone',
    categoryCode: category.code,
    categoryName: category.name,
    executorId: executor.id,
    executor: { id: executor.id, name: executor.name, email: executor.email },
    district,
    address: { district, street: `вул. Історична ${i % 500}`, building: String(1 + (i % 50)) },
    applicant: { name: `Мешканець ${i % 20_000}`, phone: `+38067${String(1_000_000 + (i % 20_000)).padStart(7, '0')}`, ...(i % 3 === 0 ? { userId: `bench-user-${Math.floor(i / 6)}` } : {}) },
    description: 'Історичне звернення для вимірювання: слабкий тиск води у квартирі на п’ятому поверсі, вечорами зовсім немає води.',
    attachmentIds: [],
    registeredAt,
    deadlineAt: at(72),
    overdue: false,
    underAdditionalControl: false,
    additionalControlCount: 0,
    repeatCount: 0,
    requiresApplicantConfirmation: false,
    reworkCount: 1,
    inspections: [],
    comments: [{ at: at(2), author: { id: 'u-exec', role: 'executor', name: 'Виконавець' }, text: 'Бригаду направлено', public: true }],
    history: steps.map((action, k) => ({ at: at(k), actor: { id: 'u-exec', role: 'executor' }, action })),
    ...(open ? {} : { closedAt: at(8) }),
  };
}

/** A service of the project as a process of its own, as `npm run up` starts it. */
function startService(name: string, env: NodeJS.ProcessEnv, logDir: string): ChildProcess {
  const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');
  // The worker with the Node options a deployment gives it (services/worker/config.ts, WORKER_NODE_OPTIONS).
  const heap = name === 'worker' ? { NODE_OPTIONS: workerNodeOptions(process.env) } : {};
  const child = spawn(guardScript, [process.execPath, '--import', 'tsx', path.join(repoRoot, 'services', name, 'main.ts')], { cwd: repoRoot, stdio: ['pipe', log, log], env: { ...env, ...heap } });
  fs.closeSync(log);
  return child;
}

/** CPU seconds used so far by the processes whose command line names `marker` (the stack's and the services'). */
function cpuSecondsOf(marker: string, pids: number[]): number {
  const tick = 100;
  let total = 0;
  for (const dir of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${dir}/cmdline`, 'utf8');
      if (!cmd.includes(marker) && !pids.includes(Number(dir))) continue;
      const fields = fs.readFileSync(`/proc/${dir}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** CPU seconds used so far by each part of the stack: the servers (by their command line under `marker`), the services (by pid), this process. */
function cpuByPart(marker: string, services: Array<{ name: string; pid: number }>): Map<string, number> {
  const parts = new Map<string, number>();
  const add = (name: string, secs: number): void => void parts.set(name, (parts.get(name) ?? 0) + secs);
  for (const dir of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${dir}/cmdline`, 'utf8');
      const service = services.find((x) => x.pid === Number(dir));
      const server = cmd.includes(marker) ? (['temporal', 'ferretdb', 'nats'].find((n) => cmd.includes(n)) ?? 'other') : undefined;
      if (!service && !server) continue;
      const fields = fs.readFileSync(`/proc/${dir}/stat`, 'utf8').split(') ')[1]!.split(' ');
      add(service?.name ?? server!, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // The process ended meanwhile.
    }
  }
  const self = process.cpuUsage();
  add('load generator (bench)', (self.user + self.system) / 1e6);
  return parts;
}

/** Runs `op` and prints the CPU each part of the stack spent on it, per operation (`ops` of them). */
async function cpuPerOperation<T>(label: string, ops: number, marker: string, services: Array<{ name: string; pid: number }>, op: () => Promise<T>): Promise<T> {
  const before = cpuByPart(marker, services);
  const result = await op();
  const after = cpuByPart(marker, services);
  const cells = [...after].map(([name, secs]) => [name, ((secs - (before.get(name) ?? 0)) * 1000) / ops] as const).sort((a, b) => b[1] - a[1]);
  const total = cells.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`    CPU per ${label}: ${total.toFixed(1)} ms = ${cells.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ')}`);
  return result;
}

function rssMbOf(pid: number): number {
  for (const line of fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) if (line.startsWith('VmRSS:')) return Number(line.split(/\s+/)[1]) / 1024;
  return 0;
}

/** The node process a service's guard runs (its child). */
function servicePid(child: ChildProcess, name: string): number {
  for (const dir of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${dir}/stat`, 'utf8');
      const ppid = Number(stat.split(') ')[1]!.split(' ')[1]);
      if (ppid === child.pid && fs.readFileSync(`/proc/${dir}/cmdline`, 'utf8').includes(`services/${name}/main.ts`)) return Number(dir);
    } catch {
      // gone
    }
  }
  return child.pid!;
}

const ALWAYS_WORKING: WorkingCalendar = {
  ...structuredClone(DEFAULT_CALENDAR),
  weekly: Object.fromEntries(Object.keys(DEFAULT_CALENDAR.weekly).map((d) => [d, [['00:00', '24:00']]])) as WorkingCalendar['weekly'],
  holidays: [],
  extraWorkingDays: [],
  martialLaw: false,
};

/** A request as intake would start it, in a number series of its own (KR-2024-…) and at an address of its own. */
function openRequestInput(i: number): StartRequest {
  // Categories with terms in working days: the stage's requests stay open and on time while it runs.
  const categories = CATEGORIES.filter((c) => c.term.unit === 'working_days');
  const category = categories[i % categories.length]!;
  const executor = EXECUTORS.find((e) => e.id === category.executorId)!;
  const district = DISTRICTS[i % DISTRICTS.length]!;
  return {
    number: `KR-2024-${String(i + 1).padStart(6, '0')}`,
    channel: 'phone',
    registeredAt: new Date().toISOString(),
    applicant: { name: 'Мешканець', phone: `+38093${String(1_000_000 + (i % 9_000_000)).padStart(7, '0')}` },
    // No two share an address: none is a 9.2.3 repeat of another.
    address: { district, street: `вул. Відкрита ${Math.floor(i / 1_000)}`, building: String(1 + (i % 1_000)) },
    categoryCode: category.code,
    description: 'Відкрите звернення для вимірювання пам’яті обробника',
    attachmentIds: [],
    repeatCount: 0,
    route: { executor: { id: executor.id, name: executor.name, email: executor.email }, categoryName: category.name, term: category.term, reworkTerm: category.reworkTerm },
    actor: operator,
  };
}

const fileMb = (f: string): number => [f, `${f}-wal`, `${f}-shm`].reduce((sum, x) => sum + (fs.existsSync(x) ? fs.statSync(x).size : 0), 0) / 2 ** 20;

/**
 * The worker's memory with WORKFLOWS more open requests: their workflows started straight on the
 * engine (as intake starts them, without waiting for their first task), then waited for until the
 * read model holds each one's card, i.e. the worker has run its registration and armed its timers.
 * The worker's RSS is sampled every 2 s throughout.
 */
async function openWorkflowsStage(o: { client: Client; mongo: Awaited<ReturnType<typeof connectMongo>>; worker: ChildProcess; temporalDb: string }): Promise<void> {
  const pid = servicePid(o.worker, 'worker');
  const cache = process.env.WORKER_MAX_CACHED_WORKFLOWS || String(WORKER_MAX_CACHED_WORKFLOWS_DEFAULT);
  const tasks = process.env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS || String(WORKER_MAX_CONCURRENT_WORKFLOW_TASKS_DEFAULT);
  console.log(`\nworker memory with ${WORKFLOWS} more open request workflows (NODE_OPTIONS ${workerNodeOptions(process.env)}, WORKER_MAX_CACHED_WORKFLOWS ${cache}, WORKER_MAX_CONCURRENT_WORKFLOW_TASKS ${tasks}):`);
  const samples: number[] = [];
  const sample = (): void => void samples.push(rssMbOf(pid));
  sample();
  const sampler = setInterval(sample, 2_000);
  const t0 = performance.now();
  const secs = (): string => ((performance.now() - t0) / 1000).toFixed(0);
  try {
    const IN_FLIGHT = 64;
    let next = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < WORKFLOWS) {
          const input = openRequestInput(next++);
          for (let attempt = 1; ; attempt++) {
            try {
              await o.client.workflow.start(REQUEST_WORKFLOW_TYPE, { workflowId: requestWorkflowId(input.number), taskQueue: TASK_QUEUE, args: [input], staticSummary: requestStaticSummary(input) });
              break;
            } catch (err) {
              // A start that timed out on its way back may have been made: then it is there already.
              if (err instanceof WorkflowExecutionAlreadyStartedError) break;
              if (attempt >= 5) throw err;
              await new Promise((r) => setTimeout(r, 500 * attempt));
            }
          }
          const started = Number(input.number.slice(-6));
          if (started % 10_000 === 0) console.log(`  … ${started} started (${secs()} s, worker RSS ${samples.at(-1)!.toFixed(0)} MB)`);
        }
      }),
    );
    const startSecs = (performance.now() - t0) / 1000;
    console.log(`  started ${WORKFLOWS} in ${startSecs.toFixed(0)} s (${(WORKFLOWS / startSecs).toFixed(1)}/s, ${IN_FLIGHT} in flight)`);

    // Caught up once every one has run its first task: registration recorded (the card), search
    // attributes set and timers armed in the same task. Visibility counts those whose RequestNumber
    // is set; then the read model is checked to hold every card, by _id.
    const query = `WorkflowType="${REQUEST_WORKFLOW_TYPE}" AND ExecutionStatus="Running" AND RequestNumber STARTS_WITH "KR-2024-"`;
    let lastReport = performance.now();
    for (;;) {
      const { count } = await o.client.workflow.count(query);
      if (count >= WORKFLOWS) break;
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        console.log(`  … ${count} of ${WORKFLOWS} through their first task (${secs()} s, worker RSS ${samples.at(-1)!.toFixed(0)} MB)`);
      }
      // A count over 100,000 open workflows costs the dev server ≈0.4 s: asked every 10 s, not more often.
      await new Promise((r) => setTimeout(r, 10_000));
    }
    const doneSecs = (performance.now() - t0) / 1000;
    const cards = o.mongo.collection<{ _id: string }>('requests');
    let missing = 0;
    await measure(WORKFLOWS, 16, async (i) => {
      if (!(await cards.findOne({ _id: openRequestInput(i).number }, { projection: { _id: 1 } }))) missing++;
    });
    const running = await o.client.workflow.count(`WorkflowType="${REQUEST_WORKFLOW_TYPE}" AND ExecutionStatus="Running"`);
    if (missing > 0) console.log(`  ${missing} cards missing from the read model`);
    sample();
    console.log(`  worker caught up ${(doneSecs - startSecs).toFixed(0)} s after the last start (${doneSecs.toFixed(0)} s in all: ${(WORKFLOWS / doneSecs).toFixed(1)} first tasks/s)`);
    console.log(`  request workflows running: ${running.count}; Temporal's database ${fileMb(o.temporalDb).toFixed(0)} MB`);
    console.log(`  worker RSS: at the start ${samples[0]!.toFixed(0)} MB, peak ${Math.max(...samples).toFixed(0)} MB, final ${samples.at(-1)!.toFixed(0)} MB (${samples.length} samples, every 2 s)`);
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'));
  const logDir = path.join(dir, 'logs');
  const logger = createLogger({ service: 'bench', level: 'error' });
  const stack: RunningStack = await startStack({ dataDir: path.join(dir, 'data'), logDir, database: 'bench', headless: true, alwaysEmbedSmtp: true, external: {}, say: (l) => console.log(`[stack] ${l}`) });
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`);
  console.log(`levels ${LEVELS.join(', ')} stored requests (${OPEN} open); bursts of ${N} at ${C} in flight\n`);
  const children: Array<{ name: string; child: ChildProcess }> = [];
  const mongo = await connectMongo(stack.env.MONGO_URL);
  const nc = await connectNats(stack.env.NATS_URL, 'bench');
  const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
  // Payloads encrypted as in production (the codec's cost is part of what is measured).
  const TEMPORAL_PAYLOAD_KEYS = process.env.TEMPORAL_PAYLOAD_KEYS || newPayloadKey('bench-1');
  const client = new Client({ connection, dataConverter: dataConverterFor(payloadKeysSchema.parse(TEMPORAL_PAYLOAD_KEYS)) });
  try {
    await seed(mongo, { users: false });
    await createCalendarRepository(mongo).put(ALWAYS_WORKING, 'bench');
    // Production refuses a notification service without an SMS provider: the dev mailbox's SMS page stands in (the bench sends none).
    const SMS_HTTP_URL = process.env.SMS_HTTP_URL || `${stack.mailboxUrl ?? 'http://127.0.0.1:9'}/sms`;
    const env = { ...process.env, ...stack.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', TEMPORAL_PAYLOAD_KEYS, SMS_HTTP_URL };
    for (const name of ['worker', 'intake', 'notification']) children.push({ name, child: startService(name, env, logDir) });
    const requests = createRequestRepository(mongo);
    const queries = requestQueries(mongo);
    await queries.init();
    const sink = stack.sink!;

    let seq = 0;
    const register = async (over: Partial<RegisterCommand['registration']> = {}): Promise<Registered & { repliedAt: number }> => {
      const i = seq++;
      const cmd: RegisterCommand = {
        actor: operator,
        idempotencyKey: randomUUID(),
        registration: {
          channel: 'phone',
          applicant: { name: 'Марія Іваненко', phone: `+38050${String(1_000_000 + i).padStart(7, '0')}` },
          // A new address each time: no registration here is a 9.2.3 repeat of another.
          address: { district: 'Саксаганський', street: 'вул. Героїв АТО', building: String(1 + i) },
          categoryCode: 'WATER-02',
          description: 'Слабкий тиск холодної води',
          attachmentIds: [],
          ...over,
        },
      };
      const reply = registerReplySchema.parse((await nc.request(SUBJECTS.intakeRegister, JSON.stringify(cmd), { timeout: 60_000 })).json());
      if (!reply.ok) throw new Error(`registration refused: ${reply.error.code} ${reply.error.message}`);
      return { ...reply.request, repliedAt: Date.now() };
    };
    // The services are up once a registration goes through (intake answers, the worker runs it).
    for (let t = Date.now(); ; ) {
      try {
        await register();
        break;
      } catch (err) {
        if (Date.now() - t > 120_000) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const act = async <A extends ActionName>(number: string, action: A, actor: Actor, input: ActionArg<A>['input']): Promise<void> => {
      await client.workflow.getHandle(requestWorkflowId(number)).executeUpdate(UPDATE_NAMES[action], { args: [{ actor, input }] });
    };
    const vodokanal = { id: 'bench-exec', role: 'executor', name: 'Іван Петренко', executorId: 'vodokanal' } as Actor;
    const result = { result: 'Відновлено тиск', unit: 'АДС', enterprise: 'КП «Кривбасводоканал»', executorSurname: 'Петренко', executorPhone: '+380562123456', date: DateTime.now().setZone('Europe/Kyiv').toISODate()!, applicantInformedVia: 'mobile' as const };
    /** When the executor's email about `number` reached the SMTP sink (ms since the epoch). */
    const mailedAt = async (number: string, timeoutMs = 120_000): Promise<number> => {
      for (const t = Date.now(); Date.now() - t < timeoutMs; ) {
        const m = sink.messages().find((x) => x.to.includes('dispatch@vodokanal.example.org') && x.subject.includes(number));
        if (m) return Date.parse(m.receivedAt);
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no email about ${number} within ${timeoutMs} ms`);
    };

    /** Waits until the request task queue has no workflow task waiting (three looks in a row); returns how long that took. */
    const workflowBacklogDrained = async (timeoutMs = 600_000): Promise<number> => {
      const t = performance.now();
      for (let empty = 0; empty < 3 && performance.now() - t < timeoutMs; ) {
        const res = await connection.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: TASK_QUEUE, kind: proto.temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
          reportStats: true,
        });
        const backlog = Number(res.stats?.approximateBacklogCount ?? 0);
        empty = backlog === 0 ? empty + 1 : 0;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      return performance.now() - t - 3_000;
    };

    console.log(`worker RSS with no workflow yet: ${rssMbOf(servicePid(children[0]!.child, 'worker')).toFixed(0)} MB\n`);
    console.log('bare engine (same server, same run):');
    const parts = (): Array<{ name: string; pid: number }> => children.map((c) => ({ name: c.name, pid: servicePid(c.child, c.name) }));
    // The CPU figures include the work each operation leaves to be done after it is answered (the backlog drained).
    const bareStarts: Figure = await cpuPerOperation('bare start (and its workflow run)', N, dir, parts(), async () => {
      const f = await measure(N, C, async () => {
        await client.workflow.start(stackCheckWorkflow, { taskQueue: TASK_QUEUE, workflowId: `bench-${randomUUID()}`, args: [{ note: 'bench' }] });
      });
      await workflowBacklogDrained();
      return f;
    });
    record('temporal: bare workflow start', 0, bareStarts);
    const bareRuns = await measure(N, C, async () => {
      await client.workflow.execute(stackCheckWorkflow, { taskQueue: TASK_QUEUE, workflowId: `bench-${randomUUID()}`, args: [{ note: 'bench' }] });
    });
    record('temporal: bare workflow start→result', 0, bareRuns);
    // The bare engine's shape of a whole lifecycle: a start, three Updates answered by the workflow, its one activity and result.
    const bareLifecycles: Figure = await cpuPerOperation('bare lifecycle (start, 3 Updates, result)', LIFECYCLES, dir, parts(), async () =>
      measure(LIFECYCLES, C, async () => {
        const handle = await client.workflow.start(stackCheckWorkflow, { taskQueue: TASK_QUEUE, workflowId: `bench-${randomUUID()}`, args: [{ note: 'bench', steps: 3 }] });
        for (let k = 0; k < 3; k++) await handle.executeUpdate(stackCheckStep);
        await handle.result();
      }),
    );
    record('temporal: bare lifecycle (start, 3 Updates, result)', 0, bareLifecycles);
    const Raw = mongo.collection<{ _id: string; n: number }>('bench_raw');
    record('ferretdb: insert one document', 0, await measure(N * 3, C, async (i) => void (await Raw.insertOne({ _id: `r${i}`, n: i }))));
    record('ferretdb: find one by _id', 0, await measure(N, 1, async (i) => void (await Raw.findOne({ _id: `r${i}` }))));
    const js = jetstream(nc);
    record(
      'jetstream: deduplicated publish',
      0,
      await measure(N * 10, C * 4, async () => {
        const id = randomUUID();
        await js.publish(`cc.events.bench.${id.slice(0, 4)}`, JSON.stringify({ id }), { msgID: id });
      }),
    );

    let stored = 0;
    for (const level of LEVELS) {
      const t0 = performance.now();
      const batch = 2_000;
      while (stored < level) {
        const size = Math.min(batch, level - stored);
        // The open workload stays OPEN whatever the level: the first OPEN seeded are open, the rest closed.
        await requests.importCards(Array.from({ length: size }, (_, k) => historicCard(stored + k, stored + k < OPEN)));
        stored += size;
        if (stored % 20_000 === 0) console.log(`  … ${stored} stored (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      }
      const openNow = await mongo.collection('open_requests').estimatedDocumentCount();
      console.log(`\n${level} requests stored (${openNow} open; seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s):`);

      const sample = (k: number): string => `KR-2025-${String(1 + Math.floor((k * 7919) % level)).padStart(6, '0')}`;
      record('card: GET by number', level, await measure(100, 1, async (k) => void (await queries.get(sample(k)))));
      record(
        "list: an executor's queue, first page",
        level,
        await measure(30, 1, async (k) => void (await queries.list({ executorId: EXECUTOR_IDS[k % EXECUTOR_IDS.length]!, status: ['in_progress', 'rework', 'closure_proposed', 'executor_change_requested'] }, { sort: 'deadlineAt', page: 1, pageSize: 20 }))),
      );
      record(
        'list: overdue open requests of a district, first page',
        level,
        await measure(30, 1, async (k) => void (await queries.list({ district: DISTRICTS[k % DISTRICTS.length]!, overdue: false, status: ['in_progress', 'rework'] }, { sort: 'deadlineAt', page: 1, pageSize: 20 }))),
      );
      // Each signed-in applicant of the seeded history has two requests (numbers 6u and 6u+3) at every level: the
      // list's own work is the same, only what else is stored grows.
      record("list: an applicant's own requests (2 each)", level, await measure(30, 1, async (k) => void (await queries.list({ applicantUserId: `bench-user-${k}` }, { sort: '-registeredAt', page: 1, pageSize: 20 }))));
      const reference = createReferenceCache({ classifier: createClassifierRepository(mongo), districts: districtsRepository(mongo), executors: executorsRepository(mongo), memos: memosRepository(mongo), calendar: createCalendarRepository(mongo) }, logger);
      record('loop: intake reference data reload', level, await measure(60, 1, async () => void (await reference.load())));
      const relay = createOutboxRelay({ requests, nc, logger, sweepMinAgeMs: 30_000 });
      // The one outbox sweep: the requests' and the 5.7 memos' events alike.
      record('loop: outbox sweep', level, await measure(20, 1, async () => void (await relay.sweep())));

      const single: string[] = [];
      record('intake: register, one at a time', level, await measure(30, 1, async () => void single.push((await register()).number)));
      const burst: Array<Registered & { repliedAt: number }> = [];
      const burstFigure = await cpuPerOperation('registration (and its workflow\'s first task)', N, dir, parts(), async () => {
        const f = await measure(N, C, async () => void burst.push(await register()));
        const behind = await workflowBacklogDrained();
        console.log(`    the worker ran the last of the burst's first workflow tasks ${(behind / 1000).toFixed(1)} s after the last answer`);
        return f;
      });
      record(`intake: register, ${C} in flight`, level, burstFigure);
      // The email may reach the sink before the 201 reaches the caller: that counts as no lag.
      const lags = await Promise.all(burst.map(async (r) => Math.max(0, (await mailedAt(r.number)) - r.repliedAt)));
      record("notification: executor's email after the 201", level, stats(lags, 1));

      const numbers = burst.map((r) => r.number);
      record('action: accept (8.1.2)', level, await measure(30, 1, async (k) => act(numbers[k]!, 'accept', vodokanal, {})));
      record('action: comment (8.1.3)', level, await measure(30, 1, async (k) => act(numbers[k]!, 'comment', vodokanal, { text: 'Бригада на місці', public: true })));
      record('action: propose closure (7.5)', level, await measure(30, 1, async (k) => act(numbers[k]!, 'proposeClosure', vodokanal, result)));
      record('action: review, approve (9.2.4)', level, await measure(30, 1, async (k) => act(numbers[k]!, 'review', operator, { decision: 'approve', note: 'Виконано' })));
      record(
        `lifecycle: register→accept→propose→review, ${C} in flight`,
        level,
        await cpuPerOperation('lifecycle', LIFECYCLES, dir, parts(), async () =>
          measure(LIFECYCLES, C, async () => {
            const { number } = await register();
            await act(number, 'accept', vodokanal, {});
            await act(number, 'proposeClosure', vodokanal, result);
            await act(number, 'review', operator, { decision: 'approve', note: 'Виконано' });
          }),
        ),
      );

      // The idle figure is taken once the request task queue is empty (no workflow task of this level's traffic left).
      await workflowBacklogDrained();
      // Idle: nothing asked for 5 s (the services settle), then the stack's CPU over 20 s.
      await new Promise((r) => setTimeout(r, 5_000));
      const pids = children.map((c) => servicePid(c.child, c.name));
      const before = cpuSecondsOf(dir, pids);
      await new Promise((r) => setTimeout(r, 20_000));
      const idle = ((cpuSecondsOf(dir, pids) - before) / 20) * 100;
      console.log(`  ${'idle: the whole stack, % of one core'.padEnd(52)} ${String(level).padStart(7)}  ${idle.toFixed(1)} %`);
      record('idle: the whole stack, % of one core (in p50)', level, { rate: 0, p50: idle, p95: idle, p99: idle });
      const worker = children.find((c) => c.name === 'worker')!;
      console.log(`  worker RSS ${rssMbOf(servicePid(worker.child, 'worker')).toFixed(0)} MB`);

      // The level's own registrations still open are taken through to closure (not measured), so every level
      // is measured with the same open work (OPEN) and only the stored history grows.
      const leftOpen = [...single, ...numbers.slice(30)];
      const t1 = performance.now();
      await measure(leftOpen.length, C, async (k) => {
        const number = leftOpen[k]!;
        await act(number, 'accept', vodokanal, {});
        await act(number, 'proposeClosure', vodokanal, result);
        await act(number, 'review', operator, { decision: 'approve', note: 'Виконано' });
      });
      await workflowBacklogDrained();
      console.log(`  (the level's ${leftOpen.length} requests left open were closed in ${((performance.now() - t1) / 1000).toFixed(0)} s)`);
    }

    const SERVICES = ['worker', 'intake', 'notification'];
    /** Stops the services and starts them again, each with `over` on the bench's variables. */
    const restartServices = async (over: (service: string) => Record<string, string | undefined>): Promise<void> => {
      for (const c of children) c.child.kill('SIGTERM');
      await Promise.all(children.map((c) => new Promise<void>((r) => (c.child.exitCode !== null || c.child.signalCode !== null ? r() : c.child.once('exit', () => r())))));
      children.length = 0;
      for (const name of SERVICES) {
        const own: NodeJS.ProcessEnv = { ...env };
        for (const [k, v] of Object.entries(over(name))) {
          if (v === undefined) delete own[k];
          else own[k] = v;
        }
        children.push({ name, child: startService(name, own, logDir) });
      }
    };
    let compared: string[] = [];
    if (METRICS_ROUNDS > 0) {
      const last = LEVELS.at(-1)!;
      compared = await metricsCompareStage(
        {
          rounds: METRICS_ROUNDS,
          n: N,
          lifecycles: LIFECYCLES,
          concurrency: C,
          services: SERVICES,
          restart: restartServices,
          register: async () => (await register()).number,
          mailed: (number) => mailedAt(number),
          actions: [
            (number) => act(number, 'accept', vodokanal, {}),
            (number) => act(number, 'comment', vodokanal, { text: 'Бригада на місці', public: true }),
            (number) => act(number, 'proposeClosure', vodokanal, result),
            (number) => act(number, 'review', operator, { decision: 'approve', note: 'Виконано' }),
          ],
          close: async (number) => {
            await act(number, 'accept', vodokanal, {});
            await act(number, 'proposeClosure', vodokanal, result);
            await act(number, 'review', operator, { decision: 'approve', note: 'Виконано' });
          },
          drained: () => workflowBacklogDrained(),
          servicesCpuSeconds: () => [...cpuByPart(dir, parts())].filter(([name]) => SERVICES.includes(name)).reduce((sum, [, secs]) => sum + secs, 0),
        },
        `metrics and tracing on (METRICS_ENABLED, TRACING_ENABLED true) and off (both false), ${last} stored`,
      );
      // The stage after it runs with the services as the bench's own variables say.
      if (WORKFLOWS > 0) await restartServices(() => ({}));
    }

    if (WORKFLOWS > 0) await openWorkflowsStage({ client, mongo, worker: children.find((c) => c.name === 'worker')!.child, temporalDb: path.join(dir, 'data', 'temporal.sqlite') });

    console.log('\nsummary: figure at each level, and the largest level against the smallest (flat = 1.00)');
    const first = LEVELS[0]!;
    const last = LEVELS.at(-1)!;
    for (const [what, byLevel] of rows) {
      if (byLevel.has(0)) continue;
      const cells = LEVELS.map((l) => byLevel.get(l));
      const metric = (f: Figure | undefined): number => (what.includes('in flight') ? (f?.rate ?? 0) : (f?.p50 ?? 0));
      const unit = what.includes('in flight') ? '/s' : ' ms';
      const ratio = metric(byLevel.get(last)) / Math.max(1e-9, metric(byLevel.get(first)));
      console.log(`  ${what.padEnd(52)} ${cells.map((f) => `${metric(f).toFixed(1)}${unit}`.padStart(11)).join(' ')}   ×${ratio.toFixed(2)}`);
    }
    const intakeAtLast = rows.get(`intake: register, ${C} in flight`)?.get(last);
    const lifecycleAtLast = rows.get(`lifecycle: register→accept→propose→review, ${C} in flight`)?.get(last);
    if (intakeAtLast) {
      console.log(`\nintake at ${last} stored vs bare starts: rate ×${(intakeAtLast.rate / bareStarts.rate).toFixed(2)}, p99 ×${(intakeAtLast.p99 / bareStarts.p99).toFixed(2)} (goal ≥ 0.8 and ≤ 1.5)`);
      console.log(`intake at ${last} stored vs bare start→result: rate ×${(intakeAtLast.rate / bareRuns.rate).toFixed(2)}, p99 ×${(intakeAtLast.p99 / bareRuns.p99).toFixed(2)}`);
    }
    if (lifecycleAtLast) {
      console.log(`whole lifecycles at ${last} stored vs bare starts: ×${(lifecycleAtLast.rate / bareStarts.rate).toFixed(2)} (goal ≥ 0.5)`);
      console.log(`whole lifecycles at ${last} stored vs the bare engine's lifecycle (start, 3 Updates, result): ×${(lifecycleAtLast.rate / bareLifecycles.rate).toFixed(2)}; that bare lifecycle vs bare starts: ×${(bareLifecycles.rate / bareStarts.rate).toFixed(2)}`);
    }
    if (compared.length > 0) console.log(`\n${compared.join('\n')}`);
  } finally {
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise<void>((r) => (c.child.exitCode !== null ? r() : c.child.once('exit', () => r())))));
    await connection.close();
    await nc.close();
    await mongo.close();
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

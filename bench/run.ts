/**
 * Benchmarks on a throw-away real stack (free ports, temporary data): prints figures, asserts
 * nothing. `npm run bench` (optionally `-- --n 500 --concurrency 16`). The parts measured:
 *   temporal   stackCheckWorkflow executions (start → result) through the project worker
 *   intake     request registrations over NATS: validation, number, Classifier route, workflow
 *              start with the registration Update, the card in the read model (what POST /requests waits for)
 *   mongo      single-document inserts through mongoose (FerretDB locally)
 *   jetstream  deduplicated publishes (msg id = event id)
 */
import { jetstream } from '@nats-io/jetstream';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Schema } from 'mongoose';
import { TASK_QUEUE } from '../contracts/wire.ts';
import { startStack } from '../infra/stack/stack.ts';
import { createLogger } from '../platform/logger.ts';
import { connectMongo } from '../platform/mongo.ts';
import { connectNats, ensureStreams } from '../platform/nats.ts';
import { installSdkLogger } from '../platform/sdk-logger.ts';
import { startWorker } from '../services/worker/worker.ts';
import { startIntake } from '../services/intake/service.ts';
import { registerReplySchema, type RegisterCommand } from '../contracts/intake.ts';
import { SUBJECTS } from '../contracts/wire.ts';
import { seed } from '../infra/seed/seed.ts';
import { stackCheckWorkflow } from '../workflows/stack-check.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '300' }, concurrency: { type: 'string', default: '8' } } });
const N = Number(values.n);
const C = Number(values.concurrency);

async function measure(name: string, n: number, concurrency: number, op: (i: number) => Promise<void>): Promise<void> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await op(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string => (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(1);
  console.log(`${name.padEnd(38)} n=${String(n).padStart(5)} c=${String(concurrency).padStart(3)}  ${(n / secs).toFixed(0).padStart(6)}/s  p50 ${pct(50).padStart(7)} ms  p95 ${pct(95).padStart(7)} ms  p99 ${pct(99).padStart(7)} ms`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'));
  const logger = createLogger({ service: 'bench', level: 'error' });
  installSdkLogger(logger);
  const stack = await startStack({ dataDir: path.join(dir, 'data'), logDir: path.join(dir, 'logs'), database: 'bench', headless: true, alwaysEmbedSmtp: true, external: {}, say: (l) => console.log(`[stack] ${l}`) });
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}`);
  try {
    const worker = await startWorker({ NODE_ENV: 'production', LOG_LEVEL: 'error', TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: 'default', MONGO_URL: stack.env.MONGO_URL, NATS_URL: stack.env.NATS_URL }, logger);
    const connection = await Connection.connect({ address: stack.env.TEMPORAL_ADDRESS });
    const client = new Client({ connection });
    await measure('temporal: workflow start→result', N, C, async () => {
      await client.workflow.execute(stackCheckWorkflow, { taskQueue: TASK_QUEUE, workflowId: `bench-${randomUUID()}`, args: [{ note: 'bench' }] });
    });
    await connection.close();

    const seeded = await connectMongo(stack.env.MONGO_URL);
    await seed(seeded, { users: false });
    await seeded.close();
    const intake = await startIntake({ NODE_ENV: 'production', LOG_LEVEL: 'error', TEMPORAL_ADDRESS: stack.env.TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: 'default', MONGO_URL: stack.env.MONGO_URL, NATS_URL: stack.env.NATS_URL, CITY_PREFIX: 'KR', REPEAT_WINDOW_DAYS: 30 }, logger);
    const inc = await connectNats(stack.env.NATS_URL, 'bench-client');
    await measure('intake: register a request (NATS)', N, C, async (i) => {
      const cmd: RegisterCommand = {
        actor: { id: 'bench-operator', role: 'operator', name: 'Bench' },
        idempotencyKey: randomUUID(),
        registration: {
          channel: 'phone',
          applicant: { name: 'Марія Іваненко', phone: `+38067${String(1_000_000 + i).padStart(7, '0')}` },
          address: { district: 'Саксаганський', street: 'вул. Героїв АТО', building: String(1 + (i % 200)) },
          categoryCode: 'WATER-02',
          description: 'Слабкий тиск холодної води',
          attachmentIds: [],
        },
      };
      const reply = registerReplySchema.parse((await inc.request(SUBJECTS.intakeRegister, JSON.stringify(cmd), { timeout: 30_000 })).json());
      if (!reply.ok) throw new Error(`registration refused: ${reply.error.code}`);
    });
    await inc.close();
    await intake.stop();
    await worker.stop();

    const mongo = await connectMongo(stack.env.MONGO_URL);
    const Doc = mongo.model('BenchDoc', new Schema({ n: Number, text: String }));
    await measure('mongo: insert one document', N * 3, C, async (i) => {
      await Doc.create({ n: i, text: 'x'.repeat(200) });
    });
    await mongo.close();

    const nc = await connectNats(stack.env.NATS_URL, 'bench');
    await ensureStreams(nc);
    const js = jetstream(nc);
    await measure('jetstream: publish with msg id', N * 10, C * 4, async () => {
      const id = randomUUID();
      await js.publish(`cc.events.bench.${id.slice(0, 4)}`, JSON.stringify({ id }), { msgID: id });
    });
    await nc.close();
  } finally {
    await stack.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * The stack manager.
 *   tsx infra/cli.ts install   install the embedded stack's binaries into .stack/
 *   tsx infra/cli.ts up [--replicas N]   the whole system on embedded defaults (data in .stack/data), every
 *                              part supervised (started again when it exits); Ctrl-C stops it
 *   tsx infra/cli.ts test [mocha args]   a throw-away stack on free ports, mocha against it, teardown
 * TEMPORAL_ADDRESS, MONGO_URL, NATS_URL, SMTP_URL point at existing servers instead of embedded ones.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES } from '../services/index.ts';
import { workerNodeOptions } from '../services/worker/config.ts';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { connectMongo } from '../platform/mongo.ts';
import { connectNats } from '../platform/nats.ts';
import { newPayloadKey } from '../platform/payload-codec.ts';
import { CODEC_PATH, healthSubject } from '../contracts/wire.ts';
import { seed, seedDistricts } from './seed/seed.ts';
import { ensureInstalled, MissingToolchainError } from './stack/install.ts';
import { binaries, repoRoot, stackDir } from './stack/paths.ts';
import { startStack, type RunningStack } from './stack/stack.ts';
import { Supervisor } from './stack/supervisor.ts';

const say = (line: string): void => {
  process.stdout.write(`[stack] ${line}\n`);
};

const external = () => ({
  TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS || undefined,
  MONGO_URL: process.env.MONGO_URL || undefined,
  NATS_URL: process.env.NATS_URL || undefined,
  SMTP_URL: process.env.SMTP_URL || undefined,
});

const num = (name: string, dflt: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name}: must be a port number, got "${v}"`);
  return n;
};

/** Waits until every replica of every service answers its own health subject. */
async function waitForServices(stack: RunningStack, instances: { service: string; instance: string }[], timeoutMs: number): Promise<void> {
  const nc = await connectNats(stack.env.NATS_URL, 'stack-manager');
  try {
    const deadline = Date.now() + timeoutMs;
    const pending = new Map(instances.map((i) => [healthSubject(i.service, i.instance), i.instance]));
    while (pending.size > 0) {
      for (const [subject] of [...pending]) {
        try {
          await nc.request(subject, '', { timeout: 500 });
          pending.delete(subject);
        } catch {
          // not up yet
        }
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs / 1000} s: ${[...pending.values()].join(', ')} (see the logs)`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await nc.close();
  }
}

/**
 * The first start of a development database gets the seed (districts' executors, the Classifier,
 * one demo user per role); later starts leave what admins changed alone.
 */
async function seedOnFirstStart(mongoUrl: string): Promise<void> {
  const mongo = await connectMongo(mongoUrl);
  try {
    const has = async (collection: string): Promise<boolean> => (await mongo.db!.collection(collection).countDocuments({}, { limit: 1 })) > 0;
    if (!(await has('executors'))) {
      const res = await seed(mongo);
      say(`seeded ${res.districts} districts, ${res.executors} executors, ${res.categories} Classifier categories, demo users: ${res.usersCreated.join(', ') || 'none'}`);
    } else if (!(await has('districts'))) {
      // A database seeded before districts were city data.
      say(`seeded ${await seedDistricts(mongo)} districts`);
    }
  } finally {
    await mongo.close();
  }
}

type DevSecrets = { JWT_SECRET: string; ADMIN_LOGIN: string; ADMIN_PASSWORD: string; TEMPORAL_PAYLOAD_KEYS: string };

/**
 * Development secrets kept in .stack/, so tokens and Temporal histories survive a restart: the JWT
 * key, the first admin's password, the Temporal payload codec's key (added to an older file).
 */
function devSecrets(home: string): DevSecrets {
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(home, 'dev-secrets.json');
  const kept = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  const secrets: DevSecrets = {
    JWT_SECRET: kept.JWT_SECRET ?? randomBytes(32).toString('hex'),
    ADMIN_LOGIN: kept.ADMIN_LOGIN ?? 'admin',
    ADMIN_PASSWORD: kept.ADMIN_PASSWORD ?? 'admin-1520-dev',
    TEMPORAL_PAYLOAD_KEYS: kept.TEMPORAL_PAYLOAD_KEYS ?? newPayloadKey('dev-1'),
  };
  if (Object.keys(kept).length !== Object.keys(secrets).length) fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** `npm run up` options: `--replicas N` runs N of each service (gateways on PORT, PORT+1, …). */
function upOptions(args: string[]): { replicas: number } {
  const { values } = parseArgs({ args, options: { replicas: { type: 'string', default: process.env.STACK_REPLICAS ?? '1' } }, strict: true });
  const replicas = Number(values.replicas);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 8) throw new Error(`--replicas: a whole number from 1 to 8, got "${values.replicas}"`);
  return { replicas };
}

async function up(args: string[]): Promise<void> {
  const { replicas } = upOptions(args);
  // STACK_HOME keeps a second development stack's data, logs and secrets apart (npm run chaos).
  const home = process.env.STACK_HOME ? path.resolve(process.env.STACK_HOME) : stackDir;
  const dataDir = path.join(home, 'data');
  const logDir = path.join(home, 'logs');
  const ports = {
    temporal: num('TEMPORAL_PORT', 7233),
    temporalUi: num('TEMPORAL_UI_PORT', 8233),
    mongo: num('FERRETDB_PORT', 27017),
    nats: num('NATS_PORT', 4222),
    smtp: num('SMTP_PORT', 2525),
    mailbox: num('MAILBOX_PORT', 8025),
  };
  const gatewayPort = num('PORT', 8080);
  const t0 = Date.now();
  const secrets = devSecrets(home);
  fs.mkdirSync(logDir, { recursive: true });
  const sup = new Supervisor(path.join(home, 'run'), say);
  // Set once the servers are up: what a stop must also stop (the SMTP sink runs in this process).
  const started: { stack?: RunningStack } = {};

  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (stopping) return new Promise<never>(() => undefined);
    stopping = true;
    say('stopping…');
    await sup.stopAll();
    await started.stack?.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  void sup.failed.then((g) => {
    if (stopping) return;
    say(`${g.part} keeps failing, so everything stops. The end of ${path.relative(process.cwd(), g.logFile) || g.logFile}:`);
    process.stdout.write(`${g.tail.split('\n').map((l) => `    ${l}`).join('\n')}\n`);
    void stopAll(1);
  });

  say('starting the local stack (Temporal, FerretDB, NATS, SMTP sink)');
  // The Temporal UI decodes payloads through the gateway's codec endpoint, for signed-in staff only.
  const uiCodecEndpoint = `http://127.0.0.1:${gatewayPort}${CODEC_PATH}`;
  const stack = await startStack({
    dataDir,
    logDir,
    ports,
    database: 'contact_center',
    external: external(),
    say,
    uiCodecEndpoint,
    // Servers come back on the same port and data when they exit.
    launch: (_name, cmd, args, logFile) => sup.add({ name: path.basename(logFile, '.log'), kind: 'server', cmd, args, logFile }),
  });
  started.stack = stack;
  say(`stack ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  say(replicas > 1 ? `starting ${replicas} replicas of each service` : 'starting the services');

  const instances: { service: string; instance: string }[] = [];
  // Every process but the gateway (it serves /metrics on its API port) gets a metrics port of its own, from METRICS_PORT_BASE on.
  const metricsBase = num('METRICS_PORT_BASE', 9464);
  const metricsAt: string[] = [];
  for (const service of SERVICE_NAMES) {
    for (let i = 1; i <= replicas; i++) {
      const name = replicas > 1 ? `${service}-${i}` : service;
      const instance = `${service}-${i}`;
      instances.push({ service, instance });
      const metricsPort = service === 'gateway' ? undefined : metricsBase + metricsAt.filter((m) => !m.startsWith('gateway')).length;
      metricsAt.push(`${name} http://127.0.0.1:${metricsPort ?? gatewayPort + i - 1}/metrics`);
      sup.add({
        name,
        kind: 'service',
        cmd: process.execPath,
        args: ['--import', 'tsx', path.join(repoRoot, 'services', service, 'main.ts')],
        cwd: repoRoot,
        logFile: path.join(logDir, `${name}.log`),
        env: {
          ...secrets,
          // The web application links staff from a request to its workflow in the Temporal UI.
          ...(stack.temporalUiUrl ? { TEMPORAL_UI_URL: stack.temporalUiUrl } : {}),
          ...process.env,
          ...stack.env,
          NODE_ENV: process.env.NODE_ENV ?? 'development',
          INSTANCE_ID: instance,
          ...(metricsPort !== undefined ? { METRICS_PORT: String(metricsPort) } : {}),
          PORT: String(gatewayPort + (service === 'gateway' ? i - 1 : 0)),
          // SMS go to the dev mailbox's page (codes included), unless a provider is configured.
          ...(stack.mailboxUrl && !process.env.SMS_HTTP_URL ? { SMS_HTTP_URL: `${stack.mailboxUrl}/sms`, SMS_HTTP_ID_FIELD: 'id' } : {}),
          // The gateway answers the Temporal UI's codec calls from the UI's origin.
          ...(service === 'gateway' && stack.temporalUiUrl ? { CODEC_CORS_ORIGINS: process.env.CODEC_CORS_ORIGINS ?? stack.temporalUiUrl } : {}),
          // The V8 heap limit bounds the worker's memory, as in docker-compose.yml (docs/performance.md).
          ...(service === 'worker' ? { NODE_OPTIONS: workerNodeOptions(process.env) } : {}),
        },
      });
    }
  }

  await waitForServices(stack, instances, 300_000);
  // After the gateway has created the first admin from ADMIN_LOGIN/ADMIN_PASSWORD (it does so only
  // while there is no admin, and the seed brings a demo admin).
  await seedOnFirstStart(stack.env.MONGO_URL);
  // Ready to serve once intake holds the seeded reference data (it reads it again when it finds none).
  const gateways = Array.from({ length: replicas }, (_, i) => gatewayPort + i);
  const statuses: number[] = [];
  for (const port of gateways) {
    let ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    for (const until = Date.now() + 30_000; ready.status !== 200 && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 250));
      ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    }
    statuses.push(ready.status);
  }
  say(`all services ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (/readyz: ${statuses.join(', ')})`);
  const lines = [
    `Web app       ${gateways.map((p) => `http://127.0.0.1:${p}/`).join(', ')}  (demo users: README)`,
    `API           http://127.0.0.1:${gatewayPort}/api/v1  (health: /healthz, /readyz)`,
    stack.temporalUiUrl ? `Temporal UI   ${stack.temporalUiUrl}` : `Temporal      ${stack.env.TEMPORAL_ADDRESS}`,
    stack.mailboxUrl ? `Dev mailbox   ${stack.mailboxUrl}` : `SMTP          ${stack.env.SMTP_URL}`,
    `MongoDB       ${stack.env.MONGO_URL}`,
    `NATS          ${stack.env.NATS_URL}`,
    `Metrics       ${metricsAt.join('\n                ')}`,
    `              (Prometheus text format; Grafana and the alert rules: docker compose --profile observability, docs/operations.md)`,
    `Logs          ${path.relative(process.cwd(), logDir) || logDir}/`,
    `Sign in       POST /api/v1/auth/login {"login":"${process.env.ADMIN_LOGIN ?? secrets.ADMIN_LOGIN}","password":"${process.env.ADMIN_PASSWORD ?? secrets.ADMIN_PASSWORD}"} (demo users: docs/api.md)`,
    'A part that exits is started again; Ctrl-C stops everything; data stays in ' + (path.relative(process.cwd(), dataDir) || dataDir) + '.',
  ];
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
}

async function test(args: string[]): Promise<void> {
  const runsDir = path.join(stackDir, 'test-runs');
  fs.mkdirSync(runsDir, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(runsDir, 'run-'));
  const t0 = Date.now();
  ensureInstalled({ temporal: true, nats: false, mongo: false, testServer: true }, say);
  const stack = await startStack({
    dataDir: path.join(runDir, 'data'),
    logDir: path.join(runDir, 'logs'),
    database: `cc_test_${Date.now()}`,
    headless: true,
    alwaysEmbedSmtp: true,
    external: external(),
    say,
  });
  say(`test stack ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  let code = 1;
  try {
    // Files or globs on the command line narrow the run; otherwise the whole suite runs.
    const spec = args.some((a) => a.endsWith('.ts') || a.includes('*') || fs.statSync(path.resolve(repoRoot, a), { throwIfNoEntry: false })?.isDirectory()) ? [] : ['test/**/*.test.ts'];
    const mocha = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'), ...spec, ...args], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        ...stack.env,
        NODE_ENV: 'test',
        // A key of this run's own: the tests' clients and workers encrypt as production does.
        TEMPORAL_PAYLOAD_KEYS: process.env.TEMPORAL_PAYLOAD_KEYS || newPayloadKey('test-1'),
        TEMPORAL_TEST_SERVER_PATH: binaries.temporalTestServer,
        TEMPORAL_CLI_PATH: binaries.temporal,
      },
    });
    const forward = (sig: NodeJS.Signals): void => {
      mocha.kill(sig);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    code = await new Promise<number>((resolve) => mocha.once('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
  } finally {
    await stack.stop();
    if (code === 0) fs.rmSync(runDir, { recursive: true, force: true });
    else say(`logs of the test stack kept in ${path.relative(process.cwd(), runDir)}/logs`);
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const [cmd = 'up', ...rest] = process.argv.slice(2);
  switch (cmd) {
    case 'install':
      ensureInstalled({ temporal: true, nats: true, mongo: true, testServer: true }, say);
      say('installed');
      return;
    case 'up':
      return up(rest);
    case 'test':
      return test(rest);
    default:
      throw new Error(`unknown command "${cmd}"; use install, up or test`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof MissingToolchainError) say(err.message);
  else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

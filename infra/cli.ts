/**
 * The stack manager.
 *   tsx infra/cli.ts install   install the embedded stack's binaries into .stack/
 *   tsx infra/cli.ts up        the whole system on embedded defaults (data in .stack/data); Ctrl-C stops it
 *   tsx infra/cli.ts test [mocha args]   a throw-away stack on free ports, mocha against it, teardown
 * TEMPORAL_ADDRESS, MONGO_URL, NATS_URL, SMTP_URL point at existing servers instead of embedded ones.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES } from '../services/index.ts';
import { workerNodeOptions } from '../services/worker/config.ts';
import { randomBytes } from 'node:crypto';
import { connectMongo } from '../platform/mongo.ts';
import { connectNats } from '../platform/nats.ts';
import { newPayloadKey } from '../platform/payload-codec.ts';
import { CODEC_PATH } from '../contracts/wire.ts';
import { seed, seedDistricts } from './seed/seed.ts';
import { ensureInstalled, MissingToolchainError } from './stack/install.ts';
import { binaries, guardScript, repoRoot, stackDir } from './stack/paths.ts';
import { startStack, type RunningStack } from './stack/stack.ts';

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

async function waitForServices(stack: RunningStack, timeoutMs: number): Promise<void> {
  const nc = await connectNats(stack.env.NATS_URL, 'stack-manager');
  try {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set<string>(SERVICE_NAMES);
    while (pending.size > 0) {
      for (const name of [...pending]) {
        try {
          await nc.request(`cc.health.${name}`, '', { timeout: 500 });
          pending.delete(name);
        } catch {
          // not up yet
        }
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs / 1000} s: ${[...pending].join(', ')} (see .stack/logs/)`);
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
function devSecrets(): DevSecrets {
  const file = path.join(stackDir, 'dev-secrets.json');
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

async function up(): Promise<void> {
  const dataDir = path.join(stackDir, 'data');
  const logDir = path.join(stackDir, 'logs');
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
  const secrets = devSecrets();
  say('starting the local stack (Temporal, FerretDB, NATS, SMTP sink)');
  // The Temporal UI decodes payloads through the gateway's codec endpoint, for signed-in staff only.
  const uiCodecEndpoint = `http://127.0.0.1:${gatewayPort}${CODEC_PATH}`;
  const stack = await startStack({ dataDir, logDir, ports, database: 'contact_center', external: external(), say, uiCodecEndpoint });
  say(`stack ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  say('starting the services');

  const children = SERVICE_NAMES.map((name) => {
    const log = fs.openSync(path.join(logDir, `${name}.log`), 'a');
    const child = spawn(guardScript, [process.execPath, '--import', 'tsx', path.join(repoRoot, 'services', name, 'main.ts')], {
      cwd: repoRoot,
      stdio: ['pipe', log, log],
      env: {
        ...secrets,
        // The web application links staff from a request to its workflow in the Temporal UI.
        ...(stack.temporalUiUrl ? { TEMPORAL_UI_URL: stack.temporalUiUrl } : {}),
        ...process.env,
        ...stack.env,
        NODE_ENV: process.env.NODE_ENV ?? 'development',
        PORT: String(gatewayPort),
        // SMS go to the dev mailbox's page (codes included), unless a provider is configured.
        ...(stack.mailboxUrl && !process.env.SMS_HTTP_URL ? { SMS_HTTP_URL: `${stack.mailboxUrl}/sms`, SMS_HTTP_ID_FIELD: 'id' } : {}),
        // The gateway answers the Temporal UI's codec calls from the UI's origin.
        ...(name === 'gateway' && stack.temporalUiUrl ? { CODEC_CORS_ORIGINS: process.env.CODEC_CORS_ORIGINS ?? stack.temporalUiUrl } : {}),
        // The V8 heap limit bounds the worker's memory, as in docker-compose.yml (docs/performance.md).
        ...(name === 'worker' ? { NODE_OPTIONS: workerNodeOptions(process.env) } : {}),
      },
    });
    fs.closeSync(log);
    return { name, child, exited: new Promise<void>((r) => child.once('exit', () => r())) };
  });

  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (stopping) return new Promise<never>(() => undefined);
    stopping = true;
    say('stopping…');
    for (const c of children) c.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    await stack.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const c of children) {
    void c.exited.then(() => {
      if (!stopping) {
        say(`${c.name} exited; see .stack/logs/${c.name}.log. Stopping everything.`);
        void stopAll(1);
      }
    });
  }

  await waitForServices(stack, 90_000);
  // After the gateway has created the first admin from ADMIN_LOGIN/ADMIN_PASSWORD (it does so only
  // while there is no admin, and the seed brings a demo admin).
  await seedOnFirstStart(stack.env.MONGO_URL);
  // Ready to serve once intake holds the seeded reference data (it reads it again when it finds none).
  let ready = await fetch(`http://127.0.0.1:${gatewayPort}/readyz`);
  for (const until = Date.now() + 30_000; ready.status !== 200 && Date.now() < until; ) {
    await new Promise((r) => setTimeout(r, 250));
    ready = await fetch(`http://127.0.0.1:${gatewayPort}/readyz`);
  }
  say(`all services ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (/readyz: ${ready.status})`);
  const lines = [
    `Web app       http://127.0.0.1:${gatewayPort}/  (demo users: README)`,
    `API           http://127.0.0.1:${gatewayPort}/api/v1  (health: /healthz, /readyz)`,
    stack.temporalUiUrl ? `Temporal UI   ${stack.temporalUiUrl}` : `Temporal      ${stack.env.TEMPORAL_ADDRESS}`,
    stack.mailboxUrl ? `Dev mailbox   ${stack.mailboxUrl}` : `SMTP          ${stack.env.SMTP_URL}`,
    `MongoDB       ${stack.env.MONGO_URL}`,
    `NATS          ${stack.env.NATS_URL}`,
    `Logs          ${path.relative(process.cwd(), logDir) || logDir}/`,
    `Sign in       POST /api/v1/auth/login {"login":"${process.env.ADMIN_LOGIN ?? secrets.ADMIN_LOGIN}","password":"${process.env.ADMIN_PASSWORD ?? secrets.ADMIN_PASSWORD}"} (demo users: docs/api.md)`,
    'Ctrl-C stops everything; data stays in .stack/data.',
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
    const spec = args.some((a) => a.endsWith('.ts') || a.includes('*')) ? [] : ['test/**/*.test.ts'];
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
      return up();
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

import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { freePort } from '../../infra/stack/process.ts';
import { seed } from '../../infra/seed/seed.ts';
import { connectMongo } from '../../platform/mongo.ts';
import { startIntake } from '../../services/intake/service.ts';
import { eventually, mongoUrlFor, testLogger, testStack } from '../support/stack.ts';

function runGateway(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/gateway/main.ts'], {
    env: { PATH: process.env.PATH, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

describe('a service process', function () {
  this.timeout(60_000);

  it('refuses to start on a bad environment, naming the variable, and exits non-zero', async () => {
    const s = testStack();
    const p = runGateway({ TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS, NATS_URL: s.NATS_URL, MONGO_URL: 'postgres://nope', PORT: '8080' });
    expect(await p.exited).to.equal(1);
    expect(p.output()).to.contain('MONGO_URL: must be a URL starting with mongodb://');
  });

  it('becomes ready on its port and stops gracefully on SIGTERM', async () => {
    const s = testStack();
    const port = await freePort();
    const MONGO_URL = mongoUrlFor('proc');
    // Ready to serve needs an intake holding the reference data a registration is judged on.
    const mongo = await connectMongo(MONGO_URL);
    await seed(mongo, { users: false });
    await mongo.close();
    const intake = await startIntake({ NODE_ENV: 'test', LOG_LEVEL: 'error', TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: 'default', MONGO_URL, NATS_URL: s.NATS_URL, CITY_PREFIX: 'PROC', REPEAT_WINDOW_DAYS: 30 }, testLogger);
    const p = runGateway({ ...process.env, TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS, NATS_URL: s.NATS_URL, MONGO_URL, PORT: String(port) });
    try {
      const body = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
        return res?.status === 200 ? ((await res.json()) as { status: string }) : undefined;
      }, 'the gateway to be ready', 30_000);
      expect(body.status).to.equal('ready');
      p.child.kill('SIGTERM');
      expect(await p.exited).to.equal(0);
      expect(p.output()).to.contain('stopped');
    } finally {
      p.child.kill('SIGKILL');
      await intake.stop();
    }
  });
});

/** The containers' health check (infra/healthcheck.ts) against the real NATS of the test stack. */
import type { NatsConnection } from '@nats-io/nats-core';
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { healthcheck } from '../../infra/healthcheck.ts';
import { connectNats } from '../../platform/nats.ts';
import { answerHealth } from '../../platform/service.ts';
import { testStack } from '../support/stack.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs the script the way the compose health check does; resolves with its exit code and output. */
function runScript(target: string, natsUrl: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'infra/healthcheck.ts', target], { cwd: root, env: { ...process.env, NATS_URL: natsUrl } }, (err, stdout) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout });
    });
  });
}

describe('the container health check (infra/healthcheck.ts)', function () {
  this.timeout(30_000);
  let nc: NatsConnection;
  let answering: { unsubscribe(): void };
  const service = `probe-${randomUUID().slice(0, 8)}`;

  before(async () => {
    nc = await connectNats(testStack().NATS_URL, 'healthcheck-test');
    answering = answerHealth(nc, service);
    await nc.flush();
  });
  after(async () => {
    answering.unsubscribe();
    await nc.close();
  });

  it('is healthy when the service answers cc.health.<service> on NATS', async () => {
    await healthcheck(service, { NATS_URL: testStack().NATS_URL });
  });

  it('is unhealthy when no process answers for the service', async () => {
    const err = await healthcheck(`${service}-absent`, { NATS_URL: testStack().NATS_URL }, 2000).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
  });

  it('is unhealthy, not hanging, when NATS cannot be reached', async () => {
    const started = Date.now();
    const err = await healthcheck(service, { NATS_URL: 'nats://127.0.0.1:1' }, 2000).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect(Date.now() - started).to.be.below(5000);
  });

  it('names NATS_URL when it is missing', async () => {
    const err = await healthcheck(service, {}).then(() => undefined, (e: unknown) => e);
    expect(String(err)).to.contain('NATS_URL');
  });

  it('is healthy on a 2xx from a URL and unhealthy on a 503', async () => {
    let status = 200;
    const server = http.createServer((_req, res) => {
      res.writeHead(status).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
    try {
      await healthcheck(url, {});
      status = 503;
      const err = await healthcheck(url, {}).then(() => undefined, (e: unknown) => e);
      expect(String(err)).to.contain('503');
    } finally {
      server.close();
    }
  });

  it('exits 0 when the service answers and 1 when it does not, as the compose health check reads it', async () => {
    const healthy = await runScript(service, testStack().NATS_URL);
    expect(healthy).to.deep.equal({ code: 0, out: `healthy: ${service}\n` });
    const unhealthy = await runScript(`${service}-absent`, testStack().NATS_URL);
    expect(unhealthy.code).to.equal(1);
    expect(unhealthy.out).to.match(new RegExp(`^unhealthy: ${service}-absent: `));
  });
});

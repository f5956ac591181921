/**
 * The production stores with authentication, as the processes reach them: NATS with the user of
 * infra/compose/nats/nats.conf (the real nats-server, its password from the environment), and
 * MongoDB's retryable writes, on against the replica set and off against FerretDB.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkNats } from '../../infra/healthcheck.ts';
import { binaries } from '../../infra/stack/paths.ts';
import { freePort, startProcess, tcpOpen, waitReady, type ManagedProcess } from '../../infra/stack/process.ts';
import { retryWritesOf } from '../../platform/mongo.ts';
import { natsServers } from '../../platform/nats-url.ts';
import { connectNats } from '../../platform/nats.ts';
import { healthSubject } from '../../contracts/wire.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('NATS with authentication (the compose configuration)', function () {
  this.timeout(60_000);
  const password = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  let server: ManagedProcess;
  let port: number;
  let dir: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nats-auth-'));
    port = await freePort();
    const conf = path.join(root, 'infra/compose/nats/nats.conf');
    server = startProcess('nats-server', binaries.natsServer, ['-c', conf, '-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], path.join(dir, 'nats.log'), { ...process.env, NATS_PASSWORD: password });
    await waitReady(server, () => tcpOpen('127.0.0.1', port));
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lets a process in with the user and password of its NATS_URL, and answers its health check', async () => {
    const url = `nats://contact-center:${password}@127.0.0.1:${port}`;
    const nc = await connectNats(url, 'auth-test');
    try {
      // The per-instance subject the health check asks (contracts/wire.ts healthSubject).
      const sub = nc.subscribe(healthSubject('auth-test', 'auth-test-1'), { callback: (_err, m) => void m.respond(JSON.stringify({ ok: true })) });
      await nc.flush();
      await checkNats(url, 'auth-test', 5000, 'auth-test-1');
      sub.unsubscribe();
    } finally {
      await nc.close();
    }
  });

  it('refuses a client without the password, or with a wrong one', async () => {
    for (const url of [`nats://127.0.0.1:${port}`, `nats://contact-center:wrong@127.0.0.1:${port}`]) {
      let refused: unknown;
      try {
        await checkNats(url, 'auth-test', 3000);
      } catch (err) {
        refused = err;
      }
      expect(refused, url).to.be.instanceOf(Error);
      expect(String(refused), url).to.match(/authoriz/i);
    }
  });

  it('splits the credentials off every server of a cluster URL', () => {
    expect(natsServers('nats://u:p%40ss@a:4222, nats://b:4222')).to.deep.equal({ servers: ['nats://a:4222', 'nats://b:4222'], user: 'u', pass: 'p@ss' });
    expect(natsServers('nats://a:4222')).to.deep.equal({ servers: ['nats://a:4222'] });
  });
});

describe('MongoDB retryable writes', () => {
  it('are on against the replica set of the compose file, off against FerretDB, and as the URL says when it says', () => {
    expect(retryWritesOf('mongodb://contact-center:pw@mongo:27017/contact_center?replicaSet=rs0&authSource=admin&retryWrites=true')).to.equal(true);
    expect(retryWritesOf('mongodb://mongo:27017/contact_center?replicaSet=rs0')).to.equal(true);
    expect(retryWritesOf('mongodb://127.0.0.1:27017/cc?directConnection=true&retryWrites=false')).to.equal(false);
    expect(retryWritesOf('mongodb://127.0.0.1:27017/cc')).to.equal(false);
  });
});

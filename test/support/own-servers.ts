/**
 * Servers of a test's own — FerretDB, nats-server and the Temporal dev server from the installed
 * stack binaries, on free ports and temporary data — that the test can stop gracefully or kill (an
 * outage, for real) and start again on the same port and data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { binaries } from '../../infra/stack/paths.ts';
import { freePort, startProcess, tcpOpen, waitReady, type ManagedProcess } from '../../infra/stack/process.ts';

export interface OwnServer {
  /** The URL clients connect with; the same across stop and start. */
  url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILL the server itself (a crash, no goodbye to its clients); start() brings it back on the same port and data. */
  kill(): Promise<void>;
}

/** The server process under the guard script: its child that runs `cmd` (Linux /proc). */
function serverPid(guardPid: number, cmd: string): number | undefined {
  let children: string[];
  try {
    children = fs.readFileSync(`/proc/${guardPid}/task/${guardPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  } catch {
    return undefined;
  }
  for (const child of children) {
    try {
      if (fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0')[0] === cmd) return Number(child);
    } catch {
      // gone already
    }
  }
  return undefined;
}

function own(name: string, cmd: string, args: (dir: string, port: number) => string[], url: (port: number) => string): Promise<OwnServer> {
  return (async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cc-${name}-`));
    let proc: ManagedProcess | undefined;
    return {
      url: url(port),
      async start() {
        if (proc) return;
        proc = startProcess(name, cmd, args(dir, port), path.join(dir, `${name}.log`));
        await waitReady(proc, () => tcpOpen('127.0.0.1', port));
      },
      async stop() {
        const p = proc;
        proc = undefined;
        await p?.stop();
      },
      async kill() {
        const p = proc;
        if (!p || p.child.exitCode !== null || p.child.signalCode !== null) {
          proc = undefined;
          return;
        }
        const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
        const pid = p.child.pid === undefined ? undefined : serverPid(p.child.pid, cmd);
        if (pid === undefined) throw new Error(`${name}: no server process under its guard`);
        proc = undefined;
        process.kill(pid, 'SIGKILL');
        // The guard exits once its server has.
        await exited;
      },
    };
  })();
}

/** A FerretDB of the test's own (SQLite under a temporary folder). */
export async function ownFerretDb(database: string): Promise<OwnServer> {
  const server = await own(
    'ferretdb',
    binaries.ferretdb,
    (dir, port) => ['--handler=sqlite', `--sqlite-url=file:${dir}/`, `--listen-addr=127.0.0.1:${port}`, '--state-dir=-', '--debug-addr=-', '--telemetry=disable', '--log-level=error'],
    (port) => `mongodb://127.0.0.1:${port}/${database}?directConnection=true&retryWrites=false`,
  );
  await server.start();
  return server;
}

/** A nats-server with JetStream of the test's own. */
export async function ownNats(): Promise<OwnServer> {
  const server = await own('nats', binaries.natsServer, (dir, port) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], (port) => `nats://127.0.0.1:${port}`);
  await server.start();
  return server;
}

/** A Temporal dev server of the test's own (SQLite file, so workflows survive a stop and start; no UI). */
export async function ownTemporal(): Promise<OwnServer & { address: string }> {
  const server = await own(
    'temporal',
    binaries.temporal,
    (dir, port) => ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--db-filename', path.join(dir, 'temporal.sqlite'), '--log-level', 'error'],
    (port) => `127.0.0.1:${port}`,
  );
  const ready = async (): Promise<void> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const conn = await Connection.connect({ address: server.url, connectTimeout: 1000 });
        try {
          await conn.workflowService.getSystemInfo({});
          return;
        } finally {
          await conn.close();
        }
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  await server.start();
  await ready();
  return {
    ...server,
    address: server.url,
    async start() {
      await server.start();
      await ready();
    },
  };
}

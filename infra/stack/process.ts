/** Starting a stack server under infra/guard.sh, waiting until it is ready, and stopping it cleanly. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { guardScript } from './paths.ts';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback (the OS picks it; the caller binds it soon after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function tailOf(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export function startProcess(name: string, cmd: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = process.env): ManagedProcess {
  const log = fs.openSync(logFile, 'a');
  // stdin stays a pipe that only we hold: the guard stops the server when it closes.
  const child = spawn(guardScript, [cmd, ...args], { stdio: ['pipe', log, log], env });
  fs.closeSync(log);
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  return {
    name,
    child,
    logFile,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
      if ((await Promise.race([exitPromise, timeout])) === 'timeout') {
        child.kill('SIGKILL');
        await exitPromise;
      }
    },
  };
}

/** Polls `check` until it resolves true, failing with the server's log tail if it exits or times out. */
export async function waitReady(proc: ManagedProcess, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${proc.name} exited during start-up; the end of ${proc.logFile}:\n${tailOf(proc.logFile)}`);
    }
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${proc.name} was not ready within ${timeoutMs / 1000} s; the end of ${proc.logFile}:\n${tailOf(proc.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether a process (or, with a negative pid, any process of that process group) is still there. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

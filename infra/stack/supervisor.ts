/**
 * The local stack's supervisor: every part `npm run up` starts (the servers and each replica of each
 * service) runs under it. A part that exits when nobody asked it to is started again on the same
 * command, port and data after a backoff (1 s, doubling to 30 s; back to 1 s once the part has run
 * for a minute), and the exit and the restart are said with the exit code. A part that keeps failing
 * (5 exits within a minute by default) is given up on: the supervisor says which part and shows the
 * end of its log, and `failed` resolves so that the caller stops everything.
 *
 * Each part runs under infra/guard.sh, which stops it when the supervisor dies in any way and writes
 * the part's own pid to `<runDir>/<part>.pid` (what a signal to "the worker" must reach). The parts'
 * state is kept in `<runDir>/parts.json` for tools that watch the stack (`npm run chaos`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { guardScript } from './paths.ts';
import type { ManagedProcess } from './process.ts';

export type Say = (line: string) => void;

export interface PartSpec {
  /** Unique among the parts: `FerretDB`, `gateway-2`. */
  name: string;
  kind: 'server' | 'service';
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
}

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A part that has run this long is healthy again: its next restart waits `initialDelayMs`. */
  stableAfterMs: number;
  /** `failures` unexpected exits within `windowMs` and the part is given up on. */
  failures: number;
  windowMs: number;
}

export const DEFAULT_POLICY: RestartPolicy = { initialDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 60_000, failures: 5, windowMs: 60_000 };

/** The wait before the next start, given the one before it and how long the part last ran. */
export function nextDelay(policy: RestartPolicy, previousMs: number | undefined, ranMs: number): number {
  if (previousMs === undefined || ranMs >= policy.stableAfterMs) return policy.initialDelayMs;
  return Math.min(previousMs * 2, policy.maxDelayMs);
}

/** Whether the exits so far (instants, newest last) mean the part keeps failing. */
export function keepsFailing(policy: RestartPolicy, exits: number[], now: number): boolean {
  return exits.filter((t) => now - t <= policy.windowMs).length >= policy.failures;
}

export interface PartState {
  name: string;
  kind: 'server' | 'service';
  state: 'running' | 'waiting' | 'stopped' | 'failed';
  /** The guard's pid (the process the supervisor started). */
  guardPid?: number;
  pidFile: string;
  restarts: number;
  startedAt?: string;
  lastExit?: { code: number | null; signal: string | null; at: string };
  logFile: string;
}

export interface GiveUp {
  part: string;
  exit: { code: number | null; signal: string | null };
  logFile: string;
  tail: string;
}

function tailOf(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

const describeExit = (code: number | null, signal: string | null): string => (signal ? `signal ${signal}` : `exit code ${code}`);

export class SupervisedPart implements ManagedProcess {
  private current!: ChildProcess;
  private exitedP!: Promise<void>;
  private delay: number | undefined;
  private readonly exits: number[] = [];
  private restartTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  readonly st: PartState;

  constructor(
    readonly spec: PartSpec,
    private readonly sup: Supervisor,
  ) {
    this.st = { name: spec.name, kind: spec.kind, state: 'running', pidFile: path.join(sup.runDir, `${spec.name}.pid`), restarts: 0, logFile: spec.logFile };
    this.launch();
  }

  get name(): string {
    return this.spec.name;
  }
  get logFile(): string {
    return this.spec.logFile;
  }
  /** The process running now (a new one after each restart). */
  get child(): ChildProcess {
    return this.current;
  }

  private launch(): void {
    const log = fs.openSync(this.spec.logFile, 'a');
    fs.rmSync(this.st.pidFile, { force: true });
    // stdin stays a pipe that only the supervisor holds: the guard stops the part when it closes.
    const child = spawn(guardScript, [this.spec.cmd, ...this.spec.args], {
      cwd: this.spec.cwd,
      stdio: ['pipe', log, log],
      env: { ...(this.spec.env ?? process.env), GUARD_PID_FILE: this.st.pidFile },
    });
    fs.closeSync(log);
    const startedAt = Date.now();
    this.current = child;
    this.st.state = 'running';
    this.st.guardPid = child.pid;
    this.st.startedAt = new Date(startedAt).toISOString();
    this.exitedP = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        this.onExit(code, signal, Date.now() - startedAt);
      });
    });
    this.sup.changed();
  }

  private onExit(code: number | null, signal: string | null, ranMs: number): void {
    this.st.lastExit = { code, signal, at: new Date().toISOString() };
    if (this.stopped || this.sup.stopping) {
      this.st.state = 'stopped';
      this.sup.changed();
      return;
    }
    const now = Date.now();
    this.exits.push(now);
    const how = describeExit(code, signal);
    if (keepsFailing(this.sup.policy, this.exits, now)) {
      this.st.state = 'failed';
      this.sup.changed();
      const n = this.exits.filter((t) => now - t <= this.sup.policy.windowMs).length;
      this.sup.say(`${this.name} exited (${how}) ${n} times within ${this.sup.policy.windowMs / 1000} s; giving up on it`);
      this.sup.gaveUp({ part: this.name, exit: { code, signal }, logFile: this.logFile, tail: tailOf(this.logFile, 20) });
      return;
    }
    this.delay = nextDelay(this.sup.policy, this.delay, ranMs);
    this.st.state = 'waiting';
    this.sup.changed();
    this.sup.say(`${this.name} exited unexpectedly (${how}) after ${(ranMs / 1000).toFixed(1)} s; starting it again in ${(this.delay / 1000).toFixed(0)} s`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      // A stop that came meanwhile (Ctrl-C reaches every part at once) wins over the restart.
      if (this.stopped || this.sup.stopping) {
        this.st.state = 'stopped';
        this.sup.changed();
        return;
      }
      this.st.restarts += 1;
      this.launch();
      this.sup.say(`${this.name} started again (restart ${this.st.restarts}, pid ${this.current.pid})`);
    }, this.delay);
  }

  /** Stops the part for good: SIGTERM (the guard passes it on), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.current;
    if (child.exitCode !== null || child.signalCode !== null) {
      this.st.state = 'stopped';
      this.sup.changed();
      return;
    }
    child.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000).unref());
    if ((await Promise.race([this.exitedP, timeout])) === 'timeout') {
      child.kill('SIGKILL');
      await this.exitedP;
    }
  }
}

export class Supervisor {
  readonly parts: SupervisedPart[] = [];
  stopping = false;
  readonly policy: RestartPolicy;
  /** Resolves when a part keeps failing and was given up on. */
  readonly failed: Promise<GiveUp>;
  private resolveFailed!: (g: GiveUp) => void;
  private readonly stateFile: string;

  constructor(
    readonly runDir: string,
    readonly say: Say,
    policy: Partial<RestartPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_POLICY, ...policy };
    fs.mkdirSync(runDir, { recursive: true });
    this.stateFile = path.join(runDir, 'parts.json');
    this.failed = new Promise<GiveUp>((resolve) => {
      this.resolveFailed = resolve;
    });
  }

  add(spec: PartSpec): SupervisedPart {
    if (this.parts.some((p) => p.name === spec.name)) throw new Error(`a part named ${spec.name} is supervised already`);
    const part = new SupervisedPart(spec, this);
    this.parts.push(part);
    return part;
  }

  /** @internal */
  gaveUp(g: GiveUp): void {
    this.resolveFailed(g);
  }

  /** @internal Writes the parts' state for watchers (atomically: a reader never sees half a file). */
  changed(): void {
    const tmp = `${this.stateFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ supervisorPid: process.pid, stopping: this.stopping, parts: this.parts.map((p) => p.st) }, null, 2));
    fs.renameSync(tmp, this.stateFile);
  }

  /** Stops the services first (they drain into the servers), then the servers. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    this.changed();
    await Promise.all(this.parts.filter((p) => p.spec.kind === 'service').map((p) => p.stop()));
    await Promise.all(this.parts.filter((p) => p.spec.kind === 'server').map((p) => p.stop()));
    this.changed();
  }
}

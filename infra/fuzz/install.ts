/**
 * Installs Schemathesis into the stack's virtualenv (.stack/venv), idempotently: the pinned,
 * hash-locked wheels of infra/fuzz/requirements.txt with `pip install --require-hashes`, and a stamp
 * of its own beside the stack's, so a change of either requirements file reinstalls only what it
 * names. A venv the stack recreates (its own requirements changed) loses the stamp, and the next
 * fuzz run installs again.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, venvDir } from '../stack/paths.ts';

export const fuzzRequirementsFile = path.join(repoRoot, 'infra', 'fuzz', 'requirements.txt');
export const SCHEMATHESIS_VERSION = '4.32.5';
export const schemathesisBin = path.join(venvDir, 'bin', 'schemathesis');
const stamp = path.join(venvDir, '.fuzz-requirements.sha256');

const digest = (): string => crypto.createHash('sha256').update(fs.readFileSync(fuzzRequirementsFile)).digest('hex');

function run(cmd: string, args: string[]): void {
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000 });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${res.stderr || res.stdout}`);
}

/** Whether the venv holds the Schemathesis of the pinned wheels. */
export function schemathesisInstalled(): boolean {
  return fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === digest() && fs.existsSync(schemathesisBin);
}

/** Installs Schemathesis unless the venv has it already; says what it does and how long it took. */
export function ensureSchemathesis(say: (line: string) => void): string {
  if (schemathesisInstalled()) return schemathesisBin;
  const python = process.env.PYTHON || 'python3';
  const where = path.relative(process.cwd(), venvDir) || venvDir;
  say(`Installing Schemathesis ${SCHEMATHESIS_VERSION} into ${where} …`);
  const t0 = Date.now();
  // The stack's own install creates the venv; a fuzz run before any stack start creates it here.
  if (!fs.existsSync(path.join(venvDir, 'bin', 'pip'))) run(python, ['-m', 'venv', venvDir]);
  const version = spawnSync(path.join(venvDir, 'bin', 'python'), ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim();
  if (!['3.11', '3.12', '3.13'].includes(version)) {
    throw new Error(`Schemathesis ${SCHEMATHESIS_VERSION} is pinned for Python 3.11, 3.12 and 3.13 (infra/fuzz/requirements.txt), and ${where} has Python ${version || 'unknown'}: set PYTHON to one of those and remove ${where}`);
  }
  const want = digest();
  run(path.join(venvDir, 'bin', 'pip'), ['install', '--disable-pip-version-check', '--quiet', '--only-binary=:all:', '--require-hashes', '-r', fuzzRequirementsFile]);
  fs.writeFileSync(stamp, want);
  say(`Installing Schemathesis ${SCHEMATHESIS_VERSION} into ${where}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return schemathesisBin;
}

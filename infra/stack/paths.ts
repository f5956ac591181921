/** Where the local stack keeps its binaries, data and logs: a git-ignored `.stack/` at the repo root. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const stackDir = process.env.STACK_DIR ?? path.join(repoRoot, '.stack');
export const venvDir = path.join(stackDir, 'venv');
export const binDir = path.join(stackDir, 'bin');

export const versions = {
  temporalCli: '1.9.1',
  temporalTestServer: '1.40.0',
  natsServer: '2.15.1',
  ferretdb: 'v1.24.2',
} as const;

export const binaries = {
  temporal: path.join(venvDir, 'bin', 'temporal'),
  temporalTestServer: path.join(venvDir, 'bin', 'temporal-test-server'),
  natsServer: path.join(venvDir, 'bin', 'nats-server'),
  // `-idfix`: built with install.ts FERRETDB_SQLITE_ID_FIX (a binary built before it is not reused).
  ferretdb: path.join(binDir, `ferretdb-${versions.ferretdb}-idfix`),
} as const;

export const guardScript = path.join(repoRoot, 'infra', 'guard.sh');
export const requirementsFile = path.join(repoRoot, 'infra', 'requirements.txt');

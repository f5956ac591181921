/**
 * `npm run fuzz`: the Schemathesis test of `npm test` (test/security/fuzz.test.ts) for longer, on a
 * throw-away stack of its own started as `npm test` starts one (infra/cli.ts test), with every phase
 * (examples, coverage, fuzzing, stateful) and a time budget instead of a case count.
 *   npm run fuzz [-- --seconds 600] [--sessions anonymous,admin] [--seed 1520]
 * --seconds is the whole budget, shared equally by the sessions (anonymous, stale token, each role).
 * Reports (JSON, the terminal output with a curl line per finding) are kept in .stack/fuzz/.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../stack/paths.ts';

const SESSION_COUNT = 9;

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    seconds: { type: 'string', default: '600' },
    sessions: { type: 'string' },
    seed: { type: 'string' },
  },
  strict: true,
});
const total = Number(values.seconds);
if (!Number.isInteger(total) || total < 10) throw new Error(`--seconds: a whole number of seconds from 10, got "${values.seconds}"`);
if (values.seed !== undefined && !/^\d+$/.test(values.seed)) throw new Error(`--seed: a whole number, got "${values.seed}"`);
const sessions = values.sessions?.split(',').filter(Boolean);
const perSession = Math.max(5, Math.floor(total / (sessions?.length ?? SESSION_COUNT)));
process.stdout.write(`[fuzz] ${total} s in all, ${perSession} s per session${sessions ? ` (${sessions.join(', ')})` : ''}\n`);

const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'infra', 'cli.ts'), 'test', 'test/security/fuzz.test.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: {
    ...process.env,
    FUZZ_SECONDS: String(perSession),
    ...(sessions ? { FUZZ_SESSIONS: sessions.join(',') } : {}),
    ...(values.seed ? { FUZZ_SEED: values.seed } : {}),
  },
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
child.once('exit', (code, sig) => process.exit(code ?? (sig ? 1 : 0)));

/**
 * `npm run chaos [-- --replicas 2 --concurrency 4 --warmup 20 --spacing 25 --parts worker,gateway,…]`:
 * SIGKILL of every part of a loaded `npm run up -- --replicas N` in turn, then the checks and the
 * figures (infra/chaos/chaos.ts says what is checked). Exits non-zero when anything was lost,
 * duplicated, left in a wrong state, sent twice, miscounted or did not heal by itself.
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { z } from 'zod';
import { ALL_PARTS, formatReport, runChaos } from './chaos.ts';

const { values } = parseArgs({
  options: {
    replicas: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '20' },
    spacing: { type: 'string', default: '25' },
    'heal-timeout': { type: 'string', default: '120' },
    parts: { type: 'string', default: ALL_PARTS.join(',') },
    json: { type: 'string' },
  },
});
const opts = z
  .object({
    replicas: z.coerce.number().int().min(1).max(4),
    concurrency: z.coerce.number().int().min(1).max(64),
    warmup: z.coerce.number().min(0),
    spacing: z.coerce.number().min(0),
    'heal-timeout': z.coerce.number().min(5),
    parts: z.string().transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean)).pipe(z.array(z.enum(ALL_PARTS as [string, ...string[]])).min(1)),
    json: z.string().optional(),
  })
  .parse(values);

const say = (line: string): void => {
  process.stdout.write(`[chaos] ${line}\n`);
};
const t0 = Date.now();
const report = await runChaos({
  replicas: opts.replicas,
  concurrency: opts.concurrency,
  warmupMs: opts.warmup * 1000,
  spacingMs: opts.spacing * 1000,
  healTimeoutMs: opts['heal-timeout'] * 1000,
  parts: opts.parts,
  say,
});
process.stdout.write(`\n${formatReport(report)}\n\nlogs and data: ${report.home}\ntook ${((Date.now() - t0) / 60_000).toFixed(1)} min\n`);
if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(report, null, 2));
const ok = report.lost === 0 && report.duplicated === 0 && report.wrongState === 0 && report.emails.duplicated === 0 && report.emails.missing === 0 && report.counters.mismatched === 0 && report.healedAll && report.stoppedCleanly;
if (ok) fs.rmSync(report.home, { recursive: true, force: true });
process.exit(ok ? 0 : 1);

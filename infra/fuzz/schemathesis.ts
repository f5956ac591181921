/**
 * One Schemathesis run against a served OpenAPI document: the CLI in the stack's venv, signed in
 * with a bearer token, limited to the operations given, with the checks of the security issue ("no
 * 5xx, status codes, bodies and content types as documented"). The run is deterministic for a given
 * seed and server (one worker, no example database carried between runs) and cannot hang: every
 * request has a timeout, and the whole process group is killed past its deadline.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { schemathesisBin } from './install.ts';

/** What the security issue asks of every answer. */
export const FUZZ_CHECKS = ['not_a_server_error', 'status_code_conformance', 'response_schema_conformance', 'content_type_conformance'] as const;

export interface FuzzRunOptions {
  /** The served document, e.g. http://127.0.0.1:PORT/api/v1/openapi.json (its servers entry gives the base path). */
  schemaUrl: string;
  /** Sent as `Authorization: Bearer <token>` on every call; none for an anonymous run. */
  token?: string;
  /** The operationIds to test; the document's others are left out. */
  operationIds: readonly string[];
  /** Parameters held fixed, by operationId: `{ 'users.update': { 'path.id': '…' } }`. */
  pinned?: Record<string, Record<string, string>>;
  /** A fixed seed: the same cases on the same server every run. */
  seed: number;
  /** Cases per operation and phase (Hypothesis' max_examples). */
  maxExamples: number;
  /** A time budget for the whole run (fuzzing repeats until it is spent); none for a run bounded by maxExamples only. */
  maxTimeSeconds?: number;
  /** Schemathesis' phases; `stateful` follows links between operations. */
  phases: readonly ('examples' | 'coverage' | 'fuzzing' | 'stateful')[];
  /** The process group is killed past this (a hung server or Schemathesis itself). */
  deadlineMs: number;
  /** Per request. */
  requestTimeoutSeconds?: number;
  /** Where the JSON report (and the terminal output) are written. */
  reportDir: string;
  /** A name for the report files (a role). */
  name: string;
}

export interface FuzzFailure {
  /** Schemathesis' failure title, e.g. "Server error" or "Undocumented HTTP status code". */
  title: string;
  code?: string;
  count: number;
  operations: string[];
}

export interface FuzzResult {
  name: string;
  operationIds: readonly string[];
  /** Operations selected by the filters, and those tested (with at least one case). */
  operations: { selected: number; tested: number; errored: number; skipped: number };
  /** Test cases generated and sent. */
  cases: number;
  /** Cases that failed a check, and the distinct failures among them. */
  casesWithFailures: number;
  failures: FuzzFailure[];
  /** Errors of the run itself (a network error, an invalid schema), not of a check. */
  errors: Array<{ title: string; count: number }>;
  exitCode: number | null;
  timedOut: boolean;
  seconds: number;
  /** Schemathesis' terminal output: the findings with a curl line to reproduce each. */
  output: string;
}

interface JsonReport {
  operations: { selected: number; tested: number; errored: number; skipped: number } | null;
  test_cases: { generated: number; with_failures: number; unique_failures: number };
  failures: Array<{ title: string; code?: string; count: number; operations: string[] }>;
  errors: Array<{ title: string; count: number }>;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Schemathesis' configuration file (TOML) holding the pinned parameters. */
export function configToml(pinned: Record<string, Record<string, string>>): string {
  return Object.entries(pinned)
    .map(([id, params]) => `[[operations]]\ninclude-operation-id = ${JSON.stringify(id)}\nparameters = { ${Object.entries(params).map(([k, v]) => `${JSON.stringify(k)} = ${JSON.stringify(v)}`).join(', ')} }\n`)
    .join('\n');
}

/** The CLI's arguments for a run. */
export function schemathesisArgs(o: FuzzRunOptions, jsonReport: string, configFile: string): string[] {
  return [
    '--config-file',
    configFile,
    'run',
    o.schemaUrl,
    '--checks',
    FUZZ_CHECKS.join(','),
    '--phases',
    o.phases.join(','),
    '--include-operation-id-regex',
    `^(${o.operationIds.map(escapeRegex).join('|')})$`,
    '--max-examples',
    String(o.maxExamples),
    ...(o.maxTimeSeconds ? ['--max-time', String(o.maxTimeSeconds)] : []),
    '--seed',
    String(o.seed),
    // Cases in one order on one connection: the server's state, and so its answers, repeat.
    '--workers',
    '1',
    // No database of earlier failures replayed first: a run depends on its seed alone.
    '--generation-database',
    'none',
    '--request-timeout',
    String(o.requestTimeoutSeconds ?? 20),
    '--request-retries',
    '0',
    ...(o.token ? ['--header', `Authorization: Bearer ${o.token}`] : []),
    '--report',
    'json',
    '--report-json-path',
    jsonReport,
    '--no-color',
    '--output-truncate',
    'true',
  ];
}

/** Runs Schemathesis once; resolves when it ends or is killed past its deadline. */
export async function runSchemathesis(o: FuzzRunOptions): Promise<FuzzResult> {
  fs.mkdirSync(o.reportDir, { recursive: true });
  const jsonReport = path.join(o.reportDir, `${o.name}.json`);
  const outputFile = path.join(o.reportDir, `${o.name}.txt`);
  const configFile = path.join(o.reportDir, `${o.name}.toml`);
  fs.writeFileSync(configFile, configToml(o.pinned ?? {}));
  fs.rmSync(jsonReport, { force: true });
  const t0 = Date.now();
  // Its own process group, so a kill past the deadline takes its children too.
  const child = spawn(schemathesisBin, schemathesisArgs(o, jsonReport, configFile), {
    detached: true,
    // Its crash files (.schemathesis/) go beside the report, not into the working tree.
    cwd: o.reportDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false', COLUMNS: '160' },
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => chunks.push(c));
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, o.deadlineMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  }).finally(() => clearTimeout(killer));
  const output = Buffer.concat(chunks).toString('utf8');
  fs.writeFileSync(outputFile, output);
  const seconds = (Date.now() - t0) / 1000;
  const report = fs.existsSync(jsonReport) ? (JSON.parse(fs.readFileSync(jsonReport, 'utf8')) as JsonReport) : undefined;
  return {
    name: o.name,
    operationIds: o.operationIds,
    operations: report?.operations ?? { selected: 0, tested: 0, errored: 0, skipped: 0 },
    cases: report?.test_cases.generated ?? 0,
    casesWithFailures: report?.test_cases.with_failures ?? 0,
    failures: (report?.failures ?? []).map((f) => ({ title: f.title, ...(f.code ? { code: f.code } : {}), count: f.count, operations: f.operations })),
    errors: report ? report.errors : [{ title: timedOut ? `killed after ${o.deadlineMs / 1000} s` : `no report (exit ${exitCode})`, count: 1 }],
    exitCode,
    timedOut,
    seconds,
    output,
  };
}

/** A run found nothing: no failed check, no error of its own, and it ended by itself. */
export const clean = (r: FuzzResult): boolean => r.failures.length === 0 && r.errors.length === 0 && !r.timedOut && r.exitCode === 0;

/** What a run found, one line each: failed checks with their operations, errors of the run, a kill or an exit code past them. */
export function findings(r: FuzzResult): string[] {
  const lines = [
    ...r.failures.map((f) => `${f.code ? `${f.code} ` : ''}${f.title} (${f.count}): ${f.operations.join(', ')}`),
    ...r.errors.map((e) => `error: ${e.title} (${e.count})`),
    ...(r.timedOut ? ['killed at its deadline'] : []),
  ];
  if (lines.length === 0 && r.exitCode !== 0) lines.push(`Schemathesis exited with ${r.exitCode}`);
  return lines;
}

/** One line of figures for a run. */
export const figures = (r: FuzzResult): string =>
  `${r.name}: ${r.operations.tested}/${r.operations.selected} operations, ${r.cases} cases, ${r.casesWithFailures} failing cases, ${r.failures.length} distinct failures, ${r.errors.length} errors, ${r.seconds.toFixed(1)} s`;

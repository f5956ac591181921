/**
 * Chaos, proven: `npm run up -- --replicas N` on a stack of its own (temporary data, free ports),
 * a steady load of registrations and lifecycle actions from clients that behave as real ones do
 * (infra/api-client.ts: an Idempotency-Key on each call, retried with it on a network error, a 5xx
 * or a 429), and SIGKILL of each part in turn: a service's replica while the other keeps serving,
 * then each server. Afterwards it checks what must hold:
 *   - every registration that got its answer exists exactly once, in the status its last answered
 *     action left it in;
 *   - every email went out exactly once (no two identical messages; each request's new-request email
 *     to its executor arrived);
 *   - the reporting counters equal a recount from the event stream;
 *   - every part healed by itself (started again by the supervisor, answering again), and the
 *     system served again, without help.
 * `npm run chaos` prints the figures (infra/chaos/main.ts); test/infra/chaos.test.ts runs a short one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { healthSubject } from '../../contracts/wire.ts';
import { collectionName, REPORT_COLLECTIONS } from '../../data/reports.schema.ts';
import { ReportsRepository } from '../../data/reports.repository.ts';
import { createLogger } from '../../platform/logger.ts';
import { connectNats } from '../../platform/nats.ts';
import { rebuildFromStream } from '../../services/reporting/rebuild.ts';
import { SERVICE_NAMES } from '../../services/index.ts';
import { ApiClient, ApiGaveUp } from '../api-client.ts';
import { repoRoot } from '../stack/paths.ts';
import { freePort, processAlive, tcpOpen } from '../stack/process.ts';
import { mongoReady, natsReady, temporalReady } from '../stack/stack.ts';
import type { PartState } from '../stack/supervisor.ts';

export const SERVICE_PARTS = ['worker', 'intake', 'notification', 'gateway', 'reporting', 'repair-works', 'consultations'] as const;
export const SERVER_PARTS = ['ferretdb', 'nats', 'temporal'] as const;
export const ALL_PARTS = [...SERVICE_PARTS, ...SERVER_PARTS] as string[];

export interface ChaosOptions {
  replicas: number;
  /** Load before the first kill. */
  warmupMs: number;
  /** Load between one part's healing and the next kill. */
  spacingMs: number;
  /** Clients in flight at once. */
  concurrency: number;
  /** The parts to kill, in order. */
  parts: string[];
  /** How long a part may take to heal before it counts as not healed. */
  healTimeoutMs: number;
  say: (line: string) => void;
  /** Keep the stack's logs and data here (a temporary folder by default, removed when all is well). */
  home?: string;
}

export interface KillFigure {
  part: string;
  target: string;
  /** Seconds from the kill until the part answered again, and the whole system served again. */
  partHealedS?: number;
  systemHealedS?: number;
  healed: boolean;
  /** Parts other than the target that the supervisor had to start again meanwhile. */
  othersRestarted: string[];
}

export interface ChaosReport {
  kills: KillFigure[];
  registrations: { answered: number; gaveUp: number };
  actions: { answered: number; refused: number; gaveUp: number };
  lost: number;
  duplicated: number;
  wrongState: number;
  unanswered: number;
  emails: { total: number; duplicated: number; missing: number };
  counters: { periods: number; mismatched: number };
  client: { network: number; server: number; limited: number };
  healedAll: boolean;
  stoppedCleanly: boolean;
  problems: string[];
  home: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(timeoutMs: number, fn: () => Promise<T | undefined>, everyMs = 250): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) return undefined;
    await sleep(everyMs);
  }
}

/** Two adjacent free ports (the gateways' PORT and PORT+1, …). */
async function freeRun(n: number): Promise<number> {
  for (;;) {
    const p = await freePort();
    if (p + n > 65535) continue;
    let ok = true;
    for (let i = 1; i < n; i++) if (await tcpOpen('127.0.0.1', p + i)) ok = false;
    if (ok) return p;
  }
}

interface Tracked {
  tag: string;
  number?: string;
  /** The status in the last answered action's answer. */
  expected?: string;
  executorId?: string;
}

const EXTERNAL = ['TEMPORAL_ADDRESS', 'MONGO_URL', 'NATS_URL', 'SMTP_URL', 'MAILBOX_URL', 'PORT', 'INSTANCE_ID', 'STACK_REPLICAS'];

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const home = o.home ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cc-chaos-'));
  const ports = {
    TEMPORAL_PORT: await freePort(),
    TEMPORAL_UI_PORT: await freePort(),
    FERRETDB_PORT: await freePort(),
    NATS_PORT: await freePort(),
    SMTP_PORT: await freePort(),
    MAILBOX_PORT: await freePort(),
    PORT: await freeRun(o.replicas),
  };
  const gateways = Array.from({ length: o.replicas }, (_, i) => `http://127.0.0.1:${ports.PORT + i}`);
  const mailbox = `http://127.0.0.1:${ports.MAILBOX_PORT}`;
  const mongoUrl = `mongodb://127.0.0.1:${ports.FERRETDB_PORT}/contact_center?directConnection=true&retryWrites=false`;
  const natsUrl = `nats://127.0.0.1:${ports.NATS_PORT}`;
  const temporalAddress = `127.0.0.1:${ports.TEMPORAL_PORT}`;
  const problems: string[] = [];

  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of EXTERNAL) delete env[k];
  Object.assign(env, Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), { STACK_HOME: home, NODE_ENV: 'development', LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'info' });
  const outFile = path.join(home, 'up.out');
  fs.mkdirSync(home, { recursive: true });
  const out = fs.openSync(outFile, 'w');
  o.say(`starting npm run up -- --replicas ${o.replicas} (home ${home}, gateways ${gateways.join(', ')})`);
  const up: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'infra', 'cli.ts'), 'up', '--replicas', String(o.replicas)], { cwd: repoRoot, env, detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let upExit: number | null | undefined;
  const upExited = new Promise<void>((r) =>
    up.once('exit', (code) => {
      upExit = code;
      r();
    }),
  );
  const upAlive = (): boolean => upExit === undefined;
  const killGroup = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-up.pid!, sig);
    } catch {
      // gone already
    }
  };
  // Should anything below throw, the stack goes when this process ends, not left running for good.
  const reap = (): void => {
    if (upAlive()) killGroup('SIGKILL');
  };
  process.once('exit', reap);
  const partsFile = path.join(home, 'run', 'parts.json');
  const readParts = (): PartState[] => (JSON.parse(fs.readFileSync(partsFile, 'utf8')) as { parts: PartState[] }).parts;

  const t0 = Date.now();
  const started = await until(15 * 60_000, async () => {
    if (!upAlive()) throw new Error('exited');
    return fs.readFileSync(outFile, 'utf8').includes('all services ready') ? true : undefined;
  }, 500);
  if (!started) {
    killGroup('SIGKILL');
    throw new Error(`npm run up did not become ready; the end of ${outFile}:\n${fs.readFileSync(outFile, 'utf8').split('\n').slice(-30).join('\n')}`);
  }
  o.say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s with ${readParts().length} parts`);

  const nc = await connectNats(natsUrl, 'chaos');
  const api = new ApiClient({ bases: gateways, deadlineMs: 180_000, attemptTimeoutMs: 30_000 });
  const operator = await api.login('operator', 'operator-1520');
  const executor = await api.login('executor', 'executor-1520');

  // ---- the load ----
  const tracked: Tracked[] = [];
  const counts = { regAnswered: 0, regGaveUp: 0, actAnswered: 0, actRefused: 0, actGaveUp: 0 };
  const clientErrs = { network: 0, server: 0, limited: 0 };
  const addErrs = (r: { retried: typeof clientErrs }): void => {
    clientErrs.network += r.retried.network;
    clientErrs.server += r.retried.server;
    clientErrs.limited += r.retried.limited;
  };
  let loadOn = true;
  const proposal = { result: 'Відновлено тиск: замінено регулятор', unit: 'Аварійна служба', enterprise: 'КП «Кривбасводоканал»', executorSurname: 'Коваленко', executorPhone: '+380671000101', applicantInformedVia: 'mobile' };
  const steps: { path: string; body: () => object }[] = [
    { path: 'acceptance', body: () => ({}) },
    { path: 'comments', body: () => ({ text: 'Бригаду направлено' }) },
    { path: 'closure-proposal', body: () => ({ ...proposal, date: DateTime.now().setZone('Europe/Kyiv').toISODate()! }) },
  ];
  const client = async (): Promise<void> => {
    while (loadOn) {
      const t: Tracked = { tag: `chaos:${randomUUID()}` };
      tracked.push(t);
      try {
        const phone = `067 ${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
        const reg = await api.call<{ number?: string; status?: string; executorId?: string }>('POST', '/api/v1/requests', {
          token: operator,
          body: { applicant: { name: 'Марія Іваненко', phone }, address: { district: 'Саксаганський', street: 'вул. Героїв АТО', building: '12' }, categoryCode: 'WATER-02', description: `Слабкий тиск води (${t.tag})` },
        });
        addErrs(reg);
        if (reg.status !== 201 || !reg.body.number) {
          problems.push(`registration answered ${reg.status}: ${JSON.stringify(reg.body).slice(0, 200)}`);
          continue;
        }
        counts.regAnswered++;
        t.number = reg.body.number;
        t.expected = reg.body.status;
        t.executorId = reg.body.executorId;
      } catch (err) {
        if (!(err instanceof ApiGaveUp)) throw err;
        counts.regGaveUp++;
        continue;
      }
      for (const step of steps) {
        if (!loadOn) break;
        try {
          const res = await api.call<{ status?: string }>('POST', `/api/v1/requests/${t.number}/${step.path}`, { token: executor, body: step.body() });
          addErrs(res);
          if (res.status === 200 && res.body.status) {
            counts.actAnswered++;
            t.expected = res.body.status;
          } else {
            counts.actRefused++;
            problems.push(`${step.path} on ${t.number} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
            break;
          }
        } catch (err) {
          if (!(err instanceof ApiGaveUp)) throw err;
          counts.actGaveUp++;
          break;
        }
      }
    }
  };
  const clients = Array.from({ length: o.concurrency }, () => client());

  // ---- the kills ----
  const healthy = async (service: string, instance: string): Promise<boolean> => {
    if (service === 'gateway') {
      const i = Number(instance.split('-').pop()) - 1;
      return (await fetch(`${gateways[i]}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200;
    }
    const reply = await nc.request(healthSubject(service, instance), '', { timeout: 1000 });
    return reply.json<{ ok: boolean }>().ok === true;
  };
  const serverUp = (server: string): Promise<boolean> => (server === 'ferretdb' ? mongoReady(mongoUrl) : server === 'temporal' ? temporalReady(temporalAddress) : natsReady(natsUrl));
  const instances = SERVICE_NAMES.flatMap((s) => Array.from({ length: o.replicas }, (_, i) => ({ service: s, instance: `${s}-${i + 1}` })));
  const systemServes = async (): Promise<boolean> => {
    for (const i of instances) if (!(await healthy(i.service, i.instance).catch(() => false))) return false;
    return true;
  };

  const kills: KillFigure[] = [];
  await sleep(o.warmupMs);
  for (const [n, part] of o.parts.entries()) {
    if (!upAlive()) break;
    const isService = (SERVICE_PARTS as readonly string[]).includes(part);
    // A service's replicas take turns: the other keeps serving meanwhile.
    const instance = isService ? `${part}-${(n % o.replicas) + 1}` : part;
    const target = isService && o.replicas > 1 ? instance : part;
    const before = new Map(readParts().map((p) => [p.name, p.restarts]));
    const pidFile = path.join(home, 'run', `${target}.pid`);
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    const tk = Date.now();
    process.kill(pid, 'SIGKILL');
    o.say(`SIGKILL ${target} (pid ${pid})`);
    const fig: KillFigure = { part, target, healed: false, othersRestarted: [] };
    const partBack = await until(o.healTimeoutMs, async () => {
      const st = readParts().find((p) => p.name === target);
      if (!st || st.restarts <= (before.get(target) ?? 0) || st.state !== 'running') return undefined;
      return (isService ? await healthy(part, instance) : await serverUp(part)) ? true : undefined;
    });
    if (partBack) fig.partHealedS = (Date.now() - tk) / 1000;
    const sysBack = partBack && (await until(o.healTimeoutMs, async () => ((await systemServes()) ? true : undefined)));
    if (sysBack) fig.systemHealedS = (Date.now() - tk) / 1000;
    fig.healed = Boolean(partBack && sysBack);
    fig.othersRestarted = readParts()
      .filter((p) => p.name !== target && p.restarts > (before.get(p.name) ?? 0))
      .map((p) => p.name);
    kills.push(fig);
    o.say(`${target}: ${fig.healed ? `healed (part ${fig.partHealedS!.toFixed(1)} s, system ${fig.systemHealedS!.toFixed(1)} s)` : 'NOT healed'}${fig.othersRestarted.length ? `; also restarted: ${fig.othersRestarted.join(', ')}` : ''}`);
    await sleep(o.spacingMs);
  }
  loadOn = false;
  await Promise.all(clients);
  o.say(`load stopped: ${counts.regAnswered} registrations and ${counts.actAnswered} actions answered`);

  // ---- the checks ----
  const mongo = await mongoose.createConnection(mongoUrl, { serverSelectionTimeoutMS: 5000 }).asPromise();
  const answered = tracked.filter((t) => t.number);
  // Settled: every answered request in its expected status on its card, the outbox drained.
  const statusOf = async (t: Tracked): Promise<string | undefined> => {
    const r = await api.call<{ status?: string }>('GET', `/api/v1/requests/${t.number}`, { token: operator });
    return r.status === 200 ? r.body.status : `http ${r.status}`;
  };
  await until(120_000, async () => {
    const outbox = await mongo.db!.collection('request_outbox').countDocuments({});
    if (outbox > 0) return undefined;
    for (const t of answered) if ((await statusOf(t)) !== t.expected) return undefined;
    return true;
  }, 1000);
  const byTag = new Map<string, number>();
  for (const doc of await mongo.db!.collection('requests').find({}).toArray()) {
    const tag = /chaos:[0-9a-f-]{36}/.exec(JSON.stringify(doc))?.[0];
    if (tag) byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
  }
  let wrongState = 0;
  let lost = 0;
  for (const t of answered) {
    const s = await statusOf(t);
    // Lost: answered, yet neither its card nor a stored request with its tag exists.
    if (s === 'http 404' || !byTag.has(t.tag)) lost++;
    else if (s !== t.expected) {
      wrongState++;
      problems.push(`${t.number}: ${s}, expected ${t.expected}`);
    }
  }
  const duplicated = [...byTag.values()].filter((n) => n > 1).length;
  const unanswered = [...byTag.keys()].filter((tag) => !answered.some((t) => t.tag === tag)).length;

  // Emails: each request's new-request email to its executor arrived, and no message twice.
  type Mail = { to: string[]; subject: string; text: string };
  const mailsFor = async (): Promise<Mail[]> => (await (await fetch(`${mailbox}/messages`)).json()) as Mail[];
  await until(120_000, async () => {
    const mails = await mailsFor();
    return answered.every((t) => mails.some((m) => m.subject.includes(t.number!) && m.to.some((a) => a.endsWith('@vodokanal.example.org')))) ? true : undefined;
  }, 1000);
  const mails = await mailsFor();
  const seen = new Map<string, number>();
  for (const m of mails) {
    const k = `${[...m.to].sort().join(',')}\u0000${m.subject}\u0000${m.text}`;
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  const dupMails = [...seen.values()].filter((n) => n > 1).length;
  const missingMails = answered.filter((t) => !mails.some((m) => m.subject.includes(t.number!) && m.to.some((a) => a.endsWith('@vodokanal.example.org')))).length;

  // Reporting: the live counters against a recount of the stream into a database of its own.
  const periodsOf = async (conn: mongoose.Connection): Promise<Map<string, string>> => {
    const rows = await conn.db!.collection(collectionName(REPORT_COLLECTIONS.periods)).find({}).toArray();
    return new Map(rows.map((r) => [String(r._id), canonical(JSON.parse(String(r.body)))]));
  };
  const recountConn = await mongoose.createConnection(mongoUrl.replace('/contact_center?', `/chaos_recount_${Date.now()}?`), { serverSelectionTimeoutMS: 5000 }).asPromise();
  const recountRepo = new ReportsRepository(recountConn);
  await recountRepo.init();
  // A connection of its own: the recount reads the whole stream as it now is.
  const recountNc = await connectNats(natsUrl, 'chaos-recount');
  await rebuildFromStream({ repo: recountRepo, nc: recountNc, logger: createLogger({ service: 'chaos-recount', level: 'error' }) });
  await recountNc.close();
  const recount = await periodsOf(recountConn);
  let mismatched: string[] = [];
  await until(120_000, async () => {
    const live = await periodsOf(mongo);
    mismatched = [...new Set([...recount.keys(), ...live.keys()])].filter((k) => recount.get(k) !== live.get(k));
    return mismatched.length === 0 ? true : undefined;
  }, 1000);
  if (mismatched.length) problems.push(`report periods differing from the recount: ${mismatched.join(', ')}`);
  await recountConn.db!.dropDatabase();
  await recountConn.close();
  await mongo.close();
  await nc.close();

  // Every part running, none given up on, and a clean stop.
  const finalParts = readParts();
  const notRunning = finalParts.filter((p) => p.state !== 'running').map((p) => `${p.name} ${p.state}`);
  if (notRunning.length) problems.push(`parts not running at the end: ${notRunning.join(', ')}`);
  killGroup('SIGINT');
  const stopped = await Promise.race([upExited.then(() => true), sleep(60_000).then(() => false)]);
  // Every process the up command started is in its process group; none may outlive it.
  for (const end = Date.now() + 15_000; processAlive(-up.pid!) && Date.now() < end; ) await sleep(200);
  const left = processAlive(-up.pid!);
  if (left) killGroup('SIGKILL');
  process.removeListener('exit', reap);
  const stoppedCleanly = stopped && upExit === 0 && !left;

  const report: ChaosReport = {
    kills,
    registrations: { answered: counts.regAnswered, gaveUp: counts.regGaveUp },
    actions: { answered: counts.actAnswered, refused: counts.actRefused, gaveUp: counts.actGaveUp },
    lost,
    duplicated,
    wrongState,
    unanswered,
    emails: { total: mails.length, duplicated: dupMails, missing: missingMails },
    counters: { periods: recount.size, mismatched: mismatched.length },
    client: clientErrs,
    healedAll: kills.length === o.parts.length && kills.every((k) => k.healed) && notRunning.length === 0,
    stoppedCleanly,
    problems,
    home,
  };
  return report;
}

/** JSON with its keys sorted, for comparing documents written in different orders. */
function canonical(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, y]) => [k, sort(y)])) : x;
  return JSON.stringify(sort(v));
}

/** The figures as lines of text. */
export function formatReport(r: ChaosReport): string {
  const lines = [
    'part            killed          part healed   system healed   also restarted',
    ...r.kills.map((k) => `${k.part.padEnd(15)} ${k.target.padEnd(15)} ${(k.partHealedS !== undefined ? `${k.partHealedS.toFixed(1)} s` : 'NOT').padStart(11)}   ${(k.systemHealedS !== undefined ? `${k.systemHealedS.toFixed(1)} s` : 'NOT').padStart(13)}   ${k.othersRestarted.join(', ') || '-'}`),
    '',
    `kills                ${r.kills.length}`,
    `registrations        ${r.registrations.answered} answered, ${r.registrations.gaveUp} given up by the client`,
    `actions              ${r.actions.answered} answered, ${r.actions.refused} refused, ${r.actions.gaveUp} given up by the client`,
    `lost                 ${r.lost}`,
    `duplicated           ${r.duplicated}`,
    `in a wrong state     ${r.wrongState}`,
    `stored, unanswered   ${r.unanswered}`,
    `emails               ${r.emails.total} sent, ${r.emails.duplicated} sent twice, ${r.emails.missing} missing`,
    `report counters      ${r.counters.periods} period documents recounted, ${r.counters.mismatched} differ`,
    `client saw           ${r.client.network} network errors, ${r.client.server} 5xx, ${r.client.limited} 429 (each retried with its key)`,
    `healed by itself     ${r.healedAll ? 'every part' : 'NOT every part'}`,
    `stopped by Ctrl-C    ${r.stoppedCleanly ? 'cleanly, no process left' : 'NOT cleanly'}`,
    ...(r.problems.length ? ['', 'problems:', ...r.problems.slice(0, 20).map((p) => `  ${p}`)] : []),
  ];
  return lines.join('\n');
}

/**
 * Runs the README's up line, verbatim, as a newcomer would, and checks what it promises:
 *   1. `/readyz` answers 200 and the up line prints its banner (the seed is loaded then);
 *   2. an operator registers a phone request through the API (201, with its number);
 *   3. the executor's email about it arrives in the dev mailbox, and every process's `/metrics` (where
 *      the up line says) answers in the Prometheus text format, the gateway's counting the registration;
 *   4. Ctrl-C (SIGINT to the whole foreground process group, as a terminal sends it) stops it as an
 *      interrupted program stops (exit code 0, or npm's SIGINT), and no process it started is left.
 * CI runs it after the test line on the same clean clone (.ci/run). Prints one line a step;
 * exits non-zero, with the end of the up line's output, when a step fails.
 *
 *   node --import tsx infra/up-check.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ApiClient } from './api-client.ts';
import { repoRoot, stackDir } from './stack/paths.ts';
import { processAlive } from './stack/process.ts';

const say = (line: string): void => {
  process.stdout.write(`[up-check] ${line}\n`);
};

/** The README's quick-start line that brings the whole system up. */
export function readmeUpLine(readme: string): string {
  const m = /Bring the whole system up[\s\S]*?```sh\n([^\n]+)\n```/.exec(readme);
  if (!m) throw new Error('README.md has no "Bring the whole system up" block with a ```sh line');
  return m[1]!.trim();
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, fn: () => Promise<T | undefined>, isAlive: () => boolean): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive()) throw new Error(`the up line exited while waiting for ${what}`);
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

async function main(): Promise<void> {
  const line = readmeUpLine(fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8'));
  const port = Number(process.env.PORT ?? 8080);
  const mailbox = `http://127.0.0.1:${Number(process.env.MAILBOX_PORT ?? 8025)}`;
  fs.mkdirSync(stackDir, { recursive: true });
  const logFile = path.join(stackDir, 'up-check.log');
  const out = fs.openSync(logFile, 'w');
  say(`running the README's up line: ${line}  (output in ${path.relative(repoRoot, logFile)})`);
  const t0 = Date.now();
  // A process group of its own, as a terminal's foreground job: Ctrl-C reaches all of it.
  const child = spawn('bash', ['-c', line], { cwd: repoRoot, detached: true, stdio: ['ignore', out, out], env: { ...process.env, CI: process.env.CI ?? '' } });
  fs.closeSync(out);
  const pgid = child.pid!;
  let exit: { code: number | null; signal: string | null } | undefined;
  const exited = new Promise<void>((r) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      r();
    }),
  );
  const alive = (): boolean => exit === undefined;
  const tail = (): string => fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
  try {
    await until('/readyz to answer 200', 15 * 60_000, async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined), alive);
    say(`/readyz: 200 after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    // The first start loads the seed (the demo users among it) once every service answers: the
    // banner with the addresses is the word that it is all there.
    await until('the banner saying where everything is', 5 * 60_000, async () => (fs.readFileSync(logFile, 'utf8').includes('all services ready') ? true : undefined), alive);
    say(`the up line says all services are ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const api = new ApiClient({ bases: [`http://127.0.0.1:${port}`], deadlineMs: 60_000 });
    const token = await api.login('operator', 'operator-1520');
    const reg = await api.call<{ number?: string; executorId?: string }>('POST', '/api/v1/requests', {
      token,
      body: {
        applicant: { name: 'Марія Іваненко', phone: '067 555 12 34' },
        address: { district: 'Саксаганський', street: 'вул. Героїв АТО', building: '12', apartment: '5' },
        categoryCode: 'WATER-02',
        description: 'Слабкий тиск холодної води (перевірка запуску)',
      },
    });
    if (reg.status !== 201 || !reg.body.number) throw new Error(`registration: ${reg.status} ${JSON.stringify(reg.body)}`);
    const number = reg.body.number;
    say(`registered ${number} (executor ${reg.body.executorId})`);

    const mail = await until(
      `the executor's email about ${number} in the dev mailbox`,
      60_000,
      async () => {
        const list = (await (await fetch(`${mailbox}/messages`)).json()) as { to: string[]; subject: string; text: string }[];
        return list.find((m) => (m.subject.includes(number) || m.text.includes(number)) && m.to.some((a) => a.endsWith('@vodokanal.example.org')));
      },
      alive,
    );
    say(`the executor's email arrived: to ${mail.to.join(', ')}, «${mail.subject}»`);
    // Where the up line printed each process's metrics ("Metrics       worker http://…/metrics", one line a process).
    const scrapes = [...fs.readFileSync(logFile, 'utf8').matchAll(/^\s+(?:Metrics\s+)?([a-z-]+(?:-\d+)?) (http:\/\/127\.0\.0\.1:\d+\/metrics)$/gm)];
    if (scrapes.length === 0) throw new Error('the up line printed no /metrics address');
    for (const [, name, url] of scrapes) {
      const res = await fetch(url!);
      const text = await res.text();
      if (res.status !== 200 || !/^# TYPE process_cpu_seconds_total counter$/m.test(text)) throw new Error(`${name}'s ${url} did not answer with Prometheus metrics (${res.status})`);
      if (name === 'gateway' && !/^cc_http_request_duration_seconds_count\{[^}]*route="\/api\/v1\/requests",status="201"\} [1-9]/m.test(text)) throw new Error(`the gateway's ${url} does not count the registration`);
    }
    say(`/metrics answered for ${scrapes.map(([, name]) => name).join(', ')}`);
  } catch (err) {
    say(`FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.stdout.write(`${tail()}\n`);
    if (processAlive(-pgid)) process.kill(-pgid, 'SIGKILL');
    process.exit(1);
  }

  const tStop = Date.now();
  process.kill(-pgid, 'SIGINT');
  const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
  if (!stopped) {
    say('FAILED: the up line did not exit within 60 s of Ctrl-C');
    process.stdout.write(`${tail()}\n`);
    process.kill(-pgid, 'SIGKILL');
    process.exit(1);
  }
  // Every process the up line started is in its process group; none may outlive it.
  for (const end = Date.now() + 15_000; processAlive(-pgid) && Date.now() < end; ) await sleep(200);
  const left = processAlive(-pgid);
  say(`Ctrl-C: the up line exited with ${exit!.signal ? `signal ${exit!.signal}` : `code ${exit!.code}`} in ${((Date.now() - tStop) / 1000).toFixed(1)} s; processes left: ${left ? 'some' : 'none'}`);
  // Stopped as a Ctrl-C'd program does: exit code 0, or npm's re-raised SIGINT (or its 130).
  const clean = exit!.code === 0 || exit!.code === 130 || exit!.signal === 'SIGINT';
  if (left || !clean) {
    process.stdout.write(`${tail()}\n`);
    if (left) process.kill(-pgid, 'SIGKILL');
    process.exit(1);
  }
  say('passed');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

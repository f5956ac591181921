/**
 * The cost of observability (docs/performance.md, *Metrics and tracing on and off*): the same
 * workload measured in rounds with METRICS_ENABLED and TRACING_ENABLED both 'true' ("on") and both
 * 'false' ("off"), on the same stored data, the services started afresh for each round (each
 * process builds its metrics and tracing from its environment at start).
 *
 * The rounds run in ABBA order (on, off, off, on, on, off, off, on, …): a drift that grows steadily
 * through the stage (the stored requests and Temporal's history grow a little with every round, the
 * machine's other load changes) falls on both sides alike, which strict alternation (on, off, on,
 * off) would not give. On the "on" side every service serves GET /metrics on a port of its own and
 * the bench scrapes each every 15 s, as Prometheus would, so the scrape-time gauges are paid too.
 *
 * Each round: the services started and warmed up (a registration through to its email, then one
 * lifecycle per slot in flight, unmeasured), then a burst of registrations at the bench's usual
 * concurrency, the four actions one at a time on 30 of the burst, whole lifecycles at that
 * concurrency, and the rest of the burst closed (unmeasured), so every round leaves the same open
 * work behind. It prints each round, then each figure's mean on either side, the ratio on/off, and
 * each side's spread (its range over its mean): the difference is within noise when the sides
 * differ by no more than two rounds of the same side did.
 */
import os from 'node:os';
import { freePort } from '../infra/stack/process.ts';
import { measure, type Figure } from './measure.ts';

export interface CompareContext {
  /** Rounds in all, half of them on each side (made even). */
  rounds: number;
  /** Registrations per burst and whole lifecycles per measurement, `concurrency` in flight. */
  n: number;
  lifecycles: number;
  concurrency: number;
  /** The services by name, as the bench starts them. */
  services: readonly string[];
  /** Stops the services and starts them again, each with these variables over the bench's own (undefined: unset). */
  restart(env: (service: string) => Record<string, string | undefined>): Promise<void>;
  /** Registers one request (the bench's own registration), returns its number. */
  register(): Promise<string>;
  /** When the executor's email about `number` reached the mail sink. */
  mailed(number: string): Promise<unknown>;
  /** The lifecycle actions in their order (accept, comment, propose closure, review), each on a registered request. */
  actions: ReadonlyArray<(number: string) => Promise<void>>;
  /** The lifecycle after registration: accept, propose closure, review. */
  close(number: string): Promise<void>;
  /** Resolves once no workflow task is waiting. */
  drained(): Promise<unknown>;
  /** CPU seconds used so far by the services' processes (not the servers, not the bench). */
  servicesCpuSeconds(): number;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

interface Round {
  on: boolean;
  register: Figure;
  /** Services' CPU ms per registration, its workflow's first task and email included. */
  registerCpu: number;
  update: Figure;
  lifecycle: Figure;
  lifecycleCpu: number;
  scrapes: number;
  scrapeFailures: number;
  /** The machine's 1-minute load average, sampled every 5 s while the round measured. */
  load: number;
}

/** The variables of one side: both switches, and on the "on" side a metrics port per service. */
async function sideEnv(on: boolean, services: readonly string[]): Promise<{ env: (service: string) => Record<string, string | undefined>; ports: number[] }> {
  const flag = on ? 'true' : 'false';
  const ports = new Map<string, number>();
  if (on) for (const s of services) ports.set(s, await freePort());
  return {
    env: (s) => ({ METRICS_ENABLED: flag, TRACING_ENABLED: flag, METRICS_PORT: on ? String(ports.get(s)) : undefined }),
    ports: [...ports.values()],
  };
}

/** Scrapes every port's /metrics now and every 15 s until stopped. */
function scraper(ports: number[]): { stop(): { scrapes: number; failures: number } } {
  let scrapes = 0;
  let failures = 0;
  const scrape = (): void => {
    for (const port of ports)
      void fetch(`http://127.0.0.1:${port}/metrics`)
        .then(async (res) => {
          await res.text();
          if (res.ok) scrapes++;
          else failures++;
        })
        .catch(() => void failures++);
  };
  scrape();
  const timer = setInterval(scrape, 15_000);
  return {
    stop: () => {
      clearInterval(timer);
      return { scrapes, failures };
    },
  };
}

async function round(ctx: CompareContext, on: boolean): Promise<Round> {
  const side = await sideEnv(on, ctx.services);
  await ctx.restart(side.env);
  // Up once a registration goes through (intake answers, the worker runs it) and its email is sent (notification).
  let first: string;
  for (const t = Date.now(); ; ) {
    try {
      first = await ctx.register();
      break;
    } catch (err) {
      if (Date.now() - t > 120_000) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await ctx.mailed(first);
  const scraping = on ? scraper(side.ports) : undefined;
  try {
    // Warm-up, unmeasured: the first request closed, one lifecycle per slot in flight.
    await ctx.close(first);
    await measure(ctx.concurrency, ctx.concurrency, async () => ctx.close(await ctx.register()));
    await ctx.drained();

    const loads: number[] = [];
    const sampleLoad = (): void => void loads.push(os.loadavg()[0]!);
    sampleLoad();
    const loadTimer = setInterval(sampleLoad, 5_000);
    const numbers: string[] = [];
    let cpu = ctx.servicesCpuSeconds();
    const register = await measure(ctx.n, ctx.concurrency, async () => void numbers.push(await ctx.register()));
    await ctx.drained();
    const registerCpu = ((ctx.servicesCpuSeconds() - cpu) * 1000) / ctx.n;

    const actioned = numbers.slice(0, 30);
    const update = await measure(actioned.length * ctx.actions.length, 1, async (k) => ctx.actions[Math.floor(k / actioned.length)]!(actioned[k % actioned.length]!));

    cpu = ctx.servicesCpuSeconds();
    const lifecycle = await measure(ctx.lifecycles, ctx.concurrency, async () => ctx.close(await ctx.register()));
    await ctx.drained();
    const lifecycleCpu = ((ctx.servicesCpuSeconds() - cpu) * 1000) / ctx.lifecycles;
    clearInterval(loadTimer);
    sampleLoad();

    // The rest of the burst closed, unmeasured: every round leaves the open work as it found it.
    const rest = numbers.slice(actioned.length);
    await measure(rest.length, ctx.concurrency, async (k) => ctx.close(rest[k]!));
    await ctx.drained();
    const scraped = scraping?.stop() ?? { scrapes: 0, failures: 0 };
    return { on, register, registerCpu, update, lifecycle, lifecycleCpu, scrapes: scraped.scrapes, scrapeFailures: scraped.failures, load: mean(loads) };
  } finally {
    scraping?.stop();
  }
}

/** The figures compared: what, how it is read off a round, its unit. */
const FIGURES: ReadonlyArray<{ what: string; of: (r: Round) => number; unit: string }> = [
  { what: 'registrations, rate', of: (r) => r.register.rate, unit: '/s' },
  { what: 'registrations, p50', of: (r) => r.register.p50, unit: ' ms' },
  { what: 'registrations, p95', of: (r) => r.register.p95, unit: ' ms' },
  { what: 'registrations, services CPU per one', of: (r) => r.registerCpu, unit: ' ms' },
  { what: 'actions one at a time (Updates), p50', of: (r) => r.update.p50, unit: ' ms' },
  { what: 'actions one at a time (Updates), p95', of: (r) => r.update.p95, unit: ' ms' },
  { what: 'whole lifecycles, rate', of: (r) => r.lifecycle.rate, unit: '/s' },
  { what: 'whole lifecycles, p50', of: (r) => r.lifecycle.p50, unit: ' ms' },
  { what: 'whole lifecycles, p95', of: (r) => r.lifecycle.p95, unit: ' ms' },
  { what: 'whole lifecycles, services CPU per one', of: (r) => r.lifecycleCpu, unit: ' ms' },
];

/** The range as a share of the mean: how far apart two rounds of the same side came out. */
const spread = (xs: number[]): number => (xs.length < 2 ? NaN : (Math.max(...xs) - Math.min(...xs)) / Math.max(1e-9, mean(xs)));
const pct = (x: number): string => (Number.isNaN(x) ? '  n/a' : `${(x * 100).toFixed(1)}%`.padStart(6));

/** Runs the rounds and prints them; returns the summary's lines, for the bench to print again at its end. */
export async function metricsCompareStage(ctx: CompareContext, header: string): Promise<string[]> {
  const rounds = Math.max(2, Math.ceil(ctx.rounds / 2) * 2);
  const order = Array.from({ length: rounds }, (_, i) => i % 4 === 0 || i % 4 === 3);
  console.log(`\n${header}: ${rounds} rounds, ${order.map((on) => (on ? 'on' : 'off')).join(', ')}; each a burst of ${ctx.n} registrations and ${ctx.lifecycles} lifecycles, ${ctx.concurrency} in flight`);
  const done: Round[] = [];
  for (const [i, on] of order.entries()) {
    const t0 = performance.now();
    const r = await round(ctx, on);
    done.push(r);
    const ms = (x: number): string => x.toFixed(1);
    const scrapes = on ? `; ${r.scrapes} scrapes${r.scrapeFailures ? `, ${r.scrapeFailures} failed` : ''}` : '';
    console.log(
      `  round ${i + 1} ${on ? 'on ' : 'off'}  registrations ${r.register.rate.toFixed(1)}/s p50 ${ms(r.register.p50)} p95 ${ms(r.register.p95)} ms, CPU ${ms(r.registerCpu)} ms · ` +
        `Updates p50 ${ms(r.update.p50)} p95 ${ms(r.update.p95)} ms · lifecycles ${r.lifecycle.rate.toFixed(2)}/s p50 ${ms(r.lifecycle.p50)} p95 ${ms(r.lifecycle.p95)} ms, CPU ${ms(r.lifecycleCpu)} ms` +
        ` (${((performance.now() - t0) / 1000).toFixed(0)} s${scrapes}; load ${r.load.toFixed(1)})`,
    );
  }
  const lines = [`${header}: mean of ${rounds / 2} rounds each side; on/off; each side's spread (its range over its mean)`];
  lines.push(`  ${''.padEnd(40)} ${'on'.padStart(10)} ${'off'.padStart(10)}  ${'on/off'.padStart(7)}  ${'spread on'.padStart(9)} ${'spread off'.padStart(10)}  verdict`);
  for (const f of FIGURES) {
    const on = done.filter((r) => r.on).map(f.of);
    const off = done.filter((r) => !r.on).map(f.of);
    const ratio = mean(on) / Math.max(1e-9, mean(off));
    // Within noise when the sides differ by no more than two rounds of the same side differed from each other.
    const noise = Math.max(spread(on), spread(off));
    const verdict = Number.isNaN(noise) ? '' : Math.abs(ratio - 1) <= noise ? 'within noise' : 'beyond noise';
    lines.push(
      `  ${f.what.padEnd(40)} ${`${mean(on).toFixed(1)}${f.unit}`.padStart(10)} ${`${mean(off).toFixed(1)}${f.unit}`.padStart(10)}  ×${ratio.toFixed(3)}  ${pct(spread(on)).padStart(9)} ${pct(spread(off)).padStart(10)}  ${verdict}`,
    );
  }
  // The other load on the machine is the first source of noise: shown per side, and called out when it exceeds the cores.
  const load = (on: boolean): number => mean(done.filter((r) => r.on === on).map((r) => r.load));
  const cores = os.cpus().length;
  lines.push(`  machine load (1-minute average) while measuring: on ${load(true).toFixed(1)}, off ${load(false).toFixed(1)}, on ${cores} cores`);
  if (Math.max(...done.map((r) => r.load)) > cores)
    lines.push(`  the machine had more to run than cores while measuring: these differences say more about its other load than about metrics; take them on an idle machine`);
  console.log(lines.join('\n'));
  return lines;
}

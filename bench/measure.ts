/** How the benchmarks time an operation: `n` of them, `concurrency` in flight, each one's latency and the rate over all. */

export interface Figure {
  /** Operations per second over the whole measurement. */
  rate: number;
  p50: number;
  p95: number;
  p99: number;
}

/** The figure of these latencies (ms) taken over `secs` seconds. */
export function stats(latencies: number[], secs: number): Figure {
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { rate: latencies.length / secs, p50: pct(50), p95: pct(95), p99: pct(99) };
}

/** Runs `op` `n` times, `concurrency` at once, and times each run and the whole. */
export async function measure(n: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Figure> {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        await op(i);
        latencies.push(performance.now() - s);
      }
    }),
  );
  return stats(latencies, (performance.now() - t0) / 1000);
}

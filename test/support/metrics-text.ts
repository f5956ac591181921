/**
 * Reads a Prometheus exposition (what `metrics.scrape()` and GET /metrics answer) with the npm
 * package `parse-prometheus-text-format`, so the tests check the text a Prometheus server would read.
 */
import { createRequire } from 'node:module';

interface Family {
  name: string;
  help: string;
  type: string;
  metrics: Array<{ value?: string; labels?: Record<string, string> }>;
}

// The package ships no types: loaded through require with its shape stated here.
const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => Family[];

/** The series of one family, as label sets with numeric values ([] when the family is absent). */
export function seriesOf(text: string, name: string): Array<{ labels: Record<string, string>; value: number }> {
  const family = parse(text).find((f) => f.name === name);
  return (family?.metrics ?? []).map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) }));
}

/** The value of the series whose labels include `labels`, or undefined when there is none. */
export function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return seriesOf(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/**
 * Reads a Prometheus exposition (what `metrics.scrape()` and GET /metrics answer) with the npm
 * package `parse-prometheus-text-format`, so the tests check the text a Prometheus server would read.
 *
 * The package folds a histogram's labelled series into one and drops their labels, so histograms
 * are read as their plain `_bucket`, `_sum` and `_count` series; and since it starts a new family
 * whenever the sample name changes (`_bucket`, `_sum`, `_count`, then `_bucket` again for the next
 * label set), families of one name are merged.
 */
import { createRequire } from 'node:module';

interface Family {
  name: string;
  help: string;
  type: string;
  metrics: Array<{ value?: string; labels?: Record<string, string> }>;
}

export interface Series {
  labels: Record<string, string>;
  value: number;
}

// The package ships no types: loaded through require with its shape stated here.
const parse = createRequire(import.meta.url)('parse-prometheus-text-format') as (text: string) => Family[];

/** Every series of the exposition by sample name (a histogram's under `<name>_bucket`, `_sum`, `_count`). Throws on text the parser refuses. */
export function familiesOf(text: string): Map<string, Series[]> {
  const families = new Map<string, Series[]>();
  for (const f of parse(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped'))) {
    const series = families.get(f.name) ?? [];
    for (const m of f.metrics) series.push({ labels: m.labels ?? {}, value: Number(m.value) });
    families.set(f.name, series);
  }
  return families;
}

/** The series of one sample name whose labels include `labels` ([] when there is none). */
export function seriesOf(text: string, name: string, labels: Record<string, string> = {}): Series[] {
  return (familiesOf(text).get(name) ?? []).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The value of the series whose labels include `labels`, or undefined when there is none. */
export function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return seriesOf(text, name, labels)[0]?.value;
}

/** The sum over the series whose labels include `labels` (0 when there is none). */
export const totalOf = (text: string, name: string, labels: Record<string, string> = {}): number => seriesOf(text, name, labels).reduce((n, s) => n + s.value, 0);

/** Types of the tests' Prometheus text parser (the package ships none). Values stay as the text has them. */
declare module 'parse-prometheus-text-format' {
  export interface PrometheusSample {
    labels?: Record<string, string>;
    value?: string;
    /** Histograms: the cumulative count under each upper bound, by `le`. */
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
    /** Summaries. */
    quantiles?: Record<string, string>;
  }
  export interface PrometheusFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: PrometheusSample[];
  }
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}

/**
 * The shipped Prometheus and Grafana setup (infra/compose/observability/, docker-compose.yml's
 * `observability` profile) cannot drift from the code: every PromQL expression of the rule files and
 * the dashboards parses with Prometheus's own grammar (@prometheus-io/lezer-promql) and names only
 * metrics that exist — platform/metrics.ts's one list, prom-client's default metrics, `up`, the
 * Temporal SDK core's metrics and the rules' own records; every alert leads to a section of
 * docs/operations.md; Prometheus scrapes every process of services/index.ts. Needs no servers.
 */
import { parser } from '@prometheus-io/lezer-promql';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import client from 'prom-client';
import { parse } from 'yaml';
import { z } from 'zod';
import { GAUGES, METRIC_FAMILIES } from '../../platform/metrics.ts';
import { SERVICE_NAMES } from '../../services/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
const dir = 'infra/compose/observability';

// ── the files, read with schemas of the parts this test relies on ──

const ruleFileSchema = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      interval: z.string().optional(),
      rules: z.array(
        z.union([
          z.strictObject({ record: z.string(), expr: z.string(), labels: z.record(z.string(), z.string()).optional() }),
          z.strictObject({
            alert: z.string(),
            expr: z.string(),
            for: z.string().optional(),
            labels: z.record(z.string(), z.string()).optional(),
            annotations: z.record(z.string(), z.string()).optional(),
          }),
        ]),
      ),
    }),
  ),
});
type Rule = z.infer<typeof ruleFileSchema>['groups'][number]['rules'][number];
type AlertRule = Extract<Rule, { alert: string }>;

const prometheusSchema = z.object({
  global: z.looseObject({ scrape_interval: z.string(), evaluation_interval: z.string().optional() }),
  rule_files: z.array(z.string()),
  scrape_configs: z.array(
    z.looseObject({
      job_name: z.string(),
      metrics_path: z.string().optional(),
      dns_sd_configs: z.array(z.looseObject({ names: z.array(z.string()), type: z.string().optional(), port: z.number().optional() })).optional(),
      static_configs: z.array(z.looseObject({ targets: z.array(z.string()) })).optional(),
    }),
  ),
});

const composeSchema = z.looseObject({
  services: z.record(
    z.string(),
    z.looseObject({
      image: z.string().optional(),
      build: z.unknown().optional(),
      profiles: z.array(z.string()).optional(),
      environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
      volumes: z.array(z.string()).optional(),
      ports: z.array(z.string()).optional(),
      depends_on: z.unknown().optional(),
    }),
  ),
});
const compose = composeSchema.parse(parse(read('docker-compose.yml'), { merge: true }));

/** The repository file a compose service mounts at `target`, read-only, or undefined. */
function mounted(service: string, target: string): string | undefined {
  const volume = (compose.services[service]?.volumes ?? []).find((v) => v.split(':')[1] === target);
  if (!volume) return undefined;
  expect(volume, `${service} mounts ${target} read-only`).to.match(/:ro$/);
  return volume.split(':')[0]!.replace(/^\.\//, '');
}

const prometheus = prometheusSchema.parse(parse(read(`${dir}/prometheus.yml`)));
/** Each rule file Prometheus loads, by the repository path compose mounts there. */
const ruleFiles = prometheus.rule_files.map((target) => {
  const file = mounted('prometheus', target);
  if (!file) throw new Error(`prometheus.yml loads ${target}, which docker-compose.yml does not mount`);
  return { file, rules: ruleFileSchema.parse(parse(read(file))).groups.flatMap((g) => g.rules) };
});
const rules = ruleFiles.flatMap((f) => f.rules.map((rule) => ({ file: f.file, rule })));
const alerts = rules.map((r) => r.rule).filter((r): r is AlertRule => 'alert' in r);
const recorded = new Set(rules.map((r) => r.rule).flatMap((r) => ('record' in r ? [r.record] : [])));

const datasourceSchema = z.object({ apiVersion: z.number(), datasources: z.array(z.looseObject({ name: z.string(), uid: z.string(), type: z.string(), url: z.string() })) });
const providerSchema = z.object({ apiVersion: z.number(), providers: z.array(z.looseObject({ name: z.string(), type: z.string(), options: z.looseObject({ path: z.string() }) })) });
const grafanaProvisioning = mounted('grafana', '/etc/grafana/provisioning');
const datasources = fs
  .readdirSync(path.join(root, `${dir}/grafana/provisioning/datasources`))
  .flatMap((f) => datasourceSchema.parse(parse(read(`${dir}/grafana/provisioning/datasources/${f}`))).datasources);
const providers = fs
  .readdirSync(path.join(root, `${dir}/grafana/provisioning/dashboards`))
  .flatMap((f) => providerSchema.parse(parse(read(`${dir}/grafana/provisioning/dashboards/${f}`))).providers);

interface Panel {
  id?: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ refId: string; expr?: string; datasource?: { uid?: string } }>;
  panels?: Panel[];
}
const dashboardSchema = z.looseObject({ uid: z.string(), title: z.string(), panels: z.array(z.looseObject({ type: z.string(), title: z.string() })) });
const dashboardDir = `${dir}/grafana/dashboards`;
const dashboards = fs
  .readdirSync(path.join(root, dashboardDir))
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const json: unknown = JSON.parse(read(`${dashboardDir}/${f}`));
    const d = dashboardSchema.parse(json);
    const flat = (ps: Panel[]): Panel[] => ps.flatMap((p) => [p, ...flat(p.panels ?? [])]);
    return { file: f, uid: d.uid, title: d.title, panels: flat(d.panels), raw: json };
  });

const operations = read('docs/operations.md');

// ── PromQL, through Prometheus's grammar ──

/** Grafana's interval variables, which Grafana replaces before the query reaches Prometheus. */
const withGrafanaVariables = (expr: string): string => expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m');

interface Selector {
  name: string;
  /** The aggregations around the selector, innermost first: the operator and its `by` labels. */
  aggregations: Array<{ op: string; by: string[] }>;
}

/** Parses one expression; returns the syntax errors and the metric selectors it uses. */
function promql(expr: string): { errors: string[]; selectors: Selector[] } {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const selectors: Selector[] = [];
  const text = (from: number, to: number): string => expr.slice(from, to);
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) errors.push(`syntax error at ${ref.from}: …${text(Math.max(0, ref.from - 20), ref.to + 20)}…`);
      if (ref.name !== 'Identifier' || ref.node.parent?.name !== 'VectorSelector') return;
      const aggregations: Selector['aggregations'] = [];
      for (let n = ref.node.parent.parent; n; n = n.parent) {
        if (n.name !== 'AggregateExpr') continue;
        const op = n.getChild('AggregateOp');
        const modifier = n.getChild('AggregateModifier');
        const by = modifier?.getChild('By') ? (modifier.getChild('GroupingLabels')?.getChildren('LabelName') ?? []).map((l) => text(l.from, l.to)) : [];
        aggregations.push({ op: op ? text(op.from, op.to) : '?', by });
      }
      selectors.push({ name: text(ref.from, ref.to), aggregations });
    },
  });
  return { errors, selectors };
}

// ── the metric names that exist ──

const histogramNames = (name: string): string[] => [`${name}_bucket`, `${name}_sum`, `${name}_count`];
const projectMetrics = new Set<string>([
  ...Object.values(METRIC_FAMILIES).flatMap((f) => ('buckets' in f ? histogramNames(f.name) : [f.name])),
  ...Object.values(GAUGES).map((g) => g.name),
]);
/** prom-client's default metrics, as collectDefaultMetrics registers them in platform/metrics.ts. */
const defaultMetrics = await (async () => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const names = (await registry.getMetricsAsJSON()).flatMap((m) => (String(m.type) === 'histogram' ? histogramNames(m.name) : [m.name]));
  return new Set(names);
})();
/**
 * The Temporal SDK core's metrics, as its Prometheus exporter serves them with
 * `useSecondsForDurations: true` (seen on @temporalio/worker 1.24, docs/operations.md): durations in
 * seconds but without a `_seconds` suffix, counters without `_total`.
 */
const TEMPORAL_SDK_HISTOGRAMS = [
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_workflow_task_execution_latency',
  'temporal_workflow_task_replay_latency',
  'temporal_workflow_endtoend_latency',
  'temporal_activity_schedule_to_start_latency',
  'temporal_activity_execution_latency',
  'temporal_activity_succeed_endtoend_latency',
  'temporal_request_latency',
  'temporal_long_request_latency',
];
const TEMPORAL_SDK_SERIES = [
  'temporal_sticky_cache_hit',
  'temporal_sticky_cache_miss',
  'temporal_sticky_cache_size',
  'temporal_worker_task_slots_available',
  'temporal_worker_task_slots_used',
  'temporal_num_pollers',
  'temporal_workflow_task_execution_failed',
  'temporal_activity_execution_failed',
  'temporal_workflow_completed',
  'temporal_workflow_failed',
  'temporal_request',
  'temporal_request_failure',
];
const temporalMetrics = new Set([...TEMPORAL_SDK_HISTOGRAMS.flatMap(histogramNames), ...TEMPORAL_SDK_SERIES]);

const known = (name: string): boolean => projectMetrics.has(name) || defaultMetrics.has(name) || name === 'up' || temporalMetrics.has(name) || recorded.has(name);

/** Gauges every replica of their service exports with the same value: never summed across replicas. */
const SAME_ON_EVERY_REPLICA = new Set<string>(
  (['requestsOpen', 'requestsOpenByExecutor', 'requestsOverdue', 'closuresAwaitingReview', 'memosAwaitingDecision', 'outboxBacklog', 'outboxOldest', 'jetstreamPending', 'jetstreamAckPending', 'jetstreamRedelivered'] as const).map((k) => GAUGES[k].name),
);

/** Every PromQL expression shipped: the rules' and each dashboard target's. */
const expressions = [
  ...rules.map(({ file, rule }) => ({ where: `${file}: ${'alert' in rule ? rule.alert : rule.record}`, expr: rule.expr })),
  ...dashboards.flatMap((d) => d.panels.flatMap((p) => (p.targets ?? []).filter((t) => t.expr !== undefined).map((t) => ({ where: `${d.file}: ${p.title} (${t.refId})`, expr: withGrafanaVariables(t.expr!) })))),
];

/** GitHub's anchor for a Markdown heading. */
const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
const anchors = new Set([...operations.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));

describe('the shipped observability setup (infra/compose/observability)', () => {
  it('ships expressions to check: the rule files, their alerts and both dashboards', () => {
    expect(ruleFiles.map((f) => f.file).sort()).to.deep.equal([`${dir}/alerts.yml`, `${dir}/recording.yml`]);
    expect(alerts.length).to.be.at.least(10);
    expect(dashboards.map((d) => d.title).sort()).to.deep.equal(['Contact Center — engineering', 'Contact Center — operations']);
    expect(expressions.length).to.be.at.least(50);
  });

  it('parses every PromQL expression of the rule files and the dashboards with Prometheus\'s own grammar', () => {
    const broken = expressions.flatMap(({ where, expr }) => promql(expr).errors.map((e) => `${where}: ${e}`));
    expect(broken).to.deep.equal([]);
  });

  it('recognises a broken expression as broken (the grammar check bites)', () => {
    expect(promql('sum(rate(cc_http_request_duration_seconds_count[5m])').errors).to.not.be.empty;
    expect(promql('max by (executor) cc_requests_overdue').errors).to.not.be.empty;
    expect(promql('max by (executor) (cc_requests_overdue)').errors).to.deep.equal([]);
  });

  it('names only metrics that exist: platform/metrics.ts, prom-client\'s defaults, up, the Temporal SDK core\'s and the recorded series', () => {
    const unknown = expressions.flatMap(({ where, expr }) => promql(expr).selectors.filter((s) => !known(s.name)).map((s) => `${where}: ${s.name}`));
    expect(unknown).to.deep.equal([]);
    // The check bites: the names one might guess for the SDK's histograms, or a family without its suffix, are refused.
    expect(known('temporal_workflow_task_schedule_to_start_latency_seconds_bucket')).to.equal(false);
    expect(known('cc_http_request_duration_seconds')).to.equal(false);
    expect(known('cc_http_request_duration_seconds_bucket')).to.equal(true);
    expect(known('nodejs_eventloop_lag_p99_seconds')).to.equal(true);
  });

  it('takes the gauges every replica exports alike (business, outbox, JetStream consumers) with max, never a sum across replicas', () => {
    const wrong: string[] = [];
    for (const { where, expr } of expressions) {
      for (const s of promql(expr).selectors.filter((sel) => SAME_ON_EVERY_REPLICA.has(sel.name))) {
        // The innermost aggregation is max, or keeps the replicas apart (by instance) for a max outside it.
        const inner = s.aggregations[0];
        const ok = inner !== undefined && (inner.op === 'max' || (inner.by.includes('instance') && s.aggregations.slice(1).some((a) => a.op === 'max')));
        if (!ok) wrong.push(`${where}: ${s.name} under ${inner ? inner.op : 'no aggregation'}`);
      }
    }
    expect(wrong).to.deep.equal([]);
    expect(promql('sum by (executor) (cc_requests_overdue)').selectors[0]!.aggregations[0]).to.deep.equal({ op: 'sum', by: ['executor'] });
  });

  it('gives every alert a `for:`, a severity, a summary, a description and a runbook section of docs/operations.md that exists', () => {
    const names = alerts.map((a) => a.alert);
    expect(new Set(names).size, 'alert names are unique').to.equal(names.length);
    for (const a of alerts) {
      expect(a.for, `${a.alert}: for`).to.match(/^\d+[smh]$/);
      expect(a.labels?.severity, `${a.alert}: severity`).to.be.oneOf(['critical', 'warning']);
      expect(a.annotations?.summary, `${a.alert}: summary`).to.be.a('string').and.not.be.empty;
      expect(a.annotations?.description, `${a.alert}: description`).to.be.a('string').and.not.be.empty;
      const runbook = /^docs\/operations\.md#([\p{L}\p{N}_-]+)$/u.exec(a.annotations?.runbook ?? '');
      expect(runbook, `${a.alert}: runbook is docs/operations.md#<section>`).to.not.equal(null);
      expect([...anchors], `${a.alert}: docs/operations.md has a heading for #${runbook![1]}`).to.include(runbook![1]);
      expect(operations, `docs/operations.md names ${a.alert}`).to.include(a.alert);
    }
  });

  it('alerts on what the issue asks for: targets down, the overdue backlog, 9.2.4 reviews, the outbox, consumer lag, 5xx, Temporal task latency, parked notifications', () => {
    const uses = (name: string): string[] => alerts.filter((a) => promql(a.expr).selectors.some((s) => s.name === name)).map((a) => a.alert);
    expect(alerts.filter((a) => /\bup\b/.test(a.expr) && /==\s*0/.test(a.expr)), 'up == 0').to.not.be.empty;
    for (const name of [
      'cc:requests_overdue:total',
      GAUGES.closuresAwaitingReview.name,
      GAUGES.outboxOldest.name,
      'cc:jetstream_pending:by_consumer',
      'cc:http_requests_5xx:rate5m',
      'temporal_workflow_task_schedule_to_start_latency_bucket',
      METRIC_FAMILIES.notifications.name,
    ]) {
      expect(uses(name), `an alert on ${name}`).to.not.be.empty;
    }
    expect(alerts.find((a) => a.expr.includes('outcome="parked"')), 'an alert on parked notifications').to.not.equal(undefined);
    expect(alerts.find((a) => a.expr.includes(GAUGES.outboxOldest.name))?.expr, 'the outbox alert fires past 60 s').to.match(/>\s*60\b/);
  });

  it('documents every metric of platform/metrics.ts and every Temporal SDK metric the rules and dashboards use in docs/operations.md', () => {
    const names = [...Object.values(METRIC_FAMILIES).map((f) => f.name), ...Object.values(GAUGES).map((g) => g.name)];
    expect(names.filter((n) => !operations.includes(`\`${n}\``))).to.deep.equal([]);
    const sdkUsed = new Set(expressions.flatMap(({ expr }) => promql(expr).selectors.map((s) => s.name)).filter((n) => n.startsWith('temporal_')).map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    expect([...sdkUsed].filter((n) => !operations.includes(`\`${n}\``))).to.deep.equal([]);
    for (const d of dashboards) expect(operations, `docs/operations.md describes ${d.title}`).to.include(d.title);
  });
});

describe('Prometheus (infra/compose/observability/prometheus.yml)', () => {
  it('scrapes every process of services/index.ts every 15 s, each replica found in Docker\'s DNS under its compose service name', () => {
    expect(prometheus.global.scrape_interval).to.equal('15s');
    for (const name of SERVICE_NAMES) {
      const job = prometheus.scrape_configs.find((c) => c.job_name === name);
      expect(job, `a job for ${name}`).to.not.equal(undefined);
      expect(job!.metrics_path ?? '/metrics', name).to.equal('/metrics');
      expect(job!.dns_sd_configs, name).to.have.length(1);
      const sd = job!.dns_sd_configs![0]!;
      expect(sd.names, name).to.deep.equal([name]);
      expect(sd.type, name).to.equal('A');
      expect(compose.services[name], `${name} is a compose service`).to.not.equal(undefined);
      // The gateway serves /metrics on its API port; the others on METRICS_PORT.
      const env = compose.services[name]!.environment ?? {};
      const port = name === 'gateway' ? env.PORT : env.METRICS_PORT;
      expect(sd.port, `${name} is scraped on the port it serves /metrics on`).to.equal(Number(port));
    }
  });

  it('loads the rule files compose mounts read-only, and runs only in the observability profile with a pinned image and its data on a volume', () => {
    for (const target of prometheus.rule_files) expect(mounted('prometheus', target), target).to.be.a('string');
    expect(mounted('prometheus', '/etc/prometheus/prometheus.yml')).to.equal(`${dir}/prometheus.yml`);
    const s = compose.services.prometheus!;
    expect(s.profiles).to.deep.equal(['observability']);
    expect(s.image).to.match(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(s.volumes).to.include('prometheus-data:/prometheus');
  });

  it('leaves the project processes and the servers they need outside any profile', () => {
    const profiled = Object.entries(compose.services).filter(([, s]) => s.profiles !== undefined).map(([n]) => n);
    expect(profiled.sort()).to.deep.equal(['grafana', 'prometheus']);
  });
});

describe('Grafana (infra/compose/observability/grafana)', () => {
  it('runs only in the observability profile, pinned, without anonymous access, its admin password a required secret from .env', () => {
    const s = compose.services.grafana!;
    expect(s.profiles).to.deep.equal(['observability']);
    expect(s.image).to.match(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    const env = s.environment ?? {};
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).to.equal('false');
    expect(env.GF_USERS_ALLOW_SIGN_UP).to.equal('false');
    expect(String(env.GF_SECURITY_ADMIN_PASSWORD)).to.match(/^\$\{GRAFANA_ADMIN_PASSWORD:\?[^}]+\}$/);
    expect(s.volumes).to.include('grafana-data:/var/lib/grafana');
    expect(grafanaProvisioning).to.equal(`${dir}/grafana/provisioning`);
  });

  it('provisions one Prometheus datasource with a fixed uid, at the compose service prometheus', () => {
    expect(datasources).to.have.length(1);
    expect(datasources[0]!.type).to.equal('prometheus');
    expect(datasources[0]!.uid).to.equal('prometheus');
    expect(new URL(datasources[0]!.url).host).to.equal('prometheus:9090');
  });

  it('loads the dashboards from where compose mounts the dashboards directory', () => {
    expect(providers).to.have.length(1);
    expect(providers[0]!.type).to.equal('file');
    expect(mounted('grafana', providers[0]!.options.path)).to.equal(dashboardDir);
  });

  it('points every panel and every query of both dashboards at the provisioned datasource, by its uid', () => {
    const uid = datasources[0]!.uid;
    for (const d of dashboards) {
      expect(JSON.stringify(d.raw), `${d.file} needs no import variables`).to.not.include('${DS_');
      for (const p of d.panels.filter((panel) => panel.type !== 'row')) {
        expect(p.datasource?.uid, `${d.file}: ${p.title}`).to.equal(uid);
        expect(p.targets, `${d.file}: ${p.title} has queries`).to.not.be.empty;
        for (const t of p.targets ?? []) expect(t.datasource?.uid ?? uid, `${d.file}: ${p.title} ${t.refId}`).to.equal(uid);
      }
      const ids = d.panels.map((p) => p.id);
      expect(new Set(ids).size, `${d.file}: panel ids are unique`).to.equal(ids.length);
    }
    expect(new Set(dashboards.map((d) => d.uid)).size, 'dashboard uids are unique').to.equal(dashboards.length);
  });
});

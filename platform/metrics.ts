/**
 * Prometheus metrics (prom-client): one registry per service, so that services started in one
 * process (the tests) keep their figures apart. Every metric of the project is declared here, with
 * its help text, so that docs/operations.md, the dashboards and the alert rules have one list to
 * follow (test/infra/observability.test.ts checks that they name only these).
 *
 * Figures read at scrape time (JetStream consumers, the outbox, the business gauges) are added with
 * `gauge(…, collect)`: they cost nothing between scrapes. With METRICS_ENABLED=false every family
 * is a no-op and no gauge is read, so the figures with metrics off are the code's own.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import type { Logger } from './logger.ts';

type Labels<L extends string> = Partial<Record<L, string | number>>;

/** A histogram of durations or delays, in seconds. */
export interface Observer<L extends string> {
  observe(labels: Labels<L>, seconds: number): void;
  /** Starts a clock; the returned function observes the seconds since, with the labels known at the end. */
  startTimer(labels?: Labels<L>): (end?: Labels<L>) => void;
}

export interface Count<L extends string> {
  inc(labels: Labels<L>, by?: number): void;
}

/** Sets the value of one series of a gauge read at scrape time. */
export type GaugeSetter<L extends string> = (labels: Labels<L>, value: number) => void;

/** Buckets of a call to another part of the system (NATS, Temporal): 5 ms to the 30 s of the longest timeouts. */
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The families every process may observe; a process exposes the ones it uses. */
export const METRIC_FAMILIES = {
  http: {
    name: 'cc_http_request_duration_seconds',
    help: 'HTTP requests the gateway answered, by route template, method and status, and how long each took',
    labels: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  natsRequest: {
    name: 'cc_nats_request_duration_seconds',
    help: 'NATS request/reply calls this process made, by subject and outcome (ok, error, timeout, no_responders)',
    labels: ['subject', 'outcome'],
    buckets: CALL_BUCKETS,
  },
  natsCommand: {
    name: 'cc_nats_command_duration_seconds',
    help: 'NATS request/reply commands this process answered, by subject and outcome (ok, refused, failed)',
    labels: ['subject', 'outcome'],
    buckets: CALL_BUCKETS,
  },
  temporalClient: {
    name: 'cc_temporal_client_request_duration_seconds',
    help: 'Calls this process made to the Temporal server as a client (start, update, query, signal…), by operation and outcome',
    labels: ['operation', 'outcome'],
    buckets: CALL_BUCKETS,
  },
  notifications: {
    name: 'cc_notifications_total',
    help: 'Notifications by channel, template and outcome: sent, failed (to be retried) or parked (given up on)',
    labels: ['channel', 'template', 'outcome'],
  },
  notificationDelay: {
    name: 'cc_notification_delay_seconds',
    help: 'From the event that asked for a notification to its send, by channel',
    labels: ['channel'],
    buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  },
  jetstreamDeliveries: {
    name: 'cc_jetstream_deliveries_total',
    help: 'Messages a durable JetStream consumer of this process received, by consumer and whether it was a redelivery',
    labels: ['consumer', 'redelivery'],
  },
} as const;

/** Gauges read at scrape time, by name: declared here for the same one list. */
export const GAUGES = {
  jetstreamPending: { name: 'cc_jetstream_consumer_pending_messages', help: 'Messages on the stream a durable consumer has not been given yet', labels: ['stream', 'consumer'] },
  jetstreamAckPending: { name: 'cc_jetstream_consumer_ack_pending_messages', help: 'Messages given to a durable consumer and not acknowledged yet', labels: ['stream', 'consumer'] },
  jetstreamRedelivered: { name: 'cc_jetstream_consumer_redelivered_messages', help: 'Messages of a durable consumer delivered more than once and not acknowledged yet', labels: ['stream', 'consumer'] },
  outboxBacklog: { name: 'cc_outbox_backlog_entries', help: 'Outbox entries written and not yet published to JetStream, by outbox', labels: ['outbox'] },
  outboxOldest: { name: 'cc_outbox_oldest_age_seconds', help: 'Age of the oldest outbox entry not yet published (0 when the outbox is empty), by outbox', labels: ['outbox'] },
  requestsOpen: { name: 'cc_requests_open', help: 'Open requests by status', labels: ['status'] },
  requestsOpenByExecutor: { name: 'cc_requests_open_by_executor', help: 'Open requests by executor', labels: ['executor'] },
  requestsOverdue: { name: 'cc_requests_overdue', help: 'Open requests past their deadline now, by executor', labels: ['executor'] },
  closuresAwaitingReview: { name: 'cc_closures_awaiting_review_overdue', help: 'Requests proposed for closure whose review is past the next working day (9.2.4)', labels: [] },
  memosAwaitingDecision: { name: 'cc_memos_awaiting_decision', help: '5.7 memos awaiting a decision', labels: [] },
} as const satisfies Record<string, { name: string; help: string; labels: readonly string[] }>;

type FamilyLabels<K extends keyof typeof METRIC_FAMILIES> = (typeof METRIC_FAMILIES)[K]['labels'][number];

export interface Metrics {
  readonly enabled: boolean;
  readonly service: string;
  readonly http: Observer<FamilyLabels<'http'>>;
  readonly natsRequest: Observer<FamilyLabels<'natsRequest'>>;
  readonly natsCommand: Observer<FamilyLabels<'natsCommand'>>;
  readonly temporalClient: Observer<FamilyLabels<'temporalClient'>>;
  readonly notifications: Count<FamilyLabels<'notifications'>>;
  readonly notificationDelay: Observer<FamilyLabels<'notificationDelay'>>;
  readonly jetstreamDeliveries: Count<FamilyLabels<'jetstreamDeliveries'>>;
  /**
   * A gauge read at scrape time: `collect` sets the series it knows (a failed read is logged and
   * leaves the gauge empty for that scrape, which an alert on absence can see).
   */
  gauge<K extends keyof typeof GAUGES>(key: K, collect: (set: GaugeSetter<(typeof GAUGES)[K]['labels'][number]>) => Promise<void>): void;
  /** More exposition text appended to every scrape (the Temporal SDK core's own metrics). */
  addSource(read: () => Promise<string>): void;
  /** The whole exposition, in the Prometheus text format. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

const noopObserver: Observer<never> = { observe: () => undefined, startTimer: () => () => undefined };
const noopCount: Count<never> = { inc: () => undefined };

/** Creates the process's (or the in-process service's) metrics. */
export function createMetrics(opts: { service: string; enabled?: boolean; logger?: Logger }): Metrics {
  const enabled = opts.enabled ?? true;
  const registry = new client.Registry();
  registry.setDefaultLabels({ service: opts.service });
  const sources: (() => Promise<string>)[] = [];
  if (enabled) client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const histogram = <K extends 'http' | 'natsRequest' | 'natsCommand' | 'temporalClient' | 'notificationDelay'>(key: K): Observer<FamilyLabels<K>> => {
    if (!enabled) return noopObserver;
    const f = METRIC_FAMILIES[key];
    const h = new client.Histogram({ name: f.name, help: f.help, labelNames: [...f.labels], buckets: [...f.buckets], registers: [registry] });
    return {
      observe: (labels, seconds) => h.observe(labels as client.LabelValues<string>, seconds),
      startTimer: (labels) => {
        const end = h.startTimer(labels);
        return (more) => void end(more);
      },
    };
  };
  const counter = <K extends 'notifications' | 'jetstreamDeliveries'>(key: K): Count<FamilyLabels<K>> => {
    if (!enabled) return noopCount;
    const f = METRIC_FAMILIES[key];
    const c = new client.Counter({ name: f.name, help: f.help, labelNames: [...f.labels], registers: [registry] });
    return { inc: (labels, by = 1) => c.inc(labels as client.LabelValues<string>, by) };
  };
  return {
    enabled,
    service: opts.service,
    http: histogram('http'),
    natsRequest: histogram('natsRequest'),
    natsCommand: histogram('natsCommand'),
    temporalClient: histogram('temporalClient'),
    notifications: counter('notifications'),
    notificationDelay: histogram('notificationDelay'),
    jetstreamDeliveries: counter('jetstreamDeliveries'),
    gauge(key, collect) {
      if (!enabled) return;
      const g = GAUGES[key];
      if (registry.getSingleMetric(g.name)) throw new Error(`gauge ${g.name} is already collected in ${opts.service}`);
      new client.Gauge({
        name: g.name,
        help: g.help,
        labelNames: [...g.labels],
        registers: [registry],
        async collect() {
          this.reset();
          try {
            await collect((labels, value) => this.set(labels as client.LabelValues<string>, value));
          } catch (err) {
            this.reset();
            opts.logger?.warn('reading a gauge failed', { gauge: g.name, err: err instanceof Error ? err.message : String(err) });
          }
        },
      });
    },
    addSource(read) {
      if (enabled) sources.push(read);
    },
    async scrape() {
      const own = await registry.metrics();
      const more = await Promise.all(sources.map((read) => read().catch(() => '')));
      return [own, ...more.filter((t) => t.trim() !== '')].join('\n');
    },
    contentType: registry.contentType,
  };
}

/**
 * Serves `GET /metrics` on its own port (every process but the gateway, which serves it on its API
 * port). Port 0 picks a free one; `port` says which.
 */
export async function serveMetrics(metrics: Metrics, opts: { port: number; host?: string; logger?: Logger }): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    metrics.scrape().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (err: unknown) => {
        opts.logger?.error('scrape failed', { err: err instanceof Error ? err.message : String(err) });
        res.writeHead(500, { 'content-type': 'text/plain' }).end('scrape failed\n');
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

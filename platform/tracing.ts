/**
 * OpenTelemetry traces: one registration is one trace, from the gateway's HTTP span through NATS,
 * intake, the Temporal start, the worker's workflow and activities, MongoDB and JetStream to the
 * notification that follows. The context crosses processes in NATS message headers (W3C
 * `traceparent`) and in Temporal headers (@temporalio/interceptors-opentelemetry).
 *
 * Each process installs tracing once (`runService`). Spans are exported over OTLP (HTTP, protobuf)
 * only when OTEL_EXPORTER_OTLP_ENDPOINT is set; without it they are still made, so that log lines
 * carry a trace id that ties one registration's lines together across the processes.
 * TRACING_ENABLED=false leaves the no-op tracer: no spans, no trace ids.
 *
 * Span attributes name routes, subjects, commands and collections: never a body, a query, a name,
 * a phone or an address.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { parseEnv, platformEnv } from './config.ts';

const TRACER_NAME = 'contact-center';

/** What tracing reads from the environment (platform/config.ts platformEnv). */
const tracingEnv = platformEnv.pick({ TRACING_ENABLED: true, OTEL_EXPORTER_OTLP_ENDPOINT: true });

export interface Tracing {
  /**
   * Whether spans go anywhere (an OTLP endpoint, or a test's exporter). Only then are the costly
   * spans made: the workflows' (inside the sandbox), the activities' and every MongoDB command's.
   * Without an exporter the cheap ones still are (HTTP, NATS, JetStream, Temporal starts), for the
   * trace ids the log lines carry.
   */
  exporting: boolean;
  /** The processor the worker hands its workflows' spans to (they are made inside the sandbox and exported through a sink). */
  processor: SpanProcessor;
  resource: Resource;
  /** Sends what is buffered and stops. */
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/** The process's tracing, once installed (undefined: the no-op tracer; nothing to hand the worker). */
export const currentTracing = (): Tracing | undefined => installed;

/**
 * Installs the process's tracer provider (context in AsyncLocalStorage, W3C propagation). `exporter`
 * replaces the OTLP one (the tests' in-memory exporter, exported at once). Returns undefined when
 * TRACING_ENABLED=false. A second call returns the first installation.
 */
export function installTracing(opts: { service: string; exporter?: SpanExporter; env?: NodeJS.ProcessEnv }): Tracing | undefined {
  if (installed) return installed;
  const env = parseEnv(tracingEnv, opts.env ?? process.env);
  if (!env.TRACING_ENABLED && !opts.exporter) return undefined;
  const resource = new Resource({ 'service.name': opts.service, 'service.namespace': 'contact-center' });
  const processor: SpanProcessor = opts.exporter
    ? new SimpleSpanProcessor(opts.exporter)
    : env.OTEL_EXPORTER_OTLP_ENDPOINT
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` }))
      : new NoopSpanProcessor();
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  installed = {
    exporting: opts.exporter !== undefined || env.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined,
    processor,
    resource,
    shutdown: async () => {
      await provider.shutdown();
    },
  };
  return installed;
}

/** Undoes `installTracing` (a test that installed an in-memory exporter, so later tests run untraced). */
export async function uninstallTracing(): Promise<void> {
  const was = installed;
  installed = undefined;
  await was?.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
}

export const tracer = () => trace.getTracer(TRACER_NAME);

/** Whether spans are being recorded in this process (their context is then put in NATS headers). */
export const tracingActive = (): boolean => installed !== undefined;

/** Whether the spans go anywhere (the costly instrumentation is set up only then). */
export const tracingExports = (): boolean => installed?.exporting === true;

/**
 * Runs `fn` in a new span (a child of `parent`, or of the active context), ending it when `fn`
 * settles; a thrown error marks the span as failed and is rethrown.
 */
export async function inSpan<T>(name: string, opts: { kind?: SpanKind; attributes?: Attributes; parent?: Context }, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = opts.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, ...(opts.attributes ? { attributes: opts.attributes } : {}) }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.name : 'error' });
      throw err;
    } finally {
      span.end();
    }
  });
}

const hdrSetter = { set: (carrier: MsgHdrs, key: string, value: string) => carrier.set(key, value) };
const hdrGetter = {
  get: (carrier: MsgHdrs | undefined, key: string) => carrier?.get(key) || undefined,
  keys: (carrier: MsgHdrs | undefined) => (carrier ? carrier.keys() : []),
};

/** NATS headers carrying the active trace context (and `into`'s own headers, when given). */
export function traceHeaders(into?: MsgHdrs, ctx: Context = context.active()): MsgHdrs {
  const h = into ?? natsHeaders();
  propagation.inject(ctx, h, hdrSetter);
  return h;
}

/** The trace context a NATS message carries in its headers (the root context when it carries none). */
export const contextFromHeaders = (h: MsgHdrs | undefined): Context => propagation.extract(context.active(), h, hdrGetter);

/**
 * Handles one JetStream message in a consumer span, the child of the publisher's span (its context
 * travels in the message's headers).
 */
export function inConsumerSpan<T>(msg: { subject: string; headers?: MsgHdrs | undefined }, consumer: string, fn: () => Promise<T>): Promise<T> {
  return inSpan(
    `${msg.subject} process`,
    { kind: SpanKind.CONSUMER, parent: contextFromHeaders(msg.headers), attributes: { 'messaging.system': 'nats', 'messaging.destination.name': msg.subject, 'messaging.consumer.group.name': consumer, 'messaging.operation.type': 'process' } },
    fn,
  );
}

/** The active span's ids for a log line, when there is a recording span. */
export function traceFields(): { trace_id: string; span_id: string } | undefined {
  const sc = trace.getSpan(context.active())?.spanContext();
  if (!sc || !trace.isSpanContextValid(sc)) return undefined;
  return { trace_id: sc.traceId, span_id: sc.spanId };
}

export { SpanKind };

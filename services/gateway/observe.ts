/**
 * Each HTTP request in a server span (the child of a `traceparent` the client sent) and timed into
 * `cc_http_request_duration_seconds` by method, route template and status. The route is the API's
 * template (`/api/v1/requests/:number`), never the path: numbers, phones and ids stay out of the
 * labels and the span.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Request, RequestHandler, Response } from 'express';
import type { Metrics } from '../../platform/metrics.ts';
import { tracer } from '../../platform/tracing.ts';
import { API_BASE } from './openapi.ts';

/** The label of a request's route: the template it matched, or what kind of answer it got. */
export function routeOf(req: Request, res: Response): string {
  const template = res.locals.routeTemplate as string | undefined;
  if (template) return `${API_BASE}${template}`;
  const matched = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof matched === 'string') return `${req.baseUrl}${matched}`;
  if (req.path.startsWith('/api/docs')) return '/api/docs';
  if (res.statusCode === 404) return 'unmatched';
  return req.path.startsWith('/api/') ? 'api' : 'web';
}

const headerGetter = {
  get: (req: Request, key: string) => req.get(key) ?? undefined,
  keys: (req: Request) => Object.keys(req.headers),
};

export function observeHttp(metrics: Metrics | undefined): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const parent = propagation.extract(context.active(), req, headerGetter);
    const span = tracer().startSpan(`${req.method} request`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
    res.once('finish', () => {
      const route = routeOf(req, res);
      metrics?.http.observe({ method: req.method, route, status: res.statusCode }, (performance.now() - started) / 1000);
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    // A request the client gave up on ends its span too.
    res.once('close', () => {
      if (!res.writableFinished) span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/**
 * The HTTP edge. `createApp` builds the express app without listening, so tests drive it with
 * supertest; `startGateway` wires it to the real connections. Without `api` deps only the health
 * endpoints and the API description are served (what the process needs before it is connected).
 */
import express, { type ErrorRequestHandler, type Express } from 'express';
import { randomUUID } from 'node:crypto';
import swaggerUi from 'swagger-ui-express';
import type { Logger } from '../../platform/logger.ts';
import type { ApiDeps } from './deps.ts';
import { errorBody, HttpError, RETRY_AFTER_SECONDS, toHttpError } from './http-errors.ts';
import { API_BASE, openApiDocument } from './openapi.ts';
import { mountRoutes } from './routes/define.ts';
import { API_ROUTES } from './routes/index.ts';

export type ReadinessCheck = () => Promise<void>;

export interface AppDeps {
  /** Named dependency checks for /readyz (MongoDB, NATS, Temporal). */
  readiness: Record<string, ReadinessCheck>;
  /** The API's dependencies; without them /api/v1 answers only the OpenAPI document. */
  api?: ApiDeps;
  logger?: Logger;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/** Largest JSON body accepted; attachments have their own limit (MAX_UPLOAD_MB). */
export const JSON_BODY_LIMIT = '256kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    // A correlation id for logs across gateway → intake → workflow: the client's, or a new one.
    const given = req.get('x-correlation-id');
    const id = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    res.locals.correlationId = id;
    res.set('X-Correlation-Id', id);
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(express.json({ limit: JSON_BODY_LIMIT }));

  /** Liveness: the process serves HTTP. */
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** Readiness: every dependency answers; 503 names the ones that do not. */
  app.get('/readyz', async (_req, res) => {
    const results: Array<readonly [string, { ok: boolean; error?: string }]> = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await withTimeout(check(), 2000);
          return [name, { ok: true }] as const;
        } catch (err) {
          return [name, { ok: false, error: err instanceof Error ? err.message : String(err) }] as const;
        }
      }),
    );
    const ok = results.every(([, r]) => r.ok);
    if (!ok) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', checks: Object.fromEntries(results) });
  });

  /** The API description (OpenAPI 3.1) and Swagger UI over it. */
  const document = openApiDocument(API_ROUTES);
  app.get(`${API_BASE}/openapi.json`, (_req, res) => {
    res.json(document);
  });
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Contact Center API' }));

  if (deps.api) {
    const router = express.Router();
    mountRoutes(router, API_ROUTES, deps.api);
    app.use(API_BASE, router);
  }

  app.use((_req, _res, next) => {
    next(new HttpError(404, 'not_found', 'no such route'));
  });
  const onError: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const e = toHttpError(err);
    if (e.status >= 500) {
      const logger = deps.logger ?? deps.api?.logger;
      const meta = { correlationId: res.locals.correlationId as string, method: req.method, path: req.path };
      // A 503 the code chose (a dependency down) is worth a warning; anything unexpected, the stack.
      if (err instanceof HttpError) logger?.warn(e.message, { ...meta, code: e.code });
      else logger?.error('request failed', { ...meta, err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // Every 503 is an outage or an overload that passes: say when to try again (with the same Idempotency-Key).
    if (e.status === 503) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(e.status).json(errorBody(e));
  };
  app.use(onError);
  return app;
}

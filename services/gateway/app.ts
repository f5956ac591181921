/**
 * The HTTP edge. `createApp` builds the express app without listening, so tests drive it with
 * supertest; `startGateway` wires it to the real connections. Without `api` deps only the health
 * endpoints and the API description are served (what the process needs before it is connected).
 */
import cors from 'cors';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import swaggerUi from 'swagger-ui-express';
import { STAFF_ROLES } from '../../contracts/users.ts';
import { CODEC_PATH } from '../../contracts/wire.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import { observeHttp } from './observe.ts';
import { authenticateRequest } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import { errorBody, HttpError, RETRY_AFTER_SECONDS, toHttpError } from './http-errors.ts';
import { API_BASE, openApiDocument } from './openapi.ts';
import { STAFF_COOKIE } from './routes/codec.ts';
import { cookieOf, mountRoutes } from './routes/define.ts';
import { API_ROUTES } from './routes/index.ts';
import { serveWebApp, type WebApp } from './web.ts';

export type ReadinessCheck = () => Promise<void>;

export interface AppDeps {
  /** Named dependency checks for /readyz (MongoDB, NATS, Temporal). */
  readiness: Record<string, ReadinessCheck>;
  /** The API's dependencies; without them /api/v1 answers only the OpenAPI document. */
  api?: ApiDeps;
  logger?: Logger;
  /** Express `trust proxy` (TRUST_PROXY): whose address `req.ip` is, for the per-address limits. */
  trustProxy?: boolean | number | string;
  /** The web application served at `/` (services/gateway/web.ts). */
  web?: WebApp;
  /** Production: Swagger UI, the OpenAPI document and the readiness details for staff only; HTTPS enforced by CSP. */
  production?: boolean;
  /** The origins (the Temporal UI's) allowed to call the codec endpoint from a browser, with credentials. */
  codecCorsOrigins?: readonly string[];
  /** The gateway's metrics: every request timed by route template, and `GET /metrics` to scrape them. */
  metrics?: Metrics;
}

/**
 * The Content Security Policy: a same-origin application (the web application at `/`) whose scripts
 * and styles come from the gateway itself, nothing inline, no frames. Swagger UI's page has inline
 * styles (never scripts), so its path alone also allows inline styles.
 */
function contentSecurityPolicy(production: boolean, inlineStyles: boolean): RequestHandler {
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: inlineStyles ? ["'self'", "'unsafe-inline'"] : ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      // Behind the TLS proxy only: the development stack serves plain HTTP on loopback.
      ...(production ? { upgradeInsecureRequests: [] } : {}),
    },
  });
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/**
 * What a client is told of a failure the code did not choose to explain (a 500, or any 5xx but the
 * 503 of an outage): nothing of the failure itself, whose text may name a database, a path or a
 * provider's answer, only the correlation id the log line carries, to quote when reporting it.
 */
function internalError(correlationId: string): HttpError {
  return new HttpError(500, 'internal', `internal error; quote ${correlationId} when reporting it`, { correlationId });
}

/** Largest JSON body accepted; attachments have their own limit (MAX_UPLOAD_MB). */
export const JSON_BODY_LIMIT = '256kb';

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  // First: a span and a timing around everything the request goes through.
  app.use(observeHttp(deps.metrics));
  if (deps.metrics?.enabled) {
    const metrics = deps.metrics;
    /** The gateway's metrics in the Prometheus text format (the proxy in front keeps it from the outside: infra/compose/proxy). */
    app.get('/metrics', (_req, res, next) => {
      metrics.scrape().then((text) => res.type(metrics.contentType).send(text), next);
    });
  }
  app.use((req, res, next) => {
    // A correlation id for logs across gateway → intake → workflow: the client's, or a new one.
    const given = req.get('x-correlation-id');
    const id = given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
    res.locals.correlationId = id;
    res.set('X-Correlation-Id', id);
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  const production = deps.production ?? false;
  // Security headers (helmet's defaults: HSTS, nosniff, frame and referrer policies…) with the CSP above.
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(contentSecurityPolicy(production, false));
  // The Temporal UI calls the codec from its own origin, with the staff cookie (preflight included).
  app.use(
    CODEC_PATH,
    cors({
      origin: deps.codecCorsOrigins && deps.codecCorsOrigins.length > 0 ? [...deps.codecCorsOrigins] : false,
      credentials: true,
      methods: ['POST'],
      allowedHeaders: ['Content-Type', 'Authorization', 'X-Namespace'],
      maxAge: 600,
    }),
  );
  app.use(express.json({ limit: JSON_BODY_LIMIT }));

  /** Whether the caller is signed-in staff (bearer token or the staff cookie); a bad token is just not staff. */
  const isStaff = async (req: Request): Promise<boolean> => {
    if (!deps.api) return false;
    try {
      const auth = await authenticateRequest({ authorization: req.get('authorization'), staffCookie: cookieOf(req, STAFF_COOKIE) }, deps.api.tokens, deps.api.users);
      return auth !== undefined && (STAFF_ROLES as readonly string[]).includes(auth.user.role);
    } catch {
      return false;
    }
  };
  /** In production, what helps an attacker map the system (the API description, dependency errors) is for staff only. */
  const staffOnlyInProduction: RequestHandler = (req, _res, next) => {
    if (!production) return next();
    isStaff(req).then(
      (ok) => next(ok ? undefined : new HttpError(401, 'unauthenticated', 'staff only: sign in, then POST /api/v1/staff-session (or send "Authorization: Bearer <token>")')),
      next,
    );
  };

  /** Liveness: the process serves HTTP. */
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** Readiness: every dependency answers; 503 names the ones that do not. */
  app.get('/readyz', async (req, res) => {
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
    // In production the checks (dependency names, their errors) are for staff; others get the verdict.
    const detailed = !production || (await isStaff(req));
    if (!ok) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', ...(detailed ? { checks: Object.fromEntries(results) } : {}) });
  });

  /** The API description (OpenAPI 3.1) and Swagger UI over it. */
  const document = openApiDocument(API_ROUTES);
  app.get(`${API_BASE}/openapi.json`, staffOnlyInProduction, (_req, res) => {
    res.json(document);
  });
  app.use('/api/docs', staffOnlyInProduction, contentSecurityPolicy(production, true), swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Contact Center API' }));

  if (deps.api) {
    const router = express.Router();
    mountRoutes(router, API_ROUTES, deps.api);
    app.use(API_BASE, router);
  }
  if (deps.web) app.use(serveWebApp(deps.web));

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
    // A limit (429) or a busy dependency (503) says when to come back; every 503 is an outage or an
    // overload that passes (retry with the same Idempotency-Key).
    const retryAfter = (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if ((e.status === 429 || e.status === 503) && typeof retryAfter === 'number' && !res.get('Retry-After')) res.set('Retry-After', String(Math.ceil(retryAfter)));
    if (e.status === 503 && !res.get('Retry-After')) res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(e.status).json(errorBody(e.status >= 500 && e.status !== 503 ? internalError(res.locals.correlationId as string) : e));
  };
  app.use(onError);
  return app;
}

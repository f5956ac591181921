/**
 * The HTTP edge. `createApp` builds the express app without listening, so tests drive it with
 * supertest; `startGateway` wires it to the real connections.
 */
import express, { type ErrorRequestHandler, type Express } from 'express';

export type ReadinessCheck = () => Promise<void>;

export interface AppDeps {
  /** Named dependency checks for /readyz (MongoDB, NATS, Temporal). */
  readiness: Record<string, ReadinessCheck>;
}

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

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
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', checks: Object.fromEntries(results) });
  });

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'no such route' } });
  });
  const onError: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, _next) => {
    if (err.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'invalid_json', message: 'the request body is not valid JSON' } });
      return;
    }
    if (err.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'too_large', message: 'the request body is too large' } });
      return;
    }
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  };
  app.use(onError);
  return app;
}

/**
 * Route definitions: each route is declared once — path, method, zod schemas for its path, query,
 * headers and body, its responses — and that one declaration both mounts the express handler
 * (authenticate → the RBAC table → parse every input → handler) and feeds the OpenAPI document.
 */
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { z } from 'zod';
import type { ZodOpenApiRequestBodyObject, ZodOpenApiResponseObject } from 'zod-openapi';
import type { User } from '../../../contracts/users.ts';
import { SUBJECTS } from '../../../contracts/wire.ts';
import type { AuthState } from '../../../data/users.repository.ts';
import { authenticateRequest } from '../auth.ts';
import type { ApiDeps } from '../deps.ts';
import { fromZod, HttpError } from '../http-errors.ts';
import { ACCESS, allows, type RouteId } from '../rbac.ts';

type Method = 'get' | 'post' | 'put' | 'delete';
type AnyObject = z.ZodObject;

export interface Reply {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Ctx<P, Q, H, B, U> {
  req: Request;
  res: Response;
  params: P;
  query: Q;
  headers: H;
  body: B;
  user: U;
  deps: ApiDeps;
}

interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** A non-JSON response (a download): its OpenAPI content as is. */
  content?: ZodOpenApiResponseObject['content'];
}

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, H extends AnyObject, B extends z.ZodType, U> {
  id: RouteId;
  method: Method;
  /** OpenAPI style, under /api/v1: `/requests/{number}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  headers?: H;
  body?: B;
  /**
   * How an invalid body is answered: 400 invalid_input (the default), or 422 rule_violation where the
   * Regulation itself demands the fields (7.5: a closure proposal without every result field).
   */
  bodyRule?: { status: 422; code: string; clause: string };
  /** A body that is not JSON (multipart upload): documented as given, parsed by `middleware`. */
  rawBody?: ZodOpenApiRequestBodyObject;
  /** Runs after authorisation and before input parsing (e.g. the multipart parser). */
  middleware?: (deps: ApiDeps) => RequestHandler[];
  /**
   * A browser tool's session cookie, whose staff-tools token (never an API token) is accepted when no
   * Authorization header came; routes without it accept API tokens only.
   */
  sessionCookie?: string;
  responses: Record<number, ResponseDoc>;
  /** A Reply to send as JSON, or undefined when the handler wrote the response itself. */
  handler: (ctx: Ctx<z.output<P>, z.output<Q>, z.output<H>, z.output<B>, U>) => Promise<Reply | undefined>;
}

/** A route with its types erased, as the router and the OpenAPI builder see it. */
export interface AnyRoute {
  id: RouteId;
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  params?: AnyObject;
  query?: AnyObject;
  headers?: AnyObject;
  body?: z.ZodType;
  bodyRule?: { status: 422; code: string; clause: string };
  rawBody?: ZodOpenApiRequestBodyObject;
  middleware?: (deps: ApiDeps) => RequestHandler[];
  sessionCookie?: string;
  responses: Record<number, ResponseDoc>;
  handler: (ctx: Ctx<unknown, unknown, unknown, unknown, User | undefined>) => Promise<Reply | undefined>;
}

/** What a route without path, query or header parameters parses them with. */
type Empty = z.ZodObject<Record<string, never>>;

/** A route for signed-in users: the handler gets the user. */
export function route<P extends AnyObject = Empty, Q extends AnyObject = Empty, H extends AnyObject = Empty, B extends z.ZodType = z.ZodUndefined>(
  spec: RouteSpec<P, Q, H, B, User>,
): AnyRoute {
  if (ACCESS[spec.id] === 'public') throw new Error(`${spec.id} is public in the RBAC table; declare it with publicRoute`);
  return spec as unknown as AnyRoute;
}

/** A route anyone may call; the user is there when a valid token was sent (a bad one is ignored). */
export function publicRoute<P extends AnyObject = Empty, Q extends AnyObject = Empty, H extends AnyObject = Empty, B extends z.ZodType = z.ZodUndefined>(
  spec: RouteSpec<P, Q, H, B, User | undefined>,
): AnyRoute {
  if (ACCESS[spec.id] !== 'public') throw new Error(`${spec.id} is not public in the RBAC table; declare it with route`);
  return spec as unknown as AnyRoute;
}

/** `/requests/{number}` → `/requests/:number`. */
export const expressPath = (p: string): string => p.replace(/\{(\w+)\}/g, ':$1');

function parse<S extends z.ZodType>(schema: S | undefined, value: unknown, where: 'body' | 'query' | 'params' | 'headers'): unknown {
  if (!schema) return where === 'body' ? undefined : {};
  const res = schema.safeParse(value);
  if (!res.success) throw fromZod(res.error, where);
  return res.data;
}

/**
 * Writes to the reference data that intake keeps in memory (services/intake/reference.ts): after
 * one succeeds, and before its answer, the gateway announces it on SUBJECTS.referenceChanged, so
 * that a registration sent after the answer is judged on the new data.
 */
export const REFERENCE_WRITES: ReadonlySet<string> = new Set([
  'executors.create',
  'executors.update',
  'classifier.create',
  'classifier.update',
  'calendar.put',
  'districts.create',
  'districts.update',
  'memos.block',
  'blockedNumbers.delete',
]);

/** The value of one cookie of a request, or undefined. */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}

/** Mounts the routes on an express router with authentication, the RBAC table and input parsing. */
export function mountRoutes(router: Router, routes: readonly AnyRoute[], deps: ApiDeps): void {
  for (const r of routes) {
    const access = ACCESS[r.id];
    const guard: RequestHandler = async (req, res, next) => {
      // The route's template, for the HTTP metrics and spans (never the path with its numbers and ids).
      res.locals.routeTemplate = expressPath(r.path);
      const sent = { authorization: req.get('authorization'), ...(r.sessionCookie ? { staffCookie: cookieOf(req, r.sessionCookie) } : {}) };
      let auth: AuthState | undefined;
      try {
        auth = await authenticateRequest(sent, deps.tokens, deps.users);
      } catch (err) {
        // A public route answers a stale or malformed token as it answers anyone: the caller is anonymous.
        if (access !== 'public' || !(err instanceof HttpError) || err.status !== 401) throw err;
      }
      const user = auth?.user;
      if (access !== 'public') {
        if (!user) throw new HttpError(401, 'unauthenticated', 'sign in first: POST /api/v1/auth/login, then send "Authorization: Bearer <token>"');
        if (!allows(access, user.role)) throw new HttpError(403, 'role_forbidden', `${/^[aeiou]/.test(user.role) ? 'an' : 'a'} ${user.role} may not ${r.summary.toLowerCase()}`, { role: user.role, allowed: access });
      }
      res.locals.user = user;
      res.locals.auth = auth;
      next();
    };
    const handle = async (req: Request, res: Response, _next: NextFunction): Promise<void> => {
      const params = parse(r.params, req.params, 'params');
      const query = parse(r.query, req.query, 'query');
      const headers = parse(r.headers, req.headers, 'headers');
      // A JSON route without a body still gets `{}` checked, so `.strict()` bodies reject stray fields.
      let body: unknown;
      try {
        body = r.body ? parse(r.body, req.body ?? {}, 'body') : undefined;
      } catch (err) {
        if (!(err instanceof HttpError) || !r.bodyRule) throw err;
        throw new HttpError(r.bodyRule.status, r.bodyRule.code, `${r.bodyRule.clause} ${err.message}`, err.details);
      }
      const user = res.locals.user as User | undefined;
      const reply = await r.handler({ req, res, params, query, headers, body, user, deps });
      if (!reply) return;
      if (REFERENCE_WRITES.has(r.id) && (reply.status ?? 200) < 300) deps.nc.publish(SUBJECTS.referenceChanged);
      if (reply.headers) res.set(reply.headers);
      res.status(reply.status ?? 200).json(reply.body);
    };
    router[r.method](expressPath(r.path), guard, ...(r.middleware?.(deps) ?? []), handle);
  }
}

/** Page/pageSize query parameters shared by the lists. */
export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1).meta({ description: 'Page number, from 1.' }),
  pageSize: z.coerce.number().int().min(1).max(100).default(20).meta({ description: 'Items per page (at most 100).' }),
};

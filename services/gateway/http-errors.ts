/**
 * The one place where failures become HTTP answers `{ error: { code, message, details? } }`:
 * zod issues (400, naming each offending field), domain refusals (DomainError codes), the request
 * workflow's refused Updates (ApplicationFailure types), and everything else as a 500 with no
 * internals. Clients never see a stack trace.
 */
import { ApplicationFailure } from '@temporalio/common';
import { errors as natsErrors } from '@nats-io/nats-core';
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { z } from 'zod';
import { PasswordWorkBusyError } from '../../data/passwords.ts';
import { DomainError } from '../../domain/errors.ts';
import { REFUSAL_HTTP_STATUS } from '../../domain/lifecycle.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** An HTTP answer a handler decided on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Details naming one offending field in the shape every 400 uses, `{fields: [{field, message}]}`, plus any extras. */
export function fieldDetails(field: string, message: string, extra: Record<string, unknown> = {}): { fields: Array<{ field: string; message: string }> } & Record<string, unknown> {
  return { fields: [{ field, message }], ...extra };
}

export const errorBodySchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'Error', description: 'Every error: a stable code, a message for people and, where useful, details (for 400: the offending fields).' });

/** HTTP status of each DomainError code the data layers and intake use; anything else is a 422 rule violation. */
const DOMAIN_STATUS: Record<string, number> = {
  not_found: 404,
  wrong_status: 409,
  not_blocked: 404,
  login_taken: 409,
  last_admin: 409,
  executor_exists: 409,
  category_exists: 409,
  phone_blocked: 403,
  forbidden: 403,
};

/** How the request workflow's ApplicationFailure types map to HTTP (DESIGN §4). */
const FAILURE_STATUS: Record<string, number> = {
  ...REFUSAL_HTTP_STATUS,
  conflict: 409,
  invalid_input: 400,
  not_found: 404,
};

export function fromZod(err: z.ZodError, where: 'body' | 'query' | 'params' | 'headers'): HttpError {
  const fields = err.issues.map((i) => ({ field: [where, ...i.path.map(String)].join('.'), message: i.message, code: i.code }));
  const first = fields[0];
  return new HttpError(400, 'invalid_input', first ? `${first.field}: ${first.message}` : `invalid ${where}`, { fields });
}

function failureDetails(f: ApplicationFailure): Record<string, unknown> | undefined {
  const d = f.details?.[0];
  return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
}

/** Seconds a client is told to wait (`Retry-After`) before retrying a 503. */
export const RETRY_AFTER_SECONDS = 5;

const MONGO_UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoExpiredSessionError',
]);
/** gRPC: UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED (by the gateway's own deadline), RESOURCE_EXHAUSTED. */
const GRPC_UNAVAILABLE = new Set([14, 4, 1, 8]);

/**
 * Which dependency a failure says is out of reach (MongoDB, NATS or Temporal), walking its causes;
 * undefined when it is no outage. An outage is a 503 with Retry-After, never a 500.
 */
export function unavailableDependency(err: unknown): 'mongodb' | 'nats' | 'temporal' | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const { name, message } = e as { name?: unknown; message?: unknown };
    if (typeof name === 'string' && MONGO_UNAVAILABLE.has(name)) return 'mongodb';
    // mongoose queues operations while disconnected, then gives up with this.
    if (name === 'MongooseError' && typeof message === 'string' && /buffering timed out|not connected|connection .* closed/i.test(message)) return 'mongodb';
    if (
      e instanceof natsErrors.TimeoutError ||
      e instanceof natsErrors.NoRespondersError ||
      e instanceof natsErrors.ClosedConnectionError ||
      e instanceof natsErrors.DrainingConnectionError ||
      e instanceof natsErrors.ConnectionError ||
      e instanceof natsErrors.RequestError
    ) {
      return 'nats';
    }
    if (isGrpcServiceError(e) && GRPC_UNAVAILABLE.has(e.code)) return 'temporal';
  }
  return undefined;
}

/** Maps any thrown value to an HttpError; outages become 503 and unknown failures a bare 500. */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof PasswordWorkBusyError) return new HttpError(503, 'busy', err.message, { retryAfterSeconds: 1 });
  if (err instanceof z.ZodError) return fromZod(err, 'body');
  if (err instanceof DomainError) return new HttpError(DOMAIN_STATUS[err.code] ?? 422, err.code, err.message, err.details);
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure) {
      const type = cause.type ?? 'rule_violation';
      return new HttpError(FAILURE_STATUS[type] ?? 422, type, cause.message, failureDetails(cause));
    }
    return new HttpError(422, 'rule_violation', cause?.message ?? err.message);
  }
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'not_found', 'no such request in progress');
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return new HttpError(503, 'timeout', 'the request did not answer in time; try again');
  const e = err as { status?: number; type?: string; code?: string } | null;
  if (e?.type === 'entity.parse.failed') return new HttpError(400, 'invalid_json', 'the request body is not valid JSON');
  if (e?.type === 'entity.too.large') return new HttpError(413, 'too_large', 'the request body is too large');
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) return new HttpError(e.status, 'bad_request', 'the request could not be read');
  const down = unavailableDependency(err);
  if (down) return new HttpError(503, 'unavailable', `a service the API depends on (${down}) is out of reach; retry later`, { dependency: down });
  return new HttpError(500, 'internal', 'internal error');
}

export function errorBody(e: HttpError): ErrorBody {
  return { error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } };
}

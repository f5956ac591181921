/**
 * A client of the HTTP API that behaves as a careful real one does: every write carries an
 * `Idempotency-Key`, and a network error, a 5xx or a 429 is retried with the same key (after the
 * answer's `Retry-After`, or a short backoff) until a deadline. What the up-line check and
 * `npm run chaos` drive the system with.
 */
import { randomUUID } from 'node:crypto';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  /** Attempts it took (1 when the first answered). */
  attempts: number;
  /** Network errors, 5xx and 429 seen before the answer. */
  retried: { network: number; server: number; limited: number };
}

export class ApiGaveUp extends Error {}

export interface ApiClientOptions {
  /** Base URLs (`http://127.0.0.1:8080`); a retry goes to the next one, as behind a load balancer. */
  bases: string[];
  /** How long one call may keep retrying. */
  deadlineMs?: number;
  /** One attempt's time-out. */
  attemptTimeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class ApiClient {
  private next = 0;
  constructor(private readonly opts: ApiClientOptions) {}

  async call<T = unknown>(method: string, path: string, init: { token?: string; body?: unknown; key?: string } = {}): Promise<ApiAnswer<T>> {
    const key = init.key ?? (method === 'GET' ? undefined : randomUUID());
    const deadline = Date.now() + (this.opts.deadlineMs ?? 120_000);
    const retried = { network: 0, server: 0, limited: 0 };
    for (let attempt = 1; ; attempt++) {
      const base = this.opts.bases[this.next++ % this.opts.bases.length]!;
      let wait = Math.min(200 * 2 ** Math.min(attempt - 1, 5), 5000);
      try {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: {
            ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
            ...(key ? { 'Idempotency-Key': key } : {}),
          },
          ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
          signal: AbortSignal.timeout(this.opts.attemptTimeoutMs ?? 30_000),
        });
        const text = await res.text();
        if (res.status < 500 && res.status !== 429) {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: the text itself
          }
          return { status: res.status, body: body as T, attempts: attempt, retried };
        }
        if (res.status === 429) retried.limited++;
        else retried.server++;
        const after = Number(res.headers.get('retry-after'));
        if (Number.isFinite(after) && after > 0) wait = Math.min(after * 1000, 5000);
      } catch {
        retried.network++;
      }
      if (Date.now() + wait > deadline) throw new ApiGaveUp(`${method} ${path}: no answer but errors within ${(this.opts.deadlineMs ?? 120_000) / 1000} s (${JSON.stringify(retried)})`);
      await sleep(wait);
    }
  }

  /** Signs in and answers the token. */
  async login(login: string, password: string): Promise<string> {
    const res = await this.call<{ token?: string }>('POST', '/api/v1/auth/login', { body: { login, password } });
    if (res.status !== 200 || !res.body?.token) throw new Error(`sign-in as ${login}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }
}

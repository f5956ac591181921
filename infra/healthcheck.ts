/**
 * The containers' health check (docker-compose.yml), run inside the project's image:
 *   node --import tsx infra/healthcheck.ts <service>   this instance of the service answers the NATS request
 *                                                      cc.health.<service>.<instance> with ok (NATS_URL; the
 *                                                      instance is INSTANCE_ID, else the host name: the container's)
 *   node --import tsx infra/healthcheck.ts <url>       the URL answers with a 2xx (the gateway's /healthz)
 * Exits 0 when healthy and 1 otherwise, printing one line that says why; Docker keeps that line in
 * `docker inspect`. The image has no curl or nats CLI, and node is what it does have. It imports no
 * more than it needs, since Docker runs it every minute in every container: the service itself has
 * already validated NATS_URL.
 */
import { connect } from '@nats-io/transport-node';
import { hostname } from 'node:os';
import { pathToFileURL } from 'node:url';
import { healthSubject } from '../contracts/wire.ts';
import { natsServers } from '../platform/nats-url.ts';

const SERVICE = /^[a-z][a-z0-9-]*$/;

/**
 * Resolves when the `instance` of `service` answers its health subject on NATS within `timeoutMs`
 * and says it is ok; rejects saying why otherwise (no answer, or the problems it reports).
 */
export async function checkNats(natsUrl: string, service: string, timeoutMs: number, instance: string = hostname()): Promise<void> {
  if (!SERVICE.test(service)) throw new Error(`not a service name: '${service}'`);
  // A probe of its own: no reconnects, so an unreachable server fails the check instead of hanging it.
  const nc = await connect({
    ...natsServers(natsUrl),
    name: `healthcheck-${service}`,
    timeout: timeoutMs,
    maxReconnectAttempts: 0,
  });
  try {
    const reply = await nc.request(healthSubject(service, instance), '', { timeout: timeoutMs });
    let said: { ok?: unknown; problems?: unknown };
    try {
      said = reply.json();
    } catch {
      said = {};
    }
    if (said.ok === false) throw new Error(Array.isArray(said.problems) && said.problems.length > 0 ? said.problems.join('; ') : 'it says it is not ok');
  } finally {
    await nc.close();
  }
}

/** Resolves when `url` answers with a 2xx within `timeoutMs`; rejects saying why otherwise. */
export async function checkHttp(url: string, timeoutMs: number): Promise<void> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
}

/** Checks what the argument names: a URL over HTTP, anything else as a service over NATS. */
export async function healthcheck(target: string, source: NodeJS.ProcessEnv, timeoutMs = 5000): Promise<void> {
  if (/^https?:\/\//.test(target)) return checkHttp(target, timeoutMs);
  const natsUrl = source.NATS_URL;
  if (!natsUrl) throw new Error('NATS_URL is not set');
  return checkNats(natsUrl, target, timeoutMs, source.INSTANCE_ID || hostname());
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const target = process.argv[2];
  if (target === undefined) {
    process.stderr.write('usage: healthcheck.ts <service name | http(s) URL>\n');
    process.exit(2);
  }
  healthcheck(target, process.env).then(
    () => {
      process.stdout.write(`healthy: ${target}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stdout.write(`unhealthy: ${target}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

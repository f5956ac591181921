/**
 * NATS_URL may carry the user and password (`nats://user:password@host:4222`, as compose passes
 * them); the NATS client takes them as options, so they are split off the server addresses here.
 * Imports nothing, so the health check stays light.
 */
export interface NatsServers {
  servers: string[];
  user?: string;
  pass?: string;
}

export function natsServers(url: string): NatsServers {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url.split(',').map((s) => {
    const m = /^([a-z]+:\/\/)([^@/]*)@(.+)$/.exec(s.trim());
    if (!m) return s.trim();
    const info = m[2]!;
    const colon = info.indexOf(':');
    user = decodeURIComponent(colon < 0 ? info : info.slice(0, colon));
    pass = colon < 0 ? undefined : decodeURIComponent(info.slice(colon + 1));
    return `${m[1]}${m[3]}`;
  });
  return { servers, ...(user ? { user } : {}), ...(pass !== undefined ? { pass } : {}) };
}

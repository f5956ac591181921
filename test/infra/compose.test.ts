/**
 * The production topology cannot drift from the code: docker-compose.yml is read as compose reads
 * it (YAML merge keys, then variable substitution from .env) and held against services/index.ts,
 * the services' zod config schemas, contracts/wire.ts, the Dockerfile and the files it mounts.
 * Needs no servers.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { SEARCH_ATTRIBUTES } from '../../contracts/wire.ts';
import { platformEnv } from '../../platform/config.ts';
import { newPayloadKey } from '../../platform/payload-codec.ts';
import { SERVICES, SERVICE_NAMES } from '../../services/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

// ── compose, read the way compose reads it ──

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const serviceSchema = z.looseObject({
  image: z.string().optional(),
  build: z.union([z.string(), z.looseObject({ context: z.string(), dockerfile: z.string().optional() })]).optional(),
  command: z.union([z.string(), z.array(z.string())]).optional(),
  environment: z.union([z.record(z.string(), scalar), z.array(z.string())]).optional(),
  env_file: z.unknown().optional(),
  depends_on: z.union([z.array(z.string()), z.record(z.string(), z.looseObject({ condition: z.string() }))]).optional(),
  healthcheck: z.looseObject({ test: z.union([z.string(), z.array(z.string())]).optional(), disable: z.boolean().optional() }).optional(),
  restart: z.string().optional(),
  volumes: z.array(z.union([z.string(), z.looseObject({ type: z.string(), source: z.string().optional(), target: z.string() })])).optional(),
  ports: z.array(z.union([z.string(), z.number(), z.looseObject({ target: z.number() })])).optional(),
  deploy: z.looseObject({ replicas: z.union([z.string(), z.number()]).optional() }).optional(),
  hostname: z.string().optional(),
  container_name: z.string().optional(),
});
type ComposeService = z.infer<typeof serviceSchema>;
const composeSchema = z.looseObject({
  services: z.record(z.string(), serviceSchema),
  volumes: z.record(z.string(), z.unknown().nullable()).optional(),
});

const composeText = read('docker-compose.yml');
const compose = composeSchema.parse(parse(composeText, { merge: true }));

/** Reads KEY=VALUE lines the way compose reads .env (comments and blank lines skipped, no quoting used). */
function readEnvFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) vars.set(m[1], m[2]);
  }
  return vars;
}
const envExample = readEnvFile(read('.env.example'));

const REFERENCE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Every `${VAR…}` the compose file reads, with the operator and argument of each use. */
function references(text: string): Array<{ name: string; op: string; arg: string }> {
  return [...text.matchAll(REFERENCE)].filter((m) => m[1] === undefined).map((m) => ({ name: (m[2] ?? m[5])!, op: m[3] ?? '', arg: m[4] ?? '' }));
}

/** Compose's variable substitution: $$, $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}. */
function interpolate(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(REFERENCE, (_all, dollar: string | undefined, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    if (dollar) return '$';
    const name = (braced ?? bare)!;
    const value = vars.get(name);
    const unset = op?.startsWith(':') ? !value : value === undefined;
    switch (op?.replace(':', '')) {
      case '-':
        return unset ? (arg ?? '') : value!;
      case '?':
        if (unset) throw new Error(`required variable ${name} is missing a value: ${arg}`);
        return value!;
      case '+':
        return unset ? '' : (arg ?? '');
      default:
        return value ?? '';
    }
  });
}

/** A service's `environment` as a map, whichever of compose's two forms it is written in. */
function environmentOf(service: ComposeService): Map<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return new Map(env.map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)]));
  return new Map(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** The variables a zod object schema requires: those whose own schema refuses `undefined`. */
function requiredKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, s]) => !(s as z.ZodType).safeParse(undefined).success)
    .map(([k]) => k);
}

const isProject = (s: ComposeService): boolean => s.build !== undefined;
const projectNames = Object.keys(compose.services).filter((n) => isProject(compose.services[n]!));
const service = (name: string): ComposeService => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service '${name}'`);
  return s;
};
const dependsOn = (s: ComposeService): Record<string, string> =>
  Array.isArray(s.depends_on)
    ? Object.fromEntries(s.depends_on.map((d) => [d, 'service_started']))
    : Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([d, v]) => [d, v.condition]));

const SECRET = /PASSWORD|SECRET|_PWD$|_KEYS?$/;
/** What compose requires (`${VAR:?…}`): .env.example must leave each blank, so that a copy left unfilled does not start. */
const requiredVars = new Set(references(composeText).filter((r) => r.op === ':?').map((r) => r.name));
// A required value left blank in .env.example stands in as an operator would set it: a long random-looking string.
const standIn = 'Zq7-stand-in-secret-4Lp9-wX2m-Rt8v-Kc3n-Hy6b-Ud1f';
const standIns: Record<string, string> = {
  TEMPORAL_PAYLOAD_KEYS: newPayloadKey('2026-11'),
  MONGO_REPLICA_SET_KEY: 'c3RhbmQtaW4ga2V5IGZvciB0aGUgcmVwbGljYSBzZXQgbWVtYmVycyBvbmx5',
  SMTP_URL: 'smtp://contact-center:stand-in@relay.example.gov.ua:587',
  SMS_HTTP_URL: 'https://sms.example.gov.ua/api/send',
};
const siteVars = new Map([...envExample].map(([k, v]) => [k, v === '' && (SECRET.test(k) || requiredVars.has(k)) ? (standIns[k] ?? standIn) : v]));
/** The compose file as compose sees it with these .env values: substitution applies to the parsed values, as in compose. */
function resolve(vars: ReadonlyMap<string, string>): z.infer<typeof composeSchema> {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return interpolate(node, vars);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return composeSchema.parse(walk(parse(composeText, { merge: true })));
}
const interpolated = resolve(siteVars);

describe('the production topology (docker-compose.yml)', () => {
  it('runs every process of services/index.ts as a compose service of the same name, and no other project process', () => {
    expect([...projectNames].sort()).to.deep.equal([...SERVICE_NAMES].sort());
  });

  it('runs each project process as `node --import tsx services/<name>/main.ts` from the one image the Dockerfile builds', () => {
    const images = new Set<string>();
    for (const name of projectNames) {
      const s = service(name);
      expect(s.command, name).to.deep.equal(['node', '--import', 'tsx', `services/${name}/main.ts`]);
      expect(fs.existsSync(path.join(root, 'services', name, 'main.ts')), `services/${name}/main.ts`).to.equal(true);
      expect(s.build, name).to.deep.equal({ context: '.', dockerfile: 'Dockerfile' });
      images.add(String(s.image));
    }
    expect([...images], 'one image for all project processes').to.have.length(1);
  });

  for (const [name, schema] of Object.entries(SERVICES)) {
    it(`sets every variable the ${name} config schema requires, and none the schema does not know`, () => {
      const s = service(name);
      expect(s.env_file, `${name} is configured through \`environment\` alone, so this check sees all of it`).to.equal(undefined);
      const env = environmentOf(s);
      // The platform's own variables (platform/config.ts platformEnv) are read by every process beside its schema.
      const known = [...Object.keys(schema.shape), ...Object.keys(platformEnv.shape)];
      const missing = requiredKeys(schema).filter((k) => !env.get(k));
      const unknown = [...env.keys()].filter((k) => !known.includes(k));
      expect(missing, `${name}: required by services/${name}/config.ts but not set`).to.deep.equal([]);
      expect(unknown, `${name}: set in docker-compose.yml but unknown to services/${name}/config.ts`).to.deep.equal([]);
    });

    it(`gives ${name} an environment its own schema accepts once .env.example is filled in`, () => {
      const env = Object.fromEntries(environmentOf(interpolated.services[name]!));
      for (const res of [schema.safeParse(env), platformEnv.safeParse(env)]) {
        expect(res.success ? [] : res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`), name).to.deep.equal([]);
      }
    });
  }

  it('points every process at servers the compose file runs: temporal:7233, mongo (replica set rs0, retryable writes), nats, signed in as the application', () => {
    for (const name of projectNames) {
      const env = environmentOf(interpolated.services[name]!);
      const mongo = new URL(env.get('MONGO_URL') ?? '');
      expect(mongo.host, name).to.equal('mongo:27017');
      expect(mongo.searchParams.get('replicaSet'), name).to.equal('rs0');
      expect(mongo.searchParams.get('retryWrites'), name).to.equal('true');
      expect(mongo.searchParams.get('authSource'), name).to.equal('admin');
      expect([mongo.username, mongo.password], name).to.deep.equal(['contact-center', siteVars.get('MONGO_APP_PASSWORD')]);
      const nats = new URL(env.get('NATS_URL') ?? '');
      expect([nats.protocol, nats.host, nats.username, nats.password], name).to.deep.equal(['nats:', 'nats:4222', 'contact-center', siteVars.get('NATS_PASSWORD')]);
      if (env.has('TEMPORAL_ADDRESS')) expect(env.get('TEMPORAL_ADDRESS'), name).to.equal('temporal:7233');
    }
    expect(service('mongo').command).to.include.members(['--replSet', 'rs0']);
    expect(environmentOf(service('mongo-init')).get('MONGO_RS_NAME')).to.equal('rs0');
    expect(environmentOf(service('mongo-init')).get('MONGO_RS_MEMBER')).to.equal('mongo:27017');
  });

  it('refuses to start without the secrets: the project\'s are read as ${VAR:?…}, and no secret has a default', () => {
    const refs = references(composeText);
    // Temporal's database password, and every secret a process's config schema names (JWT_SECRET, ADMIN_PASSWORD, …).
    const projectSecrets = new Set(['POSTGRES_PASSWORD', ...Object.values(SERVICES).flatMap((s) => Object.keys(s.shape)).filter((k) => SECRET.test(k))]);
    for (const secret of [...projectSecrets, 'SMTP_URL']) {
      const uses = refs.filter((r) => r.name === secret);
      expect(uses, `${secret} is read from .env`).to.not.be.empty;
      expect(uses.filter((r) => r.op !== ':?'), `${secret} is read as \${${secret}:?…} everywhere`).to.deep.equal([]);
      const without = new Map(siteVars);
      without.set(secret, '');
      expect(() => resolve(without), `compose refuses to start without ${secret}`).to.throw(new RegExp(`required variable ${secret} `));
    }
    for (const secret of new Set([...projectSecrets, ...refs.filter((r) => SECRET.test(r.name)).map((r) => r.name)])) {
      expect(refs.filter((r) => r.name === secret && r.op.endsWith('-') && r.arg !== ''), `${secret} has no default`).to.deep.equal([]);
      expect(envExample.get(secret), `.env.example leaves ${secret} blank`).to.equal('');
    }
  });

  it('leaves blank in .env.example every variable compose requires, so an unfilled copy cannot start (SMTP_URL included)', () => {
    expect([...requiredVars]).to.include.members(['SMTP_URL', 'TEMPORAL_PAYLOAD_KEYS', 'MONGO_ROOT_PASSWORD', 'MONGO_APP_PASSWORD', 'MONGO_REPLICA_SET_KEY', 'NATS_PASSWORD']);
    expect([...requiredVars].filter((name) => envExample.get(name) !== ''), 'given a value in .env.example').to.deep.equal([]);
    expect(() => resolve(envExample), 'compose refuses .env.example as it is').to.throw(/required variable/);
  });

  it('runs MongoDB and NATS with authentication, their secrets from .env, and every Temporal client and worker with the payload keys', () => {
    const mongo = service('mongo');
    expect(mongo.command).to.include.members(['--keyFile']);
    const mongoEnv = environmentOf(interpolated.services.mongo!);
    expect(mongoEnv.get('MONGO_INITDB_ROOT_PASSWORD')).to.equal(siteVars.get('MONGO_ROOT_PASSWORD'));
    expect(mongoEnv.get('MONGO_REPLICA_SET_KEY')).to.equal(siteVars.get('MONGO_REPLICA_SET_KEY'));
    expect(environmentOf(interpolated.services['mongo-init']!).get('MONGO_APP_PASSWORD')).to.equal(siteVars.get('MONGO_APP_PASSWORD'));
    const nats = service('nats');
    const cmd = nats.command as string[];
    const conf = cmd[cmd.indexOf('-c') + 1]!;
    const mount = (nats.volumes ?? []).map(String).find((v) => v.split(':')[1] === conf);
    expect(mount, 'the NATS config is mounted').to.be.a('string');
    expect(read(mount!.split(':')[0]!)).to.match(/authorization\s*\{[^}]*user:\s*contact-center[^}]*password:\s*\$NATS_PASSWORD/);
    expect(environmentOf(interpolated.services.nats!).get('NATS_PASSWORD')).to.equal(siteVars.get('NATS_PASSWORD'));
    for (const name of projectNames) {
      if ('TEMPORAL_ADDRESS' in SERVICES[name as keyof typeof SERVICES].shape) {
        expect(environmentOf(interpolated.services[name]!).get('TEMPORAL_PAYLOAD_KEYS'), name).to.equal(siteVars.get('TEMPORAL_PAYLOAD_KEYS'));
      }
    }
    const ui = environmentOf(interpolated.services['temporal-ui']!);
    expect(ui.get('TEMPORAL_CODEC_ENDPOINT')).to.equal(`${siteVars.get('GATEWAY_PUBLIC_URL')}/api/v1/codec`);
    expect(ui.get('TEMPORAL_CODEC_INCLUDE_CREDENTIALS')).to.equal('true');
    expect(environmentOf(interpolated.services.gateway!).get('CODEC_CORS_ORIGINS')).to.equal(siteVars.get('TEMPORAL_UI_PUBLIC_URL'));
  });

  it('documents every variable it reads from .env in .env.example', () => {
    const read = [...new Set(references(composeText).map((r) => r.name))];
    expect(read.filter((name) => !envExample.has(name))).to.deep.equal([]);
    expect([...envExample.keys()].filter((name) => !read.includes(name)), 'in .env.example but read by nothing').to.deep.equal([]);
  });

  it('pins every third-party image to a version tag, never latest', () => {
    for (const [name, s] of Object.entries(interpolated.services)) {
      if (isProject(s)) continue;
      const m = /^([\w./-]+):([\w.-]+)$/.exec(s.image ?? '');
      expect(m, `${name}: image '${s.image}' has a tag`).to.not.equal(null);
      // Prometheus tags its releases v3.5.0; the others 1.28.0.
      expect(m![2], `${name}: ${s.image}`).to.match(/^v?\d+\.\d+(\.\d+)?([.-][\w.]+)?$/);
    }
    const temporalImages = ['temporal', 'temporal-admin-tools', 'temporal-namespace'].map((n) => service(n).image!.split(':')[1]);
    expect(new Set(temporalImages).size, 'server and admin-tools (its schema) share one version').to.equal(1);
  });

  it('starts Temporal on PostgreSQL after the admin-tools one-shot set up its schema, then the namespace one-shot and the UI', () => {
    expect(dependsOn(service('temporal-admin-tools'))).to.deep.equal({ postgres: 'service_healthy' });
    expect(dependsOn(service('temporal'))).to.deep.include({ postgres: 'service_healthy', 'temporal-admin-tools': 'service_completed_successfully' });
    expect(dependsOn(service('temporal-namespace'))).to.deep.equal({ temporal: 'service_healthy' });
    expect(dependsOn(service('temporal-ui'))).to.deep.include({ temporal: 'service_healthy' });
    expect(dependsOn(service('mongo-init'))).to.deep.equal({ mongo: 'service_healthy' });
    const env = environmentOf(service('temporal'));
    expect(env.get('DB')).to.equal('postgres12');
    expect(env.get('POSTGRES_SEEDS')).to.equal('postgres');
    expect(service('temporal-admin-tools').command).to.deep.equal(['sh', '/opt/contact-center/setup-schema.sh']);
  });

  it('starts the project processes only on healthy MongoDB and NATS, and Temporal clients only once the namespace exists', () => {
    for (const name of projectNames) {
      const deps = dependsOn(service(name));
      expect(deps, name).to.deep.include({ mongo: 'service_healthy', 'mongo-init': 'service_completed_successfully', nats: 'service_healthy' });
      if ('TEMPORAL_ADDRESS' in SERVICES[name as keyof typeof SERVICES].shape) {
        expect(deps, name).to.deep.include({ temporal: 'service_healthy', 'temporal-namespace': 'service_completed_successfully' });
      }
    }
  });

  it('health-checks every long-running service, the project processes through infra/healthcheck.ts', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.restart === 'on-failure') continue;
      expect(s.healthcheck?.test, `${name} has a health check`).to.not.equal(undefined);
      expect(s.healthcheck?.disable, name).to.not.equal(true);
    }
    for (const name of projectNames) {
      const target = name === 'gateway' ? 'http://127.0.0.1:8080/healthz' : name;
      expect(service(name).healthcheck?.test, name).to.deep.equal(['CMD', 'node', '--import', 'tsx', 'infra/healthcheck.ts', target]);
    }
  });

  it('runs the one-shots once per `up`, again only when they fail, and something waits for their success', () => {
    const oneShots = Object.keys(compose.services).filter((n) => compose.services[n]!.restart === 'on-failure');
    expect(Object.values(compose.services).filter((s) => s.restart === 'no'), 'no one-shot left without a retry').to.deep.equal([]);
    expect(oneShots.sort()).to.deep.equal(['mongo-init', 'temporal-admin-tools', 'temporal-namespace']);
    for (const shot of oneShots) {
      const waiters = Object.values(compose.services).filter((s) => dependsOn(s)[shot] === 'service_completed_successfully');
      expect(waiters, shot).to.not.be.empty;
    }
  });

  it('registers the search attributes of contracts/wire.ts in the namespace the processes use', () => {
    const env = environmentOf(interpolated.services['temporal-namespace']!);
    const registered = Object.fromEntries((env.get('TEMPORAL_SEARCH_ATTRIBUTES') ?? '').split(/\s+/).filter(Boolean).map((p) => p.split('=')));
    expect(registered).to.deep.equal(SEARCH_ATTRIBUTES);
    for (const name of projectNames) {
      const ns = environmentOf(interpolated.services[name]!).get('TEMPORAL_NAMESPACE');
      if (ns !== undefined) expect(ns, name).to.equal(env.get('TEMPORAL_NAMESPACE'));
    }
    expect(environmentOf(interpolated.services['temporal-ui']!).get('TEMPORAL_DEFAULT_NAMESPACE')).to.equal(env.get('TEMPORAL_NAMESPACE'));
  });

  it('runs every project process as replicas, <SERVICE>_REPLICAS of them (2 by default), each named by its own container host name', () => {
    for (const name of projectNames) {
      const variable = `${name.toUpperCase().replace(/-/g, '_')}_REPLICAS`;
      expect(service(name).deploy?.replicas, name).to.equal(`\${${variable}:-2}`);
      expect(envExample.get(variable), `.env.example sets ${variable}`).to.equal('2');
      expect(Number(interpolated.services[name]!.deploy?.replicas), name).to.be.at.least(2);
      // platform/platform.ts: INSTANCE_ID, by default the host name, names a replica on its health subject.
      expect([service(name).hostname, service(name).container_name, environmentOf(service(name)).get('INSTANCE_ID')], `${name} leaves each replica its own name`).to.deep.equal([undefined, undefined, undefined]);
    }
    const scaled = resolve(new Map([...siteVars, ['WORKER_REPLICAS', '4']]));
    expect(scaled.services.worker!.deploy?.replicas).to.equal('4');
  });

  it('publishes the gateway only through gateway-proxy, which spreads requests over every gateway replica, and believes the two proxies in front; every published port on the host\'s loopback by default', () => {
    expect(service('gateway').ports ?? [], 'a published port allows one replica').to.deep.equal([]);
    const publishing = Object.entries(compose.services).filter(([, s]) => (s.ports ?? []).length > 0).map(([n]) => n);
    expect(publishing.sort()).to.deep.equal(['gateway-proxy', 'grafana', 'prometheus', 'temporal-ui']);
    for (const name of publishing) {
      for (const port of interpolated.services[name]!.ports ?? []) {
        expect(typeof port === 'string' ? port.split(':')[0] : port, `${name} publishes on the host's loopback by default`).to.equal('127.0.0.1');
      }
    }
    const proxy = service('gateway-proxy');
    expect(proxy.ports).to.deep.equal(['${GATEWAY_BIND:-127.0.0.1}:${GATEWAY_PORT:-8080}:8080']);
    expect(dependsOn(proxy)).to.deep.equal({ gateway: 'service_healthy' });
    expect(proxy.image).to.match(/^nginx:1\.(2[89]|[3-9]\d)\./, 'open-source nginx re-resolves upstream servers from 1.27.3');
    const mount = (proxy.volumes ?? []).map(String).find((v) => v.split(':')[1] === '/etc/nginx/conf.d/default.conf');
    expect(mount, 'the proxy config is mounted').to.be.a('string');
    const conf = read(mount!.split(':')[0]!);
    expect(conf).to.match(/^resolver 127\.0\.0\.11\b/m);
    expect(conf).to.match(/upstream gateway \{[^}]*zone [^}]*server gateway:8080 resolve\b/);
    expect(conf).to.match(/listen 8080;[\s\S]*proxy_pass http:\/\/gateway;/);
    expect(conf).to.match(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    // The gateway's /metrics is for Prometheus on the internal network (docs/operations.md), never from outside.
    expect(conf).to.match(/location ~\* \^\/metrics\(\/\.\*\)\?\$ \{\s*return 404;\s*\}/);
    const bodyLimit = Number(/client_max_body_size (\d+)m;/.exec(conf)?.[1]);
    expect(SERVICES.gateway.shape.MAX_UPLOAD_MB.safeParse(String(bodyLimit)).success, 'the proxy lets through more than the largest upload the gateway may be set to accept').to.equal(false);
    // The host's TLS proxy and gateway-proxy: the client's address is the second from the right.
    expect(environmentOf(interpolated.services.gateway!).get('TRUST_PROXY')).to.equal('2');
    expect(envExample.get('TRUST_PROXY')).to.equal('2');
  });

  it('keeps one copy of the JetStream stream with the one NATS server, and lets a cluster ask for more through NATS_STREAM_REPLICAS', () => {
    for (const name of projectNames) {
      expect(environmentOf(interpolated.services[name]!).get('NATS_STREAM_REPLICAS'), name).to.equal('1');
    }
    expect(platformEnv.parse({}).NATS_STREAM_REPLICAS).to.equal(1);
    expect(platformEnv.parse({ NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).to.equal(3);
    expect(platformEnv.safeParse({ NATS_STREAM_REPLICAS: '0' }).success).to.equal(false);
    expect(platformEnv.safeParse({ NATS_STREAM_REPLICAS: '7' }).success, 'JetStream keeps at most 5').to.equal(false);
  });

  it('runs NATS with JetStream stored on a named volume', () => {
    const nats = service('nats');
    const cmd = nats.command as string[];
    expect(cmd).to.include('-js');
    const storeDir = cmd[cmd.indexOf('-sd') + 1];
    expect(nats.volumes).to.include(`nats-data:${storeDir}`);
  });

  it('keeps every stateful server on a named volume and mounts only files the repository has', () => {
    const declared = Object.keys(compose.volumes ?? {});
    for (const [name, dir] of [['postgres', '/var/lib/postgresql/data'], ['mongo', '/data/db'], ['nats', '/data']] as const) {
      const named = (service(name).volumes ?? []).map(String).find((v) => v.split(':')[1] === dir);
      expect(named, `${name} keeps ${dir} on a volume`).to.be.a('string');
      expect(declared, name).to.include(named!.split(':')[0]);
    }
    for (const [name, s] of Object.entries(compose.services)) {
      for (const v of s.volumes ?? []) {
        const source = typeof v === 'string' ? v.split(':')[0]! : (v.source ?? '');
        if (!source.startsWith('.')) continue;
        expect(fs.existsSync(path.join(root, source)), `${name} mounts ${source}`).to.equal(true);
        expect(typeof v === 'string' && v.endsWith(':ro'), `${name} mounts ${source} read-only`).to.equal(true);
      }
    }
  });

  it('gives the Temporal server a dynamic config file that is mounted where DYNAMIC_CONFIG_FILE_PATH points and parses', () => {
    const temporal = service('temporal');
    const file = environmentOf(temporal).get('DYNAMIC_CONFIG_FILE_PATH')!;
    const mount = (temporal.volumes ?? []).map(String).map((v) => v.split(':')).find(([, target]) => file.startsWith(`${target}/`));
    expect(mount, 'a volume holds the dynamic config').to.not.equal(undefined);
    const local = path.join(root, mount![0]!, path.relative(mount![1]!, file));
    const config = z.record(z.string(), z.array(z.object({ value: z.unknown(), constraints: z.record(z.string(), z.unknown()).optional() }).strict())).parse(parse(fs.readFileSync(local, 'utf8')));
    expect(config['frontend.enableUpdateWorkflowExecution']?.[0]?.value, 'the processes act through workflow Updates').to.equal(true);
  });
});

describe('the project image (Dockerfile, .dockerignore)', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds from a pinned Node 22 LTS slim image, with production dependencies installed from the lock file', () => {
    expect(dockerfile).to.match(/^ARG NODE_IMAGE=node:22\.\d+\.\d+-bookworm-slim$/m);
    expect(stages.every((s) => s.startsWith('${NODE_IMAGE} AS '))).to.equal(true);
    expect(dockerfile).to.match(/npm ci --omit=dev\b/);
    const pkg = z.object({ dependencies: z.record(z.string(), z.string()) }).parse(JSON.parse(read('package.json')));
    expect(pkg.dependencies, 'tsx runs the sources, so it is a production dependency').to.have.property('tsx');
  });

  it('imports, in the code the image carries, no package that npm ci --omit=dev leaves out', () => {
    const pkg = z.object({ dependencies: z.record(z.string(), z.string()) }).parse(JSON.parse(read('package.json')));
    const rules = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => ({ keep: l.startsWith('!'), glob: new RegExp(`^${l.replace(/^!/, '').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`) }));
    // Docker's rule: a pattern matches a path or any folder above it, and the last matching pattern decides.
    const inImage = (rel: string): boolean => {
      const prefixes = rel.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
      let kept = true;
      for (const r of rules) if (prefixes.some((p) => r.glob.test(p))) kept = r.keep;
      return kept;
    };
    const files = fs
      .readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && inImage(e.name) && e.name !== 'node_modules')
      .flatMap((e) => fs.readdirSync(path.join(root, e.name), { recursive: true, encoding: 'utf8' }).map((f) => `${e.name}/${f}`))
      .filter((f) => f.endsWith('.ts') && inImage(f));
    expect(files, 'the image carries the services').to.include('services/gateway/main.ts');
    expect(files.some((f) => f.startsWith('test/')), 'no tests in the image').to.equal(false);
    const builtins = new Set(builtinModules);
    const missing: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      const specifiers = [
        ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
        ...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
      ];
      for (const spec of specifiers) {
        if (spec.startsWith('.') || spec.startsWith('node:') || builtins.has(spec.split('/')[0]!)) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!(name in pkg.dependencies)) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing, 'imported at run time but not a production dependency').to.deep.equal([]);
  });

  it('runs the processes as the unprivileged node user with NODE_ENV=production', () => {
    expect(runtime).to.match(/^ENV NODE_ENV=production$/m);
    const users = [...runtime.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users.at(-1)).to.equal('node');
    expect(runtime, 'the compiler stays in the deps stage').to.not.match(/apt-get install/);
  });

  it('keeps secrets, local state, tests and the repository history out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).to.include.members(['.env', '.git', '.stack', 'node_modules', 'test']);
    expect(ignored, 'the health check the containers run is in the image').to.include('!infra/healthcheck.ts');
  });
});

describe('the deployment guide (docs/deployment.md)', () => {
  it('names every variable the compose file reads and every variable a project process reads', () => {
    const guide = read('docs/deployment.md');
    const names = new Set([...references(composeText).map((r) => r.name), ...Object.values(SERVICES).flatMap((s) => Object.keys(s.shape))]);
    expect([...names].filter((n) => !guide.includes(`\`${n}\``))).to.deep.equal([]);
  });
});

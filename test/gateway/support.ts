/**
 * The API on the real test stack: the gateway (listening on a free port), the intake service and,
 * when asked, a worker running the request workflow — all in this process, all on one database of
 * the test's own, with a request-number prefix of its own (workflow ids are global in Temporal).
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import request from 'supertest';
import type { Role } from '../../contracts/users.ts';
import { usersRepository } from '../../data/users.repository.ts';
import { connectMongo } from '../../platform/mongo.ts';
import type { RunningService } from '../../platform/service.ts';
import { seed } from '../../infra/seed/seed.ts';
import { gatewayEnv } from '../../services/gateway/config.ts';
import { startConsultations } from '../../services/consultations/service.ts';
import { startGateway } from '../../services/gateway/gateway.ts';
import { startIntake } from '../../services/intake/service.ts';
import { startRepairWorks } from '../../services/repair-works/service.ts';
import { startWorker } from '../../services/worker/worker.ts';
import { mongoUrlFor, testLogger, testStack } from '../support/stack.ts';

export const ADMIN = { login: 'admin', password: 'admin-password-1520' };
/** The gateway's JWT key in tests, so a test can mint tokens (an expired one, say). */
export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdef';

export interface Api {
  url: string;
  /** The request-number prefix of this API's intake. */
  prefix: string;
  mongo: Connection;
  /** The database this API's services use (a worker started later joins it). */
  mongoUrl: string;
  http: ReturnType<typeof request>;
  /** A signed-in user's bearer token. */
  login(login: string, password: string): Promise<string>;
  /** A fresh user with this role (an executor bound to `executorId`, default `vodokanal`), signed in. */
  /** An applicant's phone is confirmed unless `unconfirmed` (a web request needs a confirmed phone). */
  userWith(role: Role, extra?: { executorId?: string; phone?: string; email?: string; name?: string; unconfirmed?: boolean }): Promise<{ id: string; login: string; token: string }>;
  adminToken: string;
  stop(): Promise<void>;
}

let seq = 0;

export async function startApi(opts: { name: string; worker?: boolean; intake?: boolean; repairWorks?: boolean; consultations?: boolean; seed?: boolean; maxUploadMb?: number; env?: Record<string, string>; production?: boolean; codecCorsOrigins?: string[] }): Promise<Api> {
  const s = testStack();
  const MONGO_URL = mongoUrlFor(opts.name);
  const prefix = `T${randomBytes(4).toString('hex').toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 6)}`;
  const mongo = await connectMongo(MONGO_URL);
  const services: RunningService[] = [];
  try {
    if (opts.seed !== false) await seed(mongo, { users: false });
    const common = { NODE_ENV: 'test' as const, LOG_LEVEL: 'error' as const, TEMPORAL_ADDRESS: s.TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE: 'default', MONGO_URL, NATS_URL: s.NATS_URL, TEMPORAL_PAYLOAD_KEYS: s.TEMPORAL_PAYLOAD_KEYS };
    if (opts.worker) services.push(await startWorker(common, testLogger));
    if (opts.repairWorks) services.push(await startRepairWorks(common, testLogger));
    if (opts.consultations) services.push(await startConsultations({ ...common, CITY_PREFIX: prefix.slice(0, 7) }, testLogger));
    if (opts.intake !== false) services.push(await startIntake({ ...common, CITY_PREFIX: prefix, REPEAT_WINDOW_DAYS: 30 }, testLogger));
    const gateway = await startGateway(
      {
        ...gatewayEnv.parse({
        ...common,
        // The gateway's production behaviour (staff-only tools) on the test stack, when a test asks for it.
        ...(opts.production ? { NODE_ENV: 'production' as const } : {}),
        ...(opts.codecCorsOrigins ? { CODEC_CORS_ORIGINS: opts.codecCorsOrigins } : {}),
        ADMIN_LOGIN: ADMIN.login,
        ADMIN_PASSWORD: ADMIN.password,
        JWT_SECRET: TEST_JWT_SECRET,
        JWT_TTL_HOURS: 8,
        MAX_UPLOAD_MB: opts.maxUploadMb ?? 1,
        INTAKE_TIMEOUT_MS: 30_000,
        // Tests sign in, register and submit far more than a person: their limits are the test's choice.
        RATE_LIMIT_AUTH_PER_IP: 100_000,
        RATE_LIMIT_AUTH_PER_ACCOUNT: 1000,
        REQUESTS_PER_APPLICANT_PER_DAY: 1000,
        UPLOADS_PER_APPLICANT_PER_DAY: 1000,
        ...opts.env,
        }),
        // A free port (the schema asks for a real one).
        PORT: 0,
      },
      testLogger,
    );
    services.push(gateway);
    const url = `http://127.0.0.1:${gateway.port}`;
    const http = request(url);
    const login = async (l: string, password: string): Promise<string> => {
      const res = await http.post('/api/v1/auth/login').send({ login: l, password });
      if (res.status !== 200) throw new Error(`login ${l}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    };
    const adminToken = await login(ADMIN.login, ADMIN.password);
    const users = usersRepository(mongo);
    return {
      url,
      prefix,
      mongo,
      mongoUrl: MONGO_URL,
      http,
      login,
      adminToken,
      async userWith(role, extra = {}) {
        const l = `${role}.${process.pid}.${++seq}`;
        const password = 'password-1520';
        const phone = extra.phone ?? (role === 'applicant' ? `+38067${String(1_000_000 + (Date.now() % 1_000_000) + seq).slice(-7)}` : undefined);
        const created = await users.create({
          login: l,
          password,
          role,
          name: extra.name ?? `Test ${role} ${seq}`,
          ...(role === 'executor' ? { executorId: extra.executorId ?? 'vodokanal' } : {}),
          ...(phone ? { phone } : {}),
          ...(extra.email ? { email: extra.email } : {}),
        });
        if (role === 'applicant' && phone && !extra.unconfirmed) await users.markPhoneVerified(created.id, phone, new Date());
        return { id: created.id, login: l, token: await login(l, password) };
      },
      async stop() {
        for (const svc of services.reverse()) await svc.stop();
        await mongo.close();
      },
    };
  } catch (err) {
    for (const svc of services.reverse()) await svc.stop().catch(() => undefined);
    await mongo.close();
    throw err;
  }
}

export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

/** A phone-call registration body for the seeded Classifier. */
export function phoneCall(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    applicant: { name: 'Марія Іваненко', phone: '067 555 12 34' },
    address: { district: 'Саксаганський', street: 'вул. Героїв АТО', building: '12', apartment: '5' },
    categoryCode: 'WATER-02',
    description: 'Дуже слабкий тиск холодної води на 5 поверсі з ранку',
    ...over,
  };
}

/** One field of each item of an untyped JSON array (supertest bodies are untyped). */
export function pluck(items: unknown, key: string): unknown[] {
  return (items as Array<Record<string, unknown>>).map((i) => i[key]);
}

/** The fields a 400/422 answer names. */
export function fieldsOf(res: { body: unknown }): string[] {
  return (res.body as { error: { details: { fields: Array<{ field: string }> } } }).error.details.fields.map((f) => f.field);
}

/** An untyped JSON value known to be a string. */
export const str = (v: unknown): string => v as string;

/** The instant of the last history entry of a card. */
export const lastAt = (card: unknown): string => (card as { history: Array<{ at: string }> }).history.at(-1)!.at;

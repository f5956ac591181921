/** The gateway process: the express app on PORT with the real MongoDB, NATS and Temporal behind it. */
import { Client, Connection } from '@temporalio/client';
import type { Server } from 'node:http';
import { attachmentsRepository } from '../../data/attachments.repository.ts';
import { createCalendarRepository } from '../../data/calendar.repository.ts';
import { createClassifierRepository } from '../../data/classifier.repository.ts';
import { districtsRepository } from '../../data/districts.repository.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { memosRepository } from '../../data/memos.repository.ts';
import { requestQueries } from '../../data/request-queries.ts';
import { phoneVerificationsRepository } from '../../data/phone-verifications.repository.ts';
import { usersRepository } from '../../data/users.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import { pingMongo } from '../../platform/mongo.ts';
import { connectPlatform } from '../../platform/platform.ts';
import { clientInterceptors } from '../../platform/temporal.ts';
import { createPayloadCodec, dataConverterFor } from '../../platform/payload-codec.ts';
import type { RunningService } from '../../platform/service.ts';
import { configurePasswordWork } from '../../data/passwords.ts';
import { createApp } from './app.ts';
import { exportSlots } from './export-slots.ts';
import { purgeEndedWindows, rateLimits, type LimitName, type LimitSpec } from './rate-limits.ts';
import { bootstrapAdmin, tokenService } from './auth.ts';
import { pseudonymizer } from './pseudonyms.ts';
import { jwtSecretOf, publicUrlOf, type GatewayConfig } from './config.ts';
import type { ApiDeps } from './deps.ts';
import { consultationsClient } from './consultations-client.ts';
import { intakeClient, intakeReady } from './intake-client.ts';
import { repairWorksClient } from './repair-works-client.ts';
import { buildWebApp, WEB_ROOT } from './web.ts';

const DAY = 24 * 3600;

/** The limits of security item 2, 3 and 5.7 from the configuration. */
export function limitSpecs(c: GatewayConfig): Record<LimitName, LimitSpec> {
  const w = c.RATE_LIMIT_WINDOW_SECONDS;
  return {
    'login.ip': { points: c.RATE_LIMIT_AUTH_PER_IP, duration: w, message: 'too many sign-in attempts from this address' },
    'login.account': { points: c.RATE_LIMIT_AUTH_PER_ACCOUNT, duration: w, message: 'too many sign-in attempts for this login' },
    'register.ip': { points: c.RATE_LIMIT_AUTH_PER_IP, duration: w, message: 'too many registrations from this address' },
    'register.phone': { points: c.RATE_LIMIT_AUTH_PER_ACCOUNT, duration: w, message: 'too many registrations for this phone' },
    'phoneCode.ip': { points: c.RATE_LIMIT_AUTH_PER_IP, duration: w, message: 'too many phone codes from this address' },
    'phoneCode.account': { points: c.RATE_LIMIT_AUTH_PER_ACCOUNT, duration: w, message: 'too many phone code attempts for this account' },
    'sms.phone': { points: c.SMS_CODES_PER_PHONE_PER_DAY, duration: DAY, message: 'no more SMS codes to this phone today' },
    'sms.account': { points: c.SMS_CODES_PER_ACCOUNT_PER_DAY, duration: DAY, message: 'no more SMS codes for this account today' },
    'requests.account': { points: c.REQUESTS_PER_APPLICANT_PER_DAY, duration: DAY, message: 'no more web requests, questions or bookings from this cabinet today; call the Contact Center' },
    'uploads.account': { points: c.UPLOADS_PER_APPLICANT_PER_DAY, duration: DAY, message: 'no more uploads from this cabinet today' },
    'uploads.staff': { points: c.UPLOADS_PER_STAFF_PER_DAY, duration: DAY, message: 'no more uploads from this account today' },
    // The public status look-up answers only to the number with its phone: guessing phones is limited like sign-in.
    'lookup.ip': { points: c.RATE_LIMIT_AUTH_PER_IP, duration: w, message: 'too many status look-ups from this address' },
    // Wrong phones only: per number and address, so one address cannot lock a resident out; per
    // number from all addresses together, a higher ceiling against guessing spread over many.
    'lookup.client': { points: c.RATE_LIMIT_AUTH_PER_ACCOUNT, duration: w, message: 'too many wrong phones for this request from this address' },
    'lookup.request': { points: c.RATE_LIMIT_LOOKUP_PER_NUMBER, duration: w, message: 'too many wrong phones for this request' },
  };
}

/** Starts the gateway; `config` may omit the tuning settings (their defaults apply). */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningService & { port: number }> {
  const platform = await connectPlatform({ service: 'gateway', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL, logger, ownMetricsPort: false });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.TEMPORAL_PAYLOAD_KEYS), interceptors: clientInterceptors(platform.metrics) });
  try {
    const mongo = platform.mongo;
    const users = usersRepository(mongo);
    const executors = executorsRepository(mongo);
    const classifier = createClassifierRepository(mongo);
    const districts = districtsRepository(mongo);
    const memos = memosRepository(mongo);
    const requests = requestQueries(mongo);
    await Promise.all([users.init(), executors.init(), classifier.init(), districts.init(), memos.init(), requests.init()]);
    await bootstrapAdmin(users, { login: config.ADMIN_LOGIN, password: config.ADMIN_PASSWORD }, logger);
    const jwt = jwtSecretOf(config);
    if (jwt.generated) logger.warn('JWT_SECRET is not set: using a random key, so tokens end with this process');
    configurePasswordWork({ concurrency: config.ARGON2_CONCURRENCY, maxQueue: config.ARGON2_MAX_QUEUE });
    const db = mongo.db;
    if (!db) throw new Error('MongoDB is not connected');
    const attachments = attachmentsRepository(mongo);
    const api: ApiDeps = {
      users,
      executors,
      classifier,
      districts,
      calendar: createCalendarRepository(mongo),
      requests,
      memos,
      phoneVerifications: phoneVerificationsRepository(mongo, { resendAfterMs: config.SMS_RESEND_AFTER_SECONDS * 1000 }),
      attachments,
      rateLimits: rateLimits(db, limitSpecs(config)),
      exportSlots: exportSlots(db),
      pseudonyms: pseudonymizer(jwt.secret),
      temporal: client,
      nc: platform.nc,
      intake: intakeClient(platform.nc, config.INTAKE_TIMEOUT_MS),
      // A work's registration starts its workflow as a request's does: the same patience.
      repairWorks: repairWorksClient(platform.nc, config.INTAKE_TIMEOUT_MS),
      // A conversion registers a request through intake: the same patience again.
      consultations: consultationsClient(platform.nc, config.INTAKE_TIMEOUT_MS),
      tokens: tokenService(jwt.secret, Math.round(config.JWT_TTL_HOURS * 3600)),
      limits: { uploadBytes: Math.round(config.MAX_UPLOAD_MB * 1024 * 1024), actionTimeoutMs: config.ACTION_TIMEOUT_MS },
      logger,
      publicUrl: publicUrlOf(config),
      ...(config.TEMPORAL_UI_URL ? { temporalUi: { url: config.TEMPORAL_UI_URL, namespace: config.TEMPORAL_NAMESPACE } } : {}),
      ...(config.TEMPORAL_PAYLOAD_KEYS ? { payloadCodec: createPayloadCodec(config.TEMPORAL_PAYLOAD_KEYS) } : {}),
    };
    const t0 = Date.now();
    const web = await buildWebApp(WEB_ROOT, { sourceMaps: config.NODE_ENV !== 'production' });
    logger.info(`web application built in ${Date.now() - t0} ms`);
    const app = createApp({
      api,
      logger,
      metrics: platform.metrics,
      trustProxy: config.TRUST_PROXY,
      web,
      production: config.NODE_ENV === 'production',
      codecCorsOrigins: config.CODEC_CORS_ORIGINS ?? [],
      readiness: {
        mongodb: () => pingMongo(platform.mongo),
        nats: () => platform.nc.flush(),
        temporal: async () => {
          await client.workflowService.getSystemInfo({});
        },
        // Ready to serve means a registration can succeed: an intake answers, holding the Classifier, districts and executors.
        intake: () => intakeReady(platform.nc),
      },
    });
    const server: Server = await new Promise((resolve, reject) => {
      const s = app.listen(config.PORT, (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    const addr = server.address();
    const port = addr && typeof addr === 'object' ? addr.port : config.PORT;
    logger.info(`listening on :${port}`);
    // Housekeeping FerretDB has no TTL index for: ended rate-limit windows, export slots left by a stopped replica, uploads nothing refers to.
    let sweeping = false;
    const housekeeping = async (): Promise<void> => {
      if (sweeping) return;
      sweeping = true;
      try {
        await purgeEndedWindows(db);
        await api.exportSlots.purgeExpired();
        await api.phoneVerifications.purgeExpired(new Date());
        const removed = await attachments.removeUnreferenced(new Date(Date.now() - config.UNREFERENCED_UPLOAD_HOURS * 3600_000), (id) => requests.refersTo(id));
        if (removed.length > 0) logger.info(`removed ${removed.length} uploads nothing refers to`, { attachmentIds: removed });
      } catch (err) {
        logger.warn('housekeeping failed; it runs again later', { err: err instanceof Error ? err.message : String(err) });
      } finally {
        sweeping = false;
      }
    };
    // Every 10 minutes, or more often when uploads are kept less long, so a file goes soon after its grace period.
    const housekeepingEvery = Math.min(10 * 60_000, Math.max(1000, (config.UNREFERENCED_UPLOAD_HOURS * 3600_000) / 4));
    const housekeepingTimer = setInterval(() => void housekeeping(), housekeepingEvery);
    housekeepingTimer.unref();
    platform.announceReady();
    return {
      port,
      async stop() {
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeIdleConnections();
        });
        clearInterval(housekeepingTimer);
        await connection.close();
        await platform.close();
      },
    };
  } catch (err) {
    await connection.close();
    await platform.close();
    throw err;
  }
}

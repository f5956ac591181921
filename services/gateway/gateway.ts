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
import type { RunningService } from '../../platform/service.ts';
import { createApp } from './app.ts';
import { bootstrapAdmin, tokenService } from './auth.ts';
import { jwtSecretOf, type GatewayConfig } from './config.ts';
import type { ApiDeps } from './deps.ts';
import { intakeClient, intakeReady } from './intake-client.ts';
import { memoRelay } from './memo-relay.ts';
import { repairWorksClient } from './repair-works-client.ts';

/** Starts the gateway; `config` may omit the tuning settings (their defaults apply). */
export async function startGateway(config: Omit<GatewayConfig, 'ACTION_TIMEOUT_MS'> & Partial<Pick<GatewayConfig, 'ACTION_TIMEOUT_MS'>>, logger: Logger): Promise<RunningService & { port: number }> {
  const platform = await connectPlatform({ service: 'gateway', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
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
    const relay = memoRelay(platform.nc, memos, logger);
    const sweeper = relay.startSweeper(10_000);
    const api: ApiDeps = {
      users,
      executors,
      classifier,
      districts,
      calendar: createCalendarRepository(mongo),
      requests,
      memos,
      phoneVerifications: phoneVerificationsRepository(mongo),
      attachments: attachmentsRepository(mongo),
      temporal: client,
      nc: platform.nc,
      intake: intakeClient(platform.nc, config.INTAKE_TIMEOUT_MS),
      // A work's registration starts its workflow as a request's does: the same patience.
      repairWorks: repairWorksClient(platform.nc, config.INTAKE_TIMEOUT_MS),
      memoRelay: relay,
      tokens: tokenService(jwt.secret, Math.round(config.JWT_TTL_HOURS * 3600)),
      limits: { uploadBytes: Math.round(config.MAX_UPLOAD_MB * 1024 * 1024), actionTimeoutMs: config.ACTION_TIMEOUT_MS ?? 20_000 },
      logger,
    };
    const app = createApp({
      api,
      logger,
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
    platform.announceReady();
    return {
      port,
      async stop() {
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeIdleConnections();
        });
        await sweeper.stop();
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

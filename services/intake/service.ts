/** Intake: registers requests from the phone and web channels (commands over NATS request/reply). */
import type { Msg, Subscription } from '@nats-io/nats-core';
import { Client, Connection } from '@temporalio/client';
import type { RegisterReply } from '../../contracts/intake.ts';
import { SUBJECTS } from '../../contracts/wire.ts';
import { createCalendarRepository } from '../../data/calendar.repository.ts';
import { createClassifierRepository } from '../../data/classifier.repository.ts';
import { countersRepository } from '../../data/counters.repository.ts';
import { districtsRepository } from '../../data/districts.repository.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { idempotencyRepository } from '../../data/idempotency.repository.ts';
import { memosRepository } from '../../data/memos.repository.ts';
import { requestQueries } from '../../data/request-queries.ts';
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import type { RunningService } from '../../platform/service.ts';
import type { IntakeConfig } from './config.ts';
import { createReferenceCache } from './reference.ts';
import { createRegistrar } from './registrar.ts';
import { repairWorkLinker } from './repair-works.ts';

/** NATS queue group: several intake processes share the commands, each command goes to one. */
export const INTAKE_QUEUE = 'intake';

export async function startIntake(config: Omit<IntakeConfig, 'REFERENCE_REFRESH_MS'> & Partial<Pick<IntakeConfig, 'REFERENCE_REFRESH_MS'>>, logger: Logger): Promise<RunningService> {
  const platform = await connectPlatform({ service: 'intake', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  let sub: Subscription | undefined;
  let notices: Subscription | undefined;
  let refreshing: { stop(): void } | undefined;
  try {
    const mongo = platform.mongo;
    const idempotency = idempotencyRepository(mongo);
    const requests = requestQueries(mongo);
    const memos = memosRepository(mongo);
    const counters = countersRepository(mongo);
    await Promise.all([idempotency.init(), requests.init(), memos.init(), counters.init()]);
    const reference = createReferenceCache(
      { classifier: createClassifierRepository(mongo), districts: districtsRepository(mongo), executors: executorsRepository(mongo), memos, calendar: createCalendarRepository(mongo) },
      logger,
    );
    // Subscribed before the first load, so a change made while it loads is not missed.
    notices = platform.nc.subscribe(SUBJECTS.referenceChanged, { callback: () => reference.markStale() });
    await reference.load();
    refreshing = reference.startRefreshing(config.REFERENCE_REFRESH_MS ?? 30_000);
    const registrar = createRegistrar({
      client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
      counters,
      idempotency,
      ...reference,
      requests,
      logger,
      prefix: config.CITY_PREFIX,
      repeatWindowDays: config.REPEAT_WINDOW_DAYS,
      linkRepairWork: repairWorkLinker(platform.nc, logger),
    });
    await registrar.prepare();

    const inFlight = new Set<Promise<void>>();
    const handle = async (msg: Msg): Promise<void> => {
      let reply: RegisterReply;
      try {
        let command: unknown;
        try {
          command = msg.json();
        } catch {
          command = undefined;
        }
        // A command that is not JSON fails validation like any malformed one (400).
        reply = await registrar.register(command);
      } catch (err) {
        logger.error('registration failed', { err: err instanceof Error ? (err.stack ?? err.message) : String(err) });
        reply = { ok: false, error: { status: 503, code: 'registration_failed', message: 'registration failed for a technical reason; retry with the same Idempotency-Key' } };
      }
      msg.respond(JSON.stringify(reply));
    };
    sub = platform.nc.subscribe(SUBJECTS.intakeRegister, {
      queue: INTAKE_QUEUE,
      callback: (err, msg) => {
        if (err) {
          logger.error('intake subscription error', { err: err.message });
          return;
        }
        const p = handle(msg).finally(() => inFlight.delete(p));
        inFlight.add(p);
      },
    });
    platform.announceReady();
    const subscription = sub;
    const noticeSubscription = notices;
    const refresher = refreshing;
    return {
      async stop() {
        subscription.unsubscribe();
        noticeSubscription.unsubscribe();
        refresher.stop();
        await Promise.allSettled([...inFlight]);
        await connection.close();
        await platform.close();
      },
    };
  } catch (err) {
    sub?.unsubscribe();
    notices?.unsubscribe();
    refreshing?.stop();
    await connection.close();
    await platform.close();
    throw err;
  }
}

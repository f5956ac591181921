/** Intake: registers requests from the phone and web channels (commands over NATS request/reply). */
import type { Subscription } from '@nats-io/nats-core';
import { Client, Connection } from '@temporalio/client';
import type { RequestEvent } from '../../contracts/events.ts';
import type { RegisterReply } from '../../contracts/intake.ts';
import type { RequestCard } from '../../contracts/request.ts';
import { SUBJECTS } from '../../contracts/wire.ts';
import { createCalendarRepository } from '../../data/calendar.repository.ts';
import { createClassifierRepository } from '../../data/classifier.repository.ts';
import { countersRepository } from '../../data/counters.repository.ts';
import { districtsRepository } from '../../data/districts.repository.ts';
import { executorsRepository } from '../../data/executors.repository.ts';
import { idempotencyRepository } from '../../data/idempotency.repository.ts';
import { memosRepository } from '../../data/memos.repository.ts';
import { requestQueries } from '../../data/request-queries.ts';
import { createRequestRepository } from '../../data/requests.repository.ts';
import { serveCommands, type CommandServer } from '../../platform/commands.ts';
import type { Logger } from '../../platform/logger.ts';
import { connectPlatform } from '../../platform/platform.ts';
import { clientInterceptors } from '../../platform/temporal.ts';
import { createOutboxRelay } from '../../platform/outbox-relay.ts';
import { dataConverterFor } from '../../platform/payload-codec.ts';
import type { RunningService } from '../../platform/service.ts';
import type { IntakeConfig } from './config.ts';
import { createReferenceCache } from './reference.ts';
import { createRegistrar } from './registrar.ts';
import { repairWorkLinker } from './repair-works.ts';

/** NATS queue group: several intake processes share the commands, each command goes to one. */
export const INTAKE_QUEUE = 'intake';

type Tuning = 'REFERENCE_REFRESH_MS' | 'IDEMPOTENCY_TTL_HOURS' | 'IDEMPOTENCY_SWEEP_MS';

export async function startIntake(config: Omit<IntakeConfig, Tuning> & Partial<Pick<IntakeConfig, Tuning>>, logger: Logger): Promise<RunningService> {
  const platform = await connectPlatform({ service: 'intake', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL, logger });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  let commands: CommandServer | undefined;
  let notices: Subscription | undefined;
  let refreshing: { stop(): void } | undefined;
  let sweeping: { stop(): void } | undefined;
  try {
    const mongo = platform.mongo;
    const idempotency = idempotencyRepository(mongo, { ttlMs: (config.IDEMPOTENCY_TTL_HOURS ?? 24) * 3_600_000 });
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
    sweeping = idempotency.startSweeping(config.IDEMPOTENCY_SWEEP_MS ?? 3_600_000, (err) =>
      logger.warn('dropping expired idempotency claims failed; the next sweep tries again', { err: err instanceof Error ? err.message : String(err) }),
    );
    // The registration transition is written and its event relayed here as the workflow would (domain/registration.ts).
    const repository = createRequestRepository(mongo);
    const relay = createOutboxRelay({ requests: repository, nc: platform.nc, logger });
    const recordRegistration = async (card: RequestCard, events: RequestEvent[]): Promise<void> => {
      await repository.applyTransition(card, events);
      try {
        await relay.relay(card.number);
      } catch (err) {
        // The workflow's own record of the transition relays it again, and the worker's sweeper after that.
        logger.warn('publishing the registration event failed; the workflow relays it', { requestNumber: card.number, err: err instanceof Error ? err.message : String(err) });
      }
    };
    const registrar = createRegistrar({
      recordRegistration,
      client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.TEMPORAL_PAYLOAD_KEYS), interceptors: clientInterceptors(platform.metrics) }),
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

    // A command that is not JSON fails validation like any malformed one (400).
    commands = serveCommands<RegisterReply>(
      platform.nc,
      {
        subject: SUBJECTS.intakeRegister,
        queue: INTAKE_QUEUE,
        logger,
        what: 'registration',
        failure: { ok: false, error: { status: 503, code: 'registration_failed', message: 'registration failed for a technical reason; retry with the same Idempotency-Key' } },
      },
      (command) => registrar.register(command),
    );
    // Ready to register only with the reference data a registration is judged on (the gateway's /readyz asks).
    platform.announceReady(async () => {
      const missing = await reference.missing();
      return { ready: missing.length === 0, missing };
    });
    const server = commands;
    const noticeSubscription = notices;
    const refresher = refreshing;
    const sweeper = sweeping;
    return {
      async stop() {
        await server.stop();
        noticeSubscription.unsubscribe();
        refresher.stop();
        sweeper.stop();
        await connection.close();
        await platform.close();
      },
    };
  } catch (err) {
    await commands?.stop();
    notices?.unsubscribe();
    refreshing?.stop();
    sweeping?.stop();
    await connection.close();
    await platform.close();
    throw err;
  }
}

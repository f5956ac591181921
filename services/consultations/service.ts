/**
 * Online consultations (2.9): residents' questions answered by the Contact Center's workers, and the
 * scheduled consultation sessions. It owns the consultations' collections (data/consultations.*) and
 * the `<CITY_PREFIX>K-<year>` number series, and answers the gateway's commands over NATS
 * request/reply (SUBJECTS.consultations); each consultation's and session's lifecycle is its
 * workflow, run by the worker, which publishes `consultation.*` and `consultation_session.*` events.
 */
import { Client, Connection } from '@temporalio/client';
import type { ConsultationReply } from '../../contracts/consultations.ts';
import { SUBJECTS } from '../../contracts/wire.ts';
import { createCalendarRepository } from '../../data/calendar.repository.ts';
import { createClassifierRepository } from '../../data/classifier.repository.ts';
import { createConsultationsRepository } from '../../data/consultations.repository.ts';
import { countersRepository } from '../../data/counters.repository.ts';
import { memosRepository } from '../../data/memos.repository.ts';
import { serveCommands, type CommandServer } from '../../platform/commands.ts';
import type { Logger } from '../../platform/logger.ts';
import { dataConverterFor } from '../../platform/payload-codec.ts';
import { connectPlatform } from '../../platform/platform.ts';
import { clientInterceptors } from '../../platform/temporal.ts';
import type { RunningService } from '../../platform/service.ts';
import { consultationsEnv, type ConsultationsConfig } from './config.ts';
import { createConsultationsHandler } from './handler.ts';

/** NATS queue group: several consultations processes share the commands, each command goes to one. */
export const CONSULTATIONS_QUEUE = 'consultations';

export async function startConsultations(input: ConsultationsConfig, logger: Logger): Promise<RunningService> {
  const config = consultationsEnv.parse(input);
  const platform = await connectPlatform({ service: 'consultations', mongoUrl: config.MONGO_URL, natsUrl: config.NATS_URL, logger });
  let connection: Connection | undefined;
  let commands: CommandServer | undefined;
  try {
    connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    const mongo = platform.mongo;
    const consultations = createConsultationsRepository(mongo);
    const counters = countersRepository(mongo);
    await Promise.all([consultations.init(), counters.init()]);
    const handler = createConsultationsHandler({
      client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config.TEMPORAL_PAYLOAD_KEYS), interceptors: clientInterceptors(platform.metrics) }),
      consultations,
      counters,
      classifier: createClassifierRepository(mongo),
      calendar: createCalendarRepository(mongo),
      memos: memosRepository(mongo),
      nc: platform.nc,
      prefix: `${config.CITY_PREFIX}K`,
      intakeTimeoutMs: config.INTAKE_TIMEOUT_MS,
      logger,
    });
    await handler.prepare();
    commands = serveCommands<ConsultationReply>(
      platform.nc,
      {
        subject: SUBJECTS.consultations,
        queue: CONSULTATIONS_QUEUE,
        logger,
        what: 'consultations command',
        failure: { ok: false, error: { status: 503, code: 'consultations_failed', message: 'the consultations service failed for a technical reason; try again' } },
      },
      (command) => handler.handle(command),
    );
    platform.announceReady();
    const server = commands;
    const conn = connection;
    return {
      async stop() {
        await server.stop();
        await conn.close();
        await platform.close();
      },
    };
  } catch (err) {
    await commands?.stop();
    await connection?.close();
    await platform.close();
    throw err;
  }
}

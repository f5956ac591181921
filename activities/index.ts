/** Activities are thin adapters between workflows and the outside; built from their dependencies. */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Connection } from 'mongoose';
import { createCalendarRepository } from '../data/calendar.repository.ts';
import { memosRepository } from '../data/memos.repository.ts';
import { createConsultationsRepository } from '../data/consultations.repository.ts';
import { createRepairWorksRepository } from '../data/repair-works.repository.ts';
import { createRequestRepository } from '../data/requests.repository.ts';
import { usersRepository } from '../data/users.repository.ts';
import { DEFAULT_CONSULTATION_SETTINGS, type ConsultationSettings } from '../domain/consultations.ts';
import type { Logger } from '../platform/logger.ts';
import { createMemoActivities } from './memos.ts';
import { createConsultationActivities } from './consultations.ts';
import { createOutboxRelay } from './outbox.ts';
import { createRepairWorkActivities } from './repair-works.ts';
import { createRequestActivities, DEFAULT_LIFECYCLE_SETTINGS, type LifecycleSettings } from './requests.ts';

export interface ActivityDeps {
  mongo: Connection;
  nc: NatsConnection;
  logger: Logger;
  /** Lifecycle settings from the worker's configuration; defaults for what is not given. */
  settings?: Partial<LifecycleSettings>;
  /** 2.9: consultation settings from the worker's configuration; defaults for what is not given. */
  consultationSettings?: Partial<ConsultationSettings>;
}

export function createActivities(deps: ActivityDeps) {
  const requests = createRequestRepository(deps.mongo);
  const calendars = createCalendarRepository(deps.mongo);
  const relay = createOutboxRelay({ requests, nc: deps.nc, logger: deps.logger });
  return {
    /** Which worker process ran this: lets tests see a workflow really crossed the worker. */
    async describeWorker(_input: Record<string, never>): Promise<{ pid: number }> {
      return { pid: process.pid };
    },
    ...createRequestActivities({ requests, calendars, users: usersRepository(deps.mongo), relay, settings: { ...DEFAULT_LIFECYCLE_SETTINGS, ...deps.settings }, logger: deps.logger }),
    // Repair works (8.1.6): the repair-work workflow's projection; it reads the calendar through loadRules.
    ...createRepairWorkActivities({ works: createRepairWorksRepository(deps.mongo), nc: deps.nc, logger: deps.logger }),
    // 5.7 memos: the memo workflow's projection; its events go through the same outbox and relay as the requests'.
    ...createMemoActivities({ memos: memosRepository(deps.mongo), relay, logger: deps.logger }),
    // Online consultations and their sessions (2.9).
    ...createConsultationActivities({
      consultations: createConsultationsRepository(deps.mongo),
      calendars,
      users: usersRepository(deps.mongo),
      nc: deps.nc,
      settings: { ...DEFAULT_CONSULTATION_SETTINGS, ...deps.consultationSettings },
      ...(deps.settings?.reviewQueueEmails ? { queueEmails: deps.settings.reviewQueueEmails } : {}),
      logger: deps.logger,
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
export type { LifecycleRules, LifecycleSettings, TransitionInput } from './requests.ts';
export type { RepairWorkTransition } from './repair-works.ts';
export type { MemoTransition } from './memos.ts';
export type { ConsultationRules } from './consultations.ts';

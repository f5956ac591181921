/** What the API routes work with: the data layers, the Temporal client, NATS, tokens and limits. */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Client } from '@temporalio/client';
import type { AttachmentsRepository } from '../../data/attachments.repository.ts';
import type { CalendarRepository } from '../../data/calendar.repository.ts';
import type { ClassifierRepository } from '../../data/classifier.repository.ts';
import type { DistrictsRepository } from '../../data/districts.repository.ts';
import type { ExecutorsRepository } from '../../data/executors.repository.ts';
import type { MemosRepository } from '../../data/memos.repository.ts';
import type { PhoneVerificationsRepository } from '../../data/phone-verifications.repository.ts';
import type { RequestQueries } from '../../data/request-queries.ts';
import type { UsersRepository } from '../../data/users.repository.ts';
import type { Logger } from '../../platform/logger.ts';
import type { TokenService } from './auth.ts';
import type { IntakeClient } from './intake-client.ts';
import type { MemoRelay } from './memo-relay.ts';
import type { RepairWorksClient } from './repair-works-client.ts';

export interface ApiLimits {
  /** Largest attachment accepted, in bytes. */
  uploadBytes: number;
  /** How long an action waits for the request's workflow, in ms (ACTION_TIMEOUT_MS). */
  actionTimeoutMs?: number;
}

export interface ApiDeps {
  users: UsersRepository;
  executors: ExecutorsRepository;
  classifier: ClassifierRepository;
  districts: DistrictsRepository;
  calendar: CalendarRepository;
  requests: RequestQueries;
  memos: MemosRepository;
  /** 8.1.4: SMS codes that confirm an applicant's phone, which makes the calls under it theirs. */
  phoneVerifications: PhoneVerificationsRepository;
  attachments: AttachmentsRepository;
  temporal: Client;
  nc: NatsConnection;
  intake: IntakeClient;
  /** 8.1.6, 2.8: the repair-works service (works, the public feed, news). */
  repairWorks: RepairWorksClient;
  memoRelay: MemoRelay;
  tokens: TokenService;
  limits: ApiLimits;
  logger: Logger;
}

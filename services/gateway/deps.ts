/** What the API routes work with: the data layers, the Temporal client, NATS, tokens and limits. */
import type { NatsConnection } from '@nats-io/nats-core';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
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
import type { ConsultationsClient } from './consultations-client.ts';
import type { IntakeClient } from './intake-client.ts';
import type { ExportSlots } from './export-slots.ts';
import type { RateLimits } from './rate-limits.ts';
import type { RepairWorksClient } from './repair-works-client.ts';
import type { Pseudonymizer } from './pseudonyms.ts';

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
  /** 2.9: the consultations service (questions, their threads, sessions). */
  consultations: ConsultationsClient;
  tokens: TokenService;
  limits: ApiLimits;
  /** Rate limits and daily quotas (429 with Retry-After). */
  rateLimits: RateLimits;
  /** 9.1.3.3: one running export per user, shared by the gateway replicas. */
  exportSlots: ExportSlots;
  /** Analysts read applicants as pseudonyms (domain/privacy.ts): the same id for one phone across replicas. */
  pseudonyms: Pseudonymizer;
  logger: Logger;
  /** The address residents reach the API at (PUBLIC_URL): public links (the Atom feed) are built on it, never on the Host header. */
  publicUrl?: string;
  /** Where staff open a request's workflow (TEMPORAL_UI_URL), when configured. */
  temporalUi?: { url: string; namespace: string };
  /** The Temporal payload codec, for the UI's codec endpoint; absent when no keys are configured. */
  payloadCodec?: PayloadCodec;
}

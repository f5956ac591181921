/**
 * Wire names, all in this one module: NATS subjects, streams, queue groups and durable consumers; the
 * Temporal task queue, workflow types and ids, Update, query and signal names, search attributes. They
 * are a contract between processes and with stored data — DO NOT RENAME one without a migration
 * (running workflows, deployed gateways, durable consumers and saved UI filters refer to them).
 */

export const TASK_QUEUE = 'contact-center';

/** Workflow types: the exported workflow functions' names. */
export const REQUEST_WORKFLOW_TYPE = 'requestWorkflow';

/** The reporting service's own task queue: the scheduled report runs (workflows/report.ts). */
export const REPORT_TASK_QUEUE = 'reporting';

export const requestWorkflowId = (number: string): string => `request-${number}`;

/**
 * The request workflow's Updates, one per action of DESIGN §4 (contracts/request.ts `actionInputs`
 * has one input schema per name, checked by the compiler there).
 */
export const REQUEST_ACTION_UPDATES = [
  'accept',
  'comment',
  'requestExecutorChange',
  'decideExecutorChange',
  'requestAdditionalControl',
  'decideAdditionalControl',
  'managerApproval',
  'requestStrategicPlan',
  'decideStrategicPlan',
  'proposeClosure',
  'review',
  'spotCheck',
  'rate',
  'verifyRating',
  'scheduleInspection',
  'recordInspectionOutcome',
  'confirmResolution',
  'involveCoExecutor',
  'proposePart',
] as const;

/** The read-only Update intake awaits at registration (contracts/request.ts says what it returns). */
export const REGISTRATION_UPDATE = 'registration';
/** The query returning a request's card. */
export const QUERY_CARD = 'card';
/** Asks a running request workflow to relay events left in its outbox (sent by the outbox sweeper). */
export const RELAY_OUTBOX_SIGNAL = 'relayOutbox';
/** 9.2.3: a repeated request's workflow tells the workflow of the request it repeats. */
export const REPEATED_SIGNAL = 'repeated';

/**
 * The gateway's remote codec for the Temporal UI and CLI (they call `<endpoint>/decode`): the UI's
 * codec-endpoint setting points here. Do not rename without changing the UI's configuration.
 */
export const CODEC_PATH = '/api/v1/codec';

/** 8.1.6: one workflow per repair work. */
export const repairWorkWorkflowId = (id: string): string => `repair-work-${id}`;

/** 5.7: one workflow per refusal memo (workflows/memo.ts). */
export const MEMO_WORKFLOW_TYPE = 'memoWorkflow';
export const memoWorkflowId = (id: string): string => `memo-${id}`;
/** The memo workflow's Updates, one per action (contracts/memos.ts `memoActionInputs`). */
export const MEMO_UPDATES = { decide: 'decideMemo', block: 'blockMemoNumber', unblock: 'unblockMemoNumber' } as const;
/** The read-only Update the gateway awaits when it starts a memo: the card once the read model holds it. */
export const MEMO_REGISTRATION_UPDATE = 'memoRegistration';
export const MEMO_QUERY_CARD = 'memoCard';
/** 2.9: one workflow per consultation, and one per scheduled consultation session. */
export const consultationWorkflowId = (number: string): string => `consultation-${number}`;
export const consultationSessionWorkflowId = (id: string): string => `consultation-session-${id}`;

/** Custom search attributes (DESIGN §2), with their Temporal types. */
export const SEARCH_ATTRIBUTES = {
  RequestNumber: 'Keyword',
  RequestStatus: 'Keyword',
  ExecutorId: 'Keyword',
  CategoryCode: 'Keyword',
  District: 'Keyword',
  DeadlineAt: 'Datetime',
  Overdue: 'Bool',
  // Repair works (8.1.6); they also set ExecutorId, District and Overdue.
  RepairWorkId: 'Keyword',
  RepairWorkKind: 'Keyword',
  RepairWorkStatus: 'Keyword',
  // 5.7 memos (WorkflowType memoWorkflow, WorkflowId memo-<id>): their status only — never the phone
  // or the text, and no more Keywords than needed (the dev server's SQLite visibility allows ten).
  MemoStatus: 'Keyword',
  // Consultations (2.9) add none (the dev server allows 10 Keywords): a consultation sets RequestNumber
  // (its number), RequestStatus (its status), CategoryCode, DeadlineAt (the reply due) and Overdue; a
  // session, RequestNumber (its id). Filter them by WorkflowType.
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

export const STREAMS = {
  events: { name: 'CC_EVENTS', subjects: ['cc.events.>'] },
} as const;

export const SUBJECTS = {
  /** Every domain event: `cc.events.<aggregate>.<name>`, e.g. cc.events.request.registered. */
  eventPrefix: 'cc.events',
  /** Request/reply commands from the gateway to the services. */
  intakeRegister: 'cc.cmd.intake.register',
  /** The repair-works service's commands (contracts/repair-works.ts repairWorkCommandSchema). */
  repairWorks: 'cc.cmd.repair-works',
  /** The consultations service's commands (contracts/consultations.ts consultationCommandSchema). */
  consultations: 'cc.cmd.consultations',
  /** Core NATS (not stored): reference data changed (Classifier, districts, executors, calendar, blocked numbers); intake reloads its copy. */
  referenceChanged: 'cc.notice.reference.changed',
} as const;

/** A NATS subject token of a host name or an id: no dots, spaces or wildcards. */
export const subjectToken = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64) || 'unknown';

/**
 * Health, request/reply: `cc.health.<service>` is answered by whichever instance is first (is the
 * service up at all); `cc.health.<service>.<instance>` by that one process alone (the container
 * health check), so one healthy replica cannot answer for a stuck one. Do not rename.
 */
export const healthSubject = (service: string, instance?: string): string => (instance === undefined ? `cc.health.${service}` : `cc.health.${service}.${subjectToken(instance)}`);

/** The notification service's staff read-out, request/reply (contracts/notification.ts has the bodies). */
export const NOTIFICATION_SUBJECTS = {
  /** deliveriesQuerySchema → staffReply(deliveriesPageSchema) */
  deliveries: 'cc.cmd.notification.deliveries',
  /** parkedQuerySchema → staffReply(parkedPageSchema) */
  parked: 'cc.cmd.notification.parked',
  /** redriveInputSchema → staffReply(parkedMessageSchema): delivers a parked event again, now. */
  redrive: 'cc.cmd.notification.redrive',
  /** directSmsSchema → staffReply(directSmsResultSchema): one SMS now, not from an event (a phone confirmation code). */
  sms: 'cc.cmd.notification.sms',
} as const;

/** NATS queue groups: with several instances of a service, each request is answered once. */
export const QUEUE_GROUPS = {
  notification: 'notification',
} as const;

export const DURABLE_CONSUMERS = {
  notification: 'notification',
  reporting: 'reporting',
} as const;

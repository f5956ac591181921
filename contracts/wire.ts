/**
 * Wire names: NATS subjects and streams, the Temporal task queue, workflow ids and search
 * attributes. They are a contract between processes and with stored data — DO NOT RENAME one
 * without a migration (running workflows, durable consumers and saved UI filters refer to them).
 */

export const TASK_QUEUE = 'contact-center';

export const requestWorkflowId = (number: string): string => `request-${number}`;

/** 8.1.6: one workflow per repair work. */
export const repairWorkWorkflowId = (id: string): string => `repair-work-${id}`;

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
  healthPing: 'cc.cmd.health.ping',
  /** Core NATS (not stored): reference data changed (Classifier, districts, executors, calendar, blocked numbers); intake reloads its copy. */
  referenceChanged: 'cc.notice.reference.changed',
} as const;

export const DURABLE_CONSUMERS = {
  notification: 'notification',
  reporting: 'reporting',
} as const;

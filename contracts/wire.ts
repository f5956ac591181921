/**
 * Wire names: NATS subjects and streams, the Temporal task queue, workflow ids and search
 * attributes. They are a contract between processes and with stored data — DO NOT RENAME one
 * without a migration (running workflows, durable consumers and saved UI filters refer to them).
 */

export const TASK_QUEUE = 'contact-center';

/** The reporting service's own task queue: the scheduled report runs (workflows/report.ts). */
export const REPORT_TASK_QUEUE = 'reporting';

export const requestWorkflowId = (number: string): string => `request-${number}`;

/** Custom search attributes (DESIGN §2), with their Temporal types. */
export const SEARCH_ATTRIBUTES = {
  RequestNumber: 'Keyword',
  RequestStatus: 'Keyword',
  ExecutorId: 'Keyword',
  CategoryCode: 'Keyword',
  District: 'Keyword',
  DeadlineAt: 'Datetime',
  Overdue: 'Bool',
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
  healthPing: 'cc.cmd.health.ping',
} as const;

export const DURABLE_CONSUMERS = {
  notification: 'notification',
  reporting: 'reporting',
} as const;

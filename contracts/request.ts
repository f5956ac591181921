/**
 * The request contract shared by the workflow (which owns the lifecycle), the gateway (which turns
 * HTTP actions into Temporal Updates) and the read model: statuses, the card, the start input and
 * every action's input. Update and query names are wire names — DO NOT RENAME (running workflows
 * and deployed gateways refer to them).
 */
import { z } from 'zod';
import { termSchema } from '../domain/calendar.ts';
import { actorSchema } from './actor.ts';
import { REQUEST_ACTION_UPDATES } from './wire.ts';

// The Temporal names live with the other wire names (contracts/wire.ts); re-exported for the request's users.
export { QUERY_CARD, REGISTRATION_UPDATE, RELAY_OUTBOX_SIGNAL, REPEATED_SIGNAL, REQUEST_WORKFLOW_TYPE } from './wire.ts';

export const STATUSES = [
  'in_progress',
  'executor_change_requested',
  'additional_control_requested',
  'strategic_plan_requested',
  'strategic_plan',
  'closure_proposed',
  'rework',
  'closed',
  'rating_disputed',
] as const;
export const statusSchema = z.enum(STATUSES);
export type RequestStatus = z.infer<typeof statusSchema>;

/** Ukrainian labels for the UI and notifications. */
export const STATUS_LABELS_UK: Record<RequestStatus, string> = {
  in_progress: 'На виконанні',
  executor_change_requested: 'Запит на зміну виконавця',
  additional_control_requested: 'Запит на додатковий контроль',
  strategic_plan_requested: 'Запит на включення до планів СЕР',
  strategic_plan: 'Включено до планів СЕР',
  closure_proposed: 'Запропоновано до закриття',
  rework: 'Повернуто на доопрацювання',
  closed: 'Закрито',
  rating_disputed: 'Негативна оцінка на перевірці',
};

const isoInstant = z.string().datetime({ offset: true });
const text = (max: number) => z.string().trim().min(1).max(max);

export const addressSchema = z.object({
  district: text(64),
  street: text(200),
  building: text(20),
  apartment: z.string().trim().max(20).optional(),
});
export type Address = z.infer<typeof addressSchema>;

export const applicantSchema = z.object({
  name: text(200),
  /** E.164, +380… (the gateway normalises what people type). */
  phone: z.string().regex(/^\+380\d{9}$/, 'must be a Ukrainian phone number in E.164, +380XXXXXXXXX'),
  email: z.string().email().optional(),
  /** The applicant's cabinet user id, for web requests (ownership). */
  userId: z.string().optional(),
});
export type Applicant = z.infer<typeof applicantSchema>;

export const executorRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string().email().optional() });
export type ExecutorRef = z.infer<typeof executorRefSchema>;

/**
 * The repair work a request was linked to at registration (8.1.6): the outage that explains the
 * call, and when it was expected to end then (contracts/repair-works.ts has the work itself).
 */
export const repairWorkLinkSchema = z.object({
  id: z.string(),
  kind: z.enum(['planned', 'emergency']),
  title: z.string(),
  expectedEndAt: isoInstant,
  executorName: z.string(),
});
export type RepairWorkLink = z.infer<typeof repairWorkLinkSchema>;

/** The 7.5 result fields: a closure proposal without every one of them is refused. */
export const closureProposalSchema = z.object({
  result: text(4000),
  unit: text(200),
  enterprise: text(200),
  executorSurname: text(100),
  executorPhone: z.string().regex(/^\+?[\d\s()-]{7,20}$/, 'must be a phone number'),
  /** 7.5 «дата складення інформації»: not before the registration date (rules revision 3), not in the future. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').meta({ description: '7.5 «Дата складення інформації» (YYYY-MM-DD): not before the registration date, not in the future.' }),
  applicantInformedVia: z.enum(['email', 'landline', 'mobile', 'sms', 'messenger', 'in_person', 'letter']),
});
export type ClosureProposal = z.infer<typeof closureProposalSchema>;

/** A calendar date, YYYY-MM-DD (whether it exists is a rule of domain/lifecycle.ts, which also knows the clock). */
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/** 9.2.3: a commission inspection / site visit, and what it found once held. */
export const inspectionSchema = z.object({
  scheduledAt: isoInstant,
  note: z.string(),
  by: z.string(),
  outcome: z
    .object({
      heldAt: isoInstant,
      findings: z.string(),
      /** Whether the commission found the work done. */
      workDone: z.boolean(),
      by: z.string(),
      recordedAt: isoInstant,
    })
    .optional(),
});

/** 8.2.3: the СЕР plan a request was included in: the plan year and/or the planned date of the works. */
export const strategicPlanSchema = z.object({
  planYear: z.number().int().optional(),
  plannedDate: calendarDate.optional(),
  approvedAt: isoInstant,
  note: z.string().optional(),
});

export const historyEntrySchema = z.object({
  at: isoInstant,
  actor: z.object({ id: z.string(), role: z.string(), name: z.string().optional(), executorId: z.string().optional() }),
  action: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  note: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const commentSchema = z.object({
  at: isoInstant,
  author: z.object({ id: z.string(), role: z.string(), name: z.string().optional(), executorId: z.string().optional() }),
  text: z.string(),
  public: z.boolean(),
});

/** A decision waiting for someone (what the request is "awaiting"). */
export const pendingSchema = z.object({
  kind: z.enum(['executor_change', 'additional_control', 'manager_approval', 'strategic_plan', 'closure_review', 'rating_check', 'applicant_confirmation']),
  since: isoInstant,
  /** The status to return to when the request is rejected. */
  returnTo: statusSchema,
  reason: z.string().optional(),
  proposedDeadline: isoInstant.optional(),
  attachmentIds: z.array(z.string()).optional(),
  responsiblePerson: z.string().optional(),
  /** 8.2.2 (rules revision 3): whether this extension needs the manager's sign-off, decided when it was asked. */
  managerRequired: z.boolean().optional(),
});

/** 9.2.3: how the applicant's word reached the Contact Center. */
export const CONFIRMATION_CHANNELS = ['cabinet', 'phone_call', 'telegram'] as const;
export const confirmationChannelSchema = z.enum(CONFIRMATION_CHANNELS);

/** 9.2.3: the applicant's word on the work, as recorded: from the applicant, or from the applicant's call by the worker who took it. */
export const applicantConfirmationSchema = z.object({
  confirmed: z.boolean(),
  at: isoInstant,
  channel: confirmationChannelSchema,
  /** The worker who recorded the applicant's call (absent when the applicant answered in person, in the cabinet or the bot). */
  recordedBy: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  /** When the applicant called (a recorded call). */
  callAt: isoInstant.optional(),
  note: z.string().optional(),
});

/**
 * A person who must act and has not yet (rules revision 3): what the request awaits, from when, and
 * when the one who must act is reminded and the next role up is told (domain/request-transitions.ts `WATCHES`).
 */
export const watchSchema = z.object({
  /** What is awaited: a decision (`pending.kind`) or the СЕР planned works (`planned_works`). */
  awaiting: z.string(),
  clause: z.string(),
  since: isoInstant,
  remindAt: isoInstant.optional(),
  escalateAt: isoInstant.optional(),
  remindedAt: isoInstant.optional(),
  escalatedAt: isoInstant.optional(),
  /** The role reminded, and the role told on escalation. */
  remind: z.string(),
  escalateTo: z.string(),
});
export type Watch = z.infer<typeof watchSchema>;

/**
 * 8.2.1 ("залучення інших виконавців"): an executor the Contact Center brought in beside the request's
 * executor, for a part of the work. It sees the request in its queue, comments, and proposes its part
 * done; the request is proposed for closure once every part is done.
 */
export const coExecutorSchema = z.object({
  executor: executorRefSchema,
  /** The part of the work it is brought in for. */
  task: z.string(),
  addedAt: isoInstant,
  /** The worker who brought it in. */
  addedBy: z.string(),
  /** Its part, once it proposed it done: what it did, the 7.5 date it wrote it, who and when. */
  part: z.object({ result: z.string(), date: z.string(), by: z.string(), at: isoInstant }).optional(),
});
export type CoExecutor = z.infer<typeof coExecutorSchema>;

/** The request card: the workflow's query result and the read model's document (DESIGN §6). */
export const requestCardSchema = z.object({
  number: z.string(),
  version: z.number().int(),
  status: statusSchema,
  channel: z.enum(['phone', 'web']),
  categoryCode: z.string(),
  categoryName: z.string().optional(),
  executorId: z.string(),
  executor: executorRefSchema,
  district: z.string(),
  address: addressSchema,
  applicant: applicantSchema,
  description: z.string(),
  /** Every file attached to the request: at registration and with 8.2.2 and 8.2.3 requests. */
  attachmentIds: z.array(z.string()),
  registeredAt: isoInstant,
  acceptedAt: isoInstant.optional(),
  deadlineAt: isoInstant.nullable(),
  reviewableAt: isoInstant.optional(),
  overdue: z.boolean(),
  // The fields added since the first lifecycle are optional in the type (cards written before them,
  // callers that build cards) and filled in by the parse, so the API and the read model always show them.
  /** 8.1.5: how many terms were missed over the request's life (the flag alone is cleared by a new term). */
  overdueCount: z.number().int().default(0).optional(),
  /** 8.1.5: each missed term: the deadline and when it was found missed. */
  missedDeadlines: z.array(z.object({ deadlineAt: isoInstant, at: isoInstant })).default([]).optional(),
  underAdditionalControl: z.boolean(),
  /** 8.2.2: extensions granted over the request's whole life (never reset). Whether the next one needs the manager is card.extensionNeedsManager. */
  additionalControlCount: z.number().int(),
  repeatOf: z.string().optional(),
  repeatCount: z.number().int(),
  /** 9.2.3: the numbers of later requests that repeat this one (their count is its length). */
  repeatedBy: z.array(z.string()).default([]).optional(),
  /** The known outage the call is about (linked by intake at registration). */
  repairWorkId: z.string().optional(),
  repairWork: repairWorkLinkSchema.optional(),
  requiresApplicantConfirmation: z.boolean(),
  applicantConfirmed: z.boolean().optional(),
  /** 9.2.3 (rules revision 3): the applicant's last word, with the channel and who recorded it. */
  applicantConfirmation: applicantConfirmationSchema.optional(),
  pending: pendingSchema.optional(),
  /**
   * 8.2.2: whether the next extension needs the manager's sign-off and a named responsible person
   * (domain/lifecycle.ts `extensionNeedsManager`), so pages and templates read the rule instead of re-deriving it.
   */
  extensionNeedsManager: z.boolean().optional(),
  /** 8.2.x (rules revision 3): the executor's clock is stopped since then while the Contact Center decides its request. */
  clockStoppedAt: isoInstant.optional(),
  /** 8.2.x: how long, in all, the executor's clock was stopped for the Contact Center's decisions (ms). */
  clockStoppedMs: z.number().int().nonnegative().optional(),
  /** Who must act now, and when they are reminded and the next role up is told. */
  watch: watchSchema.optional(),
  /** 8.2.1: the co-executors brought in for parts of the work (rules revision 3). */
  coExecutors: z.array(coExecutorSchema).optional(),
  result: closureProposalSchema.optional(),
  closedAt: isoInstant.optional(),
  ratingWindowEndsAt: isoInstant.optional(),
  rating: z.object({ score: z.number().int(), comment: z.string().optional(), at: isoInstant }).optional(),
  reworkCount: z.number().int(),
  /** 8.2.3: the СЕР plan the request is tracked under, once included. */
  strategicPlan: strategicPlanSchema.optional(),
  inspections: z.array(inspectionSchema),
  comments: z.array(commentSchema),
  history: z.array(historyEntrySchema),
});
export type RequestCard = z.infer<typeof requestCardSchema>;

/**
 * The applicant as an analyst reads them: no name, phone or email, but a pseudonymous id that is the
 * same for one phone on every request and consultation (services/gateway/pseudonyms.ts).
 */
export const pseudonymousApplicantSchema = z.object({ pseudonym: z.string().regex(/^A-[A-Z0-9]{12}$/) }).meta({ id: 'PseudonymousApplicant' });
export type PseudonymousApplicant = z.infer<typeof pseudonymousApplicantSchema>;

/** The card as the API answers it: analysts get the applicant as a pseudonym (domain/privacy.ts `analystView`). */
export const requestCardOutSchema = requestCardSchema.extend({ applicant: z.union([applicantSchema, pseudonymousApplicantSchema]) });
export type RequestCardOut = z.infer<typeof requestCardOutSchema>;

/** The route the Classifier gave at registration (resolved by intake). */
export const routeSchema = z.object({
  executor: executorRefSchema,
  categoryName: z.string(),
  term: termSchema,
  reworkTerm: termSchema,
});

/** Input of the request workflow: everything intake validated and resolved. */
export const startRequestSchema = z.object({
  number: z.string(),
  channel: z.enum(['phone', 'web']),
  registeredAt: isoInstant,
  applicant: applicantSchema,
  address: addressSchema,
  categoryCode: z.string(),
  description: text(4000),
  attachmentIds: z.array(z.string()).default([]),
  repeatOf: z.string().optional(),
  repeatCount: z.number().int().nonnegative().default(0),
  /** The active repair work that explains the call, found by intake (8.1.6). */
  repairWork: repairWorkLinkSchema.optional(),
  route: routeSchema,
  actor: actorSchema,
  /**
   * What intake decided and recorded at registration (domain/registration.ts): the workflow records the
   * same transition. Absent from workflows started before intake recorded registrations itself.
   */
  registered: z.object({ at: isoInstant, deadlineAt: isoInstant, eventId: z.string().uuid() }).optional(),
});
export type StartRequest = z.infer<typeof startRequestSchema>;

/** Action inputs (HTTP bodies of DESIGN §4), one per Update. */
export const actionInputs = {
  accept: z.object({}).strict(),
  comment: z.object({ text: text(4000), public: z.boolean().default(false) }),
  requestExecutorChange: z.object({ reason: text(2000) }),
  decideExecutorChange: z.object({ approve: z.boolean(), executorId: z.string().optional(), note: z.string().max(2000).default('') }),
  requestAdditionalControl: z.object({
    reason: text(2000),
    proposedDeadline: isoInstant,
    attachmentIds: z.array(z.string().min(1).max(64)).min(1, 'attach at least one act, memo or photo (8.2.2)').max(20),
    responsiblePerson: z
      .string()
      .trim()
      .max(200)
      .optional()
      .meta({ description: "8.2.2: required exactly when the card's extensionNeedsManager is true: an extension after a missed additional-control term, which also needs the manager's sign-off." }),
  }),
  decideAdditionalControl: z.object({ approve: z.boolean(), deadline: isoInstant.optional(), note: z.string().max(2000).default('') }),
  managerApproval: z.object({ approve: z.boolean(), note: z.string().max(2000).default('') }),
  requestStrategicPlan: z.object({ reason: text(2000), attachmentIds: z.array(z.string().min(1).max(64)).min(1, 'attach the justification documents (8.2.3)').max(20) }),
  decideStrategicPlan: z.object({
    approve: z.boolean(),
    /** 8.2.3: the plan the request is included in — its year, the planned date of the works, or both (one is needed to approve). */
    planYear: z.number().int().min(2000).max(2100).optional(),
    plannedDate: calendarDate.optional(),
    note: z.string().max(2000).default(''),
  }),
  proposeClosure: closureProposalSchema,
  review: z.object({ decision: z.enum(['approve', 'rework']), note: z.string().max(2000).default('') }),
  spotCheck: z.object({ confirmed: z.boolean(), note: z.string().max(2000).default('') }),
  rate: z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() }),
  verifyRating: z.object({ upheld: z.boolean(), note: z.string().max(2000).default('') }),
  scheduleInspection: z.object({ scheduledAt: isoInstant, note: z.string().max(2000).default('') }),
  recordInspectionOutcome: z.object({
    /** Which inspection (1 = the first scheduled); the latest one without an outcome when omitted. */
    inspection: z.number().int().min(1).optional(),
    heldAt: isoInstant,
    findings: text(4000),
    workDone: z.boolean(),
  }),
  /** 8.2.1: the Contact Center brings in another executor for a part of the work (resolved by the gateway from executorId). */
  involveCoExecutor: z.object({ executorId: z.string().min(1).max(64), task: text(2000) }),
  /** 8.2.1: a co-executor proposes its part done, with the 7.5 date the information was written. */
  proposePart: z.object({ result: text(4000), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD') }),
  confirmResolution: z.object({
    confirmed: z.boolean(),
    note: z.string().max(2000).default(''),
    /** 9.2.3: how the applicant's word came; a worker records only the applicant's call (`phone_call`). */
    channel: confirmationChannelSchema.optional().meta({ description: "9.2.3: how the applicant's word came. The applicant answers in the cabinet (cabinet, or none); a worker records only the applicant's call: phone_call." }),
    /** 9.2.3: when the applicant called, for a recorded call. */
    callAt: isoInstant.optional().meta({ description: '9.2.3: when the applicant called (a recorded call); not in the future.' }),
  }),
} as const;
export type ActionName = keyof typeof actionInputs;
export type ActionInput<A extends ActionName> = z.infer<(typeof actionInputs)[A]>;

/** An Update's argument: the authenticated actor (from the gateway) and the validated input. */
export interface ActionArg<A extends ActionName> {
  actor: z.infer<typeof actorSchema>;
  input: ActionInput<A>;
  /** For a change of executor: the new executor, resolved by the gateway from executorId. */
  executor?: ExecutorRef;
}

/** Temporal Update names, one per action: the wire names of contracts/wire.ts, each with its input schema here. */
type ActionUpdate = (typeof REQUEST_ACTION_UPDATES)[number];
export const UPDATE_NAMES = Object.fromEntries(REQUEST_ACTION_UPDATES.map((a) => [a, a])) as Record<ActionName, ActionUpdate>;
// Every action has exactly one wire name and every wire name one input schema (a compile-time check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _everyActionNamed: Same<ActionName, ActionUpdate> = true;
void _everyActionNamed;

/**
 * The REGISTRATION_UPDATE (contracts/wire.ts) is read-only and without arguments: it returns the card
 * once registration is recorded (deadline computed, read model written), so intake starts the workflow
 * and awaits it (update-with-start) to answer `{number, status, executorId, deadlineAt}` without polling.
 * REPEATED_SIGNAL (9.2.3) is sent by a repeated request's workflow, at its registration, to the workflow
 * of the request it repeats (`repeatOf`), with this body.
 */
export const repeatedSignalSchema = z.object({ number: z.string(), registeredAt: isoInstant, repeatCount: z.number().int() });
export type RepeatedSignal = z.infer<typeof repeatedSignalSchema>;

/** The one-line static summary intake sets at start (`staticSummary`), so ops staff read a request in the Temporal UI. */
export function requestStaticSummary(start: Pick<StartRequest, 'number' | 'categoryCode' | 'address'> & { route: { categoryName: string } }): string {
  // The district only: the street, building and apartment are the applicant's address, which stays
  // in the encrypted payloads (platform/payload-codec.ts), like their name, phone and email.
  return `${start.number} · ${start.categoryCode} ${start.route.categoryName} · ${start.address.district}`;
}


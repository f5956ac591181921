/**
 * The lifecycle rules (DESIGN §2): who may do what to a request in which status, as data plus one
 * pure check. The request workflow runs `checkAction` in every Update's validator (so a forbidden
 * action is refused before anything is recorded) and again when the action runs; the gateway may
 * run it on the read model's card to answer 403/409/422 early. The workflow stays the authority.
 *
 * A refusal travels as a Temporal `ApplicationFailure` whose `type` is the refusal kind and whose
 * first detail is `details` (e.g. `{reviewableAt}`); `decodeRefusal` recovers it from whatever the
 * client threw (`WorkflowUpdateFailedError` → cause), and `REFUSAL_HTTP_STATUS` maps it to HTTP.
 */
import { DateTime } from 'luxon';
import type { Actor } from '../contracts/events.ts';
import {
  actionInputs,
  closureProposalSchema,
  type ActionName,
  type ExecutorRef,
  type RequestCard,
  type RequestStatus,
} from '../contracts/request.ts';
import { DEFAULT_CALENDAR } from './calendar.ts';
import { normalizeUaPhone } from './phone.ts';

export type Role = Actor['role'];
export type PendingKind = NonNullable<RequestCard['pending']>['kind'];

/** Why an action was refused; each kind has one HTTP status. */
export const REFUSAL_KINDS = ['forbidden', 'wrong_status', 'not_reviewable_yet', 'rule_violation', 'limit_reached'] as const;
export type RefusalKind = (typeof REFUSAL_KINDS)[number];

export const REFUSAL_HTTP_STATUS: Record<RefusalKind, 403 | 409 | 422> = {
  forbidden: 403,
  wrong_status: 409,
  not_reviewable_yet: 409,
  rule_violation: 422,
  /** domain/bounds.ts: the request holds as much as one request may. */
  limit_reached: 422,
};

/** A refused action: a kind to switch on, a sentence for people, and what a client needs to act. */
export interface Refusal {
  kind: RefusalKind;
  message: string;
  details?: Record<string, unknown>;
}

/** One action's rule: the Regulation clause, who may take it, from which statuses, awaiting which decision. */
export interface ActionRule {
  clause: string;
  roles: readonly Role[];
  from: readonly RequestStatus[] | 'any';
  /** The decision (`pending.kind`) the request must be waiting for. */
  awaiting?: readonly PendingKind[];
  /** What happens, for people reading the table (docs/regulation.md mirrors it). */
  effect: string;
}

const WORKING: readonly RequestStatus[] = ['in_progress', 'rework'];

/** The lifecycle as data: every action of DESIGN §4 that changes or annotates a request. */
export const ACTION_RULES: Record<ActionName, ActionRule> = {
  accept: { clause: '8.1.2', roles: ['executor'], from: WORKING, effect: 'records that the executor took the request into work' },
  comment: { clause: '8.1.3, 9.2.3', roles: ['executor', 'operator', 'manager'], from: 'any', effect: 'adds a timestamped comment (public ones reach the applicant)' },
  requestExecutorChange: { clause: '8.2.1', roles: ['executor'], from: WORKING, effect: '→ executor_change_requested' },
  decideExecutorChange: {
    clause: '8.2.1',
    roles: ['operator'],
    from: ['executor_change_requested'],
    awaiting: ['executor_change'],
    effect: 'approve: new executor with a fresh term; reject: back to where it came from',
  },
  requestAdditionalControl: { clause: '8.2.2', roles: ['executor'], from: WORKING, effect: '→ additional_control_requested' },
  decideAdditionalControl: {
    clause: '8.2.2',
    roles: ['operator'],
    from: ['additional_control_requested'],
    awaiting: ['additional_control'],
    effect: 'approve: new deadline, ending on a working instant (an extension after a missed additional-control term goes on to the manager); reject: back, the executor\'s term resumes',
  },
  managerApproval: {
    clause: '8.2.2',
    roles: ['manager'],
    from: ['additional_control_requested'],
    awaiting: ['manager_approval'],
    effect: 'approve: the second extension takes effect; reject: back',
  },
  requestStrategicPlan: { clause: '8.2.3', roles: ['executor'], from: WORKING, effect: '→ strategic_plan_requested' },
  decideStrategicPlan: {
    clause: '8.2.3',
    roles: ['operator'],
    from: ['strategic_plan_requested'],
    awaiting: ['strategic_plan'],
    effect: 'approve (with the plan year or planned date): → strategic_plan, the ordinary deadline is suspended; reject: back',
  },
  proposeClosure: {
    clause: '7.5, 8.3',
    roles: ['executor'],
    from: ['in_progress', 'rework', 'strategic_plan'],
    effect: '→ closure_proposed with every 7.5 field, reviewable from reviewableAt (9.2.4)',
  },
  review: {
    clause: '9.2.4',
    roles: ['operator'],
    from: ['closure_proposed'],
    awaiting: ['closure_review'],
    effect: 'approve: → closed (a repeated request first needs the applicant, 9.2.3; never over their "not confirmed"); rework: → rework with the rework term',
  },
  spotCheck: { clause: '9.2.5', roles: ['operator'], from: ['closed'], effect: 'not confirmed: → rework with the rework term' },
  rate: { clause: '10.1', roles: ['applicant'], from: ['closed'], effect: 'a negative score (1–2): → rating_disputed' },
  verifyRating: {
    clause: '10.2',
    roles: ['operator'],
    from: ['rating_disputed'],
    awaiting: ['rating_check'],
    effect: 'upheld: → rework with the rework term (10.2.2); dismissed: → closed',
  },
  scheduleInspection: { clause: '9.2.3', roles: ['operator'], from: 'any', effect: 'records a commission inspection / site visit' },
  recordInspectionOutcome: { clause: '9.2.3', roles: ['operator'], from: 'any', effect: "records what a held inspection found (when, findings, whether the work is done)" },
  involveCoExecutor: {
    clause: '8.2.1',
    roles: ['operator'],
    from: ['in_progress', 'rework', 'executor_change_requested'],
    effect: "brings in another executor for a part of the work (on the executor's request for a change of executor, instead of replacing it); it sees the request in its queue and is told",
  },
  proposePart: { clause: '8.2.1', roles: ['executor'], from: WORKING, effect: "a co-executor proposes its part done; the request's closure waits for every part" },
  confirmResolution: {
    clause: '9.2.3',
    roles: ['applicant', 'operator'],
    from: ['closure_proposed'],
    awaiting: ['closure_review', 'applicant_confirmation'],
    effect: "the applicant's word, given in the cabinet or recorded by an operator from the applicant's call (channel, who, when): confirmed closes a repeated request (after the review); not confirmed returns it for rework with the rework term, never closes it",
  },
};

/** Scores at or below this are negative ratings (10.2). */
export const NEGATIVE_RATING_MAX = 2;

/**
 * The revisions of the rules below, oldest first. A running request keeps the rules it started with:
 * the workflow checks an action again when it runs it, and replays its history through that check, so
 * a rule added later must not refuse, on replay, an action the rules of its day accepted. Each revision
 * after the first has one `patched()` marker (workflows/request.ts `rulesRevisionOf`): a request whose
 * history lacks it keeps the revision before. A rule change adds an entry here and gates on
 * `revision >=` its number; test/workflows/replay.test.ts replays a recorded history of every revision.
 */
export const RULE_REVISIONS = [
  { revision: 1, marker: undefined, rules: 'the first lifecycle' },
  {
    revision: 2,
    marker: 'lifecycle-corrections-1',
    rules: '8.2.2 extension count and later deadlines, 7.5 real date and phone, 8.2.3 plan, 9.2.3 outcomes, the original of a repeat kept on control',
  },
  {
    revision: 3,
    marker: 'lifecycle-corrections-2',
    rules:
      "9.2.3 the applicant's word (not confirmed → rework; a worker records only the applicant's call); 7.5 date not before the registration; 8.2.2 the manager after a missed additional-control term; 8.2.x the executor's clock stopped while the Contact Center decides; reminders and escalations of whoever must act; 8.1.2 after a reassignment in rework; reminders in working time; extended terms end on a working instant",
  },
] as const;

export type RulesRevision = (typeof RULE_REVISIONS)[number]['revision'];

/** The current revision: what a new request starts with and what the validators check. */
export const RULES_REVISION: RulesRevision = RULE_REVISIONS[RULE_REVISIONS.length - 1]!.revision;

/** Statuses in which the executor's deadline runs. Up to revision 2 a pending 8.2.x decision did not stop it. */
export const DEADLINE_RUNNING: readonly RequestStatus[] = ['in_progress', 'rework'];

/** The Contact Center's decisions on an executor's request (8.2.x): the executor's clock stops while one is pending (revision 3). */
export const CLOCK_STOPPING_STATUSES: readonly RequestStatus[] = ['executor_change_requested', 'additional_control_requested', 'strategic_plan_requested'];

/** Whether the request's ordinary deadline is running (not stopped by a pending 8.2.x decision, suspended by СЕР, a proposal or closure). */
export function deadlineRuns(status: RequestStatus, revision: number = RULES_REVISION): boolean {
  return DEADLINE_RUNNING.includes(status) || (revision < 3 && CLOCK_STOPPING_STATUSES.includes(status));
}

/**
 * 8.2.2: "У разі порушення термінів додаткового контролю, запит на подовження терміну надається з
 * відома керівника із зазначенням відповідальної особи." Revision 3 reads it as written: once the
 * additional-control term (the extended deadline) was missed, a further extension is asked with the
 * manager's knowledge and names a responsible person. An extension asked while the extended term
 * still runs is the operator's alone; a new executor (8.2.1) or a rework term starts without it.
 * (Revision 2 asked the manager for any extension after the first; revision 1 while under additional control.)
 */
export function extensionNeedsManager(
  card: Pick<RequestCard, 'underAdditionalControl' | 'additionalControlCount' | 'overdue'>,
  revision: number = RULES_REVISION,
): boolean {
  if (revision >= 3) return card.underAdditionalControl && card.overdue;
  return revision >= 2 ? card.additionalControlCount > 0 : card.underAdditionalControl;
}

/** 8.2.3: whether the request was included in the СЕР plans (it then stays in that regime until closed). */
export function inStrategicPlan(card: Pick<RequestCard, 'strategicPlan' | 'history'>): boolean {
  return card.strategicPlan !== undefined || card.history.some((h) => h.action === 'strategic_plan_approved');
}

/** A real calendar date YYYY-MM-DD (2026-02-31 is not). */
export function isCalendarDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid;
}

const PENDING_LABEL: Record<PendingKind, string> = {
  executor_change: "the operator's decision on the change of executor (8.2.1)",
  additional_control: "the operator's decision on additional control (8.2.2)",
  manager_approval: "the manager's sign-off on the extension (8.2.2)",
  strategic_plan: "the operator's decision on inclusion in the СЕР plans (8.2.3)",
  closure_review: "the operator's review of the closure proposal (9.2.4)",
  rating_check: "the operator's check of the negative rating (10.2.1)",
  applicant_confirmation: "the applicant's confirmation that the problem is solved (9.2.3)",
};

/** What the request is waiting for, in a phrase (Temporal UI details, notifications). */
export function awaitedOf(card: RequestCard): string {
  if (card.pending?.kind === 'closure_review' && card.applicantConfirmed === false) {
    // Only a request under rules revision 2 waits here: from revision 3 the objection returns it for rework at once.
    return "the operator's decision on the applicant's objection: rework, or close with a note (9.2.3, 9.2.4; rules revision 2)";
  }
  if (card.pending) return PENDING_LABEL[card.pending.kind];
  switch (card.status) {
    case 'in_progress':
    case 'rework':
      return card.acceptedAt || card.status === 'rework' ? "the executor's work and closure proposal (8.3)" : "the executor's acceptance (8.1.2)";
    case 'strategic_plan':
      return 'the СЕР planned works, then a closure proposal (8.2.3)';
    case 'closed':
      return card.ratingWindowEndsAt ? `the applicant's rating until ${card.ratingWindowEndsAt} (10.1)` : 'nothing';
    default:
      return 'a decision';
  }
}

export interface ActionCheck<A extends ActionName> {
  card: RequestCard;
  action: A;
  actor: Actor;
  /** The action's input; checks that need it are skipped when it is absent (early gateway checks). */
  input?: unknown;
  /** For an approved change of executor: the new executor, resolved by the gateway. */
  executor?: ExecutorRef;
  now: Date;
  /** The rules revision to check by (RULES_REVISION unless a workflow replays an older history). */
  revision?: number;
}

const refuse = (kind: RefusalKind, message: string, details?: Record<string, unknown>): Refusal => ({ kind, message, ...(details ? { details } : {}) });

/** Names the offending body field the way the gateway's 400s do (`details.fields`). */
const fieldsOf = (field: string, message: string): { fields: Array<{ field: string; message: string }> } => ({ fields: [{ field: `body.${field}`, message }] });

/** 9.2.3: the index of the latest inspection still without an outcome, or -1. */
export function lastOpenInspection(card: Pick<RequestCard, 'inspections'>): number {
  for (let i = card.inspections.length - 1; i >= 0; i--) if (!card.inspections[i]!.outcome) return i;
  return -1;
}

/**
 * 7.5 (revision 2): the date of the result is a real calendar date, not after today in the calendar's
 * time zone, and the executor's phone is a phone number; each refusal names its field.
 */
function checkResult(p: { date: string; executorPhone: string }, now: Date, registeredAt: string, revision: number): Refusal | undefined {
  if (!isCalendarDate(p.date)) return refuse('rule_violation', `7.5 date: ${p.date} is not a calendar date`, { issues: [{ path: 'date', message: 'no such date' }], ...fieldsOf('date', 'no such date') });
  const today = DateTime.fromJSDate(now, { zone: DEFAULT_CALENDAR.timeZone }).toISODate() ?? '';
  if (p.date > today) {
    return refuse('rule_violation', `7.5 date: ${p.date} is in the future (today is ${today})`, { issues: [{ path: 'date', message: 'must not be in the future' }], ...fieldsOf('date', 'must not be in the future') });
  }
  // Revision 3: "дата складення інформації" is when the information was written, so not before the request existed.
  const registered = DateTime.fromISO(registeredAt, { zone: DEFAULT_CALENDAR.timeZone }).toISODate() ?? '';
  if (revision >= 3 && p.date < registered) {
    const message = `must not be before the request's registration (${registered})`;
    return refuse('rule_violation', `7.5 date: ${p.date} is before the request was registered (${registered})`, { issues: [{ path: 'date', message }], ...fieldsOf('date', message) });
  }
  if (normalizeUaPhone(p.executorPhone) === null) {
    return refuse('rule_violation', `7.5 executorPhone: ${p.executorPhone} is not a phone number`, {
      issues: [{ path: 'executorPhone', message: 'must be a Ukrainian phone number, e.g. +380562123456 or 0562123456' }],
      ...fieldsOf('executorPhone', 'must be a Ukrainian phone number, e.g. +380562123456 or 0562123456'),
    });
  }
  return undefined;
}

/** 7.5 / 8.2.1: a result's date: a real date, not in the future, not before the registration; the refusal names `date`. */
function checkDate(date: string, now: Date, registeredAt: string): Refusal | undefined {
  if (!isCalendarDate(date)) return refuse('rule_violation', `7.5 date: ${date} is not a calendar date`, fieldsOf('date', 'no such date'));
  const today = DateTime.fromJSDate(now, { zone: DEFAULT_CALENDAR.timeZone }).toISODate() ?? '';
  if (date > today) return refuse('rule_violation', `7.5 date: ${date} is in the future (today is ${today})`, fieldsOf('date', 'must not be in the future'));
  const registered = DateTime.fromISO(registeredAt, { zone: DEFAULT_CALENDAR.timeZone }).toISODate() ?? '';
  if (date < registered) return refuse('rule_violation', `7.5 date: ${date} is before the request was registered (${registered})`, fieldsOf('date', `must not be before the request's registration (${registered})`));
  return undefined;
}

/** 8.2.1: at most this many co-executors on one request. */
export const MAX_CO_EXECUTORS = 10;

/** 8.2.1: the co-executors whose part is not done yet. */
export function partsOpen(card: Pick<RequestCard, 'coExecutors'>): string[] {
  return (card.coExecutors ?? []).filter((x) => !x.part).map((x) => x.executor.id);
}

/**
 * Whose request it is, for an applicant: the one who filed it in the cabinet, or — for a call an
 * operator registered — the cabinet whose owner confirmed that phone number by SMS code.
 */
export function isApplicantOf(card: Pick<RequestCard, 'applicant'>, who: { id: string; verifiedPhone?: string | undefined }): boolean {
  if (card.applicant.userId !== undefined) return card.applicant.userId === who.id;
  return who.verifiedPhone !== undefined && card.applicant.phone === who.verifiedPhone;
}

/** 8.2.1: whether an executor is one of the request's co-executors. */
export function isCoExecutor(card: Pick<RequestCard, 'coExecutors'>, executorId: string | undefined): boolean {
  return executorId !== undefined && (card.coExecutors ?? []).some((c) => c.executor.id === executorId);
}

/** 8.2.1: what a co-executor may do: see, comment, propose its part. */
const CO_EXECUTOR_ACTIONS: ReadonlySet<ActionName> = new Set(['comment', 'proposePart']);

function ownership(card: RequestCard, actor: Actor, action: ActionName): Refusal | undefined {
  if (actor.role === 'executor' && action === 'proposePart') {
    return isCoExecutor(card, actor.executorId) ? undefined : refuse('forbidden', `8.2.1 only a co-executor of request ${card.number} proposes a part`);
  }
  if (actor.role === 'executor' && actor.executorId !== card.executorId && !(CO_EXECUTOR_ACTIONS.has(action) && isCoExecutor(card, actor.executorId))) {
    return refuse('forbidden', `request ${card.number} is assigned to another executor`, { executorId: card.executorId });
  }
  if (actor.role === 'applicant' && !isApplicantOf(card, actor)) {
    return refuse('forbidden', `request ${card.number} was filed by another applicant`);
  }
  return undefined;
}

/** Checks that do not need the input: role, ownership, status and the awaited decision. */
function checkStanding(card: RequestCard, action: ActionName, actor: Actor): Refusal | undefined {
  const rule = ACTION_RULES[action];
  if (!rule.roles.includes(actor.role)) {
    return refuse('forbidden', `${action} (${rule.clause}) is for ${rule.roles.join(' or ')}, not ${actor.role}`, { roles: rule.roles });
  }
  const notOwner = ownership(card, actor, action);
  if (notOwner) return notOwner;
  if (rule.from !== 'any' && !rule.from.includes(card.status)) {
    return refuse('wrong_status', `${action} (${rule.clause}) is not possible while the request is ${card.status}`, {
      status: card.status,
      allowed: rule.from,
    });
  }
  if (rule.awaiting && (!card.pending || !rule.awaiting.includes(card.pending.kind))) {
    return refuse('wrong_status', `${action} (${rule.clause}) is not possible: the request awaits ${awaitedOf(card)}`, {
      status: card.status,
      awaiting: card.pending?.kind ?? null,
    });
  }
  return undefined;
}

function issuesOf(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): Array<{ path: string; message: string }> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** The rules that need the input and the clock. `input` has been parsed by the action's schema. */
function checkRules(c: ActionCheck<ActionName>, input: Record<string, unknown>): Refusal | undefined {
  const { card, now } = c;
  const revision = c.revision ?? RULES_REVISION;
  const future = (iso: unknown, what: string): Refusal | undefined =>
    typeof iso === 'string' && new Date(iso).getTime() > now.getTime() ? undefined : refuse('rule_violation', `${what} must be in the future`, { value: iso });
  // 8.2.2 (revision 2): an extension moves the deadline later, never earlier.
  const laterThanCurrent = (iso: unknown, what: string, field: string): Refusal | undefined =>
    revision >= 2 && typeof iso === 'string' && card.deadlineAt && new Date(iso).getTime() <= new Date(card.deadlineAt).getTime()
      ? refuse('rule_violation', `${what} must be later than the current deadline ${card.deadlineAt}`, { value: iso, deadlineAt: card.deadlineAt, ...fieldsOf(field, `must be later than the current deadline ${card.deadlineAt}`) })
      : undefined;
  switch (c.action) {
    case 'accept':
      return card.acceptedAt ? refuse('wrong_status', `request ${card.number} was already accepted at ${card.acceptedAt}`, { acceptedAt: card.acceptedAt }) : undefined;
    case 'decideExecutorChange': {
      if (input.approve !== true) return undefined;
      const wanted = typeof input.executorId === 'string' ? input.executorId : c.executor?.id;
      if (!c.executor || !wanted || c.executor.id !== wanted) {
        return refuse('rule_violation', '8.2.1 approving a change of executor needs the new executor (executorId)');
      }
      if (wanted === card.executorId) return refuse('rule_violation', `8.2.1 ${wanted} already is the executor`);
      return undefined;
    }
    case 'requestAdditionalControl': {
      const notFuture = future(input.proposedDeadline, '8.2.2 the proposed deadline') ?? laterThanCurrent(input.proposedDeadline, '8.2.2 the proposed deadline', 'proposedDeadline');
      if (notFuture) return notFuture;
      if (extensionNeedsManager(card, revision) && !(typeof input.responsiblePerson === 'string' && input.responsiblePerson.trim() !== '')) {
        return refuse(
          'rule_violation',
          revision >= 3
            ? "8.2.2 the additional-control term was missed: a further extension is filed with the manager's knowledge and must name a responsible person (responsiblePerson)"
            : "8.2.2 a second extension is filed with the manager's knowledge and must name a responsible person (responsiblePerson)",
          fieldsOf('responsiblePerson', 'required after a missed additional-control term'),
        );
      }
      return undefined;
    }
    case 'decideAdditionalControl': {
      if (input.approve !== true) return undefined;
      const deadline = input.deadline ?? card.pending?.proposedDeadline;
      return future(deadline, '8.2.2 the new deadline') ?? laterThanCurrent(deadline, '8.2.2 the new deadline', input.deadline !== undefined ? 'deadline' : 'proposedDeadline');
    }
    case 'decideStrategicPlan': {
      if (revision < 2 || input.approve !== true) return undefined;
      if (input.planYear === undefined && input.plannedDate === undefined) {
        return refuse('rule_violation', '8.2.3 including a request in the СЕР plans needs the plan it belongs to: planYear or plannedDate', fieldsOf('planYear', 'the plan year or the planned date (plannedDate) is required'));
      }
      if (typeof input.plannedDate === 'string' && !isCalendarDate(input.plannedDate)) {
        return refuse('rule_violation', `8.2.3 plannedDate ${input.plannedDate} is not a calendar date`, fieldsOf('plannedDate', 'no such date'));
      }
      return undefined;
    }
    case 'managerApproval':
      return input.approve === true ? future(card.pending?.proposedDeadline, '8.2.2 the approved deadline') : undefined;
    case 'review': {
      const reviewableAt = card.reviewableAt;
      if (reviewableAt && now.getTime() < new Date(reviewableAt).getTime()) {
        return refuse('not_reviewable_yet', `9.2.4 the closure was proposed outside working hours; it can be reviewed from ${reviewableAt}`, { reviewableAt });
      }
      // 9.2.3 (revision 3): the request stays on control until the applicant confirms; nobody closes it over a "not confirmed".
      if (revision >= 3 && input.decision === 'approve' && card.applicantConfirmed === false) {
        return refuse('rule_violation', "9.2.3 the applicant did not confirm the work: the request goes back for rework, it cannot be closed over the applicant's word", fieldsOf('decision', 'the applicant did not confirm: only rework'));
      }
      if (revision >= 2 && input.decision === 'approve' && card.applicantConfirmed === false && !(typeof input.note === 'string' && input.note.trim() !== '')) {
        return refuse('rule_violation', '9.2.3 the applicant did not confirm the work: closing it anyway needs the operator\'s note on why the objection is unfounded', fieldsOf('note', 'required to close a request its applicant did not confirm'));
      }
      return undefined;
    }
    case 'recordInspectionOutcome': {
      if (revision < 2) return undefined;
      const index = typeof input.inspection === 'number' ? input.inspection - 1 : lastOpenInspection(card);
      const inspection = index >= 0 ? card.inspections[index] : undefined;
      if (!inspection) {
        return refuse('rule_violation', card.inspections.length === 0 ? '9.2.3 no inspection was scheduled for this request' : `9.2.3 no inspection ${typeof input.inspection === 'number' ? `${input.inspection} ` : ''}without an outcome`, fieldsOf('inspection', 'no such inspection without an outcome'));
      }
      if (inspection.outcome) return refuse('rule_violation', `9.2.3 inspection ${index + 1} already has its outcome`, fieldsOf('inspection', 'already recorded'));
      if (typeof input.heldAt === 'string' && new Date(input.heldAt).getTime() > now.getTime()) return refuse('rule_violation', '9.2.3 an inspection is recorded once held: heldAt is in the future', fieldsOf('heldAt', 'must not be in the future'));
      return undefined;
    }
    case 'rate': {
      if (card.ratingWindowEndsAt && now.getTime() >= new Date(card.ratingWindowEndsAt).getTime()) {
        return refuse('rule_violation', `10.1 the rating window closed at ${card.ratingWindowEndsAt}`, { ratingWindowEndsAt: card.ratingWindowEndsAt });
      }
      if (card.rating && card.closedAt && card.rating.at >= card.closedAt) {
        return refuse('rule_violation', '10.1 this closure has already been rated', { rating: card.rating });
      }
      return undefined;
    }
    case 'involveCoExecutor': {
      const wanted = typeof input.executorId === 'string' ? input.executorId : undefined;
      if (!c.executor || c.executor.id !== wanted) return refuse('rule_violation', '8.2.1 bringing in a co-executor needs the executor (executorId)', fieldsOf('executorId', 'unknown executor'));
      if (wanted === card.executorId) return refuse('rule_violation', `8.2.1 ${wanted} already is the request's executor`, fieldsOf('executorId', "already the request's executor"));
      if (isCoExecutor(card, wanted)) return refuse('rule_violation', `8.2.1 ${wanted} already is a co-executor`, fieldsOf('executorId', 'already a co-executor'));
      if ((card.coExecutors ?? []).length >= MAX_CO_EXECUTORS) return refuse('limit_reached', `8.2.1 a request has at most ${MAX_CO_EXECUTORS} co-executors`, fieldsOf('executorId', `at most ${MAX_CO_EXECUTORS} co-executors`));
      return undefined;
    }
    case 'proposePart': {
      const mine = (card.coExecutors ?? []).find((x) => x.executor.id === c.actor.executorId);
      if (mine?.part) return refuse('wrong_status', `8.2.1 ${mine.executor.id} already proposed its part`, { part: mine.part });
      return checkDate(String(input.date), now, card.registeredAt);
    }
    case 'confirmResolution': {
      if (!card.requiresApplicantConfirmation) return refuse('rule_violation', '9.2.3 only a repeated request waits for the applicant\'s confirmation');
      if (revision < 3) return undefined;
      // 9.2.3: the word is the applicant's: given by the applicant, or recorded by a worker from the applicant's call.
      if (c.actor.role !== 'applicant' && input.channel !== 'phone_call') {
        return refuse('rule_violation', "9.2.3 a worker cannot confirm in the applicant's place: record the applicant's call (channel phone_call)", fieldsOf('channel', "a worker records only the applicant's call: phone_call"));
      }
      if (c.actor.role === 'applicant' && input.channel === 'phone_call') {
        return refuse('rule_violation', "9.2.3 a call is recorded by the worker who took it", fieldsOf('channel', 'phone_call is recorded by a worker'));
      }
      if (typeof input.callAt === 'string' && new Date(input.callAt).getTime() > now.getTime()) {
        return refuse('rule_violation', '9.2.3 the call cannot be in the future', fieldsOf('callAt', 'must not be in the future'));
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether `actor` may take `action` on the request now: undefined when allowed, else the refusal.
 * Pure: the caller passes the instant (workflow time in the workflow, the clock in the gateway).
 */
export function checkAction<A extends ActionName>(c: ActionCheck<A>): Refusal | undefined {
  const standing = checkStanding(c.card, c.action, c.actor);
  if (standing || c.input === undefined) return standing;
  if (c.action === 'proposeClosure') {
    const parsed = closureProposalSchema.safeParse(c.input);
    if (!parsed.success) {
      return refuse('rule_violation', `7.5 a closure proposal needs every result field: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`, {
        issues: issuesOf(parsed.error),
      });
    }
    const revision = c.revision ?? RULES_REVISION;
    const open = partsOpen(c.card);
    if (revision >= 3 && open.length > 0) {
      return refuse('rule_violation', `8.2.1 the request closes when its parts are done: waiting for ${open.join(', ')}`, { coExecutors: open });
    }
    return revision >= 2 ? checkResult(parsed.data, c.now, c.card.registeredAt, revision) : undefined;
  }
  const parsed = actionInputs[c.action].safeParse(c.input);
  if (!parsed.success) return refuse('rule_violation', `invalid ${c.action} input`, { issues: issuesOf(parsed.error) });
  return checkRules(c, parsed.data);
}

/** Whether a score is a negative rating (10.2). */
export function isNegativeRating(score: number): boolean {
  return score <= NEGATIVE_RATING_MAX;
}

/**
 * The refusal inside an error a Temporal client threw (WorkflowUpdateFailedError → ApplicationFailure
 * with `type` = kind and `details[0]`), or undefined when the error is no refusal. Duck-typed, so it
 * works on any error chain without importing the SDK.
 */
export function decodeRefusal(err: unknown): Refusal | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { type, message, details } = e as { type?: unknown; message?: unknown; details?: unknown };
    if (typeof type === 'string' && (REFUSAL_KINDS as readonly string[]).includes(type)) {
      const first: unknown = Array.isArray(details) ? details[0] : undefined;
      return {
        kind: type as RefusalKind,
        message: typeof message === 'string' ? message : type,
        ...(first && typeof first === 'object' ? { details: first as Record<string, unknown> } : {}),
      };
    }
  }
  return undefined;
}

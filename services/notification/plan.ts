/**
 * Who must hear about an event, through which channel, with which template. The addresses travel
 * in the event itself (DESIGN §3: consumers need no second look-up): the executor's email, the
 * applicant's email (or phone, for SMS, when there is none), the managers or ICT named by the
 * gateway in a memo's `notify`.
 */
import type { ChannelName, RecipientRole, TemplateName } from '../../contracts/notification.ts';
import { bookingSchema, type ConsultationEvent, type SessionEvent } from '../../contracts/consultations.ts';
import type { MemoEvent, RequestEvent } from '../../contracts/events.ts';
import { linkedRequestSchema, type RepairWorkEvent } from '../../contracts/repair-works.ts';
import { closureProposalSchema, executorRefSchema, type ClosureProposal, type ExecutorRef } from '../../contracts/request.ts';
import { z } from 'zod';
import { renderConsultation, renderSession } from './consultation-templates.ts';
import { decisionEventTypes, renderMemo, renderRepairWork, renderRequest, type Rendered, type TemplateOptions } from './templates.ts';

export interface Planned {
  role: RecipientRole;
  template: TemplateName;
  channel: ChannelName;
  /** The address; when nobody can be reached it is a placeholder (`executor:<id>`) and `missing` says why. */
  recipient: string;
  missing?: string;
  content: Rendered;
}

/** The event is well-formed but cannot be told as the Regulation requires (e.g. a closure without its 7.5 result). */
export class UnusableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnusableEventError';
  }
}

const EXECUTOR_TEMPLATES: Partial<Record<RequestEvent['type'], TemplateName>> = {
  'request.registered': 'executor.new_request',
  'request.acceptance_reminder': 'executor.acceptance_reminder',
  'request.executor_changed': 'executor.reassigned',
  'request.returned_for_rework': 'executor.rework',
  'request.deadline_reminder': 'executor.deadline_reminder',
  'request.overdue': 'executor.overdue',
  'request.repeated': 'executor.repeated',
  ...Object.fromEntries(decisionEventTypes.map((t) => [t, 'executor.decision'])),
};

const APPLICANT_TEMPLATES: Partial<Record<RequestEvent['type'], TemplateName>> = {
  'request.registered': 'applicant.registered',
  'request.closed': 'applicant.closed',
  'request.returned_for_rework': 'applicant.rework',
  'request.applicant_confirmation_requested': 'applicant.confirmation_requested',
};

/**
 * Staff the workflow named in `details.notify`: 8.2.2 the active managers, 9.2.4 the operators' queue
 * (the configured duty addresses, or every active operator).
 */
const STAFF_TEMPLATES: Partial<Record<RequestEvent['type'], { role: RecipientRole; template: TemplateName }>> = {
  'request.manager_approval_requested': { role: 'manager', template: 'manager.extension_to_sign_off' },
  'request.manager_approval_reminder': { role: 'manager', template: 'manager.extension_reminder' },
  'request.closure_reviewable': { role: 'operator', template: 'operator.closure_reviewable' },
};

/**
 * Who must act and has not (rules revision 3, domain/request-transitions.ts `WATCHES`): the staff the
 * workflow named in `details.notify` for `details.role`, or the request's own executor when the role
 * is `executor` (8.2.3: the СЕР planned date passed). Never the applicant.
 */
const WATCH_TEMPLATES: Partial<Record<RequestEvent['type'], TemplateName>> = {
  'request.awaiting_reminder': 'staff.awaiting_reminder',
  'request.awaiting_escalated': 'staff.awaiting_escalated',
};
const WATCH_STAFF_ROLES = ['operator', 'manager', 'admin'] as const satisfies readonly RecipientRole[];
const isWatchStaffRole = (role: unknown): role is (typeof WATCH_STAFF_ROLES)[number] => (WATCH_STAFF_ROLES as readonly unknown[]).includes(role);

const MEMO_TEMPLATES: Partial<Record<MemoEvent['type'], { role: RecipientRole; template: TemplateName }>> = {
  'memo.created': { role: 'manager', template: 'manager.memo_to_approve' },
  'memo.approved': { role: 'ict', template: 'ict.number_to_block' },
  'memo.approval_reminder': { role: 'manager', template: 'manager.memo_reminder' },
  'memo.ict_block_reminder': { role: 'ict', template: 'ict.block_reminder' },
  'memo.ict_block_escalation': { role: 'manager', template: 'manager.block_overdue' },
};

const email = (s: string): string => s.trim().toLowerCase();

/** The 7.5 result: the workflow puts it in `details.result` (a flat copy in `details` is accepted too). */
function closureResult(e: RequestEvent): ClosureProposal {
  const nested = closureProposalSchema.safeParse(e.data.details.result);
  if (nested.success) return nested.data;
  const flat = closureProposalSchema.safeParse(e.data.details);
  if (flat.success) return flat.data;
  throw new UnusableEventError(`request.closed for ${e.data.request.number} carries no valid 7.5 result: ${nested.error.issues.map((i) => `${i.path.join('.') || 'result'}: ${i.message}`).join('; ')}`);
}

/** The work reported done, when the event carries it. */
const optionalResult = (e: RequestEvent): ClosureProposal | undefined => closureProposalSchema.safeParse(e.data.details.result).data;

/** The staff named in `details.notify`, each once; a placeholder naming why when nobody is. */
function toNotified(e: RequestEvent, role: RecipientRole, template: TemplateName, content: Rendered): Planned[] {
  const notify = Array.isArray(e.data.details.notify) ? e.data.details.notify : [];
  const recipients = [...new Set(notify.filter((x): x is string => typeof x === 'string').map(email))];
  if (recipients.length === 0) return [{ role, template, channel: 'email', recipient: `${role}:nobody`, missing: `no active ${role} has an email on record`, content }];
  return recipients.map((recipient) => ({ role, template, channel: 'email', recipient, content }));
}

const toExecutor = (r: RequestEvent['data']['request'], template: TemplateName, content: Rendered): Planned =>
  r.executor.email
    ? { role: 'executor', template, channel: 'email', recipient: email(r.executor.email), content }
    : { role: 'executor', template, channel: 'email', recipient: `executor:${r.executor.id}`, missing: `executor ${r.executor.id} has no email on record`, content };

/** An executor other than the request's own (8.2.1 a co-executor), at its own address or a placeholder naming why not. */
const toOtherExecutor = (x: ExecutorRef, template: TemplateName, content: Rendered): Planned =>
  x.email
    ? { role: 'executor', template, channel: 'email', recipient: email(x.email), content }
    : { role: 'executor', template, channel: 'email', recipient: `executor:${x.id}`, missing: `executor ${x.id} has no email on record`, content };

/** 8.2.1: what the workflow puts in `co_executor_involved` (domain/request-transitions.ts `involveCoExecutor`). */
const involvedSchema = z.object({ coExecutor: executorRefSchema, task: z.string() });
/** 8.2.1: what the workflow puts in `part_proposed`. */
const partSchema = z.object({ executorId: z.string(), executor: executorRefSchema.optional(), result: z.string(), date: z.string(), remaining: z.array(z.string()) });

/**
 * 8.2.1 co-executors: the one brought in is told its task and the term; the request's executor is told
 * it has a co-executor, and later whose part is done and who is still pending. Never the applicant.
 */
function planCoExecutors(e: RequestEvent, opts: TemplateOptions): Planned[] | undefined {
  const r = e.data.request;
  const what = `${e.type} for ${r.number}`;
  if (e.type === 'request.co_executor_involved') {
    const d = involvedSchema.safeParse(e.data.details);
    if (!d.success) throw new UnusableEventError(`${what} names no co-executor and its task: ${d.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return [
      toOtherExecutor(d.data.coExecutor, 'executor.co_executor_task', renderRequest('executor.co_executor_task', e, opts)),
      toExecutor(r, 'executor.co_executor_added', renderRequest('executor.co_executor_added', e, opts)),
    ];
  }
  if (e.type === 'request.part_proposed') {
    const d = partSchema.safeParse(e.data.details);
    if (!d.success) throw new UnusableEventError(`${what} carries no valid part: ${d.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return [toExecutor(r, 'executor.part_proposed', renderRequest('executor.part_proposed', e, opts))];
  }
  return undefined;
}

/** A watch's reminder or escalation: to the role it names (details.role); an event without a known role tells nobody. */
function planWatch(e: RequestEvent, template: TemplateName, opts: TemplateOptions): Planned[] {
  const role = e.data.details.role;
  if (role === 'executor') {
    // Only a reminder goes to the executor (8.2.3 planned works); an escalation always goes up to staff.
    if (template !== 'staff.awaiting_reminder') return [];
    return [toExecutor(e.data.request, 'executor.planned_works_due', renderRequest('executor.planned_works_due', e, opts))];
  }
  if (!isWatchStaffRole(role) || !Array.isArray(e.data.details.notify)) return [];
  return toNotified(e, role, template, renderRequest(template, e, opts));
}

export function planRequest(e: RequestEvent, opts: TemplateOptions): Planned[] {
  const r = e.data.request;
  const watchTemplate = WATCH_TEMPLATES[e.type];
  if (watchTemplate) return planWatch(e, watchTemplate, opts);
  const coExecutors = planCoExecutors(e, opts);
  if (coExecutors) return coExecutors;
  const out: Planned[] = [];
  const executorTemplate = EXECUTOR_TEMPLATES[e.type];
  if (executorTemplate) {
    out.push(toExecutor(r, executorTemplate, renderRequest(executorTemplate, e, opts)));
  }
  const applicantTemplate = APPLICANT_TEMPLATES[e.type];
  if (applicantTemplate) {
    const result = applicantTemplate === 'applicant.closed' ? closureResult(e) : applicantTemplate === 'applicant.confirmation_requested' ? optionalResult(e) : undefined;
    const content = renderRequest(applicantTemplate, e, opts, result);
    out.push(
      r.applicant.email
        ? { role: 'applicant', template: applicantTemplate, channel: 'email', recipient: email(r.applicant.email), content }
        : { role: 'applicant', template: applicantTemplate, channel: 'sms', recipient: r.applicant.phone, content },
    );
  }
  const staff = STAFF_TEMPLATES[e.type];
  // Events recorded before the workflow named the staff carry no `notify`: nobody to tell then.
  if (staff && Array.isArray(e.data.details.notify)) {
    out.push(...toNotified(e, staff.role, staff.template, renderRequest(staff.template, e, opts)));
  }
  return out;
}

export function planMemo(e: MemoEvent, opts: TemplateOptions): Planned[] {
  const how = MEMO_TEMPLATES[e.type];
  if (!how) return [];
  const content = renderMemo(how.template, e, opts);
  const recipients = [...new Set(e.data.notify.map(email))];
  if (recipients.length === 0) {
    return [{ role: how.role, template: how.template, channel: 'email', recipient: `${how.role}:nobody`, missing: `${e.type} names nobody to notify`, content }];
  }
  return recipients.map((recipient) => ({ role: how.role, template: how.template, channel: 'email', recipient, content }));
}

/** 8.1.6: the repair-work events someone is told about. */
export const REPAIR_WORK_NOTIFIED_TYPES = ['repair_work.overdue', 'repair_work.reminder', 'repair_work.closed'] as const;

const REPAIR_WORK_TEMPLATES: Partial<Record<RepairWorkEvent['type'], TemplateName>> = {
  'repair_work.overdue': 'executor.repair_work_overdue',
  'repair_work.reminder': 'executor.repair_work_reminder',
};

/**
 * 8.1.6: the executor of an overdue card (and every working day while it stays so); on closure, the
 * executors of the open requests the work explained, each with the list of its own.
 */
export function planRepairWork(e: RepairWorkEvent, opts: TemplateOptions): Planned[] {
  const executor = e.data.work.executor;
  const template = REPAIR_WORK_TEMPLATES[e.type];
  if (template) {
    const content = renderRepairWork(template, e, opts);
    return [
      executor.email
        ? { role: 'executor', template, channel: 'email', recipient: email(executor.email), content }
        : { role: 'executor', template, channel: 'email', recipient: `executor:${executor.id}`, missing: `executor ${executor.id} has no email on record`, content },
    ];
  }
  if (e.type !== 'repair_work.closed') return [];
  const linked = linkedRequestSchema.array().safeParse(e.data.details.linkedOpenRequests ?? []);
  if (!linked.success) throw new UnusableEventError(`repair_work.closed for ${e.data.work.id} carries no valid list of linked requests: ${linked.error.message}`);
  const byExecutor = new Map<string, typeof linked.data>();
  for (const r of linked.data) byExecutor.set(r.executorId, [...(byExecutor.get(r.executorId) ?? []), r]);
  return [...byExecutor.entries()].map(([executorId, requests]): Planned => {
    const content = renderRepairWork('executor.linked_work_closed', e, opts, requests);
    const to = requests[0]?.executorEmail;
    return to
      ? { role: 'executor', template: 'executor.linked_work_closed', channel: 'email', recipient: email(to), content }
      : { role: 'executor', template: 'executor.linked_work_closed', channel: 'email', recipient: `executor:${executorId}`, missing: `executor ${executorId} has no email on record`, content };
  });
}

/** 2.9: the consultation and session events someone is told about. */
export const CONSULTATION_NOTIFIED_TYPES = [
  'consultation.replied',
  'consultation.converted',
  'consultation.reply_reminder',
  'consultation.overdue',
  'consultation_session.booked',
  'consultation_session.reminder',
] as const;

const CONSULTATION_APPLICANT_TEMPLATES: Partial<Record<ConsultationEvent['type'], TemplateName>> = {
  'consultation.replied': 'applicant.consultation_answered',
  'consultation.converted': 'applicant.consultation_converted',
};
const CONSULTATION_STAFF_TEMPLATES: Partial<Record<ConsultationEvent['type'], TemplateName>> = {
  'consultation.reply_reminder': 'operator.consultation_reply_due',
  'consultation.overdue': 'operator.consultation_overdue',
};

/** 2.9: the resident (by email, else SMS) of an answer or a conversion; the workers the workflow named of a reply due or overdue. */
export function planConsultation(e: ConsultationEvent, opts: TemplateOptions): Planned[] {
  const c = e.data.consultation;
  const applicantTemplate = CONSULTATION_APPLICANT_TEMPLATES[e.type];
  if (applicantTemplate) {
    const content = renderConsultation(applicantTemplate, e, opts);
    return [
      c.applicant.email
        ? { role: 'applicant', template: applicantTemplate, channel: 'email', recipient: email(c.applicant.email), content }
        : { role: 'applicant', template: applicantTemplate, channel: 'sms', recipient: c.applicant.phone, content },
    ];
  }
  const staffTemplate = CONSULTATION_STAFF_TEMPLATES[e.type];
  if (!staffTemplate || !Array.isArray(e.data.details.notify)) return [];
  const content = renderConsultation(staffTemplate, e, opts);
  const recipients = [...new Set(e.data.details.notify.filter((x): x is string => typeof x === 'string').map(email))];
  // The workflow names one recipient (activities/consultations.ts): the responsible worker, the duty mailbox or the managers.
  if (recipients.length === 0) return [{ role: 'operator', template: staffTemplate, channel: 'email', recipient: 'operator:nobody', missing: 'neither the responsible worker, the duty shift nor a manager has an email on record', content }];
  return recipients.map((recipient) => ({ role: 'operator', template: staffTemplate, channel: 'email', recipient, content }));
}

/** 2.9: the resident who booked a session slot: the confirmation, then the reminder. */
export function planSession(e: SessionEvent, opts: TemplateOptions): Planned[] {
  const template: TemplateName | undefined = e.type === 'consultation_session.booked' ? 'applicant.session_booked' : e.type === 'consultation_session.reminder' ? 'applicant.session_reminder' : undefined;
  if (!template) return [];
  const booking = bookingSchema.safeParse(e.data.details.booking);
  if (!booking.success) throw new UnusableEventError(`${e.type} for session ${e.data.session.id} carries no valid booking: ${booking.error.message}`);
  const content = renderSession(template, e, opts);
  const b = booking.data;
  if (b.email) return [{ role: 'applicant', template, channel: 'email', recipient: email(b.email), content }];
  if (b.phone) return [{ role: 'applicant', template, channel: 'sms', recipient: b.phone, content }];
  return [{ role: 'applicant', template, channel: 'email', recipient: `applicant:${b.userId}`, missing: `resident ${b.userId} has neither an email nor a phone on record`, content }];
}

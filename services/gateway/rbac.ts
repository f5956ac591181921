/**
 * Who may call what: the whole roles × routes matrix of the API, in one table. Every route the
 * gateway mounts names its entry here (the router refuses to mount a route without one), and
 * test/gateway/rbac.test.ts walks the table: each role against each route.
 *
 * Ownership — an executor acts only on its own executor's requests, an applicant only on their own —
 * is checked by the routes on top of this table (and again by the workflow for actions).
 */
import type { ActionName } from '../../contracts/request.ts';
import { ROLES, STAFF_ROLES, type Role } from '../../contracts/users.ts';
import { ACTION_RULES } from '../../domain/lifecycle.ts';

/** `public`: no token needed; `authenticated`: any signed-in user; else the roles allowed. */
export type Access = 'public' | 'authenticated' | readonly Role[];

const staff = STAFF_ROLES;
/** Who reads workflow payloads in the Temporal UI: not executors (their own requests only) nor analysts (no personal data). */
export const TEMPORAL_UI_ROLES = ['operator', 'manager', 'ict', 'admin'] as const satisfies readonly Role[];

function actionAccess<R extends string>(routes: Record<R, ActionName>): Record<R, readonly Role[]> {
  return Object.fromEntries(Object.entries<ActionName>(routes).map(([route, action]) => [route, ACTION_RULES[action].roles])) as Record<R, readonly Role[]>;
}
const everyone = ROLES;
/** The Contact Center's workers who run consultations and sessions, and so read who booked them. */
export const CONSULTATION_STAFF = ['operator', 'manager'] as const satisfies readonly Role[];

export const ACCESS = {
  'auth.login': 'public',
  'auth.register': 'public',
  'auth.register.confirm': 'public',
  'auth.me': 'authenticated',
  'auth.phoneVerification.send': ['applicant'],
  'auth.phoneVerification.confirm': ['applicant'],

  // Personal data (phones, emails): admins, and operators, who look people up during a call.
  'users.list': ['admin', 'operator'],
  'users.get': ['admin', 'operator'],
  'users.create': ['admin'],
  'users.update': ['admin'],

  'executors.list': staff,
  'executors.get': staff,
  'executors.create': ['admin'],
  'executors.update': ['admin'],

  'classifier.list': 'public',
  'classifier.create': ['admin'],
  'classifier.update': ['admin'],

  'districts.list': 'public',
  'districts.create': ['admin'],
  'districts.update': ['admin'],

  'calendar.get': staff,
  'calendar.put': ['admin'],

  // 5.12: operators register phone calls, applicants submit from their cabinet.
  'requests.create': ['operator', 'applicant'],
  // 8.1.4: everybody reads — executors and applicants only their own requests.
  'requests.list': everyone,
  'requests.get': everyone,
  // The request actions: who may take each is the lifecycle's rule (domain/lifecycle.ts ACTION_RULES),
  // the same table the workflow's Update validators enforce.
  ...actionAccess({
    'requests.accept': 'accept',
    'requests.comment': 'comment',
    'requests.executorChange': 'requestExecutorChange',
    'requests.executorChangeDecision': 'decideExecutorChange',
    'requests.additionalControl': 'requestAdditionalControl',
    'requests.additionalControlDecision': 'decideAdditionalControl',
    'requests.managerApproval': 'managerApproval',
    'requests.strategicPlan': 'requestStrategicPlan',
    'requests.strategicPlanDecision': 'decideStrategicPlan',
    'requests.closureProposal': 'proposeClosure',
    'requests.review': 'review',
    'requests.spotCheck': 'spotCheck',
    'requests.rating': 'rate',
    'requests.ratingVerification': 'verifyRating',
    'requests.inspection': 'scheduleInspection',
    'requests.inspectionOutcome': 'recordInspectionOutcome',
    'requests.confirmation': 'confirmResolution',
    'requests.coExecutors': 'involveCoExecutor',
    'requests.part': 'proposePart',
  }),

  'attachments.upload': 'authenticated',
  'attachments.download': 'authenticated',

  // 5.7: operator refuses and writes the memo → manager approves → ICT blocks (and unblocks).
  'refusals.create': ['operator'],
  'memos.list': ['operator', 'manager', 'ict', 'admin'],
  'memos.get': ['operator', 'manager', 'ict', 'admin'],
  'memos.approval': ['manager'],
  'memos.block': ['ict'],
  'blockedNumbers.list': ['operator', 'manager', 'ict', 'admin'],
  'blockedNumbers.delete': ['ict'],

  'notifications.deliveries': ['admin', 'ict', 'manager', 'operator'],
  'notifications.parked': ['admin', 'ict', 'manager', 'operator'],
  'notifications.redrive': ['admin', 'ict'],

  // 8.1.6: an executor registers and closes its own organisation's works; an operator on its behalf.
  'repairWorks.create': ['executor', 'operator'],
  'repairWorks.list': staff,
  // During a call, the operator (and any staff) sees the outages known at an address.
  'repairWorks.active': staff,
  'repairWorks.get': staff,
  'repairWorks.linked': staff,
  'repairWorks.close': ['executor', 'operator'],
  // 8.1.7: audited changes of a work's card.
  'repairWorks.extend': ['executor', 'operator'],
  'repairWorks.addresses': ['executor', 'operator'],
  // 7.5, 8.3: the executor proposes closure of its requests the work explained.
  'repairWorks.closureProposals': ['executor'],
  // 2.8: the public feed needs no sign-in; news are posted by operators and managers (9.1.3.2).
  'public.repairWorks': 'public',
  'public.news': 'public',
  'public.feed': 'public',
  'news.create': ['operator', 'manager'],
  // 2.9: residents ask in the cabinet, operators record a question asked by phone; Contact Center
  // workers (operators, managers) answer, keep internal notes and convert; residents read their own.
  'consultations.create': ['operator', 'applicant'],
  'consultations.list': ['operator', 'manager', 'admin', 'analyst', 'applicant'],
  'consultations.get': ['operator', 'manager', 'admin', 'analyst', 'applicant'],
  'consultations.reply': ['operator', 'manager'],
  'consultations.message': ['applicant', 'operator'],
  'consultations.note': ['operator', 'manager'],
  'consultations.answered': ['applicant'],
  'consultations.rating': ['applicant'],
  'consultations.conversion': ['operator', 'manager'],
  'consultationSessions.create': ['operator', 'manager'],
  // Residents book sessions; operators and managers run them and alone read who booked (name, phone,
  // email). No other role has business with them (the web app shows them to these three only).
  'consultationSessions.list': ['applicant', ...CONSULTATION_STAFF],
  'consultationSessions.get': ['applicant', ...CONSULTATION_STAFF],
  'consultationSessions.book': ['applicant'],
  'consultationSessions.held': ['operator', 'manager'],
  // 9.1, 9.2.2, 10.4: managers, analysts and operators read every report; an executor only its own 9.2.1 (checked by the route).
  'reports.get': ['manager', 'analyst', 'operator', 'executor'],
  // 9.1.3.3: the ad-hoc export; an executor gets only its own requests (forced by the route).
  'reports.export': ['manager', 'analyst', 'operator', 'executor'],
  // 9.2.5: the operators' phone survey list.
  'spotChecks.today': ['operator', 'manager'],
  // The web application: a resident's status look-up by number and phone; the Temporal UI link for staff.
  'public.requestStatus': 'public',
  'ui.config': staff,
  // The Temporal UI's codec: payloads hold every applicant's data, so only staff who read every request.
  'codec.decode': TEMPORAL_UI_ROLES,
  // The cookie of the browser tools (the Temporal UI's codec; Swagger UI and /readyz details in production).
  'staffSession.open': staff,
  'staffSession.close': 'public',
} as const satisfies Record<string, Access>;

export type RouteId = keyof typeof ACCESS;

/** Whether a role passes a route's entry (before any ownership check). */
export function allows(access: Access, role: Role | undefined): boolean {
  if (access === 'public') return true;
  if (role === undefined) return false;
  if (access === 'authenticated') return true;
  return access.includes(role);
}

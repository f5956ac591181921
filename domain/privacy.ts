/**
 * What an applicant may read of their own request (8.1.3): only what is public. Staff work on the
 * request in the open card — internal comments, the reasons and notes of decisions (a 9.2.3 inquiry
 * about an executor's inaction, a manager's note on an extension), inspection findings — and none of
 * it reaches the applicant. The rule is a whitelist: a note is shown only when it is known to be
 * public, so a note added by a future action stays internal until someone decides otherwise.
 */
import type { RequestCard } from '../contracts/request.ts';

/** History actions whose note tells what the applicant is told anyway (the routing, the 7.5 result, the repeats). */
export const PUBLIC_NOTE_ACTIONS: ReadonlySet<string> = new Set(['registered', 'closure_proposed', 'repeated']);

/** The card as the applicant `applicantUserId` sees it: public comments, and notes only from public actions, public comments or themselves. */
export function applicantView(card: RequestCard, applicantUserId: string): RequestCard {
  const comments = card.comments.filter((c) => c.public);
  const isPublicComment = (h: RequestCard['history'][number]): boolean =>
    h.action === 'comment_added' && comments.some((c) => c.at === h.at && c.author.id === h.actor.id && c.text === h.note);
  const history = card.history.map((h) => {
    if (h.note === undefined || PUBLIC_NOTE_ACTIONS.has(h.action) || h.actor.id === applicantUserId || isPublicComment(h)) return h;
    const { note: _internal, ...rest } = h;
    return rest;
  });
  const { pending, strategicPlan, ...rest } = card;
  const ownNotes = new Set(card.history.filter((h) => h.actor.id === applicantUserId && h.note !== undefined).map((h) => h.note));
  return {
    ...rest,
    comments,
    history,
    // What is awaited and since when, not the staff's reasons, documents or responsible person (the applicant's own objection stays).
    ...(pending ? { pending: { kind: pending.kind, since: pending.since, returnTo: pending.returnTo, ...(pending.reason !== undefined && ownNotes.has(pending.reason) ? { reason: pending.reason } : {}) } } : {}),
    ...(strategicPlan ? { strategicPlan: { ...(strategicPlan.planYear !== undefined ? { planYear: strategicPlan.planYear } : {}), ...(strategicPlan.plannedDate ? { plannedDate: strategicPlan.plannedDate } : {}), approvedAt: strategicPlan.approvedAt } } : {}),
    // An inspection's date and whether the work was found done, not the commission's notes or who wrote them.
    inspections: card.inspections.map((i) => ({
      scheduledAt: i.scheduledAt,
      note: '',
      by: '',
      ...(i.outcome ? { outcome: { heldAt: i.outcome.heldAt, findings: '', workDone: i.outcome.workDone, by: '', recordedAt: i.outcome.recordedAt } } : {}),
    })),
  };
}

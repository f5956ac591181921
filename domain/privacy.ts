/**
 * What an applicant may read of their own request (8.1.3): only what is public. Staff work on the
 * request in the open card — internal comments, the reasons and notes of decisions (a 9.2.3 inquiry
 * about an executor's inaction, a manager's note on an extension), inspection findings — and none of
 * it reaches the applicant. The rule is a whitelist: a note is shown only when it is known to be
 * public, so a note added by a future action stays internal until someone decides otherwise.
 */
import { z } from 'zod';
import { consultationCardSchema, openConsultationSchema, type ConsultationCard } from '../contracts/consultations.ts';
import { pseudonymousApplicantSchema, type RequestCard, type RequestCardOut } from '../contracts/request.ts';

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
  // The watch (who is reminded, who escalated to) is the staff's own business.
  const { pending, strategicPlan, applicantConfirmation, watch: _watch, ...rest } = card;
  const ownNotes = new Set(card.history.filter((h) => h.actor.id === applicantUserId && h.note !== undefined).map((h) => h.note));
  return {
    ...rest,
    comments,
    history,
    // What is awaited and since when, not the staff's reasons, documents or responsible person (the applicant's own objection stays).
    ...(pending ? { pending: { kind: pending.kind, since: pending.since, returnTo: pending.returnTo, ...(pending.reason !== undefined && ownNotes.has(pending.reason) ? { reason: pending.reason } : {}) } } : {}),
    ...(strategicPlan ? { strategicPlan: { ...(strategicPlan.planYear !== undefined ? { planYear: strategicPlan.planYear } : {}), ...(strategicPlan.plannedDate ? { plannedDate: strategicPlan.plannedDate } : {}), approvedAt: strategicPlan.approvedAt } } : {}),
    // 9.2.3: the applicant's recorded word, how and when; not which worker wrote it down, nor the worker's note of the call.
    ...(applicantConfirmation
      ? {
          applicantConfirmation: {
            confirmed: applicantConfirmation.confirmed,
            at: applicantConfirmation.at,
            channel: applicantConfirmation.channel,
            ...(applicantConfirmation.callAt ? { callAt: applicantConfirmation.callAt } : {}),
            ...(applicantConfirmation.note !== undefined && ownNotes.has(applicantConfirmation.note) ? { note: applicantConfirmation.note } : {}),
          },
        }
      : {}),
    // An inspection's date and whether the work was found done, not the commission's notes or who wrote them.
    inspections: card.inspections.map((i) => ({
      scheduledAt: i.scheduledAt,
      note: '',
      by: '',
      ...(i.outcome ? { outcome: { heldAt: i.outcome.heldAt, findings: '', workDone: i.outcome.workDone, by: '', recordedAt: i.outcome.recordedAt } } : {}),
    })),
  };
}

/** A resident known by phone → their pseudonymous id (services/gateway/pseudonyms.ts). */
export type PseudonymOf = (phone: string) => string;

interface Person {
  id: string;
  role: string;
  name?: string;
}

/** A resident named in a history entry, comment or message: their pseudonym for id, no name; staff stay as they are. */
function personFor<P extends Person>(p: P, applicantPseudonym: string): P {
  if (p.role !== 'applicant') return p;
  const { name: _name, ...rest } = p;
  return { ...rest, id: applicantPseudonym } as P;
}

/**
 * The card as an analyst reads it. Analysts read figures, not people, so — like the Temporal UI's
 * codec, which does not decode for them — they get no name, phone or email of an applicant: the
 * applicant is a pseudonym, the same for one phone everywhere, so repeat callers still count; a
 * resident acting in the history or a comment is that pseudonym too; the apartment (the applicant's
 * home) is dropped, the street and building stay (where the problem is).
 */
export function analystView(card: RequestCard, pseudonymOf: PseudonymOf): RequestCardOut {
  const pseudonym = pseudonymOf(card.applicant.phone);
  const { apartment: _apartment, ...address } = card.address;
  return {
    ...card,
    applicant: { pseudonym },
    address,
    history: card.history.map((h) => ({ ...h, actor: personFor(h.actor, pseudonym) })),
    comments: card.comments.map((c) => ({ ...c, author: personFor(c.author, pseudonym) })),
  };
}

/** The consultation as an analyst reads it: the applicant as a pseudonym, no internal notes (the workers' notes on a person's case). */
export const analystConsultationSchema = consultationCardSchema.omit({ applicant: true, internalNotes: true }).extend({ applicant: pseudonymousApplicantSchema });
export type AnalystConsultation = z.infer<typeof analystConsultationSchema>;

export function analystConsultationView(card: ConsultationCard, pseudonymOf: PseudonymOf): AnalystConsultation {
  const pseudonym = pseudonymOf(card.applicant.phone);
  const { internalNotes: _notes, applicant: _applicant, ...rest } = card;
  return {
    ...rest,
    applicant: { pseudonym },
    registeredBy: personFor(card.registeredBy, pseudonym),
    messages: card.messages.map((m) => ({ ...m, author: personFor(m.author, pseudonym) })),
    history: card.history.map((h) => ({ ...h, actor: personFor(h.actor, pseudonym) })),
    ...(card.convertedTo ? { convertedTo: { ...card.convertedTo, by: personFor(card.convertedTo.by, pseudonym) } } : {}),
  };
}

/** A consultation of the workers' queue as an analyst reads it: the applicant as a pseudonym. */
export const analystOpenConsultationSchema = openConsultationSchema.omit({ applicant: true }).extend({ applicant: pseudonymousApplicantSchema });
export type AnalystOpenConsultation = z.infer<typeof analystOpenConsultationSchema>;

export function analystOpenConsultationView(item: z.infer<typeof openConsultationSchema>, pseudonymOf: PseudonymOf): AnalystOpenConsultation {
  const pseudonym = pseudonymOf(item.applicant.phone);
  const { applicant: _applicant, ...rest } = item;
  return {
    ...rest,
    applicant: { pseudonym },
    registeredBy: personFor(item.registeredBy, pseudonym),
    ...(item.convertedTo ? { convertedTo: { ...item.convertedTo, by: personFor(item.convertedTo.by, pseudonym) } } : {}),
  };
}

/**
 * An online consultation (2.9): one durable workflow per consultation, `consultation-<number>`, from
 * the resident's question to closure. It alone changes the consultation's card. In this order:
 *
 *   1. state: the card (contracts/consultations.ts) with its thread and internal notes;
 *   2. transitions: each appends to the history, is projected into MongoDB with its events
 *      (recordConsultation) and refreshes the search attributes and the details the Temporal UI shows;
 *   3. actions: Updates reply, ask, note, markAnswered, rate, convert, each with a synchronous
 *      validator running domain/consultations.ts, so a refused action leaves no trace;
 *   4. registration: the question and its reply term from the Classifier's consultation category;
 *   5. timers: the reminder before the reply is due, the reply deadline (→ overdue), the resident's
 *      silence (→ closed), the rating window after closure (→ the workflow completes).
 */
import { defineSearchAttributeKey, type SearchAttributeUpdatePair } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  defineQuery,
  defineUpdate,
  isCancellation,
  log,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { DateTime } from 'luxon';
import type { Activities } from '../activities/index.ts';
import {
  CONSULTATION_QUERY_CARD,
  CONSULTATION_REGISTRATION_UPDATE,
  CONSULTATION_STATUS_LABELS_UK,
  CONSULTATION_UPDATES,
  consultationActionInputs,
  residentView,
  startConsultationSchema,
  type ConsultationActionArg,
  type ConsultationActionInput,
  type ConsultationActionName,
  type ConsultationCard,
  type ConsultationEvent,
  type ConsultationEventType,
  type ConsultationStatus,
  type StartConsultation,
} from '../contracts/consultations.ts';
import { actorSchema, SYSTEM_ACTOR as SYSTEM, type Actor } from '../contracts/actor.ts';
import { consultationRefusal, replyTimes, responsibleWorker, silenceCloseAt } from '../domain/consultations.ts';
import type { Refusal } from '../domain/lifecycle.ts';
import { clone, failureOf, oneAtATime } from './common.ts';

export interface ConsultationState {
  card: ConsultationCard;
  /** After closure: until when the resident may still rate; then the workflow completes. */
  ratingUntil?: string;
}

export type ConsultationWorkflowInput = StartConsultation & { carried?: ConsultationState };

export const consultationCardQuery = defineQuery<ConsultationCard>(CONSULTATION_QUERY_CARD);
export const consultationRegistrationUpdate = defineUpdate<ConsultationCard, []>(CONSULTATION_REGISTRATION_UPDATE);
export const consultationUpdate = <A extends ConsultationActionName>(action: A) => defineUpdate<ConsultationCard, [ConsultationActionArg<A>]>(CONSULTATION_UPDATES[action]);

// The request attributes, filtered by WorkflowType = consultationWorkflow (contracts/wire.ts says why).
const searchKeys = {
  RequestNumber: defineSearchAttributeKey('RequestNumber', 'KEYWORD'),
  RequestStatus: defineSearchAttributeKey('RequestStatus', 'KEYWORD'),
  CategoryCode: defineSearchAttributeKey('CategoryCode', 'KEYWORD'),
  Overdue: defineSearchAttributeKey('Overdue', 'BOOL'),
};
const deadlineKey = defineSearchAttributeKey('DeadlineAt', 'DATETIME');

const { loadConsultationRules, recordConsultation } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

const iso = (ms: number | Date): string => new Date(ms).toISOString();
const ms = (isoInstant: string): number => new Date(isoInstant).getTime();
const authorOf = (a: Actor) => ({ id: a.id, role: a.role, ...(a.name ? { name: a.name } : {}) });

/** One consultation, from the question to closure or conversion (see the file's doc). */
export async function consultationWorkflow(raw: ConsultationWorkflowInput): Promise<ConsultationCard> {
  const parsed = startConsultationSchema.safeParse(raw);
  if (!parsed.success) throw ApplicationFailure.nonRetryable(`invalid consultation input: ${parsed.error.message}`, 'invalid_input');
  const input = parsed.data;
  const s: ConsultationState = raw.carried ?? {
    card: {
      number: input.number,
      version: 0,
      status: 'awaiting_reply',
      channel: input.channel,
      categoryCode: input.categoryCode,
      categoryName: input.categoryName,
      term: input.term,
      applicant: input.applicant,
      subject: input.subject,
      registeredAt: iso(ms(input.registeredAt)),
      registeredBy: authorOf(input.actor),
      replyDueAt: null,
      reminderAt: null,
      reminded: false,
      overdue: false,
      silenceCloseAt: null,
      messages: [{ at: iso(ms(input.registeredAt)), from: 'resident', author: authorOf(input.actor), text: input.question }],
      internalNotes: [],
      history: [],
    },
  };
  const card = s.card;

  // ─── 2. Transitions ───────────────────────────────────────────────────────────────────────────

  const lock = oneAtATime();
  const exclusive = lock.run;

  let recorded = raw.carried ? card.version : 0;
  let shown: Record<string, unknown> = {};
  const refreshVisibility = (): void => {
    const wanted: Record<keyof typeof searchKeys, string | boolean> = {
      RequestNumber: card.number,
      RequestStatus: card.status,
      CategoryCode: card.categoryCode,
      Overdue: card.overdue,
    };
    const changed = (Object.keys(wanted) as Array<keyof typeof searchKeys>).filter((k) => String(wanted[k]) !== String(shown[k]));
    const pairs = changed.map((k) => ({ key: searchKeys[k], value: wanted[k] }) as SearchAttributeUpdatePair);
    if (String(card.replyDueAt) !== String(shown.DeadlineAt)) {
      pairs.push({ key: deadlineKey, value: card.replyDueAt ? new Date(card.replyDueAt) : null });
      shown.DeadlineAt = card.replyDueAt;
    }
    if (pairs.length > 0) upsertSearchAttributes(pairs);
    shown = { ...shown, ...Object.fromEntries(changed.map((k) => [k, wanted[k]])) };
    setCurrentDetails(detailsOf(card));
  };

  const commit = async (t: { actor: Actor; action: string; from: ConsultationStatus; note?: string; events: Array<[ConsultationEventType, Record<string, unknown>]> }): Promise<void> => {
    const at = iso(Date.now());
    card.version += 1;
    card.history.push({ at, actor: authorOf(t.actor), action: t.action, ...(t.from !== card.status ? { from: t.from, to: card.status } : {}), ...(t.note ? { note: t.note } : {}) });
    // Events carry the resident's view without the thread: an internal note can never leave in one.
    const { messages: _m, history: _h, ...summary } = residentView(card);
    const events: ConsultationEvent[] = t.events.map(([type, details]) => ({
      id: uuid4(),
      type: `consultation.${type}`,
      occurredAt: at,
      actor: authorOf(t.actor),
      data: { consultation: summary, version: card.version, details },
    }));
    refreshVisibility();
    log.info('consultation transition', { consultationNumber: card.number, action: t.action, status: card.status, version: card.version });
    const version = card.version;
    await recordConsultation.executeWithOptions({ summary: `2.9 record ${t.action} (v${version})` }, [{ card: clone(card), events }]);
    recorded = version;
  };

  // The workers to tell are the responsible one's (domain/consultations.ts responsibleWorker), not every operator's:
  // the same local activity as before with one more field, so recorded histories replay unchanged.
  const rules = (why: string, emailsOf?: 'operator') => {
    const responsibleId = emailsOf ? responsibleWorker(card) : undefined;
    return loadConsultationRules.executeWithOptions({ summary: why }, [emailsOf ? { emailsOf, ...(responsibleId ? { responsibleId } : {}) } : {}]);
  };

  /** A question waits from `at`: its reply term and reminder. */
  const startReplyTerm = async (at: number): Promise<void> => {
    const r = await rules('2.9 working calendar for the reply term');
    const t = replyTimes(r.calendar, new Date(at), card.term, r.settings.reminderShare);
    card.replyDueAt = iso(t.dueAt);
    card.reminderAt = iso(t.reminderAt);
    card.reminded = false;
    card.silenceCloseAt = null;
  };

  // ─── 3. Actions (Updates) ─────────────────────────────────────────────────────────────────────

  type Apply = { [A in ConsultationActionName]: (actor: Actor, input: ConsultationActionInput<A>) => Promise<void> };
  const apply: Apply = {
    async reply(actor, { text }) {
      const from = card.status;
      const now = Date.now();
      card.messages.push({ at: iso(now), from: 'staff', author: authorOf(actor), text });
      card.status = 'answered';
      card.replyDueAt = null;
      card.reminderAt = null;
      const r = await rules('2.9 working calendar for the resident’s silence');
      card.silenceCloseAt = iso(silenceCloseAt(r.calendar, new Date(now), r.settings.silenceWorkingDays));
      await commit({ actor, action: 'replied', from, events: [['replied', { text, silenceCloseAt: card.silenceCloseAt }]] });
    },
    async ask(actor, { text }) {
      const from = card.status;
      const now = Date.now();
      card.messages.push({ at: iso(now), from: 'resident', author: authorOf(actor), text });
      if (card.status === 'answered') {
        card.status = 'awaiting_reply';
        card.overdue = false;
        await startReplyTerm(now);
      }
      await commit({ actor, action: 'asked', from, events: [['asked', { replyDueAt: card.replyDueAt }]] });
    },
    async note(actor, { text }) {
      card.internalNotes.push({ at: iso(Date.now()), author: authorOf(actor), text });
      // No event and no note text in the history: the resident's view drops this entry.
      await commit({ actor, action: 'internal_note', from: card.status, events: [] });
    },
    async markAnswered(actor, { rating }) {
      const from = card.status;
      closeNow('answered');
      const events: Array<[ConsultationEventType, Record<string, unknown>]> = [['closed', { reason: 'answered' }]];
      if (rating) {
        card.rating = { ...rating, at: iso(Date.now()) };
        events.push(['rated', { score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}) }]);
      }
      await commit({ actor, action: 'marked_answered', from, events });
    },
    async rate(actor, rating) {
      card.rating = { ...rating, at: iso(Date.now()) };
      await commit({ actor, action: 'rated', from: card.status, note: `${rating.score}/5`, events: [['rated', { score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}) }]] });
    },
    async convert(actor, { request }) {
      const from = card.status;
      card.status = 'converted';
      card.replyDueAt = null;
      card.reminderAt = null;
      card.silenceCloseAt = null;
      card.convertedTo = { ...request, at: iso(Date.now()), by: authorOf(actor) };
      await commit({ actor, action: 'converted', from, note: `→ ${request.number}`, events: [['converted', { request }]] });
    },
  };

  const closeNow = (reason: 'answered' | 'silence'): void => {
    card.status = 'closed';
    card.closedAt = iso(Date.now());
    card.closeReason = reason;
    card.replyDueAt = null;
    card.reminderAt = null;
    card.silenceCloseAt = null;
  };

  /**
   * With `bounds`, also the bounds on the thread (domain/consultations.ts CONSULTATION_BOUNDS): in the
   * validator only, which never runs on replay, so a thread recorded longer before the bounds replays
   * as it was (as the request's bounds, workflows/request.ts).
   */
  const refusalOf = <A extends ConsultationActionName>(action: A, arg: ConsultationActionArg<A> | undefined, bounds: boolean): Refusal | ApplicationFailure | undefined => {
    const actor = actorSchema.safeParse(arg?.actor);
    if (!actor.success) return { kind: 'forbidden', message: 'the action carries no valid actor' };
    const inputParsed = consultationActionInputs[action].safeParse(arg?.input);
    if (!inputParsed.success) {
      // A text past the thread's bound is a rule (422 naming the field), not a malformed input.
      const refusal = bounds ? consultationRefusal(card, action, actor.data, arg?.input) : undefined;
      if (refusal) return refusal;
      return ApplicationFailure.create({ type: 'invalid_input', message: inputParsed.error.issues.map((i) => `body.${i.path.join('.')}: ${i.message}`).join('; '), nonRetryable: true });
    }
    if (action === 'convert' && !['operator', 'manager'].includes(actor.data.role)) return { kind: 'forbidden', message: 'only Contact Center workers convert a consultation' };
    return consultationRefusal(card, action, actor.data, bounds ? inputParsed.data : undefined);
  };

  const register = <A extends ConsultationActionName>(action: A): void => {
    const run = apply[action];
    setHandler(
      consultationUpdate(action),
      (arg: ConsultationActionArg<A>) =>
        exclusive(async () => {
          // Checked again: an action accepted while another ran may no longer be allowed.
          const refusal = refusalOf(action, arg, false);
          if (refusal) throw failureOf(refusal);
          await run(arg.actor, consultationActionInputs[action].parse(arg.input) as ConsultationActionInput<A>);
          return clone(card);
        }),
      {
        validator: (arg: ConsultationActionArg<A>) => {
          const refusal = refusalOf(action, arg, true);
          if (refusal) throw failureOf(refusal);
        },
      },
    );
  };
  (Object.keys(apply) as ConsultationActionName[]).forEach(register);

  setHandler(consultationCardQuery, () => clone(card));
  setHandler(consultationRegistrationUpdate, async () => {
    await condition(() => recorded >= 1);
    return clone(card);
  });

  // ─── 4. Registration ──────────────────────────────────────────────────────────────────────────

  if (raw.carried) {
    refreshVisibility();
  } else {
    await exclusive(async () => {
      await startReplyTerm(ms(input.registeredAt));
      await commit({ actor: input.actor, action: 'registered', from: card.status, events: [['registered', { replyDueAt: card.replyDueAt }]] });
    });
  }

  // ─── 5. Timers ────────────────────────────────────────────────────────────────────────────────

  const finished = (): boolean => card.status === 'converted' || (card.status === 'closed' && (card.rating !== undefined || (s.ratingUntil !== undefined && ms(s.ratingUntil) <= Date.now())));

  type Due = { at: number; what: 'reminder' | 'deadline' | 'silence' | 'rating_window'; summary: string };
  const nextDue = (): Due | undefined => {
    const due: Due[] = [];
    if (card.status === 'awaiting_reply') {
      if (card.reminderAt && !card.reminded) due.push({ at: ms(card.reminderAt), what: 'reminder', summary: '2.9 remind the workers: the reply is due soon' });
      if (card.replyDueAt && !card.overdue) due.push({ at: ms(card.replyDueAt), what: 'deadline', summary: '2.9 reply deadline: overdue unless answered' });
    }
    if (card.status === 'answered' && card.silenceCloseAt) due.push({ at: ms(card.silenceCloseAt), what: 'silence', summary: '2.9 close after the resident’s silence' });
    if (card.status === 'closed' && s.ratingUntil) due.push({ at: ms(s.ratingUntil), what: 'rating_window', summary: '2.9 the rating window ends' });
    return due.sort((a, b) => a.at - b.at)[0];
  };

  const fire = async (): Promise<void> => {
    const due = nextDue();
    if (!due || due.at > Date.now()) return;
    const from = card.status;
    switch (due.what) {
      case 'reminder': {
        const r = await rules('2.9 the workers to remind', 'operator');
        card.reminded = true;
        await commit({ actor: SYSTEM, action: 'reply_reminder', from, events: [['reply_reminder', { replyDueAt: card.replyDueAt, notify: r.emails ?? [] }]] });
        return;
      }
      case 'deadline': {
        const r = await rules('2.9 the workers to tell of the overdue reply', 'operator');
        card.overdue = true;
        await commit({ actor: SYSTEM, action: 'overdue', from, events: [['overdue', { replyDueAt: card.replyDueAt, notify: r.emails ?? [] }]] });
        return;
      }
      case 'silence':
        closeNow('silence');
        await commit({ actor: SYSTEM, action: 'closed', from, note: 'no word from the resident', events: [['closed', { reason: 'silence' }]] });
        return;
      case 'rating_window':
        // Nothing to record: the loop ends and the workflow completes.
        return;
    }
  };

  const armed = new Set<number>();
  let wakeUps = 0;
  const arm = (due: Due): void => {
    armed.add(due.at);
    void sleep(Math.max(1, due.at - Date.now()), { summary: due.summary }).then(
      () => {
        armed.delete(due.at);
        wakeUps += 1;
      },
      (err: unknown) => {
        if (!isCancellation(err)) throw err;
      },
    );
  };

  while (!finished()) {
    if (card.status === 'closed' && !s.ratingUntil) {
      const r = await rules('2.9 the rating window');
      s.ratingUntil = iso(Date.now() + r.settings.ratingWindowDays * 86_400_000);
      continue;
    }
    const due = nextDue();
    if (due && due.at <= Date.now()) {
      await exclusive(fire);
      continue;
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(() => !lock.busy && allHandlersFinished());
      if (finished()) break;
      const dueNow = nextDue();
      if (!dueNow || dueNow.at > Date.now()) {
        const { carried: _carried, ...start } = raw;
        await continueAsNew<typeof consultationWorkflow>({ ...start, carried: s });
      }
      continue;
    }
    if (due && !armed.has(due.at)) arm(due);
    const version = card.version;
    const seen = wakeUps;
    await condition(() => card.version !== version || wakeUps !== seen);
  }
  await condition(allHandlersFinished);
  return clone(card);
}

function kyiv(isoInstant: string): string {
  return DateTime.fromMillis(ms(isoInstant), { zone: 'Europe/Kyiv' }).toFormat('yyyy-LL-dd HH:mm');
}

/** The details the Temporal UI shows (markdown): what, whose, until when. Never an internal note. */
function detailsOf(c: ConsultationCard): string {
  return [
    `**${c.number}** · ${CONSULTATION_STATUS_LABELS_UK[c.status]} (\`${c.status}\`)${c.overdue ? ' · **OVERDUE**' : ''}`,
    `Category: ${c.categoryCode} ${c.categoryName} · term ${c.term.amount} ${c.term.unit}`,
    `Subject: ${c.subject} · ${c.messages.length} message(s), ${c.internalNotes.length} internal note(s)`,
    ...(c.replyDueAt ? [`Reply due: ${kyiv(c.replyDueAt)} Kyiv${c.reminderAt ? ` · reminder ${kyiv(c.reminderAt)} Kyiv` : ''}`] : []),
    ...(c.silenceCloseAt ? [`Closes without a word from the resident at ${kyiv(c.silenceCloseAt)} Kyiv`] : []),
    ...(c.convertedTo ? [`Converted into request ${c.convertedTo.number}`] : []),
  ].join('\n');
}

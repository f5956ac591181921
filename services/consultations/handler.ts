/**
 * What the consultations service does with each command (contracts/consultations.ts): registration
 * of a question in a consultation category of the Classifier (numbered in its own series, the
 * workflow started with update-with-start so the reply is what the workflow recorded), the workers'
 * queue and the resident's own list, the actions as Updates on `consultation-<number>`, the
 * conversion into a request (registered through intake like any call, then recorded on the
 * consultation), and the sessions. Refusals come back as `{ok: false, error}` with the HTTP status
 * the gateway answers with; anything else throws.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { WithStartWorkflowOperation, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DateTime } from 'luxon';
import { createHash, randomBytes } from 'node:crypto';
import {
  CONSULTATION_REGISTRATION_UPDATE,
  CONSULTATION_UPDATES,
  CONSULTATION_WORKFLOW_TYPE,
  consultationCardSchema,
  consultationCommandSchema,
  consultationStaticSummary,
  residentView,
  SESSION_REGISTRATION_UPDATE,
  SESSION_UPDATES,
  SESSION_WORKFLOW_TYPE,
  sessionCardSchema,
  type ConsultationCard,
  type ConsultationError,
  type ConsultationReply,
  type Conversion,
  type NewConsultation,
  type NewSession,
  type StartConsultation,
  type StartSession,
} from '../../contracts/consultations.ts';
import type { Actor } from '../../contracts/events.ts';
import { registerReplySchema, type RegisterCommand } from '../../contracts/intake.ts';
import { consultationSessionWorkflowId, consultationWorkflowId, SUBJECTS, TASK_QUEUE } from '../../contracts/wire.ts';
import type { CalendarRepository } from '../../data/calendar.repository.ts';
import type { ClassifierRepository } from '../../data/classifier.repository.ts';
import type { ConsultationsRepository } from '../../data/consultations.repository.ts';
import type { CountersRepository } from '../../data/counters.repository.ts';
import type { MemosRepository } from '../../data/memos.repository.ts';
import { CONSULTATION_RULES, consultationRefusal, isConsultationCategory, publishRefusal } from '../../domain/consultations.ts';
import { decodeRefusal, REFUSAL_HTTP_STATUS, type Refusal } from '../../domain/lifecycle.ts';
import { formatRequestNumber } from '../../domain/numbering.ts';
import type { Logger } from '../../platform/logger.ts';
import { natsRequest } from '../../platform/nats.ts';

export interface ConsultationsDeps {
  client: Client;
  consultations: ConsultationsRepository;
  counters: CountersRepository;
  classifier: ClassifierRepository;
  calendar: CalendarRepository;
  /** 5.7: a blocked number asks no question and books no session, as it files no request. */
  memos: Pick<MemosRepository, 'isBlocked'>;
  /** To register a converted consultation through intake (SUBJECTS.intakeRegister). */
  nc: NatsConnection;
  /** The series' prefix, e.g. `KRK` → KRK-2026-000001. */
  prefix: string;
  intakeTimeoutMs: number;
  logger: Logger;
}

class Refused extends Error {
  constructor(readonly error: ConsultationError) {
    super(error.message);
  }
}

const refused = (status: number, code: string, message: string, details?: Record<string, unknown>): Refused => new Refused({ status, code, message, ...(details ? { details } : {}) });

function fromRefusal(r: Refusal): Refused {
  const field = typeof r.details?.field === 'string' ? r.details.field : undefined;
  return refused(REFUSAL_HTTP_STATUS[r.kind], r.kind, r.message, { ...r.details, ...(field ? { fields: [{ field, message: r.message }] } : {}) });
}

function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path.map(String);
  if (head === 'consultation' || head === 'conversion' || head === 'session' || head === 'input') return ['body', ...rest].join('.');
  return [head ?? 'command', ...rest].join('.');
}

/** Longest request description intake takes (contracts/request.ts). */
const DESCRIPTION_MAX = 4000;

const kyiv = (iso: string): string => DateTime.fromISO(iso).setZone('Europe/Kyiv').toFormat('dd.MM.yyyy HH:mm');

/** The request's description: what to do, then the consultation's thread (never its internal notes), cut to fit. */
export function conversionDescription(card: ConsultationCard, lead: string | undefined): string {
  const head = `${lead ?? card.subject}\n\nЗвернення створено з консультації № ${card.number}. Листування:`;
  const lines = card.messages.map((m) => `[${kyiv(m.at)}] ${m.from === 'resident' ? 'Мешканець' : 'Працівник Контакт-центру'}: ${m.text}`);
  let text = [head, ...lines].join('\n');
  if (text.length > DESCRIPTION_MAX) text = `${text.slice(0, DESCRIPTION_MAX - 1)}…`;
  return text;
}

function newSessionId(now: Date): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const tail = [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('');
  return `CS-${DateTime.fromJSDate(now, { zone: 'Europe/Kyiv' }).toFormat('yyyyLLdd')}-${tail}`;
}

export function createConsultationsHandler(deps: ConsultationsDeps) {
  const seriesOf = (year: number): string => `${deps.prefix}-${year}`;
  const yearOf = async (at: Date): Promise<number> => DateTime.fromJSDate(at, { zone: (await deps.calendar.get()).timeZone }).year;

  const existing = async (number: string): Promise<ConsultationCard> => {
    const card = await deps.consultations.get(number);
    if (!card) throw refused(404, 'not_found', `no consultation ${number}`);
    return card;
  };

  /** 5.7: the same refusal intake gives a blocked number's request (403 phone_blocked). */
  const refuseBlocked = async (phone: string | undefined): Promise<void> => {
    if (phone && (await deps.memos.isBlocked(phone))) throw refused(403, 'phone_blocked', `questions and bookings from ${phone} are not accepted: the number is blocked (5.7)`, { phone });
  };

  /** Maps what an Update answered with to a refusal the gateway understands. */
  const updateFailure = (err: unknown, what: string): unknown => {
    const refusal = decodeRefusal(err);
    if (refusal) return fromRefusal(refusal);
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'invalid_input') {
      return refused(400, 'invalid_input', err.cause.message, { fields: [{ field: err.cause.message.split(':')[0] ?? 'body', message: err.cause.message }] });
    }
    if (err instanceof WorkflowNotFoundError) return refused(409, 'wrong_status', `${what} has completed; it takes no more changes`);
    return err;
  };

  /** Starts the consultation's workflow (or finds it started) and answers with what it recorded. */
  const start = async (input: StartConsultation): Promise<ConsultationCard> =>
    consultationCardSchema.parse(
      await deps.client.workflow.executeUpdateWithStart(CONSULTATION_REGISTRATION_UPDATE, {
        args: [],
        startWorkflowOperation: new WithStartWorkflowOperation(CONSULTATION_WORKFLOW_TYPE, {
          workflowId: consultationWorkflowId(input.number),
          taskQueue: TASK_QUEUE,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: consultationStaticSummary(input),
        }),
      }),
    );

  /** A retry with an Idempotency-Key already used: the consultation it registered (started now if its first attempt died before). */
  async function replay(earlier: { fingerprint: string; input: StartConsultation }, fingerprint: string): Promise<{ consultation: ConsultationCard; replayed: boolean }> {
    if (earlier.fingerprint !== fingerprint) throw refused(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different question; use a new key for a new one');
    const stored = await deps.consultations.get(earlier.input.number);
    if (stored) return { consultation: stored, replayed: true };
    if (earlier.input.applicant.userId) await deps.consultations.addOwner(earlier.input.applicant.userId, earlier.input.number);
    return { consultation: await start(earlier.input), replayed: true };
  }

  async function register(actor: Actor, c: NewConsultation, idempotencyKey: string | undefined): Promise<{ consultation: ConsultationCard; replayed: boolean }> {
    if (!(CONSULTATION_RULES.register.roles as readonly string[]).includes(actor.role)) throw refused(403, 'forbidden', `a ${actor.role} does not register consultations`);
    const key = idempotencyKey ? `${actor.id}:${idempotencyKey}` : undefined;
    const fingerprint = createHash('sha256').update(JSON.stringify(c)).digest('hex');
    if (key) {
      const earlier = await deps.consultations.keyOf(key);
      if (earlier) return replay(earlier, fingerprint);
    }
    await refuseBlocked(c.applicant.phone);
    const category = await deps.classifier.get(c.categoryCode);
    const bad = (code: string, message: string) => refused(422, code, message, { fields: [{ field: 'body.categoryCode', message }] });
    if (!category) throw bad('unknown_category', `no Classifier category with code '${c.categoryCode}'`);
    if (!category.active) throw bad('inactive_category', `Classifier category '${category.code}' is no longer in use`);
    if (!isConsultationCategory(category.code)) throw bad('not_a_consultation_category', `'${category.code}' (${category.name}) is not a consultation category of the Classifier; register a request instead`);
    const now = new Date();
    const year = await yearOf(now);
    const number = formatRequestNumber(deps.prefix, year, await deps.counters.next(seriesOf(year)));
    const input: StartConsultation = {
      number,
      channel: c.channel,
      categoryCode: category.code,
      categoryName: category.name,
      term: category.term,
      applicant: c.applicant,
      subject: c.subject ?? (c.question.length > 80 ? `${c.question.slice(0, 79)}…` : c.question),
      question: c.question,
      registeredAt: now.toISOString(),
      actor,
    };
    if (key) {
      // Of concurrent retries one claims the key; the others answer with its consultation.
      const claim = await deps.consultations.claimKey(key, fingerprint, input);
      if (!claim.claimed) return replay(claim, fingerprint);
    }
    // Filed under the resident first: a failure after this leaves a number without a card, which the list skips.
    if (c.applicant.userId) await deps.consultations.addOwner(c.applicant.userId, number);
    const card = await start(input);
    deps.logger.info('consultation registered', { consultationNumber: number, workflowId: consultationWorkflowId(number), categoryCode: category.code, by: actor.id });
    return { consultation: card, replayed: false };
  }

  async function act(number: string, action: keyof typeof CONSULTATION_UPDATES, actor: Actor, input: Record<string, unknown>): Promise<ConsultationCard> {
    // Judged on the read model first: a consultation whose workflow is over answers the same refusal.
    const card = await existing(number);
    const refusal = consultationRefusal(card, action, actor, input);
    if (refusal) throw fromRefusal(refusal);
    // 5.7: a resident whose number was blocked writes no more, in a consultation asked before the block too.
    if (action === 'ask' && actor.role === 'applicant') await refuseBlocked(card.applicant.phone);
    try {
      return consultationCardSchema.parse(await deps.client.workflow.getHandle(consultationWorkflowId(number)).executeUpdate(CONSULTATION_UPDATES[action], { args: [{ actor, input }] }));
    } catch (err) {
      throw updateFailure(err, `consultation ${number}`);
    }
  }

  /** Registers the request through intake, as any call is (routed by the Classifier), then records the conversion. */
  async function convert(number: string, actor: Actor, conversion: Conversion) {
    const card = await existing(number);
    const refusal = consultationRefusal(card, 'convert', actor);
    if (refusal) throw fromRefusal(refusal);
    if (isConsultationCategory(conversion.categoryCode)) {
      throw refused(422, 'consultation_category', `'${conversion.categoryCode}' is a consultation category; a request needs a category routed to an executor`, {
        fields: [{ field: 'body.categoryCode', message: 'not a request category' }],
      });
    }
    const command: RegisterCommand = {
      actor,
      // The same consultation converted again by the same worker (a retry) gets the same request.
      idempotencyKey: `consultation:${number}`,
      registration: {
        channel: card.channel,
        applicant: card.applicant,
        address: conversion.address,
        categoryCode: conversion.categoryCode,
        description: conversionDescription(card, conversion.description),
        attachmentIds: [],
      },
    };
    let data: unknown;
    try {
      data = (await natsRequest(deps.nc, SUBJECTS.intakeRegister, JSON.stringify(command), { timeout: deps.intakeTimeoutMs })).json();
    } catch {
      throw refused(503, 'intake_unavailable', 'registration is unavailable right now; convert again later (the same request is kept)');
    }
    const reply = registerReplySchema.parse(data);
    if (!reply.ok) throw new Refused(reply.error);
    const request = reply.request;
    let after: ConsultationCard;
    try {
      after = consultationCardSchema.parse(
        await deps.client.workflow
          .getHandle(consultationWorkflowId(number))
          .executeUpdate(CONSULTATION_UPDATES.convert, { args: [{ actor, input: { request: { number: request.number, categoryCode: conversion.categoryCode.toUpperCase(), executorId: request.executorId } } }] }),
      );
    } catch (err) {
      throw updateFailure(err, `consultation ${number}`);
    }
    deps.logger.info('consultation converted into a request', { consultationNumber: number, requestNumber: request.number, by: actor.id });
    return { consultation: after, request: { number: request.number, status: request.status, executorId: request.executorId, deadlineAt: request.deadlineAt } };
  }

  async function publishSession(actor: Actor, s: NewSession) {
    const now = new Date();
    const refusal = publishRefusal(s, actor, now);
    if (refusal) throw fromRefusal(refusal);
    const id = newSessionId(now);
    const input: StartSession = {
      id,
      topic: s.topic,
      expert: s.expert,
      description: s.description,
      slots: [...s.slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt)).map((slot, i) => ({ ...slot, id: String(i + 1), startsAt: new Date(slot.startsAt).toISOString(), endsAt: new Date(slot.endsAt).toISOString() })),
      publishedAt: now.toISOString(),
      actor,
    };
    const card = sessionCardSchema.parse(
      await deps.client.workflow.executeUpdateWithStart(SESSION_REGISTRATION_UPDATE, {
        args: [],
        startWorkflowOperation: new WithStartWorkflowOperation(SESSION_WORKFLOW_TYPE, {
          workflowId: consultationSessionWorkflowId(id),
          taskQueue: TASK_QUEUE,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: `${id} · ${s.topic} · ${s.expert}`,
        }),
      }),
    );
    deps.logger.info('consultation session published', { sessionId: id, by: actor.id, slots: card.slots.length });
    return card;
  }

  async function handle(raw: unknown): Promise<unknown> {
    const parsed = consultationCommandSchema.safeParse(raw);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ field: fieldOf(i.path), message: i.message }));
      throw refused(400, 'invalid_input', fields[0] ? `${fields[0].field}: ${fields[0].message}` : 'invalid command', { fields });
    }
    const cmd = parsed.data;
    switch (cmd.op) {
      case 'register':
        return register(cmd.actor, cmd.consultation, cmd.idempotencyKey);
      case 'get':
        return existing(cmd.number);
      case 'open': {
        const items = (await deps.consultations.open())
          .filter((c) => (cmd.status === undefined || c.status === cmd.status) && (cmd.overdue === undefined || c.overdue === cmd.overdue))
          // Waiting questions first, the soonest due first; then the answered ones, oldest first.
          .sort((a, b) => (a.replyDueAt ?? '9').localeCompare(b.replyDueAt ?? '9') || a.registeredAt.localeCompare(b.registeredAt));
        return { items };
      }
      case 'mine': {
        const numbers = await deps.consultations.numbersOf(cmd.userId);
        const cards = await Promise.all(numbers.map((n) => deps.consultations.get(n)));
        // Only ever read for the resident: the internal notes never leave.
        return { items: cards.filter((c): c is ConsultationCard => c !== null).sort((a, b) => b.registeredAt.localeCompare(a.registeredAt)).map(residentView) };
      }
      case 'act':
        return act(cmd.number, cmd.action, cmd.actor, cmd.input);
      case 'convert':
        return convert(cmd.number, cmd.actor, cmd.conversion);
      case 'publishSession':
        return publishSession(cmd.actor, cmd.session);
      case 'sessions':
        return { items: (await deps.consultations.openSessions()).sort((a, b) => (a.slots[0]?.startsAt ?? '').localeCompare(b.slots[0]?.startsAt ?? '')) };
      case 'getSession': {
        const s = await deps.consultations.getSession(cmd.id);
        if (!s) throw refused(404, 'not_found', `no consultation session ${cmd.id}`);
        return s;
      }
      case 'actSession': {
        const s = await deps.consultations.getSession(cmd.id);
        if (!s) throw refused(404, 'not_found', `no consultation session ${cmd.id}`);
        if (cmd.action === 'book') await refuseBlocked(typeof cmd.input.phone === 'string' ? cmd.input.phone : undefined);
        try {
          return sessionCardSchema.parse(await deps.client.workflow.getHandle(consultationSessionWorkflowId(cmd.id)).executeUpdate(SESSION_UPDATES[cmd.action], { args: [{ actor: cmd.actor, input: cmd.input }] }));
        } catch (err) {
          throw updateFailure(err, `consultation session ${cmd.id}`);
        }
      }
    }
  }

  return {
    /** Creates this year's and next year's number series ahead of time (FerretDB and concurrent upserts). */
    async prepare(): Promise<void> {
      const year = await yearOf(new Date());
      await deps.counters.ensure(seriesOf(year));
      await deps.counters.ensure(seriesOf(year + 1));
    },

    /** One command in, one reply out; refusals are replies, failures throw. */
    async handle(raw: unknown): Promise<ConsultationReply> {
      try {
        return { ok: true, result: await handle(raw) };
      } catch (err) {
        if (err instanceof Refused) return { ok: false, error: err.error };
        throw err;
      }
    },
  };
}

export type ConsultationsHandler = ReturnType<typeof createConsultationsHandler>;

/**
 * Registration (5.12): validate, refuse blocked numbers (5.7), deduplicate by Idempotency-Key, issue
 * the number, route by the Classifier, link repeats (9.2.3), start the request's workflow and answer
 * with what the workflow recorded. Everything a retry must not do twice is keyed: the claim on the
 * idempotency key, the number stored on the claim, the workflow id derived from the number.
 */
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { createHash, randomUUID } from 'node:crypto';
import type { Actor, RequestEvent } from '../../contracts/events.ts';
import { intakeErrorSchema, registerCommandSchema, type IntakeError, type Registered, type RegisterReply, type Registration } from '../../contracts/intake.ts';
import { REGISTRATION_UPDATE, REQUEST_WORKFLOW_TYPE, requestCardSchema, requestStaticSummary, type RequestCard, type StartRequest } from '../../contracts/request.ts';
import { requestWorkflowId, TASK_QUEUE } from '../../contracts/wire.ts';
import type { CountersRepository } from '../../data/counters.repository.ts';
import type { IdempotencyRepository } from '../../data/idempotency.repository.ts';
import type { RequestQueries } from '../../data/request-queries.ts';
import { deadlineFrom } from '../../domain/calendar.ts';
import { routeRequest } from '../../domain/classifier.ts';
import { isConsultationCategory } from '../../domain/consultations.ts';
import { DomainError } from '../../domain/errors.ts';
import { formatRequestNumber } from '../../domain/numbering.ts';
import { registrationTransition } from '../../domain/registration.ts';
import { repeatLink } from '../../domain/repeat.ts';
import type { Logger } from '../../platform/logger.ts';
import { districtRefusal } from './districts.ts';
import type { ReferenceData } from './reference.ts';
import type { RepairWorkLinker } from './repair-works.ts';

export interface RegistrarDeps extends ReferenceData {
  client: Client;
  counters: CountersRepository;
  idempotency: IdempotencyRepository;
  requests: RequestQueries;
  logger: Logger;
  prefix: string;
  repeatWindowDays: number;
  /**
   * Writes the registration transition into the read model and relays its event (the same write the
   * workflow's recordTransition makes): the answer then needs only the workflow's start, not its first task.
   */
  recordRegistration: (card: RequestCard, events: RequestEvent[]) => Promise<void>;
  /** 8.1.6: finds the active repair work that explains the call and records the link (services/intake/repair-works.ts). */
  linkRepairWork?: RepairWorkLinker;
  /** A claim older than this whose owner has not finished is taken over (its process likely died). */
  staleClaimMs?: number;
  /** How long a retry waits for the attempt that owns its key. */
  waitForOwnerMs?: number;
}

/** A refusal decided before anything was issued: the claim is released, a corrected retry is judged afresh. */
class Refused extends Error {
  constructor(readonly error: IntakeError) {
    super(error.message);
  }
}

const refuse = (status: number, code: string, message: string, details?: Record<string, unknown>): Refused =>
  new Refused({ status, code, message, ...(details ? { details } : {}) });

/**
 * Names an invalid command field as the gateway does: the registration is the HTTP body, the key
 * its header; the actor (and anything else) keeps its own name rather than pass for `body.*`.
 */
function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path.map(String);
  if (head === 'registration') return ['body', ...rest].join('.');
  if (head === 'idempotencyKey') return 'headers.idempotency-key';
  return [head ?? 'command', ...rest].join('.');
}

const fingerprintOf = (r: Registration): string => createHash('sha256').update(JSON.stringify(r)).digest('hex');

export function createRegistrar(deps: RegistrarDeps) {
  const staleMs = deps.staleClaimMs ?? 60_000;
  const waitMs = deps.waitForOwnerMs ?? 25_000;
  /** The calendar's time zone decides which year a registration belongs to. */
  async function timeZone(): Promise<string> {
    return (await deps.calendar.get()).timeZone;
  }

  const seriesOf = (year: number): string => `${deps.prefix}-${year}`;

  async function issueNumber(at: Date): Promise<string> {
    const year = DateTime.fromJSDate(at, { zone: await timeZone() }).year;
    return formatRequestNumber(deps.prefix, year, await deps.counters.next(seriesOf(year)));
  }

  /** Validates and routes; refuses (without side effects) what can never be registered as sent. */
  async function resolve(reg: Registration) {
    // Judged on data that is not there yet, every registration would be refused for good: not ready, retry.
    const missing = (await deps.missing?.()) ?? [];
    if (missing.length > 0) {
      throw refuse(503, 'not_ready', `registration is not ready: no ${missing.join(', ')} loaded yet; retry with the same Idempotency-Key`, { missing });
    }
    // Independent look-ups, asked at once; refused in the order a person would explain it.
    const [blocked, badDistrict, category] = await Promise.all([
      deps.memos.isBlocked(reg.applicant.phone),
      districtRefusal(deps.districts, reg.address.district),
      deps.classifier.get(reg.categoryCode),
    ]);
    if (blocked) {
      throw refuse(403, 'phone_blocked', `requests from ${reg.applicant.phone} are not accepted: the number is blocked (5.7)`, { phone: reg.applicant.phone });
    }
    if (badDistrict) throw new Refused(badDistrict);
    // 2.9: a consultation category is answered by the Contact Center's workers, not routed to an executor.
    if (isConsultationCategory(reg.categoryCode)) {
      throw refuse(422, 'consultation_category', `'${reg.categoryCode}' is a consultation category: ask it as a consultation (POST /consultations)`, {
        fields: [{ field: 'body.categoryCode', message: 'a consultation category' }],
      });
    }
    let route;
    try {
      route = routeRequest(category ? [category] : [], reg.categoryCode);
    } catch (err) {
      if (err instanceof DomainError) throw refuse(422, err.code, err.message, { ...err.details, fields: [{ field: 'body.categoryCode', message: err.message }] });
      throw err;
    }
    const executor = await deps.executors.byId(route.executorId);
    if (!executor?.active) {
      throw refuse(422, 'executor_unavailable', `category ${reg.categoryCode} is routed to executor '${route.executorId}', which is not active; tell the administrator`, {
        executorId: route.executorId,
      });
    }
    return { category: category!, route, executor };
  }

  /** Registers for real; `number` is given when taking over an attempt that already issued one. */
  async function registerNew(reg: Registration, actor: Actor, opts: { number?: string; onNumber?: (n: string) => Promise<void>; correlationId?: string }): Promise<Registered> {
    const registeredAt = new Date();
    const closedSince = new Date(registeredAt.getTime() - deps.repeatWindowDays * 86_400_000);
    // The repeat look-up needs only what was sent (its key ignores the code's letter case): asked alongside the checks.
    const [{ category, route, executor }, candidates] = await Promise.all([resolve(reg), deps.requests.repeatCandidates({ categoryCode: reg.categoryCode, address: reg.address, closedSince })]);
    // 9.2.3: linked to the chain's request still on control (domain/repeat.ts), which its workflow then tells.
    const repeat = repeatLink(candidates.filter((c) => c.number !== opts.number));

    const number = opts.number ?? (await issueNumber(registeredAt));
    if (!opts.number) await opts.onNumber?.(number);
    // 8.1.6: a call about a known outage is linked to its repair work (the number is the link's key, so a retry keeps it).
    const repairWork = await deps.linkRepairWork?.({ number, categoryCode: category.code, address: reg.address, at: registeredAt });
    const input: StartRequest = {
      number,
      channel: reg.channel,
      registeredAt: registeredAt.toISOString(),
      applicant: reg.applicant,
      address: reg.address,
      categoryCode: category.code,
      description: reg.description,
      attachmentIds: reg.attachmentIds,
      ...repeat,
      ...(repairWork ? { repairWork } : {}),
      route: {
        executor: { id: executor.id, name: executor.name, email: executor.email },
        categoryName: category.name,
        term: route.term,
        reworkTerm: route.reworkTerm,
      },
      actor,
    };
    const log = deps.logger.child({ requestNumber: number, workflowId: requestWorkflowId(number), ...(opts.correlationId ? { correlationId: opts.correlationId } : {}) });
    let card: RequestCard;
    if (opts.number) {
      // A take-over: its predecessor may have started the workflow with other facts (another instant); the
      // answer is what that workflow recorded, so it waits for the workflow's registration.
      card = requestCardSchema.parse(
        await deps.client.workflow.executeUpdateWithStart(REGISTRATION_UPDATE, {
          args: [],
          startWorkflowOperation: new WithStartWorkflowOperation(REQUEST_WORKFLOW_TYPE, {
            workflowId: requestWorkflowId(number),
            taskQueue: TASK_QUEUE,
            args: [input],
            // It finds the workflow its predecessor started; a finished one is never started again.
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            staticSummary: requestStaticSummary(input),
          }),
        }),
      );
    } else {
      // 5.12: the Classifier deadline on the working calendar intake keeps in memory; the workflow records
      // the same facts. The start is durable: from here on the request exists, whatever happens to this process.
      const facts = { at: input.registeredAt, deadlineAt: deadlineFrom(await deps.calendar.get(), registeredAt, route.term).toISOString(), eventId: randomUUID() };
      const started: StartRequest = { ...input, registered: facts };
      await deps.client.workflow.start(REQUEST_WORKFLOW_TYPE, {
        workflowId: requestWorkflowId(number),
        taskQueue: TASK_QUEUE,
        args: [started],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: requestStaticSummary(input),
      });
      const transition = registrationTransition(started, facts);
      // Read your writes: the card is in the read model before the answer (whichever of intake and the workflow writes it first).
      await deps.recordRegistration(transition.card, transition.events);
      card = transition.card;
    }
    log.info('registered', { channel: reg.channel, categoryCode: category.code, executorId: card.executorId, repeatOf: card.repeatOf });
    return {
      number: card.number,
      status: card.status,
      executorId: card.executorId,
      deadlineAt: card.deadlineAt,
      registeredAt: card.registeredAt,
      ...(card.repeatOf ? { repeatOf: card.repeatOf } : {}),
      repeatCount: card.repeatCount,
      ...(card.repairWork ? { repairWork: card.repairWork } : {}),
    };
  }

  /** Runs a registration under a claim this attempt owns, recording its outcome on the claim. */
  async function underClaim(key: string, owner: string, reg: Registration, actor: Actor, number: string | undefined, correlationId: string | undefined): Promise<RegisterReply> {
    try {
      const request = await registerNew(reg, actor, { ...(number ? { number } : {}), ...(correlationId ? { correlationId } : {}), onNumber: (n) => deps.idempotency.setNumber(key, owner, n) });
      await deps.idempotency.complete(key, owner, request);
      return { ok: true, replayed: false, request };
    } catch (err) {
      const claim = await deps.idempotency.get(key);
      if (err instanceof Refused && !claim?.number) {
        // A refusal on the request's merits answers every retry of it; one for a passing reason (not ready, busy) does not.
        if (err.error.status < 500) await deps.idempotency.refuse(key, owner, err.error);
        else await deps.idempotency.release(key, owner);
      } else await deps.idempotency.fail(key, owner);
      throw err;
    }
  }

  async function withKey(key: string, reg: Registration, actor: Actor, correlationId: string | undefined): Promise<RegisterReply> {
    const fingerprint = fingerprintOf(reg);
    const owner = randomUUID();
    const until = Date.now() + waitMs;
    let pause = 25;
    for (;;) {
      const c = await deps.idempotency.claim(key, fingerprint, owner);
      if (c.claimed) return underClaim(key, owner, reg, actor, undefined, correlationId);
      // Someone else holds the key: wait for their outcome, or take over when they failed or vanished.
      for (let claim: typeof c.claim | null = c.claim; claim; claim = await deps.idempotency.get(key)) {
        if (claim.fingerprint !== fingerprint) {
          // A refused request corrected and sent again under its key is judged afresh.
          if (claim.state === 'refused') {
            if (await deps.idempotency.takeOver(claim, owner, fingerprint)) return underClaim(key, owner, reg, actor, undefined, correlationId);
            continue;
          }
          throw refuse(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request; use a new key for a new request');
        }
        if (claim.state === 'done') return { ok: true, replayed: true, request: claim.reply as Registered };
        if (claim.state === 'refused') {
          const answer = intakeErrorSchema.safeParse(claim.reply);
          if (answer.success) throw new Refused(answer.data);
        }
        const abandoned = claim.state === 'failed' || Date.now() - claim.claimedAt.getTime() > staleMs;
        if (abandoned && (await deps.idempotency.takeOver(claim, owner))) return underClaim(key, owner, reg, actor, claim.number, correlationId);
        if (Date.now() > until) throw refuse(503, 'registration_in_progress', 'a registration with this Idempotency-Key is still in progress; retry with the same key');
        await new Promise((r) => setTimeout(r, pause));
        pause = Math.min(pause * 2, 250);
      }
      // The claim vanished (its owner was refused and released it): claim it ourselves.
    }
  }

  return {
    /** Creates this year's and next year's number series ahead of time (FerretDB and concurrent upserts). */
    async prepare(): Promise<void> {
      const year = DateTime.now().setZone(await timeZone()).year;
      await deps.counters.ensure(seriesOf(year));
      await deps.counters.ensure(seriesOf(year + 1));
    },

    /** Handles one intake command; refusals come back as `{ok: false, error}`, failures throw. */
    async register(raw: unknown): Promise<RegisterReply> {
      const parsed = registerCommandSchema.safeParse(raw);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => ({ field: fieldOf(i.path), message: i.message }));
        return { ok: false, error: { status: 400, code: 'invalid_input', message: fields[0] ? `${fields[0].field}: ${fields[0].message}` : 'invalid registration', details: { fields } } };
      }
      const { actor, registration, idempotencyKey, correlationId } = parsed.data;
      try {
        if (idempotencyKey) return await withKey(`${actor.id}:${idempotencyKey}`, registration, actor, correlationId);
        return { ok: true, replayed: false, request: await registerNew(registration, actor, correlationId ? { correlationId } : {}) };
      } catch (err) {
        if (err instanceof Refused) return { ok: false, error: err.error };
        throw err;
      }
    },
  };
}

export type Registrar = ReturnType<typeof createRegistrar>;

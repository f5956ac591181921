/**
 * What the repair-works service does with each command (contracts/repair-works.ts): registration
 * under 8.1.6.1/8.1.6.2 (the rules of domain/repair-works.ts, then the work's workflow started with
 * update-with-start so the reply is what the workflow recorded), the staff list and card, the
 * actions as Updates on `repair-work-<id>`, the active look-up during a call, intake's link of a new
 * request to the work that explains it, and the news. Refusals come back as `{ok: false, error}`
 * with the HTTP status the gateway answers with; anything else throws.
 */
import { WithStartWorkflowOperation, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DateTime } from 'luxon';
import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../contracts/events.ts';
import {
  REPAIR_WORK_REGISTRATION_UPDATE,
  REPAIR_WORK_UPDATES,
  REPAIR_WORK_WORKFLOW_TYPE,
  repairWorkCardSchema,
  repairWorkCommandSchema,
  repairWorkStaticSummary,
  toPublicWork,
  type LinkedRequest,
  type NewRepairWork,
  type RepairWorkCard,
  type RepairWorkError,
  type RepairWorkLink,
  type RepairWorkReply,
  type RepairWorkView,
  type StartRepairWork,
} from '../../contracts/repair-works.ts';
import { repairWorkWorkflowId, TASK_QUEUE } from '../../contracts/wire.ts';
import type { ClassifierRepository } from '../../data/classifier.repository.ts';
import type { DistrictsRepository } from '../../data/districts.repository.ts';
import type { ExecutorsRepository } from '../../data/executors.repository.ts';
import type { NewsRepository } from '../../data/news.repository.ts';
import type { RepairWorksRepository } from '../../data/repair-works.repository.ts';
import type { RequestQueries } from '../../data/request-queries.ts';
import { decodeRefusal, REFUSAL_HTTP_STATUS, type Refusal } from '../../domain/lifecycle.ts';
import { foreignCategories, registrationRefusal, worksExplaining } from '../../domain/repair-works.ts';
import type { Logger } from '../../platform/logger.ts';

export interface RepairWorksDeps {
  client: Client;
  works: RepairWorksRepository;
  news: NewsRepository;
  executors: ExecutorsRepository;
  classifier: ClassifierRepository;
  districts: DistrictsRepository;
  /** The requests read model, read only: which linked requests are still open when a work closes. */
  requests: RequestQueries;
  logger: Logger;
}

class Refused extends Error {
  constructor(readonly error: RepairWorkError) {
    super(error.message);
  }
}

const refused = (status: number, code: string, message: string, details?: Record<string, unknown>): Refused => new Refused({ status, code, message, ...(details ? { details } : {}) });

function fromRefusal(r: Refusal): Refused {
  const field = typeof r.details?.field === 'string' ? r.details.field : undefined;
  return refused(REFUSAL_HTTP_STATUS[r.kind], r.kind, r.message, { ...r.details, ...(field ? { fields: [{ field, message: r.message }] } : {}) });
}

/** Names a command's invalid field as the gateway does: what the client sent is the HTTP body. */
function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path.map(String);
  if (head === 'work' || head === 'news' || head === 'input') return ['body', ...rest].join('.');
  if (head === 'filter') return ['query', ...rest].join('.');
  return [head ?? 'command', ...rest].join('.');
}

/** `RW-20261129-7K3Q9Z`: the registration date (Kyiv) and a random tail, unique across deployments sharing a Temporal namespace. */
function newWorkId(now: Date): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const tail = [...randomBytes(6)].map((b) => alphabet[b % alphabet.length]).join('');
  return `RW-${DateTime.fromJSDate(now, { zone: 'Europe/Kyiv' }).toFormat('yyyyLLdd')}-${tail}`;
}

/** Requests no longer waiting for their executor: nothing to tell about them when the work closes. */
const FINISHED_REQUEST_STATUSES = new Set(['closed', 'rating_disputed']);

export function createRepairWorksHandler(deps: RepairWorksDeps) {
  const view = async (card: RepairWorkCard): Promise<RepairWorkView> => ({ ...card, linkedRequests: await deps.works.countLinked(card.id) });

  const existing = async (id: string): Promise<RepairWorkCard> => {
    const card = await deps.works.get(id);
    if (!card) throw refused(404, 'not_found', `no repair work ${id}`);
    return card;
  };

  /** The requests linked to a work with their current status and executor, oldest link first. */
  const linkedRequests = async (id: string): Promise<LinkedRequest[]> => {
    const numbers = await deps.works.linkedTo(id);
    const cards = await Promise.all(numbers.map((n) => deps.requests.get(n)));
    return cards.flatMap((c) =>
      c ? [{ number: c.number, status: c.status, executorId: c.executorId, executorName: c.executor.name, ...(c.executor.email ? { executorEmail: c.executor.email } : {}) }] : [],
    );
  };

  /** A retry with an Idempotency-Key already used: the work it registered, or a refusal when the body differs. */
  async function replay(earlier: { repairWorkId: string; fingerprint: string }, fingerprint: string): Promise<{ work: RepairWorkView; replayed: boolean }> {
    if (earlier.fingerprint !== fingerprint) {
      throw refused(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different repair work; use a new key for a new work');
    }
    // The first attempt may still be starting the workflow (it claimed the key first): its registration Update
    // answers once the work is recorded; a workflow not started yet is waited for a while, then a 503 asks to retry.
    const until = Date.now() + 10_000;
    for (let pause = 25; ; pause = Math.min(pause * 2, 250)) {
      const stored = await deps.works.get(earlier.repairWorkId);
      if (stored) return { work: await view(stored), replayed: true };
      try {
        const card = repairWorkCardSchema.parse(await deps.client.workflow.getHandle(repairWorkWorkflowId(earlier.repairWorkId)).executeUpdate(REPAIR_WORK_REGISTRATION_UPDATE));
        return { work: await view(card), replayed: true };
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err;
        if (Date.now() > until) throw refused(503, 'registration_in_progress', 'a registration with this Idempotency-Key is still in progress; retry with the same key');
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  async function register(actor: Actor, w: NewRepairWork, idempotencyKey: string | undefined): Promise<{ work: RepairWorkView; replayed: boolean }> {
    const now = new Date();
    const key = idempotencyKey ? `${actor.id}:${idempotencyKey}` : undefined;
    const fingerprint = createHash('sha256').update(JSON.stringify(w)).digest('hex');
    if (key) {
      // Before the rules: a planned work's retry a while later must still get the work, not an 8.1.6.1 refusal.
      const earlier = await deps.works.keyOf(key);
      if (earlier) return replay(earlier, fingerprint);
    }
    const rule = registrationRefusal(w, actor, now);
    if (rule) throw fromRefusal(rule);
    const [executor, district, categories] = await Promise.all([
      deps.executors.byId(w.executorId),
      deps.districts.get(w.district),
      Promise.all(w.categoryCodes.map((c) => deps.classifier.get(c))),
    ]);
    if (!executor?.active) throw refused(422, 'unknown_executor', `no active executor '${w.executorId}'`, { fields: [{ field: 'body.executorId', message: 'no such active executor' }] });
    if (!district?.active) throw refused(422, 'unknown_district', `no district named '${w.district}'`, { fields: [{ field: 'body.district', message: 'no such active district' }] });
    const unknown = w.categoryCodes.filter((_c, i) => !categories[i]);
    if (unknown.length > 0) {
      throw refused(422, 'unknown_category', `no Classifier category ${unknown.join(', ')}`, { fields: [{ field: 'body.categoryCodes', message: `unknown: ${unknown.join(', ')}` }] });
    }
    const foreign = foreignCategories(categories.filter((c) => c !== null), executor.id, actor);
    if (foreign.length > 0) {
      throw refused(422, 'foreign_category', `the categories ${foreign.join(', ')} belong to another executor; a work explains only its executor's categories`, {
        fields: [{ field: 'body.categoryCodes', message: `another executor's: ${foreign.join(', ')}` }],
      });
    }
    const id = newWorkId(now);
    if (key) {
      // Of concurrent retries one claims the key; the others answer with its work.
      const claim = await deps.works.claimKey(key, fingerprint, id, now);
      if (!claim.claimed) return replay(claim, fingerprint);
    }
    const input: StartRepairWork = {
      id,
      kind: w.kind,
      executor: { id: executor.id, name: executor.name, email: executor.email },
      district: district.name,
      street: w.street,
      buildings: w.buildings,
      categoryCodes: categories.map((c, i) => c?.code ?? w.categoryCodes[i]!),
      title: w.title ?? `${w.kind === 'emergency' ? 'Аварійні' : 'Планові'} роботи: ${w.street}`,
      description: w.description,
      startsAt: w.startsAt,
      expectedEndAt: w.expectedEndAt,
      registeredAt: now.toISOString(),
      ...(actor.role === 'operator' && w.reportedBy ? { reportedBy: w.reportedBy } : {}),
      actor,
    };
    const card = repairWorkCardSchema.parse(
      await deps.client.workflow.executeUpdateWithStart(REPAIR_WORK_REGISTRATION_UPDATE, {
        args: [],
        startWorkflowOperation: new WithStartWorkflowOperation(REPAIR_WORK_WORKFLOW_TYPE, {
          workflowId: repairWorkWorkflowId(id),
          taskQueue: TASK_QUEUE,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          staticSummary: repairWorkStaticSummary(input),
        }),
      }),
    );
    deps.logger.info('repair work registered', { repairWorkId: id, workflowId: repairWorkWorkflowId(id), kind: card.kind, executorId: card.executorId, by: actor.id });
    return { work: { ...card, linkedRequests: 0 }, replayed: false };
  }

  async function act(id: string, action: 'close' | 'extend' | 'changeAddresses', actor: Actor, input: Record<string, unknown>): Promise<RepairWorkView> {
    const card = await existing(id);
    if (card.status === 'closed') throw refused(409, 'wrong_status', `repair work ${id} is closed; its card takes no more changes (8.1.7)`, { status: card.status });
    const linked = action === 'close' ? (await linkedRequests(id)).filter((r) => !FINISHED_REQUEST_STATUSES.has(r.status)) : undefined;
    let result: unknown;
    try {
      result = await deps.client.workflow.getHandle(repairWorkWorkflowId(id)).executeUpdate(REPAIR_WORK_UPDATES[action], { args: [{ actor, input, ...(linked ? { linked } : {}) }] });
    } catch (err) {
      const refusal = decodeRefusal(err);
      if (refusal) throw fromRefusal(refusal);
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === 'invalid_input') {
        throw refused(400, 'invalid_input', err.cause.message, { fields: [{ field: err.cause.message.split(':')[0] ?? 'body', message: err.cause.message }] });
      }
      if (err instanceof WorkflowNotFoundError) throw refused(409, 'wrong_status', `repair work ${id} is closed; its card takes no more changes (8.1.7)`);
      throw err;
    }
    const after = repairWorkCardSchema.parse(result);
    deps.logger.info(`repair work ${action}`, { repairWorkId: id, by: actor.id, version: after.version });
    return view(after);
  }

  async function handle(raw: unknown): Promise<unknown> {
    const parsed = repairWorkCommandSchema.safeParse(raw);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => ({ field: fieldOf(i.path), message: i.message }));
      throw refused(400, 'invalid_input', fields[0] ? `${fields[0].field}: ${fields[0].message}` : 'invalid command', { fields });
    }
    const cmd = parsed.data;
    switch (cmd.op) {
      case 'register':
        return register(cmd.actor, cmd.work, cmd.idempotencyKey);
      case 'get':
        return view(await existing(cmd.id));
      case 'list': {
        const page = await deps.works.list(cmd.filter, { page: cmd.page, pageSize: cmd.pageSize });
        return { ...page, items: await Promise.all(page.items.map(view)) };
      }
      case 'act':
        return act(cmd.id, cmd.action, cmd.actor, cmd.input);
      case 'active': {
        const at = cmd.at ? new Date(cmd.at) : new Date();
        const works = worksExplaining(await deps.works.openOnStreet(cmd.district, cmd.street), { ...(cmd.building ? { building: cmd.building } : {}), ...(cmd.categoryCode ? { categoryCode: cmd.categoryCode } : {}), at });
        return { known: works.length > 0, at: at.toISOString(), works: works.map(toPublicWork) };
      }
      case 'link': {
        const at = new Date(cmd.at);
        // On every registration: the street's open works and an earlier attempt's link, asked at once.
        const [onStreet, already] = await Promise.all([deps.works.openOnStreet(cmd.district, cmd.street), deps.works.linkOf(cmd.number)]);
        // A link needs the work to name the call's category: an outage explains calls about it, not every call on the street.
        const works = worksExplaining(onStreet, { building: cmd.building, categoryCode: cmd.categoryCode, at }).filter((w) =>
          w.categoryCodes.some((c) => c.toUpperCase() === cmd.categoryCode.trim().toUpperCase()),
        );
        // A retried registration keeps the link its first attempt made.
        const work = already ? (onStreet.find((w) => w.id === already) ?? (await deps.works.get(already)) ?? works[0]) : works[0];
        if (!work) return { work: null };
        await deps.works.link(cmd.number, work.id, at);
        const link: RepairWorkLink = { id: work.id, kind: work.kind, title: work.title, expectedEndAt: work.expectedEndAt, executorName: work.executor.name };
        return { work: link };
      }
      case 'linked':
        await existing(cmd.id);
        return { items: await linkedRequests(cmd.id) };
      case 'postNews': {
        const author = { id: cmd.actor.id, role: cmd.actor.role, ...(cmd.actor.name ? { name: cmd.actor.name } : {}) };
        const item = await deps.news.post(cmd.news, author, new Date());
        deps.logger.info('news posted', { newsId: item.id, by: cmd.actor.id });
        return item;
      }
      case 'listNews':
        return deps.news.published(cmd.at ? new Date(cmd.at) : new Date(), { page: cmd.page, pageSize: cmd.pageSize });
    }
  }

  return {
    /** One command in, one reply out; refusals are replies, failures throw. */
    async handle(raw: unknown): Promise<RepairWorkReply> {
      try {
        return { ok: true, result: await handle(raw) };
      } catch (err) {
        if (err instanceof Refused) return { ok: false, error: err.error };
        throw err;
      }
    },
  };
}

export type RepairWorksHandler = ReturnType<typeof createRepairWorksHandler>;

/**
 * Applies request events to the reporting read models, idempotently by event id and without
 * multi-document transactions:
 * 1. the event is added to its request's history unless it is there already;
 * 2. from the whole history the request's contribution to the period counters is computed
 *    (domain/report-counters.ts), and the difference from what the counters hold from it already is
 *    written down in the same request document, as an operation with an id;
 * 3. the operation is applied to each period document it changes; a document remembers the
 *    operation's id, so applying it again after a crash changes nothing;
 * 4. the request's export row (9.1.3.3) and its place in the overdue set are written as they now are;
 * 5. the operation is marked done, and the period documents forget its id.
 * A redelivered event, or the next event of the request, first finishes an operation a crash left
 * half done. Events of one request are applied one at a time, whichever reporting process has
 * them (the request's lease in the database, data/leases.repository.ts; the replicas share one
 * durable consumer): the request's documents have one writer, so they are read and written by `_id`
 * alone. A process that crashes holding a lease loses it at its expiry, and JetStream redelivers
 * the message it had not acknowledged.
 */
import { requestEventSchema, type RequestEvent } from '../../contracts/events.ts';
import type { PendingOp, ReportsRepository } from '../../data/reports.repository.ts';
import { diffContributions, requestContribution } from '../../domain/report-counters.ts';
import { exportRowOf } from '../../domain/report-export.ts';
import { projectRequest, type FactEvent } from '../../domain/reports.ts';

export type ApplyResult = { kind: 'applied' | 'duplicate' | 'ignored'; eventId?: string } | { kind: 'malformed'; error: string };

/** The facts the reports need from an event. */
export function factOf(e: RequestEvent): FactEvent {
  const r = e.data.request;
  const score = e.type === 'request.rated' && typeof e.data.details.score === 'number' ? e.data.details.score : undefined;
  // 8.2.x: the decision events (executor_changed, *_rejected, *_approved) say how long the Contact Center took.
  const stopped = e.data.details.clockStoppedMs;
  const clockStoppedMs = typeof stopped === 'number' && Number.isFinite(stopped) && stopped > 0 ? stopped : undefined;
  // 8.2.1: who the request's co-executors are, and whose part is done: 9.2.1 lists an overdue request under a co-executor whose part is open.
  const ids = e.type === 'request.co_executor_involved' ? e.data.details.coExecutorIds : undefined;
  const coExecutorIds = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : undefined;
  const partBy = e.type === 'request.part_proposed' && typeof e.data.details.executorId === 'string' ? e.data.details.executorId : undefined;
  // 9.2.4 and the other watches: what a reminder or an escalation is about (the live gauges count the closure reviews past due).
  const awaiting = (e.type === 'request.awaiting_reminder' || e.type === 'request.awaiting_escalated') && typeof e.data.details.awaiting === 'string' ? e.data.details.awaiting : undefined;
  return {
    id: e.id,
    type: e.type,
    at: new Date(e.occurredAt).toISOString(),
    status: r.status,
    overdue: r.overdue,
    executorId: r.executorId,
    categoryCode: r.categoryCode,
    district: r.district,
    channel: r.channel,
    deadlineAt: r.deadlineAt,
    registeredAt: r.registeredAt,
    ...(r.repeatOf ? { repeatOf: r.repeatOf } : {}),
    ...(score !== undefined ? { score } : {}),
    ...(clockStoppedMs !== undefined ? { clockStoppedMs } : {}),
    ...(coExecutorIds ? { coExecutorIds } : {}),
    ...(partBy ? { partBy } : {}),
    ...(awaiting ? { awaiting } : {}),
  };
}

/** 8.2.1: the co-executor an event names, so the 9.2.1 report shows its name. */
function coExecutorOf(e: RequestEvent): { executorId: string; executorName: string } | undefined {
  const x = (e.type === 'request.co_executor_involved' ? e.data.details.coExecutor : e.type === 'request.part_proposed' ? e.data.details.executor : undefined) as { id?: unknown; name?: unknown } | undefined;
  return typeof x?.id === 'string' && typeof x.name === 'string' ? { executorId: x.id, executorName: x.name } : undefined;
}

/** An operation's id: the request and its history's revision (no dots: it is a field name in the period documents). */
const opId = (number: string, rev: number): string => `${number}~${rev}`.replace(/[.$]/g, '_');

export class Projector {
  private readonly namesWritten = new Set<string>();

  constructor(private readonly repo: ReportsRepository) {}

  /** Parses and applies one message from the stream (or, with `record`, only adds it to its request's history). */
  async process(payload: string, mode: 'apply' | 'record' = 'apply'): Promise<ApplyResult> {
    let json: unknown;
    try {
      json = JSON.parse(payload);
    } catch {
      return { kind: 'malformed', error: 'not JSON' };
    }
    const type = (json as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !type.startsWith('request.')) return { kind: 'ignored' };
    const parsed = requestEventSchema.safeParse(json);
    if (!parsed.success) return { kind: 'malformed', error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    return mode === 'apply' ? this.apply(parsed.data) : this.record(parsed.data);
  }

  async apply(e: RequestEvent): Promise<ApplyResult> {
    const r = e.data.request;
    return this.serially(r.number, async () => {
      const fact = factOf(e);
      await this.rememberNames({ categoryCode: r.categoryCode, categoryName: r.categoryName, executorId: r.executorId, executorName: r.executor.name });
      const co = coExecutorOf(e);
      if (co) await this.rememberNames({ categoryCode: r.categoryCode, categoryName: r.categoryName, ...co });
      const h = (await this.repo.history(r.number)) ?? { rev: 0, events: [], applied: {} };
      if (h.pending) await this.complete(r.number, h.pending, h.events);
      if (h.events.some((x) => x.id === fact.id)) return { kind: 'duplicate', eventId: e.id } as const;
      const events = [...h.events, fact];
      const projection = projectRequest(r.number, events);
      const applied = requestContribution(r.number, projection);
      const rev = h.rev + 1;
      const op: PendingOp = { id: opId(r.number, rev), deltas: diffContributions(h.applied, applied) };
      await this.repo.saveHistory(r.number, { rev, events, applied, pending: op });
      await this.complete(r.number, op, events, projection.open);
      return { kind: 'applied', eventId: e.id } as const;
    });
  }

  /** Adds the event to its request's history only (a rebuild from the stream, which computes the counters afterwards). */
  async record(e: RequestEvent): Promise<ApplyResult> {
    const r = e.data.request;
    return this.serially(r.number, async () => {
      const fact = factOf(e);
      await this.rememberNames({ categoryCode: r.categoryCode, categoryName: r.categoryName, executorId: r.executorId, executorName: r.executor.name });
      const co = coExecutorOf(e);
      if (co) await this.rememberNames({ categoryCode: r.categoryCode, categoryName: r.categoryName, ...co });
      const h = (await this.repo.history(r.number)) ?? { rev: 0, events: [], applied: {} };
      if (h.events.some((x) => x.id === fact.id)) return { kind: 'duplicate', eventId: e.id } as const;
      await this.repo.saveHistory(r.number, { rev: h.rev + 1, events: [...h.events, fact], applied: h.applied });
      return { kind: 'applied', eventId: e.id } as const;
    });
  }

  /** Steps 3–5: idempotent, so a redelivery may run them again. */
  private async complete(number: string, op: PendingOp, events: FactEvent[], open = projectRequest(number, events).open): Promise<void> {
    // Settled, all of them, before a failure is passed on: a retry then never races a write of this attempt.
    const applied = await Promise.allSettled(Object.entries(op.deltas).map(([docId, delta]) => this.repo.applyToPeriod(docId, op.id, delta)));
    const failed = applied.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const { day, row } = exportRowOf(number, events);
    await this.repo.putRow(day, row);
    await this.repo.putOpenOverdue(number, open);
    await this.repo.clearPending(number);
    await Promise.all(Object.keys(op.deltas).map((docId) => this.repo.forgetOp(docId, op.id)));
  }

  /** Names change rarely: written when this process has not written the same ones yet. */
  private async rememberNames(n: { categoryCode: string; categoryName?: string; executorId: string; executorName: string }): Promise<void> {
    const key = `${n.categoryCode}\u0000${n.categoryName ?? ''}\u0000${n.executorId}\u0000${n.executorName}`;
    if (this.namesWritten.has(key)) return;
    await this.repo.rememberNames(n);
    this.namesWritten.add(key);
  }

  private serially<T>(number: string, fn: () => Promise<T>): Promise<T> {
    return this.repo.asRequestWriter(number, fn);
  }
}

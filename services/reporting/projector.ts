/**
 * Applies request events to the reporting read models. Idempotent: the event is added to its
 * request's history once (by event id), and the request's day entries are then recomputed from the
 * whole history and written as they are — so a redelivered event, or one that arrives after a later
 * one, leaves the same documents, and a crash between the two steps is healed by the redelivery.
 * Events of one request are applied one at a time (a lock per request number), so a slower
 * recomputation never overwrites a newer one.
 */
import { requestEventSchema, type RequestEvent } from '../../contracts/events.ts';
import type { ReportsRepository } from '../../data/reports.repository.ts';
import { projectRequest, type FactEvent } from '../../domain/reports.ts';

export type ApplyResult = { kind: 'applied' | 'duplicate' | 'ignored'; eventId?: string } | { kind: 'malformed'; error: string };

/** The facts the reports need from an event. */
export function factOf(e: RequestEvent): FactEvent {
  const r = e.data.request;
  const score = e.type === 'request.rated' && typeof e.data.details.score === 'number' ? e.data.details.score : undefined;
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
  };
}

export class Projector {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly repo: ReportsRepository) {}

  /** Parses and applies one message from the stream. */
  async process(payload: string): Promise<ApplyResult> {
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
    return this.apply(parsed.data);
  }

  async apply(e: RequestEvent): Promise<ApplyResult> {
    const number = e.data.request.number;
    return this.serially(number, async () => {
      const fresh = await this.repo.recordEvent(number, factOf(e));
      await this.repo.rememberNames({
        categoryCode: e.data.request.categoryCode,
        categoryName: e.data.request.categoryName,
        executorId: e.data.request.executorId,
        executorName: e.data.request.executor.name,
      });
      await this.reproject(number);
      return { kind: fresh ? 'applied' : 'duplicate', eventId: e.id } as const;
    });
  }

  /** Recomputes one request's entries from its stored history (also what a rebuild from the read model does). */
  async reproject(number: string, known?: { events: FactEvent[]; days: string[] }): Promise<void> {
    const h = known ?? (await this.repo.events(number));
    if (!h) return;
    const { days, open } = projectRequest(number, h.events);
    await this.repo.writeProjection(number, days, open, h.days);
  }

  private async serially<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}

/**
 * Applies request events to the reporting read models. Idempotent: the event is added to its
 * request's history once (by event id), and the request's day entries are then recomputed from the
 * whole history and written as they are — so a redelivered event, or one that arrives after a later
 * one, leaves the same documents, and a crash between the two steps is healed by the redelivery.
 * Events of one request are applied one at a time (a lock per request number), so a slower
 * recomputation never overwrites a newer one.
 */
import { isDeepStrictEqual } from 'node:util';
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
  private readonly namesWritten = new Set<string>();

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
    const r = e.data.request;
    return this.serially(r.number, async () => {
      const fact = factOf(e);
      const h = await this.repo.recordEvent(r.number, fact);
      await this.rememberNames({ categoryCode: r.categoryCode, categoryName: r.categoryName, executorId: r.executorId, executorName: r.executor.name });
      // A new event changes only what it changes: compare with the history before it. A duplicate may
      // follow a crash before its writes, so everything is written again.
      const before = h.fresh ? projectRequest(r.number, h.events.filter((x) => x.id !== fact.id)) : undefined;
      await this.write(r.number, h, before);
      return { kind: h.fresh ? 'applied' : 'duplicate', eventId: e.id } as const;
    });
  }

  /** Recomputes one request's entries from its stored history and writes them all (a rebuild from the read model). */
  async reproject(number: string, known?: { events: FactEvent[]; days: string[] }): Promise<void> {
    const h = known ?? (await this.repo.events(number));
    if (h) await this.write(number, h);
  }

  private async write(number: string, h: { events: FactEvent[]; days: string[] }, before?: ReturnType<typeof projectRequest>): Promise<void> {
    const after = projectRequest(number, h.events);
    const changed = [...after.days].filter(([day, entry]) => !before || !isDeepStrictEqual(before.days.get(day), entry));
    // Each entry carries the size of the history it was computed from: FerretDB 1.24 takes a `$set` of
    // an object with as many keys and the same values under other names (`ovEnd: 1` → `cl: 1`) for no
    // change and skips it (seen in test/reporting); a changing first value makes every rewrite a change.
    await this.repo.putEntries(
      number,
      changed.map(([day, entry]) => [day, { v: h.events.length, ...entry }]),
    );
    const now = [...after.days.keys()].sort();
    const gone = h.days.filter((d) => !after.days.has(d));
    if (gone.length > 0 || now.join() !== [...h.days].sort().join()) await this.repo.moveDays(number, gone, now);
    if (!before || !isDeepStrictEqual(before.open, after.open)) await this.repo.putOpenOverdue(number, after.open);
  }

  /** Names change rarely: written when this process has not written the same ones yet. */
  private async rememberNames(n: { categoryCode: string; categoryName?: string; executorId: string; executorName: string }): Promise<void> {
    const key = `${n.categoryCode}\u0000${n.categoryName ?? ''}\u0000${n.executorId}\u0000${n.executorName}`;
    if (this.namesWritten.has(key)) return;
    await this.repo.rememberNames(n);
    this.namesWritten.add(key);
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

/**
 * The reference data a registration checks (Classifier, districts, executors, the calendar's time
 * zone, blocked numbers), kept in memory so that a registration makes no database round trip for
 * them. It is loaded before intake answers, reloaded when the gateway announces a change on
 * `cc.notice.reference.changed` (an admin edit, a 5.7 block or unblock), and every `refreshMs` in
 * case an announcement was missed. A notice marks the data stale at once, so a registration that
 * arrives after it waits for the reload instead of being judged on old data; a category, district
 * or executor not found is looked up again (at most once per `missReloadMs`) before it is refused.
 */
import type { CalendarRepository } from '../../data/calendar.repository.ts';
import type { ClassifierRepository } from '../../data/classifier.repository.ts';
import type { District, DistrictsRepository } from '../../data/districts.repository.ts';
import type { Executor, ExecutorsRepository } from '../../data/executors.repository.ts';
import type { MemosRepository } from '../../data/memos.repository.ts';
import type { WorkingCalendar } from '../../domain/calendar.ts';
import type { Category } from '../../domain/classifier.ts';
import type { Logger } from '../../platform/logger.ts';

interface Snapshot {
  categories: Map<string, Category>;
  districts: Map<string, District>;
  executors: Map<string, Executor>;
  blocked: Set<string>;
  calendar: WorkingCalendar;
  loadedAt: number;
}

export interface ReferenceSources {
  classifier: Pick<ClassifierRepository, 'list'>;
  districts: Pick<DistrictsRepository, 'list'>;
  executors: Pick<ExecutorsRepository, 'list'>;
  memos: Pick<MemosRepository, 'blockedNumbers'>;
  calendar: Pick<CalendarRepository, 'get'>;
}

/** What the registrar reads: the same shapes as the repositories it used to ask. */
export interface ReferenceData {
  /**
   * What is missing for any registration to succeed (no active category, district or executor):
   * a fresh store before its seed. Empty data is read again (at most once per `missReloadMs`),
   * since a seed or an import does not announce itself.
   */
  missing?(): Promise<MissingReference>;
  classifier: Pick<ClassifierRepository, 'get'>;
  districts: Pick<DistrictsRepository, 'get' | 'list'>;
  executors: Pick<ExecutorsRepository, 'byId'>;
  memos: Pick<MemosRepository, 'isBlocked'>;
  calendar: Pick<CalendarRepository, 'get'>;
}

export interface ReferenceCache extends ReferenceData {
  missing(): Promise<MissingReference>;
  /** Loads the data; intake answers no command before this has succeeded once. */
  load(): Promise<void>;
  /** The data changed somewhere: the next read waits for a reload. */
  markStale(): void;
  /** Reloads every `refreshMs` until stopped. */
  startRefreshing(refreshMs: number): { stop(): void };
  /** When the data in memory was read (ms since the epoch), 0 before the first load. */
  loadedAt(): number;
}

/** Which reference data a registration needs and the store does not have yet (e.g. before the seed). */
export type MissingReference = Array<'classifier' | 'districts' | 'executors'>;

export function createReferenceCache(sources: ReferenceSources, logger: Logger, opts: { missReloadMs?: number } = {}): ReferenceCache {
  const missReloadMs = opts.missReloadMs ?? 1_000;
  let snapshot: Snapshot | undefined;
  let loading: Promise<Snapshot> | undefined;
  let stale = true;
  let lastMissReload = 0;

  async function read(): Promise<Snapshot> {
    const [categories, districts, executors, blocked, calendar] = await Promise.all([
      sources.classifier.list({ includeInactive: true }),
      sources.districts.list({ includeInactive: true }),
      sources.executors.list(),
      sources.memos.blockedNumbers({ includeUnblocked: false }),
      sources.calendar.get(),
    ]);
    return {
      categories: new Map(categories.map((c) => [c.code.toUpperCase(), c])),
      districts: new Map(districts.map((d) => [d.name, d])),
      executors: new Map(executors.map((e) => [e.id, e])),
      blocked: new Set(blocked.map((b) => b.phone)),
      calendar,
      loadedAt: Date.now(),
    };
  }

  /** One reload at a time; a notice during a reload makes the next read reload again. */
  function reload(): Promise<Snapshot> {
    if (!loading) {
      stale = false;
      loading = read().then(
        (s) => {
          snapshot = s;
          loading = undefined;
          return s;
        },
        (err: unknown) => {
          stale = true;
          loading = undefined;
          throw err;
        },
      );
    }
    return loading;
  }

  async function current(): Promise<Snapshot> {
    // While a reload runs, everyone waits for it: it may be the one a change notice asked for.
    if (loading) return loading;
    if (stale || !snapshot) return reload();
    return snapshot;
  }

  /** A miss may be data added a moment ago by another way than the gateway: read again, rarely. */
  async function afterMiss<T>(find: (s: Snapshot) => T | undefined): Promise<T | undefined> {
    const found = find(await current());
    if (found !== undefined || Date.now() - lastMissReload < missReloadMs) return found;
    lastMissReload = Date.now();
    return find(await reload());
  }

  const missingIn = (s: Snapshot): MissingReference => [
    ...(![...s.categories.values()].some((c) => c.active) ? (['classifier'] as const) : []),
    ...(![...s.districts.values()].some((d) => d.active) ? (['districts'] as const) : []),
    ...(![...s.executors.values()].some((e) => e.active) ? (['executors'] as const) : []),
  ];

  return {
    async missing() {
      const s = await current();
      if (missingIn(s).length === 0 || Date.now() - s.loadedAt < missReloadMs) return missingIn(s);
      return missingIn(await reload());
    },
    async load() {
      await reload();
    },
    markStale() {
      stale = true;
    },
    startRefreshing(refreshMs) {
      const timer = setInterval(() => {
        reload().catch((err: unknown) => logger.warn('reference data reload failed; the previous data stays in use', { err: err instanceof Error ? err.message : String(err) }));
      }, refreshMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
    loadedAt: () => snapshot?.loadedAt ?? 0,
    classifier: {
      get: async (code) => (await afterMiss((s) => s.categories.get(code.trim().toUpperCase()))) ?? null,
    },
    districts: {
      get: async (name) => (await afterMiss((s) => s.districts.get(name.trim()))) ?? null,
      list: async ({ includeInactive = false } = {}) => [...(await current()).districts.values()].filter((d) => includeInactive || d.active),
    },
    executors: {
      byId: async (id) => (await afterMiss((s) => s.executors.get(id))) ?? null,
    },
    memos: {
      isBlocked: async (phone) => (await current()).blocked.has(phone),
    },
    calendar: {
      get: async () => (await current()).calendar,
    },
  };
}

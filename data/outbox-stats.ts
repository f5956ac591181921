/**
 * What the outbox gauges read (services/worker/gauges.ts): how many entries wait to be published
 * and when the oldest was written. Each outbox is drained as its events reach JetStream, so both
 * reads cost what is pending, not what is stored: the count stops at `OUTBOX_COUNT_CAP`, the oldest
 * is one entry by an indexed field.
 */

/** A backlog count stops here: a figure this high already says the relay is down. */
export const OUTBOX_COUNT_CAP = 10_000;

export interface OutboxStats {
  /** Entries not yet published (at most OUTBOX_COUNT_CAP). */
  backlog: number;
  /** When the oldest of them was written (ISO 8601), or null when there is none. */
  oldestAt: string | null;
}

/** The age of the oldest entry in seconds at `now`: 0 when the outbox is empty. */
export function oldestAgeSeconds(stats: OutboxStats, now = Date.now()): number {
  if (stats.oldestAt === null) return 0;
  const at = Date.parse(stats.oldestAt);
  return Number.isFinite(at) ? Math.max(0, (now - at) / 1000) : 0;
}

/** When an entry written before its outbox kept a time was written: its first event's. */
export function firstEventAt(events: unknown): string | null {
  const first = Array.isArray(events) ? (events[0] as { occurredAt?: unknown } | undefined) : undefined;
  return typeof first?.occurredAt === 'string' ? first.occurredAt : null;
}

/**
 * Password hashing (argon2) with a cap on the work running at once. Each argon2 call takes tens of
 * milliseconds of a core and 64 MB; a flood of sign-ins with wrong passwords would otherwise queue
 * every core and stall sign-in for everybody. At most `concurrency` run together, at most `maxQueue`
 * wait; beyond that the call is refused at once (`PasswordWorkBusyError`, a 503 with Retry-After).
 */
import argon2 from 'argon2';
import pLimit, { type LimitFunction } from 'p-limit';

export class PasswordWorkBusyError extends Error {
  constructor() {
    super('too many sign-ins are being checked right now; try again in a moment');
    this.name = 'PasswordWorkBusyError';
  }
}

export interface PasswordWorkLimits {
  concurrency: number;
  maxQueue: number;
}

let limits: PasswordWorkLimits = { concurrency: 2, maxQueue: 64 };
let limit: LimitFunction = pLimit(limits.concurrency);
let peak = 0;

/** Sets the cap (the gateway does so at start from ARGON2_CONCURRENCY and ARGON2_MAX_QUEUE). */
export function configurePasswordWork(next: PasswordWorkLimits): void {
  limits = next;
  limit = pLimit(next.concurrency);
  peak = 0;
}

/** The most argon2 calls seen running together since the last `configurePasswordWork`, and the cap. */
export function passwordWorkStats(): { active: number; pending: number; peak: number } & PasswordWorkLimits {
  return { active: limit.activeCount, pending: limit.pendingCount, peak, ...limits };
}

function capped<T>(work: () => Promise<T>): Promise<T> {
  if (limit.activeCount >= limits.concurrency && limit.pendingCount >= limits.maxQueue) return Promise.reject(new PasswordWorkBusyError());
  return limit(async () => {
    peak = Math.max(peak, limit.activeCount);
    return work();
  });
}

export const hashPassword = (password: string): Promise<string> => capped(() => argon2.hash(password));

/** Whether `password` matches `hash`; a malformed hash is a mismatch. */
export const verifyPassword = (hash: string, password: string): Promise<boolean> => capped(() => argon2.verify(hash, password).catch(() => false));

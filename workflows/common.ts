/**
 * What every workflow of the Regulation (a request, a memo, a repair work, a consultation, a session)
 * does alike: copies of its card for answers, refusals as Update failures, one step at a time, and an
 * action Update whose validator refuses before anything is recorded and which is checked again when
 * it runs. Workflow code: deterministic, no I/O.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { Refusal } from '../domain/lifecycle.ts';

/** A copy of the card for a query or an Update's answer, so no caller holds the workflow's own state. */
export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** A refusal as an Update's failure; the gateway decodes it (domain/lifecycle.ts decodeRefusal): type = kind, details[0] = details. */
export function refusalFailure(r: Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: r.kind, message: r.message, details: r.details ? [r.details] : [], nonRetryable: true });
}

export const failureOf = (r: Refusal | ApplicationFailure): ApplicationFailure => (r instanceof ApplicationFailure ? r : refusalFailure(r));

/** Steps (Updates, timers) that each read and change the card run one at a time. */
export interface OneAtATime {
  run: <T>(fn: () => Promise<T>) => Promise<T>;
  /** A step is running (a continue-as-new waits until none is). */
  readonly busy: boolean;
}

export function oneAtATime(): OneAtATime {
  let busy = false;
  return {
    run: async <T>(fn: () => Promise<T>): Promise<T> => {
      // Several waiters may wake on the same release; whoever runs first takes the lock, the rest wait again.
      while (busy) await condition(() => !busy);
      busy = true;
      try {
        return await fn();
      } finally {
        busy = false;
      }
    },
    get busy() {
      return busy;
    },
  };
}

/**
 * An action's Update: its validator refuses before anything is in the history, and the action is
 * checked again when its turn comes (another may have run first: of two managers deciding at once,
 * the second finds it decided).
 */
export function setActionUpdate<Arg, R>(
  update: UpdateDefinition<R, [Arg]>,
  refusalOf: (arg: Arg) => Refusal | ApplicationFailure | undefined,
  lock: OneAtATime,
  run: (arg: Arg) => Promise<R>,
): void {
  const check = (arg: Arg): void => {
    const refusal = refusalOf(arg);
    if (refusal) throw failureOf(refusal);
  };
  setHandler(
    update,
    (arg: Arg) =>
      lock.run(async () => {
        check(arg);
        return run(arg);
      }),
    { validator: check },
  );
}

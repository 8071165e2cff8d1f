import { type CollectorClock, DeadlineExceededError } from "../ports/index.ts";

/** The wall clock, for production. */
export const systemClock: CollectorClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  deadline: (at) => deadlineAfter(at, at - Date.now()),
};

/**
 * A clock that runs `speed` times faster than the wall clock from `now()`'s reading: the
 * simulator's, for a collector in the local stack or following a simulator from another process.
 */
export function scaledClock(now: () => number, speed: number): CollectorClock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be positive, got ${speed}`);
  return {
    now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / speed)),
    deadline: (at) => deadlineAfter(at, (at - now()) / speed),
  };
}

/** A clock that moves only when someone moves it: {@link SteppedClock}. */
export interface SteppedClock extends CollectorClock {
  /** Aborts every deadline signal whose time has come; call it after moving time from outside. */
  fireDeadlines(): void;
}

/**
 * A clock on simulated time that only moves when told: `sleep` moves it by `advance` (a
 * simulator's clock, a test's), and deadlines fire whenever the clock is read or moved, or on
 * {@link SteppedClock.fireDeadlines}. A stalled request under such a clock ends when the test
 * moves time past its deadline, never by waiting.
 */
export function steppedClock(now: () => number, advance: (ms: number) => unknown): SteppedClock {
  const pending = new Set<{ at: number; controller: AbortController }>();
  const fire = (time: number) => {
    for (const entry of pending) {
      if (time < entry.at) continue;
      pending.delete(entry);
      entry.controller.abort(new DeadlineExceededError(entry.at));
    }
  };
  const read = () => {
    const time = now();
    fire(time);
    return time;
  };
  return {
    now: read,
    async sleep(ms) {
      await advance(ms);
      read();
    },
    deadline(at) {
      const controller = new AbortController();
      pending.add({ at, controller });
      read();
      return controller.signal;
    },
    fireDeadlines: () => {
      read();
    },
  };
}

function deadlineAfter(at: number, wallMs: number): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort(new DeadlineExceededError(at));
  if (wallMs <= 0) abort();
  // Unref'd: a deadline nobody waits for any more must not keep the process alive.
  else setTimeout(abort, wallMs).unref();
  return controller.signal;
}

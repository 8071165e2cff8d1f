/**
 * Optimistic concurrency for a workshop's config: read it with its version, change it, write it
 * only if the version is still the one read, and start over when another writer got there first.
 * Used by every store that implements {@link ApiStore.updateWorkshop}.
 */

/** A record as stored, with the version its next conditional write must name. */
export interface Versioned<T> {
  value: T;
  /** 0 for a record written before versions existed. */
  version: number;
}

/** What {@link ApiStore.updateWorkshop} does to the workshop it read: the whole new config, pure and quick. */
export type WorkshopMutation<T> = (current: T) => T;

/** Every attempt of an optimistic update met another writer's change: nothing was written. */
export class WorkshopUpdateConflictError extends Error {
  readonly attempts: number;

  constructor(what: string, attempts: number) {
    super(`${what} kept changing under ${attempts} attempts to update it; nothing was changed: try again`);
    this.name = "WorkshopUpdateConflictError";
    this.attempts = attempts;
  }
}

/** Attempts before giving up: enough for a class of participants joining in the same second. */
export const MAX_UPDATE_ATTEMPTS = 8;

export interface OptimisticUpdate<T> {
  /** Names the record in errors, e.g. `workshop "reinvent"`. */
  what: string;
  /** A strongly consistent read; `undefined` when the record does not exist. */
  read(): Promise<Versioned<T> | undefined>;
  /** Writes `next` as version `expected + 1` if the stored version is still `expected`; false if it is not. */
  write(next: T, expected: number): Promise<boolean>;
  mutate: WorkshopMutation<T>;
  /** The error for a record that does not exist (the caller's not-found error). */
  notFound(): Error;
  /** Waits before attempt `attempt` (from 2): jittered backoff spreads writers that collided. */
  backOff(attempt: number): Promise<void>;
  maxAttempts?: number;
}

/**
 * Reads, mutates and conditionally writes until a write lands. A mutation that returns the very
 * object it was given changes nothing and writes nothing. An error thrown by `mutate` (a rule
 * the change breaks) ends the update with nothing written.
 *
 * @returns the record as written (or as read, when unchanged)
 * @throws the `notFound()` error when the record does not exist, {@link WorkshopUpdateConflictError}
 *   after `maxAttempts` lost races
 */
export async function updateOptimistically<T>(update: OptimisticUpdate<T>): Promise<T> {
  const maxAttempts = update.maxAttempts ?? MAX_UPDATE_ATTEMPTS;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await update.backOff(attempt);
    const current = await update.read();
    if (!current) throw update.notFound();
    const next = update.mutate(current.value);
    if (next === current.value) return next;
    if (await update.write(next, current.version)) return next;
  }
  throw new WorkshopUpdateConflictError(update.what, maxAttempts);
}

/** Full-jitter exponential backoff: a random wait up to `baseMs · 2^(attempt − 2)`, capped at `capMs`. */
export function jitteredBackoffMs(attempt: number, random: () => number, baseMs = 20, capMs = 1_000): number {
  return random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 2));
}

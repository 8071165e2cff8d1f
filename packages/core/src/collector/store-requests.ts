import type { SweepContext } from "./sweep-context.ts";

/** Errors of this code about one request's data: the store was never asked, or it answered. */
const OWN_ERRORS = new Set(["ConcurrentUpdateError", "ItemTooLargeError", "RangeError", "TypeError"]);

/**
 * Whether a failed request says the store cannot be counted on for the rest of the sweep: it did
 * not answer at all (a timeout, a refused or reset connection: no HTTP status). An answer, even
 * an error after the retries (a failed condition, throttling, a 500), costs only that request.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const name = (error as Error | undefined)?.name ?? "";
  if (OWN_ERRORS.has(name)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return status === undefined;
}

/** Thrown instead of a request once the store showed it is unavailable in this sweep. */
export class StoreUnavailableError extends Error {
  constructor(reason: string) {
    super(`store unavailable (${reason})`);
    this.name = "StoreUnavailableError";
  }
}

/**
 * One store request of the sweep, bounded by the store timeout (collector clock) and `signal`
 * (a sweep deadline). A request that times out or fails for want of a store marks the store
 * unavailable for the rest of the sweep: later requests fail at once instead of stalling again.
 */
export async function storeRequest<T>(
  context: SweepContext,
  request: (signal: AbortSignal) => Promise<T>,
  signal: AbortSignal = context.deadlines.work.signal,
): Promise<T> {
  if (context.storeDown !== undefined) throw new StoreUnavailableError(context.storeDown);
  const { clock } = context;
  const timeout = clock.deadline(clock.now() + context.storeTimeoutMs);
  try {
    return await request(AbortSignal.any([signal, timeout]));
  } catch (error) {
    // The sweep's own deadline says nothing about the store; its timeout or a failure to answer does.
    if (timeout.aborted) context.storeDown ??= `no answer within ${context.storeTimeoutMs} ms`;
    else if (!signal.aborted && isStoreUnavailable(error)) context.storeDown ??= oneLine(error);
    throw error;
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\s+/g, " ").trim();
}

import type { SourceStats } from "../../ports/index.ts";

/**
 * The error names the SDK's retry strategy treats as throttling (`@smithy/core/retry`'s
 * `THROTTLING_ERROR_CODES`); ELBv2 itself answers `Throttling` (HTTP 400).
 */
const THROTTLING_ERROR_NAMES = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);

export function isThrottlingError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as {
    name?: unknown;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
  };
  return (
    e.$metadata?.httpStatusCode === 429 ||
    (typeof e.name === "string" && THROTTLING_ERROR_NAMES.has(e.name)) ||
    e.$retryable?.throttling === true
  );
}

/** The handler shape of a deserialize-step middleware, without importing `@smithy/types`. */
type Handler<I, O> = (args: I) => Promise<O>;

/**
 * Counts what the adapter cost. Attempts are counted by a middleware in the `deserialize` step,
 * which runs inside the SDK's retry loop (the retry middleware sits in `finalizeRequest`), so a
 * call throttled once and then answered counts 2; failures are counted where the call settles.
 */
export class CallStats {
  #apiCalls = 0;
  #throttled = 0;
  #failed = 0;

  /** Middleware for one command's stack: counts each attempt, and each throttled answer. */
  readonly attemptCounter = <I, O>(next: Handler<I, O>): Handler<I, O> => {
    return async (args: I): Promise<O> => {
      this.#apiCalls++;
      try {
        return await next(args);
      } catch (error) {
        if (isThrottlingError(error)) this.#throttled++;
        throw error;
      }
    };
  };

  /** A call failed after every retry. */
  recordFailure(): void {
    this.#failed++;
  }

  snapshot(): SourceStats {
    return { apiCalls: this.#apiCalls, throttled: this.#throttled, failed: this.#failed };
  }

  reset(): void {
    this.#apiCalls = 0;
    this.#throttled = 0;
    this.#failed = 0;
  }
}

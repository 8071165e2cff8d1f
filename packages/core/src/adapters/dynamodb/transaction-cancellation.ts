/** Attempts of one transaction when DynamoDB cancels it for a conflict or throttling (not for a failed condition). */
export const MAX_TRANSACTION_ATTEMPTS = 4;

/** Cancellation reasons that say "try again later", not "your condition is false". */
const TRANSIENT_CANCELLATIONS = new Set([
  "TransactionConflict",
  "ThrottlingError",
  "ProvisionedThroughputExceeded",
]);
const CONDITION_FAILED = "ConditionalCheckFailed";

/** What a cancelled NLB update transaction means for its caller. */
export type CancellationVerdict =
  /** Another writer changed the NLB item first: re-read and re-diff. */
  | { kind: "concurrentUpdate"; reason: string }
  /** These transition puts found their transition stored already: retry without them, right away. */
  | { kind: "alreadyStored"; actions: number[] }
  /** Conflict or throttling: back off and retry (without any transition found stored already). */
  | { kind: "transient"; alreadyStored: number[] }
  /** Nothing a retry could fix: rethrow DynamoDB's error. */
  | { kind: "fatal" };

/** The transaction that was cancelled. */
export interface CancelledTransaction {
  /** Reason codes, one per action in order (`None` for an action that was fine). */
  codes: readonly string[];
  /** Whether the first action is the NLB item's guarded Put/Delete (the rest are transition puts). */
  hasStateAction: boolean;
  /** The version the NLB item had to have (`undefined`: absent), for the error message. */
  expectedVersion: number | undefined;
  /** Which attempt was cancelled, from 1. */
  attempt: number;
}

/**
 * Reads DynamoDB's cancellation reasons of an NLB update transaction. A failed condition on the
 * NLB item is a concurrent update. A transition put whose condition failed while the version
 * check passed is only possible without a state action (a retried transitions-only update) or
 * when the same change is observed again: either way that transition is stored, so the rest are
 * retried without it. Conflicts and throttling are retried with backoff, up to
 * {@link MAX_TRANSACTION_ATTEMPTS} attempts; if the NLB item stays contended after that, that too
 * is a concurrent update.
 */
export function interpretCancellation(cancelled: CancelledTransaction): CancellationVerdict {
  const { codes, hasStateAction, expectedVersion, attempt } = cancelled;
  if (hasStateAction && codes[0] === CONDITION_FAILED) {
    return { kind: "concurrentUpdate", reason: `stored version is no longer ${expectedVersion ?? "absent"}` };
  }
  const firstTransition = hasStateAction ? 1 : 0;
  const alreadyStored = codes.flatMap((code, index) =>
    index >= firstTransition && code === CONDITION_FAILED ? [index] : [],
  );
  const transient = codes.some((code) => TRANSIENT_CANCELLATIONS.has(code));
  if (alreadyStored.length === 0 && !transient) return { kind: "fatal" };
  if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
    return hasStateAction && TRANSIENT_CANCELLATIONS.has(codes[0] ?? "")
      ? { kind: "concurrentUpdate", reason: `conflicting transactions (${codes.join(", ")})` }
      : { kind: "fatal" };
  }
  return transient ? { kind: "transient", alreadyStored } : { kind: "alreadyStored", actions: alreadyStored };
}

import type { NlbState } from "../model/state.ts";

/**
 * Records a failed read of an NLB. Everything else stays the last known state: a throttled or
 * failing `DescribeTargetHealth` says nothing about the targets, so nothing is deregistered and
 * no transition is made. Consecutive failures extend one error (`since` stays the first failure,
 * `at` and `message` follow the latest); the next successful {@link diffNlb} clears it.
 *
 * @throws RangeError when `at` lies before the latest sighting or the latest failure.
 *
 * @example
 * ```ts
 * const failing = markNlbError(state, "Throttling: Rate exceeded", now);
 * failing.error; // { message: "Throttling: Rate exceeded", since: now, at: now }
 * ```
 */
export function markNlbError(previous: NlbState, message: string, at: number): NlbState {
  const latest = Math.max(previous.lastSeenAt, previous.error?.at ?? previous.lastSeenAt);
  if (!Number.isFinite(at) || at < latest) {
    throw new RangeError(`Stale error for ${previous.arn}: failed at ${at}, before ${latest}`);
  }
  return { ...previous, error: { message, since: previous.error?.since ?? at, at } };
}

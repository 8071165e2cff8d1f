import { targetKey } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import { compareStrings } from "./plain.ts";

// The NLB appears before its mode is told and before its targets register; on the way out it
// disappears first and its targets follow, which is also how {@link applyTransitions} replays them.
const KIND_RANK: Record<Transition["kind"], number> = { loadBalancer: 0, mode: 1, target: 2 };

/** The target key of a target transition, `""` for NLB-level ones. */
export function transitionKey(transition: Transition): string {
  return transition.kind === "target"
    ? targetKey({ targetGroupArn: transition.targetGroupArn, ...transition.target })
    : "";
}

/**
 * The deterministic order of transitions: by `at`, then kind (`loadBalancer`, `mode`, `target`),
 * then NLB ARN (for lists spanning NLBs), then target key. No two transitions of one diff share
 * all of these, so the order of a diff's output is total.
 */
export function compareTransitions(a: Transition, b: Transition): number {
  return (
    a.at - b.at ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    compareStrings(a.loadBalancerArn, b.loadBalancerArn) ||
    compareStrings(transitionKey(a), transitionKey(b))
  );
}

/** A sorted copy (see {@link compareTransitions}). */
export function sortTransitions(transitions: readonly Transition[]): Transition[] {
  return [...transitions].sort(compareTransitions);
}

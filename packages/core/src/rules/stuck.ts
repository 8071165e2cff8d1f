import type { NlbState, TargetRecord } from "../model/state.ts";
import { isDraining } from "./states.ts";

/**
 * How long a target has been not healthy, in seconds (0 while healthy). This counts the whole
 * run of non-healthy states, e.g. `initial` then `unhealthy`; whether that makes the target
 * stuck is {@link isStuck}'s call.
 */
export function stuckSeconds(target: TargetRecord, now: number): number {
  if (target.state === "healthy" || target.notHealthySince === undefined) return 0;
  return Math.max(0, (now - target.notHealthySince) / 1000);
}

/**
 * Whether a target is stuck: not healthy for strictly longer than `thresholdSeconds`, and not
 * draining (a draining target waits out the deregistration delay, by design). Registration
 * counts: a target that never leaves `initial` is the classic stuck participant (security group
 * not open to the NLB, wrong health-check port).
 *
 * @example
 * ```ts
 * isStuck({ ...target, state: "initial", notHealthySince: 0 }, 301_000, 300); // true
 * isStuck({ ...target, state: "initial", notHealthySince: 0 }, 300_000, 300); // false: not *longer*
 * ```
 */
export function isStuck(target: TargetRecord, now: number, thresholdSeconds: number): boolean {
  if (target.state === "healthy" || isDraining(target.state)) return false;
  if (target.notHealthySince === undefined) return false;
  return now - target.notHealthySince > thresholdSeconds * 1000;
}

/** The targets of an NLB that are stuck at `now` (see {@link isStuck}), in the state's order. */
export function stuckTargets(state: NlbState, now: number, thresholdSeconds: number): TargetRecord[] {
  return state.targets.filter((target) => isStuck(target, now, thresholdSeconds));
}

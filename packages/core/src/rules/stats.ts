import { TARGET_STATES } from "../model/constants.ts";
import type { Mode } from "../model/snapshot.ts";
import type { NlbState } from "../model/state.ts";
import { isStuck } from "./stuck.ts";

export interface TimeToHealthyStats {
  count: number;
  p50?: number;
  p90?: number;
  max?: number;
}

/**
 * Nearest-rank percentile of sorted values: the smallest value with at least `p` % of the values
 * at or below it (rank ⌈p/100 · n⌉). Always one of the values, so a handful of participants
 * gives an actual participant's time rather than an interpolated one.
 */
function nearestRank(sorted: readonly number[], p: number): number | undefined {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * Summary of times to healthy, in seconds: count, p50 and p90 by nearest rank, and max. Values
 * that are not finite numbers are ignored (and not counted); with none left only `count: 0`.
 *
 * @example
 * ```ts
 * timeToHealthyStats([90, 30, 60, 120]); // { count: 4, p50: 60, p90: 120, max: 120 }
 * ```
 */
export function timeToHealthyStats(seconds: readonly number[]): TimeToHealthyStats {
  const sorted = seconds.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { count: 0 };
  return {
    count: sorted.length,
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    max: sorted[sorted.length - 1],
  };
}

export interface TargetsSummary {
  loadBalancers: number;
  targets: number;
  /** Every ELBv2 state, zero included, so a metric drops to 0 rather than going missing. */
  targetsByState: Record<string, number>;
  stuck: number;
  /** Every mode, zero included. */
  modes: Record<Mode, number>;
}

/**
 * Counts over the NLBs of a workshop: what a heartbeat, the metrics and the API summary show.
 * NLBs whose reads currently fail are counted with their last known state.
 */
export function summarizeTargets(
  states: readonly NlbState[],
  now: number,
  thresholdSeconds: number,
): TargetsSummary {
  const targetsByState: Record<string, number> = Object.fromEntries(TARGET_STATES.map((state) => [state, 0]));
  const modes: Record<Mode, number> = { instance: 0, ip: 0, mixed: 0, none: 0 };
  let targets = 0;
  let stuck = 0;
  for (const state of states) {
    modes[state.mode] += 1;
    for (const target of state.targets) {
      targets += 1;
      targetsByState[target.state] = (targetsByState[target.state] ?? 0) + 1;
      if (isStuck(target, now, thresholdSeconds)) stuck += 1;
    }
  }
  return { loadBalancers: states.length, targets, targetsByState, stuck, modes };
}

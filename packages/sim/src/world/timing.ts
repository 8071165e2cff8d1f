import { SeededRandom } from "../random.ts";
import type { TimingSpec } from "../scenario/schema.ts";
import type { TargetTiming } from "./health-check.ts";
import { drawSeconds } from "./spread.ts";

/**
 * Every duration the simulated world waits, in one place. The parts of the world ask for a
 * duration each time they start something, so spread-out timings are drawn here, per resource.
 */
export interface Timing {
  /** From CreateLoadBalancer until the NLB is `active`. */
  provisioningMs(): number;
  /** From a pod's creation until its readiness probe passes. */
  podStartMs(): number;
  /** The health-check clock of one newly registered target in a group checked every `intervalSeconds`. */
  target(intervalSeconds: number): TargetTiming;
  /** From a target-type switch until the controller deletes the replaced target group. */
  reconcileMs(): number;
}

/**
 * The scenario's durations. Spread ones are drawn from their own seeded sequence, so pinning or
 * spreading a timing never changes the world's names, IDs and addresses.
 */
export function scenarioTiming(spec: TimingSpec, seed = 1): Timing {
  const random = new SeededRandom(seed ^ 0x5eed7153);
  return {
    provisioningMs: () => spec.provisioningSeconds * 1000,
    podStartMs: () => spec.podStartSeconds * 1000,
    target: (intervalSeconds) => {
      const registrationDelaySeconds =
        Math.round(drawSeconds(spec.registrationDelaySeconds, random) * 1000) / 1000;
      // The NLB's checkers run on their own schedule: the first check lands anywhere in the
      // interval after registration completes (never at its very start, a whole-ms draw).
      const firstCheckSeconds =
        spec.healthCheckPhase === "aligned"
          ? intervalSeconds
          : Math.max(1, Math.ceil(random.next() * intervalSeconds * 1000)) / 1000;
      return {
        registrationDelaySeconds,
        firstCheckSeconds,
        deregistrationDelaySeconds: spec.deregistrationDelaySeconds,
      };
    },
    reconcileMs: () => spec.reconcileSeconds * 1000,
  };
}

import type { TimingSpec } from "../scenario/schema.ts";
import type { TargetTiming } from "./health-check.ts";

/**
 * Every duration the simulated world waits, in one place. The parts of the world ask for a
 * duration each time they start something, so a timing that varies (a spread of registration
 * delays, say) can be injected here without touching them.
 */
export interface Timing {
  /** From CreateLoadBalancer until the NLB is `active`. */
  provisioningMs(): number;
  /** From a pod's creation until its readiness probe passes. */
  podStartMs(): number;
  /** The health-check clock of one newly registered target. */
  target(): TargetTiming;
  /** From a target-type switch until the controller deletes the replaced target group. */
  replacedGroupDeletionMs(): number;
}

/** The scenario's fixed durations, the same for every resource. */
export function scenarioTiming(spec: TimingSpec): Timing {
  return {
    provisioningMs: () => spec.provisioningSeconds * 1000,
    podStartMs: () => spec.podStartSeconds * 1000,
    target: () => spec,
    replacedGroupDeletionMs: () => spec.deregistrationDelaySeconds * 1000,
  };
}

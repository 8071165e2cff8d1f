import type { TargetState } from "../model/snapshot.ts";

/**
 * States a target passes through on its own within seconds to minutes (registration, health
 * checking, deregistration delay). While a target is in one, a once-a-minute schedule is too
 * coarse to time its transition, so the collector burst-samples.
 */
export const TRANSITIONAL_STATES: readonly TargetState[] = Object.freeze([
  "initial",
  "draining",
  "unhealthy.draining",
]);

/** Whether a state is one of {@link TRANSITIONAL_STATES}. */
export function isTransitional(state: TargetState): boolean {
  return TRANSITIONAL_STATES.includes(state);
}

/**
 * Draining targets are on their way out: ELBv2 is waiting for the deregistration delay, not
 * for health checks, so they are never "stuck".
 */
export function isDraining(state: TargetState): boolean {
  return state === "draining" || state === "unhealthy.draining";
}

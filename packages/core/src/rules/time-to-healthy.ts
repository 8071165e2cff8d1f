import type { TimeToHealthyBounds } from "../model/state.ts";

/** A target's registration and first healthy sighting, each as its window (epoch ms). */
export interface HealthyTiming {
  /** `sentAt` of the latest read without the target; unknown for a target in an NLB never read before. */
  registeredAfter?: number;
  /** First read with the target (`receivedAt`). */
  registeredAt: number;
  /** Last read that saw it not healthy (`sentAt`). */
  healthyAfter: number;
  /** First read that saw it healthy (`receivedAt`). */
  healthyAt: number;
}

/**
 * Time to healthy as targetwatch reports it: first seen registered → first seen healthy (both
 * `receivedAt`), in seconds, with the bounds that hold whatever the sampling: the true
 * registration lies in [registeredAfter, registeredAt] and the true healthy instant in
 * [healthyAfter, healthyAt], so the true time to healthy lies in
 * [healthyAfter − registeredAt (at least 0), healthyAt − registeredAfter].
 *
 * @example
 * ```ts
 * timeToHealthy({ registeredAfter: 0, registeredAt: 2_000, healthyAfter: 90_000, healthyAt: 95_000 });
 * // { seconds: 93, bounds: { min: 88, max: 95 } }
 * ```
 */
export function timeToHealthy(timing: HealthyTiming): { seconds: number; bounds: TimeToHealthyBounds } {
  const { registeredAfter, registeredAt, healthyAfter, healthyAt } = timing;
  const min = Math.max(0, (healthyAfter - registeredAt) / 1000);
  return {
    seconds: (healthyAt - registeredAt) / 1000,
    bounds: registeredAfter === undefined ? { min } : { min, max: (healthyAt - registeredAfter) / 1000 },
  };
}

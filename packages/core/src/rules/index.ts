// The pure rules of targetwatch: plain data and times in, plain data out. No I/O, no clock.

export { needsBurst, snapshotFromState, transitionalTargetGroups, withSampledTargets } from "./burst.ts";
export { type DiffInput, type DiffResult, diffNlb } from "./diff.ts";
export { markNlbError } from "./error.ts";
export { crossesGap, type GapPolicy } from "./gap.ts";
export { modeOf } from "./mode.ts";
export { compareTransitions, sortTransitions } from "./order.ts";
export { instant, isOlderThan, nlbId, readInterval, readsOf, stateReceivedAt } from "./reads.ts";
export { type NlbIdentity, regionsToWatch, selectsNlb, workshopRegions } from "./selector.ts";
export { isDraining, isTransitional, TRANSITIONAL_STATES } from "./states.ts";
export {
  summarizeTargets,
  type TargetsSummary,
  type TimeToHealthyStats,
  timeToHealthyStats,
} from "./stats.ts";
export { isStuck, stuckSeconds, stuckTargets } from "./stuck.ts";
export { type HealthyTiming, timeToHealthy } from "./time-to-healthy.ts";
export { applyTransitions, type NlbView, viewOf } from "./view.ts";

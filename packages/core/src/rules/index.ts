// The pure rules of targetwatch: plain data and times in, plain data out. No I/O, no clock.

export { needsBurst, snapshotFromState, transitionalTargetGroups, withSampledTargets } from "./burst.ts";
export { type DiffInput, type DiffResult, diffNlb } from "./diff.ts";
export { markNlbError } from "./error.ts";
export { modeOf } from "./mode.ts";
export { compareTransitions, sortTransitions } from "./order.ts";
export { type NlbIdentity, regionsToWatch, selectsNlb, workshopRegions } from "./selector.ts";
export { isDraining, isTransitional, TRANSITIONAL_STATES } from "./states.ts";
export {
  summarizeTargets,
  type TargetsSummary,
  type TimeToHealthyStats,
  timeToHealthyStats,
} from "./stats.ts";
export { isStuck, stuckSeconds, stuckTargets } from "./stuck.ts";
export { applyTransitions, type NlbView, viewOf } from "./view.ts";

import type { Stage, WorkshopGoal } from "../model/progress.ts";
import type { NlbState, TargetRecord } from "../model/state.ts";
import { stageOf, targetTypeOfId } from "./stage.ts";
import { isDraining } from "./states.ts";

const latest = (times: readonly number[]): number => Math.max(...times);
// The stage guarantees the lists it is used on are not empty.
const earliest = (times: readonly number[]): number => Math.min(...times);

/**
 * Since when an NLB has been in its current stage (epoch ms), `undefined` for no NLB. Derived
 * from the state alone, as the time since which every condition of the stage has held without
 * a break, as far as the targets still registered show it:
 *
 * - `instance`: since the mode (`modeSince`);
 * - `switching`: since the mode, or since the last ip target left `healthy`;
 * - `ipHealthy`: since the mode, or the latest change of an ip target (one turning healthy ends
 *   a scale-out; one draining may take the class below the goal);
 * - `scaledOut`: since the mode, the first healthy ip target and the first waiting one;
 * - `done`: since the mode and the goal's n-th healthy target of its type.
 *
 * A deregistered target leaves no trace in the state, so a stage entered by a deregistration
 * (a scale-in) dates from before it; otherwise the stage was entered at or before this time,
 * never after it. The class's replayed transitions ({@link stageTimeline}) are exact.
 *
 * @example
 * ```ts
 * stageSince(switchedAtNineOClock, DEFAULT_WORKSHOP_GOAL); // modeSince of the switch to ip
 * ```
 */
export function stageSince(state: NlbState | undefined, goal: WorkshopGoal): number | undefined {
  if (!state) return undefined;
  const stage: Stage = stageOf(state, goal);
  const types = new Map(state.targetGroups.map((group) => [group.arn, group.targetType]));
  const ofType = (type: string) =>
    state.targets.filter((t) => (types.get(t.targetGroupArn) ?? targetTypeOfId(t.id)) === type);
  const ip = ofType("ip");
  const healthySince = (targets: readonly TargetRecord[]) =>
    targets.filter((t) => t.state === "healthy").map((t) => t.since);

  switch (stage) {
    case "noNlb":
      return undefined;
    case "instance":
      return state.modeSince;
    case "switching":
      // Left healthy: the start of the current run of non-healthy states of a once-healthy target.
      return latest([
        state.modeSince,
        ...ip.filter((t) => t.healthyAt !== undefined).map((t) => t.notHealthySince ?? t.since),
      ]);
    case "ipHealthy":
      return latest([state.modeSince, ...ip.map((t) => t.since)]);
    case "scaledOut": {
      const waiting = ip.filter((t) => t.state !== "healthy" && !isDraining(t.state)).map((t) => t.since);
      return latest([state.modeSince, earliest(healthySince(ip)), earliest(waiting)]);
    }
    case "done": {
      const healthy = healthySince(ofType(goal.mode)).sort((a, b) => a - b);
      return latest([state.modeSince, healthy[goal.healthyTargets - 1] ?? state.modeSince]);
    }
  }
}

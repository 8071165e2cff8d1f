import { STAGES, type Stage, type StageCounts, type WorkshopGoal } from "../model/progress.ts";
import type { Mode, TargetState } from "../model/snapshot.ts";
import type { NlbState } from "../model/state.ts";
import { isDraining } from "./states.ts";

/** A target as the stage rule sees it: its type (`instance`, `ip`, …) and state. */
export interface StageTarget {
  type: string;
  state: TargetState;
}

/** What the stage rule needs of an NLB: its mode and its targets' types and states. */
export interface StageInput {
  mode: Mode;
  targets: readonly StageTarget[];
}

const RANK: Readonly<Record<Stage, number>> = Object.freeze(
  Object.fromEntries(STAGES.map((stage, index) => [stage, index])) as Record<Stage, number>,
);

/** Orders stages by progress: negative when `a` comes before `b` in the module. */
export function compareStages(a: Stage, b: Stage): number {
  return RANK[a] - RANK[b];
}

/** Every stage with a count of 0: the start of a tally. */
export function emptyStageCounts(): StageCounts {
  return Object.fromEntries(STAGES.map((stage) => [stage, 0])) as StageCounts;
}

/**
 * The target type a target id implies, for targets whose target group is no longer known (a
 * replay of transitions): ELBv2 takes instance ids for `instance` targets, IP addresses for
 * `ip`, and ARNs for `lambda` and `alb` targets.
 *
 * @example
 * ```ts
 * targetTypeOfId("i-0a1b2c3d4e5f60001"); // "instance"
 * targetTypeOfId("10.42.1.27");          // "ip"
 * ```
 */
export function targetTypeOfId(id: string): string {
  if (/^i-[0-9a-f]+$/.test(id)) return "instance";
  if (id.startsWith("arn:")) return id.includes(":function:") ? "lambda" : "alb";
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(id) || id.includes(":")) return "ip";
  return "unknown";
}

/** Whether a target is waiting to become healthy: registered, not healthy, not on its way out. */
function isWaiting(state: TargetState): boolean {
  return state !== "healthy" && !isDraining(state);
}

/** Whether the goal is met: the goal's mode, with enough healthy targets of that type. */
export function meetsGoal(input: StageInput, goal: WorkshopGoal): boolean {
  if (input.mode !== goal.mode) return false;
  const healthy = input.targets.filter((t) => t.type === goal.mode && t.state === "healthy").length;
  return healthy >= goal.healthyTargets;
}

/**
 * The stage of an NLB from its mode and targets (`undefined`: no NLB). The goal is checked
 * first, so a workshop whose goal is instance mode is done without ever switching. An NLB
 * without a target group yet (`none`) is just created, which the module does in instance mode.
 * `mixed` is the controller's switch under way: it counts its ip targets like `ip` but is never
 * done, because the goal names one mode.
 *
 * @example
 * ```ts
 * stageOfTargets({ mode: "ip", targets: [{ type: "ip", state: "initial" }] }, DEFAULT_WORKSHOP_GOAL); // "switching"
 * ```
 */
export function stageOfTargets(input: StageInput | undefined, goal: WorkshopGoal): Stage {
  if (!input) return "noNlb";
  if (meetsGoal(input, goal)) return "done";
  if (input.mode === "instance" || input.mode === "none") return "instance";
  const ip = input.targets.filter((t) => t.type === "ip");
  if (!ip.some((t) => t.state === "healthy")) return "switching";
  return ip.some((t) => isWaiting(t.state)) ? "scaledOut" : "ipHealthy";
}

/** The stage rule's view of a persisted NLB: each target typed by its target group. */
export function stageInputOf(state: NlbState): StageInput {
  const types = new Map(state.targetGroups.map((group) => [group.arn, group.targetType]));
  return {
    mode: state.mode,
    targets: state.targets.map((t) => ({
      type: types.get(t.targetGroupArn) ?? targetTypeOfId(t.id),
      state: t.state,
    })),
  };
}

/**
 * The stage of a persisted NLB in the workshop module (see {@link STAGES}); `noNlb` for
 * `undefined`. NLBs whose reads currently fail are placed by their last known state.
 *
 * @example
 * ```ts
 * stageOf(undefined, DEFAULT_WORKSHOP_GOAL); // "noNlb"
 * stageOf(ipModeWithThreeHealthyPods, DEFAULT_WORKSHOP_GOAL); // "done"
 * ```
 */
export function stageOf(state: NlbState | undefined, goal: WorkshopGoal): Stage {
  return stageOfTargets(state && stageInputOf(state), goal);
}

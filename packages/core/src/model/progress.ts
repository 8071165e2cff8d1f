/**
 * A participant's progress through the workshop module, as stages, and the goal that ends it.
 * Types and constants only; the rules that place an NLB in a stage live in rules/stage.ts.
 */

/**
 * The stages of the EKS Workshop NLB module, in the order a participant passes them:
 *
 * - `noNlb`: no NLB of the participant selected yet;
 * - `instance`: the NLB is in instance mode (node targets registering or healthy);
 * - `switching`: switched to ip (or mid-switch, `mixed`), no ip target healthy yet;
 * - `ipHealthy`: at least one ip target healthy, none waiting, fewer than the goal;
 * - `scaledOut`: at least one ip target healthy and more waiting (after a scale-out);
 * - `done`: the workshop's goal is met.
 */
export const STAGES = Object.freeze([
  "noNlb",
  "instance",
  "switching",
  "ipHealthy",
  "scaledOut",
  "done",
] as const);
export type Stage = (typeof STAGES)[number];

/** A count per stage, every stage present (zeros included). */
export type StageCounts = Record<Stage, number>;

/**
 * When a participant is done: their NLB is in `mode` with at least `healthyTargets` healthy
 * targets of that type. Part of a workshop's configuration, so a workshop for another module can
 * set its own.
 */
export interface WorkshopGoal {
  mode: "instance" | "ip";
  healthyTargets: number;
}

/** The seed module's end state: IP mode, the `ui` deployment scaled to 3 healthy pods. */
export const DEFAULT_WORKSHOP_GOAL: Readonly<WorkshopGoal> = Object.freeze({ mode: "ip", healthyTargets: 3 });

import type { Stage, WorkshopGoal } from "../model/progress.ts";
import type { NlbState } from "../model/state.ts";
import { compareStrings } from "./plain.ts";
import { compareStages, stageOf } from "./stage.ts";
import { stageSince } from "./stage-since.ts";

/** Where a participant is in the module, and which of their NLBs puts them there. */
export interface ParticipantStage<T extends NlbState = NlbState> {
  stage: Stage;
  /** Since when (epoch ms); undefined with no NLB. */
  since?: number;
  /** Their most advanced NLB; undefined when they have none. */
  loadBalancer?: T;
}

/**
 * A participant's stage: that of their most advanced NLB of the workshop (a participant who
 * tried twice, or left an old NLB behind, is as far as their best attempt). Among NLBs in the
 * same stage the one that reached it first counts, then the ARN, so the choice is stable.
 *
 * @example
 * ```ts
 * participantStage([], DEFAULT_WORKSHOP_GOAL);                   // { stage: "noNlb" }
 * participantStage([oldInstanceNlb, ipNlb], DEFAULT_WORKSHOP_GOAL).loadBalancer; // ipNlb
 * ```
 */
export function participantStage<T extends NlbState>(
  states: readonly T[],
  goal: WorkshopGoal,
): ParticipantStage<T> {
  let best: Required<ParticipantStage<T>> | undefined;
  for (const state of states) {
    const candidate = {
      stage: stageOf(state, goal),
      since: stageSince(state, goal) ?? 0,
      loadBalancer: state,
    };
    if (!best || ranksAbove(candidate, best)) best = candidate;
  }
  return best ?? { stage: "noNlb" };
}

function ranksAbove(a: Required<ParticipantStage>, b: Required<ParticipantStage>): boolean {
  const order =
    compareStages(b.stage, a.stage) ||
    a.since - b.since ||
    compareStrings(a.loadBalancer.arn, b.loadBalancer.arn);
  return order < 0;
}

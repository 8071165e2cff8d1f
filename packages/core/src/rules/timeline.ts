import { STAGES, type Stage, type StageCounts, type WorkshopGoal } from "../model/progress.ts";
import type { Mode, TargetState } from "../model/snapshot.ts";
import type { Transition } from "../model/transition.ts";
import { transitionKey } from "./order.ts";
import { compareStages, emptyStageCounts, type StageInput, stageOfTargets, targetTypeOfId } from "./stage.ts";

/** The class's stage counts from one moment on: a step of the progress chart. */
export interface StagePoint {
  /** Epoch ms of the transitions that led here. */
  at: number;
  /** Participants per stage; they always add up to every participant. */
  stages: StageCounts;
}

/** An NLB as the replay knows it: enough to place it in a stage. */
export interface ReplayedNlb {
  mode: Mode;
  /** By target key: target group, id and state. */
  targets: Map<string, { targetGroupArn: string; id: string; state: TargetState }>;
}

export interface StageTimelineInput {
  /** Oldest first, in the order the diffs emitted them (reverse a newest-first page). */
  transitions: readonly Transition[];
  goal: WorkshopGoal;
  /** Participants known up front (a workshop's accounts); those met in transitions are added. */
  participants?: readonly string[];
  /** The participant an NLB belongs to; by default the account in its ARN. */
  participantOf?: (loadBalancerArn: string) => string;
  /** Target type by target group ARN where known; otherwise the target id tells it. */
  targetTypes?: ReadonlyMap<string, string>;
  /** NLBs as they were before the first transition, by ARN, when the list starts midway. */
  initial?: ReadonlyMap<string, ReplayedNlb>;
}

/** The account id in an ARN (`arn:aws:elasticloadbalancing:<region>:<account>:…`), else the ARN. */
export function accountOfArn(arn: string): string {
  return arn.split(":")[4] || arn;
}

/**
 * The class's stage counts over time, replayed from transitions: one point per distinct `at`
 * at which the counts changed, oldest first. Each participant counts once, in the stage of
 * their most advanced NLB, or `noNlb`; the counts of every point add up to all participants.
 *
 * Unlike {@link applyTransitions} the replay is lenient, because a page of history may start
 * midway or miss what expired: a transition applies whatever state it finds, and one for an NLB
 * not yet seen brings it into being (in the mode its target's type implies).
 *
 * @example
 * ```ts
 * stageTimeline({ transitions: [...page].reverse(), goal: DEFAULT_WORKSHOP_GOAL, participants: accounts });
 * // [{ at, stages: { noNlb: 29, instance: 1, … } }, …]
 * ```
 */
export function stageTimeline(input: StageTimelineInput): StagePoint[] {
  const participantOf = input.participantOf ?? accountOfArn;
  const nlbs = new Map<string, ReplayedNlb>();
  for (const [arn, nlb] of input.initial ?? [])
    nlbs.set(arn, { mode: nlb.mode, targets: new Map(nlb.targets) });

  const byParticipant = new Map<string, Set<string>>();
  const join = (participant: string) => {
    if (!byParticipant.has(participant)) byParticipant.set(participant, new Set());
    return byParticipant.get(participant) as Set<string>;
  };
  for (const participant of input.participants ?? []) join(participant);
  for (const arn of nlbs.keys()) join(participantOf(arn)).add(arn);
  for (const transition of input.transitions) join(participantOf(transition.loadBalancerArn));

  const stageOfNlb = (arn: string): Stage => {
    const nlb = nlbs.get(arn);
    return stageOfTargets(nlb && stageInput(nlb, input.targetTypes), input.goal);
  };
  const stageOfParticipant = (participant: string): Stage => {
    let best: Stage = "noNlb";
    for (const arn of byParticipant.get(participant) ?? []) {
      const stage = stageOfNlb(arn);
      if (compareStages(stage, best) > 0) best = stage;
    }
    return best;
  };

  const current = new Map([...byParticipant.keys()].map((p) => [p, stageOfParticipant(p)]));
  const counts = emptyStageCounts();
  for (const stage of current.values()) counts[stage] += 1;

  const points: StagePoint[] = [];
  const transitions = input.transitions;
  for (let i = 0; i < transitions.length; ) {
    const at = (transitions[i] as Transition).at;
    const touched = new Set<string>();
    for (; i < transitions.length && (transitions[i] as Transition).at === at; i++) {
      const transition = transitions[i] as Transition;
      replay(nlbs, transition, input.targetTypes);
      const participant = participantOf(transition.loadBalancerArn);
      const arns = join(participant);
      if (nlbs.has(transition.loadBalancerArn)) arns.add(transition.loadBalancerArn);
      else arns.delete(transition.loadBalancerArn);
      touched.add(participant);
    }
    for (const participant of touched) {
      const before = current.get(participant) as Stage;
      const after = stageOfParticipant(participant);
      counts[before] -= 1;
      counts[after] += 1;
      current.set(participant, after);
    }
    const previous = points.at(-1)?.stages;
    if (!previous || STAGES.some((stage) => previous[stage] !== counts[stage])) {
      points.push({ at, stages: { ...counts } });
    }
  }
  return points;
}

function stageInput(nlb: ReplayedNlb, targetTypes?: ReadonlyMap<string, string>): StageInput {
  return {
    mode: nlb.mode,
    targets: [...nlb.targets.values()].map((t) => ({
      type: targetTypes?.get(t.targetGroupArn) ?? targetTypeOfId(t.id),
      state: t.state,
    })),
  };
}

/** Applies one transition, trusting its `to` over whatever `from` says (see {@link stageTimeline}). */
function replay(
  nlbs: Map<string, ReplayedNlb>,
  transition: Transition,
  targetTypes?: ReadonlyMap<string, string>,
): void {
  const arn = transition.loadBalancerArn;
  switch (transition.kind) {
    case "loadBalancer":
      if (transition.to === "present") nlbs.set(arn, { mode: transition.mode ?? "none", targets: new Map() });
      else nlbs.delete(arn);
      return;
    case "mode": {
      const nlb = nlbs.get(arn);
      if (nlb) nlb.mode = transition.to;
      else nlbs.set(arn, { mode: transition.to, targets: new Map() });
      return;
    }
    case "target": {
      const key = transitionKey(transition);
      // Targets of an NLB that disappeared are deregistered after it: nothing left to update.
      if (transition.to === "deregistered") {
        nlbs.get(arn)?.targets.delete(key);
        return;
      }
      let nlb = nlbs.get(arn);
      if (!nlb) {
        // Unknown until now: the history starts midway. Its mode is likely that of its target.
        const type = targetTypes?.get(transition.targetGroupArn) ?? targetTypeOfId(transition.target.id);
        nlb = { mode: type === "ip" || type === "instance" ? type : "none", targets: new Map() };
        nlbs.set(arn, nlb);
      }
      nlb.targets.set(key, {
        targetGroupArn: transition.targetGroupArn,
        id: transition.target.id,
        state: transition.to,
      });
    }
  }
}

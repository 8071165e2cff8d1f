import type { StageCounts, WorkshopGoal } from "../model/progress.ts";
import type { NlbState } from "../model/state.ts";
import { hasParticipantAccounts, type Workshop } from "../model/workshop.ts";
import { accountStageCounts } from "./account-participants.ts";
import { participantStage } from "./participant.ts";
import { emptyStageCounts } from "./stage.ts";
import type { StagePoint } from "./timeline.ts";

/**
 * How far back the class's progress series reaches: 3 hours (a workshop module's session with
 * margin), and at most 360 points (a point a sweep, sweeps once a minute: twice what 3 hours
 * need), so the heartbeat that carries it stays a few tens of KB at most.
 */
export const PROGRESS_WINDOW_MS = 3 * 3_600_000;
export const PROGRESS_POINTS_MAX = 360;

/**
 * Who an NLB belongs to while the workshop lists no accounts: one participant per cluster, the
 * Load Balancer Controller's `elbv2.k8s.aws/cluster` tag, else per NLB name. With accounts the
 * account is the participant (`accountParticipants`): every participant's cluster is usually
 * named alike there (the workshop's templates name it).
 */
export function participantIdOf(state: Pick<NlbState, "cluster" | "name">): string {
  return state.cluster ?? state.name;
}

/** The NLB states by participant ({@link participantIdOf}), in the order met. */
export function statesByParticipant<T extends NlbState>(states: Iterable<T>): Map<string, T[]> {
  const byParticipant = new Map<string, T[]>();
  for (const state of states) {
    const id = participantIdOf(state);
    const own = byParticipant.get(id);
    if (own) own.push(state);
    else byParticipant.set(id, [state]);
  }
  return byParticipant;
}

/**
 * The class's stage counts: each participant in the stage of their most advanced NLB
 * ({@link participantStage}), as the board counts them — with accounts, every account listed
 * (one without an NLB in `noNlb`).
 */
export function classStageCounts(
  workshop: Pick<Workshop, "accounts">,
  states: readonly NlbState[],
  goal: WorkshopGoal,
): StageCounts {
  if (hasParticipantAccounts(workshop)) return accountStageCounts(workshop, states, goal);
  const counts = emptyStageCounts();
  for (const own of statesByParticipant(states).values()) counts[participantStage(own, goal).stage] += 1;
  return counts;
}

const sameCounts = (a: StageCounts, b: StageCounts) =>
  Object.keys(a).every((stage) => a[stage as keyof StageCounts] === b[stage as keyof StageCounts]);

/**
 * The class's progress series after a sweep observed `point`: the points of the last
 * {@link PROGRESS_WINDOW_MS} before it, oldest first, one where the counts changed, each stamped
 * when a sweep observed it (the change happened since the sweep before). `point` is added when
 * its counts differ from the last point kept, or when none is left; the oldest go beyond
 * {@link PROGRESS_POINTS_MAX}. Pure.
 */
export function recordProgress(series: readonly StagePoint[] | undefined, point: StagePoint): StagePoint[] {
  const kept = (series ?? []).filter((p) => p.at > point.at - PROGRESS_WINDOW_MS && p.at <= point.at);
  const last = kept.at(-1);
  if (!last || !sameCounts(last.stages, point.stages))
    kept.push({ at: point.at, stages: { ...point.stages } });
  return kept.slice(-PROGRESS_POINTS_MAX);
}

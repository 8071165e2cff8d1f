import type * as z from "zod/mini";
import type { boardSchema } from "../contracts/index.ts";
import type { WorkshopGoal } from "../model/progress.ts";
import type { NlbState, TargetRecord } from "../model/state.ts";
import { statesByParticipant } from "../rules/class-progress.ts";
import { stuckHint } from "../rules/hints.ts";
import { labelGroup } from "../rules/labels.ts";
import { participantStage } from "../rules/participant.ts";
import { compareStrings } from "../rules/plain.ts";
import { targetTypeOfId } from "../rules/stage.ts";
import { isStuck, stuckSeconds } from "../rules/stuck.ts";

/** The board ({@link boardSchema}) as the API answers it. */
export type BoardView = z.output<typeof boardSchema>;
export type BoardParticipantView = BoardView["participants"][number];
export type BoardStuckView = BoardView["stuck"][number];

const iso = (epochMs: number) => new Date(epochMs).toISOString();
const seconds = (ms: number) => Math.max(0, Math.round(ms / 100) / 10);

/** A target's type from its group, or from its id for a group no longer listed. */
function typeOf(state: NlbState): (t: TargetRecord) => string {
  const types = new Map(state.targetGroups.map((g) => [g.arn, g.targetType]));
  return (t) => types.get(t.targetGroupArn) ?? targetTypeOfId(t.id);
}

interface Context {
  now: number;
  thresholdSeconds: number;
  goal: WorkshopGoal;
}

/**
 * Every participant with their stage (their most advanced NLB's, by {@link participantStage}),
 * and every stuck target of any of their NLBs, longest first. Participants in id order.
 */
export function boardParticipants(
  states: readonly NlbState[],
  context: Context,
): { participants: BoardParticipantView[]; stuck: BoardStuckView[] } {
  const byParticipant = statesByParticipant(states);
  const participants: BoardParticipantView[] = [];
  const stuck: BoardStuckView[] = [];
  for (const [id, own] of [...byParticipant].sort(([a], [b]) => compareStrings(a, b))) {
    const mine = own.flatMap((state) => stuckOf(id, state, context));
    stuck.push(...mine);
    participants.push(participantOf(id, own, mine.length, context));
  }
  stuck.sort((a, b) => b.stuckSeconds - a.stuckSeconds || compareStrings(a.participantId, b.participantId));
  return { participants, stuck };
}

function participantOf(
  id: string,
  states: readonly NlbState[],
  stuckCount: number,
  context: Context,
): BoardParticipantView {
  const { stage, since, loadBalancer: lb } = participantStage(states, context.goal);
  const type = lb ? typeOf(lb) : () => "unknown";
  const targets = lb?.targets ?? [];
  const byState: BoardParticipantView["targetsByState"] = {};
  for (const t of targets) byState[t.state] = (byState[t.state] ?? 0) + 1;
  const latestIp = targets
    .filter((t) => type(t) === "ip" && t.timeToHealthySeconds !== undefined && t.healthyAt !== undefined)
    .sort((a, b) => (b.healthyAt as number) - (a.healthyAt as number))[0];
  return {
    id,
    accountId: null,
    label: null,
    group: labelGroup(null) ?? null,
    accountStatus: null,
    cluster: lb?.cluster ?? null,
    service: lb?.service ?? null,
    loadBalancer: lb ? { name: lb.name, region: lb.region } : null,
    mode: lb?.mode ?? "none",
    stage,
    stageSince: since === undefined ? null : iso(since),
    stageSeconds: since === undefined ? null : seconds(context.now - since),
    targets: targets.map((t) => ({
      id: t.id,
      port: t.port,
      type: type(t),
      state: t.state,
      reason: t.reason ?? null,
      stuck: isStuck(t, context.now, context.thresholdSeconds),
      notHealthySeconds: t.state === "healthy" ? null : seconds(stuckSeconds(t, context.now) * 1000),
      timeToHealthySeconds: t.timeToHealthySeconds ?? null,
    })),
    targetsByState: byState,
    stuck: stuckCount,
    timeToHealthySeconds: latestIp?.timeToHealthySeconds ?? null,
    lastError: lb?.error?.message ?? null,
  };
}

function stuckOf(participantId: string, state: NlbState, context: Context): BoardStuckView[] {
  const type = typeOf(state);
  return state.targets
    .filter((t) => isStuck(t, context.now, context.thresholdSeconds))
    .map((t) => {
      const notHealthySeconds = stuckSeconds(t, context.now);
      return {
        participantId,
        accountId: null,
        label: null,
        cluster: state.cluster ?? null,
        loadBalancer: state.name,
        targetId: t.id,
        port: t.port,
        targetType: type(t),
        state: t.state,
        reason: t.reason ?? null,
        description: t.description ?? null,
        since: iso(t.notHealthySince ?? t.since),
        stuckSeconds: seconds(notHealthySeconds * 1000),
        hint: stuckHint({
          targetType: type(t),
          state: t.state,
          reason: t.reason ?? null,
          port: t.port,
          notHealthySeconds,
        }),
      };
    });
}

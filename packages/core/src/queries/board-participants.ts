import type * as z from "zod/mini";
import type { boardSchema } from "../contracts/index.ts";
import type { WorkshopGoal } from "../model/progress.ts";
import type { AccountStatus } from "../model/scope.ts";
import type { NlbState, TargetRecord } from "../model/state.ts";
import { hasParticipantAccounts, type Workshop } from "../model/workshop.ts";
import { accountParticipants } from "../rules/account-participants.ts";
import { participantIdOf } from "../rules/class-progress.ts";
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

/** Who a participant is: the key, and with accounts the account, its label and how reading it goes. */
interface Who {
  id: string;
  accountId: string | null;
  label: string | null;
  accountStatus: AccountStatus["status"] | null;
}

/** A target's type from its group, or from its id for a group no longer listed. */
function typeOf(state: NlbState): (t: TargetRecord) => string {
  const types = new Map(state.targetGroups.map((g) => [g.arn, g.targetType]));
  return (t) => types.get(t.targetGroupArn) ?? targetTypeOfId(t.id);
}

interface Context {
  now: number;
  thresholdSeconds: number;
  goal: WorkshopGoal;
  /** Its accounts, when it lists some, are its participants. */
  workshop?: Pick<Workshop, "accounts">;
  /** The latest sweep's account statuses (pending before any). */
  accounts?: Record<string, AccountStatus>;
}

/** Each participant with their NLBs: the workshop's accounts when it lists some, else by {@link participantIdOf}. */
function participantsOf(states: readonly NlbState[], context: Context): [Who, NlbState[]][] {
  if (context.workshop && hasParticipantAccounts(context.workshop)) {
    return accountParticipants(context.workshop, states).map((p) => [
      {
        id: p.accountId,
        accountId: p.accountId,
        label: p.label,
        accountStatus: context.accounts?.[p.accountId]?.status ?? "pending",
      },
      p.states,
    ]);
  }
  const byParticipant = new Map<string, NlbState[]>();
  for (const state of states) {
    const id = participantIdOf(state);
    byParticipant.set(id, [...(byParticipant.get(id) ?? []), state]);
  }
  return [...byParticipant].map(([id, own]) => [
    { id, accountId: null, label: null, accountStatus: null },
    own,
  ]);
}

/**
 * Every participant with their stage (their most advanced NLB's, by {@link participantStage}),
 * and every stuck target of any of their NLBs, longest first. Participants in id order.
 */
export function boardParticipants(
  states: readonly NlbState[],
  context: Context,
): { participants: BoardParticipantView[]; stuck: BoardStuckView[] } {
  const participants: BoardParticipantView[] = [];
  const stuck: BoardStuckView[] = [];
  for (const [who, own] of participantsOf(states, context).sort(([a], [b]) => compareStrings(a.id, b.id))) {
    const mine = own.flatMap((state) => stuckOf(who, state, context));
    stuck.push(...mine);
    participants.push(participantOf(who, own, mine.length, context));
  }
  stuck.sort((a, b) => b.stuckSeconds - a.stuckSeconds || compareStrings(a.participantId, b.participantId));
  return { participants, stuck };
}

function participantOf(
  who: Who,
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
    id: who.id,
    accountId: who.accountId,
    label: who.label,
    group: labelGroup(who.label) ?? null,
    accountStatus: who.accountStatus,
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

function stuckOf(who: Who, state: NlbState, context: Context): BoardStuckView[] {
  const type = typeOf(state);
  return state.targets
    .filter((t) => isStuck(t, context.now, context.thresholdSeconds))
    .map((t) => {
      const notHealthySeconds = stuckSeconds(t, context.now);
      return {
        participantId: who.id,
        accountId: who.accountId,
        label: who.label,
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

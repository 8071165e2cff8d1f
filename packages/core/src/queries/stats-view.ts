import { DEFAULT_WORKSHOP_GOAL, type WorkshopGoal } from "../model/progress.ts";
import type { Mode } from "../model/snapshot.ts";
import { type NlbState, targetKey } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import { hasParticipantAccounts, type Workshop } from "../model/workshop.ts";
import { accountStageCounts, type LabelOf, labelsOf } from "../rules/account-participants.ts";
import { participantIdOf } from "../rules/class-progress.ts";
import { participantStage } from "../rules/participant.ts";
import { emptyStageCounts, targetTypeOfId } from "../rules/stage.ts";
import { timeToHealthyStats } from "../rules/stats.ts";
import { isStuck, stuckSeconds } from "../rules/stuck.ts";
import { iso, type StatsView, seconds, targetGroupNameOf } from "./views.ts";

/** One stuck target as `/stats` names it: who (participant, NLB), what (target, state, AWS's reason), since when. */
export type StuckTargetView = StatsView["stuckTargets"][number];

/**
 * The account of an ELBv2 ARN (`arn:<partition>:elasticloadbalancing:<region>:<account>:…`),
 * `null` for anything else.
 *
 * @example
 * ```ts
 * accountIdOfArn("arn:aws:elasticloadbalancing:us-west-2:210000000007:loadbalancer/net/n/1"); // "210000000007"
 * ```
 */
export function accountIdOfArn(arn: string): string | null {
  return /^arn:[^:]+:elasticloadbalancing:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? null;
}

/** The stuck targets of the NLBs at `now`, longest stuck first, each with its participant's label. */
export function stuckTargetViews(
  states: readonly NlbState[],
  now: number,
  thresholdSeconds: number,
  labelOf: LabelOf = () => null,
): StuckTargetView[] {
  const stuck: StuckTargetView[] = [];
  for (const state of states) {
    const groups = new Map(state.targetGroups.map((g) => [g.arn, g.name]));
    for (const t of state.targets) {
      if (!isStuck(t, now, thresholdSeconds)) continue;
      const accountId = accountIdOfArn(state.arn);
      stuck.push({
        cluster: state.cluster ?? null,
        accountId,
        label: accountId === null ? null : labelOf(accountId),
        region: state.region,
        loadBalancer: state.name,
        service: state.service ?? null,
        targetGroup: groups.get(t.targetGroupArn) ?? targetGroupNameOf(t.targetGroupArn),
        id: t.id,
        port: t.port,
        state: t.state,
        reason: t.reason ?? null,
        description: t.description ?? null,
        // isStuck holds only with notHealthySince set.
        since: iso(t.notHealthySince ?? t.since),
        notHealthySeconds: seconds(stuckSeconds(t, now) * 1000),
      });
    }
  }
  return stuck.sort((a, b) => b.notHealthySeconds - a.notHealthySeconds);
}

/** Which targets `/stats` counts: every one seen in the retention window, or the current ones. */
export type StatsScope = StatsView["scope"];

/** What `/stats` is computed from: the current NLBs, and for the window the transitions since its start. */
export interface StatsInput {
  workshopId: string;
  /** Its accounts: the participants counted by stage, and their labels. None: participants by cluster. */
  workshop?: Pick<Workshop, "accounts">;
  /** Who counts as a participant; by default accounts when the workshop lists some, else clusters. */
  participantsBy?: StatsView["participants"]["by"];
  /** What a participant is done at; the seed module's goal by default. */
  goal?: WorkshopGoal;
  states: readonly NlbState[];
  now: number;
  thresholdSeconds: number;
  /** With `scope: "window"`: the workshop's transitions (any order; those before `windowStart` are left out). */
  window?: { start: number; transitions: readonly Transition[] };
}

/**
 * Time to healthy per target type, stuck targets and mode counts. NLBs and stuck targets are the
 * current ones. Time to healthy is that of the current targets, and with a window also of every
 * target that turned healthy in it, those that have left since included (the instance targets
 * once the class has switched to ip): a target counts once, by its first healthy transition
 * (keyed by target and time, which its record's `healthyAt` repeats).
 */
export function statsView(input: StatsInput): StatsView {
  const { states, now } = input;
  const modes: Record<Mode, number> = { instance: 0, ip: 0, mixed: 0, none: 0 };
  const types = new Map<string, string>();
  const seen = new Set<string>();
  const samples = new Map<string, { type: string; seconds: number }>();
  let targets = 0;
  for (const state of states) {
    modes[state.mode]++;
    for (const g of state.targetGroups) types.set(g.arn, g.targetType);
  }
  const typeOf = (t: { targetGroupArn: string; id: string }) =>
    types.get(t.targetGroupArn) ?? targetTypeOfId(t.id);
  for (const state of states) {
    for (const t of state.targets) {
      targets++;
      seen.add(targetKey(t));
      if (t.timeToHealthySeconds !== undefined && t.healthyAt !== undefined) {
        samples.set(`${targetKey(t)}|${t.healthyAt}`, { type: typeOf(t), seconds: t.timeToHealthySeconds });
      }
    }
  }
  for (const tr of input.window?.transitions ?? []) {
    if (tr.kind !== "target" || tr.at < (input.window?.start ?? 0)) continue;
    const key = targetKey({ targetGroupArn: tr.targetGroupArn, ...tr.target });
    seen.add(key);
    if (tr.to === "healthy" && tr.timeToHealthySeconds !== undefined) {
      const target = { targetGroupArn: tr.targetGroupArn, id: tr.target.id };
      samples.set(`${key}|${tr.at}`, { type: typeOf(target), seconds: tr.timeToHealthySeconds });
    }
  }
  const durations = new Map<string, number[]>([
    ["instance", []],
    ["ip", []],
  ]);
  for (const { type, seconds: value } of samples.values()) {
    (durations.get(type) ?? durations.set(type, []).get(type))?.push(value);
  }
  return {
    workshopId: input.workshopId,
    generatedAt: iso(now),
    scope: input.window ? "window" : "current",
    windowStart: input.window ? iso(input.window.start) : null,
    loadBalancers: states.length,
    targets,
    targetsSeen: seen.size,
    modes,
    participants: participantsByStage(
      input.workshop ?? {},
      states,
      input.goal ?? DEFAULT_WORKSHOP_GOAL,
      input.participantsBy,
    ),
    timeToHealthy: Object.fromEntries(
      [...durations].map(([type, values]) => [type, timeToHealthyStats(values)]),
    ),
    stuckTargets: stuckTargetViews(states, now, input.thresholdSeconds, labelsOf(input.workshop ?? {})),
  };
}

/**
 * Participants by stage: the workshop's accounts when it lists some (every account counted,
 * one without an NLB as `noNlb`, and any other account an NLB is in), otherwise one per
 * cluster, else per NLB, as the board counts them.
 */
export function participantsByStage(
  workshop: Pick<Workshop, "accounts">,
  states: readonly NlbState[],
  goal: WorkshopGoal,
  by: StatsView["participants"]["by"] = hasParticipantAccounts(workshop) ? "account" : "cluster",
): StatsView["participants"] {
  if (by === "account") {
    const stages = accountStageCounts(workshop, states, goal);
    return { by: "account", count: Object.values(stages).reduce((a, b) => a + b, 0), stages };
  }
  const byParticipant = new Map<string, NlbState[]>();
  for (const state of states) {
    const id = participantIdOf(state);
    byParticipant.set(id, [...(byParticipant.get(id) ?? []), state]);
  }
  const stages = emptyStageCounts();
  for (const own of byParticipant.values()) stages[participantStage(own, goal).stage] += 1;
  return { by: "cluster", count: byParticipant.size, stages };
}

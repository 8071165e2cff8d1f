import type { Mode } from "../model/snapshot.ts";
import type { NlbState } from "../model/state.ts";
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

/** The stuck targets of the NLBs at `now`, longest stuck first. */
export function stuckTargetViews(
  states: readonly NlbState[],
  now: number,
  thresholdSeconds: number,
): StuckTargetView[] {
  const stuck: StuckTargetView[] = [];
  for (const state of states) {
    const groups = new Map(state.targetGroups.map((g) => [g.arn, g.name]));
    for (const t of state.targets) {
      if (!isStuck(t, now, thresholdSeconds)) continue;
      stuck.push({
        cluster: state.cluster ?? null,
        accountId: accountIdOfArn(state.arn),
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

/** Time to healthy per target type, stuck targets and mode counts of the current NLBs. */
export function statsView(
  workshopId: string,
  states: NlbState[],
  now: number,
  thresholdSeconds: number,
): StatsView {
  const modes: Record<Mode, number> = { instance: 0, ip: 0, mixed: 0, none: 0 };
  const durations = new Map<string, number[]>([
    ["instance", []],
    ["ip", []],
  ]);
  let targets = 0;
  for (const state of states) {
    modes[state.mode]++;
    const types = new Map(state.targetGroups.map((g) => [g.arn, g.targetType]));
    for (const t of state.targets) {
      targets++;
      const type = types.get(t.targetGroupArn) ?? "unknown";
      if (t.timeToHealthySeconds !== undefined) {
        (durations.get(type) ?? durations.set(type, []).get(type))?.push(t.timeToHealthySeconds);
      }
    }
  }
  return {
    workshopId,
    generatedAt: iso(now),
    loadBalancers: states.length,
    targets,
    modes,
    timeToHealthy: Object.fromEntries(
      [...durations].map(([type, values]) => [type, timeToHealthyStats(values)]),
    ),
    stuckTargets: stuckTargetViews(states, now, thresholdSeconds),
  };
}

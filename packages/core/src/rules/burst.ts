import { CLUSTER_TAG, STACK_TAG } from "../model/constants.ts";
import { DEFAULT_WORKSHOP_GOAL, type WorkshopGoal } from "../model/progress.ts";
import type {
  NlbSnapshot,
  TargetGroupSnapshot,
  TargetHealthSample,
  TargetObservation,
} from "../model/snapshot.ts";
import type { NlbState } from "../model/state.ts";
import { compareRecords } from "./diff.ts";
import { compact, compareStrings } from "./plain.ts";
import { stageOf } from "./stage.ts";
import { isTransitional } from "./states.ts";

/** AWS's reason for a target whose group no load balancer forwards to. */
const GROUP_NOT_IN_USE = "Target.NotInUse";

/**
 * Whether a group's health read says the group is detached: every target `unused` with
 * `Target.NotInUse`. That is the few seconds between the controller re-pointing the listener at
 * a new group (the switch to ip) and deleting the old one. Seen through the NLB, its targets have
 * left, not turned `unused`: only a read of the NLB's groups tells what replaced them.
 *
 * @example
 * ```ts
 * isDetachedGroup([{ id: "i-1", port: 31234, state: "unused", reason: "Target.NotInUse" }]); // true
 * ```
 */
export function isDetachedGroup(targets: readonly TargetObservation[]): boolean {
  return targets.length > 0 && targets.every((target) => target.reason === GROUP_NOT_IN_USE);
}

/**
 * Whether an NLB is worth re-sampling within this invocation: some target is in a
 * transitional state (`TRANSITIONAL_STATES`), so a transition is due within seconds to
 * minutes and the next scheduled sweep (a minute away) would time it too coarsely; or the
 * participant is in ip mode but short of the workshop's goal (`ipHealthy`): the
 * scale-out's pods register any moment, and their registration must be seen when it happens,
 * not at the next sweep, or their time to healthy is off by the wait.
 */
export function needsBurst(state: NlbState, goal: WorkshopGoal = DEFAULT_WORKSHOP_GOAL): boolean {
  if (state.targets.some((target) => isTransitional(target.state))) return true;
  // Mid-switch (`mixed`) the groups themselves change, which only discovery reads.
  return state.mode === "ip" && stageOf(state, goal) === "ipHealthy";
}

/**
 * The target groups to re-sample for an NLB: all of them when {@link needsBurst}, none
 * otherwise, sorted. All, not just the groups with a transitional target: scaling the `ui`
 * deployment out registers new pods in a group whose targets are all healthy, and those
 * registrations must show up within one burst interval too.
 */
export function transitionalTargetGroups(
  state: NlbState,
  goal: WorkshopGoal = DEFAULT_WORKSHOP_GOAL,
): string[] {
  if (!needsBurst(state, goal)) return [];
  const arns = new Set([
    ...state.targetGroups.map((group) => group.arn),
    ...state.targets.map((target) => target.targetGroupArn),
  ]);
  return [...arns].sort(compareStrings);
}

/**
 * A copy of `snapshot` whose target groups found in `samples` carry the sampled targets and the
 * read that gave them. Groups without a sample keep their targets (and read, if any); samples
 * for groups the snapshot does not have are ignored (a burst re-reads health, it does not
 * discover groups).
 *
 * Only diff the result when every requested group answered: a group kept from the base snapshot
 * has no read of its own, and a diff without a discovery read refuses it.
 */
export function withSampledTargets(
  snapshot: NlbSnapshot,
  samples: ReadonlyMap<string, TargetHealthSample>,
): NlbSnapshot {
  return {
    ...snapshot,
    tags: { ...snapshot.tags },
    targetGroups: snapshot.targetGroups.map((group) => {
      const sampled = samples.get(group.arn);
      const targets = (sampled?.targets ?? group.targets).map((target) => ({ ...target }));
      const read = sampled?.read ?? group.read;
      return { ...group, targets, ...(read ? { read: { ...read } } : {}) };
    }),
  };
}

/**
 * The snapshot that would produce `state` again: the base of a burst re-sample, so it can be
 * diffed without another `DescribeLoadBalancers` / `DescribeTargetGroups`. Diffing it against
 * `state` yields no transition and `changed: false`. Tags other than the cluster and stack tags
 * are not persisted, so only those two come back.
 */
export function snapshotFromState(state: NlbState): NlbSnapshot {
  const tags: Record<string, string> = {};
  if (state.cluster !== undefined) tags[CLUSTER_TAG] = state.cluster;
  if (state.service !== undefined) tags[STACK_TAG] = state.service;
  const targetGroups: TargetGroupSnapshot[] = state.targetGroups.map((group) => ({
    arn: group.arn,
    name: group.name,
    targetType: group.targetType,
    protocol: group.protocol,
    port: group.port,
    healthCheck: { ...group.healthCheck },
    targets: state.targets
      .filter((target) => target.targetGroupArn === group.arn)
      .sort(compareRecords)
      .map((target) =>
        compact<TargetObservation>({
          id: target.id,
          port: target.port,
          availabilityZone: target.availabilityZone,
          state: target.state,
          reason: target.reason,
          description: target.description,
        }),
      ),
  }));
  return compact<NlbSnapshot>({
    region: state.region,
    arn: state.arn,
    name: state.name,
    dnsName: state.dnsName,
    scheme: state.scheme,
    lbState: state.lbState,
    cluster: state.cluster,
    service: state.service,
    tags,
    targetGroups,
  });
}

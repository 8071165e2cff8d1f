import type { NlbSnapshot, ReadInterval, TargetObservation } from "../model/snapshot.ts";
import { type NlbState, type TargetRecord, targetKey } from "../model/state.ts";
import type { TargetTransition, Transition } from "../model/transition.ts";
import { crossesGap, type GapPolicy } from "./gap.ts";
import { compact } from "./plain.ts";
import { timeToHealthy } from "./time-to-healthy.ts";

/** What every transition of one NLB's diff shares: the NLB, and how gaps are told. */
export interface DiffContext {
  ref: Pick<Transition, "region" | "loadBalancerArn" | "loadBalancerName">;
  gaps?: GapPolicy;
  /** The previous state carried a read error: every window crosses failed reads. */
  previousFailed: boolean;
}

/** A transition's timing: its window, `at` (the window's end) and whether it crosses a gap. */
export type Timing = Pick<Transition, "at" | "observedBetween" | "gap">;

/**
 * The timing of a change between a read sent at `start` that saw the old state and one answered
 * at `end` that saw the new one.
 *
 * @throws RangeError when `end` precedes `start`: the new read cannot follow the old one (a stale
 *   snapshot, from an overlapping or retried sweep, must not rewind the state).
 */
export function timing(context: DiffContext, start: number, end: number): Timing {
  if (end < start) {
    throw new RangeError(
      `Stale snapshot of ${context.ref.loadBalancerArn}: answered at ${end}, before the read it follows was sent at ${start}`,
    );
  }
  const observedBetween: [number, number] = [start, end];
  const gap = crossesGap(observedBetween, context.gaps, context.previousFailed);
  return { at: end, observedBetween, ...(gap ? { gap: true as const } : {}) };
}

export function seconds(from: number, to: number): number {
  return (to - from) / 1000;
}

/** Targets of a snapshot in order, each with its group and the read that saw it; a repeated key keeps its first sighting. */
export function observedTargets(
  snapshot: NlbSnapshot,
  read: ReadInterval | undefined,
): Map<string, { targetGroupArn: string; observation: TargetObservation; read: ReadInterval }> {
  const observed = new Map<
    string,
    { targetGroupArn: string; observation: TargetObservation; read: ReadInterval }
  >();
  for (const group of snapshot.targetGroups) {
    const groupRead = group.read ?? read;
    if (!groupRead)
      throw new TypeError(`Target group ${group.arn} has no read: give the NLB's read or the group's`);
    for (const observation of group.targets) {
      const key = targetKey({ targetGroupArn: group.arn, ...observation });
      if (!observed.has(key)) observed.set(key, { targetGroupArn: group.arn, observation, read: groupRead });
    }
  }
  return observed;
}

/**
 * The targets of a known NLB after a read: registered (first seen since the last read of its
 * group), observed again (maybe in a new state), or deregistered (missing from its group's read,
 * or its group is no longer attached to the NLB).
 */
export function evolveTargets(
  context: DiffContext,
  previous: NlbState,
  snapshot: NlbSnapshot,
  read: ReadInterval | undefined,
): { targets: TargetRecord[]; transitions: Transition[] } {
  const known = new Map(previous.targets.map((record) => [targetKey(record), record]));
  const groupsBefore = new Map(previous.targetGroups.map((group) => [group.arn, group]));
  const targets: TargetRecord[] = [];
  const transitions: Transition[] = [];
  for (const [key, seen] of observedTargets(snapshot, read)) {
    const old = known.get(key);
    known.delete(key);
    if (old) {
      const { record, transition } = observedAgain(context, old, seen.observation, seen.read);
      targets.push(record);
      if (transition) transitions.push(transition);
      continue;
    }
    // Not in the group's previous read (or the group was not attached at the NLB's previous read).
    const before = groupsBefore.get(seen.targetGroupArn);
    const after = before ? (before.lastSeenAt ?? previous.lastSeenAt) : previous.lastSeenAt;
    const registered = registration(context, seen.targetGroupArn, seen.observation, seen.read, after);
    targets.push(registered.record);
    transitions.push(registered.transition);
  }
  const groupReads = new Map(snapshot.targetGroups.map((group) => [group.arn, group.read ?? read]));
  for (const old of known.values()) {
    // Missing from its group's read, or its group is gone from the NLB's read.
    const missedBy = groupReads.get(old.targetGroupArn) ?? read;
    if (!missedBy) throw new TypeError(`No read tells whether ${targetKey(old)} is still registered`);
    transitions.push(deregistration(context, old, missedBy.receivedAt));
  }
  return { targets, transitions };
}

/**
 * A target seen for the first time by `read`, registered after `after` (the `sentAt` of the
 * latest read without it, when there was one).
 */
export function registration(
  context: DiffContext,
  targetGroupArn: string,
  observation: TargetObservation,
  read: ReadInterval,
  after: number | undefined,
): { record: TargetRecord; transition: TargetTransition } {
  const at = read.receivedAt;
  const when = timing(context, after ?? at, at);
  const healthy = observation.state === "healthy";
  const record = compact<TargetRecord>({
    targetGroupArn,
    id: observation.id,
    port: observation.port,
    availabilityZone: observation.availabilityZone,
    state: observation.state,
    reason: observation.reason,
    description: observation.description,
    since: at,
    lastSeenAt: read.sentAt,
    registeredAt: at,
    registeredAfter: after,
    registeredAcrossGap: when.gap,
    notHealthySince: healthy ? undefined : at,
    // Seen healthy at once: when it turned healthy is unknown, so no time to healthy (see diffNlb).
    healthyAt: healthy ? at : undefined,
  });
  const transition = compact<TargetTransition>({
    kind: "target",
    ...context.ref,
    targetGroupArn,
    target: { id: observation.id, port: observation.port },
    from: "unregistered",
    to: observation.state,
    reason: observation.reason,
    ...when,
  });
  return { record, transition };
}

function observedAgain(
  context: DiffContext,
  old: TargetRecord,
  observation: TargetObservation,
  read: ReadInterval,
): { record: TargetRecord; transition?: TargetTransition } {
  const latest = {
    availabilityZone: observation.availabilityZone,
    reason: observation.reason,
    description: observation.description,
    lastSeenAt: read.sentAt,
  };
  // Same state: at most the reason moved on (Elb.RegistrationInProgress → Elb.InitialHealthChecking),
  // which the record mirrors but which is not a transition.
  if (observation.state === old.state) return { record: compact({ ...old, ...latest }) };

  const when = timing(context, old.lastSeenAt, read.receivedAt);
  const { at } = when;
  const healthy = observation.state === "healthy";
  const firstHealthy = healthy && old.healthyAt === undefined;
  // Across a gap (now or at registration) either edge may be minutes off: no figure at all.
  const measured =
    firstHealthy && !when.gap && !old.registeredAcrossGap
      ? timeToHealthy({
          registeredAt: old.registeredAt,
          ...(old.registeredAfter !== undefined ? { registeredAfter: old.registeredAfter } : {}),
          healthyAfter: old.lastSeenAt,
          healthyAt: at,
        })
      : undefined;
  const record = compact<TargetRecord>({
    ...old,
    ...latest,
    state: observation.state,
    since: at,
    notHealthySince: healthy ? undefined : old.state === "healthy" ? at : (old.notHealthySince ?? at),
    healthyAt: firstHealthy ? at : old.healthyAt,
    healthyAfter: firstHealthy ? old.lastSeenAt : old.healthyAfter,
    timeToHealthySeconds: firstHealthy ? measured?.seconds : old.timeToHealthySeconds,
    timeToHealthyBounds: firstHealthy ? measured?.bounds : old.timeToHealthyBounds,
  });
  const transition = compact<TargetTransition>({
    kind: "target",
    ...context.ref,
    targetGroupArn: old.targetGroupArn,
    target: { id: old.id, port: old.port },
    from: old.state,
    to: observation.state,
    reason: observation.reason,
    ...when,
    secondsInPreviousState: seconds(old.since, at),
    timeToHealthySeconds: measured?.seconds,
    timeToHealthyBounds: measured?.bounds,
  });
  return { record, transition };
}

export function deregistration(
  context: DiffContext,
  old: TargetRecord,
  answeredAt: number,
): TargetTransition {
  const when = timing(context, old.lastSeenAt, answeredAt);
  return {
    kind: "target",
    ...context.ref,
    targetGroupArn: old.targetGroupArn,
    target: { id: old.id, port: old.port },
    from: old.state,
    to: "deregistered",
    ...when,
    secondsInPreviousState: seconds(old.since, when.at),
  };
}

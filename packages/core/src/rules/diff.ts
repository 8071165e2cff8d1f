import type { Mode, NlbSnapshot, TargetObservation } from "../model/snapshot.ts";
import { type NlbState, type TargetGroupInfo, type TargetRecord, targetKey } from "../model/state.ts";
import type { LoadBalancerTransition, TargetTransition, Transition } from "../model/transition.ts";
import { modeOf } from "./mode.ts";
import { sortTransitions } from "./order.ts";
import { compact, compareStrings, deepEqual } from "./plain.ts";

/** One NLB of one workshop: what the store had, what the sweep saw, and when it saw it. */
export interface DiffInput {
  /** The persisted state, `undefined` when the NLB was not known. */
  previous?: NlbState;
  /** What the sweep read, `undefined` when the NLB is no longer there (deleted or unselected). */
  snapshot?: NlbSnapshot;
  /** When the sweep read it (epoch ms); never before `previous.lastSeenAt`. */
  observedAt: number;
}

export interface DiffResult {
  /** The state to persist; `undefined` when the NLB disappeared (or was never there). */
  next?: NlbState;
  /** What changed, sorted by `at`, kind, target key. */
  transitions: Transition[];
  /**
   * Whether `next` differs from `previous` in anything but sighting times (`lastSeenAt` of the
   * NLB and of its targets). When false the store writes nothing, so a steady-state sweep costs
   * no NLB write; the price is that persisted `lastSeenAt` values may be older than the latest
   * sweep, which only widens later `observedBetween` windows and never narrows them.
   *
   * What counts: any transition (NLB appeared or disappeared, mode, target registered, changed
   * state or deregistered); a target's reason, description or availability zone; the NLB's
   * name, DNS name, scheme, `lbState`, cluster or service tag, region; any target group
   * setting (name, type, protocol, port, health check); and the clearing of a read error.
   * Order does not count: targets and target groups are kept sorted by key.
   */
  changed: boolean;
}

/**
 * Turns a sweep's snapshot of one NLB into its next persisted state and the transitions since
 * the previous one. Pure: every time comes from `observedAt` and `previous`.
 *
 * Each transition's `observedBetween` is [last sighting in the old state, first sighting in the
 * new one], so `at` is always `observedAt`. A target's first sighting is its registration: in
 * a newly seen NLB the window is just `observedAt` (nothing was watched before), in a known NLB
 * it opens at the NLB's previous sighting, which the record keeps as `registeredAfter`.
 *
 * Time to healthy is measured only for a target seen not healthy before it was seen healthy:
 * one already healthy at its first sighting registered at some unknown earlier time, and
 * reporting 0 s would claim a precision the sampling never had. It is measured once: a target
 * that comes back healthy after being unhealthy keeps its first figure.
 *
 * @throws RangeError when `observedAt` is not a finite time or lies before
 *   `previous.lastSeenAt`: a stale snapshot (an overlapping or retried sweep) must not rewind
 *   the state.
 *
 * @example
 * ```ts
 * const first = diffNlb({ snapshot, observedAt: t0 });               // NLB appeared, targets registered
 * const second = diffNlb({ previous: first.next, snapshot, observedAt: t1 });
 * second.changed;     // false: nothing but sighting times moved
 * ```
 */
export function diffNlb(input: DiffInput): DiffResult {
  const { previous, snapshot, observedAt } = input;
  if (!Number.isFinite(observedAt))
    throw new RangeError(`observedAt must be a finite time, got ${observedAt}`);
  if (previous && observedAt < previous.lastSeenAt) {
    throw new RangeError(
      `Stale snapshot of ${previous.arn}: observed at ${observedAt}, before its last sighting at ${previous.lastSeenAt}`,
    );
  }
  if (previous && snapshot && previous.arn !== snapshot.arn) {
    throw new Error(`Cannot diff ${snapshot.arn} against the state of ${previous.arn}`);
  }
  if (!snapshot) return previous ? disappeared(previous, observedAt) : { transitions: [], changed: false };
  return previous ? evolved(previous, snapshot, observedAt) : appeared(snapshot, observedAt);
}

type LoadBalancerRef = Pick<Transition, "region" | "loadBalancerArn" | "loadBalancerName">;

interface Observed {
  targetGroupArn: string;
  observation: TargetObservation;
}

function refOf(nlb: { region: string; arn: string; name: string }): LoadBalancerRef {
  return { region: nlb.region, loadBalancerArn: nlb.arn, loadBalancerName: nlb.name };
}

function seconds(from: number, to: number): number {
  return (to - from) / 1000;
}

function appeared(snapshot: NlbSnapshot, observedAt: number): DiffResult {
  const ref = refOf(snapshot);
  const mode = modeOf(snapshot.targetGroups.map((group) => group.targetType));
  const transitions: Transition[] = [
    loadBalancerTransition(ref, "absent", "present", [observedAt, observedAt], mode),
  ];
  const targets: TargetRecord[] = [];
  for (const { targetGroupArn, observation } of observedTargets(snapshot).values()) {
    const record = registeredRecord(targetGroupArn, observation, observedAt);
    targets.push(record);
    transitions.push(registration(ref, record, [observedAt, observedAt]));
  }
  const next = nlbState(snapshot, {
    mode,
    modeSince: observedAt,
    targets,
    firstSeenAt: observedAt,
    lastSeenAt: observedAt,
    lastChangeAt: observedAt,
  });
  return { next, transitions: sortTransitions(transitions), changed: true };
}

function disappeared(previous: NlbState, observedAt: number): DiffResult {
  const ref = refOf(previous);
  const transitions: Transition[] = [
    loadBalancerTransition(ref, "present", "absent", [previous.lastSeenAt, observedAt], previous.mode, {
      secondsInPreviousState: seconds(previous.firstSeenAt, observedAt),
    }),
    ...previous.targets.map((record) => deregistration(ref, record, observedAt)),
  ];
  return { transitions: sortTransitions(transitions), changed: true };
}

function evolved(previous: NlbState, snapshot: NlbSnapshot, observedAt: number): DiffResult {
  const ref = refOf(snapshot);
  const transitions: Transition[] = [];

  const mode = modeOf(snapshot.targetGroups.map((group) => group.targetType));
  const modeChanged = mode !== previous.mode;
  if (modeChanged) {
    transitions.push({
      kind: "mode",
      ...ref,
      from: previous.mode,
      to: mode,
      at: observedAt,
      observedBetween: [previous.lastSeenAt, observedAt],
      secondsInPreviousState: seconds(previous.modeSince, observedAt),
    });
  }

  const known = new Map(previous.targets.map((record) => [targetKey(record), record]));
  const targets: TargetRecord[] = [];
  for (const [key, { targetGroupArn, observation }] of observedTargets(snapshot)) {
    const old = known.get(key);
    known.delete(key);
    if (!old) {
      const record = registeredRecord(targetGroupArn, observation, observedAt, previous.lastSeenAt);
      targets.push(record);
      transitions.push(registration(ref, record, [previous.lastSeenAt, observedAt]));
      continue;
    }
    const { record, transition } = observedAgain(ref, old, observation, observedAt);
    targets.push(record);
    if (transition) transitions.push(transition);
  }
  // What is left was registered before and is not in any target group now.
  for (const old of known.values()) transitions.push(deregistration(ref, old, observedAt));

  const next = nlbState(snapshot, {
    mode,
    modeSince: modeChanged ? observedAt : previous.modeSince,
    targets,
    firstSeenAt: previous.firstSeenAt,
    lastSeenAt: observedAt,
    lastChangeAt: previous.lastChangeAt,
  });
  const changed = transitions.length > 0 || !sameBeyondSightings(previous, next);
  if (changed) next.lastChangeAt = observedAt;
  return { next, transitions: sortTransitions(transitions), changed };
}

/** Targets of a snapshot by key; should a key repeat, its first sighting wins. */
function observedTargets(snapshot: NlbSnapshot): Map<string, Observed> {
  const observed = new Map<string, Observed>();
  for (const group of snapshot.targetGroups) {
    for (const observation of group.targets) {
      const key = targetKey({ targetGroupArn: group.arn, ...observation });
      if (!observed.has(key)) observed.set(key, { targetGroupArn: group.arn, observation });
    }
  }
  return observed;
}

function registeredRecord(
  targetGroupArn: string,
  observation: TargetObservation,
  at: number,
  registeredAfter?: number,
): TargetRecord {
  const healthy = observation.state === "healthy";
  return compact<TargetRecord>({
    targetGroupArn,
    id: observation.id,
    port: observation.port,
    availabilityZone: observation.availabilityZone,
    state: observation.state,
    reason: observation.reason,
    description: observation.description,
    since: at,
    lastSeenAt: at,
    registeredAt: at,
    registeredAfter,
    notHealthySince: healthy ? undefined : at,
    // Seen healthy at once: when it turned healthy is unknown, so no time to healthy (see diffNlb).
    healthyAt: healthy ? at : undefined,
  });
}

function observedAgain(
  ref: LoadBalancerRef,
  old: TargetRecord,
  observation: TargetObservation,
  at: number,
): { record: TargetRecord; transition?: TargetTransition } {
  const latest = {
    availabilityZone: observation.availabilityZone,
    reason: observation.reason,
    description: observation.description,
    lastSeenAt: at,
  };
  // Same state: at most the reason moved on (Elb.RegistrationInProgress → Elb.InitialHealthChecking),
  // which the record mirrors but which is not a transition.
  if (observation.state === old.state) return { record: compact({ ...old, ...latest }) };

  const healthy = observation.state === "healthy";
  const firstHealthy = healthy && old.healthyAt === undefined;
  const timeToHealthySeconds = firstHealthy ? seconds(old.registeredAt, at) : old.timeToHealthySeconds;
  const record = compact<TargetRecord>({
    ...old,
    ...latest,
    state: observation.state,
    since: at,
    notHealthySince: healthy ? undefined : old.state === "healthy" ? at : (old.notHealthySince ?? at),
    healthyAt: firstHealthy ? at : old.healthyAt,
    timeToHealthySeconds,
  });
  const transition = compact<TargetTransition>({
    kind: "target",
    ...ref,
    targetGroupArn: old.targetGroupArn,
    target: { id: old.id, port: old.port },
    from: old.state,
    to: observation.state,
    reason: observation.reason,
    at,
    observedBetween: [old.lastSeenAt, at],
    secondsInPreviousState: seconds(old.since, at),
    timeToHealthySeconds: firstHealthy ? timeToHealthySeconds : undefined,
  });
  return { record, transition };
}

function registration(
  ref: LoadBalancerRef,
  record: TargetRecord,
  window: [number, number],
): TargetTransition {
  return compact<TargetTransition>({
    kind: "target",
    ...ref,
    targetGroupArn: record.targetGroupArn,
    target: { id: record.id, port: record.port },
    from: "unregistered",
    to: record.state,
    reason: record.reason,
    at: window[1],
    observedBetween: window,
  });
}

function deregistration(ref: LoadBalancerRef, old: TargetRecord, at: number): TargetTransition {
  return {
    kind: "target",
    ...ref,
    targetGroupArn: old.targetGroupArn,
    target: { id: old.id, port: old.port },
    from: old.state,
    to: "deregistered",
    at,
    observedBetween: [old.lastSeenAt, at],
    secondsInPreviousState: seconds(old.since, at),
  };
}

function loadBalancerTransition(
  ref: LoadBalancerRef,
  from: LoadBalancerTransition["from"],
  to: LoadBalancerTransition["to"],
  window: [number, number],
  mode: Mode,
  extra: { secondsInPreviousState?: number } = {},
): LoadBalancerTransition {
  return { kind: "loadBalancer", ...ref, from, to, at: window[1], observedBetween: window, mode, ...extra };
}

function nlbState(
  snapshot: NlbSnapshot,
  rest: Pick<NlbState, "mode" | "modeSince" | "targets" | "firstSeenAt" | "lastSeenAt" | "lastChangeAt">,
): NlbState {
  // No `error`: this is a successful read, which ends any run of failures.
  return compact<NlbState>({
    region: snapshot.region,
    arn: snapshot.arn,
    name: snapshot.name,
    dnsName: snapshot.dnsName,
    scheme: snapshot.scheme,
    lbState: snapshot.lbState,
    cluster: snapshot.cluster,
    service: snapshot.service,
    mode: rest.mode,
    modeSince: rest.modeSince,
    targetGroups: targetGroupInfos(snapshot),
    targets: [...rest.targets].sort(compareRecords),
    firstSeenAt: rest.firstSeenAt,
    lastSeenAt: rest.lastSeenAt,
    lastChangeAt: rest.lastChangeAt,
  });
}

function targetGroupInfos(snapshot: NlbSnapshot): TargetGroupInfo[] {
  const byArn = new Map<string, TargetGroupInfo>();
  for (const group of snapshot.targetGroups) {
    if (byArn.has(group.arn)) continue;
    byArn.set(group.arn, {
      arn: group.arn,
      name: group.name,
      targetType: group.targetType,
      protocol: group.protocol,
      port: group.port,
      healthCheck: compact({ ...group.healthCheck }),
    });
  }
  return [...byArn.values()].sort((a, b) => compareStrings(a.arn, b.arn));
}

/** Target records in key order (target group, id, then port numerically). */
export function compareRecords(a: TargetRecord, b: TargetRecord): number {
  return compareStrings(a.targetGroupArn, b.targetGroupArn) || compareStrings(a.id, b.id) || a.port - b.port;
}

/** Equal once sighting times are blanked out and lists put in key order; see {@link DiffResult.changed}. */
function sameBeyondSightings(previous: NlbState, next: NlbState): boolean {
  return deepEqual(withoutSightings(previous), withoutSightings(next));
}

function withoutSightings(state: NlbState): unknown {
  return {
    ...state,
    lastSeenAt: undefined,
    targetGroups: [...state.targetGroups].sort((a, b) => compareStrings(a.arn, b.arn)),
    targets: [...state.targets].sort(compareRecords).map((record) => ({ ...record, lastSeenAt: undefined })),
  };
}

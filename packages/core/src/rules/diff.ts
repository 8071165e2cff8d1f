import type { Mode, NlbSnapshot, ReadInterval } from "../model/snapshot.ts";
import type { NlbState, TargetGroupInfo, TargetRecord } from "../model/state.ts";
import type { LoadBalancerTransition, Transition } from "../model/transition.ts";
import {
  type DiffContext,
  deregistration,
  evolveTargets,
  observedTargets,
  registration,
  seconds,
  timing,
} from "./diff-targets.ts";
import type { GapPolicy } from "./gap.ts";
import { modeOf } from "./mode.ts";
import { sortTransitions } from "./order.ts";
import { compact, compareStrings, deepEqual } from "./plain.ts";
import { readInterval, readsOf, stateReceivedAt } from "./reads.ts";

/** One NLB of one workshop: what the store had, what the sweep saw, and when it saw it. */
export interface DiffInput {
  /** The persisted state, `undefined` when the NLB was not known. */
  previous?: NlbState;
  /** What the sweep read, `undefined` when the NLB is no longer there (deleted or unselected). */
  snapshot?: NlbSnapshot;
  /**
   * The discovery read that listed the NLB (or found it gone): its presence, mode and target
   * groups; target groups without a `read` of their own were read with it. A number is a read
   * sent and answered at that instant. Omitted when only the target health of a known NLB's
   * groups was re-read (burst sampling): then every group of `snapshot` carries its own read.
   */
  read?: ReadInterval | number;
  /**
   * `sentAt` of the region's previous recorded discovery, when known: an NLB new to the
   * workshop was not there then, so its windows open at it, or at the NLB's creation if that
   * is later. With neither known, a first sighting's window is just the sighting.
   */
  regionReadBefore?: number;
  /** When a window crosses a gap; a previous state with a read error always does. */
  gaps?: GapPolicy;
}

export interface DiffResult {
  /** The state to persist; `undefined` when the NLB disappeared (or was never there). */
  next?: NlbState;
  /** What changed, sorted by `at`, kind, target key. */
  transitions: Transition[];
  /**
   * Whether `next` differs from `previous` in anything but sighting times (`lastSeenAt` and
   * `lastReceivedAt` of the NLB, its target groups and its targets). When false the store writes
   * nothing, so a steady-state sweep costs no NLB write; the price is that persisted sighting
   * times may be older than the latest sweep, which only widens later `observedBetween` windows
   * and never narrows them.
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
 * the previous one. Pure: every time comes from the reads and `previous`.
 *
 * Each transition's `observedBetween` is [`sentAt` of the last read that saw the old state,
 * `receivedAt` of the first read that saw the new one] and `at` is its end: ELBv2 served the old
 * state at some instant after the first and the new one before the second, so the true change
 * lies inside whatever the latency, throttling and retries. Target changes take their group's
 * read; presence and mode take the NLB's discovery read. A target's first sighting is its
 * registration: its window opens at the latest read of its group without it (for a group new
 * to the NLB, the NLB's previous read; for an NLB new to the workshop, `regionReadBefore`).
 * A window that crosses a gap (see `crossesGap`) is marked `gap: true`.
 *
 * Time to healthy is first seen registered → first seen healthy, with the bounds both windows
 * allow (`timeToHealthy`). It is measured only for a target seen not healthy before it was seen
 * healthy (one already healthy at its first sighting registered at some unknown earlier time),
 * never across a gap, and once: a target that comes back healthy keeps its first figure.
 *
 * @throws RangeError when a read is malformed or answered before the read it follows was sent:
 *   a stale snapshot (an overlapping or retried sweep) must not rewind the state.
 *
 * @example
 * ```ts
 * const first = diffNlb({ snapshot, read: { sentAt: t0, receivedAt: t0 + 40 } }); // NLB appeared, targets registered
 * const second = diffNlb({ previous: first.next, snapshot, read: t1 });
 * second.changed;     // false: nothing but sighting times moved
 * ```
 */
export function diffNlb(input: DiffInput): DiffResult {
  const { previous, snapshot } = input;
  const read = input.read === undefined ? undefined : readInterval(input.read);
  for (const group of snapshot?.targetGroups ?? []) if (group.read) readInterval(group.read);
  if (previous && snapshot && previous.arn !== snapshot.arn) {
    throw new Error(`Cannot diff ${snapshot.arn} against the state of ${previous.arn}`);
  }
  if (!read && !(previous && snapshot)) {
    throw new TypeError("Only a known NLB still there can be diffed without its discovery read");
  }
  const reads = readsOf(snapshot, read);
  const stale = previous && reads.find((r) => r.receivedAt < previous.lastSeenAt);
  if (previous && stale) {
    throw new RangeError(
      `Stale snapshot of ${previous.arn}: answered at ${stale.receivedAt}, before its last sighting at ${previous.lastSeenAt}`,
    );
  }
  const ref = snapshot ?? (previous as NlbState | undefined);
  if (!ref) return { transitions: [], changed: false };
  const context: DiffContext = {
    ref: { region: ref.region, loadBalancerArn: ref.arn, loadBalancerName: ref.name },
    ...(input.gaps ? { gaps: input.gaps } : {}),
    previousFailed: previous?.error !== undefined,
  };
  if (!snapshot) return disappeared(context, previous as NlbState, read as ReadInterval);
  if (!previous) return appeared(context, snapshot, read as ReadInterval, input.regionReadBefore);
  return evolved(context, previous, snapshot, read);
}

function appeared(
  context: DiffContext,
  snapshot: NlbSnapshot,
  read: ReadInterval,
  regionReadBefore: number | undefined,
): DiffResult {
  const mode = modeOf(snapshot.targetGroups.map((group) => group.targetType));
  // It was not there at the region's previous read, nor before AWS created it (the Load
  // Balancer Controller registers targets only once their NLB exists).
  const bounds = [regionReadBefore, snapshot.createdAt].filter((t): t is number => t !== undefined);
  const after = bounds.length > 0 ? Math.min(Math.max(...bounds), read.receivedAt) : undefined;
  const transitions: Transition[] = [
    loadBalancerTransition(context, "absent", "present", after ?? read.receivedAt, read.receivedAt, mode),
  ];
  const targets: TargetRecord[] = [];
  for (const seen of observedTargets(snapshot, read).values()) {
    const registered = registration(context, seen.targetGroupArn, seen.observation, seen.read, after);
    targets.push(registered.record);
    transitions.push(registered.transition);
  }
  const lastReceivedAt = latestAnswer(snapshot, read);
  const next = nlbState(snapshot, read, [], {
    mode,
    modeSince: read.receivedAt,
    targets,
    firstSeenAt: read.receivedAt,
    lastSeenAt: read.sentAt,
    lastReceivedAt,
    lastChangeAt: lastReceivedAt,
  });
  return { next, transitions: sortTransitions(transitions), changed: true };
}

function disappeared(context: DiffContext, previous: NlbState, read: ReadInterval): DiffResult {
  const gone = read.receivedAt;
  const transitions: Transition[] = [
    loadBalancerTransition(context, "present", "absent", previous.lastSeenAt, gone, previous.mode, {
      secondsInPreviousState: seconds(previous.firstSeenAt, gone),
    }),
    ...previous.targets.map((record) => deregistration(context, record, gone)),
  ];
  return { transitions: sortTransitions(transitions), changed: true };
}

function evolved(
  context: DiffContext,
  previous: NlbState,
  snapshot: NlbSnapshot,
  read: ReadInterval | undefined,
): DiffResult {
  const transitions: Transition[] = [];
  const mode = modeOf(snapshot.targetGroups.map((group) => group.targetType));
  const modeChanged = mode !== previous.mode;
  if (modeChanged) {
    // Only discovery reads target groups; a re-read of target health cannot move the mode.
    if (!read) throw new TypeError(`The target groups of ${previous.arn} changed without a discovery read`);
    transitions.push({
      kind: "mode",
      ...context.ref,
      from: previous.mode,
      to: mode,
      ...timing(context, previous.lastSeenAt, read.receivedAt),
      secondsInPreviousState: seconds(previous.modeSince, read.receivedAt),
    });
  }
  const evolvedTargets = evolveTargets(context, previous, snapshot, read);
  transitions.push(...evolvedTargets.transitions);
  const lastReceivedAt = Math.max(stateReceivedAt(previous), latestAnswer(snapshot, read));
  const next = nlbState(snapshot, read, previous.targetGroups, {
    mode,
    modeSince: modeChanged && read ? read.receivedAt : previous.modeSince,
    targets: evolvedTargets.targets,
    firstSeenAt: previous.firstSeenAt,
    lastSeenAt: read ? read.sentAt : previous.lastSeenAt,
    lastReceivedAt,
    lastChangeAt: previous.lastChangeAt,
  });
  const changed = transitions.length > 0 || !sameBeyondSightings(previous, next);
  if (changed) next.lastChangeAt = lastReceivedAt;
  return { next, transitions: sortTransitions(transitions), changed };
}

/** The latest answer among the reads of a diff. */
function latestAnswer(snapshot: NlbSnapshot, read: ReadInterval | undefined): number {
  return Math.max(...readsOf(snapshot, read).map((r) => r.receivedAt));
}

function loadBalancerTransition(
  context: DiffContext,
  from: LoadBalancerTransition["from"],
  to: LoadBalancerTransition["to"],
  start: number,
  end: number,
  mode: Mode,
  extra: { secondsInPreviousState?: number } = {},
): LoadBalancerTransition {
  return { kind: "loadBalancer", ...context.ref, from, to, ...timing(context, start, end), mode, ...extra };
}

function nlbState(
  snapshot: NlbSnapshot,
  read: ReadInterval | undefined,
  groupsBefore: readonly TargetGroupInfo[],
  rest: Pick<
    NlbState,
    "mode" | "modeSince" | "targets" | "firstSeenAt" | "lastSeenAt" | "lastReceivedAt" | "lastChangeAt"
  >,
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
    targetGroups: targetGroupInfos(snapshot, read, groupsBefore),
    targets: [...rest.targets].sort(compareRecords),
    firstSeenAt: rest.firstSeenAt,
    lastSeenAt: rest.lastSeenAt,
    lastReceivedAt: rest.lastReceivedAt,
    lastChangeAt: rest.lastChangeAt,
  });
}

function targetGroupInfos(
  snapshot: NlbSnapshot,
  read: ReadInterval | undefined,
  groupsBefore: readonly TargetGroupInfo[],
): TargetGroupInfo[] {
  const seenBefore = new Map(groupsBefore.map((group) => [group.arn, group.lastSeenAt]));
  const byArn = new Map<string, TargetGroupInfo>();
  for (const group of snapshot.targetGroups) {
    if (byArn.has(group.arn)) continue;
    byArn.set(
      group.arn,
      compact<TargetGroupInfo>({
        arn: group.arn,
        name: group.name,
        targetType: group.targetType,
        protocol: group.protocol,
        port: group.port,
        healthCheck: compact({ ...group.healthCheck }),
        lastSeenAt: (group.read ?? read)?.sentAt ?? seenBefore.get(group.arn),
      }),
    );
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
    lastReceivedAt: undefined,
    targetGroups: [...state.targetGroups]
      .sort((a, b) => compareStrings(a.arn, b.arn))
      .map((group) => ({ ...group, lastSeenAt: undefined })),
    targets: [...state.targets].sort(compareRecords).map((record) => ({ ...record, lastSeenAt: undefined })),
  };
}

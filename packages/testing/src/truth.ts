/**
 * Compares what a collector stored with the simulator's ground truth (`GET /_sim/truth`), generically:
 * whatever the controller did, each target's true life is a chain of state changes, and what was
 * stored must be that chain coarsened by sampling. A stored transition `X → Y` stands for a run
 * of true changes from `X` to `Y` (states shorter than the sampling in between go unseen); its
 * window must contain the whole run. Kept free of the core's types so both the core's tests and
 * the soak can use it.
 */

import type { TruthChange } from "@targetwatch/sim";

export type { TruthChange };

/** A stored transition, as the collector's model has it; only target transitions are compared with the truth. */
export interface StoredTransition {
  kind: string;
  loadBalancerName: string;
  loadBalancerArn?: string;
  targetGroupArn?: string;
  target?: { id: string; port: number };
  from: string;
  to: string;
  observedBetween: [number, number];
  gap?: boolean;
  timeToHealthySeconds?: number;
  timeToHealthyBounds?: { min: number; max?: number };
}

export interface TruthComparison {
  /** True changes that could have been seen (before `until`), reason-only changes left out. */
  truthChanges: number;
  storedTargetTransitions: number;
  /** True changes no stored transition accounts for. */
  lost: string[];
  /**
   * True changes no stored transition accounts for, inside the window of a gap-marked transition
   * of their NLB (e.g. a target that came and went while the store was down, under an NLB first
   * recorded after the outage): unrecorded, and told as a gap rather than silently lost.
   */
  insideGaps: string[];
  /** Stored transitions repeating the one before them. */
  duplicated: string[];
  /** Stored transitions no run of true changes explains. */
  invented: string[];
  /** Stored transitions whose window misses part of the run they stand for. */
  windowsMissingTruth: string[];
  /** Transitions standing for several true changes, marked as crossing a gap. */
  acrossGaps: number;
  /** Transitions standing for several true changes without a gap: states shorter than the sampling. */
  merged: string[];
  timeToHealthy: {
    compared: number;
    /** Largest |stored − true|, seconds. */
    maxErrorSeconds: number;
    /** True value outside the stored bounds. */
    outsideBounds: string[];
    /** Error larger than the burst interval plus both windows' widths. */
    overAllowance: string[];
  };
}

export interface CompareOptions {
  /** True changes from this instant on may not have been read yet: not counted as lost. */
  until: number;
  /** Seconds between burst re-reads: the sampling a time to healthy may miss by, windows aside. */
  burstIntervalSeconds: number;
  /** Epoch ms of the scenario's start, to print times relative to it. */
  start?: number;
}

interface Change {
  at: number;
  from: string;
  to: string;
}

const named = (state: string): string =>
  state === "new" ? "unregistered" : state === "gone" ? "deregistered" : state;

/** AWS's reason for a target whose group no load balancer forwards to any more. */
const GROUP_DETACHED = "Target.NotInUse";

/**
 * One target's true changes as seen through its load balancer, oldest first, in the collector's
 * state names. When the listener moves to another group (the switch to ip), the old group is
 * detached: its targets turn `unused` (`Target.NotInUse`) until the controller deletes the group a
 * reconcile later. A collector reads target groups through their load balancer, so for it — and
 * for AWS-FACTS ("the node targets simply disappear with their group") — the target left the
 * NLB at the detachment: that change counts as `→ deregistered`, and the deletion that follows
 * is no change at all.
 */
function seenThroughLoadBalancer(truth: readonly TruthChange[]): Change[] {
  let left = false;
  const changes: Change[] = [];
  for (const c of [...truth].sort((a, b) => a.at - b.at)) {
    const leaves = c.to === "unused" && c.reason === GROUP_DETACHED;
    const from = left ? "deregistered" : named(c.from);
    const to = leaves || left ? "deregistered" : named(c.to);
    left ||= leaves;
    if (from !== to) changes.push({ at: c.at, from, to });
  }
  return changes;
}

/**
 * @example
 * ```ts
 * const result = compareWithTruth(stored, truth, { until: lastSweepStart, burstIntervalSeconds: 5 });
 * result.lost.length + result.duplicated.length + result.invented.length; // 0 when honest
 * ```
 */
export function compareWithTruth(
  stored: readonly StoredTransition[],
  truth: readonly TruthChange[],
  options: CompareOptions,
): TruthComparison {
  const result: TruthComparison = {
    truthChanges: 0,
    storedTargetTransitions: 0,
    lost: [],
    insideGaps: [],
    duplicated: [],
    invented: [],
    windowsMissingTruth: [],
    acrossGaps: 0,
    merged: [],
    timeToHealthy: { compared: 0, maxErrorSeconds: 0, outsideBounds: [], overAllowance: [] },
  };
  const truthByTarget = group(truth, (c) => `${c.targetGroupArn}|${c.targetId}|${c.port}`);
  const storedByTarget = group(
    stored.filter((t) => t.kind === "target"),
    (t) => `${t.targetGroupArn}|${t.target?.id}|${t.target?.port}`,
  );
  const gapsByNlb = group(
    stored.filter((t) => t.gap),
    (t) => t.loadBalancerName,
  );
  const keys = new Set([...truthByTarget.keys(), ...storedByTarget.keys()]);
  for (const key of keys) {
    const own = truthByTarget.get(key) ?? [];
    const changes = seenThroughLoadBalancer(own);
    const gaps = gapsByNlb.get(own[0]?.loadBalancerName ?? "") ?? [];
    const lost = (c: Change, text: string) => {
      const told = gaps.some((g) => g.observedBetween[0] <= c.at && c.at <= g.observedBetween[1]);
      (told ? result.insideGaps : result.lost).push(text);
    };
    const transitions = [...(storedByTarget.get(key) ?? [])].sort(
      (a, b) => a.observedBetween[1] - b.observedBetween[1] || a.observedBetween[0] - b.observedBetween[0],
    );
    result.truthChanges += changes.filter((c) => c.at < options.until).length;
    result.storedTargetTransitions += transitions.length;
    compareTarget(key, changes, transitions, options, result, lost);
  }
  return result;
}

function compareTarget(
  key: string,
  changes: readonly Change[],
  transitions: readonly StoredTransition[],
  options: CompareOptions,
  result: TruthComparison,
  lost: (change: Change, text: string) => void,
): void {
  const when = (at: number) => `${((at - (options.start ?? 0)) / 1000).toFixed(1)}s`;
  const say = (t: StoredTransition) =>
    `${key} ${t.from}→${t.to} [${when(t.observedBetween[0])}, ${when(t.observedBetween[1])}]${t.gap ? " gap" : ""}`;
  let next = 0;
  let previous: StoredTransition | undefined;
  for (const t of transitions) {
    const [start, end] = t.observedBetween;
    const first = changes.findIndex((c, i) => i >= next && c.from === t.from);
    if (first === -1 || changes[next]?.from !== t.from) {
      if (previous && previous.from === t.from && previous.to === t.to) {
        result.duplicated.push(say(t));
        continue;
      }
      if (first === -1) {
        result.invented.push(say(t));
        continue;
      }
      // The stored chain skipped true changes: they were lost.
      for (const c of changes.slice(next, first)) lost(c, `${key} ${c.from}→${c.to} at ${when(c.at)}`);
    }
    // The run ends at the latest change into `to` that the window's end allows.
    let last = -1;
    for (let i = first; i < changes.length && (changes[i] as Change).at <= end; i++) {
      if ((changes[i] as Change).to === t.to) last = i;
    }
    if (last === -1) {
      result.invented.push(say(t));
      continue;
    }
    const run = changes.slice(first, last + 1);
    if ((run[0] as Change).at < start || (run.at(-1) as Change).at > end)
      result.windowsMissingTruth.push(say(t));
    if (run.length > 1) {
      if (t.gap) result.acrossGaps++;
      else result.merged.push(say(t));
    }
    if (t.timeToHealthySeconds !== undefined)
      checkTimeToHealthy(t, changes, run.at(-1) as Change, options, result, say(t));
    next = last + 1;
    previous = t;
  }
  for (const c of changes.slice(next)) {
    if (c.at < options.until) lost(c, `${key} ${c.from}→${c.to} at ${when(c.at)}`);
  }
}

function checkTimeToHealthy(
  t: StoredTransition,
  changes: readonly Change[],
  healthy: Change,
  options: CompareOptions,
  result: TruthComparison,
  described: string,
): void {
  const registered = changes.find((c) => c.from === "unregistered");
  if (!registered || t.timeToHealthySeconds === undefined) return;
  const real = (healthy.at - registered.at) / 1000;
  const error = Math.abs(t.timeToHealthySeconds - real);
  const stats = result.timeToHealthy;
  stats.compared++;
  stats.maxErrorSeconds = Math.max(stats.maxErrorSeconds, error);
  const { min, max } = t.timeToHealthyBounds ?? { min: Number.NEGATIVE_INFINITY };
  if (real < min || (max !== undefined && real > max)) {
    stats.outsideBounds.push(`${described}: true ${real}s outside [${min}, ${max ?? "∞"}]`);
  }
  // The value's own uncertainty is the width of its bounds; the allowance adds one burst interval.
  const widths = max === undefined ? Number.POSITIVE_INFINITY : max - min;
  if (error > options.burstIntervalSeconds + widths) {
    stats.overAllowance.push(`${described}: ${t.timeToHealthySeconds}s vs true ${real}s`);
  }
}

function group<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const KIND_RANK: Record<string, number> = { loadBalancer: 0, mode: 1, target: 2 };

/**
 * The NLB-level history has no truth to compare with, but it must chain: an NLB appears only
 * when absent and disappears only when present, and each mode change starts from the mode
 * before it (the appearance says which). A duplicated or invented NLB or mode transition breaks
 * the chain; each break is returned, described.
 */
export function nlbChainBreaks(stored: readonly (StoredTransition & { mode?: string })[]): string[] {
  const breaks: string[] = [];
  const byNlb = group(
    stored.filter((t) => t.kind !== "target"),
    (t) => t.loadBalancerArn ?? t.loadBalancerName,
  );
  for (const [nlb, transitions] of byNlb) {
    const ordered = [...transitions].sort(
      (a, b) =>
        a.observedBetween[1] - b.observedBetween[1] || (KIND_RANK[a.kind] ?? 3) - (KIND_RANK[b.kind] ?? 3),
    );
    let present: boolean | undefined;
    let mode: string | undefined;
    for (const t of ordered) {
      const say = `${nlb} ${t.kind} ${t.from}→${t.to} at ${t.observedBetween[1]}`;
      if (t.kind === "loadBalancer") {
        if (present !== undefined && present !== (t.from === "present")) breaks.push(say);
        present = t.to === "present";
        if (t.to === "present") mode = t.mode;
      } else if (t.kind === "mode") {
        if (mode !== undefined && mode !== t.from) breaks.push(say);
        mode = t.to;
      }
    }
  }
  return breaks;
}

import { DEFAULT_WORKSHOP_GOAL, type WorkshopGoal } from "../../model/progress.ts";
import type { Scope } from "../../model/scope.ts";
import type { TargetHealthSample } from "../../model/snapshot.ts";
import {
  diffNlb,
  isDetachedGroup,
  needsBurst,
  scopeKey,
  scopeOf,
  snapshotFromState,
  transitionalTargetGroups,
  withSampledTargets,
} from "../../rules/index.ts";
import { errorMessage, type SweepContext, type TrackedWorkshop } from "../sweep-context.ts";
import { type NlbWrite, persist } from "./persist.ts";

export interface BurstOptions {
  /** Epoch ms by which rounds must be done (the sweep's work deadline when earlier). */
  deadline?: number;
  /** Time between rounds; 0 disables burst sampling. */
  intervalMs: number;
  /** What participants work toward: an NLB in ip mode short of it is re-sampled too (see `needsBurst`). */
  goal?: WorkshopGoal;
}

/**
 * Burst sampling: while some target is mid-transition (`initial`, `draining`,
 * `unhealthy.draining`), re-reads just the target groups of the NLBs concerned every interval
 * and records what changed, until nothing is transitional or the next round would pass the
 * deadline. EventBridge runs the sweep at most once a minute, but `initial → healthy` takes
 * tens of seconds: this is what times it to seconds. Each group's change is stamped with its
 * own read, not with the round's start.
 */
export async function burst(
  context: SweepContext,
  { deadline, intervalMs, goal = DEFAULT_WORKSHOP_GOAL }: BurstOptions,
): Promise<void> {
  const { clock } = context;
  const work = context.deadlines.work;
  const until = Math.min(deadline ?? work.at, work.at);
  while (intervalMs > 0 && nextRound(context.startedAt, clock.now(), intervalMs) < until) {
    const byScope = burstTargetGroups(context.workshops, goal);
    // A participant account whose role could not be assumed this sweep is not asked again.
    for (const [key, { scope }] of byScope)
      if (scope.access && context.accountReads.get(key)?.kind !== "ok") byScope.delete(key);
    if (byScope.size === 0) return;
    await clock.sleep(nextRound(context.startedAt, clock.now(), intervalMs) - clock.now());
    if (work.signal.aborted) return;
    context.counters.burstRounds++;
    // Every scope read at once (each account and region has its own limits), then recorded in turn.
    const rounds = [...byScope.values()];
    const sampled = await Promise.all(
      rounds.map(({ scope, arns }) => sampleScope(context, scope, [...arns])),
    );
    for (const [i, samples] of sampled.entries())
      if (samples) await recordScope(context, (rounds[i] as { scope: Scope }).scope, samples, goal);
  }
}

/**
 * When the next round reads: on the sweep's grid (its start plus whole intervals), the first
 * grid point after `now`. Rounds kept on a grid do not drift by their own durations, so the
 * last one falls one interval before a budget that ends where the next sweep starts, and a
 * group re-read every interval is read every interval across sweeps too: a change is seen at
 * most one interval late, which is what bounds a time to healthy's error.
 */
export function nextRound(startedAt: number, now: number, intervalMs: number): number {
  return startedAt + (Math.floor((now - startedAt) / intervalMs) + 1) * intervalMs;
}

/**
 * Scope key → the scope (region, and account) and its target groups to re-sample, each sampled
 * once even when several workshops share an NLB.
 */
export function burstTargetGroups(
  workshops: readonly TrackedWorkshop[],
  goal: WorkshopGoal = DEFAULT_WORKSHOP_GOAL,
): Map<string, { scope: Scope; arns: Set<string> }> {
  const byScope = new Map<string, { scope: Scope; arns: Set<string> }>();
  for (const tracked of workshops) {
    for (const { state } of tracked.states.values()) {
      if (!needsBurst(state, goal)) continue;
      const scope = scopeOf(tracked.workshop, state);
      const key = scopeKey(scope);
      const entry = byScope.get(key) ?? { scope, arns: new Set<string>() };
      for (const arn of transitionalTargetGroups(state, goal)) entry.arns.add(arn);
      byScope.set(key, entry);
    }
  }
  return byScope;
}

/** One round's read of one scope's groups; undefined (and the problem recorded) when it failed. */
async function sampleScope(
  context: SweepContext,
  scope: Scope,
  targetGroupArns: string[],
): Promise<Map<string, TargetHealthSample | Error> | undefined> {
  const { signal } = context.deadlines.work;
  const { region, access } = scope;
  try {
    const source = access ? context.accountSources?.for(access) : context.source;
    if (!source) throw new Error("this collector is not set up to read participant accounts");
    return await source.sampleTargetGroups(region, targetGroupArns, signal);
  } catch (error) {
    const where = access ? `account ${access.accountId} in ${region}` : region;
    const problem = `burst sampling in ${where}: ${errorMessage(signal.aborted ? signal.reason : error)}`;
    (signal.aborted ? context.incomplete : context.errors).push(problem);
    return undefined;
  }
}

/** Every mid-transition NLB of the scope diffed against the round's read of its groups. */
async function recordScope(
  context: SweepContext,
  scope: Scope,
  samples: Map<string, TargetHealthSample | Error>,
  goal: WorkshopGoal,
): Promise<void> {
  const key = scopeKey(scope);
  const writes: NlbWrite[] = [];
  for (const tracked of context.workshops) {
    for (const [arn, { state }] of [...tracked.states]) {
      if (!needsBurst(state, goal) || scopeKey(scopeOf(tracked.workshop, state)) !== key) continue;
      const groups = transitionalTargetGroups(state, goal);
      // A group that could not be re-read (it may have just been deleted), that the answer left
      // out, or that is detached (replaced by the switch) waits for the next full discovery
      // rather than being taken as empty, as seen, or as targets turned `unused`.
      const answers = groups.map((g) => samples.get(g));
      if (
        groups.length === 0 ||
        !answers.every(
          (a): a is TargetHealthSample =>
            a !== undefined && !(a instanceof Error) && !isDetachedGroup(a.targets),
        )
      )
        continue;
      const got = new Map(groups.map((g, i) => [g, answers[i] as TargetHealthSample]));
      writes.push({
        tracked,
        arn,
        name: state.name,
        reads: [...got.values()].map((sample) => sample.read),
        diff: (previous) =>
          previous
            ? diffNlb({
                previous,
                snapshot: withSampledTargets(snapshotFromState(previous), got),
                gaps: tracked.gaps,
              })
            : undefined,
      });
    }
  }
  await persist(context, writes);
}

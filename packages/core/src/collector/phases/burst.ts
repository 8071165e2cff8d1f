import { DEFAULT_WORKSHOP_GOAL, type WorkshopGoal } from "../../model/progress.ts";
import type { TargetHealthSample } from "../../model/snapshot.ts";
import {
  diffNlb,
  isDetachedGroup,
  needsBurst,
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
  while (intervalMs > 0 && clock.now() + intervalMs < until) {
    const byRegion = burstTargetGroups(context.workshops, goal);
    if (byRegion.size === 0) return;
    await clock.sleep(intervalMs);
    if (work.signal.aborted) return;
    context.counters.burstRounds++;
    for (const [region, arns] of byRegion) await burstRegion(context, region, [...arns], goal);
  }
}

/** Region → target groups to re-sample (each sampled once even when several workshops share an NLB). */
export function burstTargetGroups(
  workshops: readonly TrackedWorkshop[],
  goal: WorkshopGoal = DEFAULT_WORKSHOP_GOAL,
): Map<string, Set<string>> {
  const byRegion = new Map<string, Set<string>>();
  for (const tracked of workshops) {
    for (const { state } of tracked.states.values()) {
      if (!needsBurst(state, goal)) continue;
      const set = byRegion.get(state.region) ?? new Set<string>();
      for (const arn of transitionalTargetGroups(state, goal)) set.add(arn);
      byRegion.set(state.region, set);
    }
  }
  return byRegion;
}

/** One round in one region: one read of its groups, then every mid-transition NLB diffed against it. */
async function burstRegion(
  context: SweepContext,
  region: string,
  targetGroupArns: string[],
  goal: WorkshopGoal,
): Promise<void> {
  const { signal } = context.deadlines.work;
  let samples: Map<string, TargetHealthSample | Error>;
  try {
    samples = await context.source.sampleTargetGroups(region, targetGroupArns, signal);
  } catch (error) {
    const problem = `burst sampling in ${region}: ${errorMessage(signal.aborted ? signal.reason : error)}`;
    (signal.aborted ? context.incomplete : context.errors).push(problem);
    return;
  }
  const writes: NlbWrite[] = [];
  for (const tracked of context.workshops) {
    for (const [arn, { state }] of [...tracked.states]) {
      if (state.region !== region || !needsBurst(state, goal)) continue;
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

import type { RegionSnapshot } from "../../model/snapshot.ts";
import { markNlbError, selectsNlb, workshopRegions } from "../../rules/index.ts";
import type { SweepContext, TrackedWorkshop } from "../sweep-context.ts";
import type { RegionReading } from "./discover.ts";
import { diffUnlessStale, type NlbWrite, persist } from "./persist.ts";

/**
 * Records what discovery read, region by region and workshop by workshop: every selected NLB is
 * diffed against its stored state and persisted when it changed; a known NLB that was not seen
 * left the workshop; an NLB that could not be read, or every NLB of a region that could not be
 * read, keeps its last known state, marked with the error. A region read and recorded without
 * any error is remembered in the workshop's `observedAt`, where the next sweep's windows open.
 */
export async function sample(context: SweepContext, readings: readonly RegionReading[]): Promise<void> {
  for (const { region, snapshot } of readings) {
    if (snapshot instanceof Error) context.errors.push(`discovery in ${region}: ${snapshot.message}`);
    else for (const [arn, message] of snapshot.failures) context.errors.push(`${arn}: ${message}`);
    for (const tracked of context.workshops) {
      if (!workshopRegions(tracked.workshop, context.defaultRegions).includes(region)) continue;
      if (snapshot instanceof Error) await markRegionFailed(context, tracked, region, snapshot.message);
      else await recordRegion(context, tracked, region, snapshot);
    }
  }
}

/** The region could not be read: every NLB there keeps its last known state, marked. */
async function markRegionFailed(
  context: SweepContext,
  tracked: TrackedWorkshop,
  region: string,
  message: string,
): Promise<void> {
  const arns = [...tracked.states].filter(([, { state }]) => state.region === region).map(([arn]) => arn);
  await persist(
    context,
    arns.map((arn) => markFailed(tracked, arn, message, context.clock.now())),
  );
}

async function recordRegion(
  context: SweepContext,
  tracked: TrackedWorkshop,
  region: string,
  snapshot: RegionSnapshot,
): Promise<void> {
  const { workshop, states } = tracked;
  const { observedAt } = snapshot;
  const seen = new Set<string>();
  const writes: NlbWrite[] = [];
  for (const nlb of snapshot.loadBalancers) {
    if (!selectsNlb(workshop, nlb, context.defaultRegions)) continue;
    seen.add(nlb.arn);
    writes.push({
      tracked,
      arn: nlb.arn,
      name: nlb.name,
      diff: (previous) => diffUnlessStale(previous, nlb, observedAt),
    });
  }
  for (const [arn, message] of snapshot.failures) {
    seen.add(arn);
    if (states.has(arn)) writes.push(markFailed(tracked, arn, message, observedAt));
  }
  for (const [arn, { state }] of [...states]) {
    if (state.region !== region || seen.has(arn)) continue;
    // Gone from the region, or no longer selected: either way it left this workshop.
    writes.push({
      tracked,
      arn,
      name: state.name,
      diff: (previous) => diffUnlessStale(previous, undefined, observedAt),
    });
  }
  const written = await persist(context, writes);
  if (snapshot.failures.size === 0 && written.every(Boolean)) tracked.observedAt[region] = observedAt;
}

/** A known NLB whose read failed: its last known state, marked with the error. */
function markFailed(tracked: TrackedWorkshop, arn: string, message: string, at: number): NlbWrite {
  return {
    tracked,
    arn,
    name: tracked.states.get(arn)?.state.name ?? arn,
    diff: (previous) =>
      previous && { next: markNlbError(previous, message, at), transitions: [], changed: true },
  };
}

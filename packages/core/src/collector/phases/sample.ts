import type { Scope } from "../../model/scope.ts";
import type { RegionSnapshot } from "../../model/snapshot.ts";
import type { Transition } from "../../model/transition.ts";
import { hasParticipantAccounts } from "../../model/workshop.ts";
import {
  accountOfArn,
  diffNlb,
  inScope,
  instant,
  markNlbError,
  observationKey,
  readsOf,
  scopeKey,
  selectsNlb,
  workshopScopes,
} from "../../rules/index.ts";
import { errorMessage, type SweepContext, type TrackedWorkshop } from "../sweep-context.ts";
import { adoptedHistory, type KnownNlb, type KnownNlbs, knownBeforeSweep } from "./adopt.ts";
import type { RegionReading } from "./discover.ts";
import { type NlbWrite, persist } from "./persist.ts";

/**
 * Records what discovery read, region by region and workshop by workshop: every selected NLB is
 * diffed against its stored state and persisted when it changed; a known NLB that was not seen
 * left the workshop; an NLB that could not be read, or every NLB of a region that could not be
 * read, keeps its last known state, marked with the error. A region read and recorded without
 * any error is remembered in the workshop's `observedAt`, where the next sweep's windows open.
 */
export async function sample(context: SweepContext, readings: readonly RegionReading[]): Promise<void> {
  const known = knownBeforeSweep(context);
  const watched = new Map(
    context.workshops.map((tracked) => [
      tracked,
      new Set(workshopScopes(tracked.workshop, context.defaultRegions).map(scopeKey)),
    ]),
  );
  for (const { snapshot, ...scope } of readings) {
    if (snapshot instanceof Error) {
      // Out of time is not ELBv2's fault, but the NLBs were not read all the same.
      const where = scope.access ? `account ${scope.access.accountId} in ${scope.region}` : scope.region;
      const problem = `discovery in ${where}: ${snapshot.message}`;
      if (context.deadlines.read.signal.aborted) context.incomplete.push(problem);
      else context.errors.push(problem);
    } else for (const [arn, message] of snapshot.failures) context.errors.push(`${arn}: ${message}`);
    const key = scopeKey(scope);
    for (const tracked of context.workshops) {
      if (!watched.get(tracked)?.has(key)) continue;
      if (snapshot instanceof Error) await markRegionFailed(context, tracked, scope, snapshot);
      else await recordRegion(context, tracked, scope, snapshot, known);
    }
  }
  for (const tracked of context.workshops) await forgetUnlistedAccounts(context, tracked);
}

/**
 * An account taken out of a workshop (or the deployment's own, once the workshop names
 * accounts) is read no more: its NLBs leave the workshop, as unselected ones do.
 */
async function forgetUnlistedAccounts(context: SweepContext, tracked: TrackedWorkshop): Promise<void> {
  const { workshop, states, gaps } = tracked;
  if (!hasParticipantAccounts(workshop)) return;
  const listed = new Set((workshop.accounts ?? []).map((a) => a.accountId));
  const read = instant(context.clock.now());
  const writes: NlbWrite[] = [...states]
    .filter(([arn]) => !listed.has(accountOfArn(arn)))
    .map(([arn, { state }]) => ({
      tracked,
      arn,
      name: state.name,
      reads: [read],
      diff: (previous) => (previous ? diffNlb({ previous, read, gaps }) : undefined),
    }));
  if (writes.length > 0) await persist(context, writes);
}

/** The scope could not be read: every NLB there keeps its last known state, marked. */
async function markRegionFailed(
  context: SweepContext,
  tracked: TrackedWorkshop,
  scope: Scope,
  error: Error,
): Promise<void> {
  const arns = [...tracked.states].filter(([, { state }]) => inScope(scope, state)).map(([arn]) => arn);
  const at = context.clock.now();
  await persist(
    context,
    arns.map((arn) => markFailed(tracked, arn, errorMessage(error), at)),
  );
}

async function recordRegion(
  context: SweepContext,
  tracked: TrackedWorkshop,
  scope: Scope,
  snapshot: RegionSnapshot,
  known: KnownNlbs,
): Promise<void> {
  const observed = observationKey(scope);
  const { workshop, states, gaps } = tracked;
  const { read } = snapshot;
  const seen = new Set<string>();
  const writes: NlbWrite[] = [];
  for (const nlb of snapshot.loadBalancers) {
    if (!selectsNlb(workshop, nlb, context.defaultRegions)) continue;
    seen.add(nlb.arn);
    const regionReadBefore = tracked.readBefore[observed];
    // New to this workshop but watched by the collector already: adopted, not first seen.
    const adopted = states.has(nlb.arn) ? undefined : await known.get(nlb.arn);
    const history = adopted ? await historyOf(context, tracked, adopted) : [];
    if (history === undefined) continue;
    writes.push({
      tracked,
      arn: nlb.arn,
      name: nlb.name,
      reads: readsOf(nlb, nlb.read ?? read),
      ...(history.length > 0 ? { adoptedHistory: history } : {}),
      diff: (previous) =>
        !previous && adopted
          ? {
              ...diffNlb({ previous: adopted.state, snapshot: nlb, read: nlb.read ?? read, gaps }),
              changed: true,
            }
          : diffNlb({
              previous,
              snapshot: nlb,
              read: nlb.read ?? read,
              gaps,
              ...(regionReadBefore !== undefined ? { regionReadBefore } : {}),
            }),
    });
  }
  const failedAt = context.clock.now();
  for (const [arn, message] of snapshot.failures) {
    seen.add(arn);
    if (states.has(arn)) writes.push(markFailed(tracked, arn, message, failedAt));
  }
  for (const [arn, { state }] of [...states]) {
    if (!inScope(scope, state) || seen.has(arn)) continue;
    // Gone from the region, or no longer selected: either way it left this workshop.
    writes.push({
      tracked,
      arn,
      name: state.name,
      reads: [read],
      diff: (previous) => (previous ? diffNlb({ previous, read, gaps }) : undefined),
    });
  }
  const written = await persist(context, writes);
  if (snapshot.failures.size > 0 || !written.every(Boolean)) return;
  tracked.observedAt[observed] = read.sentAt;
  // What this sweep can vouch was seen then: each NLB of the scope at the version it now has.
  for (const [arn, { state, version }] of states)
    if (inScope(scope, state)) tracked.vouched.set(arn, version);
}

/**
 * The history an adopted NLB brings along, or undefined (the problem recorded) when the store
 * could not give it: the NLB then waits for a later sweep rather than joining without its past.
 */
async function historyOf(
  context: SweepContext,
  tracked: TrackedWorkshop,
  adopted: KnownNlb,
): Promise<Transition[] | undefined> {
  // Nothing is recorded while the store is down: the NLB is adopted in memory, as before.
  if (context.storeDown !== undefined) return [];
  try {
    return await adoptedHistory(context, adopted, tracked.workshop.retentionDays);
  } catch (error) {
    context.errors.push(
      `${tracked.workshop.id} ${adopted.state.name}: history of workshop ${adopted.workshopId} not read, adopted next sweep (${errorMessage(error)})`,
    );
    return undefined;
  }
}

/** A known NLB whose read failed at `at`: its last known state, marked with the error. */
function markFailed(tracked: TrackedWorkshop, arn: string, message: string, at: number): NlbWrite {
  return {
    tracked,
    arn,
    name: tracked.states.get(arn)?.state.name ?? arn,
    reads: [instant(at)],
    diff: (previous) =>
      previous && { next: markNlbError(previous, message, at), transitions: [], changed: true },
  };
}

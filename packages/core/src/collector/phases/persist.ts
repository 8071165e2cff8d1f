import PQueue from "p-queue";
import type { ReadInterval } from "../../model/snapshot.ts";
import type { NlbState } from "../../model/state.ts";
import type { Transition } from "../../model/transition.ts";
import { ConcurrentUpdateError } from "../../ports/index.ts";
import { type DiffResult, isOlderThan } from "../../rules/index.ts";
import { storeRequest } from "../store-requests.ts";
import { guarded, type StoredNlb, type SweepContext, type TrackedWorkshop } from "../sweep-context.ts";

/** NLB writes in flight at once. */
const WRITE_CONCURRENCY = 16;

/** How often an NLB update is re-diffed against fresh state when another sweep got there first. */
const MAX_CONFLICT_RETRIES = 3;

/** One NLB of one workshop to bring up to date. */
export interface NlbWrite {
  tracked: TrackedWorkshop;
  arn: string;
  /** The NLB's name, for the sweep's error messages. */
  name: string;
  /** The reads the update rests on: it is refused when the stored state reflects a later answer. */
  reads: readonly ReadInterval[];
  /**
   * The update, computed from the stored state (`undefined` for an NLB the workshop does not
   * have yet); `undefined` leaves the NLB alone. Called again with the fresh state when another
   * sweep wrote the NLB first, so it must depend on nothing else that the store holds.
   */
  diff: (previous?: NlbState) => DiffResult | undefined;
  /**
   * Transitions another workshop recorded for this NLB, written with it when this workshop
   * adopts it (see `adoptedHistory`): copies, not counted as this sweep's transitions.
   */
  adoptedHistory?: readonly Transition[];
}

/**
 * Persists what changed: each NLB's new state and its transitions in one conditional write.
 * NLBs are independent items, so their writes go out in parallel, bounded to stay well inside
 * the table's and the client's connection limits. A failed write is recorded in the sweep's
 * errors and costs only its own NLB. While the store is unavailable the updates are applied
 * in memory only, so the sweep's metrics still tell what it read.
 *
 * @returns per write, whether the store now reflects what it read (nothing to write counts; a
 *   failed write does not, nor one refused for an overlapping sweep's: the store then holds
 *   another sweep's reading, which this sweep cannot vouch for).
 */
export async function persist(context: SweepContext, writes: readonly NlbWrite[]): Promise<boolean[]> {
  const queue = new PQueue({ concurrency: WRITE_CONCURRENCY });
  return Promise.all(
    writes.map((write) =>
      queue.add(async () => {
        let recorded = false;
        const succeeded = await guarded(context, `${write.tracked.workshop.id} ${write.name}`, async () => {
          recorded = await applyWrite(context, write);
        });
        return succeeded && recorded;
      }),
    ),
  );
}

/**
 * Writes one NLB under optimistic locking, keeping the tracked state and version current.
 *
 * Overlapping sweeps: a write whose reads are older than the stored state (one was sent before
 * the latest answer the state reflects) is refused, and so is one diffed against a state that
 * another sweep has since deleted: re-diffing an older snapshot against a newer state would
 * invent changes back, and recreating a deleted NLB would invent its return. A write that found
 * another sweep there first (refused, or re-diffed against what that sweep stored) counts as one
 * conflict. Whatever the interleaving, the stored history is what one sweep would store.
 */
async function applyWrite(context: SweepContext, write: NlbWrite): Promise<boolean> {
  const { tracked, arn, diff, reads } = write;
  const knownBefore = tracked.states.has(arn);
  for (let attempt = 0; ; attempt++) {
    const previous = tracked.states.get(arn);
    if (isOlderThan(previous?.state, reads) || (knownBefore && !previous)) {
      // A lost race was counted when it was found.
      if (attempt === 0) context.counters.conflicts++;
      return false;
    }
    const result = diff(previous?.state);
    if (!result) return true;
    // Nothing to write, or nowhere to write it: remember the sighting in memory, so later burst
    // rounds open their windows here and the metrics tell what was read.
    if (!result.changed) return remember(tracked, arn, previous, result);
    if (context.storeDown !== undefined) {
      context.unrecorded = true;
      return remember(tracked, arn, previous, result);
    }
    try {
      await storeRequest(context, (signal) =>
        context.store.applyUpdate(
          {
            workshopId: tracked.workshop.id,
            ...(previous ? { previous } : {}),
            ...(result.next ? { next: result.next } : {}),
            transitions: previous
              ? result.transitions
              : [...(write.adoptedHistory ?? []), ...result.transitions],
          },
          tracked.workshop.retentionDays,
          signal,
        ),
      );
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && attempt === 0) context.counters.conflicts++;
      if (error instanceof ConcurrentUpdateError && attempt < MAX_CONFLICT_RETRIES) {
        // Another sweep wrote this NLB first: compare with what it stored, so its transitions
        // are neither duplicated nor lost, nor contradicted by an older reading.
        const fresh = await storeRequest(context, (signal) =>
          context.store.loadNlbStates(tracked.workshop.id, signal),
        );
        const stored = fresh.get(arn);
        if (stored) tracked.states.set(arn, stored);
        else tracked.states.delete(arn);
        continue;
      }
      if (context.storeDown === undefined && !context.deadlines.work.signal.aborted) throw error;
      // Unrecorded (the store is gone, or time ran out): the next sweep starts from the stored state.
      context.unrecorded = true;
      remember(tracked, arn, previous, result);
      if (context.storeDown === undefined) throw error;
      return true;
    }
    context.counters.transitions += result.transitions.length;
    if (result.next) tracked.states.set(arn, { state: result.next, version: (previous?.version ?? 0) + 1 });
    else tracked.states.delete(arn);
    return true;
  }
}

/** The update applied in memory only, at the version the store still has. */
function remember(
  tracked: TrackedWorkshop,
  arn: string,
  previous: StoredNlb | undefined,
  result: DiffResult,
): true {
  if (result.next) tracked.states.set(arn, { state: result.next, version: previous?.version ?? 0 });
  else tracked.states.delete(arn);
  return true;
}

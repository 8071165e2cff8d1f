import PQueue from "p-queue";
import type { NlbSnapshot } from "../../model/snapshot.ts";
import type { NlbState } from "../../model/state.ts";
import { ConcurrentUpdateError } from "../../ports/index.ts";
import { type DiffResult, diffNlb } from "../../rules/index.ts";
import { guarded, type SweepContext, type TrackedWorkshop } from "../sweep-context.ts";

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
  /**
   * The update, computed from the stored state (`undefined` for an NLB the workshop does not
   * have yet); `undefined` leaves the NLB alone. Called again with the fresh state when another
   * sweep wrote the NLB first, so it must depend on nothing else that the store holds.
   */
  diff: (previous?: NlbState) => DiffResult | undefined;
}

/**
 * Persists what changed: each NLB's new state and its transitions in one conditional write.
 * NLBs are independent items, so their writes go out in parallel, bounded to stay well inside
 * the table's and the client's connection limits. A failed write is recorded in the sweep's
 * errors and costs only its own NLB.
 *
 * @returns per write, whether it succeeded (nothing to write counts as success).
 */
export async function persist(context: SweepContext, writes: readonly NlbWrite[]): Promise<boolean[]> {
  const queue = new PQueue({ concurrency: WRITE_CONCURRENCY });
  return Promise.all(
    writes.map((write) =>
      queue.add(() =>
        guarded(context, `${write.tracked.workshop.id} ${write.name}`, () => applyWrite(context, write)),
      ),
    ),
  );
}

/**
 * Diffs, or skips when the stored state is already newer than this observation: an overlapping
 * sweep read the NLB later and won, and rewinding its state would lose what it saw.
 */
export function diffUnlessStale(
  previous: NlbState | undefined,
  snapshot: NlbSnapshot | undefined,
  observedAt: number,
): DiffResult | undefined {
  return previous && previous.lastSeenAt > observedAt
    ? undefined
    : diffNlb({ previous, snapshot, observedAt });
}

/** Writes one NLB under optimistic locking, keeping the tracked state and version current. */
async function applyWrite(context: SweepContext, { tracked, arn, diff }: NlbWrite): Promise<void> {
  const { store } = context;
  for (let attempt = 0; ; attempt++) {
    const previous = tracked.states.get(arn);
    const result = diff(previous?.state);
    if (!result) return;
    if (!result.changed) {
      // Nothing to write, but remember the sighting so later burst rounds open their windows here.
      if (previous && result.next) tracked.states.set(arn, { state: result.next, version: previous.version });
      return;
    }
    try {
      await store.applyUpdate(
        {
          workshopId: tracked.workshop.id,
          ...(previous ? { previous } : {}),
          ...(result.next ? { next: result.next } : {}),
          transitions: result.transitions,
        },
        tracked.workshop.retentionDays,
      );
    } catch (error) {
      if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      // Another sweep wrote this NLB first: re-diff against what it stored, so its transitions
      // are neither duplicated nor lost.
      const fresh = (await store.loadNlbStates(tracked.workshop.id)).get(arn);
      if (fresh) tracked.states.set(arn, fresh);
      else tracked.states.delete(arn);
      continue;
    }
    context.counters.transitions += result.transitions.length;
    if (result.next) tracked.states.set(arn, { state: result.next, version: (previous?.version ?? 0) + 1 });
    else tracked.states.delete(arn);
    return;
  }
}

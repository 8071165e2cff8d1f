import type { NlbState } from "../model/state.ts";
import { DEFAULT_WORKSHOP, type Workshop } from "../model/workshop.ts";
import type { CollectorClock, CollectorStore, SourceStats, TargetHealthSource } from "../ports/index.ts";

/** An NLB as the store holds it for one workshop: its state and the version its next write is conditional on. */
export interface StoredNlb {
  state: NlbState;
  version: number;
}

/** One workshop during a sweep: what the store knows of its NLBs, kept current by every write. */
export interface TrackedWorkshop {
  workshop: Workshop;
  /** NLB ARN → its persisted state and store version. */
  states: Map<string, StoredNlb>;
  /** Regions this sweep read completely and recorded without error (see `SweepHeartbeat`). */
  observedAt: Record<string, number>;
}

/** The state one sweep threads through its phases. */
export interface SweepContext {
  readonly source: TargetHealthSource;
  readonly store: CollectorStore;
  readonly clock: CollectorClock;
  /** Regions watched by workshops that name none. */
  readonly defaultRegions: readonly string[];
  /** Epoch ms, per the collector's clock. */
  readonly startedAt: number;
  readonly workshops: TrackedWorkshop[];
  /** Every problem met, in the order met: the summary's and the heartbeats' `errors`. */
  readonly errors: string[];
  readonly counters: { transitions: number; burstRounds: number };
  /** The store's and the source's counts when the sweep started, so the sweep reports its own cost. */
  readonly baseline: { storeWrites: number; source: SourceStats };
}

/** What the sweep measured when it finished: the figures its heartbeats, metrics and summary share. */
export interface SweepFinish {
  at: number;
  elbApiCalls: number;
  elbThrottled: number;
}

/**
 * Starts a sweep: the configured workshops (or the built-in default one when there is none),
 * each with the NLB states the store holds, brought up to the latest recorded sighting.
 */
export async function startSweep(options: {
  source: TargetHealthSource;
  store: CollectorStore;
  clock: CollectorClock;
  defaultRegions: readonly string[];
}): Promise<SweepContext> {
  const { source, store, clock } = options;
  const startedAt = clock.now();
  const baseline = { storeWrites: store.stats().writeRequests, source: source.stats() };
  const configured = await store.listWorkshops();
  const workshops = await Promise.all(
    (configured.length > 0 ? configured : [DEFAULT_WORKSHOP]).map(async (workshop) => {
      const [states, heartbeat] = await Promise.all([
        store.loadNlbStates(workshop.id),
        store.getHeartbeat(workshop.id),
      ]);
      return { workshop, states: withLatestSightings(states, heartbeat?.regionsObservedAt), observedAt: {} };
    }),
  );
  return {
    source,
    store,
    clock,
    defaultRegions: options.defaultRegions,
    startedAt,
    workshops,
    errors: [],
    counters: { transitions: 0, burstRounds: 0 },
    baseline,
  };
}

/** Ends the sweep's clock and its ELBv2 accounting: nothing reads ELBv2 after this. */
export function finishSweep(context: SweepContext): SweepFinish {
  const at = context.clock.now();
  const source = context.source.stats();
  return {
    at,
    elbApiCalls: source.apiCalls - context.baseline.source.apiCalls,
    elbThrottled: source.throttled - context.baseline.source.throttled,
  };
}

/**
 * Runs one unit of the sweep's work; a failure is recorded as `what: message` in the sweep's
 * errors instead of ending the sweep, so one bad NLB or region never costs the others.
 *
 * @returns whether the work succeeded.
 */
export async function guarded(
  context: SweepContext,
  what: string,
  work: () => Promise<void>,
): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    context.errors.push(`${what}: ${errorMessage(error)}`);
    return false;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * NLB states are rewritten only when they change, so a stored `lastSeenAt` can be older than the
 * last sweep that saw the NLB unchanged. The heartbeat says when each region was last read and
 * recorded in full; an NLB without an error was seen then, in its stored state.
 */
function withLatestSightings(
  states: Map<string, StoredNlb>,
  regionsObservedAt: Record<string, number> | undefined,
): Map<string, StoredNlb> {
  if (!regionsObservedAt) return states;
  for (const [arn, { state, version }] of states) {
    const seenAt = regionsObservedAt[state.region];
    if (state.error || seenAt === undefined || seenAt <= state.lastSeenAt) continue;
    states.set(arn, {
      version,
      state: {
        ...state,
        lastSeenAt: seenAt,
        targets: state.targets.map((t) => ({ ...t, lastSeenAt: seenAt })),
      },
    });
  }
  return states;
}

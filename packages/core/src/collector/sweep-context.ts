import { DEFAULT_MAX_SAMPLING_INTERVAL_SECONDS } from "../model/constants.ts";
import type { AccountStatus } from "../model/scope.ts";
import type { NlbState } from "../model/state.ts";
import type { Workshop } from "../model/workshop.ts";
import type {
  AccountSources,
  CollectorClock,
  CollectorStore,
  SourceStats,
  SweepHeartbeat,
  TargetHealthSource,
} from "../ports/index.ts";
import type { AccountReadOutcome, GapPolicy } from "../rules/index.ts";
import { type SweepDeadlines, sweepDeadlines } from "./deadlines.ts";
import { loadWorkshops, type SweepMemory } from "./load.ts";

/** An NLB as the store holds it for one workshop: its state and the version its next write is conditional on. */
export interface StoredNlb {
  state: NlbState;
  version: number;
}

/** A period without recorded data, epoch ms. */
export interface Gap {
  from: number;
  to: number;
}

/** One workshop during a sweep: what the store knows of its NLBs, kept current by every write. */
export interface TrackedWorkshop {
  workshop: Workshop;
  /** NLB ARN → its persisted state and store version (in memory only while the store is unavailable). */
  states: Map<string, StoredNlb>;
  /** Regions this sweep read completely and recorded without error (see `SweepHeartbeat`), at their discovery's `sentAt`. */
  observedAt: Record<string, number>;
  /** NLB ARN → the version this sweep found or wrote at its discovery of a region in `observedAt`. */
  vouched: Map<string, number>;
  /** The previous recorded discovery of each region (`sentAt`): an NLB new to the workshop was not there then. */
  readBefore: Record<string, number>;
  /** How this sweep's windows are told to cross a gap. */
  gaps: GapPolicy;
  /** The period without recorded data that this sweep ends, if any. */
  gap?: Gap;
  /** The latest such period before this sweep (from the previous heartbeat). */
  lastGap?: Gap;
  /** Its participant accounts' statuses as the previous sweep left them. */
  accounts?: Record<string, AccountStatus>;
  /** The class's progress series as the previous heartbeat left it (`SweepHeartbeat.progress`). */
  progress?: SweepHeartbeat["progress"];
}

/** The state one sweep threads through its phases. */
export interface SweepContext {
  /** The deployment's own account. */
  readonly source: TargetHealthSource;
  /** Participant accounts, each through its role; absent where the collector cannot read any. */
  readonly accountSources?: AccountSources;
  /** Scope key (see `scopeKey`) → how reading that participant account's region went in this sweep. */
  readonly accountReads: Map<string, AccountReadOutcome>;
  readonly store: CollectorStore;
  readonly clock: CollectorClock;
  /** Regions watched by workshops that name none. */
  readonly defaultRegions: readonly string[];
  /** Epoch ms, per the collector's clock. */
  readonly startedAt: number;
  readonly workshops: TrackedWorkshop[];
  /** Every problem met, in the order met: the summary's and the heartbeats' `errors`. */
  readonly errors: string[];
  /** Work a deadline cut short, in the order met: the summary's `incomplete`. */
  readonly incomplete: string[];
  readonly counters: { transitions: number; burstRounds: number; conflicts: number };
  /** The store's and the source's counts when the sweep started, so the sweep reports its own cost. */
  readonly baseline: { storeWrites: number; source: SourceStats };
  /** When each part of the sweep must be done, and the signals that abort what is still running then. */
  readonly deadlines: SweepDeadlines;
  /** How long one store request may take before the store counts as unavailable (collector clock, ms). */
  readonly storeTimeoutMs: number;
  /**
   * Why the store is unavailable, once a request showed it: the rest of the sweep works on the
   * states in memory and writes nothing, and the next sweep starts from the stored ones again.
   */
  storeDown?: string;
  /** Something this sweep read could not be recorded (store unavailable, a write or heartbeat cut short). */
  unrecorded: boolean;
}

/** What the sweep measured when it finished: the figures its heartbeats, metrics and summary share. */
export interface SweepFinish {
  at: number;
  elbApiCalls: number;
  elbThrottled: number;
}

export interface StartOptions {
  source: TargetHealthSource;
  accountSources?: AccountSources;
  store: CollectorStore;
  clock: CollectorClock;
  defaultRegions: readonly string[];
  /** Epoch ms by which the whole sweep must be done; none by default. */
  deadline?: number;
  /** Default 5 s. */
  storeTimeoutMs?: number;
  /** A window wider than this crosses a gap; default 1.5 scheduled sweeps. */
  maxSamplingIntervalMs?: number;
  /** What the previous sweeps of this collector left in memory. */
  memory?: SweepMemory;
}

const DEFAULT_STORE_TIMEOUT_MS = 5_000;

/**
 * Starts a sweep: the configured workshops (or the built-in default one when there is none),
 * each with the NLB states the store holds, brought up to the latest recorded sighting; or,
 * when the store cannot be read, the states the collector's previous sweep left in memory.
 */
export async function startSweep(options: StartOptions): Promise<SweepContext> {
  const { source, store, clock } = options;
  const startedAt = clock.now();
  const context: SweepContext = {
    source,
    ...(options.accountSources ? { accountSources: options.accountSources } : {}),
    accountReads: new Map(),
    store,
    clock,
    defaultRegions: options.defaultRegions,
    startedAt,
    workshops: [],
    errors: [],
    incomplete: [],
    counters: { transitions: 0, burstRounds: 0, conflicts: 0 },
    baseline: {
      storeWrites: store.stats().writeRequests,
      source: sourceStats(source, options.accountSources),
    },
    deadlines: sweepDeadlines(clock, startedAt, options.deadline ?? Number.POSITIVE_INFINITY),
    storeTimeoutMs: options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
    unrecorded: false,
  };
  const loaded = await loadWorkshops(context, {
    memory: options.memory ?? {},
    maxWindowMs: options.maxSamplingIntervalMs ?? DEFAULT_MAX_SAMPLING_INTERVAL_SECONDS * 1000,
  });
  context.workshops.push(...loaded);
  return context;
}

/** Ends the sweep's clock and its ELBv2 accounting: nothing reads ELBv2 after this. */
export function finishSweep(context: SweepContext): SweepFinish {
  const at = context.clock.now();
  const source = sourceStats(context.source, context.accountSources);
  return {
    at,
    elbApiCalls: source.apiCalls - context.baseline.source.apiCalls,
    elbThrottled: source.throttled - context.baseline.source.throttled,
  };
}

/** ELBv2 calls of the own account's source and of every participant account's, together. */
export function sourceStats(source: TargetHealthSource, accounts?: AccountSources): SourceStats {
  const own = source.stats();
  if (!accounts) return own;
  const theirs = accounts.stats();
  return {
    apiCalls: own.apiCalls + theirs.apiCalls,
    throttled: own.throttled + theirs.throttled,
    failed: own.failed + theirs.failed,
  };
}

/**
 * Runs one unit of the sweep's work; a failure is recorded as `what: message` in the sweep's
 * errors (or, when `signal` had aborted, in its `incomplete` work) instead of ending the sweep,
 * so one bad NLB or region never costs the others.
 *
 * @returns whether the work succeeded.
 */
export async function guarded(
  context: SweepContext,
  what: string,
  work: () => Promise<void>,
  signal: AbortSignal = context.deadlines.work.signal,
): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    if (signal.aborted) context.incomplete.push(`${what}: ${errorMessage(signal.reason)}`);
    else context.errors.push(`${what}: ${errorMessage(error)}`);
    return false;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

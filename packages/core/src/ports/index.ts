import type { NlbSnapshot, RegionSnapshot, TargetObservation } from "../model/snapshot.ts";
import type { NlbState } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import type { Workshop } from "../model/workshop.ts";

/** Counts a source reports so a sweep can say what it cost. */
export interface SourceStats {
  /** ELBv2 API calls made (each attempt that reached the wire counts once). */
  apiCalls: number;
  /** Calls answered with a throttling error (then retried). */
  throttled: number;
  /** Calls that failed after every retry. */
  failed: number;
}

/** Reads NLBs and their target health (ELBv2 in production, the simulator locally). */
export interface TargetHealthSource {
  /**
   * Every NLB in `region` that `select` keeps (called with each NLB's name and tags before its
   * target groups are read, so unselected NLBs cost no DescribeTargetHealth), with target
   * groups and target health. An NLB whose reads failed appears in `failures` instead.
   */
  discover(
    region: string,
    select: (nlb: { name: string; tags: Record<string, string> }) => boolean,
  ): Promise<RegionSnapshot>;
  /**
   * Re-reads the health of the given target groups only (burst sampling). A group that fails
   * maps to an Error instead of targets.
   */
  sampleTargetGroups(
    region: string,
    targetGroupArns: string[],
  ): Promise<Map<string, TargetObservation[] | Error>>;
  stats(): SourceStats;
}

/** What the collector writes after diffing one NLB of one workshop. */
export interface NlbUpdate {
  workshopId: string;
  /** State before the sweep (`undefined` if new), with its store version for optimistic locking. */
  previous?: { state: NlbState; version: number };
  /** State after the sweep; `undefined` when the NLB disappeared (its state is deleted). */
  next?: NlbState;
  transitions: Transition[];
}

export interface SweepHeartbeat {
  workshopId: string;
  at: number;
  durationMs: number;
  apiCalls: number;
  errors: string[];
  loadBalancers: number;
  targets: number;
  targetsByState: Record<string, number>;
  stuck: number;
  /**
   * Region → when this sweep's discovery read it, for regions read completely and recorded
   * without error. NLB states are rewritten only when they change, so this is the latest time an
   * unchanged NLB was seen: the next sweep opens its `observedBetween` windows there.
   */
  regionsObservedAt?: Record<string, number>;
}

export interface StoreStats {
  /** DynamoDB write requests (PutItem, UpdateItem, BatchWriteItem, TransactWriteItems calls). */
  writeRequests: number;
  readRequests: number;
}

/** Thrown by {@link WorkshopStore.applyUpdate} when another sweep changed the NLB first. */
export class ConcurrentUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConcurrentUpdateError";
  }
}

/** targetwatch's DynamoDB table, seen from the collector. */
export interface WorkshopStore {
  listWorkshops(): Promise<Workshop[]>;
  putWorkshop(workshop: Workshop): Promise<void>;
  /** Current state of every NLB of a workshop, with versions. */
  loadNlbStates(workshopId: string): Promise<Map<string, { state: NlbState; version: number }>>;
  /**
   * Writes one NLB's new state and its transitions atomically, only if the stored version is
   * still `previous.version` (or absent when `previous` is undefined); otherwise throws
   * {@link ConcurrentUpdateError} and writes nothing. On success the stored version becomes
   * `previous.version + 1` (1 for a new NLB). Transition ids are deterministic, so a retried
   * write never stores one twice.
   */
  applyUpdate(update: NlbUpdate, retentionDays: number): Promise<void>;
  /** Transitions of a workshop, newest first (optionally one NLB). */
  listTransitions(
    workshopId: string,
    options?: { loadBalancerName?: string; limit?: number },
  ): Promise<Transition[]>;
  putHeartbeat(heartbeat: SweepHeartbeat): Promise<void>;
  getHeartbeat(workshopId: string): Promise<SweepHeartbeat | undefined>;
  stats(): StoreStats;
}

/** One NLB's counts, for the optional per-NLB metrics. */
export interface NlbMetrics {
  workshopId: string;
  loadBalancerName: string;
  targets: number;
  targetsByState: Record<string, number>;
  stuck: number;
}

/** What a sweep reports to monitoring. */
export interface SweepReport {
  /** Epoch ms the sweep finished. */
  at: number;
  durationMs: number;
  errors: number;
  elbApiCalls: number;
  workshops: SweepHeartbeat[];
  loadBalancers: NlbMetrics[];
}

/** Where sweep metrics go (CloudWatch in production and in the simulator). */
export interface MetricsSink {
  publish(report: SweepReport): Promise<void>;
}

/** The collector's notion of time: injectable so tests drive it without sleeping. */
export interface CollectorClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type { NlbSnapshot };

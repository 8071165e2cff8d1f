import type { Transition } from "../model/transition.ts";
import type { Workshop } from "../model/workshop.ts";
import type { NlbUpdate, StoreStats, SweepHeartbeat, VersionedNlbState } from "./store-types.ts";

/**
 * targetwatch's DynamoDB table, as the collector uses it in a sweep. Every request stops
 * (rejects with the signal's reason) when the optional `signal` aborts: the sweep's deadlines.
 */
export interface CollectorStore {
  /** Every configured workshop. */
  listWorkshops(signal?: AbortSignal): Promise<Workshop[]>;
  /** Current state of every NLB of a workshop, with versions, keyed by NLB ARN. */
  loadNlbStates(workshopId: string, signal?: AbortSignal): Promise<Map<string, VersionedNlbState>>;
  /**
   * Writes one NLB's new state and its transitions atomically, only if the stored version is
   * still `previous.version` (or absent when `previous` is undefined); otherwise throws
   * {@link ConcurrentUpdateError} and writes nothing. On success the stored version becomes
   * `previous.version + 1` (1 for a new NLB). Transition ids are deterministic, so a retried
   * write never stores one twice.
   */
  applyUpdate(update: NlbUpdate, retentionDays: number, signal?: AbortSignal): Promise<void>;
  /**
   * One NLB's transitions in a workshop at or after `since` (epoch ms), any order: the history a
   * workshop that starts watching the NLB adopts with its state.
   */
  loadNlbHistory(
    workshopId: string,
    loadBalancerName: string,
    since: number,
    signal?: AbortSignal,
  ): Promise<Transition[]>;
  putHeartbeat(heartbeat: SweepHeartbeat, signal?: AbortSignal): Promise<void>;
  getHeartbeat(workshopId: string, signal?: AbortSignal): Promise<SweepHeartbeat | undefined>;
  stats(): StoreStats;
}

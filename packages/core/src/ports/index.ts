/**
 * The ports of the core, by who uses them: the collector ({@link CollectorStore},
 * {@link TargetHealthSource}, {@link MetricsSink}, {@link CollectorClock}), the API
 * ({@link ApiStore}, {@link AlarmPort}), and the data both sides share.
 */
export type { NlbSnapshot } from "../model/snapshot.ts";
export type { AlarmPort, AlarmState, StuckAlarmDescriptions } from "./alarms.ts";
export type { ApiStore } from "./api-store.ts";
export type { CallerIdentityAnswer, CallerIdentityPort } from "./caller-identity.ts";
export { type CollectorClock, DeadlineExceededError } from "./clock.ts";
export type { CollectorStore } from "./collector-store.ts";
export type { MetricsSink, NlbMetrics, SweepReport } from "./metrics.ts";
export {
  jitteredBackoffMs,
  MAX_UPDATE_ATTEMPTS,
  type OptimisticUpdate,
  updateOptimistically,
  type Versioned,
  type WorkshopMutation,
  WorkshopUpdateConflictError,
} from "./optimistic-update.ts";
export {
  ConcurrentUpdateError,
  type NlbStatePageOptions,
  type NlbUpdate,
  type StorePage,
  type StoreStats,
  type SweepHeartbeat,
  type TransitionPage,
  type TransitionPageOptions,
  type VersionedNlbState,
  type WorkshopSummary,
} from "./store-types.ts";
export type { AccountSources, SourceStats, TargetHealthSource } from "./target-health-source.ts";

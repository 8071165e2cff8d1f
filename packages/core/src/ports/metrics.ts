import type { SweepHeartbeat } from "./store-types.ts";

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
  /** NLB writes that found an overlapping sweep there first (refused, or re-diffed against what it stored). */
  conflicts: number;
  workshops: SweepHeartbeat[];
  loadBalancers: NlbMetrics[];
}

/** Where sweep metrics go (CloudWatch in production and in the simulator). */
export interface MetricsSink {
  /** Publishes one sweep; stops when `signal` aborts (the sweep's deadline). */
  publish(report: SweepReport, signal?: AbortSignal): Promise<void>;
}

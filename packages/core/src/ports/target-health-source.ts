import type { RegionSnapshot, TargetHealthSample } from "../model/snapshot.ts";

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
   * groups and target health. An NLB whose reads failed appears in `failures` instead. Every
   * call stops (rejects) when `signal` aborts: the sweep's deadline.
   */
  discover(
    region: string,
    select: (nlb: { name: string; tags: Record<string, string> }) => boolean,
    signal?: AbortSignal,
  ): Promise<RegionSnapshot>;
  /**
   * Re-reads the health of the given target groups only (burst sampling), each with the read
   * that gave it. A group that fails maps to an Error instead.
   */
  sampleTargetGroups(
    region: string,
    targetGroupArns: string[],
    signal?: AbortSignal,
  ): Promise<Map<string, TargetHealthSample | Error>>;
  stats(): SourceStats;
}

import type { AccountAccess } from "../model/scope.ts";
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

/**
 * The sources of participant accounts, each read through the role assumed there. Each access
 * has its own source (its own rate limit per region: every account has its own ELBv2 bucket),
 * all of them under one cap of calls in flight.
 */
export interface AccountSources {
  /**
   * Makes sure the access's credentials are at hand (AssumeRole, unless cached credentials are
   * still good for a few minutes); rejects with STS's error (`name` `AccessDenied` when the role
   * cannot be assumed), or the abort reason once `signal` aborts.
   */
  assume(access: AccountAccess, signal?: AbortSignal): Promise<void>;
  /** The source reading the account through the access (the same one every time). */
  for(access: AccountAccess): TargetHealthSource;
  /** ELBv2 calls of every account's source, and AssumeRole calls. */
  stats(): SourceStats & { assumeRoleCalls: number };
}

/**
 * Callers of an account's ELBv2 API other than the requests the simulator serves — the
 * participants' AWS Load Balancer Controllers — which draw from the same per-account, per-region
 * `Describe*` bucket, as AWS counts every caller in the account.
 */
export interface BackgroundCallers {
  /**
   * Steady `Describe*` calls per second in the account's `region` right now (polling), drawn at
   * that rate in wall time, as the real controllers poll whatever the simulation's speed.
   */
  describeCallsPerSecond(accountId: string, region: string): number;
  /**
   * One-off `Describe*` calls (reconciles) made in the account's `region` since last asked, and
   * within the last `withinSeconds` of simulated time: older ones no longer weigh on a bucket that
   * has had that long to refill, however fast the world was played.
   */
  takeDescribeCalls(accountId: string, region: string, withinSeconds: number): number;
}

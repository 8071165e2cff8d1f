interface Made {
  at: number;
  calls: number;
}

/**
 * The one-off ELBv2 `Describe*` calls the AWS Load Balancer Controllers of one account make
 * (each reconcile reads the NLB, its target groups, listeners and tags), per region, kept until
 * the account's throttling bucket takes them. Steady polling is a rate the controller computes
 * from what it watches instead.
 */
export class DescribeCallLedger {
  readonly #made = new Map<string, Made[]>();

  /** The controller made `calls` Describe* calls in `region` at simulated `at`. */
  add(region: string, calls: number, at: number): void {
    if (calls <= 0) return;
    const made = this.#made.get(region) ?? [];
    made.push({ at, calls });
    this.#made.set(region, made);
  }

  /**
   * The calls made in `region` at or after simulated `since`, forgetting all taken so far: calls
   * older than that no longer weigh on a bucket that has had time to refill since.
   */
  take(region: string, since: number): number {
    const made = this.#made.get(region) ?? [];
    this.#made.delete(region);
    return made.reduce((sum, m) => sum + (m.at >= since ? m.calls : 0), 0);
  }
}

/**
 * AWS throttles ELBv2 Describe* calls per account and region with a token bucket: `burst`
 * requests at once, refilled at `ratePerSecond`. It runs on wall time, not simulated time,
 * because it models request rate, which speeding up the scenario does not change. Other callers
 * of the same account (its Load Balancer Controllers) draw from it too: a steady rate, counted
 * against the refill, and one-off calls taken at once.
 */
export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  #tokens: number;
  #last: number;
  /** Calls other callers made, and those of them that found the bucket empty (fractions kept). */
  readonly others = { calls: 0, throttled: 0 };

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.#tokens = burst;
    this.#last = now;
  }

  /**
   * Refills for the wall time since the last look, less what other callers drew meanwhile at
   * `othersPerSecond`; what they asked beyond an empty bucket counts as throttled for them.
   */
  advance(nowMs: number, othersPerSecond = 0): void {
    const elapsed = Math.max(0, nowMs - this.#last) / 1000;
    this.#last = Math.max(this.#last, nowMs);
    const level = this.#tokens + elapsed * (this.ratePerSecond - othersPerSecond);
    this.others.calls += elapsed * othersPerSecond;
    if (level < 0) this.others.throttled += -level;
    this.#tokens = Math.min(this.burst, Math.max(0, level));
  }

  /** Other callers make `calls` calls at once; those beyond the tokens left are throttled. */
  drawOthers(calls: number): void {
    const served = Math.min(calls, Math.floor(this.#tokens));
    this.#tokens -= served;
    this.others.calls += calls;
    this.others.throttled += calls - served;
  }

  /** Takes one token if there is one; `nowMs` is wall time in ms. */
  tryTake(nowMs: number): boolean {
    this.advance(nowMs);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    return false;
  }
}

/**
 * AWS throttles ELBv2 Describe* calls per account and region with a token bucket: `burst`
 * requests at once, refilled at `ratePerSecond`. It runs on wall time, not simulated time,
 * because it models request rate, which speeding up the scenario does not change.
 */
export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  #tokens: number;
  #last: number;

  constructor(ratePerSecond: number, burst: number, now: number) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes one token if there is one; `nowMs` is wall time in ms. */
  tryTake(nowMs: number): boolean {
    const elapsed = Math.max(0, nowMs - this.#last) / 1000;
    this.#tokens = Math.min(this.burst, this.#tokens + elapsed * this.ratePerSecond);
    this.#last = nowMs;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    return false;
  }
}

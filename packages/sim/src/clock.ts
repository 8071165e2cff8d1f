/**
 * Simulated time. Tests drive it by hand (`advance`) so nothing depends on sleeps; a live run
 * maps wall time onto simulated time at `speed` so a ten-minute walkthrough plays in seconds.
 */
export interface Clock {
  /** Simulated epoch milliseconds. Never decreases. */
  now(): number;
}

export interface ManualClockOptions {
  /** Simulated epoch ms at creation. */
  start: number;
}

export interface LiveClockOptions {
  /** Simulated epoch ms at creation; defaults to the wall clock. */
  start?: number;
  /** Simulated seconds per wall second. */
  speed?: number;
  /** Wall clock in ms, injectable for tests. */
  wallNow?: () => number;
}

export class VirtualClock implements Clock {
  readonly speed: number;
  readonly #wallNow: () => number;
  readonly #wallStart: number;
  readonly #simStart: number;
  #offset = 0;
  #last = Number.NEGATIVE_INFINITY;

  private constructor(simStart: number, speed: number, wallNow: () => number) {
    this.speed = speed;
    this.#wallNow = wallNow;
    this.#wallStart = wallNow();
    this.#simStart = simStart;
  }

  /** A clock that only moves when told to (speed 0). */
  static manual(options: ManualClockOptions): VirtualClock {
    return new VirtualClock(options.start, 0, () => 0);
  }

  /** A clock that follows the wall clock, `speed` times faster. */
  static live(options: LiveClockOptions = {}): VirtualClock {
    const wallNow = options.wallNow ?? Date.now;
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new RangeError(`speed must be a positive number, got ${speed}`);
    return new VirtualClock(options.start ?? wallNow(), speed, wallNow);
  }

  now(): number {
    const t = Math.floor(this.#simStart + (this.#wallNow() - this.#wallStart) * this.speed + this.#offset);
    // Monotonic even if the wall clock steps back (NTP) — simulated time must never rewind.
    this.#last = Math.max(this.#last, t);
    return this.#last;
  }

  /**
   * Simulated time and the wall time (`Date.now()` for a live clock) it was read at, as one
   * reading: another process can follow a live clock from it, `epochMs + (wall − wallMs) × speed`.
   */
  reading(): { epochMs: number; wallMs: number } {
    const wallMs = this.#wallNow();
    const t = Math.floor(this.#simStart + (wallMs - this.#wallStart) * this.speed + this.#offset);
    this.#last = Math.max(this.#last, t);
    return { epochMs: this.#last, wallMs };
  }

  /** Jumps simulated time forward by `ms`. */
  advance(ms: number): number {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new RangeError(`can only advance by a finite, non-negative amount, got ${ms}`);
    this.#offset += ms;
    return this.now();
  }

  /** Jumps simulated time forward to `epochMs` (no-op if already past it). */
  advanceTo(epochMs: number): number {
    const now = this.now();
    if (epochMs > now) this.advance(epochMs - now);
    return this.now();
  }
}

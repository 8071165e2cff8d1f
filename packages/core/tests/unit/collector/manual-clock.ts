// A test fake of the collector's clock: time moves only when the sweep sleeps or the test says so.
import type { CollectorClock } from "../../../src/ports/index.ts";

export class ManualClock implements CollectorClock {
  /** Every sleep the sweep asked for, in ms. */
  readonly sleeps: number[] = [];
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.#now += ms;
  }

  advanceTo(at: number): void {
    if (at < this.#now) throw new RangeError(`The clock does not go back: ${at} < ${this.#now}`);
    this.#now = at;
  }
}

// A test fake of the collector's clock: time moves only when the sweep sleeps or the test says so.
import { type CollectorClock, DeadlineExceededError } from "../../../src/ports/index.ts";

export class ManualClock implements CollectorClock {
  /** Every sleep the sweep asked for, in ms. */
  readonly sleeps: number[] = [];
  readonly #deadlines = new Set<{ at: number; controller: AbortController }>();
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.#move(this.#now + ms);
  }

  deadline(at: number): AbortSignal {
    const controller = new AbortController();
    this.#deadlines.add({ at, controller });
    this.#move(this.#now);
    return controller.signal;
  }

  /** Moves time forward; deadlines reached abort their signals. */
  advanceTo(at: number): void {
    if (at < this.#now) throw new RangeError(`The clock does not go back: ${at} < ${this.#now}`);
    this.#move(at);
  }

  #move(at: number): void {
    this.#now = at;
    for (const entry of this.#deadlines) {
      if (at < entry.at) continue;
      this.#deadlines.delete(entry);
      entry.controller.abort(new DeadlineExceededError(entry.at));
    }
  }
}

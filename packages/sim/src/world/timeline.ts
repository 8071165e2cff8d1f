import { partitionPoint } from "../sorted.ts";

interface Scheduled {
  at: number;
  run: () => void;
}

/**
 * Simulated time of the world and its event queue. Time only moves through {@link advanceTo}:
 * due events run in time order (insertion order for equal times), and while one runs, `now` is
 * its own instant, so anything it reads or records happens exactly then however coarsely time is
 * advanced. An event may schedule further events, even earlier than the target time; they run in
 * the same advance.
 */
export class Timeline {
  readonly #queue: Scheduled[] = [];
  #now: number;

  /** @param start Simulated epoch ms at which time starts. */
  constructor(start: number) {
    this.#now = start;
  }

  /** Simulated epoch ms; never decreases. */
  get now(): number {
    return this.#now;
  }

  /** Runs everything scheduled up to `now`, in order, each at its own time, then stands at `now`. */
  advanceTo(now: number): void {
    while (this.#queue.length > 0 && (this.#queue[0] as Scheduled).at <= now) {
      const next = this.#queue.shift() as Scheduled;
      this.#now = Math.max(this.#now, next.at);
      next.run();
    }
    this.#now = Math.max(this.#now, now);
  }

  /** Queues `run` at simulated `at`; an `at` already past runs on the next {@link advanceTo}. */
  schedule(at: number, run: () => void): void {
    // After every event at the same time or earlier: ordered by time, then by insertion.
    const index = partitionPoint(this.#queue.length, (i) => (this.#queue[i] as Scheduled).at <= at);
    this.#queue.splice(index, 0, { at, run });
  }

  /** Time of the next queued event, if any. */
  nextEventAt(): number | undefined {
    return this.#queue[0]?.at;
  }
}

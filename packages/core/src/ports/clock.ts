/** The collector's notion of time: injectable so tests drive it without sleeping. */
export interface CollectorClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  /**
   * A signal that aborts, with a {@link DeadlineExceededError}, once `now()` reaches `at`: the
   * sweep's deadlines, passed to every request so a stalled one ends on this clock's time.
   */
  deadline(at: number): AbortSignal;
}

/** Why a deadline signal aborted: the sweep's time for this work ran out. */
export class DeadlineExceededError extends Error {
  /** The deadline, epoch ms on the collector's clock. */
  readonly deadline: number;

  constructor(deadline: number) {
    super(`deadline ${new Date(deadline).toISOString()} passed`);
    this.name = "DeadlineExceededError";
    this.deadline = deadline;
  }
}

/** The collector's notion of time: injectable so tests drive it without sleeping. */
export interface CollectorClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

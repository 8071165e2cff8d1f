import type { CollectorClock } from "../ports/index.ts";

/** One deadline of a sweep: when (epoch ms, collector clock), and the signal that aborts then. */
export interface Deadline {
  at: number;
  signal: AbortSignal;
}

/**
 * A sweep's deadlines, from last to first: everything ends by `end` (the sweep's budget); the
 * heartbeats and metrics get the last stretch before it, the writes of what was read the one
 * before that, so a stalled read still leaves time to record and publish what is known.
 */
export interface SweepDeadlines {
  /** Discovery reads. */
  read: Deadline;
  /** Diffs, writes and burst rounds. */
  work: Deadline;
  /** Heartbeats and metrics. */
  end: Deadline;
}

/**
 * The last stretch of a budget kept for each later part: a fifth of it, at most 3 s — the
 * heartbeats and metrics take well under a second, and every second kept from the burst rounds
 * is a second of the minute nothing is read.
 */
const RESERVE_SHARE = 0.2;
const MAX_RESERVE_MS = 3_000;

export function sweepDeadlines(clock: CollectorClock, startedAt: number, end: number): SweepDeadlines {
  const reserve = Math.min(MAX_RESERVE_MS, Math.max(0, end - startedAt) * RESERVE_SHARE);
  const at = (time: number): Deadline => ({
    at: time,
    // No deadline, no timer: tests of single phases run without one.
    signal: Number.isFinite(time) ? clock.deadline(time) : new AbortController().signal,
  });
  return { read: at(end - 2 * reserve), work: at(end - reserve), end: at(end) };
}

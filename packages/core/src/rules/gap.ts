/**
 * When a transition's window crosses a gap in the observations. A window is normally one sampling
 * interval wide; wider, reads are missing (a failed sweep, the collector or the store down) and
 * the change it reports may hide others nobody recorded.
 */
export interface GapPolicy {
  /** A window wider than this (ms) crosses a gap: the longest a healthy schedule leaves between two reads. */
  maxWindowMs: number;
  /**
   * Reads up to this instant may have gone unrecorded (the store was unavailable until then): a
   * window that opens before it crosses the gap.
   */
  unrecordedUntil?: number;
}

/**
 * Whether a window crosses a gap: the previous state carried a read error (reads failed in
 * between), the window opens before the end of an unrecorded period, or it is wider than the
 * policy's `maxWindowMs`. Without a policy only the first applies.
 *
 * @example
 * ```ts
 * crossesGap([t, t + 60_000], { maxWindowMs: 90_000 });  // false
 * crossesGap([t, t + 180_000], { maxWindowMs: 90_000 }); // true
 * ```
 */
export function crossesGap(
  window: readonly [number, number],
  policy: GapPolicy | undefined,
  previousFailed = false,
): boolean {
  if (previousFailed) return true;
  if (!policy) return false;
  const [start, end] = window;
  if (policy.unrecordedUntil !== undefined && start < policy.unrecordedUntil) return true;
  return end - start > policy.maxWindowMs;
}

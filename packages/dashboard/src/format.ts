// Text for durations and times, short enough for a table cell and read from across a room.

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A duration in the largest two units: `42s`, `4m 05s`, `1h 02m`; `–` when unknown.
 *
 * @example
 * ```ts
 * formatDuration(245);  // "4m 05s"
 * ```
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const total = Math.max(0, Math.floor(seconds));
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${pad(total % 60)}s`;
  return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

/** "12 s ago" style age, for the data's freshness. */
export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "never";
  return `${formatDuration(seconds)} ago`;
}

/** A clock time `14:05` in the viewer's time zone, for chart axes. */
export function formatClock(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A value that grows with time, as of now: its value at `generatedAt` plus the time since. */
export function advanced(seconds: number | null | undefined, elapsedSeconds: number): number | null {
  return seconds === null || seconds === undefined ? null : seconds + elapsedSeconds;
}

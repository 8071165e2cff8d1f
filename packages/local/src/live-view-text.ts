// Text layout for the live view: fixed widths, cut with an ellipsis, never wrapped by the terminal.

/** `text` cut to `width` characters, its last one an ellipsis when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/**
 * Segments packed into lines of at most `width`, two spaces apart, in order: a segment goes on
 * the next line rather than being split; one wider than a line on its own is cut.
 *
 * @example
 * ```ts
 * pack(["targetwatch 09:07:30 UTC", "API http://127.0.0.1:3000"], 30); // two lines
 * ```
 */
export function pack(segments: readonly string[], width: number, indent = ""): string[] {
  const lines: string[] = [];
  let line = "";
  for (const segment of segments.filter((s) => s.length > 0)) {
    const candidate = line ? `${line}  ${segment}` : `${lines.length ? indent : ""}${segment}`;
    if (line && candidate.length > width) {
      lines.push(line);
      line = `${indent}${segment}`;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => truncate(l, width));
}

/** Rows as columns padded to the widest cell, two spaces apart, each line cut to `width`. */
export function table(rows: readonly (readonly string[])[], width: number): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) =>
    truncate(
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
      width,
    ),
  );
}

/**
 * Seconds as `59s` or `1m05s`, rounded to the second.
 *
 * @example
 * ```ts
 * formatDuration(65); // "1m05s"
 * ```
 */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

/** A count of things, `1 NLB` / `3 NLBs`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** One bar of a histogram: values in [fromSeconds, toSeconds). */
export interface HistogramBin {
  fromSeconds: number;
  toSeconds: number;
  count: number;
}

/** Bin widths a person reads at a glance, narrowest first. */
const WIDTHS = [5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * A histogram of durations in seconds (times to healthy) with round bin widths: the narrowest
 * width of 5 s, 10 s, 15 s, 30 s, 1, 2, 5, 10, 30 or 60 min (or hours, doubling) that needs at most `maxBins` bins,
 * starting at a multiple of the width. Empty bins in between are kept, so bars line up with a
 * time axis; values that are not finite or negative are ignored.
 *
 * @example
 * ```ts
 * histogram([62, 75, 95, 170]); // 15 s bins: [60,75) 1, [75,90) 1, [90,105) 1, …, [165,180) 1
 * ```
 */
export function histogram(seconds: readonly number[], maxBins = 12): HistogramBin[] {
  const most = Math.max(1, Math.floor(maxBins));
  const values = seconds.filter((v) => Number.isFinite(v) && v >= 0);
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const fits = (width: number) => Math.floor(max / width) - Math.floor(min / width) + 1 <= most;
  let width = WIDTHS.find(fits) ?? 7200;
  while (!fits(width)) width *= 2;
  const first = Math.floor(min / width);
  const bins = Array.from({ length: Math.floor(max / width) - first + 1 }, (_, i) => ({
    fromSeconds: (first + i) * width,
    toSeconds: (first + i + 1) * width,
    count: 0,
  }));
  for (const value of values) (bins[Math.floor(value / width) - first] as HistogramBin).count += 1;
  return bins;
}

/**
 * What one PutMetricData datum contributes: a single value, a `Values`/`Counts` array or a
 * `StatisticValues` set all reduce to count/sum/min/max. Raw values are kept (with their counts)
 * only when the datum carried them, because percentiles cannot be derived from a statistic set —
 * CloudWatch returns no percentile for such data either.
 */
export interface Sample {
  /** Epoch ms the value is for (the datum's Timestamp). */
  at: number;
  unit: string;
  count: number;
  sum: number;
  min: number;
  max: number;
  /** `[value, count]` pairs; undefined for statistic sets. */
  values: Array<readonly [number, number]> | undefined;
}

export type BasicStatistic = "SampleCount" | "Sum" | "Average" | "Minimum" | "Maximum";

/** A statistic CloudWatch can compute here: a basic one or a percentile `pNN(.NN)`. */
export type Statistic =
  | { kind: "basic"; name: BasicStatistic }
  | { kind: "percentile"; name: string; p: number };

export const BASIC_STATISTICS: readonly BasicStatistic[] = [
  "SampleCount",
  "Sum",
  "Average",
  "Minimum",
  "Maximum",
];

const PERCENTILE = /^p(\d{1,3}(?:\.\d{1,10})?)$/;

/** Parses `Average`, `p99`, `p99.9`…; undefined for anything else (trimmed means, IQM… are not simulated). */
export function parseStatistic(text: string): Statistic | undefined {
  if ((BASIC_STATISTICS as readonly string[]).includes(text))
    return { kind: "basic", name: text as BasicStatistic };
  return parsePercentile(text);
}

export function parsePercentile(text: string): Statistic | undefined {
  const match = PERCENTILE.exec(text);
  if (!match?.[1]) return undefined;
  const p = Number(match[1]);
  return p >= 0 && p <= 100 ? { kind: "percentile", name: text, p } : undefined;
}

/** The statistic over `samples`, or undefined when they yield none (no samples, or a percentile of statistic sets). */
export function computeStatistic(statistic: Statistic, samples: readonly Sample[]): number | undefined {
  if (samples.length === 0) return undefined;
  if (statistic.kind === "percentile") return percentile(statistic.p, samples);
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const sample of samples) {
    count += sample.count;
    sum += sample.sum;
    if (sample.min < min) min = sample.min;
    if (sample.max > max) max = sample.max;
  }
  if (count <= 0) return undefined;
  switch (statistic.name) {
    case "SampleCount":
      return count;
    case "Sum":
      return sum;
    case "Average":
      return sum / count;
    case "Minimum":
      return min;
    case "Maximum":
      return max;
  }
}

/** Total sample count, reported in StateReasonData's `evaluatedDatapoints`. */
export function sampleCount(samples: readonly Sample[]): number {
  let count = 0;
  for (const sample of samples) count += sample.count;
  return count;
}

/**
 * Nearest-rank percentile over the weighted raw values. CloudWatch's own percentiles are
 * approximations too (it buckets values), so the simulator only promises the exact nearest rank.
 */
function percentile(p: number, samples: readonly Sample[]): number | undefined {
  const weighted: Array<readonly [number, number]> = [];
  let total = 0;
  for (const sample of samples) {
    if (!sample.values) continue;
    for (const pair of sample.values) {
      if (pair[1] <= 0) continue;
      weighted.push(pair);
      total += pair[1];
    }
  }
  if (total === 0) return undefined;
  weighted.sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [value, count] of weighted) {
    seen += count;
    if (seen >= rank) return value;
  }
  return weighted[weighted.length - 1]?.[0];
}

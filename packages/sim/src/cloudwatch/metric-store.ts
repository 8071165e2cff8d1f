import { partitionPoint } from "../sorted.ts";
import { computeStatistic, type Sample, type Statistic, sampleCount } from "./statistics.ts";

export interface Dimension {
  Name: string;
  Value: string;
}

/** Namespace + name + dimension set: what CloudWatch calls a metric. */
export interface MetricIdentity {
  namespace: string;
  metricName: string;
  dimensions: readonly Dimension[];
}

export interface StoredMetric extends MetricIdentity {
  key: string;
  /** Sorted by `at`; equal timestamps keep arrival order. */
  samples: Sample[];
  /** Simulated ms of the last PutMetricData that touched it (ListMetrics' `RecentlyActive`). */
  lastPutAt: number;
}

/** One period's statistic; `start` is the period's first epoch ms. */
export interface PeriodStatistic {
  start: number;
  value: number;
  sampleCount: number;
}

export interface MetricQuery {
  /** Inclusive, and the first period starts here. */
  start: number;
  /** Exclusive. */
  end: number;
  periodMs: number;
  statistic: Statistic;
  /** Only samples published with this unit count, as in CloudWatch. */
  unit?: string | undefined;
}

export interface ListMetricsFilter {
  namespace?: string | undefined;
  metricName?: string | undefined;
  /** Name only matches any value. A metric matches when it has every filtered dimension. */
  dimensions?: ReadonlyArray<{ Name: string; Value?: string | undefined }> | undefined;
  /** Only metrics with data put at or after this simulated ms. */
  activeSince?: number | undefined;
}

/** CloudWatch keeps 1-minute data 15 days; older samples are dropped so the store stays bounded. */
export const RETENTION_MS = 15 * 24 * 60 * 60 * 1000;
/** Guards a runaway publisher (e.g. per-second data for 15 days) from exhausting memory. */
export const MAX_SAMPLES_PER_METRIC = 200_000;

/** The identity key: dimension order does not make a different metric, so dimensions are sorted. */
export function metricKey(identity: MetricIdentity): string {
  const dims = [...identity.dimensions].sort((a, b) => compare(a.Name, b.Name)).map((d) => [d.Name, d.Value]);
  return JSON.stringify([identity.namespace, identity.metricName, dims]);
}

/**
 * Samples of one region, indexed by metric identity and, within a metric, by time (binary search),
 * so an alarm evaluation or a GetMetricData period costs O(log n + samples in range).
 */
export class MetricStore {
  readonly #metrics = new Map<string, StoredMetric>();
  #sortedKeys: string[] | undefined;

  get size(): number {
    return this.#metrics.size;
  }

  get(identity: MetricIdentity): StoredMetric | undefined {
    return this.#metrics.get(metricKey(identity));
  }

  add(identity: MetricIdentity, sample: Sample, now: number): void {
    const key = metricKey(identity);
    let metric = this.#metrics.get(key);
    if (!metric) {
      const dimensions = [...identity.dimensions].sort((a, b) => compare(a.Name, b.Name));
      metric = {
        key,
        namespace: identity.namespace,
        metricName: identity.metricName,
        dimensions,
        samples: [],
        lastPutAt: now,
      };
      this.#metrics.set(key, metric);
      this.#sortedKeys = undefined;
    }
    metric.lastPutAt = now;
    const samples = metric.samples;
    const last = samples[samples.length - 1];
    // Publishers almost always send in time order; only late data pays for the splice.
    if (!last || last.at <= sample.at) samples.push(sample);
    else samples.splice(upperBound(samples, sample.at), 0, sample);
    if (samples.length > MAX_SAMPLES_PER_METRIC) samples.splice(0, samples.length - MAX_SAMPLES_PER_METRIC);
  }

  /** Statistic per period that has data, oldest first. */
  query(identity: MetricIdentity, query: MetricQuery): PeriodStatistic[] {
    const metric = this.get(identity);
    if (!metric || query.end <= query.start) return [];
    const samples = metric.samples;
    const out: PeriodStatistic[] = [];
    let i = lowerBound(samples, query.start);
    while (i < samples.length) {
      const first = samples[i];
      if (!first || first.at >= query.end) break;
      const start = query.start + Math.floor((first.at - query.start) / query.periodMs) * query.periodMs;
      const stop = Math.min(start + query.periodMs, query.end);
      const inPeriod: Sample[] = [];
      for (; i < samples.length; i++) {
        const sample = samples[i];
        if (!sample || sample.at >= stop) break;
        if (query.unit === undefined || sample.unit === query.unit) inPeriod.push(sample);
      }
      const value = computeStatistic(query.statistic, inPeriod);
      if (value !== undefined) out.push({ start, value, sampleCount: sampleCount(inPeriod) });
    }
    return out;
  }

  /** Epoch ms of the first sample at or after `at`, if any. */
  firstSampleAtOrAfter(identity: MetricIdentity, at: number): number | undefined {
    const metric = this.get(identity);
    if (!metric) return undefined;
    return metric.samples[lowerBound(metric.samples, at)]?.at;
  }

  /** Metrics matching `filter`, sorted by key, starting after `afterKey`. */
  list(filter: ListMetricsFilter, afterKey: string | undefined, limit: number): StoredMetric[] {
    if (!this.#sortedKeys) this.#sortedKeys = [...this.#metrics.keys()].sort(compare);
    const keys = this.#sortedKeys;
    const out: StoredMetric[] = [];
    for (
      let i = afterKey === undefined ? 0 : upperBoundKey(keys, afterKey);
      i < keys.length && out.length < limit;
      i++
    ) {
      const metric = this.#metrics.get(keys[i] as string);
      if (metric && matches(metric, filter)) out.push(metric);
    }
    return out;
  }

  /** Drops samples older than `before` and metrics left without any (they vanish from ListMetrics as in AWS). */
  prune(before: number): void {
    for (const [key, metric] of this.#metrics) {
      const keep = lowerBound(metric.samples, before);
      if (keep > 0) metric.samples.splice(0, keep);
      if (metric.samples.length === 0) {
        this.#metrics.delete(key);
        this.#sortedKeys = undefined;
      }
    }
  }
}

function matches(metric: StoredMetric, filter: ListMetricsFilter): boolean {
  if (filter.namespace !== undefined && metric.namespace !== filter.namespace) return false;
  if (filter.metricName !== undefined && metric.metricName !== filter.metricName) return false;
  if (filter.activeSince !== undefined && metric.lastPutAt < filter.activeSince) return false;
  for (const wanted of filter.dimensions ?? []) {
    const found = metric.dimensions.find((d) => d.Name === wanted.Name);
    if (!found || (wanted.Value !== undefined && found.Value !== wanted.Value)) return false;
  }
  return true;
}

/** Code-unit order, so pagination order never depends on the locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index whose sample is at or after `at`. */
function lowerBound(samples: readonly Sample[], at: number): number {
  return partitionPoint(samples.length, (i) => (samples[i] as Sample).at < at);
}

/** First index whose sample is after `at`. */
function upperBound(samples: readonly Sample[], at: number): number {
  return partitionPoint(samples.length, (i) => (samples[i] as Sample).at <= at);
}

/** First index whose key sorts after `key`. */
function upperBoundKey(keys: readonly string[], key: string): number {
  return partitionPoint(keys.length, (i) => compare(keys[i] as string, key) <= 0);
}

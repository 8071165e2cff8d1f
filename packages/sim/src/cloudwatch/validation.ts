import { CloudWatchError, invalidValue, missingParameter, tooMany } from "./errors.ts";
import type { Dimension, MetricIdentity } from "./metric-store.ts";
import type { DoubleRequest, MetricDataQueryRequest, TimestampRequest } from "./schemas.ts";
import { parseStatistic, type Statistic } from "./statistics.ts";
import { decodeToken } from "./wire.ts";

/** CloudWatch's StandardUnit enum. */
export const UNITS: ReadonlySet<string> = new Set([
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
]);

export const MAX_DIMENSIONS = 30;
/** CloudWatch rejects values beyond ±2^360 (its storage format's range). */
const MAX_MAGNITUDE = 2 ** 360;

export function checkLength(parameter: string, value: string, min: number, max: number): void {
  if (value.length < min || value.length > max) {
    throw invalidValue(parameter, value, `Its length must be between ${min} and ${max}.`);
  }
}

export function checkUnit(parameter: string, unit: string | undefined): void {
  if (unit !== undefined && !UNITS.has(unit)) throw invalidValue(parameter, unit);
}

/** A finite double within CloudWatch's range; `NaN`/`Infinity` arrive as strings from Smithy JSON. */
export function finiteDouble(parameter: string, value: DoubleRequest): number {
  if (typeof value !== "number" || !Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
    throw invalidValue(parameter, String(value), "Values must be finite and within -2^360 to 2^360.");
  }
  return value;
}

export function positiveInteger(parameter: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw invalidValue(parameter, String(value));
  return value;
}

/** Epoch ms from an awsJson1_0 timestamp (epoch seconds) or an ISO-8601 string. */
export function timestampMs(parameter: string, value: TimestampRequest): number {
  const ms = typeof value === "number" ? Math.round(value * 1000) : Date.parse(value);
  if (!Number.isFinite(ms)) throw invalidValue(parameter, String(value));
  return ms;
}

/** Dimension names and values within AWS's lengths, at most 30, and no name twice. */
export function checkDimensions(
  parameter: string,
  dimensions: readonly Dimension[] | undefined,
): Dimension[] {
  const dims = dimensions ?? [];
  if (dims.length > MAX_DIMENSIONS) throw tooMany(parameter, MAX_DIMENSIONS);
  const seen = new Set<string>();
  dims.forEach((d, i) => {
    checkLength(`${parameter}.member.${i + 1}.Name`, d.Name, 1, 255);
    checkLength(`${parameter}.member.${i + 1}.Value`, d.Value, 1, 1024);
    if (seen.has(d.Name)) {
      throw new CloudWatchError(
        "InvalidParameterValue",
        `The dimension name ${d.Name} appears more than once in ${parameter}.`,
      );
    }
    seen.add(d.Name);
  });
  return dims.map((d) => ({ Name: d.Name, Value: d.Value }));
}

export function checkStatistic(parameter: string, stat: string): Statistic {
  const statistic = parseStatistic(stat);
  if (!statistic) {
    throw invalidValue(
      parameter,
      stat,
      "Supported statistics: SampleCount, Sum, Average, Minimum, Maximum and percentiles pNN.NN.",
    );
  }
  return statistic;
}

/** GetMetricData periods: 1, 5, 10, 20 or 30 seconds (high resolution) or a multiple of 60. */
export function checkQueryPeriod(parameter: string, period: number): number {
  if (
    !Number.isInteger(period) ||
    period <= 0 ||
    (period % 60 !== 0 && ![1, 5, 10, 20, 30].includes(period))
  ) {
    throw invalidValue(parameter, String(period), "The period must be 1, 5, 10, 20, 30 or a multiple of 60.");
  }
  return period;
}

/**
 * Where a paginated call resumes: the position in `token` as `read` makes it out, or undefined
 * without a token. `InvalidNextToken` when the token is not one this operation issued or `read`
 * refuses its position.
 */
export function resumePosition<T>(
  operation: string,
  token: string | undefined,
  read: (position: string | number) => T | undefined,
): T | undefined {
  if (token === undefined) return undefined;
  const position = decodeToken(operation, token);
  const value = position === undefined ? undefined : read(position);
  if (value === undefined) throw new CloudWatchError("InvalidNextToken", "The NextToken is invalid.");
  return value;
}

/** A position that is a key to resume after. */
export function keyPosition(position: string | number): string | undefined {
  return typeof position === "string" ? position : undefined;
}

/** What a checked MetricStat asks for. */
export interface MetricStatQuery {
  metric: MetricIdentity;
  periodSeconds: number;
  statistic: Statistic;
  unit: string | undefined;
}

/**
 * A MetricStat as GetMetricData's queries and PutMetricAlarm's `Metrics` carry it, checked in
 * AWS's order; the two operations allow different periods (`checkPeriod`).
 */
export function checkMetricStat(
  path: string,
  stat: MetricDataQueryRequest["MetricStat"],
  checkPeriod: (parameter: string, period: number) => number,
): MetricStatQuery {
  if (!stat) throw new CloudWatchError("ValidationError", `The parameter ${path}.MetricStat is required.`);
  if (stat.Metric.Namespace === undefined) throw missingParameter(`${path}.MetricStat.Metric.Namespace`);
  if (stat.Metric.MetricName === undefined) throw missingParameter(`${path}.MetricStat.Metric.MetricName`);
  checkUnit(`${path}.MetricStat.Unit`, stat.Unit);
  return {
    metric: {
      namespace: stat.Metric.Namespace,
      metricName: stat.Metric.MetricName,
      dimensions: checkDimensions(`${path}.MetricStat.Metric.Dimensions`, stat.Metric.Dimensions),
    },
    periodSeconds: checkPeriod(`${path}.MetricStat.Period`, stat.Period),
    statistic: checkStatistic(`${path}.MetricStat.Stat`, stat.Stat),
    unit: stat.Unit,
  };
}

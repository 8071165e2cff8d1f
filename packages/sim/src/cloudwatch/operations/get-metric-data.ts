import { CloudWatchError, invalidValue, missingParameter, tooMany } from "../errors.ts";
import type { MetricIdentity, PeriodStatistic } from "../metric-store.ts";
import { GetMetricDataInput, type MetricDataQueryRequest, parseRequest } from "../schemas.ts";
import type { Statistic } from "../statistics.ts";
import {
  checkMetricStat,
  checkQueryPeriod,
  positiveInteger,
  resumePosition,
  timestampMs,
} from "../validation.ts";
import { encodeToken, toEpochSeconds } from "../wire.ts";
import type { OperationContext } from "./operation.ts";

export const MAX_METRIC_DATA_QUERIES = 500;
/** AWS's default and maximum number of datapoints per GetMetricData page. */
export const DEFAULT_MAX_DATAPOINTS = 100_800;
const ID_PATTERN = /^[a-z][a-zA-Z0-9_]*$/;
const MINUTE_MS = 60_000;

interface ResolvedQuery {
  id: string;
  label: string;
  returnData: boolean;
  identity: MetricIdentity;
  periodMs: number;
  statistic: Statistic;
  unit: string | undefined;
}

/**
 * MetricStat queries only. Metric math (`Expression`) is refused with `InvalidParameterValue`
 * naming the query: the simulator would otherwise have to implement CloudWatch's expression
 * language, and targetwatch does not use it.
 */
export function getMetricData(body: string, { region }: OperationContext): object {
  const input = parseRequest(GetMetricDataInput, body);
  if (input.MetricDataQueries.length === 0) throw missingParameter("MetricDataQueries");
  if (input.MetricDataQueries.length > MAX_METRIC_DATA_QUERIES)
    throw tooMany("MetricDataQueries", MAX_METRIC_DATA_QUERIES);
  const start = timestampMs("StartTime", input.StartTime);
  const end = timestampMs("EndTime", input.EndTime);
  if (start >= end) {
    throw new CloudWatchError(
      "InvalidParameterValue",
      "The parameter StartTime must be less than the parameter EndTime.",
    );
  }
  const scanBy = input.ScanBy ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending")
    throw invalidValue("ScanBy", scanBy);
  const maxDatapoints =
    input.MaxDatapoints === undefined
      ? DEFAULT_MAX_DATAPOINTS
      : positiveInteger("MaxDatapoints", input.MaxDatapoints);
  const offset =
    resumePosition("GetMetricData", input.NextToken, (position) =>
      typeof position === "number" && Number.isInteger(position) && position >= 0 ? position : undefined,
    ) ?? 0;

  const seen = new Set<string>();
  const queries = input.MetricDataQueries.map((query, i) =>
    resolveQuery(query, `MetricDataQueries.member.${i + 1}`, seen),
  );
  const series = queries
    .filter((q) => q.returnData)
    .map((q) => {
      // CloudWatch rounds StartTime down to the minute (to the period for sub-minute periods) and
      // lays the periods out from there.
      const align = Math.min(q.periodMs, MINUTE_MS);
      const origin = Math.floor(start / align) * align;
      const points = region.metrics.query(q.identity, {
        start: origin,
        end,
        periodMs: q.periodMs,
        statistic: q.statistic,
        unit: q.unit,
      });
      if (scanBy === "TimestampDescending") points.reverse();
      return { query: q, points };
    });
  return page(series, offset, maxDatapoints);
}

function resolveQuery(query: MetricDataQueryRequest, path: string, seen: Set<string>): ResolvedQuery {
  if (query.Id.length > 255 || !ID_PATTERN.test(query.Id)) {
    throw invalidValue(
      `${path}.Id`,
      query.Id,
      "Ids must start with a lowercase letter and contain only letters, digits and underscores.",
    );
  }
  if (seen.has(query.Id)) throw invalidValue(`${path}.Id`, query.Id, "Ids must be unique.");
  seen.add(query.Id);
  if (query.Expression !== undefined) {
    throw new CloudWatchError(
      "InvalidParameterValue",
      `${path}.Expression: metric math expressions are not supported by the targetwatch simulator; use MetricStat queries.`,
    );
  }
  const stat = checkMetricStat(path, query.MetricStat, checkQueryPeriod);
  return {
    id: query.Id,
    label: query.Label ?? stat.metric.metricName,
    returnData: query.ReturnData ?? true,
    identity: stat.metric,
    periodMs: stat.periodSeconds * 1000,
    statistic: stat.statistic,
    unit: stat.unit,
  };
}

/** Pages cut the concatenation of all series; the token is the offset into it. */
function page(
  series: readonly { query: ResolvedQuery; points: readonly PeriodStatistic[] }[],
  offset: number,
  maxDatapoints: number,
): object {
  const results = [];
  let skip = offset;
  let budget = maxDatapoints;
  let consumed = offset;
  let total = 0;
  for (const { query, points } of series) {
    total += points.length;
    const from = Math.min(skip, points.length);
    skip -= from;
    const take = Math.min(budget, points.length - from);
    budget -= take;
    consumed += take;
    const slice = points.slice(from, from + take);
    results.push({
      Id: query.id,
      Label: query.label,
      Timestamps: slice.map((p) => toEpochSeconds(p.start)),
      Values: slice.map((p) => p.value),
      StatusCode: from + take < points.length ? "PartialData" : "Complete",
      Messages: [],
    });
  }
  return {
    MetricDataResults: results,
    NextToken: consumed < total ? encodeToken("GetMetricData", consumed) : undefined,
    Messages: [],
  };
}

import {
  ANOMALY_COMPARISONS,
  THRESHOLD_COMPARISONS,
  type ThresholdComparison,
  TREAT_MISSING_DATA,
  type TreatMissingData,
} from "../alarm-evaluator.ts";
import type { AlarmConfiguration, AlarmSource, Tag } from "../alarm-store.ts";
import { CloudWatchError, invalidValue, missingParameter, tooMany } from "../errors.ts";
import { PutMetricAlarmInput, type PutMetricAlarmRequest, parseRequest } from "../schemas.ts";
import { BASIC_STATISTICS, parsePercentile } from "../statistics.ts";
import {
  checkDimensions,
  checkLength,
  checkMetricStat,
  checkUnit,
  finiteDouble,
  positiveInteger,
} from "../validation.ts";
import type { OperationContext } from "./operation.ts";

export const MAX_ACTIONS_PER_STATE = 5;
export const MAX_TAGS = 50;
/** A generous stand-in for the account's alarm quota, so runaway alarm creation still fails like AWS. */
export const DEFAULT_MAX_ALARMS_PER_REGION = 10_000;
const DAY_SECONDS = 86_400;

/** Creates the alarm, or replaces the configuration of the alarm with that name (its state is kept). */
export function putMetricAlarm(body: string, { ctx, region, maxAlarmsPerRegion }: OperationContext): object {
  const input = parseRequest(PutMetricAlarmInput, body);
  checkLength("AlarmName", input.AlarmName, 1, 255);
  if (input.AlarmDescription !== undefined) checkLength("AlarmDescription", input.AlarmDescription, 0, 1024);
  const source = resolveSource(input);
  const { evaluationPeriods, datapointsToAlarm } = checkEvaluationRange(input, source);
  const { comparisonOperator, threshold } = checkComparison(input);
  checkEvaluationOptions(input, source);

  const okActions = checkActions("OKActions", input.OKActions, ctx.region);
  const alarmActions = checkActions("AlarmActions", input.AlarmActions, ctx.region);
  const insufficientDataActions = checkActions(
    "InsufficientDataActions",
    input.InsufficientDataActions,
    ctx.region,
  );
  const tags = checkTags(input.Tags);

  if (!region.alarms.alarms.has(input.AlarmName) && region.alarms.alarms.size >= maxAlarmsPerRegion) {
    throw new CloudWatchError(
      "LimitExceeded",
      "The maximum number of alarms for this account has been reached.",
    );
  }

  const config: AlarmConfiguration = {
    description: input.AlarmDescription,
    actionsEnabled: input.ActionsEnabled ?? true,
    okActions,
    alarmActions,
    insufficientDataActions,
    metricName: input.MetricName,
    namespace: input.Namespace,
    statistic: input.Statistic,
    extendedStatistic: input.ExtendedStatistic,
    dimensions: input.Metrics ? undefined : source.metric.dimensions.map((d) => ({ ...d })),
    period: input.Period,
    unit: input.Unit,
    metrics: input.Metrics,
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparisonOperator,
    treatMissingData: input.TreatMissingData as TreatMissingData | undefined,
    evaluateLowSampleCountPercentile: input.EvaluateLowSampleCountPercentile,
    source,
  };
  region.alarms.put(input.AlarmName, config, tags, ctx.now);
  return {};
}

/** EvaluationPeriods and DatapointsToAlarm, within CloudWatch's evaluation-range limit. */
function checkEvaluationRange(
  input: PutMetricAlarmRequest,
  source: AlarmSource,
): { evaluationPeriods: number; datapointsToAlarm: number | undefined } {
  if (input.EvaluationPeriods === undefined) throw missingParameter("EvaluationPeriods");
  const evaluationPeriods = positiveInteger("EvaluationPeriods", input.EvaluationPeriods);
  const maxRange = source.periodSeconds >= 3600 ? 7 * DAY_SECONDS : DAY_SECONDS;
  if (evaluationPeriods * source.periodSeconds > maxRange) {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      `The evaluation range (Period × EvaluationPeriods) must not exceed ${maxRange} seconds.`,
    );
  }
  if (input.DatapointsToAlarm === undefined) return { evaluationPeriods, datapointsToAlarm: undefined };
  const datapointsToAlarm = positiveInteger("DatapointsToAlarm", input.DatapointsToAlarm);
  if (datapointsToAlarm > evaluationPeriods) {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      `DatapointsToAlarm (${datapointsToAlarm}) must be less than or equal to EvaluationPeriods (${evaluationPeriods}).`,
    );
  }
  return { evaluationPeriods, datapointsToAlarm };
}

/** A static-threshold comparison; anomaly detection is not simulated. */
function checkComparison(input: PutMetricAlarmRequest): {
  comparisonOperator: ThresholdComparison;
  threshold: number;
} {
  if (input.ComparisonOperator === undefined) throw missingParameter("ComparisonOperator");
  if (ANOMALY_COMPARISONS.includes(input.ComparisonOperator)) {
    throw invalidValue(
      "ComparisonOperator",
      input.ComparisonOperator,
      "It is only valid for anomaly detection alarms (ThresholdMetricId), which the targetwatch simulator does not support.",
    );
  }
  if (!(THRESHOLD_COMPARISONS as readonly string[]).includes(input.ComparisonOperator)) {
    throw invalidValue("ComparisonOperator", input.ComparisonOperator);
  }
  if (input.ThresholdMetricId !== undefined) {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      "ThresholdMetricId is only valid with anomaly detection comparison operators.",
    );
  }
  if (input.Threshold === undefined) throw missingParameter("Threshold");
  return {
    comparisonOperator: input.ComparisonOperator as ThresholdComparison,
    threshold: finiteDouble("Threshold", input.Threshold),
  };
}

/** TreatMissingData, EvaluateLowSampleCountPercentile, and the evaluation options not simulated. */
function checkEvaluationOptions(input: PutMetricAlarmRequest, source: AlarmSource): void {
  if (
    input.TreatMissingData !== undefined &&
    !(TREAT_MISSING_DATA as readonly string[]).includes(input.TreatMissingData)
  ) {
    throw invalidValue(
      "TreatMissingData",
      input.TreatMissingData,
      "Valid values are breaching, notBreaching, ignore and missing.",
    );
  }
  if (input.EvaluateLowSampleCountPercentile !== undefined) {
    if (
      input.EvaluateLowSampleCountPercentile !== "evaluate" &&
      input.EvaluateLowSampleCountPercentile !== "ignore"
    ) {
      throw invalidValue("EvaluateLowSampleCountPercentile", input.EvaluateLowSampleCountPercentile);
    }
    if (source.statistic.kind !== "percentile") {
      throw new CloudWatchError(
        "InvalidParameterCombination",
        "EvaluateLowSampleCountPercentile is only valid for alarms on a percentile statistic.",
      );
    }
  }
  for (const unsupported of [
    "EvaluationWindow",
    "EvaluationCriteria",
    "EvaluationInterval",
    "WarmUpConfiguration",
  ] as const) {
    if (input[unsupported] !== undefined) {
      throw new CloudWatchError(
        "InvalidParameterValue",
        `${unsupported} is not supported by the targetwatch simulator.`,
      );
    }
  }
}

/**
 * The metric, period and statistic the alarm watches: either the classic fields or a `Metrics`
 * list with exactly one MetricStat query returning data. Metric math is refused, like in
 * GetMetricData.
 */
function resolveSource(input: PutMetricAlarmRequest): AlarmSource {
  return input.Metrics !== undefined ? metricsSource(input, input.Metrics) : classicSource(input);
}

/** The one MetricStat query of a `Metrics` list that returns data. */
function metricsSource(
  input: PutMetricAlarmRequest,
  metrics: NonNullable<PutMetricAlarmRequest["Metrics"]>,
): AlarmSource {
  const classic = (
    ["MetricName", "Namespace", "Statistic", "ExtendedStatistic", "Dimensions", "Period", "Unit"] as const
  ).filter((k) => input[k] !== undefined);
  if (classic.length > 0) {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      `Metrics and ${classic[0]} are mutually exclusive.`,
    );
  }
  if (metrics.length === 0) throw missingParameter("Metrics");
  if (metrics.length > 10) throw tooMany("Metrics", 10);
  metrics.forEach((query, i) => {
    if (query.Expression !== undefined) {
      throw new CloudWatchError(
        "InvalidParameterValue",
        `Metrics.member.${i + 1}.Expression: metric math alarms are not supported by the targetwatch simulator.`,
      );
    }
  });
  const returning = metrics.filter((q) => q.ReturnData ?? true);
  if (returning.length !== 1) {
    throw new CloudWatchError("ValidationError", "Exactly one element of the Metrics list must return data.");
  }
  const index = metrics.indexOf(returning[0] as (typeof metrics)[number]);
  return checkMetricStat(`Metrics.member.${index + 1}`, returning[0]?.MetricStat, checkAlarmPeriod);
}

/** MetricName, Namespace, Dimensions, Period, Unit and one of Statistic or ExtendedStatistic. */
function classicSource(input: PutMetricAlarmRequest): AlarmSource {
  if (input.Namespace === undefined) throw missingParameter("Namespace");
  if (input.MetricName === undefined) throw missingParameter("MetricName");
  checkLength("Namespace", input.Namespace, 1, 255);
  checkLength("MetricName", input.MetricName, 1, 255);
  if (input.Statistic !== undefined && input.ExtendedStatistic !== undefined) {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      "Statistic and ExtendedStatistic are mutually exclusive; specify one.",
    );
  }
  const statistic = classicStatistic(input);
  if (input.Period === undefined) throw missingParameter("Period");
  checkUnit("Unit", input.Unit);
  return {
    metric: {
      namespace: input.Namespace,
      metricName: input.MetricName,
      dimensions: checkDimensions("Dimensions", input.Dimensions),
    },
    periodSeconds: checkAlarmPeriod("Period", input.Period),
    statistic,
    unit: input.Unit,
  };
}

function classicStatistic(input: PutMetricAlarmRequest): AlarmSource["statistic"] {
  let statistic: AlarmSource["statistic"];
  if (input.Statistic !== undefined) {
    if (!(BASIC_STATISTICS as readonly string[]).includes(input.Statistic))
      throw invalidValue("Statistic", input.Statistic);
    statistic = { kind: "basic", name: input.Statistic as (typeof BASIC_STATISTICS)[number] };
  } else if (input.ExtendedStatistic !== undefined) {
    const percentile = parsePercentile(input.ExtendedStatistic);
    if (!percentile) {
      throw invalidValue(
        "ExtendedStatistic",
        input.ExtendedStatistic,
        "The simulator supports percentiles pNN.NN.",
      );
    }
    statistic = percentile;
  } else {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      "One of Statistic or ExtendedStatistic must be specified.",
    );
  }
  return statistic;
}

/** Alarm periods: 10, 20 or 30 seconds (high resolution) or a multiple of 60. */
function checkAlarmPeriod(parameter: string, period: number): number {
  if (!Number.isInteger(period) || period <= 0 || (period % 60 !== 0 && ![10, 20, 30].includes(period))) {
    throw invalidValue(parameter, String(period), "Valid values are 10, 20, 30 and any multiple of 60.");
  }
  return period;
}

/**
 * At most five ARNs per state. CloudWatch refuses actions in another region ("Invalid region …
 * specified"), a mistake worth catching in a simulator too.
 */
function checkActions(parameter: string, actions: string[] | undefined, region: string): string[] {
  const list = actions ?? [];
  if (list.length > MAX_ACTIONS_PER_STATE) throw tooMany(parameter, MAX_ACTIONS_PER_STATE);
  list.forEach((arn, i) => {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn" || !parts[1] || !parts[2]) {
      throw invalidValue(`${parameter}.member.${i + 1}`, arn, "It is not a valid ARN.");
    }
    const arnRegion = parts[3];
    if (arnRegion && arnRegion !== region) {
      throw new CloudWatchError(
        "ValidationError",
        `Invalid region ${arnRegion} specified. Only ${region} is supported.`,
      );
    }
  });
  return [...list];
}

function checkTags(tags: Tag[] | undefined): Tag[] {
  const list = tags ?? [];
  if (list.length > MAX_TAGS) throw tooMany("Tags", MAX_TAGS);
  list.forEach((tag, i) => {
    checkLength(`Tags.member.${i + 1}.Key`, tag.Key, 1, 128);
    checkLength(`Tags.member.${i + 1}.Value`, tag.Value, 0, 256);
  });
  return list.map((t) => ({ Key: t.Key, Value: t.Value }));
}

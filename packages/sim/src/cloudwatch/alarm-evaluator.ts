/*
 * The decision CloudWatch makes once a minute for a metric alarm, as a pure function of the
 * per-period values in the evaluation range. Kept free of stores and clocks so every
 * TreatMissingData mode, M-of-N case and comparison can be tested directly.
 */

export type AlarmStateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";
export const ALARM_STATES: readonly AlarmStateValue[] = ["OK", "ALARM", "INSUFFICIENT_DATA"];

export type ThresholdComparison =
  | "GreaterThanOrEqualToThreshold"
  | "GreaterThanThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";
export const THRESHOLD_COMPARISONS: readonly ThresholdComparison[] = [
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
];
/** Valid in the API but only with an anomaly detection band (metric math), which the simulator does not run. */
export const ANOMALY_COMPARISONS: readonly string[] = [
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold",
];

export type TreatMissingData = "breaching" | "notBreaching" | "ignore" | "missing";
export const TREAT_MISSING_DATA: readonly TreatMissingData[] = [
  "breaching",
  "notBreaching",
  "ignore",
  "missing",
];

export interface AlarmCriteria {
  comparisonOperator: ThresholdComparison;
  threshold: number;
  evaluationPeriods: number;
  /** M of M-of-N; defaults to EvaluationPeriods. */
  datapointsToAlarm?: number | undefined;
  /** Defaults to `missing`. */
  treatMissingData?: TreatMissingData | undefined;
}

/** One period of the evaluation range; `value` is undefined when the period had no data. */
export interface PeriodValue {
  /** Epoch ms of the period's start. */
  start: number;
  value: number | undefined;
  sampleCount: number;
}

export interface EvaluationOutcome {
  /** The state the alarm should be in; equal to the current state when nothing changes. */
  state: AlarmStateValue;
  /** StateReason for a transition into `state`. */
  reason: string;
  /** Periods with data that were evaluated, newest first (StateReasonData's `evaluatedDatapoints`). */
  evaluated: PeriodValue[];
  /** Every period was missing. */
  allMissing: boolean;
}

/** Whether `value` breaches the threshold under `operator`. */
export function breaches(operator: ThresholdComparison, value: number, threshold: number): boolean {
  switch (operator) {
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "GreaterThanThreshold":
      return value > threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
  }
}

/**
 * Decides the alarm state from `periods` (the last EvaluationPeriods periods, oldest first).
 *
 * - No period missing: ALARM when at least M periods breach, otherwise OK.
 * - `breaching` / `notBreaching`: a missing period counts as a breaching / good datapoint.
 * - `missing` / `ignore` with some data: only the periods with data are evaluated, and M is capped
 *   at how many there are (CloudWatch "evaluates the present datapoints"; it also looks further back
 *   than N periods to find real ones, which the simulator does not).
 * - All periods missing: INSUFFICIENT_DATA (`missing`), unchanged state (`ignore`), ALARM
 *   (`breaching`) or OK (`notBreaching`).
 */
export function evaluateCriteria(
  criteria: AlarmCriteria,
  periods: readonly PeriodValue[],
  current: AlarmStateValue,
): EvaluationOutcome {
  const treatMissing = criteria.treatMissingData ?? "missing";
  const n = periods.length;
  const m = Math.min(criteria.datapointsToAlarm ?? criteria.evaluationPeriods, n);
  const present = periods.filter((p): p is PeriodValue & { value: number } => p.value !== undefined);
  const evaluated = [...present].reverse();
  const missing = n - present.length;

  if (present.length === 0) {
    const allMissing = { evaluated, allMissing: true };
    switch (treatMissing) {
      case "missing":
        return {
          ...allMissing,
          state: "INSUFFICIENT_DATA",
          reason: `Insufficient Data: ${count(n, "datapoint")} ${wasWere(n)} unknown.`,
        };
      case "ignore":
        return { ...allMissing, state: current, reason: "" };
      case "breaching":
      case "notBreaching": {
        const label = treatMissing === "breaching" ? "Breaching" : "NonBreaching";
        return {
          ...allMissing,
          state: treatMissing === "breaching" ? "ALARM" : "OK",
          reason: `Threshold Crossed: no datapoints were received for ${count(n, "period")} and ${count(n, "missing datapoint")} ${wasWere(n)} treated as [${label}].`,
        };
      }
    }
  }

  const missingCounted = treatMissing === "breaching" || treatMissing === "notBreaching" ? missing : 0;
  const considered = present.length + missingCounted;
  const required = Math.min(m, considered);
  const breaching = evaluated.filter((p) =>
    breaches(criteria.comparisonOperator, p.value, criteria.threshold),
  );
  const breachCount = breaching.length + (treatMissing === "breaching" ? missingCounted : 0);
  const state: AlarmStateValue = breachCount >= required ? "ALARM" : "OK";

  const phrase = COMPARISON_PHRASES[criteria.comparisonOperator];
  const threshold = formatDouble(criteria.threshold);
  let reason: string;
  if (state === "ALARM") {
    reason =
      `Threshold Crossed: ${breachCount} out of the last ${considered} datapoints ${listDatapoints(breaching)} ` +
      `${wasWere(breachCount)} ${phrase} the threshold (${threshold}) ` +
      `(minimum ${count(required, "datapoint")} for ${current} -> ALARM transition).`;
  } else {
    const good = evaluated.filter((p) => !breaches(criteria.comparisonOperator, p.value, criteria.threshold));
    const goodCount = considered - breachCount;
    reason =
      `Threshold Crossed: ${goodCount} out of the last ${considered} datapoints ${listDatapoints(good)} ` +
      `${wasWere(goodCount)} not ${phrase} the threshold (${threshold}) ` +
      `(minimum ${count(considered - required + 1, "datapoint")} for ${current} -> OK transition).`;
  }
  if (missingCounted > 0) {
    const label = treatMissing === "breaching" ? "Breaching" : "NonBreaching";
    reason += ` ${count(missingCounted, "missing datapoint")} ${wasWere(missingCounted)} treated as [${label}].`;
  }
  return { state, reason, evaluated, allMissing: false };
}

export interface ReasonDataInput {
  /** Epoch ms of the evaluation. */
  queryDate: number;
  /** Epoch ms of the evaluation range's first period. */
  startDate: number;
  /** `Statistic` or `ExtendedStatistic` of the alarm. */
  statistic: string;
  periodSeconds: number;
  threshold: number;
  evaluated: readonly PeriodValue[];
}

/** StateReasonData in the JSON layout CloudWatch uses (version 1.0). */
export function stateReasonData(input: ReasonDataInput): string {
  const statisticKey = input.statistic.startsWith("p") ? "extendedStatistic" : "statistic";
  return JSON.stringify({
    version: "1.0",
    queryDate: isoTimestamp(input.queryDate),
    startDate: isoTimestamp(input.startDate),
    [statisticKey]: input.statistic,
    period: input.periodSeconds,
    recentDatapoints: [...input.evaluated].reverse().map((p) => p.value),
    threshold: input.threshold,
    evaluatedDatapoints: input.evaluated.map((p) => ({
      timestamp: isoTimestamp(p.start),
      sampleCount: p.sampleCount,
      value: p.value,
    })),
  });
}

const COMPARISON_PHRASES: Record<ThresholdComparison, string> = {
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  GreaterThanThreshold: "greater than",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
};

/** `[2.0 (27/11/26 12:00:00), 1.5 (27/11/26 11:59:00)]`, newest first as in CloudWatch's reasons. */
function listDatapoints(periods: readonly PeriodValue[]): string {
  return `[${periods.map((p) => `${formatDouble(p.value as number)} (${reasonTimestamp(p.start)})`).join(", ")}]`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function wasWere(n: number): string {
  return n === 1 ? "was" : "were";
}

/** Java's `Double.toString`, which CloudWatch's reasons use: `2.0`, `0.25`, `1.0E7`. */
export function formatDouble(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (value === 0 || (abs >= 1e-3 && abs < 1e7)) {
    return Number.isInteger(value) ? value.toFixed(1) : String(value);
  }
  const [mantissa = "0", exponent = "0"] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** `dd/MM/yy HH:mm:ss` in UTC, the datapoint time format of StateReason. */
export function reasonTimestamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return (
    `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCFullYear() % 100)} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  );
}

/** `2026-11-27T12:00:00.000+0000`, the timestamp format of StateReasonData and HistoryData. */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

// Plain data for the CloudWatch simulator tests: one account, one metric, alarms on it.

export const REGION = "us-west-2";
export const ACCOUNT_ID = "123456789012";
/** 27/11/26 12:00:00 UTC, a whole minute, so evaluation times in assertions read naturally. */
export const START = Date.UTC(2026, 10, 27, 12, 0, 0);
export const MINUTE = 60_000;
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:targetwatch-alerts`;

/** Seconds → Date, for building SDK inputs from simulated epoch ms. */
export function at(ms: number): Date {
  return new Date(ms);
}

/** A PutMetricData body for one value of the metric the alarm tests watch. */
export function datum(value: number, timestampMs: number, metricName = "UnhealthyTargets"): object {
  return {
    Namespace: "TargetWatch",
    MetricData: [
      {
        MetricName: metricName,
        Dimensions: [{ Name: "LoadBalancer", Value: "k8s-ui-uinlb-e1c1ebaeb4" }],
        Timestamp: timestampMs / 1000,
        Value: value,
      },
    ],
  };
}

/** A PutMetricAlarm body on that metric; `overrides` replace any field. */
export function alarmInput(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AlarmName: name,
    Namespace: "TargetWatch",
    MetricName: "UnhealthyTargets",
    Dimensions: [{ Name: "LoadBalancer", Value: "k8s-ui-uinlb-e1c1ebaeb4" }],
    Statistic: "Maximum",
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: "GreaterThanThreshold",
    AlarmActions: [TOPIC_ARN],
    OKActions: [TOPIC_ARN],
    ...overrides,
  };
}

import type { PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import { METRICS_NAMESPACE } from "../../model/constants.ts";
import type { Workshop } from "../../model/workshop.ts";
import { stuckAlarmBaseDescription } from "../../rules/stuck-alarm-description.ts";

// Plain data, no client: infra declares the `default` workshop's alarm from this module.

/** `<prefix>stuck-<workshop id>`: the name of a workshop's stuck-target alarm. */
export function workshopAlarmName(prefix: string, workshopId: string): string {
  return `${prefix}stuck-${workshopId}`;
}

/**
 * The stuck-target alarm of a workshop as PutMetricAlarm input: the API creates it for the
 * workshops it manages, and infra declares the implicit `default` workshop's from the same
 * definition.
 */
export function stuckAlarmDefinition(
  workshop: Workshop,
  options: { alarmName: string; namespace?: string; topicArn?: string },
): PutMetricAlarmCommandInput {
  const actions = options.topicArn ? [options.topicArn] : [];
  return {
    AlarmName: options.alarmName,
    // The collector appends who is stuck while anyone is (stuckAlarmDescription).
    AlarmDescription: stuckAlarmBaseDescription(workshop),
    Namespace: options.namespace ?? METRICS_NAMESPACE,
    MetricName: "StuckTargets",
    Dimensions: [{ Name: "Workshop", Value: workshop.id }],
    Statistic: "Maximum",
    Period: 60,
    EvaluationPeriods: 1,
    DatapointsToAlarm: 1,
    Threshold: 0,
    ComparisonOperator: "GreaterThanThreshold",
    // No datapoint means no sweep: the stack's "monitoring stopped" alarm reports that.
    TreatMissingData: "notBreaching",
    ActionsEnabled: actions.length > 0,
    AlarmActions: actions,
    OKActions: actions,
  };
}

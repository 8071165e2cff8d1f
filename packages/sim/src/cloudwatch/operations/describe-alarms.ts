import { ALARM_STATES } from "../alarm-evaluator.ts";
import type { AlarmRecord } from "../alarm-store.ts";
import { CloudWatchError, invalidValue, tooMany } from "../errors.ts";
import { DescribeAlarmsInput, parseRequest } from "../schemas.ts";
import { checkLength, keyPosition, resumePosition } from "../validation.ts";
import { encodeToken, toEpochSeconds } from "../wire.ts";
import type { OperationContext } from "./operation.ts";

export const MAX_ALARM_NAMES = 100;
/** MaxRecords when the caller gives none. */
export const DEFAULT_DESCRIBE_ALARMS_PAGE = 50;
const ALARM_TYPES = ["MetricAlarm", "CompositeAlarm", "LogAlarm"];

/**
 * Metric alarms in name order, filtered like AWS (names, name prefix, state, action prefix, alarm
 * types; only metric alarms when AlarmTypes is absent). The simulator has no composite alarms, so
 * ChildrenOfAlarmName / ParentsOfAlarmName always find none.
 */
export function describeAlarms(body: string, { region }: OperationContext): object {
  const input = parseRequest(DescribeAlarmsInput, body);
  if (input.AlarmNames && input.AlarmNames.length > MAX_ALARM_NAMES)
    throw tooMany("AlarmNames", MAX_ALARM_NAMES);
  if (input.AlarmNames && input.AlarmNamePrefix !== undefined) {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      "AlarmNames and AlarmNamePrefix are mutually exclusive.",
    );
  }
  if (input.AlarmNamePrefix !== undefined) checkLength("AlarmNamePrefix", input.AlarmNamePrefix, 1, 255);
  if (input.ActionPrefix !== undefined) checkLength("ActionPrefix", input.ActionPrefix, 1, 1024);
  if (input.StateValue !== undefined && !(ALARM_STATES as readonly string[]).includes(input.StateValue)) {
    throw invalidValue("StateValue", input.StateValue);
  }
  input.AlarmTypes?.forEach((type, i) => {
    if (!ALARM_TYPES.includes(type)) throw invalidValue(`AlarmTypes.member.${i + 1}`, type);
  });
  const maxRecords = input.MaxRecords ?? DEFAULT_DESCRIBE_ALARMS_PAGE;
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100) {
    throw invalidValue("MaxRecords", String(maxRecords), "It must be between 1 and 100.");
  }
  const after = resumePosition("DescribeAlarms", input.NextToken, keyPosition);

  const wantMetricAlarms = input.AlarmTypes === undefined || input.AlarmTypes.includes("MetricAlarm");
  const relational = input.ChildrenOfAlarmName !== undefined || input.ParentsOfAlarmName !== undefined;
  const names = new Set(input.AlarmNames);
  const selected: AlarmRecord[] = [];
  let more = false;
  if (wantMetricAlarms && !relational) {
    for (const name of region.alarms.sortedNames()) {
      if (after !== undefined && name <= after) continue;
      const alarm = region.alarms.alarms.get(name);
      if (!alarm) continue;
      if (input.AlarmNames && !names.has(name)) continue;
      if (input.AlarmNamePrefix !== undefined && !name.startsWith(input.AlarmNamePrefix)) continue;
      if (input.StateValue !== undefined && alarm.stateValue !== input.StateValue) continue;
      if (input.ActionPrefix !== undefined && !hasActionWithPrefix(alarm, input.ActionPrefix)) continue;
      if (selected.length === maxRecords) {
        more = true;
        break;
      }
      selected.push(alarm);
    }
  }
  const last = selected[selected.length - 1];
  return {
    CompositeAlarms: [],
    MetricAlarms: selected.map(describeMetricAlarm),
    NextToken: more && last ? encodeToken("DescribeAlarms", last.name) : undefined,
  };
}

function hasActionWithPrefix(alarm: AlarmRecord, prefix: string): boolean {
  return [...alarm.alarmActions, ...alarm.okActions, ...alarm.insufficientDataActions].some((a) =>
    a.startsWith(prefix),
  );
}

/** A MetricAlarm as DescribeAlarms returns it: the configuration as given plus the state. */
export function describeMetricAlarm(alarm: AlarmRecord): object {
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    AlarmDescription: alarm.description,
    AlarmConfigurationUpdatedTimestamp: toEpochSeconds(alarm.configUpdatedAt),
    ActionsEnabled: alarm.actionsEnabled,
    OKActions: alarm.okActions,
    AlarmActions: alarm.alarmActions,
    InsufficientDataActions: alarm.insufficientDataActions,
    StateValue: alarm.stateValue,
    StateReason: alarm.stateReason,
    StateReasonData: alarm.stateReasonData,
    StateUpdatedTimestamp: toEpochSeconds(alarm.stateUpdatedAt),
    MetricName: alarm.metricName,
    Namespace: alarm.namespace,
    Statistic: alarm.statistic,
    ExtendedStatistic: alarm.extendedStatistic,
    Dimensions: alarm.dimensions,
    Period: alarm.period,
    Unit: alarm.unit,
    EvaluationPeriods: alarm.evaluationPeriods,
    DatapointsToAlarm: alarm.datapointsToAlarm,
    Threshold: alarm.threshold,
    ComparisonOperator: alarm.comparisonOperator,
    TreatMissingData: alarm.treatMissingData,
    EvaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile,
    Metrics: alarm.metrics,
    StateTransitionedTimestamp: toEpochSeconds(alarm.stateTransitionedAt),
  };
}

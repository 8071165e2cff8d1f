export {
  CloudWatchMetricsSink,
  type CloudWatchMetricsSinkOptions,
  METRICS_NAMESPACE,
  metricData,
} from "./cloudwatch-metrics-sink.ts";
export {
  type AlarmState,
  stuckAlarmDefinition,
  WorkshopAlarms,
  type WorkshopAlarmsOptions,
  workshopAlarmName,
} from "./workshop-alarms.ts";

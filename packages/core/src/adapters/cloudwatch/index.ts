export {
  CloudWatchMetricsSink,
  type CloudWatchMetricsSinkOptions,
  METRICS_NAMESPACE,
  metricData,
} from "./cloudwatch-metrics-sink.ts";
export {
  stuckAlarmDefinition,
  WorkshopAlarms,
  type WorkshopAlarmsOptions,
  workshopAlarmName,
} from "./workshop-alarms.ts";

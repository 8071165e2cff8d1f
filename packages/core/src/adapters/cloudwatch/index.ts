export {
  CloudWatchMetricsSink,
  type CloudWatchMetricsSinkOptions,
  METRICS_NAMESPACE,
  metricData,
} from "./cloudwatch-metrics-sink.ts";
export { type AlarmState, WorkshopAlarms, type WorkshopAlarmsOptions } from "./workshop-alarms.ts";

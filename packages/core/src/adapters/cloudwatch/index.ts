export { stuckAlarmDefinition, workshopAlarmName } from "./alarm-definition.ts";
export { createCloudWatchClient } from "./cloudwatch-client.ts";
export {
  CloudWatchMetricsSink,
  type CloudWatchMetricsSinkOptions,
  metricData,
} from "./cloudwatch-metrics-sink.ts";
export {
  CloudWatchStuckAlarmDescriptions,
  type CloudWatchStuckAlarmDescriptionsOptions,
  redefinedAlarm,
} from "./stuck-alarm-descriptions.ts";
export { WorkshopAlarms, type WorkshopAlarmsOptions } from "./workshop-alarms.ts";

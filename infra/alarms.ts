import { stuckAlarmDefinition, workshopAlarmName } from "@targetwatch/core/definitions";
import { DEFAULT_WORKSHOP, METRICS_NAMESPACE } from "@targetwatch/core/model";
import { collector } from "./collector.ts";
import { deploySetting, namePrefix, workshopAlarmPrefix } from "./settings.ts";

/**
 * SST links a topic with `sns:*` on it. Nothing in targetwatch publishes to the topic: CloudWatch
 * does, for the alarms that name it as their action, so the API (which creates the workshops'
 * alarms) only needs its ARN: the link carries the ARN and no permission.
 */
sst.Linkable.wrap(sst.aws.SnsTopic, (topic) => ({ properties: { arn: topic.arn } }));

/** Where every alarm of this stage sends ALARM and OK: workshops' stuck targets and the stack's own health. */
export const alarmsTopic = new sst.aws.SnsTopic("Alarms");

/**
 * Optional: `TARGETWATCH_ALARM_EMAIL=ops@example.com npx sst deploy` subscribes an address (SNS
 * sends it a confirmation mail first). Other subscribers (chat, pager) can be added to the topic
 * by hand or here; the topic ARN is a stack output.
 */
const alarmEmail = deploySetting("TARGETWATCH_ALARM_EMAIL");
if (alarmEmail) {
  new aws.sns.TopicSubscription("AlarmsEmail", {
    topic: alarmsTopic.arn,
    protocol: "email",
    endpoint: alarmEmail,
  });
}

/** The prefix of the workshops' alarms (settings.ts), which the API may create, update and delete. */
export { workshopAlarmPrefix };

/**
 * The implicit `default` workshop (every Load Balancer Controller NLB, swept while no workshop is
 * configured) has no PUT to create its alarm, so the stack declares it — from the same
 * definition the API uses for the others, under the same prefix so the API reports its state.
 */
const defaultAlarm = stuckAlarmDefinition(DEFAULT_WORKSHOP, {
  alarmName: workshopAlarmName(workshopAlarmPrefix, DEFAULT_WORKSHOP.id),
});
export const defaultWorkshopAlarm = new aws.cloudwatch.MetricAlarm("DefaultWorkshopAlarm", {
  name: defaultAlarm.AlarmName as string,
  alarmDescription: defaultAlarm.AlarmDescription as string,
  namespace: defaultAlarm.Namespace as string,
  metricName: defaultAlarm.MetricName as string,
  dimensions: Object.fromEntries(
    (defaultAlarm.Dimensions ?? []).map((d) => [d.Name as string, d.Value as string]),
  ),
  statistic: defaultAlarm.Statistic as string,
  period: defaultAlarm.Period as number,
  evaluationPeriods: defaultAlarm.EvaluationPeriods as number,
  datapointsToAlarm: defaultAlarm.DatapointsToAlarm as number,
  comparisonOperator: defaultAlarm.ComparisonOperator as string,
  threshold: defaultAlarm.Threshold as number,
  treatMissingData: defaultAlarm.TreatMissingData as string,
  alarmActions: [alarmsTopic.arn],
  okActions: [alarmsTopic.arn],
});

/**
 * The stack's own alarms are named `<app>-<stage>/…`: still prefixed with the stage, but outside
 * the workshops' prefix, so the API can neither list nor delete them.
 */
const stackAlarmName = (name: string) => `${namePrefix}/${name}`;

/** Any collector invocation that failed (crash, timeout, out of memory) within 5 minutes. */
export const collectorErrorsAlarm = new aws.cloudwatch.MetricAlarm("CollectorErrorsAlarm", {
  name: stackAlarmName("collector-errors"),
  alarmDescription: "targetwatch's collector failed at least once in 5 minutes: see its log group.",
  namespace: "AWS/Lambda",
  metricName: "Errors",
  dimensions: { FunctionName: collector.name },
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  // No invocation means no Errors datapoint: that is "monitoring stopped", the alarm below.
  treatMissingData: "notBreaching",
  alarmActions: [alarmsTopic.arn],
  okActions: [alarmsTopic.arn],
});

/**
 * "Monitoring stopped": every finished sweep publishes one SweepDuration datapoint (no
 * dimensions), one a minute. Fewer than one in each of 3 consecutive minutes, including none at
 * all (missing data breaches), means the schedule, the function or its permissions are broken:
 * the workshops' alarms would stay silent, so this one must not.
 */
export const monitoringStoppedAlarm = new aws.cloudwatch.MetricAlarm("MonitoringStoppedAlarm", {
  name: stackAlarmName("monitoring-stopped"),
  alarmDescription: "targetwatch published no sweep for 3 minutes: workshop alarms are blind.",
  namespace: METRICS_NAMESPACE,
  metricName: "SweepDuration",
  statistic: "SampleCount",
  period: 60,
  evaluationPeriods: 3,
  datapointsToAlarm: 3,
  comparisonOperator: "LessThanThreshold",
  threshold: 1,
  treatMissingData: "breaching",
  alarmActions: [alarmsTopic.arn],
  okActions: [alarmsTopic.arn],
});

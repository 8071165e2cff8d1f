import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import type { Workshop } from "../../model/workshop.ts";
import type { AlarmPort, AlarmState } from "../../ports/index.ts";
import { METRICS_NAMESPACE } from "./cloudwatch-metrics-sink.ts";

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
    AlarmDescription: `Targets of workshop "${workshop.name}" not healthy for more than ${workshop.stuckThresholdSeconds} s`,
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

export interface WorkshopAlarmsOptions {
  client: CloudWatchClient;
  /** `<app>-<stage>-`: alarms of one deployment share it, and the API may touch only those. */
  prefix: string;
  /** SNS topic notified on ALARM and back to OK. */
  topicArn?: string;
  namespace?: string;
}

/**
 * One CloudWatch alarm per workshop on its `StuckTargets`. The collector counts a target as
 * stuck only once it has been non-healthy longer than the workshop's threshold, so the alarm
 * fires on the first datapoint above 0 — the threshold lives in the metric, not the alarm.
 */
export class WorkshopAlarms implements AlarmPort {
  readonly #client: CloudWatchClient;
  readonly #prefix: string;
  readonly #topicArn: string | undefined;
  readonly #namespace: string;

  constructor(options: WorkshopAlarmsOptions) {
    this.#client = options.client;
    this.#prefix = options.prefix;
    this.#topicArn = options.topicArn;
    this.#namespace = options.namespace ?? METRICS_NAMESPACE;
  }

  alarmName(workshopId: string): string {
    return workshopAlarmName(this.#prefix, workshopId);
  }

  /** Creates or updates the workshop's alarm (PutMetricAlarm is an upsert). */
  async put(workshop: Workshop): Promise<void> {
    await this.#client.send(
      new PutMetricAlarmCommand(
        stuckAlarmDefinition(workshop, {
          alarmName: this.alarmName(workshop.id),
          namespace: this.#namespace,
          ...(this.#topicArn ? { topicArn: this.#topicArn } : {}),
        }),
      ),
    );
  }

  /** Deletes the workshop's alarm; deleting one that does not exist is not an error. */
  async remove(workshopId: string): Promise<void> {
    const name = this.alarmName(workshopId);
    const { MetricAlarms = [] } = await this.#client.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
    if (MetricAlarms.length > 0) await this.#client.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
  }

  /** Alarm state per workshop id; workshops without an alarm are absent. DescribeAlarms takes 100 names a call. */
  async states(workshopIds: string[]): Promise<Map<string, AlarmState>> {
    const byName = new Map(workshopIds.map((id) => [this.alarmName(id), id]));
    const names = [...byName.keys()];
    const states = new Map<string, AlarmState>();
    for (let i = 0; i < names.length; i += 100) {
      const { MetricAlarms = [] } = await this.#client.send(
        new DescribeAlarmsCommand({ AlarmNames: names.slice(i, i + 100), MaxRecords: 100 }),
      );
      for (const alarm of MetricAlarms) {
        const id = byName.get(alarm.AlarmName ?? "");
        if (id && alarm.StateValue) states.set(id, alarm.StateValue as AlarmState);
      }
    }
    return states;
  }
}

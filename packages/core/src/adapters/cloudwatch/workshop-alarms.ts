import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  PutMetricAlarmCommand,
} from "@aws-sdk/client-cloudwatch";
import { METRICS_NAMESPACE } from "../../model/constants.ts";
import type { Workshop } from "../../model/workshop.ts";
import type { AlarmPort, AlarmState } from "../../ports/index.ts";
import { stuckAlarmDefinition, workshopAlarmName } from "./alarm-definition.ts";

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

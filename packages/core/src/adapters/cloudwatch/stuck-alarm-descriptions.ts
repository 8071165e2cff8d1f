import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  type MetricAlarm,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
} from "@aws-sdk/client-cloudwatch";
import type { StuckAlarmDescriptions } from "../../ports/index.ts";
import { workshopAlarmName } from "./alarm-definition.ts";

/** DescribeAlarms takes at most 100 alarm names a call. */
const NAMES_PER_DESCRIBE = 100;

export interface CloudWatchStuckAlarmDescriptionsOptions {
  client: CloudWatchClient;
  /** `<app>-<stage>/workshop-`: the prefix of the workshops' alarms (TARGETWATCH_ALARM_PREFIX). */
  prefix: string;
}

/**
 * Says who is stuck in the description of each workshop's stuck alarm: a DescribeAlarms of the
 * workshops' alarms (one call per 100 workshops), then a PutMetricAlarm for each alarm whose
 * description differs. The alarm is put back with the very definition CloudWatch described
 * ({@link redefinedAlarm}), whoever created it (the API for configured workshops, the stack for
 * `default`), so actions, metric and threshold stay as they were; only the description changes.
 */
export class CloudWatchStuckAlarmDescriptions implements StuckAlarmDescriptions {
  readonly #client: CloudWatchClient;
  readonly #prefix: string;

  constructor(options: CloudWatchStuckAlarmDescriptionsOptions) {
    this.#client = options.client;
    this.#prefix = options.prefix;
  }

  async update(descriptions: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<string[]> {
    const byName = new Map([...descriptions.keys()].map((id) => [workshopAlarmName(this.#prefix, id), id]));
    const names = [...byName.keys()];
    const options = signal ? { abortSignal: signal } : {};
    const updated: string[] = [];
    for (let i = 0; i < names.length; i += NAMES_PER_DESCRIBE) {
      const { MetricAlarms = [] } = await this.#client.send(
        new DescribeAlarmsCommand({
          AlarmNames: names.slice(i, i + NAMES_PER_DESCRIBE),
          MaxRecords: NAMES_PER_DESCRIBE,
        }),
        options,
      );
      for (const alarm of MetricAlarms) {
        const id = byName.get(alarm.AlarmName ?? "");
        const description = id === undefined ? undefined : descriptions.get(id);
        if (id === undefined || description === undefined || alarm.AlarmDescription === description) continue;
        await this.#client.send(new PutMetricAlarmCommand(redefinedAlarm(alarm, description)), options);
        updated.push(id);
      }
    }
    return updated;
  }
}

/**
 * PutMetricAlarm's input that re-creates `alarm` as DescribeAlarms gave it, with `description`:
 * PutMetricAlarm replaces the whole definition, so every field it takes is carried over (tags
 * are not part of it: CloudWatch keeps them on an update).
 */
export function redefinedAlarm(alarm: MetricAlarm, description: string): PutMetricAlarmCommandInput {
  const copied: PutMetricAlarmCommandInput = {
    AlarmName: alarm.AlarmName,
    AlarmDescription: description,
    ActionsEnabled: alarm.ActionsEnabled,
    OKActions: alarm.OKActions,
    AlarmActions: alarm.AlarmActions,
    InsufficientDataActions: alarm.InsufficientDataActions,
    MetricName: alarm.MetricName,
    Namespace: alarm.Namespace,
    Statistic: alarm.Statistic,
    ExtendedStatistic: alarm.ExtendedStatistic,
    Dimensions: alarm.Dimensions,
    Period: alarm.Period,
    Unit: alarm.Unit,
    EvaluationPeriods: alarm.EvaluationPeriods as number,
    DatapointsToAlarm: alarm.DatapointsToAlarm,
    Threshold: alarm.Threshold,
    ComparisonOperator: alarm.ComparisonOperator,
    TreatMissingData: alarm.TreatMissingData,
    EvaluateLowSampleCountPercentile: alarm.EvaluateLowSampleCountPercentile,
    Metrics: alarm.Metrics,
    ThresholdMetricId: alarm.ThresholdMetricId,
  };
  // What the described alarm does not have stays unset, as its creator left it.
  return Object.fromEntries(
    Object.entries(copied).filter(([, value]) => value !== undefined),
  ) as PutMetricAlarmCommandInput;
}

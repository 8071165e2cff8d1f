import type { AlarmStateValue, ThresholdComparison, TreatMissingData } from "./alarm-evaluator.ts";
import { isoTimestamp } from "./alarm-evaluator.ts";
import type { Dimension, MetricIdentity } from "./metric-store.ts";
import type { MetricDataQueryRequest } from "./schemas.ts";
import type { Statistic } from "./statistics.ts";

/** An alarm action that fired: what an SNS topic (or EC2/Auto Scaling action) would have received. */
export interface AlarmNotification {
  /** Simulated epoch ms of the evaluation that changed the state. */
  at: number;
  alarmName: string;
  alarmArn: string;
  region: string;
  actionArn: string;
  oldState: AlarmStateValue;
  newState: AlarmStateValue;
  reason: string;
  /** The alarm's description at the transition, as CloudWatch's SNS message carries it (AlarmDescription). */
  alarmDescription?: string;
}

/** What the alarm watches, resolved from either the classic fields or a single-MetricStat `Metrics` list. */
export interface AlarmSource {
  metric: MetricIdentity;
  periodSeconds: number;
  statistic: Statistic;
  unit?: string | undefined;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface AlarmConfiguration {
  description?: string | undefined;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  /** Echoed as given: the classic single-metric fields… */
  metricName?: string | undefined;
  namespace?: string | undefined;
  statistic?: string | undefined;
  extendedStatistic?: string | undefined;
  dimensions?: Dimension[] | undefined;
  period?: number | undefined;
  unit?: string | undefined;
  /** …or the metric query list. */
  metrics?: MetricDataQueryRequest[] | undefined;
  evaluationPeriods: number;
  datapointsToAlarm?: number | undefined;
  threshold: number;
  comparisonOperator: ThresholdComparison;
  treatMissingData?: TreatMissingData | undefined;
  evaluateLowSampleCountPercentile?: string | undefined;
  source: AlarmSource;
}

export interface AlarmRecord extends AlarmConfiguration {
  name: string;
  arn: string;
  tags: Tag[];
  stateValue: AlarmStateValue;
  stateReason: string;
  stateReasonData?: string | undefined;
  stateUpdatedAt: number;
  stateTransitionedAt: number;
  configUpdatedAt: number;
  /** Whole simulated minute (epoch ms) up to which the alarm has been evaluated. */
  evaluatedThrough: number;
}

export type HistoryItemType = "ConfigurationUpdate" | "StateUpdate" | "Action";
export const HISTORY_ITEM_TYPES: readonly string[] = ["ConfigurationUpdate", "StateUpdate", "Action"];

export interface HistoryItem {
  /** Tie-breaker for equal timestamps, so history pagination is stable while new items arrive. */
  seq: number;
  alarmName: string;
  timestamp: number;
  type: HistoryItemType;
  summary: string;
  data: string;
}

/** AWS keeps alarm history for 30 days, also for deleted alarms. */
export const HISTORY_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * AWS has no count limit, but a flapping alarm in a long simulated run would otherwise fill the
 * heap (each item carries its JSON); the oldest items go first.
 */
export const MAX_HISTORY_ITEMS_PER_REGION = 50_000;
const MINUTE_MS = 60_000;

/** Alarms and alarm history of one region. */
export class AlarmStore {
  readonly region: string;
  readonly accountId: string;
  readonly alarms = new Map<string, AlarmRecord>();
  readonly history: HistoryItem[] = [];
  #seq = 0;

  constructor(region: string, accountId: string) {
    this.region = region;
    this.accountId = accountId;
  }

  arnFor(name: string): string {
    return `arn:aws:cloudwatch:${this.region}:${this.accountId}:alarm:${name}`;
  }

  /** Alarm names in code-unit order: DescribeAlarms lists alarms alphabetically. */
  sortedNames(): string[] {
    return [...this.alarms.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Creates the alarm (INSUFFICIENT_DATA) or replaces its configuration, keeping state and tags, as PutMetricAlarm does. */
  put(name: string, config: AlarmConfiguration, tags: Tag[], now: number): AlarmRecord {
    const existing = this.alarms.get(name);
    const alarm: AlarmRecord = existing
      ? {
          ...config,
          name,
          arn: existing.arn,
          // AWS ignores Tags when PutMetricAlarm updates an alarm (TagResource changes them).
          tags: existing.tags,
          stateValue: existing.stateValue,
          stateReason: existing.stateReason,
          stateReasonData: existing.stateReasonData,
          stateUpdatedAt: existing.stateUpdatedAt,
          stateTransitionedAt: existing.stateTransitionedAt,
          configUpdatedAt: now,
          evaluatedThrough: existing.evaluatedThrough,
        }
      : {
          ...config,
          name,
          arn: this.arnFor(name),
          tags,
          stateValue: "INSUFFICIENT_DATA",
          stateReason: "Unchecked: Initial alarm creation",
          stateUpdatedAt: now,
          stateTransitionedAt: now,
          configUpdatedAt: now,
          // CloudWatch evaluates on whole minutes; the first evaluation is the next one.
          evaluatedThrough: Math.floor(now / MINUTE_MS) * MINUTE_MS,
        };
    this.alarms.set(name, alarm);
    if (existing) {
      this.#record(name, now, "ConfigurationUpdate", `Alarm "${name}" updated`, {
        version: "1.0",
        type: "Update",
        originalUpdatedAlarm: historyView(existing),
        updatedAlarm: historyView(alarm),
      });
    } else {
      this.#record(name, now, "ConfigurationUpdate", `Alarm "${name}" created`, {
        version: "1.0",
        type: "Create",
        createdAlarm: historyView(alarm),
      });
    }
    return alarm;
  }

  delete(name: string, now: number): void {
    const alarm = this.alarms.get(name);
    if (!alarm) return;
    this.alarms.delete(name);
    this.#record(name, now, "ConfigurationUpdate", `Alarm "${name}" deleted`, {
      version: "1.0",
      type: "Delete",
      deletedAlarm: historyView(alarm),
    });
  }

  /**
   * Moves `alarm` to another state, records the StateUpdate and, when actions are enabled, runs the
   * actions of the new state (one Action history item each). Returns the notifications fired.
   */
  transition(
    alarm: AlarmRecord,
    state: AlarmStateValue,
    reason: string,
    reasonData: string | undefined,
    at: number,
  ): AlarmNotification[] {
    const oldState = alarm.stateValue;
    const oldReason = alarm.stateReason;
    alarm.stateValue = state;
    alarm.stateReason = reason;
    alarm.stateReasonData = reasonData;
    alarm.stateUpdatedAt = at;
    alarm.stateTransitionedAt = at;
    this.#record(alarm.name, at, "StateUpdate", `Alarm updated from ${oldState} to ${state}`, {
      version: "1.0",
      oldState: { stateValue: oldState, stateReason: oldReason },
      newState: {
        stateValue: state,
        stateReason: reason,
        ...(reasonData ? { stateReasonData: JSON.parse(reasonData) as unknown } : {}),
      },
    });
    if (!alarm.actionsEnabled) return [];
    const notifications: AlarmNotification[] = [];
    for (const actionArn of actionsFor(alarm, state)) {
      const notification: AlarmNotification = {
        at,
        alarmName: alarm.name,
        alarmArn: alarm.arn,
        region: this.region,
        actionArn,
        oldState,
        newState: state,
        reason,
        ...(alarm.description !== undefined ? { alarmDescription: alarm.description } : {}),
      };
      notifications.push(notification);
      this.#record(alarm.name, at, "Action", `Successfully executed action ${actionArn}`, {
        actionState: "Succeeded",
        stateUpdateTimestamp: at,
        notificationResource: actionArn,
        publishedMessage: JSON.stringify(snsMessage(alarm, notification, this.accountId)),
      });
    }
    return notifications;
  }

  /** Drops history older than AWS keeps it. */
  pruneHistory(before: number): void {
    let drop = 0;
    while (drop < this.history.length && (this.history[drop] as HistoryItem).timestamp < before) drop++;
    if (drop > 0) this.history.splice(0, drop);
  }

  #record(alarmName: string, timestamp: number, type: HistoryItemType, summary: string, data: object): void {
    this.history.push({ seq: ++this.#seq, alarmName, timestamp, type, summary, data: JSON.stringify(data) });
    if (this.history.length > MAX_HISTORY_ITEMS_PER_REGION + 1000) {
      // Trimmed in batches so a full history does not cost a splice per item.
      this.history.splice(0, this.history.length - MAX_HISTORY_ITEMS_PER_REGION);
    }
  }
}

function actionsFor(alarm: AlarmRecord, state: AlarmStateValue): string[] {
  switch (state) {
    case "ALARM":
      return alarm.alarmActions;
    case "OK":
      return alarm.okActions;
    case "INSUFFICIENT_DATA":
      return alarm.insufficientDataActions;
  }
}

/** The alarm as ConfigurationUpdate HistoryData shows it (camelCase, ISO timestamps). */
function historyView(alarm: AlarmRecord): Record<string, unknown> {
  return {
    alarmName: alarm.name,
    alarmArn: alarm.arn,
    alarmDescription: alarm.description,
    actionsEnabled: alarm.actionsEnabled,
    okActions: alarm.okActions,
    alarmActions: alarm.alarmActions,
    insufficientDataActions: alarm.insufficientDataActions,
    namespace: alarm.namespace,
    metricName: alarm.metricName,
    dimensions: alarm.dimensions?.map((d) => ({ name: d.Name, value: d.Value })),
    statistic: alarm.statistic,
    extendedStatistic: alarm.extendedStatistic,
    period: alarm.period,
    unit: alarm.unit,
    metrics: alarm.metrics,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    threshold: alarm.threshold,
    comparisonOperator: alarm.comparisonOperator,
    treatMissingData: alarm.treatMissingData,
    evaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile,
    stateValue: alarm.stateValue,
    alarmConfigurationUpdatedTimestamp: isoTimestamp(alarm.configUpdatedAt),
  };
}

/** The JSON an SNS topic action publishes for a state change. */
function snsMessage(
  alarm: AlarmRecord,
  notification: AlarmNotification,
  accountId: string,
): Record<string, unknown> {
  const source = alarm.source;
  return {
    AlarmName: alarm.name,
    AlarmDescription: alarm.description ?? null,
    AWSAccountId: accountId,
    NewStateValue: notification.newState,
    NewStateReason: notification.reason,
    StateChangeTime: isoTimestamp(notification.at),
    Region: notification.region,
    AlarmArn: alarm.arn,
    OldStateValue: notification.oldState,
    Trigger: {
      MetricName: source.metric.metricName,
      Namespace: source.metric.namespace,
      StatisticType: source.statistic.kind === "percentile" ? "ExtendedStatistic" : "Statistic",
      Statistic: source.statistic.kind === "percentile" ? null : source.statistic.name.toUpperCase(),
      ExtendedStatistic: source.statistic.kind === "percentile" ? source.statistic.name : null,
      Unit: source.unit ?? null,
      Dimensions: source.metric.dimensions.map((d) => ({ name: d.Name, value: d.Value })),
      Period: source.periodSeconds,
      EvaluationPeriods: alarm.evaluationPeriods,
      DatapointsToAlarm: alarm.datapointsToAlarm ?? alarm.evaluationPeriods,
      ComparisonOperator: alarm.comparisonOperator,
      Threshold: alarm.threshold,
      TreatMissingData: alarm.treatMissingData ?? "missing",
      EvaluateLowSampleCountPercentile: alarm.evaluateLowSampleCountPercentile ?? "",
    },
  };
}

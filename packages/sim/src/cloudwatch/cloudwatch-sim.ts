import type { Clock } from "../clock.ts";
import type { RequestContext, SimResponse } from "../protocol.ts";
import { catchUpAlarm, floorToMinute } from "./alarm-scheduler.ts";
import { type AlarmNotification, AlarmStore, HISTORY_RETENTION_MS } from "./alarm-store.ts";
import { CloudWatchError, cloudWatchErrorResponse } from "./errors.ts";
import { MetricStore, RETENTION_MS } from "./metric-store.ts";
import { setAlarmActionsEnabled } from "./operations/alarm-actions.ts";
import { deleteAlarms } from "./operations/delete-alarms.ts";
import { describeAlarmHistory } from "./operations/describe-alarm-history.ts";
import { describeAlarms } from "./operations/describe-alarms.ts";
import { getMetricData } from "./operations/get-metric-data.ts";
import { listMetrics } from "./operations/list-metrics.ts";
import { listTagsForResource } from "./operations/list-tags-for-resource.ts";
import type { Operation, OperationContext, RegionState } from "./operations/operation.ts";
import { DEFAULT_MAX_ALARMS_PER_REGION, putMetricAlarm } from "./operations/put-metric-alarm.ts";
import { putMetricData } from "./operations/put-metric-data.ts";
import { setAlarmState } from "./operations/set-alarm-state.ts";
import { jsonResponse } from "./wire.ts";

export type { AlarmStateValue } from "./alarm-evaluator.ts";
export type { AlarmNotification } from "./alarm-store.ts";

const OPERATIONS: Record<string, Operation> = {
  PutMetricData: putMetricData,
  GetMetricData: getMetricData,
  ListMetrics: listMetrics,
  PutMetricAlarm: putMetricAlarm,
  DescribeAlarms: describeAlarms,
  DeleteAlarms: deleteAlarms,
  DescribeAlarmHistory: describeAlarmHistory,
  SetAlarmState: setAlarmState,
  EnableAlarmActions: setAlarmActionsEnabled(true),
  DisableAlarmActions: setAlarmActionsEnabled(false),
  ListTagsForResource: listTagsForResource,
};

const DEFAULT_MAX_NOTIFICATIONS = 100_000;
/** Housekeeping (retention) runs at most this often in simulated time. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface CloudWatchSimOptions {
  /** Simulated time; `evaluateAlarms()` without an argument evaluates up to `clock.now()`. */
  clock: Clock;
  /** Account in alarm ARNs and alarm notifications. */
  accountId: string;
  /** PutMetricAlarm answers `LimitExceeded` beyond this many alarms in a region. */
  maxAlarmsPerRegion?: number;
  /** `notifications` keeps this many, dropping the oldest, so a long live run does not grow without bound. Default 100,000. */
  maxNotifications?: number;
}

/**
 * The CloudWatch API as targetwatch uses it — metrics (PutMetricData, GetMetricData, ListMetrics)
 * and metric alarms (PutMetricAlarm, DescribeAlarms, DeleteAlarms, DescribeAlarmHistory,
 * SetAlarmState, Enable/DisableAlarmActions, ListTagsForResource) — speaking awsJson1_0 exactly as
 * `@aws-sdk/client-cloudwatch` expects, with state per region and alarms evaluated once a
 * simulated minute the way CloudWatch does.
 *
 * @example
 * ```ts
 * const clock = VirtualClock.manual({ start: Date.UTC(2026, 10, 27, 12) });
 * const cloudwatch = new CloudWatchSim({ clock, accountId: "123456789012" });
 * const server = await startSimulatorServer({ clock, defaultRegion: "us-west-2", cloudwatch });
 * // …point a CloudWatchClient at server.endpoint, put metrics, create alarms…
 * clock.advance(3 * 60_000);
 * cloudwatch.evaluateAlarms(clock.now());
 * console.log(cloudwatch.notifications);
 * ```
 */
export class CloudWatchSim {
  readonly #clock: Clock;
  readonly #accountId: string;
  readonly #maxAlarmsPerRegion: number;
  readonly #maxNotifications: number;
  readonly #regions = new Map<string, RegionState>();
  readonly #notifications: AlarmNotification[] = [];
  #evaluatedThrough = Number.NEGATIVE_INFINITY;
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(options: CloudWatchSimOptions) {
    this.#clock = options.clock;
    this.#accountId = options.accountId;
    this.#maxAlarmsPerRegion = options.maxAlarmsPerRegion ?? DEFAULT_MAX_ALARMS_PER_REGION;
    this.#maxNotifications = options.maxNotifications ?? DEFAULT_MAX_NOTIFICATIONS;
  }

  /** Every alarm action fired (SNS topic ARNs etc.), oldest first (up to `maxNotifications`). */
  get notifications(): readonly AlarmNotification[] {
    return this.#notifications;
  }

  /**
   * Serves one awsJson1_0 operation (`X-Amz-Target: GraniteServiceVersion20100801.<operation>`).
   * Alarms are first brought up to `ctx.now`, so evaluations only see data put before them.
   * Client mistakes become CloudWatch's 4xx errors, never a 500.
   */
  handle(operation: string, body: string, ctx: RequestContext): SimResponse {
    try {
      this.evaluateAlarms(ctx.now);
      const run = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
      if (!run) {
        throw new CloudWatchError(
          "InvalidAction",
          `The action ${operation || "(none)"} is not valid for this web service. The simulator implements ${Object.keys(OPERATIONS).join(", ")}.`,
        );
      }
      const op: OperationContext = {
        ctx,
        region: this.#region(ctx.region),
        notify: (fired) => this.#notify(fired),
        maxAlarmsPerRegion: this.#maxAlarmsPerRegion,
      };
      return jsonResponse(run(body, op), ctx);
    } catch (error) {
      if (error instanceof CloudWatchError) return cloudWatchErrorResponse(error, ctx);
      const message = error instanceof Error ? error.message : String(error);
      return cloudWatchErrorResponse(
        new CloudWatchError("InternalServiceError", `Simulator failure: ${message}`, 500),
        ctx,
      );
    }
  }

  /**
   * Evaluates every alarm at each whole minute of simulated time up to `now` that was not
   * evaluated yet (CloudWatch evaluates once a minute). Called from handle() and by a timer in
   * live runs; cheap when there is nothing to do.
   */
  evaluateAlarms(now: number = this.#clock.now()): void {
    const through = floorToMinute(now);
    if (through <= this.#evaluatedThrough) return;
    const fired: AlarmNotification[] = [];
    for (const region of this.#regions.values()) {
      for (const alarm of region.alarms.alarms.values())
        catchUpAlarm(region.alarms, region.metrics, alarm, through, fired);
    }
    // Alarms catch up one after another; notifications read best in time order (the sort is stable).
    fired.sort((a, b) => a.at - b.at);
    this.#notify(fired);
    this.#evaluatedThrough = through;
    if (now - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = now;
      for (const region of this.#regions.values()) {
        region.metrics.prune(now - RETENTION_MS);
        region.alarms.pruneHistory(now - HISTORY_RETENTION_MS);
      }
    }
  }

  #notify(fired: readonly AlarmNotification[]): void {
    for (const notification of fired) this.#notifications.push(notification);
    const excess = this.#notifications.length - this.#maxNotifications;
    if (excess > 0) this.#notifications.splice(0, excess);
  }

  #region(name: string): RegionState {
    let region = this.#regions.get(name);
    if (!region) {
      region = { metrics: new MetricStore(), alarms: new AlarmStore(name, this.#accountId) };
      this.#regions.set(name, region);
    }
    return region;
  }
}

import type { RequestContext } from "../../protocol.ts";
import type { AlarmNotification, AlarmStore } from "../alarm-store.ts";
import type { MetricStore } from "../metric-store.ts";

/** Everything of one region that CloudWatch keeps. */
export interface RegionState {
  metrics: MetricStore;
  alarms: AlarmStore;
}

export interface OperationContext {
  ctx: RequestContext;
  region: RegionState;
  /** Records alarm actions fired while serving the request (SetAlarmState). */
  notify(notifications: readonly AlarmNotification[]): void;
  /** PutMetricAlarm's LimitExceeded threshold. */
  maxAlarmsPerRegion: number;
}

/** One CloudWatch operation: the raw awsJson1_0 body in, the output structure out (errors are thrown). */
export type Operation = (body: string, op: OperationContext) => object;

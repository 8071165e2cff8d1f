/** What one sweep saw, as plain data: the input of the pure rules. Times are epoch ms. */

import type { TargetState } from "./constants.ts";

/**
 * One read of ELBv2, as an interval of the collector's clock: `sentAt` when the attempt that got
 * the answer was sent (earlier, retried attempts do not count), `receivedAt` when the answer
 * arrived. ELBv2 read the state at some instant in between; retries, throttling and slow
 * answers widen the interval, they never shift it.
 */
export interface ReadInterval {
  sentAt: number;
  receivedAt: number;
}

// The unions are declared with their lists of values; re-exported here, where the model uses them.
export type { Mode, TargetState } from "./constants.ts";

export interface HealthCheckSettings {
  protocol: string;
  port: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  path?: string;
}

export interface TargetObservation {
  id: string;
  port: number;
  availabilityZone?: string;
  state: TargetState;
  reason?: string;
  description?: string;
}

export interface TargetGroupSnapshot {
  arn: string;
  name: string;
  /** `instance`, `ip`, `lambda` or `alb`. */
  targetType: string;
  protocol: string;
  port: number;
  healthCheck: HealthCheckSettings;
  targets: TargetObservation[];
  /** The DescribeTargetHealth read that gave `targets`; absent when they came with the NLB's own read. */
  read?: ReadInterval;
}

export interface NlbSnapshot {
  region: string;
  arn: string;
  name: string;
  dnsName: string;
  scheme: string;
  /** ELBv2 load balancer state: provisioning, active, active_impaired, failed. */
  lbState: string;
  /** When AWS created it (`CreatedTime`, epoch ms): nothing of it happened before. */
  createdAt?: number;
  /** `elbv2.k8s.aws/cluster` tag. */
  cluster?: string;
  /** `service.k8s.aws/stack` tag: `<namespace>/<service>`. */
  service?: string;
  tags: Record<string, string>;
  targetGroups: TargetGroupSnapshot[];
  /**
   * This NLB's own discovery read, when its target groups were listed again on their own (a group
   * of the region's listing was deleted before its health was read: the controller replaced it).
   * Presence, mode and groups then rest on this read instead of the region's.
   */
  read?: ReadInterval;
}

/** One re-read of a target group's health (burst sampling): its targets and when they were read. */
export interface TargetHealthSample {
  targets: TargetObservation[];
  read: ReadInterval;
}

/** One sweep's view of one region: NLBs seen, and the ones it could not read completely. */
export interface RegionSnapshot {
  region: string;
  /**
   * The discovery reads (from the first DescribeLoadBalancers page sent to the last
   * DescribeTargetGroups page received): what they say about NLBs being there, their tags and
   * their target groups was true at some instant inside. Each group's target health has its own read.
   */
  read: ReadInterval;
  loadBalancers: NlbSnapshot[];
  /** NLB ARN → what went wrong; such an NLB keeps its last known state. */
  failures: Map<string, string>;
}

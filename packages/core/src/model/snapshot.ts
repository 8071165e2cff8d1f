/** What one sweep saw, as plain data: the input of the pure rules. Times are epoch ms. */

import type { TargetState } from "./constants.ts";

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
}

export interface NlbSnapshot {
  region: string;
  arn: string;
  name: string;
  dnsName: string;
  scheme: string;
  /** ELBv2 load balancer state: provisioning, active, active_impaired, failed. */
  lbState: string;
  /** `elbv2.k8s.aws/cluster` tag. */
  cluster?: string;
  /** `service.k8s.aws/stack` tag: `<namespace>/<service>`. */
  service?: string;
  tags: Record<string, string>;
  targetGroups: TargetGroupSnapshot[];
}

/** One sweep's view of one region: NLBs seen, and the ones it could not read completely. */
export interface RegionSnapshot {
  region: string;
  /** When the sweep read it. */
  observedAt: number;
  loadBalancers: NlbSnapshot[];
  /** NLB ARN → what went wrong; such an NLB keeps its last known state. */
  failures: Map<string, string>;
}

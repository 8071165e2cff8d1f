// Plain data for the rules tests: the EKS Workshop NLB as the Load Balancer Controller makes it.
import { CLUSTER_TAG, STACK_TAG } from "../../../src/model/constants.ts";
import type {
  HealthCheckSettings,
  NlbSnapshot,
  TargetGroupSnapshot,
  TargetObservation,
} from "../../../src/model/snapshot.ts";
import type { NlbState, TargetRecord } from "../../../src/model/state.ts";

/** Seconds → epoch ms, relative to the start of the workshop module. */
export const s = (seconds: number): number => T0 + seconds * 1000;
export const T0 = Date.UTC(2025, 5, 1, 9, 0, 0);

export const REGION = "us-west-2";
export const NLB_ARN =
  "arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/net/k8s-ui-uinlb-a9797f0f61/4f0ed3fa0ab3a2f0";
export const INSTANCE_TG =
  "arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/k8s-ui-uinlb-ce2ad1b5e8/1c1f4f2c0c9b2a11";
export const IP_TG =
  "arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/k8s-ui-uinlb-7f5e0d3a21/9d8e7f6a5b4c3d22";

export const NODES = ["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003"];
export const NODE_PORT = 30_080;
export const POD_PORT = 8080;

export function healthCheck(overrides: Partial<HealthCheckSettings> = {}): HealthCheckSettings {
  return {
    protocol: "TCP",
    port: "traffic-port",
    intervalSeconds: 10,
    timeoutSeconds: 10,
    healthyThreshold: 3,
    unhealthyThreshold: 3,
    ...overrides,
  };
}

export function targetGroup(
  arn: string,
  targetType: string,
  targets: TargetObservation[],
  overrides: Partial<TargetGroupSnapshot> = {},
): TargetGroupSnapshot {
  return {
    arn,
    name: arn.split("/")[1] ?? arn,
    targetType,
    protocol: "TCP",
    port: targetType === "ip" ? POD_PORT : NODE_PORT,
    healthCheck: healthCheck(),
    targets,
    ...overrides,
  };
}

export function nlb(targetGroups: TargetGroupSnapshot[], overrides: Partial<NlbSnapshot> = {}): NlbSnapshot {
  return {
    region: REGION,
    arn: NLB_ARN,
    name: "k8s-ui-uinlb-a9797f0f61",
    dnsName: "k8s-ui-uinlb-a9797f0f61-1234567890.elb.us-west-2.amazonaws.com",
    scheme: "internet-facing",
    lbState: "active",
    cluster: "eks-workshop",
    service: "ui/ui-nlb",
    tags: { [CLUSTER_TAG]: "eks-workshop", [STACK_TAG]: "ui/ui-nlb" },
    targetGroups,
    ...overrides,
  };
}

export const registering = (id: string, port: number): TargetObservation => ({
  id,
  port,
  state: "initial",
  reason: "Elb.RegistrationInProgress",
  description: "Target registration is in progress",
});

export const checking = (id: string, port: number): TargetObservation => ({
  id,
  port,
  state: "initial",
  reason: "Elb.InitialHealthChecking",
  description: "Initial health checks in progress",
});

export const healthy = (id: string, port: number): TargetObservation => ({ id, port, state: "healthy" });

export const failing = (id: string, port: number): TargetObservation => ({
  id,
  port,
  state: "unhealthy",
  reason: "Target.FailedHealthChecks",
  description: "Health checks failed",
});

export const draining = (id: string, port: number): TargetObservation => ({
  id,
  port,
  state: "draining",
  reason: "Target.DeregistrationInProgress",
  description: "Target deregistration is in progress",
});

/** A target record for the stuck and stats tests, registered at T0 and never healthy. */
export function record(overrides: Partial<TargetRecord> = {}): TargetRecord {
  return {
    targetGroupArn: IP_TG,
    id: "10.42.0.15",
    port: POD_PORT,
    state: "initial",
    since: s(0),
    lastSeenAt: s(0),
    registeredAt: s(0),
    notHealthySince: s(0),
    ...overrides,
  };
}

/** A persisted NLB state holding the given targets (for rules that only read state). */
export function state(targets: TargetRecord[], overrides: Partial<NlbState> = {}): NlbState {
  return {
    region: REGION,
    arn: NLB_ARN,
    name: "k8s-ui-uinlb-a9797f0f61",
    dnsName: "k8s-ui-uinlb-a9797f0f61-1234567890.elb.us-west-2.amazonaws.com",
    scheme: "internet-facing",
    lbState: "active",
    cluster: "eks-workshop",
    service: "ui/ui-nlb",
    mode: "ip",
    modeSince: s(0),
    targetGroups: [
      {
        arn: IP_TG,
        name: "k8s-ui-uinlb-7f5e0d3a21",
        targetType: "ip",
        protocol: "TCP",
        port: POD_PORT,
        healthCheck: healthCheck(),
      },
    ],
    targets,
    firstSeenAt: s(0),
    lastSeenAt: s(0),
    lastChangeAt: s(0),
    ...overrides,
  };
}

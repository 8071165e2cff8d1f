// Plain data for the DynamoDB store tests: one workshop, one NLB and its history.
import type { NlbState, TargetRecord } from "../../../src/model/state.ts";
import type { ModeTransition, TargetTransition } from "../../../src/model/transition.ts";
import type { Workshop } from "../../../src/model/workshop.ts";
import type { SweepHeartbeat } from "../../../src/ports/index.ts";

export const T0 = Date.parse("2026-11-27T09:00:00.000Z");
export const REGION = "us-west-2";
export const NLB_NAME = "k8s-ui-uinlb-e1c1ebaeb4";
export const NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/${NLB_NAME}/50dc6c495c0c9188`;
export const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/k8s-ui-uinlb-5a7b3c1d2e/73e2d6bc24d8a067`;

export function workshop(overrides: Partial<Workshop> = {}): Workshop {
  return {
    id: "reinvent-2026",
    name: "re:Invent 2026 EKS Workshop",
    selector: {
      tags: [{ key: "elbv2.k8s.aws/cluster", value: "eks-workshop" }],
      namePrefix: "k8s-ui-",
      regions: [REGION],
    },
    stuckThresholdSeconds: 300,
    retentionDays: 30,
    ...overrides,
  };
}

export function target(id: string, overrides: Partial<TargetRecord> = {}): TargetRecord {
  return {
    targetGroupArn: TG_ARN,
    id,
    port: 8080,
    availabilityZone: "us-west-2a",
    state: "initial",
    reason: "Elb.RegistrationInProgress",
    description: "Target registration is in progress",
    since: T0,
    lastSeenAt: T0,
    registeredAt: T0,
    notHealthySince: T0,
    ...overrides,
  };
}

export function nlbState(overrides: Partial<NlbState> = {}): NlbState {
  return {
    region: REGION,
    arn: NLB_ARN,
    name: NLB_NAME,
    dnsName: `${NLB_NAME}-50dc6c495c0c9188.elb.${REGION}.amazonaws.com`,
    scheme: "internet-facing",
    lbState: "active",
    cluster: "eks-workshop",
    service: "ui/ui-nlb",
    mode: "ip",
    modeSince: T0,
    targetGroups: [
      {
        arn: TG_ARN,
        name: "k8s-ui-uinlb-5a7b3c1d2e",
        targetType: "ip",
        protocol: "TCP",
        port: 8080,
        healthCheck: {
          protocol: "TCP",
          port: "traffic-port",
          intervalSeconds: 10,
          timeoutSeconds: 10,
          healthyThreshold: 3,
          unhealthyThreshold: 3,
        },
      },
    ],
    targets: [target("10.42.1.17")],
    firstSeenAt: T0,
    lastSeenAt: T0,
    lastChangeAt: T0,
    ...overrides,
  };
}

/** A target transition first seen `atOffsetMs` after T0, sampled 5 s after the previous sample. */
export function targetTransition(
  atOffsetMs: number,
  overrides: Partial<TargetTransition> = {},
): TargetTransition {
  const at = T0 + atOffsetMs;
  return {
    kind: "target",
    at,
    observedBetween: [at - 5_000, at],
    region: REGION,
    loadBalancerArn: NLB_ARN,
    loadBalancerName: NLB_NAME,
    targetGroupArn: TG_ARN,
    target: { id: "10.42.1.17", port: 8080 },
    from: "initial",
    to: "healthy",
    secondsInPreviousState: atOffsetMs / 1000,
    timeToHealthySeconds: atOffsetMs / 1000,
    ...overrides,
  };
}

export function modeTransition(atOffsetMs: number, overrides: Partial<ModeTransition> = {}): ModeTransition {
  const at = T0 + atOffsetMs;
  return {
    kind: "mode",
    at,
    observedBetween: [at - 60_000, at],
    region: REGION,
    loadBalancerArn: NLB_ARN,
    loadBalancerName: NLB_NAME,
    from: "instance",
    to: "ip",
    secondsInPreviousState: 600,
    ...overrides,
  };
}

export function heartbeat(overrides: Partial<SweepHeartbeat> = {}): SweepHeartbeat {
  return {
    workshopId: "reinvent-2026",
    at: T0,
    durationMs: 1_250,
    apiCalls: 4,
    errors: [],
    loadBalancers: 1,
    targets: 3,
    targetsByState: { healthy: 2, initial: 1 },
    stuck: 0,
    ...overrides,
  };
}

import type { LoadBalancerDetailView, StatsView, TargetView, WorkshopView } from "@targetwatch/core";
import type { LiveViewData } from "../../src/live-view.ts";

export const NOW = Date.parse("2026-11-27T09:07:30.000Z");
export const TOKEN = "start-test-token-0123456789";
const ZERO_STATES = {
  initial: 0,
  healthy: 0,
  unhealthy: 0,
  "unhealthy.draining": 0,
  unused: 0,
  draining: 0,
  unavailable: 0,
};

export function target(overrides: Partial<TargetView> = {}): TargetView {
  return {
    id: "10.42.1.17",
    port: 8080,
    availabilityZone: "us-west-2a",
    targetGroup: "k8s-ui-uinlb-450b7e2946",
    targetType: "ip",
    state: "healthy",
    reason: null,
    description: null,
    since: "2026-11-27T09:04:30.000Z",
    registeredAt: "2026-11-27T09:03:00.000Z",
    timeToHealthySeconds: 90,
    timeToHealthyBounds: { min: 85, max: 95 },
    stuck: false,
    notHealthySeconds: 0,
    ...overrides,
  };
}

export function nlb(overrides: Partial<LoadBalancerDetailView> = {}): LoadBalancerDetailView {
  const targets = overrides.targets ?? [target()];
  const targetsByState: Record<string, number> = { ...ZERO_STATES };
  for (const t of targets) targetsByState[t.state] = (targetsByState[t.state] ?? 0) + 1;
  const name = overrides.name ?? "k8s-ui-uinlb-0535c38212";
  return {
    name,
    arn: `arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/${name}/1`,
    accountId: "123456789012",
    label: null,
    region: "us-west-2",
    dnsName: `${name}.elb.us-west-2.amazonaws.com`,
    scheme: "internet-facing",
    state: "active",
    cluster: "eks-workshop",
    service: "ui/ui-nlb",
    mode: "ip",
    targetCount: targets.length,
    targetsByState,
    stuck: targets.filter((t) => t.stuck).length,
    targetGroups: [],
    firstSeenAt: "2026-11-27T09:00:00.000Z",
    lastSeenAt: "2026-11-27T09:07:00.000Z",
    lastChangeAt: "2026-11-27T09:04:30.000Z",
    lastError: null,
    ...overrides,
    targets,
  };
}

export function workshop(
  overrides: Partial<Omit<WorkshopView, "summary">> & { summary?: Partial<WorkshopView["summary"]> } = {},
): WorkshopView {
  const { summary, ...rest } = overrides;
  return {
    id: "default",
    name: "default",
    selector: { tags: [{ key: "elbv2.k8s.aws/cluster" }], regions: ["us-west-2"] },
    stuckThresholdSeconds: 300,
    retentionDays: 30,
    roleName: "TargetWatchReader",
    externalId: null,
    accounts: [],
    joinCode: { enabled: false, code: null, createdAt: null },
    accountCount: 0,
    participantRole: null,
    implicit: true,
    alarm: { name: "targetwatch-local/workshop-stuck-default", state: "OK" },
    ...rest,
    summary: {
      loadBalancers: 1,
      targets: 3,
      targetsByState: { ...ZERO_STATES, healthy: 3 },
      stuck: 0,
      lastSweepAt: "2026-11-27T09:07:00.000Z",
      lastSweepAgeSeconds: 30,
      lastSweepDurationMs: 1200,
      lastSweepErrors: [],
      lastGap: null,
      ...summary,
    },
  };
}

export function stats(overrides: Partial<StatsView> = {}): StatsView {
  return {
    workshopId: "default",
    generatedAt: new Date(NOW).toISOString(),
    scope: "window",
    windowStart: "2026-10-28T09:07:30.000Z",
    loadBalancers: 1,
    targets: 3,
    targetsSeen: 3,
    modes: { instance: 0, ip: 1, mixed: 0, none: 0 },
    participants: {
      by: "cluster",
      count: 1,
      stages: { noNlb: 0, instance: 0, switching: 0, ipHealthy: 0, scaledOut: 0, done: 1 },
    },
    timeToHealthy: { instance: { count: 0 }, ip: { count: 0 } },
    stuckTargets: [],
    ...overrides,
  };
}

export function screen(overrides: Partial<LiveViewData> = {}): LiveViewData {
  return {
    now: NOW,
    apiUrl: "http://127.0.0.1:3000",
    token: TOKEN,
    workshops: [{ workshop: workshop(), stats: stats(), loadBalancers: [nlb()] }],
    recent: [],
    ...overrides,
  };
}

/** `participant-07`: its pod 2 at 10.42.7.2 unhealthy for 6m12s, Target.FailedHealthChecks. */
export const STUCK_TARGET: StatsView["stuckTargets"][number] = {
  cluster: "participant-07",
  accountId: "123456789012",
  label: null,
  region: "us-west-2",
  loadBalancer: "k8s-ui-uinlb-p07",
  service: "ui/ui-nlb",
  targetGroup: "k8s-ui-uinlb-ip07",
  id: "10.42.7.2",
  port: 8080,
  state: "unhealthy",
  reason: "Target.FailedHealthChecks",
  description: "Health checks failed",
  since: "2026-11-27T09:01:18.000Z",
  notHealthySeconds: 372,
};

/**
 * A class of 30 (`participant-01` … `participant-30`), listed in hash order as the API does: 13
 * done in ip mode, 15 mid-switch (`mixed`), 2 still in instance mode; participant-07 has a
 * stuck pod.
 */
export function classScreen(overrides: Partial<LiveViewData> = {}): LiveViewData {
  const loadBalancers = Array.from({ length: 30 }, (_, i) => {
    const n = i + 1;
    const who = `participant-${String(n).padStart(2, "0")}`;
    const name = `k8s-ui-uinlb-p${String(n).padStart(2, "0")}`;
    if (n === 29 || n === 30)
      return nlb({
        name,
        cluster: who,
        mode: "instance",
        targets: [1, 2, 3].map(() => target({ targetType: "instance", id: "i-0abc" })),
      });
    if (n >= 14)
      return nlb({
        name,
        cluster: who,
        mode: "mixed",
        targets: [
          target({ targetType: "instance", id: "i-0abc", state: "draining" }),
          target({ state: "initial", timeToHealthySeconds: null }),
        ],
      });
    const pods = [target(), target({ timeToHealthySeconds: 92 }), target({ id: "10.42.7.2" })];
    if (n === 7)
      pods[2] = target({
        id: "10.42.7.2",
        state: "unhealthy",
        timeToHealthySeconds: null,
        stuck: true,
        reason: "Target.FailedHealthChecks",
      });
    return nlb({ name, cluster: who, mode: "ip", targets: pods });
  });
  // The API's order: by NLB name hash, which is no order a facilitator can read.
  loadBalancers.sort((a, b) => hash(a.name) - hash(b.name));
  return screen({
    elapsedSeconds: 450,
    simulatorUrl: "http://127.0.0.1:41234",
    workshops: [
      {
        workshop: workshop({
          alarm: { name: "targetwatch-local/workshop-stuck-default", state: "ALARM" },
          summary: { loadBalancers: 30, targets: 75, stuck: 1, lastSweepAgeSeconds: 27 },
        }),
        stats: stats({
          loadBalancers: 30,
          targets: 75,
          modes: { instance: 2, ip: 13, mixed: 15, none: 0 },
          timeToHealthy: {
            instance: { count: 90, p50: 89.4, p90: 90.6, max: 95 },
            ip: { count: 26, p50: 90, p90: 92, max: 92 },
          },
          stuckTargets: [STUCK_TARGET],
        }),
        loadBalancers,
      },
    ],
    recent: ["t+7m sweep: 30 NLBs, 75 targets, 3 transitions, 40 ELBv2 calls, 3 writes"],
    ...overrides,
  });
}

function hash(text: string): number {
  let h = 7;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 1009;
  return h;
}

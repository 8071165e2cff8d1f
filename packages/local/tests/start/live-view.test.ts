import type { LoadBalancerDetailView, StatsView, TargetView, WorkshopView } from "@targetwatch/core";
import { describe, expect, it } from "vitest";
import { type DashboardData, formatDuration, renderDashboard } from "../../src/live-view.ts";

const NOW = Date.parse("2026-11-27T09:07:30.000Z");
const ZERO_STATES = {
  initial: 0,
  healthy: 0,
  unhealthy: 0,
  "unhealthy.draining": 0,
  unused: 0,
  draining: 0,
  unavailable: 0,
};

function target(overrides: Partial<TargetView> = {}): TargetView {
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

function nlb(overrides: Partial<LoadBalancerDetailView> = {}): LoadBalancerDetailView {
  const targets = overrides.targets ?? [target()];
  const targetsByState: Record<string, number> = { ...ZERO_STATES };
  for (const t of targets) targetsByState[t.state] = (targetsByState[t.state] ?? 0) + 1;
  return {
    name: "k8s-ui-uinlb-0535c38212",
    arn: "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/net/k8s-ui-uinlb-0535c38212/1",
    accountId: "123456789012",
    region: "us-west-2",
    dnsName: "k8s-ui-uinlb-0535c38212.elb.us-west-2.amazonaws.com",
    scheme: "internet-facing",
    state: "active",
    cluster: "eks-workshop",
    service: "ui/ui-nlb",
    mode: "ip",
    targetCount: targets.length,
    targetsByState,
    stuck: 0,
    targetGroups: [],
    firstSeenAt: "2026-11-27T09:00:00.000Z",
    lastSeenAt: "2026-11-27T09:07:00.000Z",
    lastChangeAt: "2026-11-27T09:04:30.000Z",
    lastError: null,
    ...overrides,
    targets,
  };
}

function workshop(
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

function stats(
  timeToHealthy: StatsView["timeToHealthy"] = { instance: { count: 0 }, ip: { count: 0 } },
): StatsView {
  return {
    workshopId: "default",
    generatedAt: new Date(NOW).toISOString(),
    loadBalancers: 1,
    targets: 3,
    modes: { instance: 0, ip: 1, mixed: 0, none: 0 },
    timeToHealthy,
    stuckTargets: [],
  };
}

function screen(overrides: Partial<DashboardData> = {}): DashboardData {
  return {
    now: NOW,
    apiUrl: "http://127.0.0.1:3000",
    token: "start-test-token-0123456789",
    workshops: [{ workshop: workshop(), stats: stats(), loadBalancers: [nlb()] }],
    recent: [],
    ...overrides,
  };
}

/** The table's rows of a one-workshop screen, each split into its columns. */
function rows(text: string): string[][] {
  const lines = text.split("\n");
  const header = lines.findIndex((l) => l.startsWith("  cluster"));
  const end = lines.indexOf("", header);
  return lines.slice(header + 1, end === -1 ? undefined : end).map((l) => l.trim().split(/ {2,}/));
}

describe("renderDashboard (npm start's live view)", () => {
  it("draws the clock, time since the scenario started, the API's URL and token, then each workshop and its NLBs", () => {
    // Prepare
    const data = screen({
      elapsedSeconds: 450,
      workshops: [
        {
          workshop: workshop(),
          stats: stats({ instance: { count: 0 }, ip: { count: 3, p50: 90, p90: 92, max: 92 } }),
          loadBalancers: [nlb({ targets: [target(), target({ timeToHealthySeconds: 92 }), target()] })],
        },
      ],
      recent: ["sweep: 1 NLBs, 3 targets, 0 transitions, 4 ELBv2 calls, 1 writes"],
    });
    // Act
    const text = renderDashboard(data);
    // Assess
    expect(text).toBe(
      [
        "targetwatch — 2026-11-27 09:07:30 UTC (t+7m30s)    API http://127.0.0.1:3000   token start-test-token-0123456789",
        "",
        "workshop default — 1 NLBs, 3 targets, 0 stuck — alarm OK — last sweep 30s ago",
        "  time to healthy: ip p50 90s p90 92s max 92s (3)",
        "  cluster       service    mode  targets    to healthy  stuck  NLB",
        "  eks-workshop  ui/ui-nlb  ip    3 healthy  90–92s      0      k8s-ui-uinlb-0535c38212",
        "",
        "recent:",
        "  sweep: 1 NLBs, 3 targets, 0 transitions, 4 ELBv2 calls, 1 writes",
        "",
      ].join("\n"),
    );
  });

  it("leaves out the time since the start when not simulating (against AWS)", () => {
    const [header] = renderDashboard(screen()).split("\n");
    expect(header).toBe(
      "targetwatch — 2026-11-27 09:07:30 UTC    API http://127.0.0.1:3000   token start-test-token-0123456789",
    );
  });

  it("shows each NLB's mode: instance, mixed, ip, none", () => {
    // Prepare
    const loadBalancers = [
      nlb({ name: "nlb-a", mode: "instance", targets: [target({ targetType: "instance" })] }),
      nlb({
        name: "nlb-b",
        mode: "mixed",
        targets: [target({ targetType: "instance", state: "draining" }), target({ state: "initial" })],
      }),
      nlb({ name: "nlb-c", mode: "ip" }),
      nlb({ name: "nlb-d", mode: "none", cluster: null, service: null, targets: [] }),
    ];
    // Act
    const table = rows(
      renderDashboard(screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers }] })),
    );
    // Assess: cluster, service, mode, …, NLB
    expect(table.map((r) => [r[0], r[1], r[2], r.at(-1)])).toEqual([
      ["eks-workshop", "ui/ui-nlb", "instance", "nlb-a"],
      ["eks-workshop", "ui/ui-nlb", "mixed", "nlb-b"],
      ["eks-workshop", "ui/ui-nlb", "ip", "nlb-c"],
      ["-", "-", "none", "nlb-d"],
    ]);
  });

  it("counts targets by state in lifecycle order, leaving out states with none", () => {
    // Prepare: keys in another order than the lifecycle's
    const lb = nlb({ targetsByState: { draining: 3, unhealthy: 0, initial: 2, healthy: 1, unused: 1 } });
    const empty = nlb({ name: "nlb-empty", targets: [], targetsByState: { ...ZERO_STATES } });
    // Act
    const table = rows(
      renderDashboard(
        screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers: [lb, empty] }] }),
      ),
    );
    // Assess
    expect(table.map((r) => r[3])).toEqual(["1 healthy, 2 initial, 3 draining, 1 unused", "none"]);
  });

  it("rounds time to healthy to whole seconds, as a range when the targets differ", () => {
    // Prepare
    const same = nlb({
      name: "nlb-same",
      targets: [target({ timeToHealthySeconds: 89.6 }), target({ timeToHealthySeconds: 90.4 })],
    });
    const range = nlb({
      name: "nlb-range",
      targets: [
        target({ timeToHealthySeconds: 89.4 }),
        target({ timeToHealthySeconds: 92.2 }),
        target({ state: "initial", timeToHealthySeconds: null }),
      ],
    });
    const none = nlb({
      name: "nlb-none",
      targets: [target({ state: "initial", timeToHealthySeconds: null })],
    });
    // Act
    const table = rows(
      renderDashboard(
        screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers: [same, range, none] }] }),
      ),
    );
    // Assess
    expect(table.map((r) => r[4])).toEqual(["90s", "89–92s", "-"]);
  });

  it("marks an NLB with stuck targets", () => {
    const loadBalancers = [nlb({ name: "nlb-stuck", stuck: 2 }), nlb({ name: "nlb-fine", stuck: 0 })];
    const table = rows(
      renderDashboard(screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers }] })),
    );
    expect(table.map((r) => r[5])).toEqual(["2 STUCK", "0"]);
  });

  it("shows an NLB's last error in place of its name", () => {
    const lb = nlb({
      lastError: {
        message: "AccessDenied: elasticloadbalancing:DescribeTargetHealth",
        since: "2026-11-27T09:05:00.000Z",
        at: "2026-11-27T09:07:00.000Z",
        ageSeconds: 150,
      },
    });
    const table = rows(
      renderDashboard(
        screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers: [lb] }] }),
        200, // wide enough for the whole message
      ),
    );
    expect(table[0]?.at(-1)).toBe("error: AccessDenied: elasticloadbalancing:DescribeTargetHealth");
  });

  it("reports the workshop's alarm state, or that it has no alarm", () => {
    // Prepare
    const inAlarm = workshop({
      id: "reinvent",
      alarm: { name: "targetwatch-local/workshop-stuck-reinvent", state: "ALARM" },
    });
    const noAlarm = workshop({ id: "default", alarm: null });
    // Act
    const lines = renderDashboard(
      screen({
        workshops: [
          { workshop: inAlarm, stats: stats(), loadBalancers: [] },
          { workshop: noAlarm, stats: stats(), loadBalancers: [] },
        ],
      }),
    )
      .split("\n")
      .filter((l) => l.startsWith("workshop "));
    // Assess
    expect(lines).toEqual([
      "workshop reinvent — 1 NLBs, 3 targets, 0 stuck — alarm ALARM — last sweep 30s ago",
      "workshop default — 1 NLBs, 3 targets, 0 stuck — no alarm — last sweep 30s ago",
    ]);
  });

  it("says when no sweep has run yet, and how many errors the last one had", () => {
    // Prepare
    const fresh = workshop({ id: "fresh", summary: { lastSweepAt: null, lastSweepAgeSeconds: null } });
    const failing = workshop({
      id: "failing",
      summary: {
        stuck: 2,
        lastSweepAgeSeconds: 65,
        lastSweepErrors: ["us-east-1: throttled", "eu-west-1: denied"],
      },
    });
    // Act
    const lines = renderDashboard(
      screen({
        workshops: [
          { workshop: fresh, stats: stats(), loadBalancers: [] },
          { workshop: failing, stats: stats(), loadBalancers: [] },
        ],
      }),
    )
      .split("\n")
      .filter((l) => l.startsWith("workshop "));
    // Assess
    expect(lines).toEqual([
      "workshop fresh — 1 NLBs, 3 targets, 0 stuck — alarm OK — no sweep yet",
      "workshop failing — 1 NLBs, 3 targets, 2 stuck — alarm OK — last sweep 1m05s ago, 2 errors",
    ]);
  });

  it("gives time to healthy per target type, leaving out types without any", () => {
    const text = renderDashboard(
      screen({
        workshops: [
          {
            workshop: workshop(),
            stats: stats({
              instance: { count: 3, p50: 89.4, p90: 90.5, max: 90.5 },
              ip: { count: 0 },
            }),
            loadBalancers: [],
          },
        ],
      }),
    );
    expect(text.split("\n").filter((l) => l.includes("time to healthy:"))).toEqual([
      "  time to healthy: instance p50 89s p90 91s max 91s (3)",
    ]);
  });

  it("lists the recent lines last, under 'recent:'", () => {
    const recent = [
      "[t+3m00s] eks-workshop: service ui/ui-nlb patched to ip mode",
      "sweep: 1 NLBs, 4 targets, 5 transitions, 23 ELBv2 calls, 2 writes",
    ];
    const lines = renderDashboard(screen({ recent })).split("\n");
    expect(lines.slice(-4)).toEqual(["recent:", `  ${recent[0]}`, `  ${recent[1]}`, ""]);
  });

  it("cuts table rows and recent lines to the width with an ellipsis; the header keeps the whole token", () => {
    // Prepare
    const width = 60;
    const long = `sweep: ${"x".repeat(100)}`;
    // Act
    const lines = renderDashboard(screen({ recent: [long] }), width).split("\n");
    // Assess
    const row = lines.find((l) => l.startsWith("  eks-workshop"));
    expect(row).toHaveLength(width);
    expect(row?.endsWith("…")).toBe(true);
    expect(lines.at(-2)).toBe(`  ${long.slice(0, width - 3)}…`);
    expect(lines.at(-2)).toHaveLength(width);
    // A terminal wraps the header rather than hide the token a user copies from it.
    expect(lines[0]).toContain("token start-test-token-0123456789");
  });

  it("says there is no workshop yet when there is none", () => {
    const text = renderDashboard(screen({ workshops: [] }));
    expect(text.split("\n").slice(1)).toEqual(["", "no workshop yet", ""]);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [59.4, "59s"],
    [59.6, "1m00s"],
    [65, "1m05s"],
    [3600, "60m00s"],
    [-3, "0s"],
  ])("writes %d s as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

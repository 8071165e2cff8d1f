import { describe, expect, it } from "vitest";
import { renderLiveView, renderLiveViewText } from "../../src/live-view.ts";
import {
  classScreen,
  NOW,
  nlb,
  STUCK_TARGET,
  screen,
  stats,
  TOKEN,
  target,
  workshop,
} from "./live-view-fixtures.ts";

const TERMINAL = { columns: 80, rows: 24 };
const WIDE = { columns: 200, rows: 50 };

/** The table's rows, each split into its columns (from the line after its header up to `…` or `recent:`). */
function rows(lines: string[]): string[][] {
  const header = lines.findIndex((l) => l.startsWith("participant "));
  const end = lines.findIndex((l, i) => i > header && (l.startsWith("…") || l === "recent:"));
  return lines.slice(header + 1, end === -1 ? undefined : end).map((l) => l.trim().split(/ {2,}/));
}

describe("renderLiveView: a class of 30 in an 80×24 terminal", () => {
  const lines = renderLiveView(classScreen(), TERMINAL);

  it("fills the screen without ever scrolling or wrapping: 24 lines of at most 80 characters", () => {
    expect(lines).toHaveLength(24);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);
  });

  it("keeps the header first: clock, API, token, simulator; totals, modes, stages, time to healthy", () => {
    expect(lines.slice(0, 6)).toEqual([
      "targetwatch 2026-11-27 09:07:30 UTC  t+7m30s  API http://127.0.0.1:3000",
      `token ${TOKEN}  simulator http://127.0.0.1:41234`,
      "workshop default  75 targets  1 STUCK  alarm ALARM  data 27s old",
      "  30 NLBs: 15 mixed, 13 ip, 2 instance",
      "  30 participants: 12 done, 1 scaling, 15 switching, 2 instance",
      "  to healthy p50/p90/max: instance 89/91/95s (90) · ip 90/92/92s (26)",
    ]);
  });

  it("names the stuck participant under the header: target, state, for how long, AWS's reason", () => {
    expect(lines[6]).toBe("STUCK participant-07 10.42.7.2 unhealthy 6m12s Target.FailedHealthChecks");
  });

  it("lists the NLBs stuck first, then by participant, and cuts the rest with '… N more'", () => {
    const table = rows(lines);
    expect(table.map((r) => r[0])).toEqual([
      "participant-07",
      ...[1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13].map((n) => `participant-${String(n).padStart(2, "0")}`),
    ]);
    expect(table[0]).toEqual([
      "participant-07",
      "scaling",
      "ip",
      "2 healthy, 1 unhealthy",
      "90–92s",
      "1 STUCK",
    ]);
    expect(lines).toContain("… 17 more");
  });

  it("keeps the recent events at the bottom", () => {
    expect(lines.slice(-2)).toEqual([
      "recent:",
      "  t+7m sweep: 30 NLBs, 75 targets, 3 transitions, 40 ELBv2 calls, 3 writes",
    ]);
  });
});

describe("renderLiveView: a class of 30 at 200 columns", () => {
  it("puts the whole title on one line and every participant on the screen, with service, account and NLB", () => {
    // Act
    const lines = renderLiveView(classScreen(), WIDE);
    // Assess
    expect(lines[0]).toBe(
      `targetwatch 2026-11-27 09:07:30 UTC  t+7m30s  API http://127.0.0.1:3000  token ${TOKEN}  simulator http://127.0.0.1:41234`,
    );
    expect(lines[2]).toBe(
      "  30 NLBs: 15 mixed, 13 ip, 2 instance  30 participants: 12 done, 1 scaling, 15 switching, 2 instance",
    );
    const table = rows(lines);
    expect(table).toHaveLength(30);
    expect(table[0]).toEqual([
      "participant-07",
      "ui/ui-nlb",
      "123456789012",
      "scaling",
      "ip",
      "2 healthy, 1 unhealthy",
      "90–92s",
      "1 STUCK",
      "k8s-ui-uinlb-p07",
    ]);
    expect(table.at(-1)?.[0]).toBe("participant-30");
    expect(lines.filter((l) => l.length > 200)).toEqual([]);
    expect(lines.some((l) => l.startsWith("…"))).toBe(false);
  });

  it("says on the stuck line which NLB and account, and AWS's description", () => {
    const lines = renderLiveView(classScreen(), WIDE);
    expect(lines.filter((l) => l.startsWith("STUCK"))).toEqual([
      "STUCK participant-07 10.42.7.2:8080 unhealthy 6m12s Target.FailedHealthChecks on k8s-ui-uinlb-p07 (account 123456789012) — Health checks failed",
    ]);
  });

  it("still cuts to the terminal's rows: 200×24", () => {
    const lines = renderLiveView(classScreen(), { columns: 200, rows: 24 });
    expect(lines).toHaveLength(24);
    expect(lines[0]).toContain("simulator http://127.0.0.1:41234");
    expect(lines).toContain("… 15 more");
  });
});

describe("renderLiveView: what gives way", () => {
  it("cuts the stuck lines with '… N more stuck' when many are stuck", () => {
    // Prepare: 12 stuck targets
    const stuck = Array.from({ length: 12 }, (_, i) => ({
      ...STUCK_TARGET,
      cluster: `participant-${i + 1}`,
    }));
    const data = classScreen();
    const [first] = data.workshops;
    if (first) first.stats = { ...first.stats, stuckTargets: stuck };
    // Act
    const lines = renderLiveView(data, TERMINAL);
    // Assess: a sixth of the screen at most, the header above, some rows below
    expect(lines.filter((l) => l.startsWith("STUCK"))).toHaveLength(3);
    expect(lines).toContain("… 9 more stuck");
    expect(lines[0]).toMatch(/^targetwatch /);
    expect(rows(lines).length).toBeGreaterThan(3);
  });

  it("never writes more lines than the terminal has, even a tiny one", () => {
    for (const rows of [1, 3, 8, 12]) {
      const lines = renderLiveView(classScreen(), { columns: 40, rows });
      expect(lines.length).toBeLessThanOrEqual(rows);
      expect(lines.every((l) => l.length <= 40)).toBe(true);
      expect(lines[0]).toMatch(/^targetwatch /);
    }
  });

  it("shows only the latest recent events that fit, three at 24 rows", () => {
    const recent = Array.from({ length: 10 }, (_, i) => `t+${i}m sweep: ${i}`);
    const lines = renderLiveView(classScreen({ recent }), TERMINAL);
    expect(lines.slice(-4)).toEqual(["recent:", "  t+7m sweep: 7", "  t+8m sweep: 8", "  t+9m sweep: 9"]);
  });
});

describe("renderLiveView: one workshop's rows and header", () => {
  it("leaves the time since the start and the simulator out when not simulating (against AWS)", () => {
    const [title] = renderLiveView(screen(), WIDE);
    expect(title).toBe(`targetwatch 2026-11-27 09:07:30 UTC  API http://127.0.0.1:3000  token ${TOKEN}`);
  });

  it("shows each NLB's mode: instance, mixed, ip, none", () => {
    // Prepare
    const loadBalancers = [
      nlb({ name: "nlb-a", cluster: "a", mode: "instance", targets: [target({ targetType: "instance" })] }),
      nlb({
        name: "nlb-b",
        cluster: "b",
        mode: "mixed",
        targets: [target({ targetType: "instance", state: "draining" }), target({ state: "initial" })],
      }),
      nlb({ name: "nlb-c", cluster: "c", mode: "ip" }),
      nlb({ name: "nlb-d", mode: "none", cluster: null, service: null, targets: [] }),
    ];
    // Act
    const table = rows(
      renderLiveView(screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers }] }), WIDE),
    );
    // Assess: participant, service, account, stage, mode, …, NLB; without a cluster the account
    // names the participant; an NLB without a target group is just created, in the instance stage.
    expect(table.map((r) => [r[0], r[1], r[3], r[4], r.at(-1)])).toEqual([
      ["123456789012", "-", "instance", "none", "nlb-d"],
      ["a", "ui/ui-nlb", "instance", "instance", "nlb-a"],
      ["b", "ui/ui-nlb", "switching", "mixed", "nlb-b"],
      ["c", "ui/ui-nlb", "ip healthy", "ip", "nlb-c"],
    ]);
  });

  it("counts targets by state in lifecycle order, leaving out states with none", () => {
    // Prepare: keys in another order than the lifecycle's
    const lb = nlb({ targetsByState: { draining: 3, unhealthy: 0, initial: 2, healthy: 1, unused: 1 } });
    const empty = nlb({ name: "nlb-empty", cluster: "z", targets: [], targetsByState: {} });
    // Act
    const table = rows(
      renderLiveView(
        screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers: [lb, empty] }] }),
        TERMINAL,
      ),
    );
    // Assess
    expect(table.map((r) => r[3])).toEqual(["1 healthy, 2 initial, 3 draining, 1 unused", "none"]);
  });

  it("rounds time to healthy to whole seconds, as a range when the targets differ", () => {
    // Prepare
    const same = nlb({
      cluster: "a",
      targets: [target({ timeToHealthySeconds: 89.6 }), target({ timeToHealthySeconds: 90.4 })],
    });
    const range = nlb({
      cluster: "b",
      targets: [
        target({ timeToHealthySeconds: 89.4 }),
        target({ timeToHealthySeconds: 92.2 }),
        target({ state: "initial", timeToHealthySeconds: null }),
      ],
    });
    const none = nlb({ cluster: "c", targets: [target({ state: "initial", timeToHealthySeconds: null })] });
    // Act
    const table = rows(
      renderLiveView(
        screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers: [none, range, same] }] }),
        TERMINAL,
      ),
    );
    // Assess
    expect(table.map((r) => [r[0], r[4]])).toEqual([
      ["a", "90s"],
      ["b", "89–92s"],
      ["c", "-"],
    ]);
  });

  it("marks an NLB with stuck targets and lists it first", () => {
    const loadBalancers = [
      nlb({ name: "nlb-fine", cluster: "a", stuck: 0 }),
      nlb({ name: "nlb-stuck", cluster: "b", stuck: 2 }),
    ];
    const table = rows(
      renderLiveView(
        screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers }] }),
        TERMINAL,
      ),
    );
    expect(table.map((r) => [r[0], r[5]])).toEqual([
      ["b", "2 STUCK"],
      ["a", "0"],
    ]);
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
      renderLiveView(
        screen({ workshops: [{ workshop: workshop(), stats: stats(), loadBalancers: [lb] }] }),
        WIDE,
      ),
    );
    expect(table[0]?.at(-1)).toBe("error: AccessDenied: elasticloadbalancing:DescribeTargetHealth");
  });

  it("reports each workshop's alarm state, or that it has no alarm, and prefixes its participants", () => {
    // Prepare
    const inAlarm = workshop({
      id: "reinvent",
      alarm: { name: "targetwatch-local/workshop-stuck-reinvent", state: "ALARM" },
    });
    const noAlarm = workshop({ id: "default", alarm: null });
    // Act
    const lines = renderLiveView(
      screen({
        workshops: [
          { workshop: inAlarm, stats: stats(), loadBalancers: [nlb()] },
          { workshop: noAlarm, stats: stats(), loadBalancers: [] },
        ],
      }),
      TERMINAL,
    );
    // Assess
    expect(lines.filter((l) => l.startsWith("workshop "))).toEqual([
      "workshop reinvent  3 targets  0 stuck  alarm ALARM  data 30s old",
      "workshop default  3 targets  0 stuck  no alarm  data 30s old",
    ]);
    expect(rows(lines)[0]?.[0]).toBe("reinvent/eks-workshop");
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
    const lines = renderLiveView(
      screen({
        workshops: [
          { workshop: fresh, stats: stats(), loadBalancers: [] },
          { workshop: failing, stats: stats(), loadBalancers: [] },
        ],
      }),
      WIDE,
    );
    // Assess
    expect(lines.filter((l) => l.startsWith("workshop "))).toEqual([
      "workshop fresh  3 targets  0 stuck  alarm OK  no sweep yet",
      "workshop failing  3 targets  2 STUCK  alarm OK  data 1m05s old  2 errors",
    ]);
  });

  it("gives time to healthy per target type, leaving out types without any", () => {
    const text = renderLiveViewText(
      screen({
        workshops: [
          {
            workshop: workshop(),
            stats: stats({
              timeToHealthy: { instance: { count: 3, p50: 89.4, p90: 90.5, max: 90.5 }, ip: { count: 0 } },
            }),
            loadBalancers: [],
          },
          { workshop: workshop({ id: "empty" }), stats: stats(), loadBalancers: [] },
        ],
      }),
      TERMINAL,
    );
    expect(text.split("\n").filter((l) => l.includes("to healthy"))).toEqual([
      "  to healthy p50/p90/max: instance 89/91/91s (3)",
      "  to healthy p50/p90/max: none yet",
    ]);
  });

  it("cuts rows and recent lines to the width with an ellipsis; the header moves the token to the next line rather than cut it", () => {
    // Prepare
    const width = 60;
    const long = `sweep: ${"x".repeat(100)}`;
    // Act
    const lines = renderLiveView(screen({ recent: [long] }), { columns: width, rows: 24 });
    // Assess
    expect(lines.every((l) => l.length <= width)).toBe(true);
    expect(lines.at(-1)).toBe(`  ${long.slice(0, width - 3)}…`);
    expect(lines.slice(0, 3)).toEqual([
      "targetwatch 2026-11-27 09:07:30 UTC",
      `API http://127.0.0.1:3000  token ${TOKEN}`,
      "workshop default  3 targets  0 stuck  alarm OK  data 30s old",
    ]);
  });

  it("says there is no workshop yet when there is none", () => {
    const lines = renderLiveView(screen({ workshops: [] }), TERMINAL);
    expect(lines.at(-1)).toBe("no workshop yet");
    expect(lines).toHaveLength(3);
  });

  it("tells the time of the view", () => {
    expect(renderLiveView(screen({ now: NOW + 61_000 }), TERMINAL)[0]).toContain("09:08:31 UTC");
  });
});

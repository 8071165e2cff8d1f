import { describe, expect, it } from "vitest";
import type { Workshop } from "../../../src/model/workshop.ts";
import { statsOf } from "../../../src/queries/stats-query.ts";
import { statsView } from "../../../src/queries/stats-view.ts";
import { NLB_ARN, record, s, state } from "../rules/fixtures.ts";

const ALICE = "210000000001";
const BOB = "210000000002";
const CAROL = "210000000003";
const inAccount = (accountId: string) => NLB_ARN.replace(/:\d{12}:/, `:${accountId}:`);
const healthyIp = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    record({ id: `10.42.0.${i + 1}`, state: "healthy", notHealthySince: undefined }),
  );

const CLASS: Workshop = {
  id: "con301",
  name: "CON301",
  selector: { tags: [], regions: [] },
  stuckThresholdSeconds: 300,
  retentionDays: 1,
  accounts: [
    { accountId: ALICE, label: "Table 1 – Alice" },
    { accountId: BOB, label: "Table 1 – Bob" },
    { accountId: CAROL },
  ],
};

/** Alice done, Bob stuck in ip mode since the start, Carol without an NLB. */
const STATES = [
  state(healthyIp(3), { arn: inAccount(ALICE) }),
  state([record({ state: "unhealthy", reason: "Target.FailedHealthChecks" })], { arn: inAccount(BOB) }),
];

describe("/stats of a workshop with participant accounts", () => {
  it("counts the accounts by stage, the one without an NLB as noNlb", () => {
    // Act
    const stats = statsOf(CLASS, { states: STATES }, s(600));
    // Assess
    expect(stats.participants).toEqual({
      by: "account",
      count: 3,
      stages: { noNlb: 1, instance: 0, switching: 1, ipHealthy: 0, scaledOut: 0, done: 1 },
    });
  });

  it("names each stuck target's participant by the label of its account", () => {
    // Act
    const stats = statsOf(CLASS, { states: STATES }, s(600));
    // Assess
    expect(stats.stuckTargets.map((t) => [t.accountId, t.label, t.id])).toEqual([
      [BOB, "Table 1 – Bob", "10.42.0.15"],
    ]);
  });

  it("counts one account only with ?account=", () => {
    // Act
    const alice = statsOf(CLASS, { states: STATES, transitions: [] }, s(600), ALICE);
    const carol = statsOf(CLASS, { states: STATES }, s(600), CAROL);
    // Assess
    expect([alice.loadBalancers, alice.participants.count, alice.participants.stages.done]).toEqual([
      1, 1, 1,
    ]);
    expect(alice.stuckTargets).toEqual([]);
    expect([carol.loadBalancers, carol.participants.by, carol.participants.stages.noNlb]).toEqual([
      0,
      "account",
      1,
    ]);
  });
});

describe("/stats of a workshop without accounts", () => {
  it("counts participants as the board does, one per cluster, with no labels", () => {
    // Prepare
    const states = [
      state(healthyIp(3), { cluster: "alice" }),
      state([], { cluster: "bob", mode: "instance", arn: inAccount(ALICE).replace(/[0-9a-f]+$/, "b") }),
    ];
    // Act
    const stats = statsView({ workshopId: "default", states, now: s(600), thresholdSeconds: 300 });
    // Assess
    expect(stats.participants).toEqual({
      by: "cluster",
      count: 2,
      stages: { noNlb: 0, instance: 1, switching: 0, ipHealthy: 0, scaledOut: 0, done: 1 },
    });
  });
});

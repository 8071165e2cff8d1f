// The class's progress series the collector keeps on each heartbeat for the board's chart.
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKSHOP_GOAL, type StageCounts } from "../../../src/model/progress.ts";
import {
  classStageCounts,
  emptyStageCounts,
  PROGRESS_POINTS_MAX,
  PROGRESS_WINDOW_MS,
  recordProgress,
} from "../../../src/rules/index.ts";
import { record, s, state } from "./fixtures.ts";

const counts = (stages: Partial<StageCounts>): StageCounts => ({ ...emptyStageCounts(), ...stages });

describe("classStageCounts", () => {
  it("counts each participant once, in the stage of their most advanced NLB", () => {
    // Prepare: one cluster with a waiting NLB and a done one, another cluster waiting
    const done = [1, 2, 3].map((n) =>
      record({ id: `10.42.1.${n}`, state: "healthy", notHealthySince: undefined, healthyAt: s(n) }),
    );
    const states = [
      state([record()]),
      state(done, { arn: "arn:done", name: "k8s-ui-done" }),
      state([record()], { arn: "arn:other", cluster: "other", name: "k8s-ui-other" }),
    ];
    // Act
    const stages = classStageCounts({}, states, DEFAULT_WORKSHOP_GOAL);
    // Assess
    expect(stages).toEqual(counts({ done: 1, switching: 1 }));
    expect(classStageCounts({}, [], DEFAULT_WORKSHOP_GOAL)).toEqual(emptyStageCounts());
  });

  it("counts every account of a workshop that lists them, one without an NLB as noNlb, whatever the clusters are named", () => {
    // Prepare: two accounts' NLBs on clusters named alike, and an account with no NLB yet
    const arnIn = (account: string, name: string) =>
      `arn:aws:elasticloadbalancing:us-west-2:${account}:loadbalancer/net/${name}/0123456789abcdef`;
    const workshop = {
      accounts: ["111111111111", "222222222222", "333333333333"].map((accountId) => ({ accountId })),
    };
    const states = [
      state([record()], { arn: arnIn("111111111111", "k8s-ui-a"), cluster: "eks-workshop" }),
      state([record()], { arn: arnIn("222222222222", "k8s-ui-b"), cluster: "eks-workshop" }),
    ];
    // Act
    const stages = classStageCounts(workshop, states, DEFAULT_WORKSHOP_GOAL);
    // Assess
    expect(stages).toEqual(counts({ switching: 2, noNlb: 1 }));
  });
});

describe("recordProgress", () => {
  it("adds a point only when the counts changed, stamped when the sweep observed them", () => {
    // Act
    const first = recordProgress(undefined, { at: s(0), stages: counts({ noNlb: 2 }) });
    const same = recordProgress(first, { at: s(60), stages: counts({ noNlb: 2 }) });
    const changed = recordProgress(same, { at: s(120), stages: counts({ noNlb: 1, instance: 1 }) });
    // Assess
    expect(first).toEqual([{ at: s(0), stages: counts({ noNlb: 2 }) }]);
    expect(same).toEqual(first);
    expect(changed).toEqual([
      { at: s(0), stages: counts({ noNlb: 2 }) },
      { at: s(120), stages: counts({ noNlb: 1, instance: 1 }) },
    ]);
  });

  it("keeps the last 3 hours, and observes again when none of them is left", () => {
    // Prepare
    const old = [{ at: s(0), stages: counts({ noNlb: 2 }) }];
    const later = s(0) + PROGRESS_WINDOW_MS;
    // Act
    const series = recordProgress(old, { at: later, stages: counts({ noNlb: 2 }) });
    // Assess
    expect(series).toEqual([{ at: later, stages: counts({ noNlb: 2 }) }]);
  });

  it("holds at most PROGRESS_POINTS_MAX points, the newest", () => {
    // Prepare: a change every second
    let series = recordProgress(undefined, { at: s(0), stages: counts({ noNlb: 0 }) });
    // Act
    for (let i = 1; i <= PROGRESS_POINTS_MAX + 10; i += 1) {
      series = recordProgress(series, { at: s(i), stages: counts({ noNlb: i }) });
    }
    // Assess
    expect(series).toHaveLength(PROGRESS_POINTS_MAX);
    expect(series.at(-1)).toEqual({
      at: s(PROGRESS_POINTS_MAX + 10),
      stages: counts({ noNlb: PROGRESS_POINTS_MAX + 10 }),
    });
    expect(series[0]?.at).toBe(s(11));
  });
});

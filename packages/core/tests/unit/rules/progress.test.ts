// The smaller progress rules: a participant's best NLB, pacing, hints, label groups, histograms.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKSHOP_GOAL } from "../../../src/model/progress.ts";
import {
  compareLabels,
  groupByLabel,
  histogram,
  labelGroup,
  pacingAdvice,
  participantStage,
  stuckHint,
} from "../../../src/rules/index.ts";
import { healthCheck, record, s, state } from "./fixtures.ts";

describe("participantStage", () => {
  it("takes the participant's most advanced NLB, and the one that got there first", () => {
    // Prepare: an old instance-mode NLB, and two ip NLBs with one healthy pod each.
    const instance = state([], {
      arn: "arn:a",
      mode: "instance",
      targetGroups: [
        {
          arn: "tg/i",
          name: "i",
          targetType: "instance",
          protocol: "TCP",
          port: 1,
          healthCheck: healthCheck(),
        },
      ],
    });
    const late = state([record({ state: "healthy", since: s(90), notHealthySince: undefined })], {
      arn: "arn:b",
    });
    const early = state([record({ state: "healthy", since: s(60), notHealthySince: undefined })], {
      arn: "arn:c",
    });
    // Act
    const best = participantStage([instance, late, early], DEFAULT_WORKSHOP_GOAL);
    // Assess
    expect(best).toEqual({ stage: "ipHealthy", since: s(60), loadBalancer: early });
  });

  it("puts a participant without an NLB in noNlb", () => {
    expect(participantStage([], DEFAULT_WORKSHOP_GOAL)).toEqual({ stage: "noNlb" });
  });
});

describe("pacingAdvice", () => {
  it.each([
    [25, 30, "proceed", 83],
    [24, 30, "wait", 80],
    [21, 30, "wait", 70],
    [18, 30, "wait", 60],
    [17, 30, "troubleshoot", 56],
    [161, 200, "proceed", 80],
    [0, 30, "troubleshoot", 0],
  ])("advises for %i of %i done: %s, %i percent", (done, participants, advice, percentDone) => {
    expect(pacingAdvice(done, participants)).toMatchObject({ done, participants, advice, percentDone });
  });

  it("says so when there are no participants yet", () => {
    expect(pacingAdvice(0, 0)).toMatchObject({ advice: "wait", adviceText: "No participants yet." });
  });

  it("explains each advice in a sentence", () => {
    expect(pacingAdvice(30, 30).adviceText).toMatch(/move the class on/);
    expect(pacingAdvice(20, 30).adviceText).toMatch(/five more minutes/);
    expect(pacingAdvice(1, 30).adviceText).toMatch(/troubleshoot together/);
  });
});

describe("stuckHint", () => {
  const base = { targetType: "ip", port: 8080, notHealthySeconds: 400 } as const;

  it("calls registration of a few minutes normal", () => {
    const hint = stuckHint({
      ...base,
      state: "initial",
      reason: "Elb.RegistrationInProgress",
      notHealthySeconds: 120,
    });
    expect(hint).toMatch(/still normal.*1–4 minutes/i);
  });

  it("calls registration past five minutes slow", () => {
    expect(stuckHint({ ...base, state: "initial", reason: "Elb.RegistrationInProgress" })).toMatch(
      /unusually slow/,
    );
  });

  it("points an ip target failing health checks at the pod's security group and port", () => {
    const hint = stuckHint({ ...base, state: "unhealthy", reason: "Target.FailedHealthChecks" });
    expect(hint).toMatch(/security group must allow the NLB's subnets.*target port \(8080\).*pod listening/);
  });

  it("points an instance target failing health checks at the nodes and the NodePort", () => {
    const hint = stuckHint({
      ...base,
      targetType: "instance",
      port: 30080,
      state: "unhealthy",
      reason: "Target.FailedHealthChecks",
    });
    expect(hint).toMatch(/nodes' security group.*NodePort \(30080\)/);
  });

  it("treats initial health checks that last as failing ones", () => {
    expect(
      stuckHint({ ...base, state: "initial", reason: "Elb.InitialHealthChecking", notHealthySeconds: 20 }),
    ).toMatch(/Still normal/);
    expect(stuckHint({ ...base, state: "initial", reason: "Elb.InitialHealthChecking" })).toMatch(
      /security group/,
    );
  });

  it.each([
    ["unhealthy", "Target.Timeout", /time out: nothing answers on port 8080/],
    ["unhealthy", "Elb.InternalError", /ELB-side problem/],
    ["unavailable", "Elb.InternalError", /AWS Health Dashboard/],
    ["unavailable", null, /ELB-side problem/],
    ["unavailable", "Target.HealthCheckDisabled", /disabled/],
    ["unused", "Target.NotInUse", /Availability Zone is not enabled/],
    ["unused", null, /No listener uses/],
    ["unused", "Target.InvalidState", /stopped or terminated/],
    ["unhealthy", null, /security group/],
    ["unhealthy.draining", "Target.Unheard", /kubectl describe service/],
  ] as const)("for %s with %s says what to check", (state, reason, expected) => {
    expect(stuckHint({ ...base, state, reason })).toMatch(expected);
  });
});

describe("labelGroup and groupByLabel", () => {
  it.each([
    ["Table 3 – Alice", "Table 3"],
    ["Table 3 - Alice", "Table 3"],
    ["Table 3 — Alice", "Table 3"],
    ["Room B/12", "Room B"],
    ["T3: Alice", "T3"],
    ["Alice-Smith", undefined],
    ["Alice", undefined],
    [" – Alice", undefined],
    [null, undefined],
  ])("finds the group of %s: %s", (label, group) => {
    expect(labelGroup(label)).toBe(group);
  });

  it("groups labels in reading order, the ungrouped last", () => {
    const labels = ["Table 10 – Eve", "Bob", "Table 2 – Alice", "Table 10 – Dan", "Table 2 – Carol", null];
    const groups = groupByLabel(labels, (label) => label);
    expect(groups).toEqual([
      { group: "Table 2", items: ["Table 2 – Alice", "Table 2 – Carol"] },
      { group: "Table 10", items: ["Table 10 – Eve", "Table 10 – Dan"] },
      { group: undefined, items: ["Bob", null] },
    ]);
  });

  it("orders labels totally and consistently", () => {
    const label = fc.stringMatching(/^[A-Za-z0-9 ]{0,8}$/);
    fc.assert(
      fc.property(label, label, label, (a, b, c) => {
        expect(Math.sign(compareLabels(a, b)) + Math.sign(compareLabels(b, a))).toBe(0);
        expect(compareLabels(a, b) === 0).toBe(a === b);
        if (compareLabels(a, b) <= 0 && compareLabels(b, c) <= 0)
          expect(compareLabels(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe("histogram", () => {
  it("bins times to healthy with a round width", () => {
    expect(histogram([62, 75, 95, 118], 4)).toEqual([
      { fromSeconds: 60, toSeconds: 75, count: 1 },
      { fromSeconds: 75, toSeconds: 90, count: 1 },
      { fromSeconds: 90, toSeconds: 105, count: 1 },
      { fromSeconds: 105, toSeconds: 120, count: 1 },
    ]);
  });

  it("is empty without values", () => {
    expect(histogram([Number.NaN, -1])).toEqual([]);
  });

  it("puts every value in the one bin that holds it, in at most maxBins contiguous bins", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true })),
        fc.integer({ min: 1, max: 20 }),
        (values, maxBins) => {
          const bins = histogram(values, maxBins);
          expect(bins.length).toBeLessThanOrEqual(maxBins);
          expect(bins.reduce((sum, bin) => sum + bin.count, 0)).toBe(values.length);
          for (let i = 1; i < bins.length; i++) expect(bins[i]?.fromSeconds).toBe(bins[i - 1]?.toSeconds);
          for (const value of values) {
            const holding = bins.filter((bin) => bin.fromSeconds <= value && value < bin.toSeconds);
            expect(holding).toHaveLength(1);
          }
        },
      ),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarizeTargets, timeToHealthyStats } from "../../../src/rules/index.ts";
import { record, s, state } from "./fixtures.ts";

describe("timeToHealthyStats", () => {
  it("gives only a zero count without data", () => {
    expect(timeToHealthyStats([])).toEqual({ count: 0 });
  });

  it("gives the single value for every statistic of one value", () => {
    expect(timeToHealthyStats([42])).toEqual({ count: 1, p50: 42, p90: 42, max: 42 });
  });

  it("takes nearest-rank percentiles: ten values give the 5th and 9th", () => {
    // Prepare
    const seconds = [100, 10, 90, 20, 80, 30, 70, 40, 60, 50];
    // Act
    const stats = timeToHealthyStats(seconds);
    // Assess
    expect(stats).toEqual({ count: 10, p50: 50, p90: 90, max: 100 });
  });

  it("rounds the rank up, so p90 of four values is the largest", () => {
    expect(timeToHealthyStats([90, 30, 60, 120])).toEqual({ count: 4, p50: 60, p90: 120, max: 120 });
  });

  it("ignores values that are not finite numbers", () => {
    expect(timeToHealthyStats([Number.NaN, 30, Number.POSITIVE_INFINITY])).toEqual({
      count: 1,
      p50: 30,
      p90: 30,
      max: 30,
    });
  });

  it("does not reorder its input", () => {
    const seconds = [3, 1, 2];
    timeToHealthyStats(seconds);
    expect(seconds).toEqual([3, 1, 2]);
  });

  it("always answers with input values, ordered p50 ≤ p90 ≤ max", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 3600, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (values) => {
          const { count, p50, p90, max } = timeToHealthyStats(values);
          expect(count).toBe(values.length);
          expect(values).toContain(p50);
          expect(values).toContain(p90);
          expect(max).toBe(Math.max(...values));
          expect(p50).toBeLessThanOrEqual(p90 ?? Number.NaN);
          expect(p90).toBeLessThanOrEqual(max ?? Number.NaN);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("summarizeTargets", () => {
  it("counts NLBs, targets per state, stuck targets and modes, zeros included", () => {
    // Prepare
    const states = [
      state([
        record({ id: "a" }),
        record({ id: "b", state: "healthy", notHealthySince: undefined }),
        record({ id: "c", state: "draining" }),
      ]),
      state([record({ id: "d", notHealthySince: s(200) })], { arn: "other", mode: "mixed" }),
      state([], { arn: "empty", mode: "none" }),
    ];
    // Act
    const summary = summarizeTargets(states, s(301), 300);
    // Assess
    expect(summary).toEqual({
      loadBalancers: 3,
      targets: 4,
      targetsByState: {
        initial: 2,
        healthy: 1,
        unhealthy: 0,
        "unhealthy.draining": 0,
        unused: 0,
        draining: 1,
        unavailable: 0,
      },
      stuck: 1,
      modes: { instance: 0, ip: 1, mixed: 1, none: 1 },
    });
  });

  it("is all zeros for a workshop without NLBs", () => {
    const summary = summarizeTargets([], s(0), 300);
    expect(summary.loadBalancers).toBe(0);
    expect(Object.values(summary.targetsByState).every((n) => n === 0)).toBe(true);
  });
});

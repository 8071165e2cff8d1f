import { describe, expect, it } from "vitest";
import type { TargetState } from "../../../src/model/snapshot.ts";
import { isStuck, stuckSeconds, stuckTargets } from "../../../src/rules/index.ts";
import { record, s, state } from "./fixtures.ts";

const THRESHOLD = 300;

describe("isStuck", () => {
  it("is false at exactly the threshold: stuck means longer than it", () => {
    expect(isStuck(record({ notHealthySince: s(0) }), s(300), THRESHOLD)).toBe(false);
  });

  it("is true one millisecond past the threshold", () => {
    expect(isStuck(record({ notHealthySince: s(0) }), s(300) + 1, THRESHOLD)).toBe(true);
  });

  it.each<TargetState>(["initial", "unhealthy", "unused", "unavailable"])(
    "counts a target %s for too long as stuck",
    (targetState) => {
      expect(isStuck(record({ state: targetState }), s(301), THRESHOLD)).toBe(true);
    },
  );

  it.each<TargetState>(["draining", "unhealthy.draining"])(
    "never counts a %s target as stuck",
    (targetState) => {
      expect(isStuck(record({ state: targetState }), s(3600), THRESHOLD)).toBe(false);
    },
  );

  it("never counts a healthy target as stuck", () => {
    expect(isStuck(record({ state: "healthy", notHealthySince: undefined }), s(3600), THRESHOLD)).toBe(false);
  });

  it("measures from the start of the non-healthy run, not from the latest state", () => {
    // Prepare: registered at 0, initial → unhealthy at 200 s, still unhealthy.
    const target = record({ state: "unhealthy", since: s(200), notHealthySince: s(0) });
    // Act
    const stuck = isStuck(target, s(301), THRESHOLD);
    // Assess
    expect(stuck).toBe(true);
  });

  it("is false for a record that does not know when it stopped being healthy", () => {
    expect(isStuck(record({ notHealthySince: undefined }), s(3600), THRESHOLD)).toBe(false);
  });

  it("with a zero threshold, counts any non-healthy time", () => {
    expect(isStuck(record(), s(0), 0)).toBe(false);
    expect(isStuck(record(), s(0) + 1, 0)).toBe(true);
  });
});

describe("stuckSeconds", () => {
  it("is the time since the target stopped being healthy", () => {
    expect(stuckSeconds(record({ notHealthySince: s(10) }), s(70.5))).toBe(60.5);
  });

  it("is zero for a healthy target", () => {
    expect(stuckSeconds(record({ state: "healthy", notHealthySince: undefined }), s(70))).toBe(0);
  });

  it("is never negative, even with a clock behind the record", () => {
    expect(stuckSeconds(record({ notHealthySince: s(10) }), s(5))).toBe(0);
  });
});

describe("stuckTargets", () => {
  it("lists the stuck targets of an NLB", () => {
    // Prepare
    const nlb = state([
      record({ id: "10.42.0.1" }),
      record({ id: "10.42.0.2", notHealthySince: s(100) }),
      record({ id: "10.42.0.3", state: "healthy", notHealthySince: undefined }),
      record({ id: "10.42.0.4", state: "draining" }),
    ]);
    // Act
    const stuck = stuckTargets(nlb, s(301), THRESHOLD);
    // Assess
    expect(stuck.map((t) => t.id)).toEqual(["10.42.0.1"]);
  });
});

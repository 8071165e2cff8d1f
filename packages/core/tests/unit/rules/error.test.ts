import { describe, expect, it } from "vitest";
import { diffNlb, markNlbError } from "../../../src/rules/index.ts";
import { healthy, IP_TG, nlb, POD_PORT, record, s, state, targetGroup } from "./fixtures.ts";

describe("markNlbError", () => {
  it("starts an error run and keeps the last known state", () => {
    // Prepare
    const previous = state([record()]);
    // Act
    const failing = markNlbError(previous, "Throttling: Rate exceeded", s(60));
    // Assess
    expect(failing).toEqual({
      ...previous,
      error: { message: "Throttling: Rate exceeded", since: s(60), at: s(60) },
    });
  });

  it("extends a run of failures, following the latest message", () => {
    // Prepare
    const first = markNlbError(state([record()]), "Throttling: Rate exceeded", s(60));
    // Act
    const second = markNlbError(first, "InternalFailure", s(120));
    // Assess
    expect(second.error).toEqual({ message: "InternalFailure", since: s(60), at: s(120) });
  });

  it("does not modify the previous state", () => {
    const previous = state([record()]);
    markNlbError(previous, "boom", s(60));
    expect(previous).not.toHaveProperty("error");
  });

  it("refuses a failure older than the last sighting or the last failure", () => {
    // Prepare
    const previous = state([record()], { lastSeenAt: s(60) });
    const failing = markNlbError(previous, "boom", s(120));
    // Act & Assess
    expect(() => markNlbError(previous, "boom", s(59))).toThrow(RangeError);
    expect(() => markNlbError(failing, "boom", s(119))).toThrow(RangeError);
  });

  it("is cleared by the next successful read", () => {
    // Prepare
    const snapshot = nlb([targetGroup(IP_TG, "ip", [healthy("10.42.0.15", POD_PORT)])]);
    const first = diffNlb({ snapshot, read: s(0) }).next;
    if (!first) throw new Error("fixture");
    const failing = markNlbError(first, "boom", s(60));
    // Act
    const { next, transitions } = diffNlb({ previous: failing, snapshot, read: s(120) });
    // Assess
    expect(next?.error).toBeUndefined();
    expect(transitions).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { isOlderThan, timeToHealthy } from "../../../src/rules/index.ts";
import { record, s, state } from "./fixtures.ts";

describe("timeToHealthy", () => {
  it("takes first seen registered to first seen healthy, bounded by both windows", () => {
    expect(
      timeToHealthy({ registeredAfter: s(0), registeredAt: s(2), healthyAfter: s(90), healthyAt: s(95) }),
    ).toEqual({ seconds: 93, bounds: { min: 88, max: 95 } });
  });

  it("never bounds below zero, and gives no upper bound without a read before registration", () => {
    expect(timeToHealthy({ registeredAt: s(10), healthyAfter: s(8), healthyAt: s(20) })).toEqual({
      seconds: 10,
      bounds: { min: 0 },
    });
  });
});

describe("isOlderThan", () => {
  it("tells reads sent before the latest answer a state reflects", () => {
    const stored = state([record()], { lastSeenAt: s(10), lastReceivedAt: s(14) });
    expect(isOlderThan(stored, [{ sentAt: s(13), receivedAt: s(20) }])).toBe(true);
    expect(isOlderThan(stored, [{ sentAt: s(14), receivedAt: s(20) }])).toBe(false);
    expect(isOlderThan(undefined, [{ sentAt: s(0), receivedAt: s(1) }])).toBe(false);
  });

  it("falls back to the last sighting for states stored before answers were remembered", () => {
    const legacy = state([record()], { lastSeenAt: s(10) });
    expect(isOlderThan(legacy, [{ sentAt: s(9), receivedAt: s(20) }])).toBe(true);
  });
});

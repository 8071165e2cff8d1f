import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { transitionExpiresAt } from "../../../src/adapters/dynamodb/expiry.ts";

const DAY = 86_400;
const AT = Date.parse("2026-11-27T09:00:03.500Z");

describe("transitionExpiresAt", () => {
  it("keeps a transition written as it happens for the retention after its time", () => {
    expect(transitionExpiresAt(AT, 30, AT)).toBe(Math.floor(AT / 1000) + 30 * DAY);
    expect(transitionExpiresAt(AT, 30, AT + 400)).toBe(Math.floor(AT / 1000) + 30 * DAY);
  });

  it("keeps a transition dated ahead of the wall clock (a faster simulated world) for the retention after its time", () => {
    expect(transitionExpiresAt(AT + 60_000, 7, AT)).toBe(Math.floor((AT + 60_000) / 1000) + 7 * DAY);
  });

  it("keeps a transition written after its own retention for the retention after the write, never already expired", () => {
    const writtenAt = AT + 10 * DAY * 1000;

    expect(transitionExpiresAt(AT, 1, writtenAt)).toBe(Math.floor(writtenAt / 1000) + DAY);
  });

  it("never expires before the write plus the retention, nor before the transition plus the retention", () => {
    const epochMs = fc.integer({ min: 0, max: Date.parse("2100-01-01T00:00:00Z") });
    fc.assert(
      fc.property(epochMs, epochMs, fc.integer({ min: 1, max: 3650 }), (at, writtenAt, days) => {
        const expiresAt = transitionExpiresAt(at, days, writtenAt);
        expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(writtenAt / 1000) + days * DAY);
        expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(at / 1000) + days * DAY);
        expect(expiresAt).toBe(Math.floor(Math.max(at, writtenAt) / 1000) + days * DAY);
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { VirtualClock } from "../src/clock.ts";

describe("VirtualClock.reading", () => {
  it("gives simulated and wall time read at one instant, so another process can follow a live clock", () => {
    // Prepare: 10× from 09:00 simulated, on a wall clock the test moves
    let wall = 1_000_000;
    const clock = VirtualClock.live({
      start: Date.parse("2026-11-27T09:00:00Z"),
      speed: 10,
      wallNow: () => wall,
    });
    wall += 1_234;
    // Act
    const { epochMs, wallMs } = clock.reading();
    wall += 5_000;
    const followed = Math.floor(epochMs + (wall - wallMs) * clock.speed);
    // Assess
    expect(wallMs).toBe(1_001_234);
    expect(epochMs).toBe(Date.parse("2026-11-27T09:00:12.340Z"));
    expect(followed).toBe(clock.now());
  });
});

import { describe, expect, it } from "vitest";
import { timingSchema } from "../../src/scenario/schema.ts";
import { scenarioTiming } from "../../src/world/timing.ts";

describe("scenarioTiming", () => {
  it("turns pinned seconds into the durations the world waits", () => {
    // Prepare
    const spec = timingSchema.parse({
      registrationDelaySeconds: 45,
      healthCheckPhase: "aligned",
      deregistrationDelaySeconds: 30,
      provisioningSeconds: 90,
      podStartSeconds: 2.5,
      reconcileSeconds: 4,
    });
    // Act
    const timing = scenarioTiming(spec);
    // Assess
    expect(timing.provisioningMs()).toBe(90_000);
    expect(timing.podStartMs()).toBe(2500);
    expect(timing.target(10)).toEqual({
      registrationDelaySeconds: 45,
      firstCheckSeconds: 10,
      deregistrationDelaySeconds: 30,
    });
    expect(timing.reconcileMs()).toBe(4000);
  });

  it("draws each target's registration delay and first check from the spread, reproducibly", () => {
    // Prepare
    const spec = timingSchema.parse({});
    // Act
    const draws = (seed: number) => {
      const timing = scenarioTiming(spec, seed);
      return Array.from({ length: 2000 }, () => timing.target(10));
    };
    const a = draws(7);
    // Assess
    const delays = a.map((t) => t.registrationDelaySeconds).sort((x, y) => x - y);
    const firstChecks = a.map((t) => t.firstCheckSeconds ?? 0);
    expect(draws(7)).toEqual(a);
    expect(draws(8)).not.toEqual(a);
    expect(delays[0]).toBeGreaterThanOrEqual(30);
    expect(delays.at(-1)).toBeLessThanOrEqual(240);
    // Triangular(30, 70, 240): median 240 − √(½ · 210 · 170) ≈ 106 s
    expect(delays[1000]).toBeGreaterThan(98);
    expect(delays[1000]).toBeLessThan(114);
    expect(Math.min(...firstChecks)).toBeGreaterThan(0);
    expect(Math.max(...firstChecks)).toBeLessThanOrEqual(10);
  });
});

import { describe, expect, it } from "vitest";
import { timingSchema } from "../../src/scenario/schema.ts";
import { scenarioTiming } from "../../src/world/timing.ts";

describe("scenarioTiming", () => {
  it("turns the scenario's seconds into the durations the world waits", () => {
    // Prepare
    const spec = timingSchema.parse({
      registrationDelaySeconds: 45,
      deregistrationDelaySeconds: 30,
      provisioningSeconds: 90,
      podStartSeconds: 2.5,
    });
    // Act
    const timing = scenarioTiming(spec);
    // Assess
    expect(timing.provisioningMs()).toBe(90_000);
    expect(timing.podStartMs()).toBe(2500);
    expect(timing.target()).toMatchObject({ registrationDelaySeconds: 45, deregistrationDelaySeconds: 30 });
    // The controller deletes a replaced group once its targets have drained.
    expect(timing.replacedGroupDeletionMs()).toBe(30_000);
  });
});

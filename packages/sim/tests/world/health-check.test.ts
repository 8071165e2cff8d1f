import { describe, expect, it } from "vitest";
import { type HealthChange, TargetHealthTracker } from "../../src/world/health-check.ts";

const settings = { intervalSeconds: 10, timeoutSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 };
const timing = { registrationDelaySeconds: 60, deregistrationDelaySeconds: 300 };
const s = (seconds: number) => seconds * 1000;

function tracker(passing: boolean, changes: HealthChange[] = []) {
  return new TargetHealthTracker({
    registeredAt: 0,
    passing,
    settings,
    timing,
    onChange: (c) => changes.push(c),
  });
}

describe("TargetHealthTracker", () => {
  it("reports registration in progress until the registration delay has passed", () => {
    // Prepare
    const target = tracker(true);
    // Act
    const health = target.healthAt(s(59.999));
    // Assess
    expect(health).toEqual({
      state: "initial",
      reason: "Elb.RegistrationInProgress",
      description: "Target registration is in progress",
    });
  });

  it("reports initial health checking after the registration delay", () => {
    const target = tracker(true);
    expect(target.healthAt(s(60))?.reason).toBe("Elb.InitialHealthChecking");
    expect(target.healthAt(s(89))?.state).toBe("initial");
  });

  it("becomes healthy after healthy-threshold × interval of passing checks", () => {
    // Prepare
    const changes: HealthChange[] = [];
    const target = tracker(true, changes);
    // Act
    const health = target.healthAt(s(90));
    // Assess
    expect(health).toEqual({ state: "healthy" });
    expect(changes.map((c) => [c.at, c.from, c.to])).toEqual([
      [0, "new", "initial"],
      [s(60), "initial", "initial"],
      [s(90), "initial", "healthy"],
    ]);
  });

  it("gives the same answer however coarsely or finely time is read", () => {
    // Prepare
    const coarse: HealthChange[] = [];
    const fine: HealthChange[] = [];
    const a = tracker(true, coarse);
    const b = tracker(true, fine);
    // Act
    a.healthAt(s(3600));
    for (let t = 0; t <= 3600; t += 0.5) b.healthAt(s(t));
    // Assess
    expect(coarse).toEqual(fine);
  });

  it("goes unhealthy after unhealthy-threshold failed checks from initial and stays there", () => {
    const target = tracker(false);
    expect(target.healthAt(s(89))?.state).toBe("initial");
    expect(target.healthAt(s(90))).toEqual({
      state: "unhealthy",
      reason: "Target.FailedHealthChecks",
      description: "Health checks failed",
    });
    expect(target.healthAt(s(10_000))?.state).toBe("unhealthy");
  });

  it("turns unhealthy three checks after its backend starts failing, and healthy three checks after it recovers", () => {
    // Prepare
    const changes: HealthChange[] = [];
    const target = tracker(true, changes);
    target.healthAt(s(200));
    // Act
    target.setPassing(s(205), false); // checks at 210, 220, 230 fail
    const failed = target.healthAt(s(230));
    const stillHealthy = changes.at(-1)?.to;
    target.setPassing(s(305), true); // checks at 310, 320, 330 pass
    // Assess
    expect(failed?.state).toBe("unhealthy");
    expect(stillHealthy).toBe("unhealthy");
    expect(target.healthAt(s(329))?.state).toBe("unhealthy");
    expect(target.healthAt(s(330))?.state).toBe("healthy");
    expect(
      changes.filter((c) => c.to === "unhealthy" || c.to === "healthy").map((c) => [c.at, c.to]),
    ).toEqual([
      [s(90), "healthy"],
      [s(230), "unhealthy"],
      [s(330), "healthy"],
    ]);
  });

  it("resets the streak when a check's outcome flips before the threshold", () => {
    const target = tracker(true);
    target.healthAt(s(100));
    target.setPassing(s(101), false); // 110, 120 fail
    target.setPassing(s(121), true); // 130 passes: the failing streak is broken
    target.setPassing(s(131), false); // 140, 150 fail
    expect(target.healthAt(s(159))?.state).toBe("healthy");
    expect(target.healthAt(s(160))?.state).toBe("unhealthy"); // 140, 150, 160
  });

  it("drains for the deregistration delay, then is gone", () => {
    // Prepare
    const changes: HealthChange[] = [];
    const target = tracker(true, changes);
    target.healthAt(s(100));
    // Act
    target.deregister(s(120));
    // Assess
    expect(target.healthAt(s(120))).toEqual({
      state: "draining",
      reason: "Target.DeregistrationInProgress",
      description: "Target deregistration is in progress",
    });
    expect(target.healthAt(s(419.999))?.state).toBe("draining");
    expect(target.healthAt(s(420))).toBeUndefined();
    expect(changes.slice(-2).map((c) => [c.at, c.from, c.to])).toEqual([
      [s(120), "healthy", "draining"],
      [s(420), "draining", "gone"],
    ]);
  });

  it("drains as unhealthy.draining when deregistered while unhealthy", () => {
    const target = tracker(false);
    target.deregister(s(200));
    expect(target.healthAt(s(200))?.state).toBe("unhealthy.draining");
  });

  it("runs its first check when the timing says, within the interval after registration", () => {
    const target = new TargetHealthTracker({
      registeredAt: 0,
      passing: true,
      settings,
      timing: { ...timing, registrationDelaySeconds: 73.5, firstCheckSeconds: 2.25 },
    });
    // First check 75.75 s, then 85.75 and 95.75: healthy at the third.
    expect(target.healthAt(s(73.499))?.reason).toBe("Elb.RegistrationInProgress");
    expect(target.healthAt(s(73.5))?.reason).toBe("Elb.InitialHealthChecking");
    expect(target.healthAt(s(95.749))?.state).toBe("initial");
    expect(target.healthAt(s(95.75))?.state).toBe("healthy");
  });

  it("is unused once detached from every load balancer, and leaves when removed", () => {
    // Prepare
    const changes: HealthChange[] = [];
    const target = tracker(true, changes);
    // Act
    target.detach(s(100));
    const detached = target.healthAt(s(120));
    target.remove(s(150));
    target.remove(s(200));
    // Assess
    expect(detached).toEqual({
      state: "unused",
      reason: "Target.NotInUse",
      description: "Target group is not configured to receive traffic from the load balancer",
    });
    expect(target.healthAt(s(200))).toBeUndefined();
    expect(changes.slice(-2).map((c) => [c.at, c.from, c.to])).toEqual([
      [s(100), "healthy", "unused"],
      [s(150), "unused", "gone"],
    ]);
  });
});

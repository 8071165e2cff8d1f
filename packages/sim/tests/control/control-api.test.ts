import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { type Simulator, startSimulator } from "../../src/simulator.ts";
import { controlCaller } from "./control-call.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");

describe("the simulator's control API", () => {
  let sim: Simulator;
  const call = controlCaller(() => sim.endpoint);

  beforeAll(async () => {
    // The walkthrough with every target healthy exactly 90 s after registration.
    const scenario = await loadScenarioFile("scenarios/ip-mode.yaml");
    scenario.timing = { ...scenario.timing, registrationDelaySeconds: 60, healthCheckPhase: "aligned" };
    sim = await startSimulator({ scenario, clock: VirtualClock.manual({ start: START }) });
  });
  afterAll(() => sim.stop());

  it("reads the clock with the next scheduled event", async () => {
    const { status, body } = await call("GET", "clock");
    expect(status).toBe(200);
    expect(body).toMatchObject({ now: "2026-11-27T09:00:00.000Z", elapsedSeconds: 0, speed: 0 });
    expect(body.nextEventAt).toBe("2026-11-27T09:00:05.000Z"); // the ui pod becomes ready
  });

  it("advances the clock and lets everything due happen", async () => {
    // Act
    const { status, body } = await call("POST", "clock/advance", { seconds: 90 });
    const world = await call("GET", "world");
    // Assess
    expect(status).toBe(200);
    expect(body.elapsedSeconds).toBe(90);
    const clusters = world.body.clusters as {
      services: { targetGroups: { targets: { state: string }[] }[] }[];
    }[];
    expect(clusters[0]?.services[0]?.targetGroups[0]?.targets.map((t) => t.state)).toEqual([
      "healthy",
      "healthy",
      "healthy",
    ]);
  });

  it("applies a step now and reports it", async () => {
    const { status, body } = await call("POST", "steps", {
      action: "scale",
      cluster: "eks-workshop",
      deployment: "ui/ui",
      replicas: 2,
    });
    expect(status).toBe(200);
    expect(body.applied).toEqual({
      action: "scale",
      cluster: "eks-workshop",
      deployment: "ui/ui",
      replicas: 2,
    });
    const world = await call("GET", "world");
    const clusters = world.body.clusters as { deployments: { replicas: number }[] }[];
    expect(clusters[0]?.deployments[0]?.replicas).toBe(2);
  });

  it("answers 409 for a step naming something that does not exist", async () => {
    const { status, body } = await call("POST", "steps", {
      action: "failPod",
      cluster: "eks-workshop",
      deployment: "ui/ui",
      pod: 42,
    });
    expect(status).toBe(409);
    expect(body).toEqual({
      error: { code: "StepNotApplicable", message: expect.stringContaining("has no pod number 42") },
    });
  });

  it("answers 400 with the field for a malformed step, and for bad JSON", async () => {
    const bad = await call("POST", "steps", {
      action: "scale",
      cluster: "eks-workshop",
      deployment: "ui",
      replicas: 2,
    });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message: string }).message).toMatch(/^deployment: must be namespace\/name/);
    const notJson = await call("POST", "steps", "{oops");
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({
      error: { code: "InvalidJson", message: "the request body is not valid JSON" },
    });
  });

  it("refuses to move time backwards", async () => {
    const { status } = await call("POST", "clock/advance", { to: "2020-01-01T00:00:00Z" });
    expect(status).toBe(400);
  });

  it("reports the ground truth of every transition", async () => {
    const { body } = await call("GET", "truth");
    const transitions = body.transitions as { to: string; at: string; targetType: string }[];
    expect(transitions.filter((t) => t.to === "healthy").map((t) => [t.at, t.targetType])).toEqual([
      ["2026-11-27T09:01:30.000Z", "instance"],
      ["2026-11-27T09:01:30.000Z", "instance"],
      ["2026-11-27T09:01:30.000Z", "instance"],
    ]);
  });

  it("changes faults at run time and validates them", async () => {
    const ok = await call("PUT", "faults", {
      latencyMs: 0,
      actions: { DescribeTargetHealth: { errorRate: 0.5 } },
    });
    expect(ok.status).toBe(200);
    const now = (await call("GET", "faults")).body;
    expect(now.faults).toEqual({
      latencyMs: 0,
      actions: { DescribeTargetHealth: { errorRate: 0.5 } },
    });
    expect(now.counters).toEqual({
      requests: expect.any(Number),
      throttled: 0,
      serverErrors: 0,
      controllerCalls: expect.any(Number),
      controllerThrottled: 0,
    });
    const bad = await call("PUT", "faults", { errorRate: 2 });
    expect(bad.status).toBe(400);
    await call("PUT", "faults", {});
  });

  it("answers 404 for an unknown route and 405 for a wrong method", async () => {
    expect((await call("GET", "nope")).status).toBe(404);
    expect((await call("DELETE", "clock")).status).toBe(405);
  });
});

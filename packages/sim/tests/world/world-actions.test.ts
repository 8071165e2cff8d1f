import { describe, expect, it } from "vitest";
import { buildWorld } from "../../src/scenario/build-world.ts";
import { parseScenario } from "../../src/scenario/load.ts";
import { WorldError } from "../../src/world/world.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");
const at = (seconds: number) => START + seconds * 1000;
const REGION = "us-west-2";

const SCENARIO = `
name: actions
timing: { registrationDelaySeconds: 60, healthCheckPhase: aligned }
clusters:
  - name: c1
    deployments: [{ namespace: ui, name: ui, replicas: 2 }]
    services: [{ namespace: ui, name: ui-nlb, deployment: ui/ui, targetType: ip }]
`;

function world() {
  return buildWorld(parseScenario(SCENARIO), START);
}

function states(w: ReturnType<typeof world>) {
  const tg = w.targetGroups(REGION)[0];
  return (w.targetHealth(REGION, tg?.TargetGroupArn ?? "") ?? []).map((d) => d.TargetHealth.State).sort();
}

describe("world actions", () => {
  it("takes a pod that stops being ready out of its group and puts it back once ready again", () => {
    // Prepare
    const w = world();
    w.advanceTo(at(100));
    // Act
    w.apply({ action: "failPod", cluster: "c1", deployment: "ui/ui", pod: 1 });
    const notReady = states(w);
    w.advanceTo(at(130));
    w.apply({ action: "recoverPod", cluster: "c1", deployment: "ui/ui", pod: 1 });
    const readyAgain = states(w);
    w.advanceTo(at(220));
    // Assess
    expect(notReady).toEqual(["draining", "healthy"]);
    expect(readyAgain).toEqual(["healthy", "initial"]);
    expect(states(w)).toEqual(["healthy", "healthy"]);
  });

  it("makes a ready pod's target unhealthy while the NLB's health check fails, healthy once it passes", () => {
    const w = world();
    w.advanceTo(at(100));
    w.apply({
      action: "failHealthCheck",
      cluster: "c1",
      deployment: "ui/ui",
      pod: 1,
      cause: "security-group",
    });
    w.advanceTo(at(130));
    const failed = states(w);
    w.apply({ action: "passHealthCheck", cluster: "c1", deployment: "ui/ui", pod: 1 });
    w.advanceTo(at(160));
    expect(failed).toEqual(["healthy", "unhealthy"]);
    expect(states(w)).toEqual(["healthy", "healthy"]);
  });

  it("deregisters the newest pods when scaling in", () => {
    const w = world();
    w.advanceTo(at(100));
    w.apply({ action: "scale", cluster: "c1", deployment: "ui/ui", replicas: 1 });
    expect(states(w)).toEqual(["draining", "healthy"]);
    w.advanceTo(at(400));
    expect(states(w)).toEqual(["healthy"]);
  });

  it("keeps instance targets healthy while any pod passes, unhealthy when none does", () => {
    const w = world();
    w.apply({ action: "setTargetType", cluster: "c1", service: "ui/ui-nlb", targetType: "instance" });
    w.advanceTo(at(400));
    const instance = () => {
      const tg = w.targetGroups(REGION).find((g) => g.TargetType === "instance");
      return (w.targetHealth(REGION, tg?.TargetGroupArn ?? "") ?? []).map((d) => d.TargetHealth.State).sort();
    };
    expect(instance()).toEqual(["healthy", "healthy", "healthy"]);
    w.apply({ action: "failPod", cluster: "c1", deployment: "ui/ui", pod: 0 });
    w.advanceTo(at(440));
    expect(instance()).toEqual(["healthy", "healthy", "healthy"]);
    w.apply({ action: "failPod", cluster: "c1", deployment: "ui/ui", pod: 1 });
    w.advanceTo(at(470));
    expect(instance()).toEqual(["unhealthy", "unhealthy", "unhealthy"]);
  });

  it("deletes the NLB and its target groups with the service", () => {
    const w = world();
    const lbArn = w.loadBalancers(REGION)[0]?.LoadBalancerArn ?? "";
    const tgArn = w.targetGroups(REGION)[0]?.TargetGroupArn ?? "";
    w.apply({ action: "deleteService", cluster: "c1", service: "ui/ui-nlb" });
    expect(w.loadBalancers(REGION)).toEqual([]);
    expect(w.targetGroups(REGION)).toEqual([]);
    expect(w.targetHealth(REGION, tgArn)).toBeUndefined();
    expect(w.listeners(REGION, lbArn)).toBeUndefined();
    expect(w.tags(REGION, lbArn)).toBeUndefined();
  });

  it("points the listener at the new target group when the target type changes", () => {
    const w = world();
    const lbArn = w.loadBalancers(REGION)[0]?.LoadBalancerArn ?? "";
    w.apply({ action: "setTargetType", cluster: "c1", service: "ui/ui-nlb", targetType: "instance" });
    const instanceTg = w.targetGroups(REGION).find((g) => g.TargetType === "instance");
    expect(w.listeners(REGION, lbArn)?.[0]?.DefaultActions).toEqual([
      { Type: "forward", TargetGroupArn: instanceTg?.TargetGroupArn },
    ]);
  });

  it("refuses actions on things that do not exist, naming what does", () => {
    const w = world();
    expect(() => w.apply({ action: "scale", cluster: "nope", deployment: "ui/ui", replicas: 1 })).toThrow(
      new WorldError('no cluster named "nope" (clusters: c1)'),
    );
    expect(() => w.apply({ action: "failPod", cluster: "c1", deployment: "ui/ui", pod: 7 })).toThrow(
      /has no pod number 7 \(its live pods are number 0, 1\)/,
    );
    expect(() => w.apply({ action: "deleteService", cluster: "c1", service: "ui/other" })).toThrow(
      /no service ui\/other/,
    );
  });

  it("skips a scheduled step that no longer fits and carries on", () => {
    const lines: string[] = [];
    const w = buildWorld(parseScenario(SCENARIO), START, (_, line) => lines.push(line));
    w.schedule(at(10), { action: "failPod", cluster: "c1", deployment: "ui/ui", pod: 9 });
    w.advanceTo(at(100));
    expect(lines.some((l) => l.startsWith("skipped failPod"))).toBe(true);
    expect(states(w)).toEqual(["healthy", "healthy"]);
  });

  it("serves only the region a resource lives in", () => {
    const w = buildWorld(
      parseScenario(`
name: regions
clusters:
  - name: eu
    region: eu-west-1
    deployments: [{ namespace: ui, name: ui }]
    services: [{ namespace: ui, name: ui-nlb, deployment: ui/ui }]
`),
      START,
    );
    expect(w.loadBalancers("us-west-2")).toEqual([]);
    expect(w.loadBalancers("eu-west-1")[0]?.AvailabilityZones.map((z) => z.ZoneName)).toEqual([
      "eu-west-1a",
      "eu-west-1b",
      "eu-west-1c",
    ]);
  });

  it("replicates a class with staggered starts", async () => {
    const { loadScenarioFile } = await import("../../src/scenario/load.ts");
    const w = buildWorld(await loadScenarioFile("scenarios/class-one-account.yaml"), START);
    w.advanceTo(at(0));
    expect(w.loadBalancers(REGION)).toHaveLength(1);
    w.advanceTo(at(580));
    expect(w.loadBalancers(REGION)).toHaveLength(30);
    const clusters = w.summary().clusters.map((c) => c.name);
    expect(clusters[0]).toBe("participant-01");
    expect(clusters[29]).toBe("participant-30");
  });
});

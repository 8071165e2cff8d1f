import { describe, expect, it } from "vitest";
import { buildWorld } from "../../src/scenario/build-world.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import type { World } from "../../src/world/world.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");
const at = (seconds: number) => START + seconds * 1000;
const REGION = "us-west-2";

async function ipModeWorld(): Promise<World> {
  return buildWorld(await loadScenarioFile("scenarios/ip-mode.yaml"), START);
}

/** What the workshop page shows: the NLB whose name contains k8s-ui-uinlb, its target groups and their targets. */
function workshopView(world: World, seconds: number) {
  world.advanceTo(at(seconds));
  const lb = world.loadBalancers(REGION).find((l) => l.LoadBalancerName.includes("k8s-ui-uinlb"));
  if (!lb) return undefined;
  const groups = world.targetGroups(REGION).filter((tg) => tg.LoadBalancerArns.includes(lb.LoadBalancerArn));
  return groups.map((tg) => ({
    type: tg.TargetType,
    port: tg.Port,
    states: (world.targetHealth(REGION, tg.TargetGroupArn) ?? []).map((d) => d.TargetHealth.State),
  }));
}

describe("the ip-mode walkthrough world", () => {
  it("starts with an NLB named as the controller names it, tagged with cluster and stack", async () => {
    // Prepare
    const world = await ipModeWorld();
    // Act
    const [lb] = world.loadBalancers(REGION);
    // Assess
    expect(lb?.LoadBalancerName).toMatch(/^k8s-ui-uinlb-[0-9a-f]{10}$/);
    expect(lb?.LoadBalancerArn).toMatch(
      /^arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer\/net\/k8s-ui-uinlb-[0-9a-f]{10}\/[0-9a-f]{16}$/,
    );
    expect(lb?.DNSName).toMatch(/^k8s-ui-uinlb-[0-9a-f]{10}-[0-9a-f]{16}\.elb\.us-west-2\.amazonaws\.com$/);
    expect(lb?.AvailabilityZones.map((z) => z.ZoneName)).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
    expect(world.tags(REGION, lb?.LoadBalancerArn ?? "")).toEqual([
      { Key: "elbv2.k8s.aws/cluster", Value: "eks-workshop" },
      { Key: "service.k8s.aws/resource", Value: "LoadBalancer" },
      { Key: "service.k8s.aws/stack", Value: "ui/ui-nlb" },
    ]);
    const [tg] = world.targetGroups(REGION);
    expect(world.tags(REGION, tg?.TargetGroupArn ?? "")).toContainEqual({
      Key: "service.k8s.aws/resource",
      Value: "ui/ui-nlb:80",
    });
  });

  it("registers the three nodes on the NodePort in instance mode, healthy after 90 s", async () => {
    const world = await ipModeWorld();
    const initial = workshopView(world, 0);
    expect(initial).toHaveLength(1);
    expect(initial?.[0]?.type).toBe("instance");
    expect(initial?.[0]?.port).toBeGreaterThanOrEqual(30000);
    expect(initial?.[0]?.states).toEqual(["initial", "initial", "initial"]);
    expect(workshopView(world, 90)?.[0]?.states).toEqual(["healthy", "healthy", "healthy"]);
  });

  it("shows 3 healthy instance targets → 1 ip target initial → healthy → 3 ip targets, all healthy", async () => {
    // Prepare
    const world = await ipModeWorld();
    // Act
    const views = [120, 180, 269, 270, 330, 419, 420, 480].map((s) => ({ s, view: workshopView(world, s) }));
    // Assess
    expect(views).toEqual([
      {
        s: 120,
        view: [{ type: "instance", port: expect.any(Number), states: ["healthy", "healthy", "healthy"] }],
      },
      {
        s: 180,
        view: [
          { type: "instance", port: expect.any(Number), states: ["draining", "draining", "draining"] },
          { type: "ip", port: 8080, states: ["initial"] },
        ],
      },
      {
        s: 269,
        view: [
          { type: "instance", port: expect.any(Number), states: ["draining", "draining", "draining"] },
          { type: "ip", port: 8080, states: ["initial"] },
        ],
      },
      {
        s: 270,
        view: [
          { type: "instance", port: expect.any(Number), states: ["draining", "draining", "draining"] },
          { type: "ip", port: 8080, states: ["healthy"] },
        ],
      },
      {
        s: 330,
        view: [
          { type: "instance", port: expect.any(Number), states: ["draining", "draining", "draining"] },
          { type: "ip", port: 8080, states: ["healthy", "initial", "initial"] },
        ],
      },
      {
        s: 419,
        view: [
          { type: "instance", port: expect.any(Number), states: ["draining", "draining", "draining"] },
          { type: "ip", port: 8080, states: ["healthy", "initial", "initial"] },
        ],
      },
      {
        s: 420,
        view: [
          { type: "instance", port: expect.any(Number), states: ["draining", "draining", "draining"] },
          { type: "ip", port: 8080, states: ["healthy", "healthy", "healthy"] },
        ],
      },
      { s: 480, view: [{ type: "ip", port: 8080, states: ["healthy", "healthy", "healthy"] }] },
    ]);
  });

  it("gives pods addresses in their node's subnet and spreads them over the zones", async () => {
    const world = await ipModeWorld();
    world.advanceTo(at(400));
    const summary = world.summary();
    const [cluster] = summary.clusters;
    const pods = cluster?.deployments[0]?.pods ?? [];
    expect(pods.map((p) => p.availabilityZone)).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
    for (const pod of pods) expect(pod.ip).toMatch(/^10\.42\.\d+\.\d+$/);
    expect(new Set(pods.map((p) => p.ip)).size).toBe(3);
  });

  it("records the true time of every transition", async () => {
    // Prepare
    const world = await ipModeWorld();
    world.advanceTo(at(600));
    // Act
    const healthy = world.truth().filter((t) => t.to === "healthy");
    const gone = world.truth().filter((t) => t.to === "gone");
    // Assess
    expect(healthy.map((t) => [(t.at - START) / 1000, t.targetType])).toEqual([
      [90, "instance"],
      [90, "instance"],
      [90, "instance"],
      [270, "ip"],
      [420, "ip"],
      [420, "ip"],
    ]);
    expect(gone.map((t) => (t.at - START) / 1000)).toEqual([480, 480, 480]);
  });

  it("is reproducible: the same scenario gives the same names, IDs and addresses", async () => {
    const a = await ipModeWorld();
    const b = await ipModeWorld();
    a.advanceTo(at(400));
    b.advanceTo(at(400));
    expect(a.summary()).toEqual(b.summary());
  });

  it("moves the NLB from provisioning to active", async () => {
    const world = await ipModeWorld();
    expect(world.loadBalancers(REGION)[0]?.State.Code).toBe("provisioning");
    world.advanceTo(at(120));
    expect(world.loadBalancers(REGION)[0]?.State.Code).toBe("active");
  });
});

import { describe, expect, it } from "vitest";
import { buildWorld } from "../../src/scenario/build-world.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import type { World } from "../../src/world/world.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");
const at = (seconds: number) => START + seconds * 1000;
const REGION = "us-west-2";

/** The walkthrough as shipped (spread timings), or with every target taking exactly 90 s (`pinned`). */
async function ipModeWorld(options: { pinned?: boolean; seed?: number } = {}): Promise<World> {
  const scenario = await loadScenarioFile("scenarios/ip-mode.yaml");
  if (options.pinned)
    scenario.timing = { ...scenario.timing, registrationDelaySeconds: 60, healthCheckPhase: "aligned" };
  if (options.seed !== undefined) scenario.seed = options.seed;
  return buildWorld(scenario, START);
}

/**
 * What the workshop page shows: the NLB whose name contains k8s-ui-uinlb, its target groups and
 * their targets' states (sorted: AWS gives targets in no order).
 */
function workshopView(world: World, seconds: number) {
  world.advanceTo(at(seconds));
  const lb = world.loadBalancers(REGION).find((l) => l.LoadBalancerName.includes("k8s-ui-uinlb"));
  if (!lb) return undefined;
  const groups = world.targetGroups(REGION).filter((tg) => tg.LoadBalancerArns.includes(lb.LoadBalancerArn));
  return groups.map((tg) => ({
    type: tg.TargetType,
    port: tg.Port,
    states: (world.targetHealth(REGION, tg.TargetGroupArn) ?? []).map((d) => d.TargetHealth.State).sort(),
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

  it("registers the three nodes on the NodePort in instance mode, healthy after 90 s when pinned", async () => {
    const world = await ipModeWorld({ pinned: true });
    const initial = workshopView(world, 0);
    expect(initial).toHaveLength(1);
    expect(initial?.[0]?.type).toBe("instance");
    expect(initial?.[0]?.port).toBeGreaterThanOrEqual(30000);
    expect(initial?.[0]?.states).toEqual(["initial", "initial", "initial"]);
    expect(workshopView(world, 89.999)?.[0]?.states).toEqual(["initial", "initial", "initial"]);
    expect(workshopView(world, 90)?.[0]?.states).toEqual(["healthy", "healthy", "healthy"]);
  });

  it("shows 3 healthy instance targets → 1 ip target initial → healthy → 3 ip targets, new ones initial → all healthy", async () => {
    // Prepare
    const world = await ipModeWorld({ pinned: true });
    const instance = { type: "instance", port: expect.any(Number) };
    const ip = { type: "ip", port: 8080 };
    // Act
    const views = [120, 179.999, 180, 269, 270, 334.999, 335, 424, 425].map((s) => ({
      s,
      view: workshopView(world, s),
    }));
    // Assess: the listener moves in place, so the NLB never has both groups
    expect(views).toEqual([
      { s: 120, view: [{ ...instance, states: ["healthy", "healthy", "healthy"] }] },
      { s: 179.999, view: [{ ...instance, states: ["healthy", "healthy", "healthy"] }] },
      { s: 180, view: [{ ...ip, states: ["initial"] }] },
      { s: 269, view: [{ ...ip, states: ["initial"] }] },
      { s: 270, view: [{ ...ip, states: ["healthy"] }] },
      // Scaled at 5m30s; the new pods are registered once ready, 5 s later.
      { s: 334.999, view: [{ ...ip, states: ["healthy"] }] },
      { s: 335, view: [{ ...ip, states: ["healthy", "initial", "initial"] }] },
      { s: 424, view: [{ ...ip, states: ["healthy", "initial", "initial"] }] },
      { s: 425, view: [{ ...ip, states: ["healthy", "healthy", "healthy"] }] },
    ]);
  });

  it("deletes the replaced instance group within the reconcile: its node targets leave straight from healthy", async () => {
    const world = await ipModeWorld({ pinned: true });
    world.advanceTo(at(182.999));
    const lingering = world.targetGroups(REGION).map((tg) => [tg.TargetType, tg.LoadBalancerArns.length]);
    world.advanceTo(at(183));
    const nodes = world.truth().filter((t) => t.targetType === "instance");
    expect(lingering).toEqual([
      ["instance", 0],
      ["ip", 1],
    ]);
    expect(world.targetGroups(REGION).map((tg) => tg.TargetType)).toEqual(["ip"]);
    expect(nodes.filter((t) => t.at >= at(180)).map((t) => [(t.at - START) / 1000, t.from, t.to])).toEqual([
      [180, "healthy", "unused"],
      [180, "healthy", "unused"],
      [180, "healthy", "unused"],
      [183, "unused", "gone"],
      [183, "unused", "gone"],
      [183, "unused", "gone"],
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
    const world = await ipModeWorld({ pinned: true });
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
      [425, "ip"],
      [425, "ip"],
    ]);
    expect(gone.map((t) => (t.at - START) / 1000)).toEqual([183, 183, 183]);
  });

  it.each([1, 2, 3, 4, 5])(
    "spreads the time to healthy as AWS does, each target on its own (seed %i)",
    async (seed) => {
      // Prepare
      const world = await ipModeWorld({ seed });
      world.advanceTo(at(900));
      // Act: per registered target, seconds to healthy, or where it was when its group went
      const truth = world.truth();
      const targets = truth
        .filter((t) => t.from === "new")
        .map((registered) => {
          const own = truth.filter((t) => t.targetId === registered.targetId && t.port === registered.port);
          const healthy = own.find((t) => t.to === "healthy");
          return {
            type: registered.targetType,
            seconds: healthy ? (healthy.at - registered.at) / 1000 : undefined,
            leftFrom: own.find((t) => t.to === "unused")?.from,
          };
        });
      // Assess: 30–240 s registration, the first check within 10 s, then two more 10 s apart; a
      // node target not yet healthy at the switch (3m) leaves from initial
      const ip = targets.filter((t) => t.type === "ip");
      const timed = targets.flatMap((t) => (t.seconds === undefined ? [] : [t.seconds]));
      expect(ip.map((t) => t.seconds !== undefined)).toEqual([true, true, true]);
      for (const t of targets) expect(t.seconds !== undefined || t.leftFrom === "initial").toBe(true);
      for (const s of timed) {
        expect(s).toBeGreaterThan(50);
        expect(s).toBeLessThanOrEqual(270);
      }
      expect(new Set(timed).size).toBe(timed.length);
    },
  );

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

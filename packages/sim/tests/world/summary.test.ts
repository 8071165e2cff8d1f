import { describe, expect, it } from "vitest";
import { summarize } from "../../src/world/summary.ts";
import { at, rig, START } from "./rig.ts";

function summary(r: ReturnType<typeof rig>, seconds: number) {
  r.advance(seconds);
  return summarize(at(seconds), r.kubernetes.clusters(), {
    accountOf: () => "123456789012",
    resourcesOf: (service) => r.controller.resourcesOf(service),
    elb: (cluster) => r.elb.region(cluster.region),
  });
}

describe("summarize", () => {
  it("shows clusters with their nodes, pods and services, each service's NLB and target groups", () => {
    // Prepare
    const r = rig("instance", 2);
    // Act
    const s = summary(r, 0);
    // Assess
    expect(s.now).toBe(new Date(START).toISOString());
    const [cluster] = s.clusters;
    expect(cluster?.name).toBe("c1");
    expect(cluster?.region).toBe("us-west-2");
    expect(cluster?.nodes.map((n) => n.availabilityZone)).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
    expect(cluster?.deployments).toEqual([
      {
        name: "ui/ui",
        replicas: 2,
        pods: [
          expect.objectContaining({ index: 0, ready: false, failing: false, availabilityZone: "us-west-2a" }),
          expect.objectContaining({ index: 1, ready: false, failing: false, availabilityZone: "us-west-2b" }),
        ],
      },
    ]);
    expect(cluster?.services).toEqual([
      {
        name: "ui/ui-nlb",
        targetType: "instance",
        loadBalancer: expect.objectContaining({ state: "provisioning" }),
        targetGroups: [
          expect.objectContaining({
            targetType: "instance",
            targets: [0, 1, 2].map(() => ({
              id: expect.stringMatching(/^i-/),
              port: expect.any(Number),
              state: "initial",
              reason: "Elb.RegistrationInProgress",
            })),
          }),
        ],
      },
    ]);
  });

  it("follows the NLB to active and lists the current target group before the replaced one, until it is deleted", () => {
    const r = rig("instance");
    r.advance(120);
    r.kubernetes.setTargetType(r.cluster, "ui/ui-nlb", "ip", at(120));
    const service = summary(r, 121).clusters[0]?.services[0];
    const pods = summary(r, 121).clusters[0]?.deployments[0]?.pods;
    expect(service?.loadBalancer.state).toBe("active");
    expect(service?.targetType).toBe("ip");
    expect(pods?.map((p) => p.ready)).toEqual([true]);
    expect(service?.targetGroups.map((tg) => [tg.targetType, tg.targets.map((t) => t.state)])).toEqual([
      ["ip", ["initial"]],
      ["instance", ["unused", "unused", "unused"]],
    ]);
    expect(summary(r, 123).clusters[0]?.services[0]?.targetGroups.map((tg) => tg.targetType)).toEqual(["ip"]);
  });
});

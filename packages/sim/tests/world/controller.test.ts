import { describe, expect, it } from "vitest";
import { at, REGION, rig } from "./rig.ts";

describe("LoadBalancerController", () => {
  it("names and tags the NLB and its target group as the real controller does", () => {
    // Prepare, Act
    const { elb, lines } = rig("ip");
    // Assess
    const [lb] = elb.loadBalancers(REGION);
    const [tg] = elb.targetGroups(REGION);
    expect(lb?.LoadBalancerName).toMatch(/^k8s-ui-uinlb-[0-9a-f]{10}$/);
    expect(tg?.TargetGroupName).toMatch(/^k8s-ui-uinlb-[0-9a-f]{10}$/);
    expect(lb?.AvailabilityZones.map((z) => z.ZoneName)).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
    expect(elb.tags(REGION, lb?.LoadBalancerArn ?? "")).toEqual([
      { Key: "elbv2.k8s.aws/cluster", Value: "c1" },
      { Key: "service.k8s.aws/resource", Value: "LoadBalancer" },
      { Key: "service.k8s.aws/stack", Value: "ui/ui-nlb" },
    ]);
    expect(elb.tags(REGION, tg?.TargetGroupArn ?? "")).toEqual([
      { Key: "elbv2.k8s.aws/cluster", Value: "c1" },
      { Key: "service.k8s.aws/resource", Value: "ui/ui-nlb:80" },
      { Key: "service.k8s.aws/stack", Value: "ui/ui-nlb" },
    ]);
    expect(elb.listeners(REGION, lb?.LoadBalancerArn ?? "")).toEqual([
      expect.objectContaining({
        Port: 80,
        DefaultActions: [{ Type: "forward", TargetGroupArn: tg?.TargetGroupArn }],
      }),
    ]);
    expect(lines).toEqual([`c1: service ui/ui-nlb created (ip mode) → NLB ${lb?.LoadBalancerName}`]);
  });

  it("registers the nodes on the NodePort in instance mode and the pods on their port in ip mode", () => {
    const instance = rig("instance", 2).groups(0);
    const ip = rig("ip", 2).groups(0);
    expect(instance).toEqual([
      { type: "instance", port: expect.any(Number), states: ["initial", "initial", "initial"] },
    ]);
    expect(instance[0]?.port).toBeGreaterThanOrEqual(30000);
    expect(instance[0]?.port).toBeLessThanOrEqual(32767);
    expect(ip).toEqual([{ type: "ip", port: 8080, states: ["initial", "initial"] }]);
  });

  it("switches target type with a new group behind the listener while the old one drains, then deletes it", () => {
    // Prepare
    const { kubernetes, cluster, elb, groups, lines } = rig("instance");
    groups(100);
    // Act
    kubernetes.setTargetType(cluster, "ui/ui-nlb", "ip", at(100));
    const during = groups(129);
    const after = groups(130);
    // Assess
    expect(during).toEqual([
      { type: "ip", port: 8080, states: ["initial"] },
      { type: "instance", port: expect.any(Number), states: ["draining", "draining", "draining"] },
    ]);
    expect(after).toEqual([{ type: "ip", port: 8080, states: ["initial"] }]);
    const [lb] = elb.loadBalancers(REGION);
    const [ipGroup] = elb.targetGroups(REGION);
    expect(elb.listeners(REGION, lb?.LoadBalancerArn ?? "")?.[0]?.DefaultActions).toEqual([
      { Type: "forward", TargetGroupArn: ipGroup?.TargetGroupArn },
    ]);
    expect(lines.at(-1)).toMatch(
      /^c1: service ui\/ui-nlb patched to ip mode → target group k8s-ui-uinlb-[0-9a-f]{10}; k8s-ui-uinlb-[0-9a-f]{10} draining$/,
    );
  });

  it("registers new pods and deregisters removed ones in ip mode only", () => {
    const ip = rig("ip");
    ip.advance(100);
    ip.kubernetes.scale(ip.cluster, "ui/ui", 3, at(100));
    expect(ip.groups(100)[0]?.states).toEqual(["healthy", "initial", "initial"]);
    ip.advance(200);
    ip.kubernetes.scale(ip.cluster, "ui/ui", 1, at(200));
    expect(ip.groups(200)[0]?.states).toEqual(["healthy", "draining", "draining"]);

    const instance = rig("instance");
    instance.advance(100);
    instance.kubernetes.scale(instance.cluster, "ui/ui", 3, at(100));
    expect(instance.groups(100)[0]?.states).toEqual(["healthy", "healthy", "healthy"]);
  });

  it("fails a pod's own target; node targets fail only when no pod passes", () => {
    // Prepare
    const ip = rig("ip", 2);
    const instance = rig("instance", 2);
    // Act
    for (const { advance, kubernetes, cluster } of [ip, instance]) {
      advance(100);
      kubernetes.setPodFailing(cluster, "ui/ui", 0, true, at(100));
    }
    const oneFailing = [ip.groups(130)[0]?.states, instance.groups(130)[0]?.states];
    instance.kubernetes.setPodFailing(instance.cluster, "ui/ui", 1, true, at(130));
    // Assess
    expect(oneFailing).toEqual([
      ["unhealthy", "healthy"],
      ["healthy", "healthy", "healthy"],
    ]);
    expect(instance.groups(160)[0]?.states).toEqual(["unhealthy", "unhealthy", "unhealthy"]);
  });

  it("deletes the NLB, its listener and every target group with the service", () => {
    const { advance, kubernetes, cluster, service, controller, elb, lines } = rig("instance");
    advance(10);
    kubernetes.setTargetType(cluster, "ui/ui-nlb", "ip", at(10));
    const lbArn = elb.loadBalancers(REGION)[0]?.LoadBalancerArn ?? "";
    kubernetes.deleteService(cluster, "ui/ui-nlb", at(10));
    expect(elb.loadBalancers(REGION)).toEqual([]);
    expect(elb.targetGroups(REGION)).toEqual([]);
    expect(elb.listeners(REGION, lbArn)).toBeUndefined();
    expect(controller.resourcesOf(service)).toBeUndefined();
    expect(lines.at(-1)).toMatch(/^c1: service ui\/ui-nlb deleted → NLB k8s-ui-uinlb-[0-9a-f]{10} deleted$/);
  });

  it("labels every true change of a target with its cluster, service, NLB and target group", () => {
    const { truth, groups, elb } = rig("ip");
    groups(100);
    const [lb] = elb.loadBalancers(REGION);
    const [tg] = elb.targetGroups(REGION);
    const [pod] = [...(elb.targetHealth(REGION, tg?.TargetGroupArn ?? "") ?? [])];
    expect(truth.events().at(-1)).toEqual({
      at: at(90),
      from: "initial",
      to: "healthy",
      accountId: "123456789012", // the rig's account; the world labels each change with it
      region: REGION,
      cluster: "c1",
      service: "ui/ui-nlb",
      loadBalancerName: lb?.LoadBalancerName,
      targetGroupArn: tg?.TargetGroupArn,
      targetGroupName: tg?.TargetGroupName,
      targetType: "ip",
      targetId: pod?.Target.Id,
      port: 8080,
    });
  });
});

import { describe, expect, it } from "vitest";
import type { ElbApi } from "../../src/world/elb-api.ts";
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
    expect(tg?.LoadBalancerArns).toEqual([lb?.LoadBalancerArn]);
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

  it("registers the nodes on the NodePort in instance mode, and the pods on their port once ready in ip mode", () => {
    const instance = rig("instance", 2).groups(0);
    const ip = rig("ip", 2);
    const beforeReady = ip.groups(4.999);
    expect(instance).toEqual([
      { type: "instance", port: expect.any(Number), states: ["initial", "initial", "initial"] },
    ]);
    expect(instance[0]?.port).toBeGreaterThanOrEqual(30000);
    expect(instance[0]?.port).toBeLessThanOrEqual(32767);
    expect(beforeReady).toEqual([{ type: "ip", port: 8080, states: [] }]);
    expect(ip.groups(5)).toEqual([{ type: "ip", port: 8080, states: ["initial", "initial"] }]);
  });

  it("switches target type in one reconcile: new group behind the listener at once, old group deleted seconds later", () => {
    // Prepare
    const { kubernetes, cluster, elb, groups, lines } = rig("instance");
    groups(100);
    // Act
    kubernetes.setTargetType(cluster, "ui/ui-nlb", "ip", at(100));
    const during = groups(102.999);
    const attachedDuring = elb.targetGroups(REGION).map((tg) => [tg.TargetType, tg.LoadBalancerArns.length]);
    const after = groups(103);
    // Assess
    expect(during).toEqual([
      { type: "ip", port: 8080, states: ["initial"] },
      { type: "instance", port: expect.any(Number), states: ["unused", "unused", "unused"] },
    ]);
    expect(attachedDuring).toEqual([
      ["instance", 0],
      ["ip", 1],
    ]);
    expect(after).toEqual([{ type: "ip", port: 8080, states: ["initial"] }]);
    const [lb] = elb.loadBalancers(REGION);
    const [ipGroup] = elb.targetGroups(REGION);
    expect(elb.listeners(REGION, lb?.LoadBalancerArn ?? "")?.[0]?.DefaultActions).toEqual([
      { Type: "forward", TargetGroupArn: ipGroup?.TargetGroupArn },
    ]);
    expect(lines.slice(-2)).toEqual([
      expect.stringMatching(
        /^c1: service ui\/ui-nlb patched to ip mode → target group k8s-ui-uinlb-[0-9a-f]{10} behind the listener; k8s-ui-uinlb-[0-9a-f]{10} replaced$/,
      ),
      expect.stringMatching(/^c1: target group k8s-ui-uinlb-[0-9a-f]{10} deleted$/),
    ]);
  });

  it("retries DeleteTargetGroup every 2 s while ELBv2 answers that the group is in use", () => {
    // Prepare: the first two attempts find the group still in use
    const attempts: number[] = [];
    let refusals = 2;
    const { kubernetes, cluster, elb, advance } = rig("instance", 1, (api: ElbApi) => ({
      ...bound(api),
      deleteTargetGroup: (arn, when) => {
        attempts.push((when - at(0)) / 1000);
        return refusals-- > 0 ? "in-use" : api.deleteTargetGroup(arn, when);
      },
    }));
    advance(100);
    // Act
    kubernetes.setTargetType(cluster, "ui/ui-nlb", "ip", at(100));
    advance(200);
    // Assess
    expect(attempts).toEqual([103, 105, 107]);
    expect(elb.targetGroups(REGION).map((tg) => tg.TargetType)).toEqual(["ip"]);
  });

  it("registers pods once ready and deregisters removed ones, in ip mode only", () => {
    const ip = rig("ip");
    ip.advance(100);
    ip.kubernetes.scale(ip.cluster, "ui/ui", 3, at(100));
    expect(ip.groups(100)[0]?.states).toEqual(["healthy"]);
    expect(ip.groups(105)[0]?.states).toEqual(["healthy", "initial", "initial"]);
    ip.advance(200);
    ip.kubernetes.scale(ip.cluster, "ui/ui", 1, at(200));
    expect(ip.groups(200)[0]?.states).toEqual(["healthy", "draining", "draining"]);

    const instance = rig("instance");
    instance.advance(100);
    instance.kubernetes.scale(instance.cluster, "ui/ui", 3, at(100));
    expect(instance.groups(105)[0]?.states).toEqual(["healthy", "healthy", "healthy"]);
  });

  it("deregisters a pod that stops being ready and registers it again when it is", () => {
    const ip = rig("ip", 2);
    ip.advance(100);
    ip.kubernetes.setPodFailing(ip.cluster, "ui/ui", 0, true, at(100));
    const notReady = ip.groups(100)[0]?.states;
    ip.advance(150);
    ip.kubernetes.setPodFailing(ip.cluster, "ui/ui", 0, false, at(150));
    expect(notReady).toEqual(["draining", "healthy"]);
    expect(ip.groups(150)[0]?.states).toEqual(["initial", "healthy"]);
    expect(ip.groups(240)[0]?.states).toEqual(["healthy", "healthy"]);
  });

  it("keeps a ready pod whose health check fails registered and unhealthy; nodes fail only when no pod serves", () => {
    // Prepare
    const ip = rig("ip", 2);
    const instance = rig("instance", 2);
    // Act
    for (const { advance, kubernetes, cluster } of [ip, instance]) {
      advance(100);
      kubernetes.setPodHealthCheck(cluster, "ui/ui", 0, "security-group", at(100));
    }
    const oneFailing = [ip.groups(130)[0]?.states, instance.groups(130)[0]?.states];
    instance.kubernetes.setPodHealthCheck(instance.cluster, "ui/ui", 1, "not-listening", at(130));
    // Assess
    expect(oneFailing).toEqual([
      ["unhealthy", "healthy"],
      ["healthy", "healthy", "healthy"],
    ]);
    expect(instance.groups(160)[0]?.states).toEqual(["unhealthy", "unhealthy", "unhealthy"]);
    expect(ip.lines.at(-1)).toMatch(
      /^c1: pod ui-[0-9a-f]{10}-\w{5} is ready but fails the NLB's health check \(its security group does not admit the NLB's subnets on port 8080\)$/,
    );
  });

  it("counts its Describe* calls: one reconcile per change, polling while a pod target is initial", () => {
    const { controller, advance, kubernetes, cluster } = rig("ip");
    advance(5);
    const created = controller.takeReconcileCalls(REGION, at(0));
    const pollingWhileInitial = controller.pollingRate(REGION, at(5));
    advance(100);
    const pollingWhenHealthy = controller.pollingRate(REGION, at(100));
    kubernetes.setTargetType(cluster, "ui/ui-nlb", "instance", at(100));
    const stale = controller.takeReconcileCalls(REGION, at(101));
    expect(created).toBe(8 + 1);
    expect(pollingWhileInitial).toBeCloseTo(1 / 15);
    expect(pollingWhenHealthy).toBe(0);
    expect(stale).toBe(0);
    // Node targets have no readiness gate to wait on: no polling in instance mode.
    expect(controller.pollingRate(REGION, at(100))).toBe(0);
  });

  it("deletes the NLB, its listener and every target group with the service", () => {
    const { advance, kubernetes, cluster, service, controller, elb, lines } = rig("instance");
    advance(10);
    kubernetes.setTargetType(cluster, "ui/ui-nlb", "ip", at(10));
    const lbArn = elb.loadBalancers(REGION)[0]?.LoadBalancerArn ?? "";
    kubernetes.deleteService(cluster, "ui/ui-nlb", at(10));
    advance(20);
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
      at: at(95),
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

/** The API's methods bound to it, so a test can replace one. */
function bound(api: ElbApi): ElbApi {
  return {
    createLoadBalancer: api.createLoadBalancer.bind(api),
    createListener: api.createListener.bind(api),
    modifyListener: api.modifyListener.bind(api),
    deleteLoadBalancer: api.deleteLoadBalancer.bind(api),
    createTargetGroup: api.createTargetGroup.bind(api),
    deleteTargetGroup: api.deleteTargetGroup.bind(api),
    registerTarget: api.registerTarget.bind(api),
    deregisterTarget: api.deregisterTarget.bind(api),
    targets: api.targets.bind(api),
  };
}

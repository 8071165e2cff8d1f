import { describe, expect, it } from "vitest";
import { SeededRandom } from "../../src/random.ts";
import { ElbAccount } from "../../src/world/elb-account.ts";
import { ElbModel } from "../../src/world/elb-model.ts";
import type { HealthChange } from "../../src/world/health-check.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");
const at = (seconds: number) => START + seconds * 1000;
const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const healthCheck = { intervalSeconds: 10, timeoutSeconds: 10, healthyThreshold: 3, unhealthyThreshold: 3 };
const timing = {
  provisioningMs: () => 120_000,
  target: () => ({ registrationDelaySeconds: 60, deregistrationDelaySeconds: 300 }),
};

/** A model whose clock the test sets. */
function elb() {
  const clock = { now: START };
  const model = new ElbModel({
    accountId: ACCOUNT,
    region: REGION,
    random: new SeededRandom(7),
    order: new SeededRandom(8),
    timing,
    now: () => clock.now,
  });
  return { model, clock };
}

function loadBalancerWithGroup(model: ElbModel) {
  const lb = model.createLoadBalancer(
    {
      name: "k8s-ui-uinlb-0123456789",
      scheme: "internet-facing",
      vpcId: "vpc-1",
      availabilityZones: [{ ZoneName: "eu-west-1a", SubnetId: "subnet-1" }],
      tags: [{ Key: "service.k8s.aws/resource", Value: "LoadBalancer" }],
    },
    START,
  );
  const listener = model.createListener(lb.LoadBalancerArn, 80);
  const tg = targetGroup(model, "ip");
  model.modifyListener(listener.ListenerArn, tg.TargetGroupArn, START);
  return { lb, listener, tg: model.targetGroup(tg.TargetGroupArn) as typeof tg };
}

function targetGroup(model: ElbModel, targetType: "ip" | "instance") {
  return model.createTargetGroup({
    name: `k8s-ui-uinlb-${targetType === "ip" ? "abcdef0123" : "0123abcdef"}`,
    port: targetType === "ip" ? 8080 : 31000,
    vpcId: "vpc-1",
    targetType,
    healthCheck,
    tags: [{ Key: "service.k8s.aws/resource", Value: "ui/ui-nlb:80" }],
  });
}

describe("ElbModel", () => {
  it("creates an NLB with AWS-shaped ARN and DNS name, provisioning until the provisioning time", () => {
    // Prepare
    const { model, clock } = elb();
    // Act
    const { lb } = loadBalancerWithGroup(model);
    clock.now = at(119.999);
    const provisioning = model.loadBalancers()[0]?.State.Code;
    clock.now = at(120);
    // Assess
    expect(lb.LoadBalancerArn).toMatch(
      /^arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer\/net\/k8s-ui-uinlb-0123456789\/[0-9a-f]{16}$/,
    );
    expect(lb.DNSName).toMatch(/^k8s-ui-uinlb-0123456789-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com$/);
    expect(lb.CanonicalHostedZoneId).toBe("Z2IFOLAFXWLO4F");
    expect(lb.CreatedTime).toEqual(new Date(START));
    expect(lb.SecurityGroups).toHaveLength(2);
    expect(provisioning).toBe("provisioning");
    expect(model.loadBalancer(lb.LoadBalancerArn)?.State.Code).toBe("active");
  });

  it("attaches a target group to the load balancers whose listeners forward to it", () => {
    // Prepare
    const { model } = elb();
    const lb = model.createLoadBalancer(
      {
        name: "k8s-ui-uinlb-0123456789",
        scheme: "internet-facing",
        vpcId: "vpc-1",
        availabilityZones: [{ ZoneName: "eu-west-1a", SubnetId: "subnet-1" }],
        tags: [],
      },
      START,
    );
    const listener = model.createListener(lb.LoadBalancerArn, 80);
    const tg = targetGroup(model, "ip");
    const before = structuredClone(model.listeners(lb.LoadBalancerArn));
    const unattached = model.targetGroup(tg.TargetGroupArn)?.LoadBalancerArns;
    // Act
    model.modifyListener(listener.ListenerArn, tg.TargetGroupArn, START);
    // Assess
    expect(before).toEqual([{ ...listener, DefaultActions: [] }]);
    expect(unattached).toEqual([]);
    expect(listener.ListenerArn).toMatch(
      /^arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener\/net\/k8s-ui-uinlb-0123456789\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
    );
    expect(model.listeners(lb.LoadBalancerArn)?.[0]?.DefaultActions).toEqual([
      { Type: "forward", TargetGroupArn: tg.TargetGroupArn },
    ]);
    expect(model.targetGroup(tg.TargetGroupArn)?.LoadBalancerArns).toEqual([lb.LoadBalancerArn]);
  });

  it("re-points a listener in place: the old group is detached at once, its targets unused", () => {
    // Prepare
    const { model, clock } = elb();
    const { lb, listener, tg: old } = loadBalancerWithGroup(model);
    const changes: HealthChange[] = [];
    model.registerTarget(
      old.TargetGroupArn,
      { id: "10.42.96.10", port: 8080, az: "eu-west-1a" },
      true,
      START,
      (c) => changes.push(c),
    );
    const replacement = targetGroup(model, "instance");
    // Act
    model.modifyListener(listener.ListenerArn, replacement.TargetGroupArn, at(100));
    clock.now = at(100);
    // Assess
    expect(model.targetGroup(old.TargetGroupArn)?.LoadBalancerArns).toEqual([]);
    expect(model.targetGroup(replacement.TargetGroupArn)?.LoadBalancerArns).toEqual([lb.LoadBalancerArn]);
    expect(model.targetHealth(old.TargetGroupArn)?.[0]?.TargetHealth).toEqual({
      State: "unused",
      Reason: "Target.NotInUse",
      Description: "Target group is not configured to receive traffic from the load balancer",
    });
    expect(changes.map((c) => [(c.at - START) / 1000, c.from, c.to])).toEqual([
      [0, "new", "initial"],
      [60, "initial", "initial"],
      [90, "initial", "healthy"],
      [100, "healthy", "unused"],
    ]);
  });

  it("describes a TCP target group with the health checks it was given, and tags by ARN", () => {
    const { model } = elb();
    const { lb, tg } = loadBalancerWithGroup(model);
    expect(model.targetGroups()).toEqual([tg]);
    expect(tg).toMatchObject({
      Protocol: "TCP",
      Port: 8080,
      HealthCheckProtocol: "TCP",
      HealthCheckPort: "traffic-port",
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 3,
      LoadBalancerArns: [lb.LoadBalancerArn],
      TargetType: "ip",
    });
    expect(model.tags(lb.LoadBalancerArn)).toEqual([
      { Key: "service.k8s.aws/resource", Value: "LoadBalancer" },
    ]);
    expect(model.tags(tg.TargetGroupArn)).toEqual([
      { Key: "service.k8s.aws/resource", Value: "ui/ui-nlb:80" },
    ]);
    expect(model.tags("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/0")).toBeUndefined();
  });

  it("runs each target's health-check clock from registration through draining to gone", () => {
    // Prepare
    const { model, clock } = elb();
    const { tg } = loadBalancerWithGroup(model);
    const changes: HealthChange[] = [];
    const target = { id: "10.42.96.10", port: 8080, az: "eu-west-1a" };
    // Act
    model.registerTarget(tg.TargetGroupArn, target, true, START, (c) => changes.push(c));
    const states: (string | undefined)[] = [];
    for (const seconds of [0, 90]) {
      clock.now = at(seconds);
      states.push(model.targetHealth(tg.TargetGroupArn)?.[0]?.TargetHealth.State);
    }
    model.deregisterTarget(tg.TargetGroupArn, target, at(100));
    clock.now = at(100);
    states.push(model.targetHealth(tg.TargetGroupArn)?.[0]?.TargetHealth.State);
    clock.now = at(400);
    const afterDraining = model.targetHealth(tg.TargetGroupArn);
    // Assess
    expect(states).toEqual(["initial", "healthy", "draining"]);
    expect(afterDraining).toEqual([]);
    expect(changes.map((c) => [(c.at - START) / 1000, c.to])).toEqual([
      [0, "initial"],
      [60, "initial"],
      [90, "healthy"],
      [100, "draining"],
      [400, "gone"],
    ]);
    expect([...model.targets(tg.TargetGroupArn)]).toEqual([]);
  });

  it("describes an ip target with its zone, an instance target without, both with no override", () => {
    // Prepare
    const { model } = elb();
    const { tg } = loadBalancerWithGroup(model);
    const nodes = targetGroup(model, "instance");
    // Act
    model.registerTarget(
      tg.TargetGroupArn,
      { id: "10.42.96.10", port: 8080, az: "eu-west-1a" },
      true,
      START,
      () => {},
    );
    model.registerTarget(
      nodes.TargetGroupArn,
      { id: "i-1", port: 31000, az: "eu-west-1a" },
      true,
      START,
      () => {},
    );
    // Assess
    const initial = {
      State: "initial",
      Reason: "Elb.RegistrationInProgress",
      Description: "Target registration is in progress",
    };
    const noOverride = {
      State: "no_override",
      Reason: "AdministrativeOverride.NoOverride",
      Description: "No override is currently active on target",
    };
    expect(model.targetHealth(tg.TargetGroupArn)).toEqual([
      {
        Target: { Id: "10.42.96.10", Port: 8080, AvailabilityZone: "eu-west-1a" },
        HealthCheckPort: "8080",
        TargetHealth: initial,
        AdministrativeOverride: noOverride,
      },
    ]);
    expect(model.targetHealth(nodes.TargetGroupArn)).toEqual([
      {
        Target: { Id: "i-1", Port: 31000 },
        HealthCheckPort: "31000",
        TargetHealth: initial,
        AdministrativeOverride: noOverride,
      },
    ]);
  });

  it("answers DescribeTargetHealth in no particular order, the same targets every time", () => {
    const { model } = elb();
    const { tg } = loadBalancerWithGroup(model);
    for (let i = 0; i < 6; i++)
      model.registerTarget(
        tg.TargetGroupArn,
        { id: `10.42.96.${i}`, port: 8080, az: "eu-west-1a" },
        true,
        START,
        () => {},
      );
    const orders = Array.from({ length: 10 }, () =>
      (model.describeTargetHealth(tg.TargetGroupArn) ?? []).map((d) => d.Target.Id).join(","),
    );
    const registrationOrder = (model.targetHealth(tg.TargetGroupArn) ?? []).map((d) => d.Target.Id);
    expect(new Set(orders).size).toBeGreaterThan(1);
    for (const order of orders) expect(order.split(",").sort()).toEqual([...registrationOrder].sort());
  });

  it("starts a target over when it is registered again while draining", () => {
    const { model, clock } = elb();
    const { tg } = loadBalancerWithGroup(model);
    const first: HealthChange[] = [];
    const target = { id: "10.42.96.10", port: 8080, az: "eu-west-1a" };
    model.registerTarget(tg.TargetGroupArn, target, true, START, (c) => first.push(c));
    model.deregisterTarget(tg.TargetGroupArn, target, at(100));
    model.registerTarget(tg.TargetGroupArn, target, true, at(120), () => {});
    clock.now = at(120);
    expect(first.map((c) => [(c.at - START) / 1000, c.to])).toEqual([
      [0, "initial"],
      [60, "initial"],
      [90, "healthy"],
      [100, "draining"],
      [120, "gone"],
    ]);
    expect(model.targetHealth(tg.TargetGroupArn)?.map((d) => d.TargetHealth.State)).toEqual(["initial"]);
  });

  it("refuses to delete a target group a listener forwards to; deletes a detached one with its targets", () => {
    const { model, clock } = elb();
    const { listener, tg } = loadBalancerWithGroup(model);
    const changes: HealthChange[] = [];
    model.registerTarget(tg.TargetGroupArn, { id: "10.42.96.10", port: 8080, az: "a" }, true, START, (c) =>
      changes.push(c),
    );
    const inUse = model.deleteTargetGroup(tg.TargetGroupArn, at(95));
    model.modifyListener(listener.ListenerArn, targetGroup(model, "instance").TargetGroupArn, at(100));
    clock.now = at(103);
    expect(inUse).toBe("in-use");
    expect(model.deleteTargetGroup(tg.TargetGroupArn, at(103))).toBe("deleted");
    expect(changes.map((c) => [(c.at - START) / 1000, c.to]).slice(-3)).toEqual([
      [90, "healthy"],
      [100, "unused"],
      [103, "gone"],
    ]);
    expect(model.deleteTargetGroup(tg.TargetGroupArn, at(103))).toBe("not-found");
    expect(model.targetGroup(tg.TargetGroupArn)).toBeUndefined();
    expect(model.targetHealth(tg.TargetGroupArn)).toBeUndefined();
    expect(model.tags(tg.TargetGroupArn)).toBeUndefined();
  });

  it("deletes a load balancer with its listener, detaching its target group", () => {
    const { model } = elb();
    const { lb, tg } = loadBalancerWithGroup(model);
    model.deleteLoadBalancer(lb.LoadBalancerArn, at(10));
    expect(model.targetGroup(tg.TargetGroupArn)?.LoadBalancerArns).toEqual([]);
    expect(model.loadBalancers()).toEqual([]);
    expect(model.loadBalancer(lb.LoadBalancerArn)).toBeUndefined();
    expect(model.listeners(lb.LoadBalancerArn)).toBeUndefined();
  });

  it("brings every target up to now when settled", () => {
    const { model, clock } = elb();
    const { tg } = loadBalancerWithGroup(model);
    const changes: HealthChange[] = [];
    model.registerTarget(tg.TargetGroupArn, { id: "i-1", port: 1, az: "a" }, false, START, (c) =>
      changes.push(c),
    );
    clock.now = at(200);
    model.settle();
    expect(changes.map((c) => c.to)).toEqual(["initial", "initial", "unhealthy"]);
  });
});

describe("ElbAccount", () => {
  it("keeps one model per region and reads an unused region as empty", () => {
    // Prepare
    const account = new ElbAccount({
      accountId: ACCOUNT,
      random: new SeededRandom(1),
      order: new SeededRandom(2),
      timing,
      now: () => START,
    });
    // Act
    const { lb, tg } = loadBalancerWithGroup(account.region(REGION));
    // Assess
    expect(account.region(REGION)).toBe(account.region(REGION));
    expect(account.loadBalancers(REGION).map((l) => l.LoadBalancerArn)).toEqual([lb.LoadBalancerArn]);
    expect(account.targetGroups(REGION)).toEqual([tg]);
    expect(account.targetHealth(REGION, tg.TargetGroupArn)).toEqual([]);
    expect(account.loadBalancers("us-west-2")).toEqual([]);
    expect(account.targetGroups("us-west-2")).toEqual([]);
    expect(account.targetHealth("us-west-2", tg.TargetGroupArn)).toBeUndefined();
    expect(account.listeners("us-west-2", lb.LoadBalancerArn)).toBeUndefined();
    expect(account.tags("us-west-2", lb.LoadBalancerArn)).toBeUndefined();
  });
});

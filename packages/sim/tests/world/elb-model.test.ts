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
  const tg = model.createTargetGroup({
    name: "k8s-ui-uinlb-abcdef0123",
    port: 8080,
    vpcId: "vpc-1",
    targetType: "ip",
    healthCheck,
    loadBalancerArns: [lb.LoadBalancerArn],
    tags: [{ Key: "service.k8s.aws/resource", Value: "ui/ui-nlb:80" }],
  });
  return { lb, tg };
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

  it("gives the listener a default action once it is pointed at a target group", () => {
    const { model } = elb();
    const { lb, tg } = loadBalancerWithGroup(model);
    const listener = model.createListener(lb.LoadBalancerArn, 80);
    const before = structuredClone(model.listeners(lb.LoadBalancerArn));
    model.modifyListener(listener.ListenerArn, tg.TargetGroupArn);
    expect(before).toEqual([{ ...listener, DefaultActions: [] }]);
    expect(listener.ListenerArn).toMatch(
      /^arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener\/net\/k8s-ui-uinlb-0123456789\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
    );
    expect(model.listeners(lb.LoadBalancerArn)?.[0]?.DefaultActions).toEqual([
      { Type: "forward", TargetGroupArn: tg.TargetGroupArn },
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

  it("describes a target with its zone and health-check port", () => {
    const { model } = elb();
    const { tg } = loadBalancerWithGroup(model);
    model.registerTarget(
      tg.TargetGroupArn,
      { id: "i-1", port: 31000, az: "eu-west-1a" },
      true,
      START,
      () => {},
    );
    expect(model.targetHealth(tg.TargetGroupArn)).toEqual([
      {
        Target: { Id: "i-1", Port: 31000, AvailabilityZone: "eu-west-1a" },
        HealthCheckPort: "31000",
        TargetHealth: {
          State: "initial",
          Reason: "Elb.RegistrationInProgress",
          Description: "Target registration is in progress",
        },
      },
    ]);
  });

  it("settles a deleted target group's targets up to now, then forgets it", () => {
    const { model, clock } = elb();
    const { tg } = loadBalancerWithGroup(model);
    const changes: HealthChange[] = [];
    model.registerTarget(tg.TargetGroupArn, { id: "i-1", port: 1, az: "a" }, true, START, (c) =>
      changes.push(c),
    );
    clock.now = at(95);
    expect(model.deleteTargetGroup(tg.TargetGroupArn)).toBe(true);
    expect(changes.at(-1)?.to).toBe("healthy");
    expect(model.deleteTargetGroup(tg.TargetGroupArn)).toBe(false);
    expect(model.targetGroups()).toEqual([]);
    expect(model.targetHealth(tg.TargetGroupArn)).toBeUndefined();
    expect(model.tags(tg.TargetGroupArn)).toBeUndefined();
  });

  it("deletes a load balancer with its listener", () => {
    const { model } = elb();
    const { lb } = loadBalancerWithGroup(model);
    model.createListener(lb.LoadBalancerArn, 80);
    model.deleteLoadBalancer(lb.LoadBalancerArn);
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

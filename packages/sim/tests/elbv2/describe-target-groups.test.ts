import {
  DescribeTargetGroupsCommand,
  LoadBalancerNotFoundException,
  paginateDescribeTargetGroups,
  TargetGroupNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureModel } from "./fixtures.ts";
import { type Elbv2Simulator, REGION, startElbv2Simulator } from "./rig.ts";

const model = new FixtureModel({ [REGION]: 450 });
const { loadBalancers, targetGroups } = model.region(REGION);
let sim: Elbv2Simulator;

beforeAll(async () => {
  sim = await startElbv2Simulator(model);
});
afterAll(() => sim.close());

describe("DescribeTargetGroups", () => {
  it("pages through 900 target groups with the SDK paginator, every group exactly once and in order", async () => {
    // Prepare
    const client = sim.client();
    const pages: number[] = [];
    const arns: string[] = [];

    // Act
    for await (const page of paginateDescribeTargetGroups({ client }, {})) {
      pages.push(page.TargetGroups?.length ?? 0);
      for (const tg of page.TargetGroups ?? []) arns.push(tg.TargetGroupArn ?? "");
    }

    // Assess
    expect(pages).toEqual([400, 400, 100]);
    expect(arns).toEqual(targetGroups.map((tg) => tg.TargetGroupArn));
  });

  it("describes an instance-mode group with its type, load balancer, port and health-check settings", async () => {
    // Prepare
    const client = sim.client();
    const tg = targetGroups[0];

    // Act
    const out = await client.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [tg?.TargetGroupArn ?? ""] }),
    );

    // Assess
    expect(out.TargetGroups).toEqual([
      {
        TargetGroupArn: tg?.TargetGroupArn,
        TargetGroupName: tg?.TargetGroupName,
        Protocol: "TCP",
        Port: 30000,
        VpcId: tg?.VpcId,
        HealthCheckProtocol: "TCP",
        HealthCheckPort: "traffic-port",
        HealthCheckEnabled: true,
        HealthCheckIntervalSeconds: 10,
        HealthCheckTimeoutSeconds: 10,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 3,
        LoadBalancerArns: [loadBalancers[0]?.LoadBalancerArn],
        TargetType: "instance",
        IpAddressType: "ipv4",
      },
    ]);
  });

  it("describes an HTTP health check with its path and matcher", async () => {
    // Prepare
    const client = sim.client();
    const tg = targetGroups[1];

    // Act
    const out = await client.send(new DescribeTargetGroupsCommand({ Names: [tg?.TargetGroupName ?? ""] }));

    // Assess
    expect(out.TargetGroups?.[0]).toMatchObject({
      TargetType: "ip",
      Port: 8080,
      HealthCheckProtocol: "HTTP",
      HealthCheckPath: "/actuator/health/liveness",
      Matcher: { HttpCode: "200-399" },
    });
  });

  it("lists the groups of one load balancer", async () => {
    // Prepare
    const client = sim.client();
    const lb = loadBalancers[42];

    // Act
    const out = await client.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lb?.LoadBalancerArn }));

    // Assess
    expect(out.TargetGroups?.map((tg) => tg.TargetType)).toEqual(["instance", "ip"]);
    expect(out.TargetGroups?.every((tg) => tg.LoadBalancerArns?.includes(lb?.LoadBalancerArn ?? ""))).toBe(
      true,
    );
  });

  it("refuses an unknown load balancer with LoadBalancerNotFoundException", async () => {
    // Prepare
    const client = sim.client();
    const unknown = `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/k8s-ui-uinlb-0000000000/0123456789abcdef`;

    // Act
    const error = await client
      .send(new DescribeTargetGroupsCommand({ LoadBalancerArn: unknown }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(LoadBalancerNotFoundException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    [
      "an ARN",
      {
        TargetGroupArns: [
          `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/k8s-gone-gone-0000000000/0123456789abcdef`,
        ],
      },
    ],
    ["a name", { Names: ["k8s-gone-gone-0000000000"] }],
  ])("refuses %s that matches no group with TargetGroupNotFoundException", async (_, input) => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client.send(new DescribeTargetGroupsCommand(input)).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TargetGroupNotFoundException);
    expect(error).toMatchObject({
      message: "One or more target groups not found",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("refuses more than one filter with a ValidationError", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(
        new DescribeTargetGroupsCommand({
          LoadBalancerArn: loadBalancers[0]?.LoadBalancerArn,
          Names: [targetGroups[0]?.TargetGroupName ?? ""],
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
  });

  it("refuses a malformed target group ARN with a ValidationError", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(new DescribeTargetGroupsCommand({ TargetGroupArns: ["tg-1"] }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: "ValidationError",
      message: "'tg-1' is not a valid target group ARN",
    });
  });

  it("refuses a marker issued by another action", async () => {
    // Prepare
    const client = sim.client();
    const { DescribeLoadBalancersCommand } = await import("@aws-sdk/client-elastic-load-balancing-v2");
    const lbPage = await client.send(new DescribeLoadBalancersCommand({ PageSize: 1 }));

    // Act
    const error = await client
      .send(new DescribeTargetGroupsCommand({ Marker: lbPage.NextMarker }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", message: "Invalid marker" });
  });
});

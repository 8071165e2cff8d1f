import {
  DescribeTagsCommand,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  TargetGroupNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWKWARD_TAG, CLUSTER, FixtureModel } from "./fixtures.ts";
import { type Elbv2Simulator, REGION, startElbv2Simulator } from "./rig.ts";

const model = new FixtureModel({ [REGION]: 30 });
const { loadBalancers, targetGroups, listeners } = model.region(REGION);
const lbArn = loadBalancers[1]?.LoadBalancerArn ?? "";
const tgArn = targetGroups[2]?.TargetGroupArn ?? "";
const prefix = `arn:aws:elasticloadbalancing:${REGION}:123456789012`;
let sim: Elbv2Simulator;

beforeAll(async () => {
  sim = await startElbv2Simulator(model);
});
afterAll(() => sim.close());

describe("DescribeTags", () => {
  it("gives the controller's tags of load balancers and target groups, in the order asked", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const out = await client.send(new DescribeTagsCommand({ ResourceArns: [tgArn, lbArn] }));

    // Assess
    expect(out.TagDescriptions).toEqual([
      {
        ResourceArn: tgArn,
        Tags: [
          { Key: "elbv2.k8s.aws/cluster", Value: CLUSTER },
          { Key: "service.k8s.aws/stack", Value: "catalog/catalog-nlb" },
          { Key: "service.k8s.aws/resource", Value: "catalog/catalog-nlb:80" },
        ],
      },
      {
        ResourceArn: lbArn,
        Tags: [
          { Key: "elbv2.k8s.aws/cluster", Value: CLUSTER },
          { Key: "service.k8s.aws/stack", Value: "catalog/catalog-nlb" },
          { Key: "service.k8s.aws/resource", Value: "LoadBalancer" },
        ],
      },
    ]);
  });

  it("returns tag values with XML special characters intact", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const out = await client.send(
      new DescribeTagsCommand({ ResourceArns: [loadBalancers[0]?.LoadBalancerArn ?? ""] }),
    );

    // Assess
    expect(out.TagDescriptions?.[0]?.Tags).toContainEqual(AWKWARD_TAG);
  });

  it("describes 20 resources in one call", async () => {
    // Prepare
    const client = sim.client();
    const arns = loadBalancers.slice(0, 20).map((lb) => lb.LoadBalancerArn);

    // Act
    const out = await client.send(new DescribeTagsCommand({ ResourceArns: arns }));

    // Assess
    expect(out.TagDescriptions?.map((d) => d.ResourceArn)).toEqual(arns);
  });

  it("gives a listener an empty tag list", async () => {
    // Prepare
    const client = sim.client();
    const listenerArn = listeners.get(lbArn)?.[0]?.ListenerArn ?? "";

    // Act
    const out = await client.send(new DescribeTagsCommand({ ResourceArns: [listenerArn] }));

    // Assess
    expect(out.TagDescriptions).toEqual([{ ResourceArn: listenerArn, Tags: [] }]);
  });

  it("refuses 21 resources with a ValidationError", async () => {
    // Prepare
    const client = sim.client();
    const arns = loadBalancers.slice(0, 21).map((lb) => lb.LoadBalancerArn);

    // Act
    const error = await client.send(new DescribeTagsCommand({ ResourceArns: arns })).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toMatch(
      /at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to 20$/,
    );
  });

  it("refuses a request without ResourceArns with a ValidationError", async () => {
    // Act
    const response = await sim.post({ Action: "DescribeTags", Version: "2015-12-01" });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("<Code>ValidationError</Code>");
  });

  it.each([
    [
      "load balancer",
      `${prefix}:loadbalancer/net/k8s-gone-gone-0000000000/0123456789abcdef`,
      LoadBalancerNotFoundException,
    ],
    [
      "target group",
      `${prefix}:targetgroup/k8s-gone-gone-0000000000/0123456789abcdef`,
      TargetGroupNotFoundException,
    ],
    [
      "listener",
      `${prefix}:listener/net/k8s-gone-gone-0000000000/0123456789abcdef/0123456789abcdef`,
      ListenerNotFoundException,
    ],
  ])("refuses an unknown %s with its typed not-found exception", async (_, arn, exception) => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(new DescribeTagsCommand({ ResourceArns: [lbArn, arn] }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(exception);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it("refuses something that is not an ELBv2 ARN with a ValidationError", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(new DescribeTagsCommand({ ResourceArns: ["arn:aws:ec2:us-west-2:123456789012:instance/i-1"] }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
  });
});

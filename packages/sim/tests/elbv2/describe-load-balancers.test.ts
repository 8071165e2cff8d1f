import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2ServiceException,
  LoadBalancerNotFoundException,
  paginateDescribeLoadBalancers,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureModel } from "./fixtures.ts";
import { type Elbv2Simulator, REGION, startElbv2Simulator } from "./rig.ts";

const model = new FixtureModel({ [REGION]: 450 });
const all = model.region(REGION).loadBalancers;
let sim: Elbv2Simulator;

beforeAll(async () => {
  sim = await startElbv2Simulator(model);
});
afterAll(() => sim.close());

describe("DescribeLoadBalancers", () => {
  it("describes an NLB with every field the SDK models", async () => {
    // Prepare
    const client = sim.client();
    const expected = all[0];

    // Act
    const out = await client.send(
      new DescribeLoadBalancersCommand({ Names: [expected?.LoadBalancerName ?? ""] }),
    );

    // Assess
    expect(out.LoadBalancers).toEqual([
      {
        LoadBalancerArn: expected?.LoadBalancerArn,
        DNSName: expected?.DNSName,
        CanonicalHostedZoneId: "Z18D5FSROUN65G",
        CreatedTime: new Date("2026-01-01T00:00:00.000Z"),
        LoadBalancerName: expected?.LoadBalancerName,
        Scheme: "internet-facing",
        VpcId: expected?.VpcId,
        State: { Code: "active" },
        Type: "network",
        AvailabilityZones: expected?.AvailabilityZones.map((az) => ({ ...az, LoadBalancerAddresses: [] })),
        SecurityGroups: expected?.SecurityGroups,
        IpAddressType: "ipv4",
      },
    ]);
    expect(out.NextMarker).toBeUndefined();
  });

  it("leaves SecurityGroups out for an NLB that has none", async () => {
    // Prepare
    const client = sim.client();
    const withoutGroups = all[1];

    // Act
    const out = await client.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [withoutGroups?.LoadBalancerArn ?? ""] }),
    );

    // Assess
    expect(out.LoadBalancers?.[0]?.LoadBalancerName).toBe(withoutGroups?.LoadBalancerName);
    expect(out.LoadBalancers?.[0]).not.toHaveProperty("SecurityGroups");
  });

  it("returns the first 400 NLBs and a NextMarker when no PageSize is given", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const out = await client.send(new DescribeLoadBalancersCommand({}));

    // Assess
    expect(out.LoadBalancers).toHaveLength(400);
    expect(out.NextMarker).toEqual(expect.any(String));
  });

  it("pages through 450 NLBs with the SDK paginator, every NLB exactly once and in order", async () => {
    // Prepare
    const client = sim.client();
    const pages: number[] = [];
    const arns: string[] = [];

    // Act
    for await (const page of paginateDescribeLoadBalancers({ client }, {})) {
      pages.push(page.LoadBalancers?.length ?? 0);
      for (const lb of page.LoadBalancers ?? []) arns.push(lb.LoadBalancerArn ?? "");
    }

    // Assess
    expect(pages).toEqual([400, 50]);
    expect(arns).toEqual(all.map((lb) => lb.LoadBalancerArn));
  });

  it("honours PageSize across pages", async () => {
    // Prepare
    const client = sim.client();
    const arns: string[] = [];
    let calls = 0;

    // Act
    for await (const page of paginateDescribeLoadBalancers({ client }, { PageSize: 100 })) {
      calls++;
      for (const lb of page.LoadBalancers ?? []) arns.push(lb.LoadBalancerArn ?? "");
    }

    // Assess
    expect(calls).toBe(5);
    expect(arns).toEqual(all.map((lb) => lb.LoadBalancerArn));
  });

  it("filters by name, keeping the model's order", async () => {
    // Prepare
    const client = sim.client();
    const names = [all[7]?.LoadBalancerName ?? "", all[2]?.LoadBalancerName ?? ""];

    // Act
    const out = await client.send(new DescribeLoadBalancersCommand({ Names: names }));

    // Assess
    expect(out.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual([names[1], names[0]]);
  });

  it("filters by up to 20 ARNs", async () => {
    // Prepare
    const client = sim.client();
    const arns = all.slice(100, 120).map((lb) => lb.LoadBalancerArn);

    // Act
    const out = await client.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: arns }));

    // Assess
    expect(out.LoadBalancers?.map((lb) => lb.LoadBalancerArn)).toEqual(arns);
  });

  it("refuses an unknown name with LoadBalancerNotFoundException naming it", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(
        new DescribeLoadBalancersCommand({
          Names: [all[0]?.LoadBalancerName ?? "", "k8s-ui-uinlb-0000000000"],
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(LoadBalancerNotFoundException);
    expect(error).toMatchObject({
      name: "LoadBalancerNotFoundException",
      message: "Load balancers '[k8s-ui-uinlb-0000000000]' not found",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("refuses an unknown ARN with LoadBalancerNotFoundException", async () => {
    // Prepare
    const client = sim.client();
    const unknown = `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/k8s-ui-uinlb-0000000000/0123456789abcdef`;

    // Act
    const error = await client
      .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [unknown] }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(LoadBalancerNotFoundException);
    expect(error).toMatchObject({ message: "One or more load balancers not found" });
  });

  it("refuses a malformed ARN with a ValidationError", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: ["k8s-ui-uinlb"] }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(error).toMatchObject({
      name: "ValidationError",
      message: "'k8s-ui-uinlb' is not a valid load balancer ARN",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("refuses more than 20 ARNs with a ValidationError", async () => {
    // Prepare
    const client = sim.client();
    const arns = all.slice(0, 21).map((lb) => lb.LoadBalancerArn);

    // Act
    const error = await client
      .send(new DescribeLoadBalancersCommand({ LoadBalancerArns: arns }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toMatch(
      /^1 validation error detected: Value '\[arn:.*\]' at 'loadBalancerArns' failed to satisfy constraint: Member must have length less than or equal to 20$/,
    );
  });

  it("refuses names and ARNs together with a ValidationError", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(
        new DescribeLoadBalancersCommand({
          Names: [all[0]?.LoadBalancerName ?? ""],
          LoadBalancerArns: [all[0]?.LoadBalancerArn ?? ""],
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
  });

  it.each([
    [
      0,
      "Value '0' at 'pageSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      401,
      "Value '401' at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 400",
    ],
  ])("refuses PageSize %i with a ValidationError", async (pageSize, constraint) => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(new DescribeLoadBalancersCommand({ PageSize: pageSize }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: "ValidationError",
      message: `1 validation error detected: ${constraint}`,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("refuses a PageSize that is not a number", async () => {
    // Act
    const response = await sim.post({
      Action: "DescribeLoadBalancers",
      Version: "2015-12-01",
      PageSize: "ten",
    });

    // Assess
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).toContain("<Code>ValidationError</Code>");
    expect(body).toContain("Value &apos;ten&apos; at &apos;pageSize&apos;");
  });

  it("refuses a tampered marker with a ValidationError", async () => {
    // Prepare
    const client = sim.client();
    const first = await client.send(new DescribeLoadBalancersCommand({ PageSize: 10 }));
    const decoded = Buffer.from(first.NextMarker ?? "", "base64").toString("utf8");
    const tampered = Buffer.from(decoded.replace("|10|", "|11|"), "utf8").toString("base64");

    // Act
    const errors = await Promise.all(
      [tampered, "not-a-marker", ""].map((marker) =>
        client.send(new DescribeLoadBalancersCommand({ Marker: marker })).catch((e: unknown) => e),
      ),
    );

    // Assess
    for (const error of errors) {
      expect(error).toMatchObject({
        name: "ValidationError",
        message: "Invalid marker",
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  it("pages filtered results too", async () => {
    // Prepare
    const client = sim.client();
    const names = all.slice(0, 5).map((lb) => lb.LoadBalancerName);

    // Act
    const first = await client.send(new DescribeLoadBalancersCommand({ Names: names, PageSize: 3 }));
    const second = await client.send(
      new DescribeLoadBalancersCommand({ Names: names, PageSize: 3, Marker: first.NextMarker }),
    );

    // Assess
    expect(first.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(names.slice(0, 3));
    expect(second.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(names.slice(3));
    expect(second.NextMarker).toBeUndefined();
  });
});

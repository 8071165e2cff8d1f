import {
  DescribeListenersCommand,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  paginateDescribeListeners,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureModel } from "./fixtures.ts";
import { type Elbv2Simulator, REGION, startElbv2Simulator } from "./rig.ts";

const model = new FixtureModel({ [REGION]: 5 });
const { loadBalancers, targetGroups, listeners } = model.region(REGION);
const lbArn = loadBalancers[3]?.LoadBalancerArn ?? "";
const listener = listeners.get(lbArn)?.[0];
const prefix = `arn:aws:elasticloadbalancing:${REGION}:123456789012`;
let sim: Elbv2Simulator;

beforeAll(async () => {
  sim = await startElbv2Simulator(model);
});
afterAll(() => sim.close());

describe("DescribeListeners", () => {
  it("describes the TCP listener of a load balancer and its forward action", async () => {
    // Prepare
    const client = sim.client();
    const ipTgArn = targetGroups[7]?.TargetGroupArn;

    // Act
    const out = await client.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }));

    // Assess
    expect(out.Listeners).toEqual([
      {
        ListenerArn: listener?.ListenerArn,
        LoadBalancerArn: lbArn,
        Port: 80,
        Protocol: "TCP",
        DefaultActions: [
          {
            Type: "forward",
            TargetGroupArn: ipTgArn,
            ForwardConfig: {
              TargetGroups: [{ TargetGroupArn: ipTgArn, Weight: 1 }],
              TargetGroupStickinessConfig: { Enabled: false },
            },
          },
        ],
      },
    ]);
    expect(out.NextMarker).toBeUndefined();
  });

  it("describes listeners by ARN across load balancers", async () => {
    // Prepare
    const client = sim.client();
    const arns = [loadBalancers[4], loadBalancers[0]].map(
      (lb) => listeners.get(lb?.LoadBalancerArn ?? "")?.[0]?.ListenerArn ?? "",
    );

    // Act
    const out = await client.send(new DescribeListenersCommand({ ListenerArns: arns }));

    // Assess
    expect(out.Listeners?.map((l) => l.ListenerArn)).toEqual(arns);
  });

  it("pages listeners with Marker and PageSize", async () => {
    // Prepare
    const client = sim.client();
    const arns = loadBalancers.map((lb) => listeners.get(lb.LoadBalancerArn)?.[0]?.ListenerArn ?? "");
    const seen: string[] = [];

    // Act
    for await (const page of paginateDescribeListeners({ client }, { ListenerArns: arns, PageSize: 2 })) {
      for (const l of page.Listeners ?? []) seen.push(l.ListenerArn ?? "");
    }

    // Assess
    expect(seen).toEqual(arns);
  });

  it("refuses an unknown load balancer with LoadBalancerNotFoundException", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(
        new DescribeListenersCommand({
          LoadBalancerArn: `${prefix}:loadbalancer/net/k8s-gone-gone-0000000000/0123456789abcdef`,
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(LoadBalancerNotFoundException);
  });

  it("refuses an unknown listener with ListenerNotFoundException", async () => {
    // Prepare
    const client = sim.client();
    const unknown = `${listener?.ListenerArn.slice(0, -16)}0123456789abcdef`;

    // Act
    const error = await client
      .send(new DescribeListenersCommand({ ListenerArns: [unknown] }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ListenerNotFoundException);
    expect(error).toMatchObject({
      message: "One or more listeners not found",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([
    ["neither a load balancer nor listeners", {}],
    [
      "both a load balancer and listeners",
      { LoadBalancerArn: lbArn, ListenerArns: [listener?.ListenerArn ?? ""] },
    ],
  ])("refuses %s with a ValidationError", async (_, input) => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client.send(new DescribeListenersCommand(input)).catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
  });
});

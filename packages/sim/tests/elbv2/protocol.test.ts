import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2ServiceException,
  TargetGroupNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixtureModel } from "./fixtures.ts";
import { type Elbv2Simulator, REGION, startElbv2Simulator } from "./rig.ts";

const OTHER_REGION = "eu-west-1";
const model = new FixtureModel({ [REGION]: 4, [OTHER_REGION]: 2 });
const home = model.region(REGION);
const away = model.region(OTHER_REGION);
let sim: Elbv2Simulator;

beforeAll(async () => {
  sim = await startElbv2Simulator(model);
});
afterAll(() => sim.close());

describe("ELBv2 awsQuery protocol", () => {
  it("surfaces the x-amzn-RequestId header as $metadata.requestId", async () => {
    // Prepare
    const client = sim.client();
    let header: string | undefined;
    client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        header = (result.response as { headers: Record<string, string> }).headers["x-amzn-requestid"];
        return result;
      },
      { step: "deserialize", name: "captureRequestIdHeader" },
    );

    // Act
    const out = await client.send(new DescribeLoadBalancersCommand({}));

    // Assess
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.$metadata.requestId).toBe(header);
  });

  it("puts the request id on errors too", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(
        new DescribeTargetHealthCommand({
          TargetGroupArn: `${home.targetGroups[0]?.TargetGroupArn.slice(0, -16)}0000000000000000`,
        }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TargetGroupNotFoundException);
    expect((error as TargetGroupNotFoundException).$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves a request signed for another region that region's resources only", async () => {
    // Prepare
    const client = sim.client({ region: OTHER_REGION });

    // Act
    const lbs = await client.send(new DescribeLoadBalancersCommand({}));
    const missing = await client
      .send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [home.targetGroups[0]?.TargetGroupArn ?? ""] }),
      )
      .catch((e: unknown) => e);

    // Assess
    expect(lbs.LoadBalancers?.map((lb) => lb.LoadBalancerArn)).toEqual(
      away.loadBalancers.map((lb) => lb.LoadBalancerArn),
    );
    expect(missing).toBeInstanceOf(TargetGroupNotFoundException);
  });

  it("answers an unsigned form POST (curl) in the default region with AWS's XML", async () => {
    // Prepare
    const tg = home.targetGroups[0];

    // Act
    const response = await sim.post({
      Action: "DescribeTargetHealth",
      Version: "2015-12-01",
      TargetGroupArn: tg?.TargetGroupArn ?? "",
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml");
    const requestId = response.headers.get("x-amzn-requestid");
    const body = await response.text();
    expect(body).toMatch(
      /^<DescribeTargetHealthResponse xmlns="http:\/\/elasticloadbalancing\.amazonaws\.com\/doc\/2015-12-01\/"><DescribeTargetHealthResult><TargetHealthDescriptions><member><Target><Id>i-[0-9a-f]{17}<\/Id><Port>30000<\/Port>/,
    );
    expect(body).toContain(
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`,
    );
  });

  it("answers a GET with a query string, as Query APIs allow", async () => {
    // Act
    const response = await fetch(
      `${sim.server.endpoint}/?Action=DescribeLoadBalancers&Version=2015-12-01&PageSize=1`,
    );

    // Assess
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain("<NextMarker>");
    expect(body.match(/<LoadBalancerArn>/g)).toHaveLength(1);
  });

  it("writes CreatedTime as ISO 8601 with milliseconds", async () => {
    // Act
    const response = await sim.post({
      Action: "DescribeLoadBalancers",
      Version: "2015-12-01",
      PageSize: "1",
    });

    // Assess
    expect(await response.text()).toContain("<CreatedTime>2026-01-01T00:00:00.000Z</CreatedTime>");
  });

  it("escapes XML special characters in every string", async () => {
    // Act
    const response = await sim.post({
      Action: "DescribeTags",
      Version: "2015-12-01",
      "ResourceArns.member.1": home.loadBalancers[0]?.LoadBalancerArn ?? "",
    });

    // Assess
    expect(await response.text()).toContain("<Value>a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;</Value>");
  });

  it("refuses an unknown action with InvalidAction", async () => {
    // Act
    const response = await sim.post({ Action: "DeleteLoadBalancer", Version: "2015-12-01" });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toBe(
      `<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>Could not find operation DeleteLoadBalancer for version 2015-12-01</Message></Error><RequestId>${response.headers.get("x-amzn-requestid")}</RequestId></ErrorResponse>`,
    );
  });

  it("refuses a known action asked for under another API version", async () => {
    // Act
    const response = await sim.post({ Action: "DescribeLoadBalancers", Version: "2012-06-01" });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "<Message>Could not find operation DescribeLoadBalancers for version 2012-06-01</Message>",
    );
  });

  it("refuses a request without an Action with InvalidAction", async () => {
    // Act
    const response = await sim.post({ Version: "2015-12-01" });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("<Code>InvalidAction</Code>");
  });

  it("delivers InvalidAction to the SDK as a service exception with that name", async () => {
    // Prepare
    const client = sim.client();
    const command = new DescribeLoadBalancersCommand({});
    // Renames the action on the wire (same length, so Content-Length still holds) to see what the
    // SDK makes of an operation the simulator lacks.
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body?: string };
        request.body = request.body?.replace("Action=DescribeLoadBalancers", "Action=DescribeAccountLimits");
        return next(args);
      },
      { step: "build", name: "renameAction" },
    );

    // Act
    const error = await client.send(command).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(error).toMatchObject({
      name: "InvalidAction",
      message: "Could not find operation DescribeAccountLimits for version 2015-12-01",
      $metadata: { httpStatusCode: 400 },
    });
  });
});

import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2ServiceException,
  TargetGroupNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultInjector } from "../../src/faults/fault-injector.ts";
import { FixtureModel, NO_OVERRIDE } from "./fixtures.ts";
import { type Elbv2Simulator, REGION, startElbv2Simulator } from "./rig.ts";

const model = new FixtureModel({ [REGION]: 3 });
const { targetGroups, health } = model.region(REGION);
const instanceTg = targetGroups[0];
const ipTg = targetGroups[1];
const instanceArn = instanceTg?.TargetGroupArn ?? "";
const ipArn = ipTg?.TargetGroupArn ?? "";
let sim: Elbv2Simulator;

beforeAll(async () => {
  sim = await startElbv2Simulator(model);
});
afterAll(() => sim.close());

describe("DescribeTargetHealth", () => {
  it("describes every registered target with its port, health-check port, state and override; no zone for instances", async () => {
    // Prepare
    const client = sim.client();
    const nodes = health.get(instanceArn) ?? [];

    // Act
    const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: instanceArn }));

    // Assess
    expect(out.TargetHealthDescriptions).toEqual(
      nodes.map((node) => ({
        Target: { Id: node.Target.Id, Port: 30000 },
        HealthCheckPort: "30000",
        TargetHealth: { State: "healthy" },
        AdministrativeOverride: NO_OVERRIDE,
      })),
    );
  });

  it("gives ip targets their zone", async () => {
    const out = await sim.client().send(new DescribeTargetHealthCommand({ TargetGroupArn: ipArn }));
    expect(out.TargetHealthDescriptions?.map((d) => d.Target?.AvailabilityZone)).toEqual([
      `${REGION}a`,
      `${REGION}b`,
      `${REGION}c`,
    ]);
  });

  it("gives the reason and description of targets still registering", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const out = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: ipArn }));

    // Assess
    expect(out.TargetHealthDescriptions?.map((d) => d.TargetHealth)).toEqual([
      {
        State: "initial",
        Reason: "Elb.RegistrationInProgress",
        Description: "Target registration is in progress",
      },
      {
        State: "initial",
        Reason: "Elb.InitialHealthChecking",
        Description: "Initial health checks in progress",
      },
      { State: "healthy" },
    ]);
    expect(
      out.TargetHealthDescriptions?.every((d) => d.Target?.Port === 8080 && d.HealthCheckPort === "8080"),
    ).toBe(true);
  });

  it("returns only the requested targets, in the order asked", async () => {
    // Prepare
    const client = sim.client();
    const pods = health.get(ipArn) ?? [];
    const [first, , third] = pods;

    // Act
    const out = await client.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: ipArn,
        Targets: [
          { Id: third?.Target.Id ?? "", Port: 8080 },
          { Id: first?.Target.Id ?? "", AvailabilityZone: first?.Target.AvailabilityZone },
        ],
      }),
    );

    // Assess
    expect(out.TargetHealthDescriptions?.map((d) => d.Target?.Id)).toEqual([
      third?.Target.Id,
      first?.Target.Id,
    ]);
  });

  it("answers a target that is not registered as unused / Target.NotRegistered on the group's port", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const out = await client.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: instanceArn,
        Targets: [{ Id: "i-00000000000000000" }],
      }),
    );

    // Assess
    expect(out.TargetHealthDescriptions).toEqual([
      {
        Target: { Id: "i-00000000000000000", Port: 30000 },
        HealthCheckPort: "30000",
        TargetHealth: {
          State: "unused",
          Reason: "Target.NotRegistered",
          Description: "Target is not registered to the target group",
        },
      },
    ]);
  });

  it("treats a registered ID on another port as not registered", async () => {
    // Prepare
    const client = sim.client();
    const pod = health.get(ipArn)?.[0];

    // Act
    const out = await client.send(
      new DescribeTargetHealthCommand({
        TargetGroupArn: ipArn,
        Targets: [{ Id: pod?.Target.Id ?? "", Port: 9090 }],
      }),
    );

    // Assess
    expect(out.TargetHealthDescriptions).toEqual([
      expect.objectContaining({
        Target: { Id: pod?.Target.Id, Port: 9090 },
        HealthCheckPort: "9090",
        TargetHealth: expect.objectContaining({ State: "unused", Reason: "Target.NotRegistered" }),
      }),
    ]);
  });

  it.each([["AnomalyDetection"], ["All"]])(
    "honours Include=%s: anomaly detection only when asked for, and only where a target has it",
    async (include) => {
      // Prepare
      const client = sim.client();

      // Act
      const asked = await client.send(
        new DescribeTargetHealthCommand({
          TargetGroupArn: ipArn,
          Include: [include as "All" | "AnomalyDetection"],
        }),
      );
      const notAsked = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: ipArn }));

      // Assess
      expect(asked.TargetHealthDescriptions?.map((d) => d.AnomalyDetection)).toEqual([
        undefined,
        undefined,
        { Result: "normal", MitigationInEffect: "no" },
      ]);
      expect(notAsked.TargetHealthDescriptions?.some((d) => d.AnomalyDetection !== undefined)).toBe(false);
    },
  );

  it("reports registered targets unavailable / Elb.InternalError at the injected rate", async () => {
    // Prepare
    const faults = new FaultInjector({ targetUnavailableRate: 1 });
    const faulty = await startElbv2Simulator(model, faults);
    try {
      // Act
      const out = await faulty.client().send(
        new DescribeTargetHealthCommand({
          TargetGroupArn: ipArn,
          Targets: [{ Id: health.get(ipArn)?.[0]?.Target.Id ?? "" }, { Id: "10.0.0.1" }],
        }),
      );
      // Assess: a target that is not registered is still just not registered
      expect(out.TargetHealthDescriptions?.map((d) => d.TargetHealth)).toEqual([
        {
          State: "unavailable",
          Reason: "Elb.InternalError",
          Description: "Target health is unavailable due to an internal error",
        },
        expect.objectContaining({ State: "unused", Reason: "Target.NotRegistered" }),
      ]);
    } finally {
      await faulty.close();
    }
  });

  it("refuses an Include value outside AnomalyDetection / All", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: ipArn, Include: ["Everything" as "All"] }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
  });

  it("refuses an unknown target group with TargetGroupNotFoundException", async () => {
    // Prepare
    const client = sim.client();
    const unknown = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/k8s-gone-gone-0000000000/0123456789abcdef`;

    // Act
    const error = await client
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: unknown }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TargetGroupNotFoundException);
    expect(error).toMatchObject({
      message: "One or more target groups not found",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("refuses a request without TargetGroupArn with a ValidationError", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(new DescribeTargetHealthCommand({} as { TargetGroupArn: string }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(error).toMatchObject({
      name: "ValidationError",
      message:
        "1 validation error detected: Value null at 'targetGroupArn' failed to satisfy constraint: Member must not be null",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("refuses a malformed target group ARN with a ValidationError", async () => {
    // Prepare
    const client = sim.client();

    // Act
    const error = await client
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: "k8s-ui-uinlb" }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toMatchObject({
      name: "ValidationError",
      message: "'k8s-ui-uinlb' is not a valid target group ARN",
    });
  });

  it("refuses a target without an Id", async () => {
    // Act
    const response = await sim.post({
      Action: "DescribeTargetHealth",
      Version: "2015-12-01",
      TargetGroupArn: ipArn,
      "Targets.member.1.Port": "8080",
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      "Value null at &apos;targets.1.member.id&apos; failed to satisfy constraint: Member must not be null",
    );
  });
});

import {
  DescribeListenersOutput$,
  DescribeLoadBalancersOutput$,
  DescribeTagsOutput$,
  DescribeTargetGroupsOutput$,
  DescribeTargetHealthOutput$,
  LoadBalancerSchemeEnum,
  LoadBalancerStateEnum,
  ProtocolEnum,
  TargetAdministrativeOverrideReasonEnum,
  TargetAdministrativeOverrideStateEnum,
  TargetHealthReasonEnum,
  TargetHealthStateEnum,
  TargetTypeEnum,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { type Simulator, startSimulator } from "../../src/simulator.ts";
import { FixtureModel } from "./fixtures.ts";
import { REGION, startElbv2Simulator } from "./rig.ts";
import { type EnumChecks, resultOf, shapeProblems } from "./sdk-shape.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");

/** The values the SDK's enums allow, where the model itself only says "string". */
const ENUMS: EnumChecks = {
  "TargetHealth.State": Object.values(TargetHealthStateEnum),
  "TargetHealth.Reason": Object.values(TargetHealthReasonEnum),
  "AdministrativeOverride.State": Object.values(TargetAdministrativeOverrideStateEnum),
  "AdministrativeOverride.Reason": Object.values(TargetAdministrativeOverrideReasonEnum),
  "TargetGroup.TargetType": Object.values(TargetTypeEnum),
  "TargetGroup.Protocol": Object.values(ProtocolEnum),
  "LoadBalancer.Scheme": Object.values(LoadBalancerSchemeEnum),
  "LoadBalancerState.Code": Object.values(LoadBalancerStateEnum),
};

const OUTPUTS = {
  DescribeLoadBalancers: DescribeLoadBalancersOutput$,
  DescribeTargetGroups: DescribeTargetGroupsOutput$,
  DescribeTargetHealth: DescribeTargetHealthOutput$,
  DescribeTags: DescribeTagsOutput$,
  DescribeListeners: DescribeListenersOutput$,
};

type Post = (form: Record<string, string>) => Promise<Response>;

/** The problems of one answer against the SDK's model of its output. */
async function problemsOf(post: Post, action: keyof typeof OUTPUTS, form: Record<string, string> = {}) {
  const res = await post({ Action: action, Version: "2015-12-01", ...form });
  const xml = await res.text();
  expect(res.status, xml).toBe(200);
  return shapeProblems(resultOf(xml, action), OUTPUTS[action], ENUMS);
}

/** Every read action, on every NLB and target group of the region. */
async function everyAnswer(post: Post, lbArns: string[], tgArns: string[]): Promise<string[]> {
  const problems = [
    ...(await problemsOf(post, "DescribeLoadBalancers")),
    ...(await problemsOf(post, "DescribeTargetGroups")),
  ];
  for (const arn of lbArns) {
    problems.push(...(await problemsOf(post, "DescribeListeners", { LoadBalancerArn: arn })));
    problems.push(...(await problemsOf(post, "DescribeTags", { "ResourceArns.member.1": arn })));
  }
  for (const arn of tgArns) {
    problems.push(...(await problemsOf(post, "DescribeTargetHealth", { TargetGroupArn: arn })));
    problems.push(
      ...(await problemsOf(post, "DescribeTargetHealth", { TargetGroupArn: arn, "Include.member.1": "All" })),
    );
    problems.push(...(await problemsOf(post, "DescribeTags", { "ResourceArns.member.1": arn })));
  }
  return problems;
}

describe("answer shapes against the AWS SDK's service model", () => {
  let sim: Simulator;
  const post: Post = (form) =>
    fetch(`${sim.endpoint}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: await loadScenarioFile("scenarios/ip-mode.yaml"),
      clock: VirtualClock.manual({ start: START }),
      faults: {},
    });
  });
  afterAll(() => sim.stop());

  it.each([
    [0, "instance targets registering"],
    [181, "the switch: the replaced group detached"],
    [200, "an ip target registering"],
    [336, "scaled out"],
    [900, "all healthy"],
  ])("conforms at t+%is (%s)", async (seconds) => {
    sim.clock.advanceTo(START + seconds * 1000);
    sim.world.advanceTo(START + seconds * 1000);
    const lbArns = sim.world.loadBalancers(REGION).map((lb) => lb.LoadBalancerArn);
    const tgArns = sim.world.targetGroups(REGION).map((tg) => tg.TargetGroupArn);
    expect(await everyAnswer(post, lbArns, tgArns)).toEqual([]);
  });

  it("conforms for everything the fixture holds (HTTP health checks, anomaly detection, tags)", async () => {
    const model = new FixtureModel({ [REGION]: 3 });
    const fixture = await startElbv2Simulator(model);
    try {
      const { loadBalancers, targetGroups } = model.region(REGION);
      const problems = await everyAnswer(
        fixture.post,
        loadBalancers.map((lb) => lb.LoadBalancerArn),
        targetGroups.map((tg) => tg.TargetGroupArn),
      );
      expect(problems).toEqual([]);
    } finally {
      await fixture.close();
    }
  });

  it("finds departures from the model: unknown members, wrong order, wrong enum values", () => {
    const xml =
      "<DescribeTargetHealthResponse><DescribeTargetHealthResult><TargetHealthDescriptions><member>" +
      "<HealthCheckPort>80</HealthCheckPort><Target><Id>i-1</Id><Port>x</Port><Zone>a</Zone></Target>" +
      "<TargetHealth><State>fine</State></TargetHealth>" +
      "</member></TargetHealthDescriptions></DescribeTargetHealthResult></DescribeTargetHealthResponse>";
    expect(shapeProblems(resultOf(xml, "DescribeTargetHealth"), DescribeTargetHealthOutput$, ENUMS)).toEqual([
      "/TargetHealthDescriptions[0]/Target: out of the model's order in TargetHealthDescription",
      '/TargetHealthDescriptions[0]/Target/Port: "x" is not a value of simple type 1',
      "/TargetHealthDescriptions[0]/Target/Zone: TargetDescription has no member Zone",
      '/TargetHealthDescriptions[0]/TargetHealth/State: "fine" is not one of draining, healthy, initial, unavailable, unhealthy, unhealthy.draining, unused',
    ]);
  });
});

import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2ServiceException,
  HealthUnavailableException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { isThrottlingError } from "@smithy/core/retry";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FaultInjector } from "../../src/faults/fault-injector.ts";
import { FixtureModel } from "./fixtures.ts";
import { type Elbv2Simulator, REGION, startElbv2Simulator } from "./rig.ts";

const model = new FixtureModel({ [REGION]: 2 });
const targetGroupArn = model.region(REGION).targetGroups[0]?.TargetGroupArn ?? "";
const faults = new FaultInjector();
let sim: Elbv2Simulator;

beforeAll(async () => {
  sim = await startElbv2Simulator(model, faults);
});
beforeEach(() => {
  faults.configure({});
  faults.resetCounters();
});
afterAll(() => sim.close());

describe("ELBv2 faults as the SDK sees them", () => {
  it("lets the SDK's default standard retry ride out throttling", async () => {
    // Prepare: six calls at once against a bucket of 2 are sure to be throttled; a refill every
    // 10 ms makes it near certain that each retry, after the SDK's throttling backoff (random up to
    // 500 ms, then 1 s), finds a token within the default 3 attempts.
    faults.configure({ throttle: { burst: 2, ratePerSecond: 100 } });
    const client = sim.client();

    // Act
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        client.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })),
      ),
    );

    // Assess
    expect(results.every((out) => out.TargetHealthDescriptions?.length === 3)).toBe(true);
    expect(faults.counters.throttled).toBeGreaterThan(0);
    expect(results.some((out) => (out.$metadata.attempts ?? 1) > 1)).toBe(true);
  });

  it("throttles with a Throttling error the SDK classifies as throttling", async () => {
    // Prepare
    faults.configure({ throttle: { burst: 1, ratePerSecond: 0.01 } });
    const client = sim.client({ maxAttempts: 1 });
    await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));

    // Act
    const error = await client
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(ElasticLoadBalancingV2ServiceException);
    expect(error).toMatchObject({
      name: "Throttling",
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 400 },
    });
    expect(isThrottlingError(error as Parameters<typeof isThrottlingError>[0])).toBe(true);
  });

  it("delivers an injected server error on DescribeTargetHealth as HealthUnavailableException", async () => {
    // Prepare
    faults.configure({ actions: { DescribeTargetHealth: { errorRate: 1 } } });
    const client = sim.client({ maxAttempts: 2 });

    // Act
    const error = await client
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(HealthUnavailableException);
    expect(error).toMatchObject({ $fault: "server", $metadata: { httpStatusCode: 500, attempts: 2 } });
    expect(faults.counters.serverErrors).toBe(2);
  });
});

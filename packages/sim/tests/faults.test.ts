import { describe, expect, it } from "vitest";
import { FaultInjector } from "../src/faults/fault-injector.ts";
import { TokenBucket } from "../src/faults/token-bucket.ts";

describe("TokenBucket", () => {
  it("allows a burst, then refills at the rate", () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.tryTake(99)).toBe(false); // 0.99 tokens
    expect(bucket.tryTake(100)).toBe(true);
  });

  it("never holds more than the burst", () => {
    const bucket = new TokenBucket(10, 2, 0);
    const taken = [0, 0, 0].map(() => bucket.tryTake(60_000));
    expect(taken).toEqual([true, true, false]);
  });
});

describe("FaultInjector", () => {
  it("throttles every ELBv2 Describe* call from one shared bucket, but not CloudWatch", () => {
    let now = 0;
    const faults = new FaultInjector({ throttle: { ratePerSecond: 1, burst: 2 } }, () => now);
    expect(faults.decide("elbv2", "DescribeLoadBalancers").fault).toBeUndefined();
    expect(faults.decide("elbv2", "DescribeTargetHealth").fault).toBeUndefined();
    expect(faults.decide("elbv2", "DescribeTags").fault).toBe("throttle");
    expect(faults.decide("cloudwatch", "PutMetricData").fault).toBeUndefined();
    now = 1000;
    expect(faults.decide("elbv2", "DescribeTags").fault).toBeUndefined();
    expect(faults.counters).toEqual({
      requests: 5,
      throttled: 1,
      serverErrors: 0,
      controllerCalls: 0,
      controllerThrottled: 0,
    });
  });

  it("lets the account's controllers draw from its bucket: a steady rate and one-off calls", () => {
    // Prepare: controllers polling 4 calls/s and having just made 30 reconcile calls
    let now = 0;
    let oneOff = 30;
    const asked: number[] = [];
    const faults = new FaultInjector({ throttle: { ratePerSecond: 10, burst: 40 } }, () => now, {
      describeCallsPerSecond: (accountId) => (accountId === "111111111111" ? 4 : 0),
      takeDescribeCalls: (_, __, withinSeconds) => {
        asked.push(withinSeconds);
        const calls = oneOff;
        oneOff = 0;
        return calls;
      },
    });
    const scope = { accountId: "111111111111", region: "us-west-2" };
    // Act: 10 calls at once leave none of the 40 − 30 tokens; then 6/s are left for others
    const burst = Array.from({ length: 11 }, () => faults.decide("elbv2", "DescribeTags", scope).fault);
    now = 1000;
    const afterOneSecond = Array.from(
      { length: 7 },
      () => faults.decide("elbv2", "DescribeTags", scope).fault,
    );
    // Assess
    expect(burst.filter((f) => f === "throttle")).toHaveLength(1);
    expect(afterOneSecond.filter((f) => f === "throttle")).toHaveLength(1);
    expect(asked[0]).toBe(4); // calls older than the bucket's refill time (40 / 10 s) no longer weigh
    expect(faults.counters).toMatchObject({ controllerCalls: 34, controllerThrottled: 0 });
  });

  it("reports a share of the targets unavailable, reproducibly", () => {
    const run = () => {
      const faults = new FaultInjector({ targetUnavailableRate: 0.1, seed: 5 });
      return Array.from({ length: 2000 }, () => faults.targetUnavailable());
    };
    const first = run();
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.13);
    expect(run()).toEqual(first);
    expect(new FaultInjector().targetUnavailable()).toBe(false);
  });

  it("gives each account and region its own Describe* bucket (and its own bucket per throttled action)", () => {
    // Prepare
    const now = 0;
    const faults = new FaultInjector(
      {
        throttle: { ratePerSecond: 1, burst: 1 },
        actions: { PutMetricData: { throttle: { ratePerSecond: 1, burst: 1 } } },
      },
      () => now,
    );
    // Act
    const decide = (
      service: "elbv2" | "cloudwatch",
      action: string,
      accountId: string,
      region = "us-west-2",
    ) => faults.decide(service, action, { accountId, region }).fault ?? "ok";
    // Assess
    expect(decide("elbv2", "DescribeLoadBalancers", "210000000001")).toBe("ok");
    expect(decide("elbv2", "DescribeTargetHealth", "210000000001")).toBe("throttle");
    expect(decide("elbv2", "DescribeTargetHealth", "210000000002")).toBe("ok");
    expect(decide("elbv2", "DescribeTargetHealth", "210000000001", "eu-west-1")).toBe("ok");
    expect(decide("cloudwatch", "PutMetricData", "210000000001")).toBe("ok");
    expect(decide("cloudwatch", "PutMetricData", "210000000001")).toBe("throttle");
    expect(decide("cloudwatch", "PutMetricData", "210000000002")).toBe("ok");
  });

  it("injects server errors at the configured rate, reproducibly", () => {
    const run = () => {
      const faults = new FaultInjector({ errorRate: 0.25, seed: 3 });
      return Array.from(
        { length: 2000 },
        () => faults.decide("elbv2", "DescribeTargetHealth").fault === "server",
      );
    };
    const first = run();
    const share = first.filter(Boolean).length / first.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
    expect(run()).toEqual(first);
  });

  it("lets one action override latency and error rate", () => {
    const faults = new FaultInjector({
      latencyMs: 20,
      actions: { DescribeTags: { latencyMs: 0, errorRate: 1 } },
    });
    expect(faults.decide("elbv2", "DescribeTags")).toEqual({ delayMs: 0, fault: "server" });
    expect(faults.decide("elbv2", "DescribeLoadBalancers")).toEqual({ delayMs: 20 });
  });
});

import {
  CloudWatchServiceException,
  DescribeAlarmsCommand,
  InternalServiceFault,
  ListMetricsCommand,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import { isThrottlingError } from "@smithy/core/retry";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CloudWatchError, cloudWatchErrorResponse } from "../../src/cloudwatch/errors.ts";
import { FaultInjector } from "../../src/faults/fault-injector.ts";
import { type CloudWatchSimulator, startCloudWatchSimulator } from "./rig.ts";

const faults = new FaultInjector();
let sim: CloudWatchSimulator;

beforeAll(async () => {
  sim = await startCloudWatchSimulator({ faults });
});
beforeEach(() => faults.configure({}));
afterAll(() => sim.close());

const put = new PutMetricDataCommand({
  Namespace: "TargetWatch",
  MetricData: [{ MetricName: "Runs", Value: 1 }],
});

describe("CloudWatch awsJson1_0 protocol", () => {
  it("answers in application/x-amz-json-1.0 with the request id the SDK reports", async () => {
    // Prepare
    const client = sim.client();
    let headers: Record<string, string> = {};
    client.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        headers = (result.response as { headers: Record<string, string> }).headers;
        return result;
      },
      { step: "deserialize", name: "captureHeaders" },
    );

    // Act
    const out = await client.send(new ListMetricsCommand({}));

    // Assess
    expect(headers["content-type"]).toBe("application/x-amz-json-1.0");
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.$metadata.requestId).toBe(headers["x-amzn-requestid"]);
  });

  it("sends errors as __type and message with x-amzn-query-error", async () => {
    // Act
    const response = await sim.post("DescribeAlarms", JSON.stringify({ MaxRecords: 0 }));

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-query-error")).toBe("InvalidParameterValue;Sender");
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({
      __type: "com.amazonaws.cloudwatch#InvalidParameterValueException",
      message: "The value 0 for parameter MaxRecords is invalid. It must be between 1 and 100.",
    });
  });

  it("answers an unknown operation with 400 InvalidAction", async () => {
    // Act
    const response = await sim.post("PutDashboard", "{}");

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-query-error")).toBe("InvalidAction;Sender");
    expect(((await response.json()) as { message: string }).message).toContain(
      "The action PutDashboard is not valid",
    );
  });

  it("answers malformed JSON and wrongly typed members with 400 SerializationException, never 500", async () => {
    // Act
    const broken = await sim.post("PutMetricData", '{"Namespace": ');
    const wrongType = await sim.post("DescribeAlarms", JSON.stringify({ MaxRecords: "ten" }));
    const notAnObject = await sim.post("ListMetrics", "[]");

    // Assess
    for (const response of [broken, wrongType, notAnObject]) {
      expect(response.status).toBe(400);
      expect(response.headers.get("x-amzn-query-error")).toBe("SerializationException;Sender");
    }
    expect(((await wrongType.json()) as { message: string }).message).toContain("MaxRecords");
  });

  it("takes an empty body as an empty input", async () => {
    // Act
    const response = await sim.post("DescribeAlarms", "");

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ CompositeAlarms: [], MetricAlarms: [] });
  });

  it("renders the server's fault codes in the shapes the SDK maps", () => {
    // Act
    const throttled = cloudWatchErrorResponse(new CloudWatchError("Throttling", "Rate exceeded", 400), {
      region: "us-west-2",
      requestId: "r",
      now: 0,
    });
    const internal = cloudWatchErrorResponse(
      new CloudWatchError("InternalServiceFault", "Internal service error", 500),
      {
        region: "us-west-2",
        requestId: "r",
        now: 0,
      },
    );

    // Assess
    expect(throttled.headers["x-amzn-query-error"]).toBe("Throttling;Sender");
    expect(JSON.parse(throttled.body).__type).toBe("Throttling");
    expect(internal.headers["x-amzn-query-error"]).toBe("InternalServiceError;Receiver");
    expect(JSON.parse(internal.body).__type).toBe("com.amazonaws.cloudwatch#InternalServiceFault");
  });
});

describe("CloudWatch faults as the SDK sees them", () => {
  it("lets the SDK retry through PutMetricData throttling", async () => {
    // Prepare: one token, refilled every 200 ms; the SDK's throttling backoff (random, growing from
    // 500 ms) finds a token within a few attempts.
    faults.configure({ actions: { PutMetricData: { throttle: { ratePerSecond: 5, burst: 1 } } } });
    const client = sim.client({ maxAttempts: 8 });
    const throttledBefore = faults.counters.throttled;

    // Act
    const results = await Promise.all([client.send(put), client.send(put), client.send(put)]);

    // Assess
    expect(faults.counters.throttled).toBeGreaterThan(throttledBefore);
    expect(results.some((out) => (out.$metadata.attempts ?? 1) > 1)).toBe(true);
  });

  it("surfaces throttling as a retryable error named Throttling with maxAttempts 1", async () => {
    // Prepare
    faults.configure({ actions: { PutMetricData: { throttle: { ratePerSecond: 0.01, burst: 1 } } } });
    const client = sim.client({ maxAttempts: 1 });
    await client.send(put);

    // Act
    const error = await client.send(put).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(CloudWatchServiceException);
    expect(error).toMatchObject({
      name: "Throttling",
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 400 },
    });
    expect(isThrottlingError(error as Parameters<typeof isThrottlingError>[0])).toBe(true);
  });

  it("surfaces injected server errors as InternalServiceFault", async () => {
    // Prepare
    faults.configure({ actions: { DescribeAlarms: { errorRate: 1 } } });
    const client = sim.client({ maxAttempts: 1 });

    // Act
    const error = await client.send(new DescribeAlarmsCommand({})).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(InternalServiceFault);
    expect(error).toMatchObject({ $fault: "server", $metadata: { httpStatusCode: 500 } });
  });
});

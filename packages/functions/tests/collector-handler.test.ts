import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTable, DynamoWorkshopStore } from "@targetwatch/core";
import type { Simulator } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { startScenarioFile } from "@targetwatch/testing/sim";
import type { Context, ScheduledEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";

const event = { "detail-type": "Scheduled Event", source: "aws.events" } as ScheduledEvent;

/** What Lambda passes: the handler only asks it for the time left. */
function lambdaContext(remainingMs: number): Context {
  return {
    functionName: "targetwatch-collector",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-west-2:123456789012:function:targetwatch-collector",
    memoryLimitInMB: "512",
    awsRequestId: "c0ffee00-0000-4000-8000-000000000001",
    logGroupName: "/aws/lambda/targetwatch-collector",
    logStreamName: "2026/11/27/[$LATEST]0",
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => remainingMs,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

describe("the collector Lambda handler", () => {
  let sim: Simulator;
  let tableName: string;
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));

  beforeAll(async () => {
    // The deployed handler sweeps on the system clock, so the simulated world starts now.
    sim = await startScenarioFile("ip-mode.yaml", { start: Date.now() });
    tableName = uniqueTableName("handler");
    await createTable(dynamodb, tableName);
    // How SST and the SDK configure it when deployed: a link for the table, standard variables for the rest.
    vi.stubEnv("SST_RESOURCE_App", JSON.stringify({ name: "targetwatch", stage: "test" }));
    vi.stubEnv("SST_RESOURCE_Table", JSON.stringify({ name: tableName }));
    vi.stubEnv("AWS_REGION", "us-west-2");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    vi.stubEnv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", sim.endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", inject("dynamodbEndpoint"));
    vi.stubEnv("AWS_ENDPOINT_URL_CLOUDWATCH", sim.endpoint);
    // The budget bounds the whole sweep; no burst sampling on the wall clock.
    vi.stubEnv("TARGETWATCH_SWEEP_BUDGET_SECONDS", "10");
    vi.stubEnv("TARGETWATCH_BURST_INTERVAL_SECONDS", "0");
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    dynamodb.destroy();
    await sim.stop();
  });

  it("sweeps into the linked table and logs one JSON summary line", async () => {
    // Prepare
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const { handler } = await import("../src/collector/handler.ts");
    // Act
    let summary: Awaited<ReturnType<typeof handler>>;
    try {
      summary = await handler(event, lambdaContext(60_000));
    } finally {
      spy.mockRestore();
    }
    // Assess
    expect(summary).toMatchObject({
      workshops: 1,
      loadBalancers: 1,
      targetGroups: 1,
      targets: 3,
      elbApiCalls: 4,
      transitions: 4,
      errors: [],
    });
    const logged = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === "sweep finished");
    expect(logged).toMatchObject({
      level: "INFO",
      service: "targetwatch-collector",
      function_request_id: "c0ffee00-0000-4000-8000-000000000001",
    });
    expect(logged?.sweep).toMatchObject({ transitions: 4, elbApiCalls: 4 });
    const store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName });
    expect(await store.listTransitions("default")).toHaveLength(4);
    const cloudwatch = new CloudWatchClient({ region: "us-west-2", endpoint: sim.endpoint });
    const { Metrics = [] } = await cloudwatch.send(new ListMetricsCommand({ Namespace: "TargetWatch" }));
    cloudwatch.destroy();
    expect(Metrics.map((m) => m.MetricName).sort()).toEqual([
      "ElbApiCalls",
      "HealthyTargets",
      "InitialTargets",
      "LoadBalancers",
      "StuckTargets",
      "SweepConflicts",
      "SweepDuration",
      "SweepErrors",
      "Targets",
      "UnhealthyTargets",
    ]);
  });

  it("refuses to start without a region, saying which variables to set", async () => {
    const { readCollectorSettings, ConfigurationError } = await import("../src/collector/config.ts");
    expect(() => readCollectorSettings({})).toThrow(ConfigurationError);
    expect(() => readCollectorSettings({})).toThrow(
      "no region to watch: set TARGETWATCH_REGIONS or AWS_REGION",
    );
    expect(() =>
      readCollectorSettings({ AWS_REGION: "us-west-2", TARGETWATCH_BURST_INTERVAL_SECONDS: "soon" }),
    ).toThrow(/TARGETWATCH_BURST_INTERVAL_SECONDS/);
  });
});

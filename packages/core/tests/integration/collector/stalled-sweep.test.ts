import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Simulator } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import {
  elbv2ClientFor,
  SIM_CREDENTIALS,
  SIM_REGION,
  startScenarioFile,
  WORKSHOP_START,
} from "@targetwatch/testing/sim";
import { afterEach, describe, expect, inject, it } from "vitest";
import {
  createDynamoDbClient,
  createTable,
  DynamoWorkshopStore,
} from "../../../src/adapters/dynamodb/index.ts";
import { createElbv2Client } from "../../../src/adapters/elbv2/elbv2-client.ts";
import { steppedClock } from "../../../src/collector/clocks.ts";
import { createCollector } from "../../../src/collector/create-collector.ts";
import type { MetricsSink, SweepReport } from "../../../src/ports/index.ts";
import { type StalledEndpoint, startStalledEndpoint } from "./stalled-endpoint.ts";

function recordingSink(): MetricsSink & { reports: SweepReport[] } {
  const reports: SweepReport[] = [];
  return { reports, publish: async (report) => void reports.push(structuredClone(report)) };
}

describe("a sweep against an endpoint that never answers", () => {
  let sim: Simulator | undefined;
  let stalled: StalledEndpoint | undefined;
  afterEach(async () => {
    await stalled?.close();
    await sim?.stop();
  });

  it("ends by its budget when DynamoDB stalls, having discovered and published the metrics", async () => {
    // Prepare: the real DynamoDB client and store, pointed at a server that never answers
    sim = await startScenarioFile("ip-mode.yaml", { start: WORKSHOP_START });
    stalled = await startStalledEndpoint();
    const running = sim;
    const clock = steppedClock(
      () => running.clock.now(),
      (ms) => running.advance(ms / 1000),
    );
    const dynamodb = createDynamoDbClient({
      endpoint: stalled.endpoint,
      region: SIM_REGION,
      credentials: SIM_CREDENTIALS,
    });
    const elb = elbv2ClientFor(sim);
    const metrics = recordingSink();
    const collector = createCollector({
      tableName: "stalled",
      regions: [SIM_REGION],
      clock,
      dynamodb,
      elbv2ClientFor: () => elb,
      metrics,
    });
    try {
      // Act: a 15 s budget; the store's first request hangs until the store timeout (5 s) passes
      const sweeping = collector.sweep(clock.now() + 15_000);
      await stalled.requested;
      running.advance(5);
      clock.fireDeadlines();
      const summary = await sweeping;
      // Assess
      expect(summary).toMatchObject({ storeAvailable: false, loadBalancers: 1, targets: 3 });
      expect(summary.durationMs).toBeLessThanOrEqual(15_000);
      expect(summary.errors).toEqual([
        expect.stringMatching(/^store unavailable \(no answer within 5000 ms\)/),
      ]);
      expect(metrics.reports).toHaveLength(1);
      expect(metrics.reports[0]?.workshops[0]).toMatchObject({ loadBalancers: 1, targets: 3 });
    } finally {
      elb.destroy();
      dynamodb.destroy();
    }
  });

  it("ends by its budget when ELBv2 stalls, says discovery could not be done, and records the heartbeat", async () => {
    // Prepare: DynamoDB Local is fine; ELBv2 never answers
    sim = await startScenarioFile("ip-mode.yaml", { start: WORKSHOP_START });
    stalled = await startStalledEndpoint();
    const running = sim;
    const clock = steppedClock(
      () => running.clock.now(),
      (ms) => running.advance(ms / 1000),
    );
    const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
    const tableName = uniqueTableName("stalled-elb");
    await createTable(dynamodb, tableName);
    const elb = createElbv2Client(SIM_REGION, { endpoint: stalled.endpoint, credentials: SIM_CREDENTIALS });
    const collector = createCollector({
      tableName,
      regions: [SIM_REGION],
      clock,
      dynamodb,
      elbv2ClientFor: () => elb,
    });
    try {
      // Act: a 15 s budget keeps its last 6 s for writes and publishing
      const started = clock.now();
      const sweeping = collector.sweep(started + 15_000);
      await stalled.requested;
      running.advance(9);
      clock.fireDeadlines();
      const summary = await sweeping;
      // Assess
      expect(summary.incomplete).toEqual([
        `discovery in ${SIM_REGION}: deadline ${new Date(started + 9_000).toISOString()} passed`,
      ]);
      expect(summary).toMatchObject({ storeAvailable: true, durationMs: 9_000, errors: [] });
      const store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName });
      expect((await store.getHeartbeat("default"))?.errors).toEqual(summary.incomplete);
    } finally {
      elb.destroy();
      dynamodb.destroy();
    }
  });
});

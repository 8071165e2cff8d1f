import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import type { Simulator } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import {
  cloudWatchClientFor,
  elbv2ClientFor,
  WORKSHOP_START as START,
  startScenarioFile,
} from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CloudWatchMetricsSink } from "../../../src/adapters/cloudwatch/cloudwatch-metrics-sink.ts";
import { WorkshopAlarms } from "../../../src/adapters/cloudwatch/workshop-alarms.ts";
import { createTable } from "../../../src/adapters/dynamodb/index.ts";
import { steppedClock } from "../../../src/collector/clocks.ts";
import { createCollector } from "../../../src/collector/create-collector.ts";
import { DEFAULT_WORKSHOP } from "../../../src/model/workshop.ts";

const TOPIC = "arn:aws:sns:us-west-2:123456789012:targetwatch-test-Alarms";

describe("the stuck-target alarm, evaluated by the simulator's CloudWatch", () => {
  let sim: Simulator;
  let cloudwatch: CloudWatchClient;
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const history: [number, string][] = [];

  beforeAll(async () => {
    // Prepare: one pod of the scale-out is ready but fails the NLB's health check (nothing
    // listens on its target port: scenarios/stuck-pod.yaml), so its target stays unhealthy
    sim = await startScenarioFile("stuck-pod.yaml", { start: START });
    cloudwatch = cloudWatchClientFor(sim);
    const elb = elbv2ClientFor(sim);
    const tableName = uniqueTableName("alarm");
    await createTable(dynamodb, tableName);
    const alarms = new WorkshopAlarms({ client: cloudwatch, prefix: "targetwatch-test-", topicArn: TOPIC });
    await alarms.put(DEFAULT_WORKSHOP);
    const collector = createCollector({
      tableName,
      regions: ["us-west-2"],
      dynamodb,
      elbv2ClientFor: () => elb,
      clock: steppedClock(
        () => sim.clock.now(),
        (ms) => sim.advance(ms / 1000),
      ),
      metrics: new CloudWatchMetricsSink({ client: cloudwatch }),
    });
    // Act: the schedule sweeps every minute; the pod passes the health check again from 12m
    for (let minute = 0; minute <= 16; minute++) {
      sim.clock.advanceTo(START + minute * 60_000);
      if (minute === 12)
        sim.apply({ action: "passHealthCheck", cluster: "eks-workshop", deployment: "ui/ui", pod: 2 });
      await collector.sweep(sim.clock.now() + 50_000);
      sim.advance(0);
      const states = await alarms.states(["default"]);
      history.push([minute, states.get("default") ?? "none"]);
    }
    elb.destroy();
  });

  afterAll(async () => {
    cloudwatch.destroy();
    dynamodb.destroy();
    await sim.stop();
  });

  it("goes to ALARM once the pod has been unhealthy past the threshold, and back to OK after it recovers", () => {
    const changes = history.filter(([, state], i) => i === 0 || history[i - 1]?.[1] !== state);
    expect(changes.map(([, state]) => state)).toEqual(["INSUFFICIENT_DATA", "OK", "ALARM", "OK"]);
    // Registered at 2m; stuck once not healthy for more than 300 s; recovered at 12m.
    const alarmAt = changes.find(([, s]) => s === "ALARM")?.[0] as number;
    const okAgainAt = changes.at(-1)?.[0] as number;
    expect(alarmAt).toBeGreaterThanOrEqual(7);
    expect(alarmAt).toBeLessThanOrEqual(9);
    expect(okAgainAt).toBeGreaterThanOrEqual(12);
    expect(okAgainAt).toBeLessThanOrEqual(15);
  });

  it("notifies the SNS topic on ALARM and on OK", () => {
    const sent = sim.cloudwatch.notifications.filter((n) => n.alarmName === "targetwatch-test-stuck-default");
    expect(sent.map((n) => [n.oldState, n.newState, n.actionArn])).toEqual([
      ["INSUFFICIENT_DATA", "OK", TOPIC],
      ["OK", "ALARM", TOPIC],
      ["ALARM", "OK", TOPIC],
    ]);
  });

  it("publishes StuckTargets per workshop, readable back with GetMetricData", async () => {
    const { MetricDataResults = [] } = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(START),
        EndTime: new Date(START + 20 * 60_000),
        MetricDataQueries: [
          {
            Id: "stuck",
            MetricStat: {
              Metric: {
                Namespace: "TargetWatch",
                MetricName: "StuckTargets",
                Dimensions: [{ Name: "Workshop", Value: "default" }],
              },
              Period: 60,
              Stat: "Maximum",
            },
          },
        ],
      }),
    );
    expect(Math.max(...(MetricDataResults[0]?.Values ?? []))).toBe(1);
  });

  it("is set to fire on the first datapoint above 0 and to notify the topic on ALARM and on OK", async () => {
    const { MetricAlarms = [] } = await cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNames: ["targetwatch-test-stuck-default"] }),
    );
    expect(MetricAlarms[0]).toMatchObject({
      Namespace: "TargetWatch",
      MetricName: "StuckTargets",
      Dimensions: [{ Name: "Workshop", Value: "default" }],
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 1,
      AlarmActions: [TOPIC],
      OKActions: [TOPIC],
    });
  });
});

import {
  type CloudWatchClient,
  DescribeAlarmHistoryCommand,
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
import { CloudWatchStuckAlarmDescriptions } from "../../../src/adapters/cloudwatch/stuck-alarm-descriptions.ts";
import { WorkshopAlarms } from "../../../src/adapters/cloudwatch/workshop-alarms.ts";
import { createTable } from "../../../src/adapters/dynamodb/index.ts";
import { steppedClock } from "../../../src/collector/clocks.ts";
import { createCollector } from "../../../src/collector/create-collector.ts";
import { DEFAULT_WORKSHOP } from "../../../src/model/workshop.ts";

const TOPIC = "arn:aws:sns:us-west-2:123456789012:targetwatch-test-Alarms";
const ALARM = "targetwatch-test-stuck-default";
const BASE = `Targets of workshop "${DEFAULT_WORKSHOP.name}" not healthy for more than 300 s`;

describe("the stuck-target alarm, evaluated by the simulator's CloudWatch", () => {
  let sim: Simulator;
  let cloudwatch: CloudWatchClient;
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const history: [number, string][] = [];
  const descriptions: [number, string][] = [];

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
      alarms: new CloudWatchStuckAlarmDescriptions({ client: cloudwatch, prefix: "targetwatch-test-" }),
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
      const { MetricAlarms = [] } = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [ALARM] }));
      descriptions.push([minute, MetricAlarms[0]?.AlarmDescription ?? ""]);
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

  it("names who is stuck in its description while they are, and says only what it is about again after", () => {
    // Registered at 2m, stuck past 300 s not healthy from 7–8m, healthy again from 12m.
    const stuckFrom = descriptions.find(([, d]) => d !== BASE)?.[0] as number;
    const stuck = descriptions.find(([, d]) => d !== BASE)?.[1] as string;
    const alarmAt = history.find(([, state]) => state === "ALARM")?.[0] as number;
    expect(descriptions[0]).toEqual([0, BASE]);
    expect(stuckFrom).toBeLessThanOrEqual(alarmAt);
    expect(stuck).toMatch(
      new RegExp(
        `^${BASE}\\. Stuck \\(1\\): eks-workshop: k8s-ui-uinlb-\\w+ [\\d.]+:8080 unhealthy since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`,
      ),
    );
    expect(descriptions.at(-1)).toEqual([16, BASE]);
  });

  it("carries who is stuck in the ALARM notification, and changes its definition only when the list does", async () => {
    const alarm = sim.cloudwatch.notifications.find((n) => n.alarmName === ALARM && n.newState === "ALARM");
    expect(alarm?.alarmDescription).toMatch(/Stuck \(1\): eks-workshop: /);
    const { AlarmHistoryItems = [] } = await cloudwatch.send(
      new DescribeAlarmHistoryCommand({ AlarmName: ALARM, HistoryItemType: "ConfigurationUpdate" }),
    );
    // Created, then the stuck target named once, then the description restored once.
    expect(AlarmHistoryItems).toHaveLength(3);
  });
});

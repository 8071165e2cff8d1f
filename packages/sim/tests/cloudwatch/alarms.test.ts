import {
  type CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  InvalidNextToken,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  LimitExceededFault,
  ListTagsForResourceCommand,
  MissingRequiredParameterException,
  PutMetricAlarmCommand,
  type PutMetricAlarmCommandInput,
  PutMetricDataCommand,
  paginateDescribeAlarmHistory,
  paginateDescribeAlarms,
  ResourceNotFound,
} from "@aws-sdk/client-cloudwatch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock.ts";
import { CloudWatchSim } from "../../src/cloudwatch/cloudwatch-sim.ts";
import { startSimulatorServer } from "../../src/server.ts";
import { ACCOUNT_ID, at, MINUTE, REGION, START, TOPIC_ARN } from "./fixtures.ts";
import { type CloudWatchSimulator, startCloudWatchSimulator } from "./rig.ts";

const NAMESPACE = "TargetWatch";
const NLB = [{ Name: "LoadBalancer", Value: "k8s-ui-uinlb-e1c1ebaeb4" }];
const OK_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:targetwatch-recovered`;
let sim: CloudWatchSimulator;
let client: CloudWatchClient;

// Each test gets a fresh simulator: alarms evaluate on the shared simulated clock.
beforeEach(async () => {
  sim = await startCloudWatchSimulator();
  client = sim.client();
});
afterEach(() => sim.close());

function alarm(
  name: string,
  overrides: Partial<PutMetricAlarmCommandInput> = {},
): PutMetricAlarmCommandInput {
  return {
    AlarmName: name,
    Namespace: NAMESPACE,
    MetricName: "UnhealthyTargets",
    Dimensions: NLB,
    Statistic: "Maximum",
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: "GreaterThanThreshold",
    AlarmActions: [TOPIC_ARN],
    OKActions: [OK_TOPIC],
    ...overrides,
  };
}

/** Publishes `value` for the minute starting at `minute` (minutes after START). */
function publish(value: number, minute: number, metricName = "UnhealthyTargets"): Promise<unknown> {
  return client.send(
    new PutMetricDataCommand({
      Namespace: NAMESPACE,
      MetricData: [
        { MetricName: metricName, Dimensions: NLB, Timestamp: at(START + minute * MINUTE), Value: value },
      ],
    }),
  );
}

async function describeOne(name: string) {
  const out = await client.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return out.MetricAlarms?.[0];
}

function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: Error) => error,
  );
}

describe("PutMetricAlarm and DescribeAlarms", () => {
  it("creates an alarm in INSUFFICIENT_DATA and describes it as configured", async () => {
    // Act
    await client.send(
      new PutMetricAlarmCommand(
        alarm("unhealthy", { AlarmDescription: "targets down", TreatMissingData: "notBreaching" }),
      ),
    );
    const described = await describeOne("unhealthy");

    // Assess
    expect(described).toEqual({
      AlarmName: "unhealthy",
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:unhealthy`,
      AlarmDescription: "targets down",
      AlarmConfigurationUpdatedTimestamp: at(START),
      ActionsEnabled: true,
      OKActions: [OK_TOPIC],
      AlarmActions: [TOPIC_ARN],
      InsufficientDataActions: [],
      StateValue: "INSUFFICIENT_DATA",
      StateReason: "Unchecked: Initial alarm creation",
      StateUpdatedTimestamp: at(START),
      StateTransitionedTimestamp: at(START),
      MetricName: "UnhealthyTargets",
      Namespace: NAMESPACE,
      Statistic: "Maximum",
      Dimensions: NLB,
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("pages 150 alarms in name order with paginateDescribeAlarms and MaxRecords 100", async () => {
    // Prepare
    const names = Array.from({ length: 150 }, (_, i) => `nlb-${String(i).padStart(3, "0")}`);
    for (const name of [...names].reverse()) await client.send(new PutMetricAlarmCommand(alarm(name)));

    // Act
    const pages = [];
    for await (const page of paginateDescribeAlarms({ client, pageSize: 100 }, {})) pages.push(page);

    // Assess
    expect(pages.map((p) => p.MetricAlarms?.length)).toEqual([100, 50]);
    expect(pages.flatMap((p) => p.MetricAlarms ?? []).map((a) => a.AlarmName)).toEqual(names);
    expect(pages[0]?.NextToken).toBeTypeOf("string");
    expect(pages[1]?.NextToken).toBeUndefined();
  });

  it("filters by name prefix, state, action prefix and alarm type", async () => {
    // Prepare
    await client.send(new PutMetricAlarmCommand(alarm("ui-unhealthy")));
    await client.send(
      new PutMetricAlarmCommand(
        alarm("ui-stopped", { AlarmActions: [], OKActions: [], TreatMissingData: "breaching" }),
      ),
    );
    await client.send(new PutMetricAlarmCommand(alarm("carts-unhealthy", { AlarmActions: [OK_TOPIC] })));
    sim.clock.advance(MINUTE);

    // Act
    const byPrefix = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "ui-" }));
    const inAlarm = await client.send(new DescribeAlarmsCommand({ StateValue: "ALARM" }));
    const byAction = await client.send(new DescribeAlarmsCommand({ ActionPrefix: TOPIC_ARN }));
    const composites = await client.send(new DescribeAlarmsCommand({ AlarmTypes: ["CompositeAlarm"] }));

    // Assess
    expect(byPrefix.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["ui-stopped", "ui-unhealthy"]);
    expect(inAlarm.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["ui-stopped"]);
    expect(byAction.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["ui-unhealthy"]);
    expect(composites).toMatchObject({ MetricAlarms: [], CompositeAlarms: [] });
  });

  it("updates an alarm in place: configuration replaced, state and tags kept, ConfigurationUpdate recorded", async () => {
    // Prepare
    await client.send(
      new PutMetricAlarmCommand(alarm("unhealthy", { Tags: [{ Key: "team", Value: "platform" }] })),
    );
    await publish(3, 0);
    sim.clock.advance(MINUTE);
    const before = await describeOne("unhealthy");

    // Act
    sim.clock.advance(10_000);
    await client.send(
      new PutMetricAlarmCommand(
        alarm("unhealthy", { Threshold: 5, Tags: [{ Key: "team", Value: "other" }] }),
      ),
    );
    const after = await describeOne("unhealthy");
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceARN: after?.AlarmArn }));
    const history = await client.send(
      new DescribeAlarmHistoryCommand({ AlarmName: "unhealthy", HistoryItemType: "ConfigurationUpdate" }),
    );

    // Assess
    expect(before?.StateValue).toBe("ALARM");
    expect(after).toMatchObject({
      StateValue: "ALARM",
      Threshold: 5,
      AlarmConfigurationUpdatedTimestamp: at(START + 70_000),
    });
    expect(after?.StateTransitionedTimestamp).toEqual(before?.StateTransitionedTimestamp);
    expect(tags.Tags).toEqual([{ Key: "team", Value: "platform" }]);
    expect(history.AlarmHistoryItems?.map((i) => i.HistorySummary)).toEqual([
      'Alarm "unhealthy" updated',
      'Alarm "unhealthy" created',
    ]);
    const update = JSON.parse(history.AlarmHistoryItems?.[0]?.HistoryData ?? "{}");
    expect(update).toMatchObject({
      type: "Update",
      originalUpdatedAlarm: { threshold: 0 },
      updatedAlarm: { threshold: 5 },
    });
  });

  it("accepts the Metrics form with one MetricStat query", async () => {
    // Prepare
    const input = alarm("metrics-form", {
      Namespace: undefined,
      MetricName: undefined,
      Dimensions: undefined,
      Statistic: undefined,
      Period: undefined,
      Metrics: [
        {
          Id: "m1",
          MetricStat: {
            Metric: { Namespace: NAMESPACE, MetricName: "UnhealthyTargets", Dimensions: NLB },
            Period: 60,
            Stat: "p90",
          },
          ReturnData: true,
        },
      ],
    });
    await client.send(new PutMetricAlarmCommand(input));
    await publish(2, 0);

    // Act
    sim.clock.advance(MINUTE);
    const described = await describeOne("metrics-form");

    // Assess
    expect(described?.StateValue).toBe("ALARM");
    expect(described?.Metrics?.[0]?.MetricStat?.Stat).toBe("p90");
    expect(JSON.parse(described?.StateReasonData ?? "{}")).toMatchObject({ extendedStatistic: "p90" });
  });
});

describe("alarm lifecycle", () => {
  it("goes INSUFFICIENT_DATA → ALARM → OK as metrics arrive, firing actions and recording history", async () => {
    // Prepare
    await client.send(new PutMetricAlarmCommand(alarm("unhealthy")));

    // Act: a target goes unhealthy at 12:00 and recovers at 12:01.
    await publish(2, 0);
    sim.clock.advance(MINUTE);
    const alarmed = await describeOne("unhealthy");
    await publish(0, 1);
    sim.clock.advance(MINUTE);
    const recovered = await describeOne("unhealthy");
    const history = await client.send(
      new DescribeAlarmHistoryCommand({ AlarmName: "unhealthy", ScanBy: "TimestampAscending" }),
    );

    // Assess
    expect(alarmed).toMatchObject({
      StateValue: "ALARM",
      StateReason:
        "Threshold Crossed: 1 out of the last 1 datapoints [2.0 (27/11/26 12:00:00)] was greater than the threshold (0.0) " +
        "(minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition).",
      StateUpdatedTimestamp: at(START + MINUTE),
      StateTransitionedTimestamp: at(START + MINUTE),
    });
    expect(JSON.parse(alarmed?.StateReasonData ?? "{}")).toMatchObject({
      version: "1.0",
      statistic: "Maximum",
      period: 60,
      recentDatapoints: [2],
      threshold: 0,
    });
    expect(recovered?.StateValue).toBe("OK");
    expect(
      sim.cloudwatch.notifications.map((n) => [n.at - START, n.actionArn, n.oldState, n.newState]),
    ).toEqual([
      [MINUTE, TOPIC_ARN, "INSUFFICIENT_DATA", "ALARM"],
      [2 * MINUTE, OK_TOPIC, "ALARM", "OK"],
    ]);
    expect(history.AlarmHistoryItems?.map((i) => [i.HistoryItemType, i.HistorySummary, i.Timestamp])).toEqual(
      [
        ["ConfigurationUpdate", 'Alarm "unhealthy" created', at(START)],
        ["StateUpdate", "Alarm updated from INSUFFICIENT_DATA to ALARM", at(START + MINUTE)],
        ["Action", `Successfully executed action ${TOPIC_ARN}`, at(START + MINUTE)],
        ["StateUpdate", "Alarm updated from ALARM to OK", at(START + 2 * MINUTE)],
        ["Action", `Successfully executed action ${OK_TOPIC}`, at(START + 2 * MINUTE)],
      ],
    );
    const stateUpdate = JSON.parse(history.AlarmHistoryItems?.[1]?.HistoryData ?? "{}");
    expect(stateUpdate).toMatchObject({
      version: "1.0",
      oldState: { stateValue: "INSUFFICIENT_DATA", stateReason: "Unchecked: Initial alarm creation" },
      newState: { stateValue: "ALARM", stateReasonData: { recentDatapoints: [2] } },
    });
    const action = JSON.parse(history.AlarmHistoryItems?.[2]?.HistoryData ?? "{}");
    expect(JSON.parse(action.publishedMessage)).toMatchObject({
      AlarmName: "unhealthy",
      NewStateValue: "ALARM",
      OldStateValue: "INSUFFICIENT_DATA",
    });
  });

  it("goes to ALARM when a metric stops for 3 minutes and missing data is breaching", async () => {
    // Prepare: the collector publishes a heartbeat each minute, then stops after 12:02.
    await client.send(
      new PutMetricAlarmCommand(
        alarm("collector-stopped", {
          MetricName: "CollectorRuns",
          Statistic: "SampleCount",
          Threshold: 1,
          ComparisonOperator: "LessThanThreshold",
          EvaluationPeriods: 3,
          TreatMissingData: "breaching",
        }),
      ),
    );
    for (const minute of [0, 1, 2]) {
      await publish(1, minute, "CollectorRuns");
      sim.clock.advance(MINUTE);
    }
    const running = await describeOne("collector-stopped");

    // Act
    sim.clock.advance(2 * MINUTE);
    const twoMinutesSilent = await describeOne("collector-stopped");
    sim.clock.advance(MINUTE);
    const threeMinutesSilent = await describeOne("collector-stopped");

    // Assess
    expect(running?.StateValue).toBe("OK");
    expect(twoMinutesSilent?.StateValue).toBe("OK");
    expect(threeMinutesSilent).toMatchObject({
      StateValue: "ALARM",
      StateReason:
        "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].",
      StateTransitionedTimestamp: at(START + 6 * MINUTE),
    });
    expect(sim.cloudwatch.notifications.at(-1)).toMatchObject({
      alarmName: "collector-stopped",
      newState: "ALARM",
      actionArn: TOPIC_ARN,
    });
  });

  it("pages DescribeAlarmHistory newest first", async () => {
    // Prepare: five ConfigurationUpdates.
    for (let i = 0; i < 5; i++) {
      await client.send(new PutMetricAlarmCommand(alarm("busy", { Threshold: i })));
      sim.clock.advance(1000);
    }

    // Act
    const pages = [];
    for await (const page of paginateDescribeAlarmHistory({ client, pageSize: 2 }, { AlarmName: "busy" }))
      pages.push(page);

    // Assess
    expect(pages.map((p) => p.AlarmHistoryItems?.length)).toEqual([2, 2, 1]);
    const times = pages.flatMap((p) => p.AlarmHistoryItems ?? []).map((i) => i.Timestamp?.getTime());
    expect(times).toEqual([4, 3, 2, 1, 0].map((s) => START + s * 1000));
  });
});

describe("DeleteAlarms", () => {
  it("deletes alarms and keeps their history", async () => {
    // Prepare
    await client.send(new PutMetricAlarmCommand(alarm("a")));
    await client.send(new PutMetricAlarmCommand(alarm("b")));

    // Act
    await client.send(new DeleteAlarmsCommand({ AlarmNames: ["a", "b"] }));
    const left = await client.send(new DescribeAlarmsCommand({}));
    const history = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: "a" }));

    // Assess
    expect(left.MetricAlarms).toEqual([]);
    expect(history.AlarmHistoryItems?.map((i) => i.HistorySummary)).toEqual([
      'Alarm "a" deleted',
      'Alarm "a" created',
    ]);
  });

  it("answers ResourceNotFound (404) for an unknown name and deletes nothing", async () => {
    // Prepare
    await client.send(new PutMetricAlarmCommand(alarm("a")));

    // Act
    const error = await failure(client.send(new DeleteAlarmsCommand({ AlarmNames: ["a", "ghost"] })));
    const left = await client.send(new DescribeAlarmsCommand({}));

    // Assess
    expect(error).toBeInstanceOf(ResourceNotFound);
    expect(error.name).toBe("ResourceNotFound");
    expect(error.message).toContain("ghost");
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(left.MetricAlarms?.map((a) => a.AlarmName)).toEqual(["a"]);
  });
});

describe("alarm errors as the SDK sees them", () => {
  it.each<[string, Partial<PutMetricAlarmCommandInput>, new (...args: never[]) => Error]>([
    [
      "DatapointsToAlarm above EvaluationPeriods",
      { EvaluationPeriods: 2, DatapointsToAlarm: 3 },
      InvalidParameterCombinationException,
    ],
    ["an unknown TreatMissingData", { TreatMissingData: "sometimes" }, InvalidParameterValueException],
    [
      "an anomaly detection operator",
      { ComparisonOperator: "LessThanLowerOrGreaterThanUpperThreshold" },
      InvalidParameterValueException,
    ],
    ["a 45 s period", { Period: 45 }, InvalidParameterValueException],
    [
      "both Statistic and ExtendedStatistic",
      { ExtendedStatistic: "p99" },
      InvalidParameterCombinationException,
    ],
    ["no Threshold", { Threshold: undefined }, MissingRequiredParameterException],
    [
      "six alarm actions",
      { AlarmActions: Array.from({ length: 6 }, (_, i) => `${TOPIC_ARN}-${i}`) },
      InvalidParameterValueException,
    ],
  ])("refuses %s", async (_case, overrides, type) => {
    // Act
    const error = await failure(client.send(new PutMetricAlarmCommand(alarm("bad", overrides))));

    // Assess
    expect(error).toBeInstanceOf(type);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it("refuses an action in another region like AWS (ValidationError)", async () => {
    // Act
    const error = await failure(
      client.send(
        new PutMetricAlarmCommand(alarm("bad", { AlarmActions: ["arn:aws:sns:eu-west-1:123456789012:t"] })),
      ),
    );

    // Assess
    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe("Invalid region eu-west-1 specified. Only us-west-2 is supported.");
  });

  it("refuses MaxRecords outside 1–100 and a NextToken it did not issue", async () => {
    // Act
    const tooMany = await failure(client.send(new DescribeAlarmsCommand({ MaxRecords: 101 })));
    const badToken = await failure(client.send(new DescribeAlarmsCommand({ NextToken: "not-a-token" })));
    const otherOperationsToken = await failure(
      client.send(
        new DescribeAlarmHistoryCommand({
          NextToken: Buffer.from('{"o":"DescribeAlarms","p":"a"}').toString("base64url"),
        }),
      ),
    );

    // Assess
    expect(tooMany).toBeInstanceOf(InvalidParameterValueException);
    expect(badToken).toBeInstanceOf(InvalidNextToken);
    expect(otherOperationsToken).toBeInstanceOf(InvalidNextToken);
  });

  it("answers LimitExceededFault beyond the alarm quota", async () => {
    // Prepare
    const clock = VirtualClock.manual({ start: START });
    const cloudwatch = new CloudWatchSim({ clock, accountId: ACCOUNT_ID, maxAlarmsPerRegion: 1 });
    const server = await startSimulatorServer({ clock, defaultRegion: REGION, cloudwatch });
    const small = sim.client({ endpoint: server.endpoint });
    await small.send(new PutMetricAlarmCommand(alarm("first")));

    // Act
    const error = await failure(small.send(new PutMetricAlarmCommand(alarm("second"))));
    await small.send(new PutMetricAlarmCommand(alarm("first", { Threshold: 3 })));
    await server.close();

    // Assess
    expect(error).toBeInstanceOf(LimitExceededFault);
  });
});

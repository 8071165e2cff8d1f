import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock.ts";
import { CloudWatchSim } from "../../src/cloudwatch/cloudwatch-sim.ts";
import { ACCOUNT_ID, alarmInput, datum, MINUTE, START, TOPIC_ARN } from "./fixtures.ts";
import { invoke } from "./rig.ts";

const DAY = 24 * 60 * MINUTE;

function newSim(): { clock: VirtualClock; cloudwatch: CloudWatchSim } {
  const clock = VirtualClock.manual({ start: START });
  return { clock, cloudwatch: new CloudWatchSim({ clock, accountId: ACCOUNT_ID }) };
}

function alarmState(
  cloudwatch: CloudWatchSim,
  name: string,
  now: number,
): Record<string, unknown> | undefined {
  const out = invoke(cloudwatch, "DescribeAlarms", { AlarmNames: [name] }, now).json;
  return (out.MetricAlarms as Record<string, unknown>[])[0];
}

describe("alarm evaluation schedule", () => {
  it("evaluates at whole minutes only, on the last complete period", () => {
    // Prepare
    const { cloudwatch } = newSim();
    invoke(cloudwatch, "PutMetricData", datum(2, START + 10_000), START + 15_000);
    invoke(cloudwatch, "PutMetricAlarm", alarmInput("unhealthy"), START + 20_000);

    // Act
    const before = alarmState(cloudwatch, "unhealthy", START + 59_999);
    const after = alarmState(cloudwatch, "unhealthy", START + MINUTE);

    // Assess
    expect(before?.StateValue).toBe("INSUFFICIENT_DATA");
    expect(before?.StateReason).toBe("Unchecked: Initial alarm creation");
    expect(after?.StateValue).toBe("ALARM");
    expect(after?.StateTransitionedTimestamp).toBe((START + MINUTE) / 1000);
    expect(cloudwatch.notifications).toEqual([
      {
        at: START + MINUTE,
        alarmName: "unhealthy",
        alarmArn: `arn:aws:cloudwatch:us-west-2:${ACCOUNT_ID}:alarm:unhealthy`,
        region: "us-west-2",
        actionArn: TOPIC_ARN,
        oldState: "INSUFFICIENT_DATA",
        newState: "ALARM",
        reason:
          "Threshold Crossed: 1 out of the last 1 datapoints [2.0 (27/11/26 12:00:00)] was greater than the threshold (0.0) " +
          "(minimum 1 datapoint for INSUFFICIENT_DATA -> ALARM transition).",
      },
    ]);
  });

  it("does not evaluate the period still in progress", () => {
    // Prepare
    const { cloudwatch } = newSim();
    invoke(cloudwatch, "PutMetricAlarm", alarmInput("unhealthy"), START);
    invoke(cloudwatch, "PutMetricData", datum(2, START + 90_000), START + 90_000);

    // Act
    const atTwoMinutes = alarmState(cloudwatch, "unhealthy", START + 2 * MINUTE);

    // Assess: the 12:02 evaluation is the first whose range (12:01–12:02) holds the datapoint.
    expect(cloudwatch.notifications.map((n) => [n.at, n.newState])).toEqual([[START + 2 * MINUTE, "ALARM"]]);
    expect(atTwoMinutes?.StateValue).toBe("ALARM");
  });

  it("catches up minute by minute after a clock jump, each transition at its own minute", () => {
    // Prepare: breaching 12:00–12:02, good at 12:03, then silence.
    const { cloudwatch } = newSim();
    invoke(cloudwatch, "PutMetricAlarm", alarmInput("unhealthy"), START);
    for (const [minute, value] of [
      [0, 2],
      [1, 2],
      [2, 2],
      [3, 0],
    ] as const) {
      invoke(cloudwatch, "PutMetricData", datum(value, START + minute * MINUTE), START);
    }

    // Act
    cloudwatch.evaluateAlarms(START + 10 * MINUTE);
    const history = invoke(
      cloudwatch,
      "DescribeAlarmHistory",
      { AlarmName: "unhealthy", HistoryItemType: "StateUpdate", ScanBy: "TimestampAscending" },
      START + 10 * MINUTE,
    ).json;

    // Assess
    expect(cloudwatch.notifications.map((n) => [n.at - START, n.newState])).toEqual([
      [MINUTE, "ALARM"],
      [4 * MINUTE, "OK"],
    ]);
    const items = history.AlarmHistoryItems as Array<{ Timestamp: number; HistorySummary: string }>;
    expect(items.map((i) => [i.Timestamp * 1000 - START, i.HistorySummary])).toEqual([
      [MINUTE, "Alarm updated from INSUFFICIENT_DATA to ALARM"],
      [4 * MINUTE, "Alarm updated from ALARM to OK"],
      [5 * MINUTE, "Alarm updated from OK to INSUFFICIENT_DATA"],
    ]);
  });

  it("evaluates longer periods once the period is complete", () => {
    // Prepare: five one-minute values of 5 in the 12:00–12:05 period, alarm on Sum > 20.
    const { cloudwatch } = newSim();
    invoke(
      cloudwatch,
      "PutMetricAlarm",
      alarmInput("five-minutes", { Period: 300, Statistic: "Sum", Threshold: 20 }),
      START,
    );
    for (let minute = 0; minute < 5; minute++)
      invoke(cloudwatch, "PutMetricData", datum(5, START + minute * MINUTE), START);

    // Act
    const before = alarmState(cloudwatch, "five-minutes", START + 5 * MINUTE - 1);
    const after = alarmState(cloudwatch, "five-minutes", START + 5 * MINUTE);

    // Assess
    expect(before?.StateValue).toBe("INSUFFICIENT_DATA");
    expect(after?.StateValue).toBe("ALARM");
    expect(after?.StateReason).toContain("[25.0 (27/11/26 12:00:00)]");
    expect(JSON.parse(after?.StateReasonData as string)).toMatchObject({
      statistic: "Sum",
      period: 300,
      recentDatapoints: [25],
    });
  });

  it("catches up a fifteen-day jump over hundreds of alarms, firing each once at the right minute", () => {
    // Prepare
    const { cloudwatch } = newSim();
    for (let i = 0; i < 300; i++) {
      invoke(
        cloudwatch,
        "PutMetricAlarm",
        alarmInput(`stopped-${i}`, { EvaluationPeriods: 3, TreatMissingData: "breaching" }),
        START,
      );
    }
    invoke(cloudwatch, "PutMetricData", datum(0, START), START);

    // Act
    cloudwatch.evaluateAlarms(START + 15 * DAY);

    // Assess: each alarm sees the good value (OK at 12:01), then three empty minutes (ALARM at
    // 12:04), and nothing after. (Its cost is reported by `npm run bench`, not asserted here.)
    const alarms = cloudwatch.notifications.filter((n) => n.newState === "ALARM");
    expect(alarms).toHaveLength(300);
    expect(new Set(alarms.map((n) => n.at))).toEqual(new Set([START + 4 * MINUTE]));
    expect(cloudwatch.notifications).toHaveLength(600);
  });

  it("keeps alarms and metrics apart per region", () => {
    // Prepare
    const { cloudwatch } = newSim();
    invoke(
      cloudwatch,
      "PutMetricAlarm",
      alarmInput("unhealthy", { AlarmActions: [], OKActions: [] }),
      START,
      "eu-west-1",
    );

    // Act
    const home = invoke(cloudwatch, "DescribeAlarms", {}, START).json;
    const away = invoke(cloudwatch, "DescribeAlarms", {}, START, "eu-west-1").json;

    // Assess
    expect(home.MetricAlarms).toEqual([]);
    expect((away.MetricAlarms as Array<{ AlarmArn: string }>)[0]?.AlarmArn).toBe(
      `arn:aws:cloudwatch:eu-west-1:${ACCOUNT_ID}:alarm:unhealthy`,
    );
  });

  it("forgets metrics whose data is older than fifteen days", () => {
    // Prepare
    const { cloudwatch } = newSim();
    invoke(cloudwatch, "PutMetricData", datum(1, START), START);

    // Act
    const fresh = invoke(cloudwatch, "ListMetrics", {}, START + DAY).json;
    const expired = invoke(cloudwatch, "ListMetrics", {}, START + 16 * DAY).json;

    // Assess
    expect(fresh.Metrics).toHaveLength(1);
    expect(expired.Metrics).toEqual([]);
  });
});

describe("alarm state by hand and actions switches", () => {
  it("SetAlarmState runs the new state's actions and the next evaluation takes over again", () => {
    // Prepare
    const { cloudwatch } = newSim();
    invoke(cloudwatch, "PutMetricAlarm", alarmInput("unhealthy"), START);
    invoke(cloudwatch, "PutMetricData", datum(0, START), START);
    invoke(cloudwatch, "PutMetricData", datum(0, START + MINUTE), START);
    cloudwatch.evaluateAlarms(START + MINUTE);

    // Act
    invoke(
      cloudwatch,
      "SetAlarmState",
      { AlarmName: "unhealthy", StateValue: "ALARM", StateReason: "testing the pager" },
      START + 70_000,
    );
    const forced = alarmState(cloudwatch, "unhealthy", START + 70_000);
    cloudwatch.evaluateAlarms(START + 2 * MINUTE);

    // Assess
    expect(forced?.StateReason).toBe("testing the pager");
    expect(cloudwatch.notifications.map((n) => [n.at - START, n.newState, n.reason.slice(0, 17)])).toEqual([
      [MINUTE, "OK", "Threshold Crossed"],
      [70_000, "ALARM", "testing the pager"],
      [2 * MINUTE, "OK", "Threshold Crossed"],
    ]);
  });

  it("DisableAlarmActions keeps evaluating but fires nothing until EnableAlarmActions", () => {
    // Prepare
    const { cloudwatch } = newSim();
    invoke(cloudwatch, "PutMetricAlarm", alarmInput("unhealthy"), START);
    invoke(cloudwatch, "DisableAlarmActions", { AlarmNames: ["unhealthy", "unknown"] }, START);
    invoke(cloudwatch, "PutMetricData", datum(2, START), START);

    // Act
    const disabled = alarmState(cloudwatch, "unhealthy", START + MINUTE);
    invoke(cloudwatch, "EnableAlarmActions", { AlarmNames: ["unhealthy"] }, START + MINUTE);
    invoke(cloudwatch, "PutMetricData", datum(0, START + MINUTE), START + MINUTE);
    cloudwatch.evaluateAlarms(START + 2 * MINUTE);

    // Assess
    expect(disabled).toMatchObject({ StateValue: "ALARM", ActionsEnabled: false });
    expect(cloudwatch.notifications.map((n) => n.newState)).toEqual(["OK"]);
  });
});

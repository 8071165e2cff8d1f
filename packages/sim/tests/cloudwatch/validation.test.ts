import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock.ts";
import { CloudWatchSim } from "../../src/cloudwatch/cloudwatch-sim.ts";
import { ACCOUNT_ID, alarmInput, MINUTE, START } from "./fixtures.ts";
import { invoke } from "./rig.ts";

function newSim(): CloudWatchSim {
  return new CloudWatchSim({ clock: VirtualClock.manual({ start: START }), accountId: ACCOUNT_ID });
}

function putOne(cloudwatch: CloudWatchSim, datum: Record<string, unknown>) {
  return invoke(
    cloudwatch,
    "PutMetricData",
    { Namespace: "TargetWatch", MetricData: [{ MetricName: "M", ...datum }] },
    START,
  );
}

/** The query-style code of an error answer (what `x-amzn-query-error` carries before the `;`). */
function code(response: { headers: Record<string, string> }): string | undefined {
  return response.headers["x-amzn-query-error"]?.split(";")[0];
}

describe("PutMetricData validation", () => {
  it.each<[string, Record<string, unknown>, string]>([
    ["Counts of another length than Values", { Values: [1, 2], Counts: [1] }, "InvalidParameterValue"],
    ["Counts without Values", { Value: 1, Counts: [1] }, "InvalidParameterCombination"],
    ["more than 150 Values", { Values: Array.from({ length: 151 }, (_, i) => i) }, "InvalidParameterValue"],
    ["Values together with Value", { Value: 1, Values: [1] }, "InvalidParameterCombination"],
    ["no value at all", {}, "InvalidParameterCombination"],
    ["a StorageResolution of 5", { Value: 1, StorageResolution: 5 }, "InvalidParameterValue"],
    ["Infinity", { Value: "Infinity" }, "InvalidParameterValue"],
    ["a value beyond 2^360", { Value: 1e109 }, "InvalidParameterValue"],
    ["a negative count", { Values: [1], Counts: [-1] }, "InvalidParameterValue"],
    [
      "a statistic set with Minimum above Maximum",
      { StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 2, Maximum: 1 } },
      "InvalidParameterValue",
    ],
    [
      "a timestamp three hours ahead",
      { Value: 1, Timestamp: (START + 180 * MINUTE) / 1000 },
      "InvalidParameterValue",
    ],
    [
      "a dimension name given twice",
      {
        Value: 1,
        Dimensions: [
          { Name: "a", Value: "1" },
          { Name: "a", Value: "2" },
        ],
      },
      "InvalidParameterValue",
    ],
    [
      "an empty dimension value",
      { Value: 1, Dimensions: [{ Name: "a", Value: "" }] },
      "InvalidParameterValue",
    ],
  ])("refuses %s", (_case, datum, expected) => {
    // Act
    const response = putOne(newSim(), datum);

    // Assess
    expect(response.status).toBe(400);
    expect(code(response)).toBe(expected);
  });

  it("stores nothing when any datum of the request is invalid", () => {
    // Prepare
    const cloudwatch = newSim();

    // Act
    const response = invoke(
      cloudwatch,
      "PutMetricData",
      {
        Namespace: "TargetWatch",
        MetricData: [
          { MetricName: "Good", Value: 1 },
          { MetricName: "Bad", Value: "NaN" },
        ],
      },
      START,
    );
    const listed = invoke(cloudwatch, "ListMetrics", {}, START).json;

    // Assess
    expect(response.status).toBe(400);
    expect(listed.Metrics).toEqual([]);
  });

  it("accepts EntityMetricData and ISO-8601 timestamps", () => {
    // Prepare
    const cloudwatch = newSim();
    const body = {
      Namespace: "TargetWatch",
      EntityMetricData: [
        {
          Entity: { KeyAttributes: { Type: "Service" } },
          MetricData: [{ MetricName: "FromEntity", Value: 4, Timestamp: new Date(START).toISOString() }],
        },
      ],
    };

    // Act
    const response = invoke(cloudwatch, "PutMetricData", body, START);
    const listed = invoke(cloudwatch, "ListMetrics", { MetricName: "FromEntity" }, START).json;

    // Assess
    expect(response.status).toBe(200);
    expect(listed.Metrics).toHaveLength(1);
  });

  it("treats JSON null members as absent", () => {
    // Act
    const response = putOne(newSim(), { Value: 1, Unit: null, Dimensions: null });

    // Assess
    expect(response.status).toBe(200);
  });
});

describe("PutMetricAlarm validation", () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      "Metrics together with MetricName",
      { Metrics: [{ Id: "m1", Expression: "m2" }] },
      "InvalidParameterCombination",
    ],
    [
      "a metric math alarm",
      {
        MetricName: undefined,
        Namespace: undefined,
        Statistic: undefined,
        Dimensions: undefined,
        Period: undefined,
        Metrics: [{ Id: "e1", Expression: "SUM(METRICS())" }],
      },
      "InvalidParameterValue",
    ],
    [
      "an evaluation range over a day",
      { Period: 600, EvaluationPeriods: 145 },
      "InvalidParameterCombination",
    ],
    ["an unknown statistic", { Statistic: "Median" }, "InvalidParameterValue"],
    ["no statistic", { Statistic: undefined }, "InvalidParameterCombination"],
    ["no EvaluationPeriods", { EvaluationPeriods: undefined }, "MissingParameter"],
    [
      "EvaluateLowSampleCountPercentile on Maximum",
      { EvaluateLowSampleCountPercentile: "ignore" },
      "InvalidParameterCombination",
    ],
    ["an action that is not an ARN", { OKActions: ["my-topic"] }, "InvalidParameterValue"],
    ["an unknown unit", { Unit: "Widgets" }, "InvalidParameterValue"],
    ["an empty name", { AlarmName: "" }, "InvalidParameterValue"],
  ])("refuses %s", (_case, overrides, expected) => {
    // Act
    const response = invoke(newSim(), "PutMetricAlarm", alarmInput("bad", overrides), START);

    // Assess
    expect(response.status).toBe(400);
    expect(code(response)).toBe(expected);
  });

  it("accepts high-resolution periods of 10, 20 and 30 seconds and a percentile ExtendedStatistic", () => {
    // Prepare
    const cloudwatch = newSim();

    // Act
    const statuses = [10, 20, 30].map(
      (Period) =>
        invoke(
          cloudwatch,
          "PutMetricAlarm",
          alarmInput(`hr-${Period}`, { Period, Statistic: undefined, ExtendedStatistic: "p99.9" }),
          START,
        ).status,
    );

    // Assess
    expect(statuses).toEqual([200, 200, 200]);
  });
});

describe("GetMetricData validation", () => {
  const query = {
    Id: "m1",
    MetricStat: { Metric: { Namespace: "TargetWatch", MetricName: "M" }, Period: 60, Stat: "Sum" },
  };
  const window = { StartTime: START / 1000, EndTime: (START + MINUTE) / 1000 };

  it.each<[string, Record<string, unknown>, string]>([
    [
      "an Id starting with a capital",
      { MetricDataQueries: [{ ...query, Id: "M1" }] },
      "InvalidParameterValue",
    ],
    ["the same Id twice", { MetricDataQueries: [query, query] }, "InvalidParameterValue"],
    [
      "a query with neither MetricStat nor Expression",
      { MetricDataQueries: [{ Id: "m1" }] },
      "ValidationError",
    ],
    [
      "a 45 s period",
      { MetricDataQueries: [{ ...query, MetricStat: { ...query.MetricStat, Period: 45 } }] },
      "InvalidParameterValue",
    ],
    ["an unknown ScanBy", { MetricDataQueries: [query], ScanBy: "Sideways" }, "InvalidParameterValue"],
    ["MaxDatapoints of 0", { MetricDataQueries: [query], MaxDatapoints: 0 }, "InvalidParameterValue"],
    [
      "a token from ListMetrics",
      { MetricDataQueries: [query], NextToken: "eyJvIjoiTGlzdE1ldHJpY3MiLCJwIjoiYSJ9" },
      "InvalidNextToken",
    ],
    ["no queries", { MetricDataQueries: [] }, "MissingParameter"],
  ])("refuses %s", (_case, input, expected) => {
    // Act
    const response = invoke(newSim(), "GetMetricData", { ...window, ...input }, START);

    // Assess
    expect(response.status).toBe(400);
    expect(code(response)).toBe(expected);
  });

  it("rounds StartTime down to the minute and lays periods out from there", () => {
    // Prepare
    const cloudwatch = newSim();
    putOne(cloudwatch, { Value: 1, Timestamp: (START + 10_000) / 1000 });
    putOne(cloudwatch, { Value: 2, Timestamp: (START + 6 * MINUTE) / 1000 });

    // Act
    const out = invoke(
      cloudwatch,
      "GetMetricData",
      {
        StartTime: (START + 30_000) / 1000,
        EndTime: (START + 10 * MINUTE) / 1000,
        ScanBy: "TimestampAscending",
        MetricDataQueries: [{ ...query, MetricStat: { ...query.MetricStat, Period: 300 } }],
      },
      START + 10 * MINUTE,
    ).json;

    // Assess
    const result = (out.MetricDataResults as Array<{ Timestamps: number[]; Values: number[] }>)[0];
    expect(result?.Timestamps).toEqual([START / 1000, (START + 5 * MINUTE) / 1000]);
    expect(result?.Values).toEqual([1, 2]);
  });
});

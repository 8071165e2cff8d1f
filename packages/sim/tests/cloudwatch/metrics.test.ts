import {
  GetMetricDataCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ListMetricsCommand,
  type MetricDatum,
  MissingRequiredParameterException,
  PutMetricDataCommand,
  paginateGetMetricData,
  paginateListMetrics,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, MINUTE, START } from "./fixtures.ts";
import { type CloudWatchSimulator, startCloudWatchSimulator } from "./rig.ts";

const NAMESPACE = "TargetWatch";
const NLB = [{ Name: "LoadBalancer", Value: "k8s-ui-uinlb-e1c1ebaeb4" }];
let sim: CloudWatchSimulator;

beforeAll(async () => {
  sim = await startCloudWatchSimulator();
});
afterAll(() => sim.close());

/** SDK error of a rejected call, for assertions. */
function failure(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: Error) => error,
  );
}

describe("PutMetricData → GetMetricData", () => {
  it("round-trips values, Values/Counts and statistic sets into every statistic per period", async () => {
    // Prepare
    const client = sim.client();
    const metric = { Namespace: NAMESPACE, MetricName: "RoundTrip", Dimensions: NLB };
    await client.send(
      new PutMetricDataCommand({
        Namespace: NAMESPACE,
        MetricData: [
          { MetricName: "RoundTrip", Dimensions: NLB, Timestamp: at(START), Value: 1, Unit: "Count" },
          {
            MetricName: "RoundTrip",
            Dimensions: NLB,
            Timestamp: at(START + 20_000),
            Values: [2, 3],
            Counts: [1, 2],
            Unit: "Count",
          },
          {
            MetricName: "RoundTrip",
            Dimensions: NLB,
            Timestamp: at(START + MINUTE),
            StatisticValues: { SampleCount: 4, Sum: 20, Minimum: 2, Maximum: 8 },
            Unit: "Count",
          },
        ],
      }),
    );
    const query = (id: string, stat: string) => ({
      Id: id,
      MetricStat: { Metric: metric, Period: 60, Stat: stat },
    });

    // Act
    const out = await client.send(
      new GetMetricDataCommand({
        StartTime: at(START),
        EndTime: at(START + 2 * MINUTE),
        ScanBy: "TimestampAscending",
        MetricDataQueries: [
          query("count", "SampleCount"),
          query("sum", "Sum"),
          query("avg", "Average"),
          query("min", "Minimum"),
          { ...query("max", "Maximum"), Label: "Worst" },
          query("p50", "p50"),
        ],
      }),
    );

    // Assess
    const byId = Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id, r]));
    expect(byId.count?.Timestamps).toEqual([at(START), at(START + MINUTE)]);
    expect(byId.count?.Values).toEqual([4, 4]);
    expect(byId.sum?.Values).toEqual([9, 20]);
    expect(byId.avg?.Values).toEqual([2.25, 5]);
    expect(byId.min?.Values).toEqual([1, 2]);
    expect(byId.max?.Values).toEqual([3, 8]);
    expect(byId.max?.Label).toBe("Worst");
    expect(byId.sum?.Label).toBe("RoundTrip");
    // Nearest rank of 1, 2, 3, 3; the statistic set has no raw values, so the second minute has no percentile.
    expect(byId.p50?.Values).toEqual([2]);
    expect(out.MetricDataResults?.every((r) => r.StatusCode === "Complete")).toBe(true);
    expect(out.NextToken).toBeUndefined();
  });

  it("returns newest first by default, leaves out ReturnData: false and pages by MaxDatapoints", async () => {
    // Prepare
    const client = sim.client();
    const MetricData: MetricDatum[] = Array.from({ length: 5 }, (_, i) => ({
      MetricName: "Paged",
      Dimensions: NLB,
      Timestamp: at(START + i * MINUTE),
      Value: i,
    }));
    await client.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData }));
    const stat = {
      Metric: { Namespace: NAMESPACE, MetricName: "Paged", Dimensions: NLB },
      Period: 60,
      Stat: "Maximum",
    };

    // Act
    const pages = [];
    for await (const page of paginateGetMetricData(
      { client },
      {
        StartTime: at(START),
        EndTime: at(START + 5 * MINUTE),
        MaxDatapoints: 2,
        MetricDataQueries: [
          { Id: "hidden", MetricStat: stat, ReturnData: false },
          { Id: "shown", MetricStat: stat },
        ],
      },
    )) {
      pages.push(page);
    }

    // Assess
    expect(pages.map((p) => p.MetricDataResults?.map((r) => r.Id))).toEqual([
      ["shown"],
      ["shown"],
      ["shown"],
    ]);
    expect(pages.map((p) => p.MetricDataResults?.[0]?.Values)).toEqual([[4, 3], [2, 1], [0]]);
    expect(pages.map((p) => p.MetricDataResults?.[0]?.StatusCode)).toEqual([
      "PartialData",
      "PartialData",
      "Complete",
    ]);
  });

  it("finds nothing for a different dimension set but the same metric in any dimension order", async () => {
    // Prepare
    const client = sim.client();
    const dims = [
      { Name: "Cluster", Value: "eks-workshop" },
      { Name: "Service", Value: "ui/ui-nlb" },
    ];
    await client.send(
      new PutMetricDataCommand({
        Namespace: NAMESPACE,
        MetricData: [{ MetricName: "Ordered", Dimensions: dims, Timestamp: at(START), Value: 7 }],
      }),
    );
    const get = (Dimensions: typeof dims) =>
      client.send(
        new GetMetricDataCommand({
          StartTime: at(START),
          EndTime: at(START + MINUTE),
          MetricDataQueries: [
            {
              Id: "m",
              MetricStat: {
                Metric: { Namespace: NAMESPACE, MetricName: "Ordered", Dimensions },
                Period: 60,
                Stat: "Sum",
              },
            },
          ],
        }),
      );

    // Act
    const reversed = await get([...dims].reverse());
    const subset = await get(dims.slice(0, 1));

    // Assess
    expect(reversed.MetricDataResults?.[0]?.Values).toEqual([7]);
    expect(subset.MetricDataResults?.[0]?.Values).toEqual([]);
  });
});

describe("ListMetrics", () => {
  it("filters by namespace, metric name and dimensions (name only, or name and value)", async () => {
    // Prepare
    const client = sim.client();
    const MetricData: MetricDatum[] = ["a", "b", "c"].map((nlb) => ({
      MetricName: "HealthyTargets",
      Dimensions: [
        { Name: "LoadBalancer", Value: `nlb-${nlb}` },
        { Name: "Cluster", Value: nlb === "c" ? "other" : "eks-workshop" },
      ],
      Value: 1,
    }));
    await client.send(new PutMetricDataCommand({ Namespace: "ListFilters", MetricData }));

    // Act
    const all = await client.send(new ListMetricsCommand({ Namespace: "ListFilters" }));
    const byName = await client.send(
      new ListMetricsCommand({
        Namespace: "ListFilters",
        MetricName: "HealthyTargets",
        Dimensions: [{ Name: "Cluster" }],
      }),
    );
    const byValue = await client.send(
      new ListMetricsCommand({
        Namespace: "ListFilters",
        Dimensions: [{ Name: "Cluster", Value: "eks-workshop" }],
      }),
    );
    const noneSuch = await client.send(
      new ListMetricsCommand({ Namespace: "ListFilters", MetricName: "Nope" }),
    );

    // Assess
    expect(all.Metrics).toHaveLength(3);
    expect(all.Metrics?.[0]).toEqual({
      Namespace: "ListFilters",
      MetricName: "HealthyTargets",
      Dimensions: [
        { Name: "Cluster", Value: "eks-workshop" },
        { Name: "LoadBalancer", Value: "nlb-a" },
      ],
    });
    expect(byName.Metrics).toHaveLength(3);
    expect(byValue.Metrics?.map((m) => m.Dimensions?.find((d) => d.Name === "LoadBalancer")?.Value)).toEqual([
      "nlb-a",
      "nlb-b",
    ]);
    expect(noneSuch.Metrics).toEqual([]);
    expect(all.NextToken).toBeUndefined();
  });

  it("pages 500 metrics at a time with NextToken", async () => {
    // Prepare: a default client, which gzips PutMetricData bodies over 10 KB as the SDK does.
    const client = sim.client();
    const MetricData: MetricDatum[] = Array.from({ length: 750 }, (_, i) => ({
      MetricName: "Many",
      Dimensions: [{ Name: "Target", Value: `10.0.${Math.floor(i / 250)}.${i % 250}` }],
      Value: i,
    }));
    await client.send(new PutMetricDataCommand({ Namespace: "ListPaging", MetricData }));

    // Act
    const pages = [];
    for await (const page of paginateListMetrics({ client }, { Namespace: "ListPaging" })) pages.push(page);

    // Assess
    expect(pages.map((p) => p.Metrics?.length)).toEqual([500, 250]);
    const targets = pages.flatMap((p) => p.Metrics ?? []).map((m) => m.Dimensions?.[0]?.Value);
    expect(new Set(targets).size).toBe(750);
  });
});

describe("metric errors as the SDK sees them", () => {
  it("refuses the AWS/ namespace prefix with InvalidParameterValueException", async () => {
    // Act
    const error = await failure(
      sim.client().send(
        new PutMetricDataCommand({
          Namespace: "AWS/NetworkELB",
          MetricData: [{ MetricName: "HealthyHostCount", Value: 1 }],
        }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.message).toContain("AWS/NetworkELB");
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it("refuses more than 1,000 metrics in one request", async () => {
    // Prepare
    const MetricData = Array.from({ length: 1001 }, () => ({ MetricName: "TooMany", Value: 1 }));

    // Act
    const error = await failure(
      sim
        .client({ disableRequestCompression: true })
        .send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData })),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.message).toBe("The collection MetricData must not have a size greater than 1000.");
  });

  it("refuses more than 30 dimensions, NaN and a timestamp three weeks old", async () => {
    // Prepare
    const client = sim.client();
    const dims = Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: "v" }));
    const put = (datum: MetricDatum) =>
      failure(client.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: [datum] })));

    // Act
    const errors = await Promise.all([
      put({ MetricName: "Bad", Dimensions: dims, Value: 1 }),
      put({ MetricName: "Bad", Value: Number.NaN }),
      put({ MetricName: "Bad", Value: 1, Timestamp: at(START - 21 * 24 * 60 * MINUTE) }),
      put({ MetricName: "Bad", Value: 1, Unit: "Furlongs" as never }),
    ]);

    // Assess
    for (const error of errors) expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(errors[0]?.message).toBe(
      "The collection MetricData.member.1.Dimensions must not have a size greater than 30.",
    );
    expect(errors[1]?.message).toContain("The value NaN for parameter MetricData.member.1.Value is invalid.");
  });

  it("refuses Value together with StatisticValues with InvalidParameterCombinationException", async () => {
    // Act
    const error = await failure(
      sim.client().send(
        new PutMetricDataCommand({
          Namespace: NAMESPACE,
          MetricData: [
            {
              MetricName: "Both",
              Value: 1,
              StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 },
            },
          ],
        }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidParameterCombinationException);
    expect(error.message).toBe(
      "The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.",
    );
  });

  it("reports a missing required member with MissingRequiredParameterException", async () => {
    // Act: the SDK does not validate required members, so this reaches the service as AWS would get it.
    const error = await failure(
      sim
        .client()
        .send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: [{ Value: 1 } as MetricDatum] })),
    );

    // Assess
    expect(error).toBeInstanceOf(MissingRequiredParameterException);
    expect(error.message).toBe("The parameter MetricData.member.1.MetricName is required.");
  });

  it("refuses a body over 1 MB with 413 RequestEntityTooLarge", async () => {
    // Prepare
    // About 1.5 MB: over CloudWatch's 1 MB, under the 2 MB the HTTP server reads at most.
    const dims = Array.from({ length: 30 }, (_, i) => ({ Name: `dimension-${i}`, Value: "x".repeat(20) }));
    const MetricData = Array.from({ length: 1000 }, () => ({
      MetricName: "Huge",
      Dimensions: dims,
      Value: 1,
    }));

    // Act
    const error = await failure(
      sim
        .client({ disableRequestCompression: true })
        .send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData })),
    );

    // Assess
    expect(error.name).toBe("RequestEntityTooLarge");
    expect(error.$metadata?.httpStatusCode).toBe(413);
  });

  it("refuses metric math in GetMetricData with a message saying the simulator lacks it", async () => {
    // Act
    const error = await failure(
      sim.client().send(
        new GetMetricDataCommand({
          StartTime: at(START),
          EndTime: at(START + MINUTE),
          MetricDataQueries: [{ Id: "e1", Expression: "SUM(METRICS())" }],
        }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect(error.message).toContain("metric math expressions are not supported by the targetwatch simulator");
  });

  it("refuses StartTime not before EndTime and an unknown statistic", async () => {
    // Prepare
    const client = sim.client();
    const MetricStat = { Metric: { Namespace: NAMESPACE, MetricName: "X" }, Period: 60, Stat: "Sum" };

    // Act
    const reversed = await failure(
      client.send(
        new GetMetricDataCommand({
          StartTime: at(START),
          EndTime: at(START),
          MetricDataQueries: [{ Id: "m", MetricStat }],
        }),
      ),
    );
    const badStat = await failure(
      client.send(
        new GetMetricDataCommand({
          StartTime: at(START),
          EndTime: at(START + MINUTE),
          MetricDataQueries: [{ Id: "m", MetricStat: { ...MetricStat, Stat: "Median" } }],
        }),
      ),
    );

    // Assess
    expect(reversed).toBeInstanceOf(InvalidParameterValueException);
    expect(reversed.message).toBe("The parameter StartTime must be less than the parameter EndTime.");
    expect(badStat).toBeInstanceOf(InvalidParameterValueException);
  });
});

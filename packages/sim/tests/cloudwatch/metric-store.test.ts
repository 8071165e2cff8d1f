import { describe, expect, it } from "vitest";
import { type MetricIdentity, MetricStore, RETENTION_MS } from "../../src/cloudwatch/metric-store.ts";
import {
  computeStatistic,
  parseStatistic,
  type Sample,
  type Statistic,
} from "../../src/cloudwatch/statistics.ts";
import { MINUTE, START } from "./fixtures.ts";

function value(v: number, at = START, unit = "None"): Sample {
  return { at, unit, count: 1, sum: v, min: v, max: v, values: [[v, 1]] };
}

function stat(name: string): Statistic {
  const parsed = parseStatistic(name);
  if (!parsed) throw new Error(`bad statistic ${name}`);
  return parsed;
}

const identity: MetricIdentity = {
  namespace: "TargetWatch",
  metricName: "UnhealthyTargets",
  dimensions: [
    { Name: "LoadBalancer", Value: "k8s-ui-uinlb-e1c1ebaeb4" },
    { Name: "Cluster", Value: "eks-workshop" },
  ],
};

describe("statistics", () => {
  // 1, 2 and 3 as single values, 4 twice from a Values/Counts datum, and a statistic set of
  // 10 samples summing to 50 between 0 and 9.
  const samples: Sample[] = [
    value(1),
    value(2),
    value(3),
    { at: START, unit: "None", count: 2, sum: 8, min: 4, max: 4, values: [[4, 2]] },
    { at: START, unit: "None", count: 10, sum: 50, min: 0, max: 9, values: undefined },
  ];

  it.each([
    ["SampleCount", 15],
    ["Sum", 64],
    ["Average", 64 / 15],
    ["Minimum", 0],
    ["Maximum", 9],
  ])("computes %s over single values, Values/Counts and statistic sets", (name, expected) => {
    expect(computeStatistic(stat(name), samples)).toBeCloseTo(expected, 10);
  });

  it("computes nearest-rank percentiles from raw values, weighted by their counts", () => {
    // Prepare
    const hundred = Array.from({ length: 100 }, (_, i) => value(i + 1));
    const weighted: Sample[] = [
      {
        at: START,
        unit: "None",
        count: 10,
        sum: 0,
        min: 0,
        max: 100,
        values: [
          [0, 9],
          [100, 1],
        ],
      },
    ];

    // Act / Assess
    expect(computeStatistic(stat("p50"), hundred)).toBe(50);
    expect(computeStatistic(stat("p90"), hundred)).toBe(90);
    expect(computeStatistic(stat("p99.5"), hundred)).toBe(100);
    expect(computeStatistic(stat("p100"), hundred)).toBe(100);
    expect(computeStatistic(stat("p0"), hundred)).toBe(1);
    expect(computeStatistic(stat("p90"), weighted)).toBe(0);
    expect(computeStatistic(stat("p91"), weighted)).toBe(100);
  });

  it("has no percentile for data published only as statistic sets", () => {
    // Prepare
    const sets: Sample[] = [{ at: START, unit: "None", count: 3, sum: 6, min: 1, max: 3, values: undefined }];

    // Act / Assess
    expect(computeStatistic(stat("p50"), sets)).toBeUndefined();
    expect(computeStatistic(stat("Average"), sets)).toBe(2);
  });

  it("has no value for an empty period", () => {
    expect(computeStatistic(stat("Sum"), [])).toBeUndefined();
  });

  it("parses the basic statistics and pNN.NN, and nothing else", () => {
    expect(parseStatistic("Maximum")).toEqual({ kind: "basic", name: "Maximum" });
    expect(parseStatistic("p99.9")).toEqual({ kind: "percentile", name: "p99.9", p: 99.9 });
    expect(parseStatistic("p101")).toBeUndefined();
    expect(parseStatistic("tm99")).toBeUndefined();
    expect(parseStatistic("average")).toBeUndefined();
  });
});

describe("metric store", () => {
  it("treats dimension order as irrelevant to a metric's identity", () => {
    // Prepare
    const store = new MetricStore();
    store.add(identity, value(1), START);

    // Act
    const reordered = store.get({ ...identity, dimensions: [...identity.dimensions].reverse() });

    // Assess
    expect(reordered?.samples).toHaveLength(1);
    expect(store.size).toBe(1);
  });

  it("aggregates per period from the query start and skips periods without data", () => {
    // Prepare
    const store = new MetricStore();
    store.add(identity, value(1, START + 10_000), START);
    store.add(identity, value(3, START + 50_000), START);
    store.add(identity, value(7, START + 2 * MINUTE), START);

    // Act
    const periods = store.query(identity, {
      start: START,
      end: START + 3 * MINUTE,
      periodMs: MINUTE,
      statistic: stat("Sum"),
    });

    // Assess
    expect(periods).toEqual([
      { start: START, value: 4, sampleCount: 2 },
      { start: START + 2 * MINUTE, value: 7, sampleCount: 1 },
    ]);
  });

  it("keeps late data in time order", () => {
    // Prepare
    const store = new MetricStore();
    store.add(identity, value(2, START + 2 * MINUTE), START);
    store.add(identity, value(1, START + MINUTE), START);

    // Act
    const periods = store.query(identity, {
      start: START,
      end: START + 3 * MINUTE,
      periodMs: MINUTE,
      statistic: stat("Maximum"),
    });

    // Assess
    expect(periods.map((p) => p.value)).toEqual([1, 2]);
    expect(store.firstSampleAtOrAfter(identity, START + 90_000)).toBe(START + 2 * MINUTE);
  });

  it("only counts samples with the queried unit when a unit is given", () => {
    // Prepare
    const store = new MetricStore();
    store.add(identity, value(1, START, "Count"), START);
    store.add(identity, value(100, START, "Percent"), START);

    // Act
    const counted = store.query(identity, {
      start: START,
      end: START + MINUTE,
      periodMs: MINUTE,
      statistic: stat("Sum"),
      unit: "Count",
    });
    const all = store.query(identity, {
      start: START,
      end: START + MINUTE,
      periodMs: MINUTE,
      statistic: stat("Sum"),
    });

    // Assess
    expect(counted.map((p) => p.value)).toEqual([1]);
    expect(all.map((p) => p.value)).toEqual([101]);
  });

  it("drops samples past retention and forgets metrics left empty", () => {
    // Prepare
    const store = new MetricStore();
    store.add(identity, value(1, START), START);
    const other = { ...identity, metricName: "HealthyTargets" };
    store.add(other, value(1, START + RETENTION_MS), START + RETENTION_MS);

    // Act
    store.prune(START + 1);

    // Assess
    expect(store.get(identity)).toBeUndefined();
    expect(store.list({}, undefined, 10).map((m) => m.metricName)).toEqual(["HealthyTargets"]);
  });

  it("lists metrics having every filtered dimension, by name or by name and value", () => {
    // Prepare
    const store = new MetricStore();
    store.add(identity, value(1), START);
    store.add({ ...identity, dimensions: [{ Name: "Cluster", Value: "other" }] }, value(1), START);

    // Act
    const byName = store.list({ dimensions: [{ Name: "Cluster" }] }, undefined, 10);
    const byValue = store.list({ dimensions: [{ Name: "Cluster", Value: "other" }] }, undefined, 10);
    const both = store.list({ dimensions: [{ Name: "Cluster" }, { Name: "LoadBalancer" }] }, undefined, 10);

    // Assess
    expect(byName).toHaveLength(2);
    expect(byValue).toHaveLength(1);
    expect(both).toHaveLength(1);
  });
});

import { describe, expect, it } from "vitest";
import { metricData } from "../../../src/adapters/cloudwatch/cloudwatch-metrics-sink.ts";
import type { SweepReport } from "../../../src/ports/index.ts";

const report: SweepReport = {
  at: Date.parse("2026-11-27T09:05:00Z"),
  durationMs: 1234,
  errors: 1,
  elbApiCalls: 56,
  conflicts: 2,
  workshops: [
    {
      workshopId: "con301",
      at: Date.parse("2026-11-27T09:05:00Z"),
      durationMs: 1234,
      apiCalls: 56,
      errors: ["x"],
      loadBalancers: 2,
      targets: 6,
      targetsByState: { healthy: 3, initial: 1, unhealthy: 1, "unhealthy.draining": 1 },
      stuck: 1,
    },
  ],
  loadBalancers: [
    {
      workshopId: "con301",
      loadBalancerName: "k8s-ui-uinlb-1",
      targets: 3,
      targetsByState: { healthy: 3 },
      stuck: 0,
    },
  ],
};

describe("the metrics of a sweep", () => {
  it("has the collector's own metrics, conflicts included, without dimension and six per workshop", () => {
    const data = metricData(report, false);
    expect(
      data.map((d) => [
        d.MetricName,
        d.Value,
        d.Dimensions?.map((x) => `${x.Name}=${x.Value}`).join(",") ?? "",
      ]),
    ).toEqual([
      ["SweepDuration", 1234, ""],
      ["SweepErrors", 1, ""],
      ["ElbApiCalls", 56, ""],
      ["SweepConflicts", 2, ""],
      ["LoadBalancers", 2, "Workshop=con301"],
      ["Targets", 6, "Workshop=con301"],
      ["HealthyTargets", 3, "Workshop=con301"],
      ["InitialTargets", 1, "Workshop=con301"],
      ["UnhealthyTargets", 2, "Workshop=con301"],
      ["StuckTargets", 1, "Workshop=con301"],
    ]);
    expect(data[0]?.Unit).toBe("Milliseconds");
    expect(data.every((d) => d.Timestamp?.toISOString() === "2026-11-27T09:05:00.000Z")).toBe(true);
  });

  it("adds five per NLB only when asked to", () => {
    const data = metricData(report, true);
    expect(data).toHaveLength(10 + 5);
    expect(data.at(-1)?.Dimensions).toEqual([
      { Name: "Workshop", Value: "con301" },
      { Name: "LoadBalancer", Value: "k8s-ui-uinlb-1" },
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readCollectorSettings } from "../src/collector/config.ts";

describe("the collector's settings from its environment", () => {
  // The table comes through its SST link, which `Resource` reads from the process's environment.
  beforeAll(() => {
    vi.stubEnv("SST_RESOURCE_Table", JSON.stringify({ name: "t" }));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });
  const withTable = (env: Record<string, string>) =>
    readCollectorSettings({ AWS_REGION: "us-west-2", ...env });

  it("takes the defaults when nothing is set", () => {
    expect(withTable({})).toEqual({
      tableName: "t",
      regions: ["us-west-2"],
      burstIntervalSeconds: 5,
      sweepBudgetSeconds: 59,
      maxRequestsPerSecond: 5,
      burst: 5,
      perLoadBalancerMetrics: false,
    });
  });

  it("reads every variable, regions as a comma-separated list", () => {
    expect(
      withTable({
        TARGETWATCH_REGIONS: " eu-west-1, us-east-1 ,",
        TARGETWATCH_BURST_INTERVAL_SECONDS: "0",
        TARGETWATCH_SWEEP_BUDGET_SECONDS: "25.5",
        TARGETWATCH_ELB_MAX_RPS: "2.5",
        TARGETWATCH_ELB_BURST: "5",
        TARGETWATCH_PER_NLB_METRICS: "true",
        TARGETWATCH_ALARM_PREFIX: "targetwatch-prod/workshop-",
      }),
    ).toMatchObject({
      regions: ["eu-west-1", "us-east-1"],
      burstIntervalSeconds: 0,
      sweepBudgetSeconds: 25.5,
      maxRequestsPerSecond: 2.5,
      burst: 5,
      perLoadBalancerMetrics: true,
      alarmPrefix: "targetwatch-prod/workshop-",
    });
  });

  it.each([
    ["TARGETWATCH_BURST_INTERVAL_SECONDS", "-1"],
    ["TARGETWATCH_BURST_INTERVAL_SECONDS", "1e2"],
    ["TARGETWATCH_SWEEP_BUDGET_SECONDS", "0x10"],
    ["TARGETWATCH_ELB_MAX_RPS", "0"],
    ["TARGETWATCH_ELB_MAX_RPS", "Infinity"],
    ["TARGETWATCH_ELB_BURST", "1.5"],
    ["TARGETWATCH_ELB_BURST", "0"],
    ["TARGETWATCH_PER_NLB_METRICS", "yes"],
  ])("refuses %s=%s, naming the variable and the value", (name, value) => {
    expect(() => withTable({ [name]: value })).toThrow(
      new RegExp(`${name}: must be .*"${value.replace(".", "\\.")}"`),
    );
  });
});

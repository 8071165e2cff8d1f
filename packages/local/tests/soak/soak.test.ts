import { compareWithTruth, nlbChainBreaks } from "@targetwatch/testing/truth";
import { describe, expect, it } from "vitest";
import { runSoak } from "../../src/soak/index.ts";

const SPEED = 10;
const BURST_INTERVAL_SECONDS = 5;

describe("the soak, shortened: five simulated minutes of the class at 10×", () => {
  it("loses, duplicates and invents nothing, and every window holds the truth, through throttling, 5xx, outages, kills and overlaps", async () => {
    // Act: the incidents of `npm run soak`, compressed into five minutes (about 40 s of wall time)
    const progress: string[] = [];
    const run = await runSoak({
      scenario: "scenarios/class-one-account.yaml",
      speed: SPEED,
      minutes: 5,
      faults: {
        latencyMs: 50,
        throttle: { ratePerSecond: 2.5 * SPEED, burst: 5 },
        actions: { DescribeTargetHealth: { errorRate: 0.05 } },
        seed: 7,
      },
      burstIntervalSeconds: BURST_INTERVAL_SECONDS,
      elbRate: 8 * SPEED,
      progress: (line) => progress.push(line),
    });
    const result = compareWithTruth(run.stored, run.truth, {
      until: run.until,
      burstIntervalSeconds: BURST_INTERVAL_SECONDS,
      start: run.start,
    });
    // Assess: the goal, 0 / 0 / 0 / 0
    expect(result.truthChanges).toBeGreaterThan(50);
    expect(result.lost).toEqual([]);
    expect(result.duplicated).toEqual([]);
    expect([...result.invented, ...nlbChainBreaks(run.stored)]).toEqual([]);
    expect(result.windowsMissingTruth).toEqual([]);
    expect(result.timeToHealthy).toMatchObject({ outsideBounds: [], overAllowance: [] });
    // …and the incidents did happen (which sweeps they hit depends on the machine's timing)
    const played = progress.filter((line) => line.startsWith("t+")).map((line) => line.split(" ")[1]);
    expect(played).toEqual(run.incidents.map((incident) => incident.kind));
    expect(played).toHaveLength(9);
    expect(run.sweeps.b?.length).toBeGreaterThan(0);
    expect(run.faultCounters.throttled).toBeGreaterThan(0);
    expect(run.faultCounters.serverErrors).toBeGreaterThan(0);
  }, 150_000);
});

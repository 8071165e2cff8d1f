import { PINNED_TIMING } from "@targetwatch/testing/sim";
import { compareWithTruth } from "@targetwatch/testing/truth";
import { describe, expect, it } from "vitest";
import { START, startRig } from "./rig.ts";

describe("two collectors on one table under throttling", () => {
  it("store each true change once, inside its window, and count their conflicts", async () => {
    // Prepare: ELBv2's Describe* bucket at 15/s, burst 5 (wall time: both collectors burst at once), and one answer in twenty a 500.
    // Timings pinned: with spread ones a node target may turn healthy seconds before the switch,
    // in the part of a minute no sweep samples (when depends on how long the throttled sweeps
    // before ran), and be stored merged `initial → deregistered`, which is sampling, not overlap.
    const rig = await startRig(
      "ip-mode.yaml",
      { throttle: { ratePerSecond: 15, burst: 5 }, errorRate: 0.05, seed: 11 },
      { timing: PINNED_TIMING },
    );
    try {
      const a = rig.collector({ burstIntervalSeconds: 5 });
      const b = rig.collector({ burstIntervalSeconds: 5 });
      // Act: both sweep every minute at once, each bursting (both move the shared simulated clock)
      const summaries = [];
      for (let minute = 0; minute <= 8; minute++) {
        rig.sim.clock.advanceTo(Math.max(rig.sim.clock.now(), START + minute * 60_000));
        const deadline = rig.sim.clock.now() + 50_000;
        summaries.push(...(await Promise.all([a.sweep(deadline), b.sweep(deadline)])));
      }
      rig.sim.clock.advanceTo(rig.sim.clock.now() + 60_000);
      const until = rig.sim.clock.now();
      await rig.collector({ burstIntervalSeconds: 0 }).sweep(until + 50_000);
      const stored = await rig.store.listTransitions("default", { limit: 1000 });
      // Assess
      const result = compareWithTruth(stored, rig.sim.world.truth(), {
        until,
        burstIntervalSeconds: 5,
        start: START,
      });
      expect(result).toMatchObject({
        lost: [],
        duplicated: [],
        invented: [],
        windowsMissingTruth: [],
        merged: [],
      });
      expect(result.truthChanges).toBeGreaterThan(10);
      expect(result.timeToHealthy).toMatchObject({ outsideBounds: [], overAllowance: [] });
      expect(summaries.reduce((n, s) => n + s.conflicts, 0)).toBeGreaterThan(0);
      expect(summaries.reduce((n, s) => n + s.elbThrottled, 0)).toBeGreaterThan(0);
    } finally {
      await rig.close();
    }
  }, 120_000);
});

import { PINNED_TIMING } from "@targetwatch/testing/sim";
import { describe, expect, it } from "vitest";
import type { Transition } from "../../../src/model/transition.ts";
import { describeTransition, START, startRig } from "./rig.ts";

/** What changed, without when: the same under faults, only timing may differ. */
function what(transitions: Transition[]): string[] {
  return transitions.map((t) => describeTransition(t).replace(/^\S+ /, "")).sort();
}

async function cleanRun(
  burstIntervalSeconds: number,
  world: Parameters<typeof startRig>[2] = {},
): Promise<Transition[]> {
  const rig = await startRig("ip-mode.yaml", undefined, world);
  try {
    const collector = rig.collector({ burstIntervalSeconds });
    await rig.sweepEveryMinute(collector, 10);
    return await rig.store.listTransitions("default", { limit: 100 });
  } finally {
    await rig.close();
  }
}

describe("the collector under AWS's bad days", () => {
  it("records the same transitions under throttling and 5xx answers, with no duplicates, and counts them", async () => {
    // Prepare: a bucket smaller than the collector's own rate, and one answer in ten a 500; the
    // clean run alongside (both mostly wait on the collector's pace)
    const clean = cleanRun(5);
    const rig = await startRig("ip-mode.yaml", {
      throttle: { ratePerSecond: 20, burst: 5 },
      errorRate: 0.1,
      seed: 7,
    });
    try {
      const collector = rig.collector();
      // Act
      const summaries = await rig.sweepEveryMinute(collector, 10);
      const stored = await rig.store.listTransitions("default", { limit: 100 });
      // Assess
      expect(what(stored)).toEqual(what(await clean));
      expect(new Set(stored.map((t) => JSON.stringify(t))).size).toBe(stored.length);
      expect(rig.sim.faults.counters.throttled).toBeGreaterThan(0);
      expect(rig.sim.faults.counters.serverErrors).toBeGreaterThan(0);
      expect(summaries.reduce((n, s) => n + s.elbThrottled, 0)).toBeGreaterThan(0);
      // Each retried attempt is an API call: the sweeps made more calls than without faults.
      expect(summaries.reduce((n, s) => n + s.elbApiCalls, 0)).toBeGreaterThan(summaries.length * 4);
    } finally {
      await rig.close();
    }
  }, 120_000);

  it("keeps an NLB at its last known state, marked with the error, while its reads fail; recovers with nothing lost", async () => {
    // Prepare: every node target healthy at 90 s, well before the switch
    const clean = cleanRun(5, { timing: PINNED_TIMING });
    const rig = await startRig("ip-mode.yaml", undefined, { timing: PINNED_TIMING });
    try {
      const collector = rig.collector();
      await rig.sweepEveryMinute(collector, 2);
      // Act: DescribeTargetHealth fails for every retry during the sweep right after the switch
      rig.sim.faults.configure({ actions: { DescribeTargetHealth: { errorRate: 1 } } });
      rig.sim.clock.advanceTo(START + 180_000);
      const failed = await collector.sweep(rig.sim.clock.now() + 50_000);
      const duringFailure = [...(await rig.store.loadNlbStates("default")).values()][0]?.state;
      rig.sim.faults.configure({});
      rig.sim.clock.advanceTo(START + 240_000);
      const recovering = await collector.sweep(rig.sim.clock.now() + 50_000);
      const afterRecovery = [...(await rig.store.loadNlbStates("default")).values()][0]?.state;
      for (let minute = 5; minute <= 10; minute++) {
        rig.sim.clock.advanceTo(START + minute * 60_000);
        await collector.sweep(rig.sim.clock.now() + 50_000);
      }
      const stored = await rig.store.listTransitions("default", { limit: 100 });
      // Assess
      expect(failed.errors).toEqual([expect.stringMatching(/DescribeTargetHealth.*k8s-ui-uinlb/)]);
      expect(duringFailure?.mode).toBe("instance");
      expect(duringFailure?.targets.map((t) => t.state)).toEqual(["healthy", "healthy", "healthy"]);
      expect(duringFailure?.error).toMatchObject({ since: START + 180_000, at: START + 180_000 });
      expect(duringFailure?.error?.message).toMatch(/DescribeTargetHealth/);
      expect(recovering.errors).toEqual([]);
      expect(afterRecovery?.error).toBeUndefined();
      expect(what(stored)).toEqual(what(await clean));
    } finally {
      await rig.close();
    }
  }, 60_000);

  it("never duplicates or loses a transition when two sweeps overlap on the same data", async () => {
    // Prepare: what one collector records alone (no burst: two collectors bursting would each
    // move the shared simulated clock)
    const alone = cleanRun(0);
    const rig = await startRig();
    try {
      const a = rig.collector({ burstIntervalSeconds: 0 });
      const b = rig.collector({ burstIntervalSeconds: 0 });
      // Act: both run every scheduled sweep at the same moment
      for (let minute = 0; minute <= 10; minute++) {
        rig.sim.clock.advanceTo(START + minute * 60_000);
        const deadline = rig.sim.clock.now() + 50_000;
        const results = await Promise.all([a.sweep(deadline), b.sweep(deadline)]);
        expect(results.flatMap((r) => r.errors)).toEqual([]);
      }
      const stored = await rig.store.listTransitions("default", { limit: 100 });
      // Assess
      expect(stored.map(describeTransition)).toEqual((await alone).map(describeTransition));
    } finally {
      await rig.close();
    }
  }, 60_000);
});

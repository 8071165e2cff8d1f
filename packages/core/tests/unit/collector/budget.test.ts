import { describe, expect, it } from "vitest";
import { runSweep, type SweepSummary } from "../../../src/collector/sweep.ts";
import type { MetricsSink, SweepReport } from "../../../src/ports/index.ts";
import { REGION, s } from "../rules/fixtures.ts";
import { participantNlb, type SweepRig, sweepRig } from "./fixtures.ts";

const p1 = participantNlb("k8s-ui-uinlb-p1");

function recordingSink(): MetricsSink & { reports: SweepReport[] } {
  const reports: SweepReport[] = [];
  return { reports, publish: async (report) => void reports.push(structuredClone(report)) };
}

/** A rig whose collector remembers between sweeps, as a warm Lambda does. */
function warmRig() {
  const rig = sweepRig(s(0));
  rig.source.regions.set(REGION, { loadBalancers: [p1] });
  const memory = {};
  const metrics = recordingSink();
  const sweep = (budgetMs: number, burstIntervalSeconds = 0): Promise<SweepSummary> =>
    runSweep({
      source: rig.source,
      store: rig.store,
      clock: rig.clock,
      defaultRegions: [REGION],
      deadline: rig.clock.now() + budgetMs,
      burstIntervalSeconds,
      metrics,
      memory,
    });
  return { rig, metrics, sweep };
}

async function stalledUntil(rig: SweepRig, at: number, stalls: Promise<void>): Promise<void> {
  await stalls;
  rig.clock.advanceTo(at);
}

describe("a sweep keeps its budget", () => {
  it("ends by its deadline when the store stalls, still discovering and publishing metrics from memory", async () => {
    // Prepare: a first sweep records p1; then the store stops answering
    const { rig, metrics, sweep } = warmRig();
    await sweep(50_000);
    rig.clock.advanceTo(s(60));
    rig.store.stalled = true;
    // Act: the store request hangs until its timeout (5 s on the collector's clock) passes
    const sweeping = sweep(15_000);
    await stalledUntil(rig, s(65), rig.store.untilStalled());
    const summary = await sweeping;
    // Assess
    expect(summary).toMatchObject({ storeAvailable: false, loadBalancers: 1, targets: 1, elbApiCalls: 1 });
    expect(summary.durationMs).toBeLessThanOrEqual(15_000);
    expect(summary.errors).toEqual([
      "store unavailable (no answer within 5000 ms): metrics published from the last known states, nothing recorded until it answers again",
    ]);
    expect(metrics.reports.at(-1)?.workshops[0]).toMatchObject({ loadBalancers: 1, targets: 1 });
    expect(rig.store.heartbeat("default")?.at).toBe(s(0));
  });

  it("stops discovery that outlasts its share of the budget, records what it knows and says what it could not do", async () => {
    // Prepare
    const { rig, metrics, sweep } = warmRig();
    await sweep(50_000);
    rig.clock.advanceTo(s(60));
    rig.source.stalled = true;
    // Act: a 50 s budget keeps its last 6 s for writes and publishing
    const sweeping = sweep(50_000);
    await stalledUntil(rig, s(104), rig.source.untilStalled());
    const summary = await sweeping;
    // Assess
    expect(summary.incomplete).toEqual([
      `discovery in ${REGION}: deadline ${new Date(s(104)).toISOString()} passed`,
    ]);
    expect(summary.durationMs).toBe(44_000);
    expect(rig.store.nlbStates("default").get(p1.arn)?.state.error).toMatchObject({ since: s(104) });
    expect(metrics.reports).toHaveLength(2);
    expect(rig.store.heartbeat("default")?.errors).toEqual(summary.incomplete);
  });

  it("ends burst sampling by the deadline when reads stall, and the next sweep goes on from the stored state", async () => {
    // Prepare: the pod is registering, so the sweep bursts; reads stall once discovery is recorded
    const { rig, sweep } = warmRig();
    const stalls = rig.source.untilStalled();
    rig.store.beforeApply = () => {
      rig.source.stalled = true;
    };
    // Act: a 30 s budget keeps its last 3 s for publishing
    const sweeping = sweep(30_000, 5);
    await stalledUntil(rig, s(27), stalls);
    const summary = await sweeping;
    rig.source.stalled = false;
    rig.store.beforeApply = undefined;
    rig.clock.advanceTo(s(60));
    const next = await sweep(30_000, 0);
    // Assess
    expect(summary.incomplete).toEqual([
      `burst sampling in ${REGION}: deadline ${new Date(s(27)).toISOString()} passed`,
    ]);
    expect(summary).toMatchObject({ burstRounds: 1, durationMs: 27_000, errors: [] });
    expect(next).toMatchObject({ errors: [], incomplete: [], storeAvailable: true });
  });
});

import { describe, expect, it } from "vitest";
import type { SweepMemory } from "../../../src/collector/load.ts";
import { runSweep, type SweepSummary } from "../../../src/collector/sweep.ts";
import type { NlbSnapshot, TargetObservation } from "../../../src/model/snapshot.ts";
import type { MetricsSink, SweepReport } from "../../../src/ports/index.ts";
import { draining, healthy, POD_PORT, REGION, s } from "../rules/fixtures.ts";
import { participantNlb, type SweepRig, sweepRig } from "./fixtures.ts";

const POD = "10.42.0.15";
const p1 = participantNlb("k8s-ui-uinlb-p1");
const withPod = (pod: TargetObservation): NlbSnapshot => ({
  ...p1,
  targetGroups: p1.targetGroups.map((g) => ({ ...g, targets: [pod] })),
});
/** What a refused connection looks like to the SDK: no HTTP answer at all. */
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" });

function recordingSink(): MetricsSink & { reports: SweepReport[] } {
  const reports: SweepReport[] = [];
  return { reports, publish: async (report) => void reports.push(structuredClone(report)) };
}

function sweeper(rig: SweepRig, memory: SweepMemory, metrics?: MetricsSink) {
  return (at: number): Promise<SweepSummary> => {
    rig.clock.advanceTo(at);
    return runSweep({
      source: rig.source,
      store: rig.store,
      clock: rig.clock,
      defaultRegions: [REGION],
      deadline: at + 50_000,
      burstIntervalSeconds: 0,
      ...(metrics ? { metrics } : {}),
      memory,
    });
  };
}

const described = (t: { kind: string; from: string; to: string; observedBetween: number[]; gap?: true }) =>
  `${t.kind} ${t.from}→${t.to} [${t.observedBetween.map((at) => (at - s(0)) / 1000).join(",")}]${t.gap ? " gap" : ""}`;

describe("outages told as gaps", () => {
  it("keeps publishing while the store is down, then records what crossed the outage as a gap", async () => {
    // Prepare: recorded at 0 s with the pod registering
    const rig = sweepRig(s(0));
    const metrics = recordingSink();
    const sweep = sweeper(rig, {}, metrics);
    rig.source.regions.set(REGION, { loadBalancers: [p1] });
    await sweep(s(0));
    // Act: the store refuses connections at 60 s, when the pod is healthy; back at 120 s, draining
    rig.store.unavailable = refused;
    rig.source.regions.set(REGION, { loadBalancers: [withPod(healthy(POD, POD_PORT))] });
    const down = await sweep(s(60));
    rig.store.unavailable = undefined;
    rig.source.regions.set(REGION, { loadBalancers: [withPod(draining(POD, POD_PORT))] });
    const back = await sweep(s(120));
    const after = await sweep(s(180));
    // Assess: the alarms still saw the class during the outage
    expect(down).toMatchObject({ storeAvailable: false, transitions: 0 });
    expect(down.errors).toEqual([expect.stringMatching(/^store unavailable \(Error: connect ECONNREFUSED/)]);
    expect(metrics.reports[1]?.workshops[0]).toMatchObject({
      targetsByState: expect.objectContaining({ healthy: 1 }),
    });
    // …and no change that did not happen: the one that crossed the gap, marked, with the gap as window
    expect(rig.store.transitions("default").map(described)).toEqual([
      "loadBalancer absent→present [0,0]",
      "target unregistered→initial [0,0]",
      "target initial→draining [0,120] gap",
    ]);
    expect(back.gap).toEqual({ from: new Date(s(0)).toISOString(), to: new Date(s(120)).toISOString() });
    expect(rig.store.heartbeat("default")?.lastGap).toEqual({ from: s(0), to: s(120) });
    expect(after.gap).toBeUndefined();
  });

  it("marks the gap a restarted collector finds after missed sweeps, and times nothing across it", async () => {
    // Prepare: the last recorded sweep at 0 s; the collector comes back at 200 s
    const rig = sweepRig(s(0));
    rig.source.regions.set(REGION, { loadBalancers: [p1] });
    await sweeper(rig, {})(s(0));
    rig.source.regions.set(REGION, { loadBalancers: [withPod(healthy(POD, POD_PORT))] });
    // Act
    const restarted = await sweeper(rig, {})(s(200));
    // Assess
    expect(restarted.gap).toEqual({ from: new Date(s(0)).toISOString(), to: new Date(s(200)).toISOString() });
    const [change] = rig.store.transitions("default").slice(-1);
    expect(change).toMatchObject({ from: "initial", to: "healthy", gap: true });
    expect(change).not.toHaveProperty("timeToHealthySeconds");
  });

  it("publishes what discovery sees even when the store is down from the start", async () => {
    // Prepare
    const rig = sweepRig(s(0));
    rig.source.regions.set(REGION, { loadBalancers: [p1] });
    rig.store.unavailable = refused;
    const metrics = recordingSink();
    // Act
    const summary = await sweeper(rig, {}, metrics)(s(0));
    // Assess
    expect(summary).toMatchObject({ storeAvailable: false, workshops: 1, loadBalancers: 1 });
    expect(metrics.reports[0]?.workshops[0]).toMatchObject({
      workshopId: "default",
      loadBalancers: 1,
      targets: 1,
    });
  });
});

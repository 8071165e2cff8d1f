import { describe, expect, it } from "vitest";
import { runSweep } from "../../../src/collector/sweep.ts";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
import type { MetricsSink } from "../../../src/ports/index.ts";
import {
  healthy,
  INSTANCE_TG,
  NODE_PORT,
  NODES,
  POD_PORT,
  REGION,
  registering,
  s,
} from "../rules/fixtures.ts";
import {
  ONE_POD_GOAL,
  OTHER_REGION,
  participantNlb,
  type SweepRig,
  sweepRig,
  switching,
  workshop,
} from "./fixtures.ts";

const POD = "10.42.0.15";
const p1 = participantNlb("k8s-ui-uinlb-p1");

/** Two workshops watching the same two NLBs; every pod turns healthy at 12 s. */
async function sharedNlbsRig(): Promise<SweepRig> {
  const rig = sweepRig(s(0));
  await rig.store.putWorkshop(workshop("a"));
  await rig.store.putWorkshop(workshop("b"));
  rig.source.regions.set(REGION, { loadBalancers: [p1, switching] });
  rig.source.health = (group, at) =>
    group === INSTANCE_TG
      ? NODES.map((n) => healthy(n, NODE_PORT))
      : [at >= s(12) ? healthy(POD, POD_PORT) : registering(POD, POD_PORT)];
  return rig;
}

function allHealthy(snapshot: NlbSnapshot): NlbSnapshot {
  return {
    ...snapshot,
    targetGroups: snapshot.targetGroups.map((g) => ({
      ...g,
      targets: g.targets.map((t) => healthy(t.id, t.port)),
    })),
  };
}

const sweepOf = (rig: SweepRig, options: { deadline: number; metrics?: MetricsSink }) =>
  runSweep({
    source: rig.source,
    store: rig.store,
    clock: rig.clock,
    defaultRegions: [REGION],
    burstIntervalSeconds: 5,
    goal: ONE_POD_GOAL,
    ...options,
  });

describe("runSweep", () => {
  it("discovers, records, bursts until nothing is transitional, publishes, and sums it up once per NLB", async () => {
    // Prepare
    const rig = await sharedNlbsRig();
    // Act
    const summary = await sweepOf(rig, { deadline: s(50) });
    // Assess: per workshop 7 transitions found by discovery and 2 pods turning healthy at 15 s
    expect(summary).toEqual({
      startedAt: new Date(s(0)).toISOString(),
      workshops: 2,
      loadBalancers: 2,
      targetGroups: 3,
      targets: 5,
      elbApiCalls: 1 + 3 * 3,
      elbThrottled: 0,
      dynamodbWrites: 4 + 4 + 2,
      transitions: 2 * (7 + 2),
      burstRounds: 3,
      conflicts: 0,
      durationMs: 15_000,
      errors: [],
      incomplete: [],
      storeAvailable: true,
    });
    expect(rig.store.heartbeat("a")).toMatchObject({
      at: s(15),
      targets: 5,
      regionsObservedAt: { [REGION]: s(0) },
    });
  });

  it("costs one write per workshop when nothing changed", async () => {
    // Prepare
    const rig = await sharedNlbsRig();
    await sweepOf(rig, { deadline: s(50) });
    rig.source.regions.set(REGION, { loadBalancers: [p1, switching].map(allHealthy) });
    rig.clock.advanceTo(s(60));
    // Act
    const summary = await sweepOf(rig, { deadline: s(110) });
    // Assess
    expect(summary).toMatchObject({ dynamodbWrites: 2, transitions: 0, burstRounds: 0, elbApiCalls: 1 });
  });

  it("lists the problems of every phase in the summary, in the order met", async () => {
    // Prepare
    const rig = await sharedNlbsRig();
    rig.source.regions.set(OTHER_REGION, new Error("Rate exceeded"));
    const metrics: MetricsSink = { publish: () => Promise.reject(new Error("Throttling")) };
    // Act
    const summary = await runSweep({
      source: rig.source,
      store: rig.store,
      clock: rig.clock,
      defaultRegions: [REGION, OTHER_REGION],
      deadline: s(50),
      burstIntervalSeconds: 0,
      metrics,
    });
    // Assess
    expect(summary.errors).toEqual([`discovery in ${OTHER_REGION}: Rate exceeded`, "metrics: Throttling"]);
    expect(rig.store.heartbeat("b")?.errors).toEqual([`discovery in ${OTHER_REGION}: Rate exceeded`]);
  });
});

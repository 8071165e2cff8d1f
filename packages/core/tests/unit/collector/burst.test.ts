import { describe, expect, it } from "vitest";
import { burst } from "../../../src/collector/phases/burst.ts";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
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
  stateOf,
  sweepRig,
  switching,
  workshop,
} from "./fixtures.ts";

const POD = "10.42.0.15";
const p1 = participantNlb("k8s-ui-uinlb-p1");
const p2 = participantNlb("k8s-ui-uinlb-p2");
const abroad = participantNlb("k8s-ui-uinlb-abroad", { region: OTHER_REGION });
const groupOf = (snapshot: NlbSnapshot) => snapshot.targetGroups[0]?.arn as string;

/** A rig whose store knows `nlbs` as first seen, registering, at 0 s (in every workshop given). */
function rigKnowing(nlbs: NlbSnapshot[], workshopIds = ["default"]): SweepRig {
  const rig = sweepRig(s(0));
  for (const id of workshopIds) for (const snapshot of nlbs) rig.store.seed(id, stateOf(snapshot, s(0)));
  return rig;
}

const sampledAt = (rig: SweepRig) => rig.source.samplings.map((x) => (x.at - s(0)) / 1000);

describe("burst", () => {
  it("re-samples every interval while a target is mid-transition, and stops before the deadline", async () => {
    // Prepare: the pod stays registering
    const rig = rigKnowing([p1]);
    rig.source.regions.set(REGION, { loadBalancers: [p1] });
    const context = await rig.start();
    // Act
    await burst(context, { deadline: s(20), intervalMs: 5000 });
    // Assess
    expect(sampledAt(rig)).toEqual([5, 10, 15]);
    expect(context.counters.burstRounds).toBe(3);
    expect(rig.clock.now()).toBeLessThan(s(20));
    expect(rig.store.updates).toEqual([]);
  });

  it("times a target's way to healthy to the interval, and stops once nothing is transitional", async () => {
    // Prepare: the pod turns healthy at 12 s, which meets the participant's goal
    const rig = rigKnowing([p1]);
    rig.source.health = (_group, at) => [at >= s(12) ? healthy(POD, POD_PORT) : registering(POD, POD_PORT)];
    const context = await rig.start();
    // Act
    await burst(context, { deadline: s(50), intervalMs: 5000, goal: ONE_POD_GOAL });
    // Assess
    expect(sampledAt(rig)).toEqual([5, 10, 15]);
    expect(rig.store.transitions("default")).toEqual([
      expect.objectContaining({ from: "initial", to: "healthy", observedBetween: [s(10), s(15)] }),
    ]);
    expect(context.counters).toEqual({ burstRounds: 3, transitions: 1, conflicts: 0 });
  });

  it("keeps re-sampling an NLB switched to ip but short of the goal, for the scale-out's registrations", async () => {
    // Prepare: the one pod is healthy; the workshop's goal is three (the default)
    const served = {
      ...p1,
      targetGroups: p1.targetGroups.map((g) => ({ ...g, targets: [healthy(POD, POD_PORT)] })),
    };
    const rig = rigKnowing([served]);
    rig.source.health = (_group, at) => [
      healthy(POD, POD_PORT),
      ...(at >= s(22) ? [registering("10.42.1.27", POD_PORT)] : []),
    ];
    const context = await rig.start();
    // Act
    await burst(context, { deadline: s(30), intervalMs: 5000 });
    // Assess: the registration at 22 s is seen by the round at 25 s
    expect(sampledAt(rig)).toEqual([5, 10, 15, 20, 25]);
    expect(rig.store.transitions("default")).toContainEqual(
      expect.objectContaining({ from: "unregistered", to: "initial", observedBetween: [s(20), s(25)] }),
    );
  });

  it("stamps a change with the answers of the reads, not with the round's start", async () => {
    // Prepare: every re-read is answered 3 s after it was sent (throttled, retried); the pod turns healthy at 12 s
    const rig = rigKnowing([p1]);
    rig.source.health = (_group, at) => [at >= s(12) ? healthy(POD, POD_PORT) : registering(POD, POD_PORT)];
    rig.source.readInterval = (at) => ({ sentAt: at, receivedAt: at + 3000 });
    const context = await rig.start();
    // Act
    await burst(context, { deadline: s(50), intervalMs: 5000 });
    // Assess: read initial by the read sent at 10 s, healthy by the one answered at 18 s
    expect(rig.store.transitions("default")).toEqual([
      expect.objectContaining({ from: "initial", to: "healthy", observedBetween: [s(10), s(18)], at: s(18) }),
    ]);
  });

  it("samples each target group once a round even when several workshops share its NLB", async () => {
    // Prepare: both workshops watch p1, one of them p2 too
    const rig = rigKnowing([p1], ["a", "b"]);
    rig.store.seed("b", stateOf(p2, s(0)));
    await rig.store.putWorkshop(workshop("a"));
    await rig.store.putWorkshop(workshop("b"));
    rig.source.health = () => [healthy(POD, POD_PORT)];
    const context = await rig.start();
    // Act: time for one round
    await burst(context, { deadline: s(7), intervalMs: 5000 });
    // Assess
    expect(rig.source.samplings).toHaveLength(1);
    expect(rig.source.samplings[0]?.targetGroupArns.sort()).toEqual([groupOf(p1), groupOf(p2)].sort());
    expect(rig.store.transitions("a").map((t) => t.loadBalancerName)).toEqual(["k8s-ui-uinlb-p1"]);
    expect(
      rig.store
        .transitions("b")
        .map((t) => t.loadBalancerName)
        .sort(),
    ).toEqual(["k8s-ui-uinlb-p1", "k8s-ui-uinlb-p2"]);
  });

  it("leaves an NLB to the next discovery when one of its groups failed to answer", async () => {
    // Prepare: the instance group was just deleted; p2 answers
    const rig = rigKnowing([switching, p2]);
    const before = rig.store.nlbStates("default").get(switching.arn);
    rig.source.health = (group) =>
      group === INSTANCE_TG ? new Error("TargetGroupNotFound") : [healthy(POD, POD_PORT)];
    const context = await rig.start();
    // Act
    await burst(context, { deadline: s(7), intervalMs: 5000 });
    // Assess
    expect(rig.source.samplings[0]?.targetGroupArns).toContain(INSTANCE_TG);
    expect(rig.store.nlbStates("default").get(switching.arn)).toEqual(before);
    expect(rig.store.transitions("default").map((t) => t.loadBalancerName)).toEqual(["k8s-ui-uinlb-p2"]);
    expect(context.errors).toEqual([]);
  });

  it("leaves an NLB to the next discovery when one of its groups comes back detached (the switch)", async () => {
    // Prepare: the listener moved to a new group; the instance group's nodes read Target.NotInUse
    const rig = rigKnowing([switching]);
    const before = rig.store.nlbStates("default").get(switching.arn);
    rig.source.health = (group) =>
      group === INSTANCE_TG
        ? NODES.map((n) => ({
            ...healthy(n, NODE_PORT),
            state: "unused" as const,
            reason: "Target.NotInUse",
          }))
        : [healthy(POD, POD_PORT)];
    const context = await rig.start();
    // Act
    await burst(context, { deadline: s(7), intervalMs: 5000 });
    // Assess: nothing recorded as `unused`; discovery will read what replaced the group
    expect(rig.store.nlbStates("default").get(switching.arn)).toEqual(before);
    expect(rig.store.transitions("default")).toEqual([]);
  });

  it("leaves an NLB to the next discovery when one of its groups is missing from the answer", async () => {
    // Prepare: the instance group is left out; its last known targets must not pass for seen now
    const rig = rigKnowing([switching]);
    const before = rig.store.nlbStates("default").get(switching.arn);
    rig.source.health = (group) => (group === INSTANCE_TG ? undefined : [healthy(POD, POD_PORT)]);
    const context = await rig.start();
    // Act
    await burst(context, { deadline: s(7), intervalMs: 5000 });
    // Assess
    expect(rig.store.nlbStates("default").get(switching.arn)).toEqual(before);
    expect(context.workshops[0]?.states.get(switching.arn)).toEqual(before);
  });

  it("records a region whose re-read failed as an error, and still samples the others", async () => {
    // Prepare
    const rig = rigKnowing([p1, abroad]);
    rig.source.samplingFailures.set(REGION, new Error("Rate exceeded"));
    rig.source.health = () => [healthy(POD, POD_PORT)];
    const context = await rig.start([REGION, OTHER_REGION]);
    // Act
    await burst(context, { deadline: s(7), intervalMs: 5000 });
    // Assess
    expect(context.errors).toEqual([`burst sampling in ${REGION}: Rate exceeded`]);
    expect(rig.store.transitions("default").map((t) => t.loadBalancerName)).toEqual(["k8s-ui-uinlb-abroad"]);
  });

  it("does not wait at all when disabled or when nothing is transitional", async () => {
    // Prepare
    const transitional = rigKnowing([p1]);
    const settled = sweepRig(s(0));
    settled.store.seed("default", stateOf(participantNlb("k8s-ui-uinlb-p3", { targetGroups: [] }), s(0)));
    // Act
    await burst(await transitional.start(), { deadline: s(50), intervalMs: 0 });
    await burst(await settled.start(), { deadline: s(50), intervalMs: 5000 });
    // Assess
    expect(transitional.clock.sleeps).toEqual([]);
    expect(settled.clock.sleeps).toEqual([]);
    expect(transitional.source.samplings).toEqual([]);
  });
});

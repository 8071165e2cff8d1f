import { describe, expect, it } from "vitest";
import { type NlbWrite, persist } from "../../../src/collector/phases/persist.ts";
import type { SweepContext } from "../../../src/collector/sweep-context.ts";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
import { ConcurrentUpdateError } from "../../../src/ports/index.ts";
import { diffNlb, instant } from "../../../src/rules/index.ts";
import { checking, healthy, IP_TG, nlb, POD_PORT, registering, s, targetGroup } from "../rules/fixtures.ts";
import { answered, participantNlb, stateOf, sweepRig } from "./fixtures.ts";

const POD_A = "10.42.0.15";
const POD_B = "10.42.1.16";
const seenAt0 = nlb([targetGroup(IP_TG, "ip", [registering(POD_A, POD_PORT)])]);
const aHealthy = nlb([targetGroup(IP_TG, "ip", [healthy(POD_A, POD_PORT)])]);
const aHealthyBRegistering = nlb([
  targetGroup(IP_TG, "ip", [healthy(POD_A, POD_PORT), registering(POD_B, POD_PORT)]),
]);

/** The write a sweep makes for what it saw of an NLB at `at`. */
function writeOf(context: SweepContext, snapshot: NlbSnapshot | undefined, at: number, arn = seenAt0.arn) {
  const tracked = context.workshops[0];
  if (!tracked) throw new Error("fixture: one workshop");
  return {
    tracked,
    arn,
    name: snapshot?.name ?? "gone",
    reads: [instant(at)],
    diff: (previous) => (previous || snapshot ? diffNlb({ previous, snapshot, read: at }) : undefined),
  } satisfies NlbWrite;
}

/** A sweep that knows the NLB as first seen at 0 s, stored at version 1. */
async function sweepKnowingTheNlb() {
  const rig = sweepRig(s(0));
  rig.store.seed("default", stateOf(seenAt0, s(0)));
  rig.clock.advanceTo(s(10));
  return { rig, context: await rig.start() };
}

/** Another sweep records what it saw at `at` before this one writes. */
async function anotherSweepWrites(rig: ReturnType<typeof sweepRig>, snapshot: NlbSnapshot, at: number) {
  const stored = rig.store.nlbStates("default").get(snapshot.arn);
  const result = diffNlb({ previous: stored?.state, snapshot, read: at });
  await rig.store.applyUpdate(
    {
      workshopId: "default",
      ...(stored ? { previous: stored } : {}),
      ...(result.next ? { next: result.next } : {}),
      transitions: result.transitions,
    },
    30,
  );
}

const described = (t: { kind: string; from: string; to: string; observedBetween: number[] }) =>
  `${t.kind} ${t.from}→${t.to} [${t.observedBetween.map((at) => (at - s(0)) / 1000).join(",")}]`;

describe("persist", () => {
  it("writes a changed NLB with its transitions, and tracks its new state and version", async () => {
    // Prepare
    const { rig, context } = await sweepKnowingTheNlb();
    // Act
    const written = await persist(context, [writeOf(context, aHealthy, s(10))]);
    // Assess
    expect(written).toEqual([true]);
    expect(rig.store.transitions("default").map(described)).toEqual(["target initial→healthy [0,10]"]);
    expect(context.counters.transitions).toBe(1);
    const tracked = context.workshops[0]?.states.get(seenAt0.arn);
    expect(tracked).toEqual(rig.store.nlbStates("default").get(seenAt0.arn));
    expect(tracked?.version).toBe(2);
  });

  it("writes nothing when only sighting times moved, but remembers the sighting", async () => {
    // Prepare
    const { rig, context } = await sweepKnowingTheNlb();
    // Act
    const written = await persist(context, [writeOf(context, seenAt0, s(10))]);
    // Assess
    expect(written).toEqual([true]);
    expect(rig.store.updates).toEqual([]);
    expect(context.workshops[0]?.states.get(seenAt0.arn)).toMatchObject({
      version: 1,
      state: { lastSeenAt: s(10) },
    });
  });

  it("deletes an NLB that left the workshop", async () => {
    // Prepare
    const { rig, context } = await sweepKnowingTheNlb();
    // Act
    await persist(context, [writeOf(context, undefined, s(10))]);
    // Assess
    expect(rig.store.nlbStates("default").size).toBe(0);
    expect(context.workshops[0]?.states.size).toBe(0);
    expect(rig.store.transitions("default").map(described)).toContain("loadBalancer present→absent [0,10]");
  });

  it("re-diffs against the state another sweep wrote first: its transitions are neither duplicated nor lost", async () => {
    // Prepare: another sweep saw pod A healthy at 5 s; this one, still knowing version 1, sees
    // pod A healthy and pod B registering at 10 s
    const { rig, context } = await sweepKnowingTheNlb();
    await anotherSweepWrites(rig, aHealthy, s(5));
    // Act
    const written = await persist(context, [writeOf(context, aHealthyBRegistering, s(10))]);
    // Assess: A's transition keeps the other sweep's narrower window, once; B's is added
    expect(written).toEqual([true]);
    expect(rig.store.transitions("default").map(described)).toEqual([
      "target initial→healthy [0,5]",
      "target unregistered→initial [5,10]",
    ]);
    expect(context.counters.transitions).toBe(1);
    expect(context.workshops[0]?.states.get(seenAt0.arn)?.version).toBe(3);
    expect(context.errors).toEqual([]);
  });

  it("writes nothing more when the sweep that got there first saw the same thing", async () => {
    // Prepare
    const { rig, context } = await sweepKnowingTheNlb();
    await anotherSweepWrites(rig, aHealthy, s(10));
    // Act
    await persist(context, [writeOf(context, aHealthy, s(10))]);
    // Assess: one failed attempt, then nothing left to write
    expect(rig.store.updates).toHaveLength(2);
    expect(rig.store.transitions("default").map(described)).toEqual(["target initial→healthy [0,10]"]);
    expect(context.counters.transitions).toBe(0);
    expect(context.workshops[0]?.states.get(seenAt0.arn)).toEqual(
      rig.store.nlbStates("default").get(seenAt0.arn),
    );
  });

  it("gives up on an NLB after three retries, and says so", async () => {
    // Prepare: every attempt loses the race
    const { rig, context } = await sweepKnowingTheNlb();
    rig.store.beforeApply = () => {
      throw new ConcurrentUpdateError("version moved");
    };
    // Act
    const written = await persist(context, [writeOf(context, aHealthy, s(10))]);
    // Assess
    expect(written).toEqual([false]);
    expect(rig.store.updates).toHaveLength(4);
    expect(context.errors).toEqual(["default k8s-ui-uinlb-a9797f0f61: version moved"]);
    expect(context.counters.transitions).toBe(0);
  });

  it("does not retry other failures, and still writes the other NLBs", async () => {
    // Prepare
    const { rig, context } = await sweepKnowingTheNlb();
    const other = participantNlb("k8s-ui-uinlb-participant2");
    rig.store.beforeApply = (update) => {
      // As the SDK says it: DynamoDB answered, for this request only.
      if (update.previous?.state.arn === seenAt0.arn) throw answered(400, "ProvisionedThroughputExceeded");
    };
    // Act
    const written = await persist(context, [
      writeOf(context, aHealthy, s(10)),
      writeOf(context, other, s(10), other.arn),
    ]);
    // Assess
    expect(written).toEqual([false, true]);
    expect(rig.store.updates.filter((u) => u.previous?.state.arn === seenAt0.arn)).toHaveLength(1);
    expect(context.errors).toEqual(["default k8s-ui-uinlb-a9797f0f61: ProvisionedThroughputExceeded"]);
    expect(rig.store.nlbStates("default").get(other.arn)?.version).toBe(1);
    expect(context.workshops[0]?.states.get(seenAt0.arn)?.version).toBe(1);
  });

  it("keeps at most 16 writes in flight", async () => {
    // Prepare: 20 new NLBs whose writes wait until the test lets them go
    const rig = sweepRig(s(0));
    const context = await rig.start();
    const nlbs = Array.from({ length: 20 }, (_, i) => participantNlb(`k8s-ui-uinlb-participant${i}`));
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    rig.store.beforeApply = () => {
      started++;
      return gate;
    };
    // Act
    const writing = persist(
      context,
      nlbs.map((snapshot) => writeOf(context, snapshot, s(0), snapshot.arn)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const inFlight = started;
    release();
    const written = await writing;
    // Assess
    expect(inFlight).toBe(16);
    expect(written.every(Boolean)).toBe(true);
    expect(rig.store.nlbStates("default").size).toBe(20);
  });
});

describe("persist between overlapping sweeps", () => {
  it("refuses, and counts as a conflict, a write based on a read older than the stored state", async () => {
    // Prepare: another sweep's read answered at 20 s is stored; this sweep's read was sent at 10 s
    const { rig, context } = await sweepKnowingTheNlb();
    await anotherSweepWrites(rig, aHealthy, s(20));
    context.workshops[0]?.states.set(seenAt0.arn, rig.store.nlbStates("default").get(seenAt0.arn) as never);
    // Act
    const written = await persist(context, [writeOf(context, seenAt0, s(10))]);
    // Assess: no healthy → initial invented back, nothing written, one conflict
    expect(written).toEqual([false]);
    expect(rig.store.updates).toHaveLength(1);
    expect(rig.store.transitions("default").map(described)).toEqual(["target initial→healthy [0,20]"]);
    expect(context.counters.conflicts).toBe(1);
    expect(context.errors).toEqual([]);
  });

  it("refuses an older read found only after losing the race, instead of re-diffing it", async () => {
    // Prepare: this sweep's read ([10, 12] s) saw pod A still initial, health checks started; a
    // read answered later (15 s) saw it healthy and was written first. Re-diffed against that,
    // this read would invent healthy → initial.
    const { rig, context } = await sweepKnowingTheNlb();
    await anotherSweepWrites(rig, aHealthy, s(15));
    const aChecking = nlb([targetGroup(IP_TG, "ip", [checking(POD_A, POD_PORT)])]);
    const older = { ...writeOf(context, aChecking, s(12)), reads: [{ sentAt: s(10), receivedAt: s(12) }] };
    // Act
    await persist(context, [older]);
    // Assess
    expect(context.counters.conflicts).toBe(1);
    expect(rig.store.transitions("default").map(described)).toEqual(["target initial→healthy [0,15]"]);
  });

  it("does not bring back an NLB that another sweep recorded as gone", async () => {
    // Prepare: another sweep saw the NLB gone and deleted its state; this one still sees it
    const { rig, context } = await sweepKnowingTheNlb();
    const stored = rig.store.nlbStates("default").get(seenAt0.arn);
    await rig.store.applyUpdate(
      { workshopId: "default", ...(stored ? { previous: stored } : {}), transitions: [] },
      30,
    );
    // Act
    await persist(context, [writeOf(context, aHealthy, s(10))]);
    // Assess
    expect(rig.store.nlbStates("default").size).toBe(0);
    expect(rig.store.transitions("default")).toEqual([]);
    expect(context.counters.conflicts).toBe(1);
  });
});

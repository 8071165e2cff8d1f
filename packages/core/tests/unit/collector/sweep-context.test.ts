import { describe, expect, it } from "vitest";
import { finishSweep, guarded } from "../../../src/collector/sweep-context.ts";
import { DEFAULT_WORKSHOP } from "../../../src/model/workshop.ts";
import { markNlbError } from "../../../src/rules/index.ts";
import { REGION, s } from "../rules/fixtures.ts";
import { OTHER_REGION, participantNlb, stateOf, sweepRig, workshop } from "./fixtures.ts";

const p1 = participantNlb("k8s-ui-uinlb-p1");

describe("startSweep", () => {
  it("tracks the built-in default workshop when none is configured", async () => {
    // Prepare
    const rig = sweepRig();
    rig.store.seed("default", stateOf(p1, s(0)), 7);
    // Act
    const context = await rig.start();
    // Assess
    expect(context.workshops).toEqual([
      {
        workshop: DEFAULT_WORKSHOP,
        states: new Map([[p1.arn, { state: stateOf(p1, s(0)), version: 7 }]]),
        observedAt: {},
        vouched: new Map(),
        readBefore: {},
        gaps: { maxWindowMs: 90_000 },
      },
    ]);
  });

  it("tracks the configured workshops, each with its own stored NLBs", async () => {
    // Prepare
    const rig = sweepRig();
    await rig.store.putWorkshop(workshop("a"));
    await rig.store.putWorkshop(workshop("b"));
    rig.store.seed("b", stateOf(p1, s(0)));
    // Act
    const context = await rig.start();
    // Assess
    expect(context.workshops.map((t) => [t.workshop.id, [...t.states.keys()]])).toEqual([
      ["a", []],
      ["b", [p1.arn]],
    ]);
  });

  it("brings stored NLBs up to the last sweep that read their region in full, never back", async () => {
    // Prepare: the last sweep read REGION in full at 60 s without rewriting unchanged NLBs
    const rig = sweepRig(s(0));
    const unchanged = stateOf(p1, s(0));
    const abroad = stateOf(participantNlb("k8s-ui-uinlb-abroad", { region: OTHER_REGION }), s(0));
    const failing = markNlbError(stateOf(participantNlb("k8s-ui-uinlb-p2"), s(0)), "Rate exceeded", s(60));
    const later = stateOf(participantNlb("k8s-ui-uinlb-p3"), s(90));
    for (const state of [unchanged, abroad, failing, later]) rig.store.seed("default", state);
    rig.store.seedHeartbeat({
      workshopId: "default",
      at: s(61),
      durationMs: 1000,
      apiCalls: 4,
      errors: [],
      loadBalancers: 4,
      targets: 4,
      targetsByState: {},
      stuck: 0,
      regionsObservedAt: { [REGION]: s(60) },
    });
    // Act
    const { states } = (await rig.start([REGION, OTHER_REGION])).workshops[0] ?? { states: new Map() };
    // Assess
    expect(states.get(unchanged.arn)).toEqual({
      version: 1,
      state: {
        ...unchanged,
        lastSeenAt: s(60),
        targetGroups: unchanged.targetGroups.map((g) => ({ ...g, lastSeenAt: s(60) })),
        targets: unchanged.targets.map((t) => ({ ...t, lastSeenAt: s(60) })),
      },
    });
    expect(states.get(abroad.arn)?.state).toEqual(abroad);
    expect(states.get(failing.arn)?.state).toEqual(failing);
    expect(states.get(later.arn)?.state).toEqual(later);
  });
});

describe("finishSweep", () => {
  it("counts only the ELBv2 calls and throttles of this sweep", async () => {
    // Prepare: the source was used before the sweep
    const rig = sweepRig(s(0));
    await rig.source.discover(REGION, () => true);
    rig.source.countThrottled(3);
    const context = await rig.start();
    await rig.source.discover(REGION, () => true);
    await rig.source.sampleTargetGroups(REGION, ["tg-1", "tg-2"]);
    rig.source.countThrottled(1);
    rig.clock.advanceTo(s(42));
    // Act
    const finish = finishSweep(context);
    // Assess
    expect(finish).toEqual({ at: s(42), elbApiCalls: 3, elbThrottled: 1 });
  });
});

describe("guarded", () => {
  it("turns a failure into the sweep's error and goes on", async () => {
    // Prepare
    const context = await sweepRig().start();
    // Act
    const results = [
      await guarded(context, "heartbeat a", () => Promise.reject(new Error("Internal server error"))),
      await guarded(context, "metrics", () => Promise.reject("socket hang up")),
      await guarded(context, "heartbeat b", async () => {}),
    ];
    // Assess
    expect(results).toEqual([false, false, true]);
    expect(context.errors).toEqual(["heartbeat a: Internal server error", "metrics: socket hang up"]);
  });
});

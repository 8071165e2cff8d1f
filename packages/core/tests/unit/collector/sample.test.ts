import { describe, expect, it } from "vitest";
import { discover } from "../../../src/collector/phases/discover.ts";
import { sample } from "../../../src/collector/phases/sample.ts";
import type { SweepContext } from "../../../src/collector/sweep-context.ts";
import { CLUSTER_TAG } from "../../../src/model/constants.ts";
import { REGION, s } from "../rules/fixtures.ts";
import {
  answered,
  OTHER_REGION,
  participantNlb,
  type SweepRig,
  stateOf,
  sweepRig,
  workshop,
} from "./fixtures.ts";

const p1 = participantNlb("k8s-ui-uinlb-p1");
const p2 = participantNlb("k8s-ui-uinlb-p2");
const abroad = participantNlb("k8s-ui-uinlb-abroad", { region: OTHER_REGION });

/** Discovery, then this phase: the start of every sweep. */
async function discoverAndSample(rig: SweepRig, defaultRegions = [REGION]): Promise<SweepContext> {
  const context = await rig.start(defaultRegions);
  await sample(context, await discover(context));
  return context;
}

const kinds = (rig: SweepRig, workshopId = "default") =>
  rig.store.transitions(workshopId).map((t) => `${t.loadBalancerName} ${t.kind} ${t.from}→${t.to}`);

describe("sample", () => {
  it("records a newly seen NLB with the transitions of its appearance, and the region as read", async () => {
    // Prepare
    const rig = sweepRig(s(0));
    rig.source.regions.set(REGION, { loadBalancers: [p1] });
    // Act
    const context = await discoverAndSample(rig);
    // Assess
    expect(rig.store.nlbStates("default").get(p1.arn)).toEqual({ state: stateOf(p1, s(0)), version: 1 });
    expect(kinds(rig)).toEqual([
      "k8s-ui-uinlb-p1 loadBalancer absent→present",
      "k8s-ui-uinlb-p1 target unregistered→initial",
    ]);
    expect(context.counters.transitions).toBe(2);
    expect(context.workshops[0]?.observedAt).toEqual({ [REGION]: s(0) });
    expect(context.errors).toEqual([]);
  });

  it("writes nothing for an NLB that did not change, and records the region as read", async () => {
    // Prepare
    const rig = sweepRig(s(0));
    rig.store.seed("default", stateOf(p1, s(0)));
    rig.source.regions.set(REGION, { loadBalancers: [p1] });
    rig.clock.advanceTo(s(60));
    // Act
    const context = await discoverAndSample(rig);
    // Assess
    expect(rig.store.updates).toEqual([]);
    expect(context.workshops[0]?.states.get(p1.arn)?.state.lastSeenAt).toBe(s(60));
    expect(context.workshops[0]?.observedAt).toEqual({ [REGION]: s(60) });
  });

  it("marks every NLB of a region whose discovery failed with the error, keeping its last known state", async () => {
    // Prepare: one NLB here, one in a region that still answers
    const rig = sweepRig(s(0));
    const known = stateOf(p1, s(0));
    rig.store.seed("default", known);
    rig.store.seed("default", stateOf(abroad, s(0)));
    rig.source.regions.set(REGION, new Error("Throttling: Rate exceeded"));
    rig.source.regions.set(OTHER_REGION, { loadBalancers: [abroad] });
    rig.clock.advanceTo(s(60));
    // Act
    const context = await discoverAndSample(rig, [OTHER_REGION, REGION]);
    // Assess
    const error = { message: "Throttling: Rate exceeded", since: s(60), at: s(60) };
    expect(rig.store.nlbStates("default").get(p1.arn)).toEqual({ state: { ...known, error }, version: 2 });
    expect(rig.store.transitions("default")).toEqual([]);
    expect(context.errors).toEqual([`discovery in ${REGION}: Throttling: Rate exceeded`]);
    expect(context.workshops[0]?.observedAt).toEqual({ [OTHER_REGION]: s(60) });
  });

  it("marks an NLB that could not be read with the error, without deregistering its targets", async () => {
    // Prepare: its target group vanished mid-read; a failure of an NLB the workshop never had too
    const rig = sweepRig(s(0));
    const known = stateOf(p1, s(0));
    rig.store.seed("default", known);
    rig.source.regions.set(REGION, {
      loadBalancers: [p2],
      failures: new Map([
        [p1.arn, "DescribeTargetHealth: TargetGroupNotFound"],
        ["arn:unknown", "DescribeTargetHealth: Rate exceeded"],
      ]),
    });
    rig.clock.advanceTo(s(60));
    // Act
    const context = await discoverAndSample(rig);
    // Assess
    const error = { message: "DescribeTargetHealth: TargetGroupNotFound", since: s(60), at: s(60) };
    expect(rig.store.nlbStates("default").get(p1.arn)?.state).toEqual({ ...known, error });
    expect([...rig.store.nlbStates("default").keys()].sort()).toEqual([p1.arn, p2.arn].sort());
    expect(kinds(rig)).not.toContainEqual(expect.stringContaining("k8s-ui-uinlb-p1"));
    expect(context.errors).toEqual([
      `${p1.arn}: DescribeTargetHealth: TargetGroupNotFound`,
      "arn:unknown: DescribeTargetHealth: Rate exceeded",
    ]);
    expect(context.workshops[0]?.observedAt).toEqual({});
  });

  it("records each NLB in the workshops that select it (adopting what another knew); one that is gone or no longer selected leaves", async () => {
    // Prepare: "only-p1" still has p2 from before its selector changed; "all" had p1, now deleted
    const rig = sweepRig(s(0));
    await rig.store.putWorkshop(workshop("all"));
    await rig.store.putWorkshop(
      workshop("only-p1", {
        selector: { tags: [{ key: CLUSTER_TAG, value: "k8s-ui-uinlb-p1" }], regions: [] },
      }),
    );
    rig.store.seed("all", stateOf(p1, s(0)));
    rig.store.seed("only-p1", stateOf(p2, s(0)));
    rig.source.regions.set(REGION, { loadBalancers: [p2] });
    rig.clock.advanceTo(s(60));
    // Act
    await discoverAndSample(rig);
    // Assess
    expect([...rig.store.nlbStates("all").keys()]).toEqual([p2.arn]);
    expect([...rig.store.nlbStates("only-p1").keys()]).toEqual([]);
    expect(kinds(rig, "all")).toContain("k8s-ui-uinlb-p1 loadBalancer present→absent");
    expect(kinds(rig, "only-p1")).toContain("k8s-ui-uinlb-p2 loadBalancer present→absent");
    // p2 is new to "all" but not to the collector: "all" adopts it as "only-p1" knew it (adopt.test.ts)
    expect(kinds(rig, "all")).not.toContain("k8s-ui-uinlb-p2 loadBalancer absent→present");
    expect(rig.store.nlbStates("all").get(p2.arn)?.state.firstSeenAt).toBe(s(0));
  });

  it("does not record a region as read when one of its writes failed", async () => {
    // Prepare
    const rig = sweepRig(s(0));
    rig.source.regions.set(REGION, { loadBalancers: [p1, p2] });
    rig.store.beforeApply = (update) => {
      if (update.next?.arn === p2.arn) throw answered(500, "Internal server error");
    };
    // Act
    const context = await discoverAndSample(rig);
    // Assess
    expect(context.errors).toEqual(["default k8s-ui-uinlb-p2: Internal server error"]);
    expect([...rig.store.nlbStates("default").keys()]).toEqual([p1.arn]);
    expect(context.workshops[0]?.observedAt).toEqual({});
  });
});

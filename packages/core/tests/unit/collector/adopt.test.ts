import { describe, expect, it } from "vitest";
import { runSweep } from "../../../src/collector/sweep.ts";
import type { Transition } from "../../../src/model/transition.ts";
import { healthy, IP_TG, NODES, POD_PORT, REGION, s } from "../rules/fixtures.ts";
import { participantNlb, type SweepRig, sweepRig, switching, workshop } from "./fixtures.ts";

const POD = "10.42.0.15";
const LATER_POD = "10.42.0.16";
const DAY_SECONDS = 86_400;

const sweepAt = (rig: SweepRig, seconds: number) => {
  rig.clock.advanceTo(s(seconds));
  return runSweep({
    source: rig.source,
    store: rig.store,
    clock: rig.clock,
    defaultRegions: [REGION],
    burstIntervalSeconds: 0,
    deadline: s(seconds + 50),
  });
};

const described = (t: Transition) =>
  t.kind === "target" ? `${t.target.id} ${t.from}→${t.to}` : `${t.kind} ${t.from}→${t.to}`;

/**
 * The walkthrough's NLB mid-switch, watched by the implicit default workshop (none is configured):
 * nodes healthy, the pod registering.
 */
function watchedByDefault(): SweepRig {
  const rig = sweepRig(s(0));
  rig.source.regions.set(REGION, { loadBalancers: [switching] });
  return rig;
}

function podHealthy(rig: SweepRig, extraPods: string[] = []): void {
  rig.source.regions.set(REGION, {
    loadBalancers: [
      {
        ...switching,
        targetGroups: switching.targetGroups.map((group) =>
          group.arn === IP_TG
            ? { ...group, targets: [POD, ...extraPods].map((id) => healthy(id, POD_PORT)) }
            : group,
        ),
      },
    ],
  });
}

describe("a workshop configured mid-event", () => {
  it("adopts what the collector knows of its NLBs: no invented registrations, its recorded history, and the pod's time to healthy still measured", async () => {
    // Prepare: the default workshop has watched the NLB for a minute
    const rig = watchedByDefault();
    await sweepAt(rig, 0);
    await sweepAt(rig, 60);
    const history = rig.store.transitions("default");
    await rig.store.putWorkshop(workshop("con301"));
    // Act: its first sweep, then the pod turns healthy
    await sweepAt(rig, 120);
    const firstSweep = rig.store.transitions("con301");
    podHealthy(rig);
    await sweepAt(rig, 180);
    // Assess: the NLB's history as the default workshop recorded it (same windows), nothing new
    // on adoption, then the pod's change timed from its registration long before
    expect(history.map(described).sort()).toEqual(
      [
        "loadBalancer absent→present",
        ...NODES.map((n) => `${n} unregistered→healthy`),
        `${POD} unregistered→initial`,
      ].sort(),
    );
    expect(firstSweep).toEqual(history);
    const transitions = rig.store.transitions("con301");
    expect(transitions.slice(0, history.length)).toEqual(history);
    const added = transitions.slice(history.length);
    expect(added.map(described)).toEqual([`${POD} initial→healthy`]);
    expect(added[0]).toMatchObject({ observedBetween: [s(120), s(180)], timeToHealthySeconds: 180 });
    const stored = rig.store.nlbStates("con301").get(switching.arn)?.state;
    expect(stored?.firstSeenAt).toBe(s(0));
    expect(stored?.targets.find((t) => t.id === NODES[0])).toMatchObject({ registeredAt: s(0), since: s(0) });
  });

  it("records what changed since the collector last saw the NLB, and a target registered since then as registered", async () => {
    // Prepare: the default workshop saw the pod registering; then the workshop is configured,
    // and by its first sweep the pod is healthy and a second pod has been registered
    const rig = watchedByDefault();
    await sweepAt(rig, 0);
    await rig.store.putWorkshop(workshop("con301"));
    podHealthy(rig, [LATER_POD]);
    // Act
    await sweepAt(rig, 60);
    // Assess: the history up to the default workshop's sighting, then the pod's change timed
    // from that sighting; the new pod is new
    const history = rig.store.transitions("default").filter((t) => t.at <= s(0));
    const transitions = rig.store.transitions("con301");
    expect(transitions.filter((t) => t.at <= s(0))).toEqual(history);
    expect(
      transitions
        .filter((t) => t.at > s(0))
        .map(described)
        .sort(),
    ).toEqual([`${POD} initial→healthy`, `${LATER_POD} unregistered→healthy`]);
    expect(transitions.find((t) => t.kind === "target" && t.target.id === LATER_POD)).toMatchObject({
      observedBetween: [s(0), s(60)],
    });
  });

  it("adopts from another configured workshop an NLB its new selector now takes in", async () => {
    // Prepare: workshop a watches every NLB, b only p2's; both have swept
    const p1 = participantNlb("k8s-ui-uinlb-p1");
    const p2 = participantNlb("k8s-ui-uinlb-p2");
    const rig = sweepRig(s(0));
    rig.source.regions.set(REGION, { loadBalancers: [p1, p2] });
    await rig.store.putWorkshop(workshop("a"));
    await rig.store.putWorkshop(
      workshop("b", { selector: { tags: [], namePrefix: "k8s-ui-uinlb-p2", regions: [] } }),
    );
    await sweepAt(rig, 0);
    // Act: b's selector widens to every NLB
    await rig.store.putWorkshop(workshop("b"));
    await sweepAt(rig, 60);
    // Assess: p1 joined b with its history as a recorded it (its pod registered at 0 s), nothing new
    const joined = rig.store.transitions("b").filter((t) => t.loadBalancerName === p1.name);
    const recordedByA = rig.store.transitions("a").filter((t) => t.loadBalancerName === p1.name);
    expect(recordedByA.map(described)).toEqual([
      "loadBalancer absent→present",
      "10.42.0.15 unregistered→initial",
    ]);
    expect(joined).toEqual(recordedByA);
    expect(rig.store.nlbStates("b").get(p1.arn)?.state.targets).toHaveLength(1);
  });

  it("still records first sightings for NLBs nobody watched before, also when two workshops start at once", async () => {
    // Prepare
    const rig = sweepRig(s(0));
    rig.source.regions.set(REGION, { loadBalancers: [switching] });
    await rig.store.putWorkshop(workshop("a"));
    await rig.store.putWorkshop(workshop("b"));
    // Act
    await sweepAt(rig, 0);
    // Assess
    for (const id of ["a", "b"]) {
      expect(rig.store.transitions(id).map(described).sort()).toEqual(
        [
          "loadBalancer absent→present",
          ...NODES.map((n) => `${n} unregistered→healthy`),
          `${POD} unregistered→initial`,
        ].sort(),
      );
    }
  });
  it("copies only the history inside the adopting workshop's retention window", async () => {
    // Prepare: watched by default from 0 s; two days later a workshop keeping one day is configured
    const rig = watchedByDefault();
    await sweepAt(rig, 0);
    podHealthy(rig);
    await sweepAt(rig, 2 * DAY_SECONDS);
    await rig.store.putWorkshop(workshop("con301", { retentionDays: 1 }));
    // Act
    await sweepAt(rig, 2 * DAY_SECONDS + 60);
    // Assess: the pod turning healthy (two days in) came along; the sightings of day 0 did not
    const transitions = rig.store.transitions("con301");
    expect(transitions.map(described)).toEqual([`${POD} initial→healthy`]);
    expect(rig.store.nlbStates("con301").get(switching.arn)?.state.firstSeenAt).toBe(s(0));
  });

  it("leaves an NLB whose history cannot be read for a later sweep, which adopts it with its history", async () => {
    // Prepare: the history read fails once
    const rig = watchedByDefault();
    await sweepAt(rig, 0);
    await rig.store.putWorkshop(workshop("con301"));
    rig.store.beforeHistory = () => {
      rig.store.beforeHistory = undefined;
      throw Object.assign(new Error("ProvisionedThroughputExceededException"), {
        $metadata: { httpStatusCode: 400 },
      });
    };
    // Act
    const refused = await sweepAt(rig, 60);
    const afterRefusal = rig.store.nlbStates("con301").size;
    await sweepAt(rig, 120);
    // Assess: said so, nothing half-adopted, then adopted whole
    expect(refused.errors).toEqual([
      expect.stringMatching(
        /^con301 k8s-ui-uinlb-\S+: history of workshop default not read, adopted next sweep/,
      ),
    ]);
    expect(afterRefusal).toBe(0);
    expect(rig.store.transitions("con301")).toEqual(rig.store.transitions("default"));
  });
});

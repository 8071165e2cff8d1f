import { describe, expect, it } from "vitest";
import type { NlbSnapshot, ReadInterval } from "../../../src/model/snapshot.ts";
import type { NlbState } from "../../../src/model/state.ts";
import { diffNlb } from "../../../src/rules/index.ts";
import {
  healthy,
  INSTANCE_TG,
  IP_TG,
  NODE_PORT,
  NODES,
  nlb,
  POD_PORT,
  registering,
  s,
  targetGroup,
} from "./fixtures.ts";

const POD = "10.42.0.15";
const read = (sentAt: number, receivedAt: number): ReadInterval => ({
  sentAt: s(sentAt),
  receivedAt: s(receivedAt),
});

/** The IP group of the walkthrough's NLB holding `pods`, read by `groupRead`. */
function ipNlb(pods: ReturnType<typeof healthy>[], groupRead?: ReadInterval): NlbSnapshot {
  return nlb([targetGroup(IP_TG, "ip", pods, groupRead ? { read: groupRead } : {})]);
}

function stateAfter(...steps: { snapshot: NlbSnapshot; read?: ReadInterval }[]): NlbState {
  let state: NlbState | undefined;
  for (const step of steps) state = diffNlb({ previous: state, ...step }).next;
  if (!state) throw new Error("fixture: no state");
  return state;
}

describe("diffNlb: windows from read intervals", () => {
  it("opens a change's window at the send of the last read of the old state and closes it at the answer of the first read of the new one", () => {
    // Prepare: the pod was read initial by a read sent at 10 s; the next read was sent at 20 s
    // and, throttled and retried, answered at 35 s
    const previous = stateAfter({
      snapshot: ipNlb([registering(POD, POD_PORT)], read(10, 14)),
      read: read(0, 2),
    });
    // Act
    const { transitions } = diffNlb({
      previous,
      snapshot: ipNlb([healthy(POD, POD_PORT)], read(20, 35)),
      read: read(18, 19),
    });
    // Assess: the change happened somewhere in [10, 35]; a window stamped at the call's start
    // (18 s) would end before ELBv2 even read the new state
    expect(transitions).toEqual([
      expect.objectContaining({ from: "initial", to: "healthy", observedBetween: [s(10), s(35)], at: s(35) }),
    ]);
  });

  it("opens a registration's window at the last read of the target's group without it", () => {
    // Prepare: the group was read empty at [60, 61] s
    const previous = stateAfter({ snapshot: ipNlb([], read(60, 61)), read: read(58, 59) });
    // Act
    const { transitions, next } = diffNlb({
      previous,
      snapshot: ipNlb([registering(POD, POD_PORT)], read(120, 122)),
      read: read(118, 119),
    });
    // Assess
    expect(transitions).toEqual([
      expect.objectContaining({ from: "unregistered", to: "initial", observedBetween: [s(60), s(122)] }),
    ]);
    expect(next?.targets[0]).toMatchObject({
      registeredAfter: s(60),
      registeredAt: s(122),
      lastSeenAt: s(120),
    });
  });

  it("opens the windows of a group new to the NLB at the NLB's previous discovery, when it was not attached", () => {
    // Prepare: instance mode, discovered at [0, 3] s
    const instances = targetGroup(
      INSTANCE_TG,
      "instance",
      NODES.map((n) => healthy(n, NODE_PORT)),
    );
    const previous = stateAfter({ snapshot: nlb([instances]), read: read(0, 3) });
    // Act: the next discovery finds the new ip group with a pod
    const switched = nlb([
      instances,
      targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)], { read: read(64, 66) }),
    ]);
    const { transitions } = diffNlb({ previous, snapshot: switched, read: read(60, 63) });
    // Assess
    expect(transitions.map((t) => [t.kind, t.from, t.to, t.observedBetween])).toEqual([
      ["mode", "instance", "mixed", [s(0), s(63)]],
      ["target", "unregistered", "initial", [s(0), s(66)]],
    ]);
  });

  it("opens the windows of an NLB new to the workshop at the region's previous discovery", () => {
    // Act
    const { transitions, next } = diffNlb({
      snapshot: ipNlb([registering(POD, POD_PORT)], read(62, 63)),
      read: read(60, 61),
      regionReadBefore: s(0),
    });
    // Assess
    expect(transitions.map((t) => [t.kind, t.from, t.to, t.observedBetween])).toEqual([
      ["loadBalancer", "absent", "present", [s(0), s(61)]],
      ["target", "unregistered", "initial", [s(0), s(63)]],
    ]);
    expect(next?.targets[0]?.registeredAfter).toBe(s(0));
  });

  it("opens a first-seen NLB's windows at its creation when no earlier read of the region is known", () => {
    // Act: AWS created it at 2 s; the very first read lists it
    const { transitions, next } = diffNlb({
      snapshot: { ...ipNlb([registering(POD, POD_PORT)], read(12, 13)), createdAt: s(2) },
      read: read(10, 11),
    });
    // Assess
    expect(transitions.map((t) => t.observedBetween)).toEqual([
      [s(2), s(11)],
      [s(2), s(13)],
    ]);
    expect(next?.targets[0]?.registeredAfter).toBe(s(2));
    // …and at the later of its creation and the region's previous read when both are known
    const both = diffNlb({
      snapshot: { ...ipNlb([], read(12, 13)), createdAt: s(2) },
      read: read(10, 11),
      regionReadBefore: s(5),
    });
    expect(both.transitions[0]?.observedBetween).toEqual([s(5), s(11)]);
  });

  it("remembers the latest answer a state reflects, for the overlap guard", () => {
    // Act
    const state = stateAfter({ snapshot: ipNlb([registering(POD, POD_PORT)], read(3, 9)), read: read(0, 2) });
    // Assess
    expect(state).toMatchObject({ lastSeenAt: s(0), lastReceivedAt: s(9), firstSeenAt: s(2) });
    expect(state.targetGroups[0]?.lastSeenAt).toBe(s(3));
  });

  it("refuses a read answered before the read it follows was sent", () => {
    // Prepare
    const previous = stateAfter({
      snapshot: ipNlb([registering(POD, POD_PORT)], read(10, 14)),
      read: read(0, 2),
    });
    // Act, Assess
    expect(() =>
      diffNlb({ previous, snapshot: ipNlb([healthy(POD, POD_PORT)], read(5, 8)), read: read(12, 13) }),
    ).toThrow(RangeError);
  });

  it("refuses a re-read of target health only for an NLB it does not know", () => {
    expect(() => diffNlb({ snapshot: ipNlb([], read(1, 2)) })).toThrow(TypeError);
  });
});

describe("diffNlb: time to healthy with its bounds", () => {
  it("measures first seen registered to first seen healthy and bounds it by both windows", () => {
    // Prepare: registered in [0, 2] s (group read empty at 0 s, with the pod at [1, 2] s), seen
    // initial by a read sent at 88 s, healthy by one answered at 95 s
    const steps = [
      { snapshot: ipNlb([], read(0, 0.5)), read: read(0, 0.2) },
      { snapshot: ipNlb([registering(POD, POD_PORT)], read(1, 2)), read: read(0.8, 0.9) },
      { snapshot: ipNlb([registering(POD, POD_PORT)], read(88, 89)), read: read(87, 87.5) },
    ];
    const previous = stateAfter(...steps);
    // Act
    const { transitions, next } = diffNlb({
      previous,
      snapshot: ipNlb([healthy(POD, POD_PORT)], read(93, 95)),
      read: read(92, 92.5),
    });
    // Assess: value 95 − 2 = 93 s; the truth lies in [88 − 2, 95 − 0] = [86, 95]
    expect(transitions[0]).toMatchObject({
      timeToHealthySeconds: 93,
      timeToHealthyBounds: { min: 86, max: 95 },
    });
    expect(next?.targets[0]).toMatchObject({
      healthyAfter: s(88),
      healthyAt: s(95),
      timeToHealthySeconds: 93,
      timeToHealthyBounds: { min: 86, max: 95 },
    });
  });

  it("gives no upper bound when registration was first seen without an earlier read of its group", () => {
    // Prepare: the first ever read of the NLB already lists the pod
    const previous = stateAfter({
      snapshot: ipNlb([registering(POD, POD_PORT)], read(1, 2)),
      read: read(0, 0.5),
    });
    // Act
    const { transitions } = diffNlb({
      previous,
      snapshot: ipNlb([healthy(POD, POD_PORT)], read(60, 61)),
      read: read(59, 59.5),
    });
    // Assess: it may have been healthy just after the read that first listed it (sent at 1 s)
    expect(transitions[0]).toMatchObject({ timeToHealthySeconds: 59, timeToHealthyBounds: { min: 0 } });
    expect(transitions[0]?.kind === "target" && transitions[0].timeToHealthyBounds).not.toHaveProperty("max");
  });
});

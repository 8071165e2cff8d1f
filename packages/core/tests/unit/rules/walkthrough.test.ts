// The EKS Workshop NLB module as a collector would see it, one sweep at a time.
import { describe, expect, it } from "vitest";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
import type { NlbState } from "../../../src/model/state.ts";
import type { TargetTransition, Transition } from "../../../src/model/transition.ts";
import { applyTransitions, diffNlb, timeToHealthyStats, viewOf } from "../../../src/rules/index.ts";
import {
  checking,
  draining,
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

const PODS = ["10.42.0.15", "10.42.1.27", "10.42.2.9"];

const instanceGroup = (make: typeof healthy) =>
  targetGroup(
    INSTANCE_TG,
    "instance",
    NODES.map((node) => make(node, NODE_PORT)),
  );

/** The walkthrough's sweeps; the store persists a sweep's state only when it changed. */
const sweeps: { at: number; snapshot: NlbSnapshot }[] = [
  // `kubectl apply` of the ui-nlb Service: the controller creates the NLB in instance mode.
  { at: s(0), snapshot: nlb([instanceGroup(registering)]) },
  { at: s(60), snapshot: nlb([instanceGroup(checking)]) },
  { at: s(90), snapshot: nlb([instanceGroup(healthy)]) },
  { at: s(150), snapshot: nlb([instanceGroup(healthy)]) },
  // Patched to `nlb-target-type: ip`: a new ip group next to the old one for a while.
  {
    at: s(200),
    snapshot: nlb([instanceGroup(healthy), targetGroup(IP_TG, "ip", [registering(PODS[0] ?? "", POD_PORT)])]),
  },
  {
    at: s(210),
    snapshot: nlb([
      instanceGroup(draining),
      targetGroup(IP_TG, "ip", [registering(PODS[0] ?? "", POD_PORT)]),
    ]),
  },
  { at: s(240), snapshot: nlb([targetGroup(IP_TG, "ip", [checking(PODS[0] ?? "", POD_PORT)])]) },
  { at: s(265), snapshot: nlb([targetGroup(IP_TG, "ip", [healthy(PODS[0] ?? "", POD_PORT)])]) },
  // `kubectl scale deployment/ui --replicas 3`.
  {
    at: s(300),
    snapshot: nlb([
      targetGroup(IP_TG, "ip", [
        healthy(PODS[0] ?? "", POD_PORT),
        registering(PODS[1] ?? "", POD_PORT),
        registering(PODS[2] ?? "", POD_PORT),
      ]),
    ]),
  },
  {
    at: s(395),
    snapshot: nlb([
      targetGroup(
        IP_TG,
        "ip",
        PODS.map((pod) => healthy(pod, POD_PORT)),
      ),
    ]),
  },
];

function play(): { states: (NlbState | undefined)[]; transitions: Transition[][]; changed: boolean[] } {
  let stored: NlbState | undefined;
  const states: (NlbState | undefined)[] = [];
  const transitions: Transition[][] = [];
  const changed: boolean[] = [];
  for (const { at, snapshot } of sweeps) {
    const result = diffNlb({ previous: stored, snapshot, read: at });
    if (result.changed) stored = result.next;
    states.push(stored);
    transitions.push(result.transitions);
    changed.push(result.changed);
  }
  return { states, transitions, changed };
}

const brief = (t: Transition) =>
  t.kind === "target" ? `${t.target.id}:${t.target.port} ${t.from}→${t.to}` : `${t.kind} ${t.from}→${t.to}`;

describe("the EKS Workshop NLB walkthrough", () => {
  it("sees the NLB appear in instance mode with three nodes registering", () => {
    // Act
    const { transitions, states } = play();
    // Assess
    expect(transitions[0]?.map(brief)).toEqual([
      "loadBalancer absent→present",
      ...NODES.map((node) => `${node}:30080 unregistered→initial`),
    ]);
    expect(transitions[0]?.[0]).toMatchObject({ mode: "instance", observedBetween: [s(0), s(0)] });
    expect(states[0]?.mode).toBe("instance");
    expect(states[0]?.cluster).toBe("eks-workshop");
    expect(states[0]?.service).toBe("ui/ui-nlb");
  });

  it("records the move to initial health checking without a transition", () => {
    // Act
    const { transitions, states, changed } = play();
    // Assess
    expect(transitions[1]).toEqual([]);
    expect(changed[1]).toBe(true);
    expect(states[1]?.targets.map((t) => [t.reason, t.since])).toEqual(
      NODES.map(() => ["Elb.InitialHealthChecking", s(0)]),
    );
  });

  it("times the nodes' way to healthy from registration", () => {
    // Act
    const { transitions, states } = play();
    // Assess
    const toHealthy = transitions[2] as TargetTransition[];
    expect(toHealthy.map(brief)).toEqual(NODES.map((node) => `${node}:30080 initial→healthy`));
    expect(toHealthy[0]).toMatchObject({
      observedBetween: [s(60), s(90)],
      at: s(90),
      secondsInPreviousState: 90,
      timeToHealthySeconds: 90,
    });
    expect(
      states[2]?.targets.every((t) => t.timeToHealthySeconds === 90 && t.notHealthySince === undefined),
    ).toBe(true);
  });

  it("costs no write while everything is healthy", () => {
    const { transitions, changed, states } = play();
    expect(transitions[3]).toEqual([]);
    expect(changed[3]).toBe(false);
    expect(states[3]).toBe(states[2]);
  });

  it("sees the mode go from instance through mixed to ip", () => {
    // Act
    const { transitions, states } = play();
    // Assess
    const modes = transitions.flat().filter((t) => t.kind === "mode");
    expect(modes.map((t) => [t.from, t.to, t.observedBetween, t.secondsInPreviousState])).toEqual([
      // The steady sweep at 150 s was not persisted, so the window honestly opens at 90 s.
      ["instance", "mixed", [s(90), s(200)], 200],
      ["mixed", "ip", [s(210), s(240)], 40],
    ]);
    expect(states[6]?.mode).toBe("ip");
    expect(states[6]?.modeSince).toBe(s(240));
  });

  it("registers the first pod in a known NLB after its previous sighting", () => {
    const { transitions, states } = play();
    expect(transitions[4]?.map(brief)).toEqual([
      "mode instance→mixed",
      `${PODS[0]}:8080 unregistered→initial`,
    ]);
    expect(transitions[4]?.[1]?.observedBetween).toEqual([s(90), s(200)]);
    expect(states[4]?.targets.find((t) => t.id === PODS[0])).toMatchObject({
      registeredAfter: s(90),
      registeredAt: s(200),
      notHealthySince: s(200),
    });
  });

  it("sees the nodes drain and then leave with their target group", () => {
    // Act
    const { transitions } = play();
    // Assess
    expect(transitions[5]?.map(brief)).toEqual(NODES.map((node) => `${node}:30080 healthy→draining`));
    const gone = transitions[6]?.filter((t) => t.kind === "target") as TargetTransition[];
    expect(gone.map(brief)).toEqual(NODES.map((node) => `${node}:30080 draining→deregistered`));
    expect(gone[0]).toMatchObject({ observedBetween: [s(210), s(240)], secondsInPreviousState: 30 });
  });

  it("times the ip target's way to healthy", () => {
    const { transitions } = play();
    expect(transitions[7]).toMatchObject([
      {
        kind: "target",
        from: "initial",
        to: "healthy",
        timeToHealthySeconds: 65,
        secondsInPreviousState: 65,
      },
    ]);
  });

  it("sees the scale-out register two pods that become healthy", () => {
    // Act
    const { transitions, states } = play();
    // Assess
    expect(transitions[8]?.map(brief)).toEqual([
      `${PODS[1]}:8080 unregistered→initial`,
      `${PODS[2]}:8080 unregistered→initial`,
    ]);
    expect(transitions[9]?.map((t) => (t as TargetTransition).timeToHealthySeconds)).toEqual([95, 95]);
    expect(states[9]?.targets.map((t) => [t.id, t.state])).toEqual(PODS.map((pod) => [pod, "healthy"]));
  });

  it("can rebuild the final NLB from its transitions alone", () => {
    // Prepare
    const { transitions, states } = play();
    // Act
    const rebuilt = applyTransitions(undefined, transitions.flat());
    // Assess
    expect(rebuilt).toEqual(viewOf(states.at(-1)));
  });

  it("summarizes every time to healthy of the module", () => {
    // Prepare
    const { transitions } = play();
    const seconds = transitions
      .flat()
      .flatMap((t) =>
        t.kind === "target" && t.timeToHealthySeconds !== undefined ? [t.timeToHealthySeconds] : [],
      );
    // Act
    const stats = timeToHealthyStats(seconds);
    // Assess
    expect(stats).toEqual({ count: 6, p50: 90, p90: 95, max: 95 });
  });
});

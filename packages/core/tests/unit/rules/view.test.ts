import { describe, expect, it } from "vitest";
import type { Transition } from "../../../src/model/transition.ts";
import { applyTransitions, diffNlb, viewOf } from "../../../src/rules/index.ts";
import {
  failing,
  healthy,
  IP_TG,
  NLB_ARN,
  nlb,
  POD_PORT,
  REGION,
  registering,
  s,
  targetGroup,
} from "./fixtures.ts";

const POD = "10.42.0.15";
const KEY = `${IP_TG}|${POD}|${POD_PORT}`;
const base = {
  region: REGION,
  loadBalancerArn: NLB_ARN,
  loadBalancerName: "nlb",
  at: s(0),
  observedBetween: [s(0), s(0)] as [number, number],
};
const target = {
  ...base,
  kind: "target" as const,
  targetGroupArn: IP_TG,
  target: { id: POD, port: POD_PORT },
};

describe("viewOf", () => {
  it("is undefined for no state", () => {
    expect(viewOf(undefined)).toBeUndefined();
  });

  it("gives the mode and each target's state by key", () => {
    const { next } = diffNlb({
      snapshot: nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)])]),
      read: s(0),
    });
    expect(viewOf(next)).toEqual({ mode: "ip", targets: { [KEY]: "healthy" } });
  });
});

describe("applyTransitions", () => {
  it("replays an NLB's whole life, oldest first", () => {
    // Prepare
    const tg = (make: typeof healthy) => nlb([targetGroup(IP_TG, "ip", [make(POD, POD_PORT)])]);
    const first = diffNlb({ snapshot: tg(registering), read: s(0) });
    const second = diffNlb({ previous: first.next, snapshot: tg(healthy), read: s(60) });
    const third = diffNlb({ previous: second.next, snapshot: tg(failing), read: s(120) });
    const history = [...first.transitions, ...second.transitions, ...third.transitions];
    // Act
    const view = applyTransitions(undefined, history);
    // Assess
    expect(view).toEqual(viewOf(third.next));
  });

  it("ends with no view when the NLB disappeared", () => {
    // Prepare
    const { next } = diffNlb({
      snapshot: nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)])]),
      read: s(0),
    });
    const gone = diffNlb({ previous: next, read: s(60) });
    // Act
    const view = applyTransitions(viewOf(next), gone.transitions);
    // Assess
    expect(view).toBeUndefined();
  });

  it("leaves the previous view alone", () => {
    const previous = { mode: "ip" as const, targets: { [KEY]: "initial" as const } };
    applyTransitions(previous, [{ ...target, from: "initial", to: "healthy" }]);
    expect(previous.targets[KEY]).toBe("initial");
  });

  it.each<[string, Parameters<typeof applyTransitions>[0], Transition[]]>([
    [
      "a target that is not where the transition starts",
      { mode: "ip", targets: { [KEY]: "initial" } },
      [{ ...target, from: "unhealthy", to: "healthy" }],
    ],
    [
      "a target registered twice",
      { mode: "ip", targets: { [KEY]: "initial" } },
      [{ ...target, from: "unregistered", to: "initial" }],
    ],
    [
      "a mode that is not where the transition starts",
      { mode: "ip", targets: {} },
      [{ ...base, kind: "mode", from: "instance", to: "mixed" }],
    ],
    [
      "an NLB that appears twice",
      { mode: "ip", targets: {} },
      [{ ...base, kind: "loadBalancer", from: "absent", to: "present" }],
    ],
    [
      "an NLB that disappears without being there",
      undefined,
      [{ ...base, kind: "loadBalancer", from: "present", to: "absent" }],
    ],
    ["a target of an NLB that is not there", undefined, [{ ...target, from: "unregistered", to: "initial" }]],
    [
      "an NLB that disappears with targets left",
      { mode: "ip", targets: { [KEY]: "healthy" } },
      [{ ...base, kind: "loadBalancer", from: "present", to: "absent" }],
    ],
  ])("refuses %s", (_what, view, transitions) => {
    expect(() => applyTransitions(view, transitions)).toThrow();
  });
});

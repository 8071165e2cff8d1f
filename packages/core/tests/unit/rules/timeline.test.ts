import { describe, expect, it } from "vitest";
import { DEFAULT_WORKSHOP_GOAL, type StageCounts } from "../../../src/model/progress.ts";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
import type { NlbState } from "../../../src/model/state.ts";
import type { Transition } from "../../../src/model/transition.ts";
import { diffNlb, emptyStageCounts, stageTimeline } from "../../../src/rules/index.ts";
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

const ALICE = "111111111111";
const BOB = "222222222222";
const nlbOf = (account: string) =>
  `arn:aws:elasticloadbalancing:us-west-2:${account}:loadbalancer/net/k8s-ui-uinlb-a9797f0f61/4f0ed3fa0ab3a2f0`;
const PODS = ["10.42.0.15", "10.42.1.27", "10.42.2.9"];

const instance = (account: string) =>
  nlb(
    [
      targetGroup(
        INSTANCE_TG,
        "instance",
        NODES.map((node) => healthy(node, NODE_PORT)),
      ),
    ],
    { arn: nlbOf(account) },
  );
const ip = (account: string, healthyPods: number, registeringPods = 0) =>
  nlb(
    [
      targetGroup(IP_TG, "ip", [
        ...PODS.slice(0, healthyPods).map((pod) => healthy(pod, POD_PORT)),
        ...PODS.slice(healthyPods, healthyPods + registeringPods).map((pod) => registering(pod, POD_PORT)),
      ]),
    ],
    { arn: nlbOf(account) },
  );

/** Diffs each participant's sweeps in time order and returns every transition, oldest first. */
function transitionsOf(sweeps: { at: number; account: string; snapshot?: NlbSnapshot }[]): Transition[] {
  const states = new Map<string, NlbState | undefined>();
  const transitions: Transition[] = [];
  for (const { at, account, snapshot } of sweeps) {
    const result = diffNlb({ previous: states.get(account), snapshot, read: at });
    states.set(account, result.next);
    transitions.push(...result.transitions);
  }
  return transitions;
}

const counts = (overrides: Partial<StageCounts>): StageCounts => ({ ...emptyStageCounts(), ...overrides });

describe("stageTimeline", () => {
  it("counts the class in each stage over time, one point per change", () => {
    // Prepare: Alice goes all the way; Bob creates his NLB late; Carol never starts.
    const transitions = transitionsOf([
      { at: s(0), account: ALICE, snapshot: instance(ALICE) },
      { at: s(60), account: ALICE, snapshot: ip(ALICE, 0, 1) },
      { at: s(60), account: BOB, snapshot: instance(BOB) },
      { at: s(120), account: ALICE, snapshot: ip(ALICE, 1) },
      { at: s(180), account: ALICE, snapshot: ip(ALICE, 1, 2) },
      { at: s(240), account: ALICE, snapshot: ip(ALICE, 3) },
      { at: s(300), account: BOB },
    ]);
    // Act
    const points = stageTimeline({
      transitions,
      goal: DEFAULT_WORKSHOP_GOAL,
      participants: [ALICE, BOB, "333333333333"],
    });
    // Assess
    expect(points).toEqual([
      { at: s(0), stages: counts({ noNlb: 2, instance: 1 }) },
      { at: s(60), stages: counts({ noNlb: 1, instance: 1, switching: 1 }) },
      { at: s(120), stages: counts({ noNlb: 1, instance: 1, ipHealthy: 1 }) },
      { at: s(180), stages: counts({ noNlb: 1, instance: 1, scaledOut: 1 }) },
      { at: s(240), stages: counts({ noNlb: 1, instance: 1, done: 1 }) },
      { at: s(300), stages: counts({ noNlb: 2, done: 1 }) },
    ]);
  });

  it("starts from the NLBs as they were when the history starts midway", () => {
    // Prepare: only the last transition (a third pod turning healthy) is still kept.
    const transitions = transitionsOf([
      { at: s(0), account: ALICE, snapshot: ip(ALICE, 2, 1) },
      { at: s(60), account: ALICE, snapshot: ip(ALICE, 3) },
    ]).filter((t) => t.at === s(60));
    const targets = new Map(
      PODS.map((pod, i) => [
        `${IP_TG}|${pod}|${POD_PORT}`,
        { targetGroupArn: IP_TG, id: pod, state: i < 2 ? ("healthy" as const) : ("initial" as const) },
      ]),
    );
    // Act
    const withStart = stageTimeline({
      transitions,
      goal: DEFAULT_WORKSHOP_GOAL,
      initial: new Map([[nlbOf(ALICE), { mode: "ip" as const, targets }]]),
    });
    const without = stageTimeline({ transitions, goal: DEFAULT_WORKSHOP_GOAL });
    // Assess: without a start, the lone transition still places the NLB, as far as it can.
    expect(withStart).toEqual([{ at: s(60), stages: counts({ done: 1 }) }]);
    expect(without).toEqual([{ at: s(60), stages: counts({ ipHealthy: 1 }) }]);
  });

  it("groups NLBs by the participant the caller names, and types targets by their group", () => {
    // Prepare: two clusters in one account, told apart by the caller.
    const other = nlbOf(ALICE).replace("a9797f0f61", "b0000000001");
    const transitions = transitionsOf([
      { at: s(0), account: ALICE, snapshot: ip(ALICE, 1) },
      { at: s(0), account: "other", snapshot: { ...instance(ALICE), arn: other } },
    ]);
    // Act
    const points = stageTimeline({
      transitions,
      goal: { mode: "ip", healthyTargets: 1 },
      participantOf: (arn) => (arn === other ? "cluster-2" : "cluster-1"),
      targetTypes: new Map([[IP_TG, "instance"]]),
    });
    // Assess: the ip group said to be an instance group has no healthy ip target.
    expect(points).toEqual([{ at: s(0), stages: counts({ instance: 1, switching: 1 }) }]);
  });

  it("is empty without transitions", () => {
    expect(stageTimeline({ transitions: [], goal: DEFAULT_WORKSHOP_GOAL, participants: [ALICE] })).toEqual(
      [],
    );
  });
});

// The stages of the NLB module, walked through the way the collector sees it, sweep by sweep.
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKSHOP_GOAL, type Stage } from "../../../src/model/progress.ts";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
import type { NlbState } from "../../../src/model/state.ts";
import {
  compareStages,
  diffNlb,
  stageOf,
  stageOfTargets,
  stageSince,
  targetTypeOfId,
} from "../../../src/rules/index.ts";
import {
  checking,
  draining,
  failing,
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

const [POD1, POD2, POD3] = ["10.42.0.15", "10.42.1.27", "10.42.2.9"] as const;
const instanceGroup = (make: typeof healthy) =>
  targetGroup(
    INSTANCE_TG,
    "instance",
    NODES.map((node) => make(node, NODE_PORT)),
  );
const ipGroup = (...targets: ReturnType<typeof healthy>[]) => targetGroup(IP_TG, "ip", targets);

/** Sweeps of one participant's NLB, with the stage expected after each and since when. */
const walkthrough: { at: number; snapshot: NlbSnapshot; stage: Stage; since: number }[] = [
  { at: s(0), snapshot: nlb([]), stage: "instance", since: s(0) },
  { at: s(10), snapshot: nlb([instanceGroup(registering)]), stage: "instance", since: s(10) },
  { at: s(90), snapshot: nlb([instanceGroup(healthy)]), stage: "instance", since: s(10) },
  // Patched to ip: the controller attaches the ip group next to the instance one for a moment.
  {
    at: s(200),
    snapshot: nlb([instanceGroup(healthy), ipGroup(registering(POD1, POD_PORT))]),
    stage: "switching",
    since: s(200),
  },
  { at: s(210), snapshot: nlb([ipGroup(registering(POD1, POD_PORT))]), stage: "switching", since: s(210) },
  { at: s(240), snapshot: nlb([ipGroup(checking(POD1, POD_PORT))]), stage: "switching", since: s(210) },
  { at: s(265), snapshot: nlb([ipGroup(healthy(POD1, POD_PORT))]), stage: "ipHealthy", since: s(265) },
  {
    at: s(300),
    snapshot: nlb([
      ipGroup(healthy(POD1, POD_PORT), registering(POD2, POD_PORT), registering(POD3, POD_PORT)),
    ]),
    stage: "scaledOut",
    since: s(300),
  },
  {
    at: s(380),
    snapshot: nlb([ipGroup(healthy(POD1, POD_PORT), healthy(POD2, POD_PORT), checking(POD3, POD_PORT))]),
    stage: "scaledOut",
    since: s(300),
  },
  {
    at: s(400),
    snapshot: nlb([ipGroup(healthy(POD1, POD_PORT), healthy(POD2, POD_PORT), healthy(POD3, POD_PORT))]),
    stage: "done",
    since: s(400),
  },
  // A pod fails its health checks: no longer done, back to waiting for one.
  {
    at: s(500),
    snapshot: nlb([ipGroup(healthy(POD1, POD_PORT), healthy(POD2, POD_PORT), failing(POD3, POD_PORT))]),
    stage: "scaledOut",
    since: s(500),
  },
  // Scaled in to two pods: the failing one drains.
  {
    at: s(560),
    snapshot: nlb([ipGroup(healthy(POD1, POD_PORT), healthy(POD2, POD_PORT), draining(POD3, POD_PORT))]),
    stage: "ipHealthy",
    since: s(560),
  },
];

describe("stageOf and stageSince", () => {
  it("place the NLB in each stage of the module as the participant goes through it", () => {
    // Prepare
    let previous: NlbState | undefined;
    const seen: { stage: Stage; since: number | undefined }[] = [];
    // Act
    for (const { at, snapshot } of walkthrough) {
      previous = diffNlb({ previous, snapshot, read: at }).next;
      seen.push({
        stage: stageOf(previous, DEFAULT_WORKSHOP_GOAL),
        since: stageSince(previous, DEFAULT_WORKSHOP_GOAL),
      });
    }
    // Assess
    expect(seen).toEqual(walkthrough.map(({ stage, since }) => ({ stage, since })));
  });

  it("put a participant without an NLB in noNlb, with no time", () => {
    expect(stageOf(undefined, DEFAULT_WORKSHOP_GOAL)).toBe("noNlb");
    expect(stageSince(undefined, DEFAULT_WORKSHOP_GOAL)).toBeUndefined();
  });

  it("date switching from the moment the last ip target left healthy", () => {
    // Prepare: one healthy pod, then it fails.
    const first = diffNlb({ snapshot: nlb([ipGroup(healthy(POD1, POD_PORT))]), read: s(0) }).next;
    // Act
    const after = diffNlb({
      previous: first,
      snapshot: nlb([ipGroup(failing(POD1, POD_PORT))]),
      read: s(50),
    }).next;
    // Assess
    expect(stageOf(after, DEFAULT_WORKSHOP_GOAL)).toBe("switching");
    expect(stageSince(after, DEFAULT_WORKSHOP_GOAL)).toBe(s(50));
  });

  it("use the workshop's goal: one healthy pod is done for a one-pod goal", () => {
    const state = diffNlb({ snapshot: nlb([ipGroup(healthy(POD1, POD_PORT))]), read: s(0) }).next;
    expect(stageOf(state, { mode: "ip", healthyTargets: 1 })).toBe("done");
    expect(stageOf(state, { mode: "ip", healthyTargets: 2 })).toBe("ipHealthy");
  });

  it("let a workshop whose goal is instance mode be done without switching", () => {
    const state = diffNlb({ snapshot: nlb([instanceGroup(healthy)]), read: s(0) }).next;
    expect(stageOf(state, { mode: "instance", healthyTargets: 3 })).toBe("done");
    expect(stageOf(state, { mode: "instance", healthyTargets: 4 })).toBe("instance");
  });

  it("never call a mixed NLB done, since the goal names one mode", () => {
    const ip = [healthy(POD1, POD_PORT), healthy(POD2, POD_PORT), healthy(POD3, POD_PORT)];
    const state = diffNlb({ snapshot: nlb([instanceGroup(healthy), ipGroup(...ip)]), read: s(0) }).next;
    expect(stageOf(state, DEFAULT_WORKSHOP_GOAL)).toBe("ipHealthy");
  });
});

describe("stageOfTargets", () => {
  it("does not count draining ip targets as waiting", () => {
    const stage = stageOfTargets(
      {
        mode: "ip",
        targets: [
          { type: "ip", state: "healthy" },
          { type: "ip", state: "draining" },
        ],
      },
      DEFAULT_WORKSHOP_GOAL,
    );
    expect(stage).toBe("ipHealthy");
  });

  it("counts a target that is registered but unused as waiting", () => {
    const targets = [
      { type: "ip", state: "healthy" as const },
      { type: "ip", state: "unused" as const },
    ];
    expect(stageOfTargets({ mode: "ip", targets }, DEFAULT_WORKSHOP_GOAL)).toBe("scaledOut");
  });
});

describe("targetTypeOfId", () => {
  it.each([
    ["i-0a1b2c3d4e5f60001", "instance"],
    ["10.42.1.27", "ip"],
    ["2600:1f14:abc::1", "ip"],
    ["arn:aws:lambda:us-west-2:111122223333:function:f", "lambda"],
    ["arn:aws:elasticloadbalancing:us-west-2:111122223333:loadbalancer/app/a/1", "alb"],
    ["something", "unknown"],
  ])("tells %s is %s", (id, type) => {
    expect(targetTypeOfId(id)).toBe(type);
  });
});

describe("compareStages", () => {
  it("orders stages as the module goes", () => {
    const shuffled: Stage[] = ["done", "instance", "scaledOut", "noNlb", "ipHealthy", "switching"];
    expect(shuffled.sort(compareStages)).toEqual([
      "noNlb",
      "instance",
      "switching",
      "ipHealthy",
      "scaledOut",
      "done",
    ]);
  });
});

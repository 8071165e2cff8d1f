import { describe, expect, it } from "vitest";
import type { NlbState } from "../../../src/model/state.ts";
import {
  diffNlb,
  instant,
  isDetachedGroup,
  needsBurst,
  snapshotFromState,
  TRANSITIONAL_STATES,
  transitionalTargetGroups,
  withSampledTargets,
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

function stateOf(snapshot = nlb([]), at = s(0)): NlbState {
  const { next } = diffNlb({ snapshot, read: at });
  if (!next) throw new Error("fixture");
  return next;
}

const steadyInstances = targetGroup(
  INSTANCE_TG,
  "instance",
  NODES.map((n) => healthy(n, NODE_PORT)),
);

describe("burst sampling", () => {
  it("knows the transitional states", () => {
    expect([...TRANSITIONAL_STATES]).toEqual(["initial", "draining", "unhealthy.draining"]);
  });

  it("is needed while a target is registering or draining", () => {
    expect(needsBurst(stateOf(nlb([targetGroup(IP_TG, "ip", [registering("10.42.0.15", POD_PORT)])])))).toBe(
      true,
    );
    expect(needsBurst(stateOf(nlb([targetGroup(IP_TG, "ip", [draining("10.42.0.15", POD_PORT)])])))).toBe(
      true,
    );
  });

  it("is not needed when every target is settled, however unwell", () => {
    // Prepare
    const settled = stateOf(
      nlb([steadyInstances, targetGroup(IP_TG, "ip", [failing("10.42.0.15", POD_PORT)])]),
    );
    // Act & Assess
    expect(needsBurst(settled)).toBe(false);
    expect(transitionalTargetGroups(settled)).toEqual([]);
  });

  it("re-samples every group of an NLB with a transitional target, steady ones included", () => {
    // Prepare: the ip group is registering, the instance group is all healthy.
    const switching = stateOf(
      nlb([steadyInstances, targetGroup(IP_TG, "ip", [registering("10.42.0.15", POD_PORT)])]),
    );
    // Act
    const groups = transitionalTargetGroups(switching);
    // Assess
    expect(groups).toEqual([INSTANCE_TG, IP_TG].sort());
  });

  it("rebuilds a snapshot from state that diffs to no change", () => {
    // Prepare
    const state = stateOf(
      nlb([
        steadyInstances,
        targetGroup(IP_TG, "ip", [{ ...checking("10.42.0.15", POD_PORT), availabilityZone: "us-west-2b" }]),
      ]),
    );
    // Act
    const rebuilt = snapshotFromState(state);
    const again = diffNlb({ previous: state, snapshot: rebuilt, read: s(5) });
    // Assess
    expect(again.transitions).toEqual([]);
    expect(again.changed).toBe(false);
    expect(rebuilt.tags).toEqual({
      "elbv2.k8s.aws/cluster": "eks-workshop",
      "service.k8s.aws/stack": "ui/ui-nlb",
    });
  });

  it("replaces the targets of sampled groups only, leaving the snapshot untouched", () => {
    // Prepare
    const base = nlb([steadyInstances, targetGroup(IP_TG, "ip", [registering("10.42.0.15", POD_PORT)])]);
    const before = structuredClone(base);
    const samples = new Map([
      [IP_TG, { targets: [healthy("10.42.0.15", POD_PORT)], read: { sentAt: s(5), receivedAt: s(6) } }],
      [
        "arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/unknown/1",
        { targets: [healthy("x", 1)], read: instant(s(5)) },
      ],
    ]);
    // Act
    const sampled = withSampledTargets(base, samples);
    // Assess
    expect(sampled.targetGroups.map((g) => [g.arn, g.targets.map((t) => t.state)])).toEqual([
      [INSTANCE_TG, ["healthy", "healthy", "healthy"]],
      [IP_TG, ["healthy"]],
    ]);
    expect(sampled.targetGroups.map((g) => g.read)).toEqual([undefined, { sentAt: s(5), receivedAt: s(6) }]);
    expect(base).toEqual(before);
  });

  it("times a registration to the burst interval instead of the schedule", () => {
    // Prepare: a scheduled sweep at 0 s sees a pod registering; bursts follow every 5 s.
    let state = stateOf(nlb([targetGroup(IP_TG, "ip", [registering("10.42.0.15", POD_PORT)])]));
    const burst = (at: number, observed: ReturnType<typeof healthy>[]) => {
      const sample = { targets: observed, read: instant(at) };
      const snapshot = withSampledTargets(snapshotFromState(state), new Map([[IP_TG, sample]]));
      const result = diffNlb({ previous: state, snapshot });
      if (result.next) state = result.next;
      return result;
    };
    // Act
    burst(s(5), [checking("10.42.0.15", POD_PORT)]);
    burst(s(10), [checking("10.42.0.15", POD_PORT)]);
    const { transitions } = burst(s(15), [healthy("10.42.0.15", POD_PORT)]);
    // Assess
    expect(transitions[0]).toMatchObject({ observedBetween: [s(10), s(15)], timeToHealthySeconds: 15 });
    // Nothing transitional: only the scale-out the workshop's goal still expects is worth waiting for
    expect(needsBurst(state, { mode: "ip", healthyTargets: 1 })).toBe(false);
    expect(needsBurst(state)).toBe(true);
  });

  it("sees a scale-out into a steady group within one burst", () => {
    // Prepare: one pod registering, one long healthy pod in the same group.
    let state = stateOf(
      nlb([targetGroup(IP_TG, "ip", [healthy("10.42.0.15", POD_PORT), registering("10.42.1.27", POD_PORT)])]),
    );
    const groups = transitionalTargetGroups(state);
    // Act
    const samples = new Map(
      groups.map((arn) => [
        arn,
        {
          targets: [
            healthy("10.42.0.15", POD_PORT),
            checking("10.42.1.27", POD_PORT),
            registering("10.42.2.9", POD_PORT),
          ],
          read: instant(s(5)),
        },
      ]),
    );
    const { transitions, next } = diffNlb({
      previous: state,
      snapshot: withSampledTargets(snapshotFromState(state), samples),
    });
    state = next as NlbState;
    // Assess
    expect(transitions).toMatchObject([
      {
        kind: "target",
        target: { id: "10.42.2.9" },
        from: "unregistered",
        to: "initial",
        observedBetween: [s(0), s(5)],
      },
    ]);
    expect(state.targets).toHaveLength(3);
  });
});

describe("isDetachedGroup", () => {
  it("tells a group no load balancer forwards to from one with a target in a disabled zone", () => {
    const notInUse = (id: string) => ({
      id,
      port: 30_080,
      state: "unused" as const,
      reason: "Target.NotInUse",
    });
    expect(isDetachedGroup([notInUse("i-1"), notInUse("i-2")])).toBe(true);
    expect(isDetachedGroup([notInUse("i-1"), { id: "i-2", port: 30_080, state: "healthy" as const }])).toBe(
      false,
    );
    expect(isDetachedGroup([])).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { NlbState } from "../../../src/model/state.ts";
import { diffNlb } from "../../../src/rules/index.ts";
import {
  checking,
  draining,
  failing,
  healthCheck,
  healthy,
  INSTANCE_TG,
  IP_TG,
  NLB_ARN,
  NODE_PORT,
  NODES,
  nlb,
  POD_PORT,
  REGION,
  registering,
  s,
  targetGroup,
} from "./fixtures.ts";

const POD = "10.42.0.15";
const ref = { region: REGION, loadBalancerArn: NLB_ARN, loadBalancerName: "k8s-ui-uinlb-a9797f0f61" };

/** The state after a first sweep of `snapshot` at `at`. */
function known(
  snapshot = nlb([targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)])]),
  at = s(0),
): NlbState {
  const { next } = diffNlb({ snapshot, read: at });
  if (!next) throw new Error("fixture: no state");
  return next;
}

describe("diffNlb: an NLB appears", () => {
  it("reports the NLB and the registration of each of its targets at the sweep time", () => {
    // Prepare
    const snapshot = nlb([targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)])]);
    // Act
    const { next, transitions, changed } = diffNlb({ snapshot, read: s(0) });
    // Assess
    expect(changed).toBe(true);
    expect(transitions).toEqual([
      {
        kind: "loadBalancer",
        ...ref,
        from: "absent",
        to: "present",
        mode: "ip",
        at: s(0),
        observedBetween: [s(0), s(0)],
      },
      {
        kind: "target",
        ...ref,
        targetGroupArn: IP_TG,
        target: { id: POD, port: POD_PORT },
        from: "unregistered",
        to: "initial",
        reason: "Elb.RegistrationInProgress",
        at: s(0),
        observedBetween: [s(0), s(0)],
      },
    ]);
    expect(next).toMatchObject({
      mode: "ip",
      modeSince: s(0),
      firstSeenAt: s(0),
      lastSeenAt: s(0),
      lastChangeAt: s(0),
    });
    expect(next?.targets).toEqual([
      {
        targetGroupArn: IP_TG,
        id: POD,
        port: POD_PORT,
        state: "initial",
        reason: "Elb.RegistrationInProgress",
        description: "Target registration is in progress",
        since: s(0),
        lastSeenAt: s(0),
        registeredAt: s(0),
        notHealthySince: s(0),
      },
    ]);
  });

  it("gives no time to healthy for a target already healthy when first seen", () => {
    // Prepare
    const snapshot = nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)])]);
    // Act
    const { next, transitions } = diffNlb({ snapshot, read: s(0) });
    // Assess
    expect(transitions[1]).not.toHaveProperty("timeToHealthySeconds");
    expect(next?.targets[0]).toMatchObject({ healthyAt: s(0) });
    expect(next?.targets[0]).not.toHaveProperty("timeToHealthySeconds");
    expect(next?.targets[0]).not.toHaveProperty("notHealthySince");
  });

  it("makes no mode transition for a new NLB, even one without target groups", () => {
    const { next, transitions } = diffNlb({ snapshot: nlb([]), read: s(0) });
    expect(transitions.map((t) => t.kind)).toEqual(["loadBalancer"]);
    expect(next?.mode).toBe("none");
  });

  it("writes no undefined values into records or transitions", () => {
    // Prepare
    const snapshot = nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)])], {
      cluster: undefined,
      service: undefined,
    });
    // Act
    const { next, transitions } = diffNlb({ snapshot, read: s(0) });
    // Assess
    const hasUndefined = (o: object) => Object.values(o).some((v) => v === undefined);
    expect(next && hasUndefined(next)).toBe(false);
    expect(next?.targets.some(hasUndefined)).toBe(false);
    expect(transitions.some(hasUndefined)).toBe(false);
  });

  it("does nothing when there is neither a previous state nor a snapshot", () => {
    expect(diffNlb({ read: s(0) })).toEqual({ transitions: [], changed: false });
  });
});

describe("diffNlb: an NLB disappears", () => {
  it("reports the NLB gone and every remaining target deregistered, and leaves no state", () => {
    // Prepare
    const previous = known(
      nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT), draining("10.42.1.27", POD_PORT)])]),
    );
    // Act
    const { next, transitions, changed } = diffNlb({ previous, read: s(60) });
    // Assess
    expect(next).toBeUndefined();
    expect(changed).toBe(true);
    expect(transitions).toEqual([
      {
        kind: "loadBalancer",
        ...ref,
        from: "present",
        to: "absent",
        mode: "ip",
        at: s(60),
        observedBetween: [s(0), s(60)],
        secondsInPreviousState: 60,
      },
      expect.objectContaining({ target: { id: POD, port: POD_PORT }, from: "healthy", to: "deregistered" }),
      expect.objectContaining({
        target: { id: "10.42.1.27", port: POD_PORT },
        from: "draining",
        to: "deregistered",
      }),
    ]);
    expect(transitions[1]).toMatchObject({ observedBetween: [s(0), s(60)], secondsInPreviousState: 60 });
  });
});

describe("diffNlb: a known NLB", () => {
  it("changes nothing but sighting times when the snapshot is the same", () => {
    // Prepare
    const snapshot = nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)])]);
    const previous = known(snapshot);
    // Act
    const { next, transitions, changed } = diffNlb({ previous, snapshot, read: s(60) });
    // Assess
    expect(changed).toBe(false);
    expect(transitions).toEqual([]);
    expect(next?.lastSeenAt).toBe(s(60));
    expect(next?.lastChangeAt).toBe(s(0));
    expect(next?.targets[0]?.lastSeenAt).toBe(s(60));
  });

  it("does not count a different listing order as a change", () => {
    // Prepare
    const a = targetGroup(
      INSTANCE_TG,
      "instance",
      NODES.map((n) => healthy(n, NODE_PORT)),
    );
    const b = targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)]);
    const previous = known(nlb([a, b]));
    const reversed = nlb([b, { ...a, targets: [...a.targets].reverse() }]);
    // Act
    const { changed } = diffNlb({ previous, snapshot: reversed, read: s(60) });
    // Assess
    expect(changed).toBe(false);
  });

  it("updates a reason-only change without a transition", () => {
    // Prepare
    const previous = known();
    // Act
    const { next, transitions, changed } = diffNlb({
      previous,
      snapshot: nlb([targetGroup(IP_TG, "ip", [checking(POD, POD_PORT)])]),
      read: s(30),
    });
    // Assess
    expect(transitions).toEqual([]);
    expect(changed).toBe(true);
    expect(next?.lastChangeAt).toBe(s(30));
    expect(next?.targets[0]).toMatchObject({
      state: "initial",
      reason: "Elb.InitialHealthChecking",
      description: "Initial health checks in progress",
      since: s(0),
      lastSeenAt: s(30),
      notHealthySince: s(0),
    });
  });

  it.each([
    [
      "health-check interval",
      nlb([
        targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)], {
          healthCheck: healthCheck({ intervalSeconds: 30 }),
        }),
      ]),
    ],
    ["target group name", nlb([targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)], { name: "renamed" })])],
    [
      "DNS name",
      nlb([targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)])], { dnsName: "other.elb.amazonaws.com" }),
    ],
    [
      "load balancer state",
      nlb([targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)])], { lbState: "provisioning" }),
    ],
    ["cluster tag", nlb([targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)])], { cluster: undefined })],
    [
      "service tag",
      nlb([targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)])], { service: "ui/ui-nlb-2" }),
    ],
    [
      "availability zone",
      nlb([targetGroup(IP_TG, "ip", [{ ...registering(POD, POD_PORT), availabilityZone: "us-west-2a" }])]),
    ],
  ])("counts a new %s as a change without a transition", (_what, snapshot) => {
    // Prepare
    const previous = known();
    // Act
    const { transitions, changed, next } = diffNlb({ previous, snapshot, read: s(10) });
    // Assess
    expect(transitions).toEqual([]);
    expect(changed).toBe(true);
    expect(next?.lastChangeAt).toBe(s(10));
  });

  it("clears a read error on a successful read, and counts that as a change", () => {
    // Prepare
    const snapshot = nlb([targetGroup(IP_TG, "ip", [registering(POD, POD_PORT)])]);
    const previous: NlbState = {
      ...known(snapshot),
      error: { message: "Throttling", since: s(5), at: s(10) },
    };
    // Act
    const { next, changed } = diffNlb({ previous, snapshot, read: s(20) });
    // Assess
    expect(changed).toBe(true);
    expect(next).not.toHaveProperty("error");
  });

  it("reports a state change with its window, time in the old state and new reason", () => {
    // Prepare
    const previous = known(nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)])]));
    // Act
    const { transitions, next } = diffNlb({
      previous,
      snapshot: nlb([targetGroup(IP_TG, "ip", [failing(POD, POD_PORT)])]),
      read: s(45),
    });
    // Assess
    expect(transitions).toEqual([
      {
        kind: "target",
        ...ref,
        targetGroupArn: IP_TG,
        target: { id: POD, port: POD_PORT },
        from: "healthy",
        to: "unhealthy",
        reason: "Target.FailedHealthChecks",
        at: s(45),
        observedBetween: [s(0), s(45)],
        secondsInPreviousState: 45,
      },
    ]);
    expect(next?.targets[0]).toMatchObject({ since: s(45), notHealthySince: s(45), healthyAt: s(0) });
  });

  it("keeps the first time to healthy when a target comes back healthy", () => {
    // Prepare
    const tg = (make: typeof healthy) => nlb([targetGroup(IP_TG, "ip", [make(POD, POD_PORT)])]);
    let state = known(tg(registering));
    state = diffNlb({ previous: state, snapshot: tg(healthy), read: s(80) }).next as NlbState;
    state = diffNlb({ previous: state, snapshot: tg(failing), read: s(200) }).next as NlbState;
    // Act
    const { transitions, next } = diffNlb({ previous: state, snapshot: tg(healthy), read: s(260) });
    // Assess
    expect(transitions[0]).not.toHaveProperty("timeToHealthySeconds");
    expect(next?.targets[0]).toMatchObject({ healthyAt: s(80), timeToHealthySeconds: 80 });
    expect(next?.targets[0]).not.toHaveProperty("notHealthySince");
  });

  it("keeps counting not-healthy time from registration through initial → unhealthy", () => {
    // Prepare
    const previous = known();
    // Act
    const { next } = diffNlb({
      previous,
      snapshot: nlb([targetGroup(IP_TG, "ip", [failing(POD, POD_PORT)])]),
      read: s(120),
    });
    // Assess
    expect(next?.targets[0]).toMatchObject({ state: "unhealthy", since: s(120), notHealthySince: s(0) });
  });

  it("deregisters a target gone from its group, timing it from its last sighting", () => {
    // Prepare
    const previous = known(
      nlb([targetGroup(IP_TG, "ip", [draining(POD, POD_PORT), healthy("10.42.1.27", POD_PORT)])]),
    );
    // Act
    const { transitions, next } = diffNlb({
      previous,
      snapshot: nlb([targetGroup(IP_TG, "ip", [healthy("10.42.1.27", POD_PORT)])]),
      read: s(300),
    });
    // Assess
    expect(transitions).toEqual([
      {
        kind: "target",
        ...ref,
        targetGroupArn: IP_TG,
        target: { id: POD, port: POD_PORT },
        from: "draining",
        to: "deregistered",
        at: s(300),
        observedBetween: [s(0), s(300)],
        secondsInPreviousState: 300,
      },
    ]);
    expect(next?.targets.map((t) => t.id)).toEqual(["10.42.1.27"]);
  });

  it("treats the same id on another port as another target", () => {
    // Prepare
    const previous = known(nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)])]));
    // Act
    const { transitions } = diffNlb({
      previous,
      snapshot: nlb([targetGroup(IP_TG, "ip", [healthy(POD, 9090)])]),
      read: s(10),
    });
    // Assess
    expect(transitions.map((t) => (t.kind === "target" ? [t.target.port, t.from, t.to] : []))).toEqual([
      [8080, "healthy", "deregistered"],
      [9090, "unregistered", "healthy"],
    ]);
  });

  it("sorts transitions by time, then kind, then target key", () => {
    // Prepare
    const previous = known(nlb([targetGroup(IP_TG, "ip", [healthy("10.42.9.9", POD_PORT)])]));
    // Act
    const { transitions } = diffNlb({
      previous,
      snapshot: nlb([
        targetGroup(IP_TG, "ip", [registering("10.42.0.2", POD_PORT)]),
        targetGroup(INSTANCE_TG, "instance", [registering(NODES[0] ?? "", NODE_PORT)]),
      ]),
      read: s(10),
    });
    // Assess
    expect(transitions.map((t) => (t.kind === "target" ? t.target.id : t.kind))).toEqual([
      "mode",
      // Target keys start with the group ARN, and the ip group's (…/k8s-ui-uinlb-7f5…) sorts first.
      "10.42.0.2",
      "10.42.9.9",
      NODES[0],
    ]);
  });

  it("accepts a sweep at the very time of the previous one", () => {
    const previous = known();
    expect(() => diffNlb({ previous, snapshot: nlb([]), read: s(0) })).not.toThrow();
  });

  it("refuses a stale snapshot observed before the previous sighting", () => {
    const previous = known(undefined, s(60));
    expect(() => diffNlb({ previous, snapshot: nlb([]), read: s(59) })).toThrow(RangeError);
    expect(() => diffNlb({ previous, read: s(59) })).toThrow(RangeError);
  });

  it("refuses a time that is not a finite number", () => {
    expect(() => diffNlb({ snapshot: nlb([]), read: Number.NaN })).toThrow(RangeError);
  });

  it("refuses to diff one NLB against another's state", () => {
    const previous = known();
    expect(() => diffNlb({ previous, snapshot: nlb([], { arn: `${NLB_ARN}x` }), read: s(1) })).toThrow(
      /Cannot diff/,
    );
  });

  it("does not modify its inputs", () => {
    // Prepare
    const previous = known();
    const snapshot = nlb([targetGroup(IP_TG, "ip", [healthy(POD, POD_PORT)])]);
    const before = structuredClone({ previous, snapshot });
    // Act
    diffNlb({ previous, snapshot, read: s(30) });
    // Assess
    expect({ previous, snapshot }).toEqual(before);
  });
});

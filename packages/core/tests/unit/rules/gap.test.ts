import { describe, expect, it } from "vitest";
import type { NlbState } from "../../../src/model/state.ts";
import { crossesGap, diffNlb, type GapPolicy, markNlbError } from "../../../src/rules/index.ts";
import { healthy, IP_TG, nlb, POD_PORT, registering, s, targetGroup } from "./fixtures.ts";

const POD = "10.42.0.15";
const gaps: GapPolicy = { maxWindowMs: 90_000 };
const pods = (...observations: ReturnType<typeof healthy>[]) => nlb([targetGroup(IP_TG, "ip", observations)]);

function known(...steps: { snapshot: ReturnType<typeof pods>; at: number }[]): NlbState {
  let state: NlbState | undefined;
  for (const { snapshot, at } of steps) state = diffNlb({ previous: state, snapshot, read: at, gaps }).next;
  if (!state) throw new Error("fixture: no state");
  return state;
}

describe("crossesGap", () => {
  it("tells a window wider than the policy allows, one opening before an unrecorded period ends, or any after a failed read", () => {
    expect(crossesGap([s(0), s(60)], gaps)).toBe(false);
    expect(crossesGap([s(0), s(90)], gaps)).toBe(false);
    expect(crossesGap([s(0), s(91)], gaps)).toBe(true);
    expect(crossesGap([s(0), s(30)], { ...gaps, unrecordedUntil: s(20) })).toBe(true);
    expect(crossesGap([s(20), s(30)], { ...gaps, unrecordedUntil: s(20) })).toBe(false);
    expect(crossesGap([s(0), s(5)], undefined, true)).toBe(true);
    expect(crossesGap([s(0), s(500)], undefined)).toBe(false);
  });
});

describe("diffNlb across a gap", () => {
  it("marks a change seen after a missed sweep as crossing a gap, with the whole gap as its window and no time to healthy", () => {
    // Prepare: the pod registering at 0 s and 60 s; the next read that is recorded is at 240 s
    const previous = known(
      { snapshot: pods(), at: s(-60) },
      { snapshot: pods(registering(POD, POD_PORT)), at: s(0) },
      { snapshot: pods(registering(POD, POD_PORT)), at: s(60) },
    );
    // Act
    const { transitions, next } = diffNlb({
      previous,
      snapshot: pods(healthy(POD, POD_PORT)),
      read: s(240),
      gaps,
    });
    // Assess
    expect(transitions).toEqual([
      expect.objectContaining({
        from: "initial",
        to: "healthy",
        observedBetween: [s(60), s(240)],
        gap: true,
      }),
    ]);
    expect(transitions[0]).not.toHaveProperty("timeToHealthySeconds");
    expect(next?.targets[0]).toMatchObject({ healthyAt: s(240) });
    expect(next?.targets[0]).not.toHaveProperty("timeToHealthySeconds");
  });

  it("never tells a registration and health seen only after a gap as a direct, timed change", () => {
    // Prepare
    const previous = known({ snapshot: pods(), at: s(0) });
    // Act: the pod registered and turned healthy while nothing was recorded
    const { transitions } = diffNlb({ previous, snapshot: pods(healthy(POD, POD_PORT)), read: s(300), gaps });
    // Assess
    expect(transitions).toEqual([
      expect.objectContaining({
        from: "unregistered",
        to: "healthy",
        observedBetween: [s(0), s(300)],
        gap: true,
      }),
    ]);
    expect(transitions[0]).not.toHaveProperty("timeToHealthySeconds");
  });

  it("measures no time to healthy for a target whose registration crossed a gap", () => {
    // Prepare: registration seen only after a gap, then timed bursts
    const previous = known(
      { snapshot: pods(), at: s(0) },
      { snapshot: pods(registering(POD, POD_PORT)), at: s(200) },
    );
    // Act
    const { transitions } = diffNlb({ previous, snapshot: pods(healthy(POD, POD_PORT)), read: s(205), gaps });
    // Assess
    expect(previous.targets[0]?.registeredAcrossGap).toBe(true);
    expect(transitions[0]).not.toHaveProperty("gap");
    expect(transitions[0]).not.toHaveProperty("timeToHealthySeconds");
  });

  it("marks every change after failed reads, however narrow its window", () => {
    // Prepare
    const failing = markNlbError(
      known({ snapshot: pods(registering(POD, POD_PORT)), at: s(0) }),
      "Throttling",
      s(30),
    );
    // Act
    const { transitions, next } = diffNlb({
      previous: failing,
      snapshot: pods(healthy(POD, POD_PORT)),
      read: s(60),
      gaps,
    });
    // Assess
    expect(transitions[0]).toMatchObject({ observedBetween: [s(0), s(60)], gap: true });
    expect(next?.error).toBeUndefined();
  });

  it("marks what opens before the end of an unrecorded period (the store was down), and nothing after it", () => {
    // Prepare
    const previous = known({ snapshot: pods(registering(POD, POD_PORT)), at: s(0) });
    const policy = { ...gaps, unrecordedUntil: s(50) };
    // Act
    const across = diffNlb({ previous, snapshot: pods(healthy(POD, POD_PORT)), read: s(55), gaps: policy });
    const after = diffNlb({
      previous: diffNlb({ previous, snapshot: pods(registering(POD, POD_PORT)), read: s(55), gaps: policy })
        .next,
      snapshot: pods(healthy(POD, POD_PORT)),
      read: s(60),
      gaps: policy,
    });
    // Assess
    expect(across.transitions[0]).toMatchObject({ gap: true });
    expect(after.transitions[0]).not.toHaveProperty("gap");
    expect(after.transitions[0]).toHaveProperty("timeToHealthySeconds", 60);
  });
});

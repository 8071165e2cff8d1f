import { describe, expect, it } from "vitest";
import { compareWithTruth, nlbChainBreaks, type StoredTransition, type TruthChange } from "../src/truth.ts";

const TG = "arn:tg/a";
const at = (seconds: number) => seconds * 1000;
const truth = (seconds: number, from: string, to: string): TruthChange => ({
  at: at(seconds),
  loadBalancerName: "nlb",
  targetGroupArn: TG,
  targetId: "10.0.0.1",
  port: 8080,
  from,
  to,
});
const stored = (from: string, to: string, window: [number, number], extra: Partial<StoredTransition> = {}) =>
  ({
    kind: "target",
    loadBalancerName: "nlb",
    targetGroupArn: TG,
    target: { id: "10.0.0.1", port: 8080 },
    from,
    to,
    observedBetween: [at(window[0]), at(window[1])],
    ...extra,
  }) satisfies StoredTransition;

const LIFE = [
  truth(10, "new", "initial"),
  truth(70, "initial", "initial"),
  truth(100, "initial", "healthy"),
  truth(200, "healthy", "draining"),
  truth(500, "draining", "gone"),
];
const options = { until: at(600), burstIntervalSeconds: 5 };

describe("compareWithTruth", () => {
  it("finds nothing wrong with a history whose windows hold the truth", () => {
    const history = [
      stored("unregistered", "initial", [0, 12]),
      stored("initial", "healthy", [97, 101], {
        timeToHealthySeconds: 89,
        timeToHealthyBounds: { min: 85, max: 101 },
      }),
      stored("healthy", "draining", [180, 240]),
      stored("draining", "deregistered", [480, 540]),
    ];
    expect(compareWithTruth(history, LIFE, options)).toMatchObject({
      truthChanges: 4,
      storedTargetTransitions: 4,
      lost: [],
      duplicated: [],
      invented: [],
      windowsMissingTruth: [],
      merged: [],
      timeToHealthy: { compared: 1, maxErrorSeconds: 1, outsideBounds: [], overAllowance: [] },
    });
  });

  it("tells lost, duplicated and invented transitions, and windows that miss the truth", () => {
    const history = [
      stored("unregistered", "initial", [0, 12]),
      stored("initial", "healthy", [101, 110]),
      stored("initial", "healthy", [101, 110]),
      stored("healthy", "initial", [150, 160]),
      stored("draining", "deregistered", [480, 540]),
    ];
    const result = compareWithTruth(history, LIFE, options);
    expect(result.windowsMissingTruth).toEqual([`${TG}|10.0.0.1|8080 initial→healthy [101.0s, 110.0s]`]);
    expect(result.duplicated).toHaveLength(1);
    expect(result.invented).toEqual([`${TG}|10.0.0.1|8080 healthy→initial [150.0s, 160.0s]`]);
    expect(result.lost).toEqual([`${TG}|10.0.0.1|8080 healthy→draining at 200.0s`]);
  });

  it("accepts a change across a gap standing for several, and tells merged ones without a gap", () => {
    const acrossGap = compareWithTruth(
      [
        stored("unregistered", "healthy", [0, 150], { gap: true }),
        stored("healthy", "deregistered", [160, 540], { gap: true }),
      ],
      LIFE,
      options,
    );
    expect(acrossGap).toMatchObject({
      acrossGaps: 2,
      merged: [],
      lost: [],
      invented: [],
      windowsMissingTruth: [],
    });
    const merged = compareWithTruth([stored("unregistered", "healthy", [0, 150])], LIFE, {
      ...options,
      until: at(150),
    });
    expect(merged.merged).toHaveLength(1);
  });

  it("tells a first sighting's window that misses the registration, and ignores what came after the last read", () => {
    const result = compareWithTruth([stored("unregistered", "initial", [20, 20])], LIFE, {
      ...options,
      until: at(50),
    });
    expect(result).toMatchObject({ lost: [], truthChanges: 1 });
    expect(result.windowsMissingTruth).toHaveLength(1);
  });

  it("counts a target whose group is detached from its load balancer as leaving it then, straight from healthy", () => {
    // Prepare: the switch to ip detaches the node targets' group at 200 s and deletes it at 203 s
    const switched = [
      ...LIFE.slice(0, 3),
      { ...truth(200, "healthy", "unused"), reason: "Target.NotInUse" },
      truth(203, "unused", "gone"),
    ];
    const history = [
      stored("unregistered", "initial", [0, 12]),
      stored("initial", "healthy", [97, 101]),
      stored("healthy", "deregistered", [195, 201]),
    ];
    // Act
    const result = compareWithTruth(history, switched, options);
    // Assess: one true departure at the detachment, inside the window; the deletion is no change
    expect(result).toMatchObject({
      truthChanges: 3,
      lost: [],
      duplicated: [],
      invented: [],
      windowsMissingTruth: [],
      merged: [],
    });
    const startsTooLate = compareWithTruth(
      [...history.slice(0, 2), stored("healthy", "deregistered", [201, 205])],
      switched,
      options,
    );
    expect(startsTooLate.windowsMissingTruth).toHaveLength(1);
  });

  it("tells true changes inside a gap-marked window of their NLB apart from lost ones", () => {
    // Prepare: the store was down from 0 to 600 s; the NLB was first recorded after it
    const appeared = { ...stored("absent", "present", [5, 600], { gap: true }), kind: "loadBalancer" };
    // Act
    const result = compareWithTruth([appeared], LIFE, options);
    // Assess: nothing was recorded of the target's life, and the gap says so
    expect(result.lost).toEqual([]);
    expect(result.insideGaps).toHaveLength(4);
    expect(compareWithTruth([], LIFE, options).lost).toHaveLength(4);
  });

  it("checks a time to healthy against its bounds and the allowance", () => {
    const history = [
      stored("unregistered", "initial", [0, 12]),
      stored("initial", "healthy", [97, 101], {
        timeToHealthySeconds: 60,
        timeToHealthyBounds: { min: 85, max: 88 },
      }),
    ];
    const result = compareWithTruth(history, LIFE, { ...options, until: at(150) });
    expect(result.timeToHealthy).toMatchObject({ compared: 1, maxErrorSeconds: 30 });
    expect(result.timeToHealthy.outsideBounds).toHaveLength(1);
    expect(result.timeToHealthy.overAllowance).toHaveLength(1);
  });
});

describe("nlbChainBreaks", () => {
  const nlb = (kind: string, from: string, to: string, at: number, extra: object = {}) => ({
    kind,
    loadBalancerName: "nlb",
    loadBalancerArn: "arn:nlb",
    from,
    to,
    observedBetween: [at, at] as [number, number],
    ...extra,
  });

  it("accepts an NLB that appears, changes mode in a chain and disappears", () => {
    expect(
      nlbChainBreaks([
        nlb("loadBalancer", "absent", "present", 0, { mode: "instance" }),
        nlb("mode", "instance", "mixed", 10),
        nlb("mode", "mixed", "ip", 20),
        nlb("loadBalancer", "present", "absent", 30),
      ]),
    ).toEqual([]);
  });

  it("tells a duplicated mode change and a second appearance", () => {
    const breaks = nlbChainBreaks([
      nlb("loadBalancer", "absent", "present", 0, { mode: "instance" }),
      nlb("mode", "instance", "mixed", 10),
      nlb("mode", "instance", "mixed", 12),
      nlb("loadBalancer", "absent", "present", 15, { mode: "mixed" }),
    ]);
    expect(breaks).toHaveLength(2);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NlbSnapshot, ReadInterval, TargetState } from "../../../src/model/snapshot.ts";
import type { NlbState } from "../../../src/model/state.ts";
import type { TargetTransition } from "../../../src/model/transition.ts";
import { diffNlb } from "../../../src/rules/index.ts";
import { IP_TG, nlb, POD_PORT, s, targetGroup } from "./fixtures.ts";

// A model of one target's true life and of the reads a collector makes of it: each read is sent,
// served by ELBv2 at some instant (after retries and throttling), and answered later. Whatever
// the latencies, every window the diff reports must contain the true changes between the reads.

type Seen = TargetState | "unregistered" | "deregistered";

interface Truth {
  /** Changes in time order; before the first the target is unregistered. */
  changes: { at: number; to: Seen }[];
}

interface Read {
  interval: ReadInterval;
  /** When ELBv2 read the state: inside the interval. */
  servedAt: number;
  /** A discovery read (the NLB's too) or a burst re-read of target health only. */
  discovery: boolean;
}

const POD = "10.42.0.15";
const STATES: TargetState[] = ["initial", "healthy", "unhealthy", "draining"];

const truthArb: fc.Arbitrary<Truth> = fc
  .record({
    registeredAfter: fc.integer({ min: 1_000, max: 60_000 }),
    steps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 60_000 }), to: fc.constantFrom(...STATES) }), {
      maxLength: 4,
    }),
    goneAfter: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
  })
  .map(({ registeredAfter, steps, goneAfter }) => {
    let at = s(0) + registeredAfter;
    const changes: Truth["changes"] = [{ at, to: "initial" }];
    for (const step of steps) {
      at += step.gap;
      if (step.to !== changes.at(-1)?.to) changes.push({ at, to: step.to });
    }
    if (goneAfter !== undefined) changes.push({ at: at + goneAfter, to: "deregistered" });
    return { changes };
  });

/** Reads one after the other, the first at 0 s (before registration), until well after the last change. */
const readsArb = (end: number): fc.Arbitrary<Read[]> =>
  fc
    .array(
      fc.record({
        pause: fc.integer({ min: 0, max: 20_000 }),
        // Throttled, retried: the answered attempt may start long after the call did.
        untilServed: fc.integer({ min: 0, max: 15_000 }),
        untilAnswered: fc.integer({ min: 0, max: 5_000 }),
        discovery: fc.boolean(),
      }),
      { minLength: 60, maxLength: 60 },
    )
    .map((steps) => {
      const reads: Read[] = [];
      let free = s(0);
      for (const [i, step] of steps.entries()) {
        const sentAt = i === 0 ? s(0) : free + step.pause;
        const servedAt = sentAt + step.untilServed;
        const receivedAt = servedAt + step.untilAnswered;
        reads.push({ interval: { sentAt, receivedAt }, servedAt, discovery: i === 0 || step.discovery });
        free = receivedAt;
        if (sentAt > end) break;
      }
      return reads;
    });

function stateAt(truth: Truth, at: number): Seen {
  let state: Seen = "unregistered";
  for (const change of truth.changes) if (change.at <= at) state = change.to;
  return state;
}

function absent(state: Seen): boolean {
  return state === "unregistered" || state === "deregistered";
}

function snapshotAt(truth: Truth, read: Read): NlbSnapshot {
  const state = stateAt(truth, read.servedAt);
  const targets =
    state === "unregistered" || state === "deregistered" ? [] : [{ id: POD, port: POD_PORT, state }];
  return nlb([targetGroup(IP_TG, "ip", targets, { read: read.interval })]);
}

const scenarioArb = truthArb.chain((truth) =>
  fc.tuple(fc.constant(truth), readsArb((truth.changes.at(-1)?.at ?? s(0)) + 30_000)),
);

describe("diffNlb windows against a model of reads with latencies and retries", () => {
  it("puts every true change between two reads inside the window it reports, whatever the latencies", () => {
    fc.assert(
      fc.property(scenarioArb, ([truth, reads]) => {
        let state: NlbState | undefined;
        let before: Read | undefined;
        for (const read of reads) {
          const { transitions, next } = diffNlb({
            previous: state,
            snapshot: snapshotAt(truth, read),
            ...(read.discovery || !state ? { read: read.interval } : {}),
          });
          const targetTransitions = transitions.filter((t): t is TargetTransition => t.kind === "target");
          if (before) {
            const from = stateAt(truth, before.servedAt);
            const to = stateAt(truth, read.servedAt);
            // Not registered yet and no longer registered look alike: nothing to see in between.
            if (from === to || (absent(from) && absent(to))) expect(targetTransitions).toEqual([]);
            else {
              expect(targetTransitions.map((t) => [t.from, t.to])).toEqual([[from, to]]);
              const [start, end] = targetTransitions[0]?.observedBetween ?? [0, 0];
              const between = truth.changes.filter(
                (c) => c.at > (before as Read).servedAt && c.at <= read.servedAt,
              );
              expect(between.length).toBeGreaterThan(0);
              for (const change of between) {
                expect(change.at).toBeGreaterThanOrEqual(start);
                expect(change.at).toBeLessThanOrEqual(end);
              }
            }
          }
          state = next;
          before = read;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("bounds the true time to the healthy state it saw, and errs by no more than the bounds' width", () => {
    fc.assert(
      fc.property(scenarioArb, ([truth, reads]) => {
        let state: NlbState | undefined;
        const registeredAt = truth.changes[0]?.at ?? 0;
        for (const read of reads) {
          const { transitions, next } = diffNlb({
            previous: state,
            snapshot: snapshotAt(truth, read),
            read: read.interval,
          });
          for (const t of transitions) {
            if (t.kind !== "target" || t.timeToHealthySeconds === undefined) continue;
            // The change to healthy this read saw: the latest one inside the window.
            const [start, end] = t.observedBetween;
            const seen = truth.changes.findLast((c) => c.to === "healthy" && c.at >= start && c.at <= end);
            const real = ((seen?.at ?? Number.NaN) - registeredAt) / 1000;
            const { min, max } = t.timeToHealthyBounds ?? { min: Number.NaN };
            expect(real).toBeGreaterThanOrEqual(min);
            if (max !== undefined) {
              expect(real).toBeLessThanOrEqual(max);
              expect(Math.abs(t.timeToHealthySeconds - real)).toBeLessThanOrEqual(max - min);
            }
          }
          state = next;
        }
      }),
      { numRuns: 300 },
    );
  });
});

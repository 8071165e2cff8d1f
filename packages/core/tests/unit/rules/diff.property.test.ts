import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
import { type NlbState, targetKey } from "../../../src/model/state.ts";
import {
  applyTransitions,
  type DiffResult,
  diffNlb,
  markNlbError,
  snapshotFromState,
  sortTransitions,
  viewOf,
} from "../../../src/rules/index.ts";
import { lifeArb, nlbSnapshotArb, type Step } from "./arbitraries.ts";
import { s } from "./fixtures.ts";

const RUNS = { numRuns: 200 };

interface Diffed {
  previous: NlbState | undefined;
  snapshot: NlbSnapshot | undefined;
  observedAt: number;
  result: DiffResult;
}

/**
 * Plays a life the way the collector does: the store keeps a diff's state only when it changed
 * (or, within a burst, carries it in memory: `persist`), and failed reads mark an error.
 */
function play(steps: Step[]): Diffed[] {
  const diffs: Diffed[] = [];
  let stored: NlbState | undefined;
  let lastSnapshot: NlbSnapshot | undefined;
  let at = s(0);
  for (const step of steps) {
    at += step.gapMs;
    if (step.kind === "error") {
      if (stored) stored = markNlbError(stored, "Throttling", at);
      continue;
    }
    const snapshot =
      step.kind === "snapshot" ? step.snapshot : step.kind === "repeat" ? lastSnapshot : undefined;
    lastSnapshot = snapshot;
    const result = diffNlb({ previous: stored, snapshot, read: at });
    diffs.push({ previous: stored, snapshot, observedAt: at, result });
    if (result.changed || step.persist) stored = result.next;
  }
  return diffs;
}

function snapshotKeys(snapshot: NlbSnapshot | undefined): string[] {
  if (!snapshot) return [];
  return snapshot.targetGroups
    .flatMap((group) => group.targets.map((t) => targetKey({ targetGroupArn: group.arn, ...t })))
    .sort();
}

const everyDiff = (check: (diffed: Diffed) => void) =>
  fc.assert(
    fc.property(lifeArb, (steps) => {
      for (const diffed of play(steps)) check(diffed);
    }),
    RUNS,
  );

describe("diffNlb properties", () => {
  it("yields no transition and no change for the same snapshot twice", () => {
    fc.assert(
      fc.property(lifeArb, nlbSnapshotArb, fc.nat(60_000), (steps, snapshot, gap) => {
        // Prepare: any reachable state, then one sweep of `snapshot`.
        const last = play(steps).at(-1);
        const at = (last?.observedAt ?? s(0)) + 1000;
        const first = diffNlb({ previous: last?.result.next, snapshot, read: at });
        // Act
        const second = diffNlb({ previous: first.next, snapshot, read: at + gap });
        const rebuilt =
          first.next &&
          diffNlb({ previous: first.next, snapshot: snapshotFromState(first.next), read: at + gap });
        // Assess
        expect(second.transitions).toEqual([]);
        expect(second.changed).toBe(false);
        expect(rebuilt?.changed ?? false).toBe(false);
      }),
      RUNS,
    );
  });

  it("turns the previous view into the new one by applying the transitions", () => {
    everyDiff(({ previous, result }) => {
      expect(applyTransitions(viewOf(previous), result.transitions)).toEqual(viewOf(result.next));
    });
  });

  it("rebuilds the latest view from the whole history of transitions", () => {
    fc.assert(
      fc.property(lifeArb, (steps) => {
        // Only what the store kept counts: transitions of a diff that changed nothing are none.
        const diffs = play(steps);
        const history = diffs.flatMap((d) => d.result.transitions);
        const latest = diffs.findLast((d) => d.result.changed);
        expect(applyTransitions(undefined, history)).toEqual(viewOf(latest?.result.next));
      }),
      RUNS,
    );
  });

  it("never makes a transition from a state to itself", () => {
    everyDiff(({ result }) => {
      for (const t of result.transitions) expect(t.from).not.toBe(t.to);
    });
  });

  it("never lets time go backwards", () => {
    everyDiff(({ previous, observedAt, result }) => {
      const floor = previous?.lastSeenAt ?? observedAt;
      for (const t of result.transitions) {
        expect(t.observedBetween[0]).toBeLessThanOrEqual(t.observedBetween[1]);
        expect(t.at).toBe(t.observedBetween[1]);
        expect(t.at).toBeLessThanOrEqual(observedAt);
        expect(t.at).toBeGreaterThanOrEqual(floor);
        expect(t.observedBetween[0]).toBeGreaterThanOrEqual(previous?.firstSeenAt ?? observedAt);
        if (t.secondsInPreviousState !== undefined)
          expect(t.secondsInPreviousState).toBeGreaterThanOrEqual(0);
      }
      const next = result.next;
      if (!next) return;
      expect(next.lastSeenAt).toBe(observedAt);
      expect(next.firstSeenAt).toBeLessThanOrEqual(next.modeSince);
      expect(next.modeSince).toBeLessThanOrEqual(next.lastSeenAt);
      expect(next.firstSeenAt).toBeLessThanOrEqual(next.lastChangeAt);
      expect(next.lastChangeAt).toBeLessThanOrEqual(next.lastSeenAt);
      if (previous) {
        expect(next.firstSeenAt).toBe(previous.firstSeenAt);
        expect(next.modeSince).toBeGreaterThanOrEqual(previous.modeSince);
        expect(next.lastChangeAt).toBeGreaterThanOrEqual(previous.lastChangeAt);
      }
      const before = new Map(previous?.targets.map((t) => [targetKey(t), t]));
      for (const t of next.targets) {
        expect(t.registeredAfter ?? t.registeredAt).toBeLessThanOrEqual(t.registeredAt);
        expect(t.registeredAt).toBeLessThanOrEqual(t.since);
        expect(t.since).toBeLessThanOrEqual(t.lastSeenAt);
        expect(t.lastSeenAt).toBe(observedAt);
        expect(t.notHealthySince === undefined).toBe(t.state === "healthy");
        if (t.notHealthySince !== undefined) {
          expect(t.notHealthySince).toBeGreaterThanOrEqual(t.registeredAt);
          expect(t.notHealthySince).toBeLessThanOrEqual(t.since);
        }
        if (t.healthyAt !== undefined) {
          expect(t.healthyAt).toBeGreaterThanOrEqual(t.registeredAt);
          expect(t.healthyAt).toBeLessThanOrEqual(t.lastSeenAt);
        }
        const old = before.get(targetKey(t));
        if (old) {
          expect(t.registeredAt).toBe(old.registeredAt);
          expect(t.since).toBeGreaterThanOrEqual(old.since);
          if (old.healthyAt !== undefined) expect(t.healthyAt).toBe(old.healthyAt);
        }
      }
    });
  });

  it("refuses a snapshot older than the previous sighting", () => {
    fc.assert(
      fc.property(lifeArb, nlbSnapshotArb, fc.integer({ min: 1, max: 60_000 }), (steps, snapshot, back) => {
        const previous = play(steps).findLast((d) => d.result.next)?.result.next;
        fc.pre(previous !== undefined);
        expect(() => diffNlb({ previous, snapshot, read: (previous?.lastSeenAt ?? 0) - back })).toThrow(
          RangeError,
        );
      }),
      RUNS,
    );
  });

  it("keeps exactly the snapshot's targets", () => {
    everyDiff(({ snapshot, result }) => {
      expect((result.next?.targets ?? []).map(targetKey).sort()).toEqual(snapshotKeys(snapshot));
    });
  });

  it("never reports a negative time to healthy, and only on the first way to healthy", () => {
    everyDiff(({ previous, result }) => {
      const before = new Map(previous?.targets.map((t) => [targetKey(t), t]));
      for (const t of result.transitions) {
        if (t.kind !== "target" || t.timeToHealthySeconds === undefined) continue;
        expect(t.to).toBe("healthy");
        expect(t.timeToHealthySeconds).toBeGreaterThanOrEqual(0);
        const old = before.get(targetKey({ targetGroupArn: t.targetGroupArn, ...t.target }));
        expect(old?.healthyAt).toBeUndefined();
        expect(t.timeToHealthySeconds).toBe((t.at - (old?.registeredAt ?? Number.NaN)) / 1000);
      }
      for (const t of result.next?.targets ?? []) {
        if (t.timeToHealthySeconds !== undefined) expect(t.timeToHealthySeconds).toBeGreaterThanOrEqual(0);
      }
    });
  });

  it("sorts its transitions and changes nothing but sighting times when it says so", () => {
    everyDiff(({ previous, observedAt, result }) => {
      expect(result.transitions).toEqual(sortTransitions(result.transitions));
      if (result.changed) {
        if (result.next) expect(result.next.lastChangeAt).toBe(observedAt);
        return;
      }
      expect(result.transitions).toEqual([]);
      const blank = (state: NlbState | undefined) =>
        state && {
          ...state,
          lastSeenAt: 0,
          lastReceivedAt: 0,
          targetGroups: state.targetGroups.map((g) => ({ ...g, lastSeenAt: 0 })),
          targets: state.targets.map((t) => ({ ...t, lastSeenAt: 0 })),
        };
      expect(blank(result.next)).toEqual(blank(previous));
    });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runSweep, type SweepSummary } from "../../../src/collector/sweep.ts";
import type { NlbSnapshot, TargetObservation } from "../../../src/model/snapshot.ts";
import type { TargetTransition, Transition } from "../../../src/model/transition.ts";
import { applyTransitions, viewOf } from "../../../src/rules/index.ts";
import {
  draining,
  healthy,
  IP_TG,
  nlb,
  POD_PORT,
  REGION,
  registering,
  s,
  targetGroup,
} from "../rules/fixtures.ts";
import { stateOf } from "./fixtures.ts";
import { InMemoryStore } from "./in-memory-store.ts";
import { ManualClock } from "./manual-clock.ts";
import { type Latency, TimelineSource } from "./timeline-source.ts";

const POD = "10.42.0.15";

/** One pod's true life: [time it entered a state, the state], oldest first; before the first it is not registered. */
type Life = [number, "initial" | "healthy" | "draining" | "gone"][];

function worldOf(life: Life): (at: number) => NlbSnapshot[] {
  return (at) => {
    const now = life.findLast(([since]) => since <= at)?.[1];
    const pod: TargetObservation[] =
      now === undefined || now === "gone"
        ? []
        : [{ initial: registering, healthy, draining }[now](POD, POD_PORT)];
    return [nlb([targetGroup(IP_TG, "ip", pod)])];
  };
}

/** A collector of its own (clock, source, memory) on the shared store, sweeping once from `start`. */
function collector(store: InMemoryStore, life: Life, start: number, latency?: Latency) {
  const clock = new ManualClock(start);
  const source = new TimelineSource(worldOf(life), clock, latency);
  const memory = {};
  const sweep = (): Promise<SweepSummary> =>
    runSweep({
      source,
      store,
      clock,
      defaultRegions: [REGION],
      deadline: clock.now() + 50_000,
      burstIntervalSeconds: 5,
      memory,
    });
  return { clock, source, sweep };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The truth of each stored pod transition: a true change out of `from` and one into `to`, both inside its window. */
function untruthful(history: Transition[], life: Life): TargetTransition[] {
  const changes = life.map(([at, to], i) => ({ at, from: i === 0 ? "unregistered" : life[i - 1]?.[1], to }));
  const named = (state: string | undefined) => (state === "gone" ? "deregistered" : state);
  return history.filter((t): t is TargetTransition => {
    if (t.kind !== "target") return false;
    const [start, end] = t.observedBetween;
    const inside = changes.filter((c) => c.at >= start && c.at <= end);
    return !inside.some((c) => named(c.from) === t.from) || !inside.some((c) => named(c.to) === t.to);
  });
}

/** Pod registered at 5 s, healthy at 15 s, draining at 25 s; the NLB known, with no pod yet, since 0 s. */
const LIFE: Life = [
  [s(5), "initial"],
  [s(15), "healthy"],
  [s(25), "draining"],
];

/** The NLB as a sweep at 0 s stored it, before the pod registered. */
const known = (life: Life) => stateOf(worldOf(life)(s(0))[0] as NlbSnapshot, s(0));

function storeKnowingTheNlb(): InMemoryStore {
  const store = new InMemoryStore();
  store.seed("default", known(LIFE));
  return store;
}

describe("two sweeps overlapping on one table", () => {
  it.each([
    ["the slow read writes first", "a"],
    ["the quick read writes first", "b"],
  ])("store what one sweep would: no change invented back, none twice (%s)", async (_, first) => {
    // Prepare: sweep a's read, sent at 10 s and retried, is served at 26 s (draining) and answered
    // at 27 s; sweep b's, sent at 12 s, is served at 16 s (healthy). Each diffed the state of 0 s.
    const store = storeKnowingTheNlb();
    const a = collector(store, LIFE, s(10), () => ({ served: 16_000, answered: 1_000 }));
    const b = collector(store, LIFE, s(12), () => ({ served: 4_000, answered: 1_000 }));
    const [leader, follower] = first === "a" ? [a, b] : [b, a];
    const gate = deferred();
    follower.source.beforeAnswer = () => gate.promise;
    // Act
    const following = follower.sweep();
    const led = await leader.sweep();
    gate.resolve();
    const followed = await following;
    const last = collector(store, LIFE, s(90));
    await last.sweep();
    // Assess
    const history = store.transitions("default");
    expect(() => applyTransitions(viewOf(known(LIFE)), history)).not.toThrow();
    expect(untruthful(history, LIFE)).toEqual([]);
    expect(history.filter((t) => t.kind === "target").map((t) => `${t.from}→${t.to}`)).not.toContain(
      "draining→healthy",
    );
    expect(led.conflicts + followed.conflicts).toBeGreaterThan(0);
    expect([...led.errors, ...followed.errors]).toEqual([]);
  });

  it("keeps every stored history truthful and unduplicated whatever the interleaving of three sweeps", async () => {
    const lifeArb = fc
      .tuple(
        fc.integer({ min: 1_000, max: 40_000 }),
        fc.integer({ min: 10_000, max: 60_000 }),
        fc.integer({ min: 5_000, max: 60_000 }),
        fc.integer({ min: 10_000, max: 60_000 }),
      )
      .map(
        ([r, h, d, g]): Life => [
          [s(0) + r, "initial"],
          [s(0) + r + h, "healthy"],
          [s(0) + r + h + d, "draining"],
          [s(0) + r + h + d + g, "gone"],
        ],
      );
    const latencyArb = fc.array(
      fc.record({
        served: fc.integer({ min: 0, max: 15_000 }),
        answered: fc.integer({ min: 0, max: 3_000 }),
      }),
      { minLength: 1, maxLength: 20 },
    );
    const sweepArb = fc.record({ start: fc.integer({ min: 1_000, max: 150_000 }), latencies: latencyArb });
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        lifeArb,
        fc.array(sweepArb, { minLength: 3, maxLength: 3 }),
        async (scheduler, life, sweeps) => {
          // Prepare: the NLB known without the pod since 0 s; every read and write may be overtaken
          const store = new InMemoryStore();
          store.seed("default", known(life));
          store.beforeApply = () => scheduler.schedule(Promise.resolve());
          const running = sweeps.map(({ start, latencies }) => {
            let reads = 0;
            const c = collector(
              store,
              life,
              s(0) + start,
              () => latencies[reads++ % latencies.length] ?? { served: 0, answered: 0 },
            );
            c.source.beforeAnswer = () => scheduler.schedule(Promise.resolve());
            return c.sweep();
          });
          // Act
          await scheduler.waitFor(Promise.all(running));
          store.beforeApply = undefined;
          await collector(store, life, (life.at(-1)?.[0] ?? 0) + 60_000).sweep();
          // Assess
          const history = store.transitions("default");
          expect(() => applyTransitions(viewOf(known(life)), history)).not.toThrow();
          expect(untruthful(history, life)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

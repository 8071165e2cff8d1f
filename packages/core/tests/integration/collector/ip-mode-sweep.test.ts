import type { TruthEvent } from "@targetwatch/sim";
import { PINNED_TIMING } from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Collector } from "../../../src/collector/create-collector.ts";
import type { SweepSummary } from "../../../src/collector/sweep.ts";
import type { TargetTransition, Transition } from "../../../src/model/transition.ts";
import { type CollectorRig, describeTransition, START, startRig } from "./rig.ts";

/** The walkthrough as the collector must record it with pinned timings, oldest first (burst sampling every 5 s). */
const PINNED_WALKTHROUGH = [
  "0s instance unregistered→initial",
  "0s instance unregistered→initial",
  "0s instance unregistered→initial",
  "0s loadBalancer absent→present",
  "90s instance initial→healthy",
  "90s instance initial→healthy",
  "90s instance initial→healthy",
  // The switch: the listener moves to the ip group in place, the node targets simply leave.
  "180s instance healthy→deregistered",
  "180s instance healthy→deregistered",
  "180s instance healthy→deregistered",
  "180s ip unregistered→initial",
  "180s mode instance→ip",
  "270s ip initial→healthy",
  // kubectl scale at 5m30s; the pods are registered once ready, 5 s later. The participant is
  // in ip mode short of the goal, so the 5-minute sweep keeps burst-sampling and sees them then.
  "335s ip unregistered→initial",
  "335s ip unregistered→initial",
  "425s ip initial→healthy",
  "425s ip initial→healthy",
];

/** The burst interval: the collector re-reads transitional target groups this often. */
const BURST_SECONDS = 5;
/**
 * Seconds into each minute the collector samples: the rig's sweeps start on the minute with a
 * 59 s budget, whose last 3 s are kept for heartbeats and metrics, and burst rounds read on a 5 s
 * grid before that (the last at 55 s); the next sweep reads again at the minute.
 */
const SAMPLED_SECONDS = 55;

/** Whether `at` falls while a sweep was sampling (not between one sweep's budget and the next). */
function whileSampling(at: number): boolean {
  return ((at - START) / 1000) % 60 <= SAMPLED_SECONDS;
}

function oldestFirst(transitions: Transition[]): string[] {
  return [...transitions]
    .reverse()
    .map(describeTransition)
    .sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b) || a.localeCompare(b));
}

interface Run {
  rig: CollectorRig;
  collector: Collector;
  summaries: SweepSummary[];
  stored: Transition[];
  truth: TruthEvent[];
}

/** One ten-minute run of the walkthrough, swept every minute. */
async function walkthrough(world: Parameters<typeof startRig>[2]): Promise<Run> {
  const rig = await startRig("ip-mode.yaml", undefined, world);
  const collector = rig.collector();
  const summaries = await rig.sweepEveryMinute(collector, 10);
  const stored = await rig.store.listTransitions("default", { limit: 100 });
  return { rig, collector, summaries, stored, truth: rig.sim.world.truth() };
}

const targetKey = (id: string, port: number) => `${id}:${port}`;

/** The shipped scenario's own seed, and others; each draws other registration delays and check phases. */
const SEEDS = [undefined, 11, 12, 13, 14];
const runs = new Map<string, Run>();

// The runs spend their time waiting on the collector's pace (wall-clock), so they run side by side.
beforeAll(async () => {
  const worlds: [string, Parameters<typeof startRig>[2]][] = [
    ["pinned", { timing: PINNED_TIMING }],
    ...SEEDS.map((seed): [string, Parameters<typeof startRig>[2]] => [
      `seed ${seed}`,
      seed === undefined ? {} : { seed },
    ]),
  ];
  const done = await Promise.all(
    worlds.map(async ([name, world]) => [name, await walkthrough(world)] as const),
  );
  for (const [name, run] of done) runs.set(name, run);
}, 180_000);
afterAll(async () => {
  for (const run of runs.values()) await run.rig.close();
});

/** Seconds from a target's registration to its first true `healthy`. */
function trueTimeToHealthy(truth: TruthEvent[], id: string, port: number): number {
  const own = truth.filter((t) => t.targetId === id && t.port === port);
  const registeredAt = own.find((t) => t.from === "new")?.at as number;
  return ((own.find((t) => t.to === "healthy")?.at as number) - registeredAt) / 1000;
}

/** The target's true state at `at`. */
function stateAt(truth: TruthEvent[], id: string, port: number, at: number): string | undefined {
  return truth.filter((t) => t.targetId === id && t.port === port && t.at <= at).at(-1)?.to;
}

/** Whether the target left `healthy` within `ms` of turning healthy. */
function leftWithin(truth: TruthEvent[], healthy: TruthEvent, ms: number): boolean {
  return truth.some(
    (t) =>
      t.targetId === healthy.targetId &&
      t.port === healthy.port &&
      t.from === "healthy" &&
      t.at > healthy.at &&
      t.at - healthy.at < ms,
  );
}

describe("the collector on the ip-mode walkthrough, timings pinned", () => {
  let run: Run;
  beforeAll(() => {
    run = runs.get("pinned") as Run;
  });

  it("stores exactly the walkthrough's transitions, timed to the burst interval", () => {
    expect(run.summaries.flatMap((s) => s.errors)).toEqual([]);
    expect(oldestFirst(run.stored)).toEqual(PINNED_WALKTHROUGH);
  });

  it("writes about one item per workshop in a sweep where nothing changed", () => {
    // Minute 10: everything healthy, the replaced group long gone, nothing transitional.
    const last = run.summaries.at(-1) as SweepSummary;
    expect(last.transitions).toBe(0);
    expect(last.burstRounds).toBe(0);
    expect(last.dynamodbWrites).toBe(1);
  });

  it("adds up in its stats the requests its sweeps reported", () => {
    const stats = run.collector.stats();
    expect(stats.store.writeRequests).toBe(run.summaries.reduce((n, s) => n + s.dynamodbWrites, 0));
    expect(stats.source.apiCalls).toBe(run.summaries.reduce((n, s) => n + s.elbApiCalls, 0));
    expect(stats.store.readRequests).toBeGreaterThan(0);
  });
});

// Spread timings: targets turn healthy at other, unrelated moments with every seed (and a node
// target may still be initial when the participant switches).
describe.each(SEEDS)("the collector on the ip-mode walkthrough, spread timings (seed %s)", (seed) => {
  let run: Run;
  beforeAll(() => {
    run = runs.get(`seed ${seed}`) as Run;
  });

  it("sees the mode go instance → ip and the node targets leave from the state last seen, never draining", () => {
    // Act
    const modes = run.stored.filter((t) => t.kind === "mode").map((t) => `${t.from}→${t.to}`);
    const nodes = run.stored.filter(
      (t): t is TargetTransition => t.kind === "target" && t.target.id.startsWith("i-"),
    );
    const left = nodes.filter((t) => t.to === "deregistered");
    // Assess: each node target leaves at the switch from what it truly was when last read
    expect(run.summaries.flatMap((s) => s.errors)).toEqual([]);
    expect(run.summaries.reduce((n, s) => n + s.elbThrottled, 0)).toBe(0);
    expect(modes).toEqual(["instance→ip"]);
    expect(nodes.some((t) => t.to === "draining" || t.from === "draining")).toBe(false);
    expect(left).toHaveLength(3);
    for (const t of left) {
      expect(t.at).toBe(START + 180_000);
      expect(t.from).toBe(stateAt(run.truth, t.target.id, t.target.port, t.observedBetween[0]));
    }
  });

  it("measures the time to healthy within one burst interval of the truth where it saw both ends promptly", () => {
    // Prepare: targets whose registration and first healthy read each came at most one burst
    // interval after the true change
    const registered = new Map(
      run.truth.filter((t) => t.from === "new").map((t) => [targetKey(t.targetId, t.port), t.at]),
    );
    const firstSeen = new Map(
      run.stored.flatMap((t) =>
        t.kind === "target" && t.from === "unregistered"
          ? [[targetKey(t.target.id, t.target.port), t.at]]
          : [],
      ),
    );
    const prompt = (seen: number | undefined, truly: number | undefined) =>
      seen !== undefined && truly !== undefined && seen - truly <= BURST_SECONDS * 1000;
    // Act
    const healthy = run.stored.filter(
      (t): t is TargetTransition => t.kind === "target" && t.to === "healthy",
    );
    const followed = healthy.filter((t) => {
      const key = targetKey(t.target.id, t.target.port);
      const trulyHealthy = run.truth.find((e) => targetKey(e.targetId, e.port) === key && e.to === "healthy");
      return prompt(firstSeen.get(key), registered.get(key)) && prompt(t.at, trulyHealthy?.at);
    });
    // Assess: every target that stayed healthy long enough to be swept is recorded healthy
    const lasting = run.truth.filter((t) => t.to === "healthy" && !leftWithin(run.truth, t, 60_000));
    expect(healthy.length).toBeGreaterThanOrEqual(lasting.length);
    expect(followed.length).toBeGreaterThan(0);
    const trueSeconds = new Set<number>();
    for (const t of followed) {
      const seconds = trueTimeToHealthy(run.truth, t.target.id, t.target.port);
      trueSeconds.add(seconds);
      expect(Math.abs((t.timeToHealthySeconds as number) - seconds)).toBeLessThanOrEqual(BURST_SECONDS);
    }
    // Spread: no two targets took the same time
    expect(trueSeconds.size).toBe(followed.length);
  });

  it("measures the time to healthy within one burst interval of the truth for every target registered and turned healthy while a sweep was sampling", () => {
    // Prepare: the targets whose true registration and true healthy both fell inside a sweep
    const registered = new Map(
      run.truth.filter((t) => t.from === "new").map((t) => [targetKey(t.targetId, t.port), t.at]),
    );
    const healthy = run.stored.filter(
      (t): t is TargetTransition => t.kind === "target" && t.to === "healthy",
    );
    const sampled = healthy.filter((t) => {
      const key = targetKey(t.target.id, t.target.port);
      const trulyHealthy = run.truth.find((e) => targetKey(e.targetId, e.port) === key && e.to === "healthy");
      const at = registered.get(key);
      return (
        at !== undefined && whileSampling(at) && trulyHealthy !== undefined && whileSampling(trulyHealthy.at)
      );
    });
    // Assess: scaled-out pods included where they turned healthy in time (they register while no
    // target is transitional, so only the bursting of an NLB short of its goal sees them)
    expect(sampled.length).toBeGreaterThan(0);
    for (const t of sampled) {
      const seconds = trueTimeToHealthy(run.truth, t.target.id, t.target.port);
      expect(Math.abs((t.timeToHealthySeconds as number) - seconds)).toBeLessThanOrEqual(BURST_SECONDS);
    }
  });

  // Sweeps start on the minute with a 59 s budget, their burst rounds on a 5 s grid up to 55 s:
  // a transitional group is read every 5 s across sweeps too, so no change waits for the next
  // sweep longer than one interval.
  it("measures the time to healthy within one burst interval of the truth for every target", () => {
    const healthy = run.stored.filter(
      (t): t is TargetTransition => t.kind === "target" && t.to === "healthy",
    );
    for (const t of healthy) {
      const seconds = trueTimeToHealthy(run.truth, t.target.id, t.target.port);
      expect(Math.abs((t.timeToHealthySeconds as number) - seconds)).toBeLessThanOrEqual(BURST_SECONDS);
    }
  });

  it("keeps observedBetween honest: every true change lies inside its window", () => {
    for (const t of run.stored) {
      if (t.kind !== "target" || t.from === "unregistered" || t.to === "deregistered") continue;
      const real = run.truth.find(
        (e) => e.targetId === t.target.id && e.port === t.target.port && e.to === t.to,
      );
      expect(real, describeTransition(t)).toBeDefined();
      expect(real?.at).toBeGreaterThan(t.observedBetween[0]);
      expect(real?.at).toBeLessThanOrEqual(t.observedBetween[1]);
    }
    expect(
      run.stored.every((t) => t.observedBetween[0] <= t.observedBetween[1] && t.at === t.observedBetween[1]),
    ).toBe(true);
    expect(run.stored.every((t) => t.at >= START)).toBe(true);
  });
});

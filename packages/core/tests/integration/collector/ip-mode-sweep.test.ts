import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Collector } from "../../../src/collector/create-collector.ts";
import type { SweepSummary } from "../../../src/collector/sweep.ts";
import type { TargetTransition, Transition } from "../../../src/model/transition.ts";
import { type CollectorRig, describeTransition, START, startRig } from "./rig.ts";

/** The walkthrough as the collector must record it, oldest first (burst sampling every 5 s). */
const WALKTHROUGH = [
  "0s instance unregistered→initial",
  "0s instance unregistered→initial",
  "0s instance unregistered→initial",
  "0s loadBalancer absent→present",
  "90s instance initial→healthy",
  "90s instance initial→healthy",
  "90s instance initial→healthy",
  "180s instance healthy→draining",
  "180s instance healthy→draining",
  "180s instance healthy→draining",
  "180s ip unregistered→initial",
  "180s mode instance→mixed",
  "270s ip initial→healthy",
  "330s ip unregistered→initial",
  "330s ip unregistered→initial",
  "420s ip initial→healthy",
  "420s ip initial→healthy",
  "480s instance draining→deregistered",
  "480s instance draining→deregistered",
  "480s instance draining→deregistered",
  "480s mode mixed→ip",
];

function oldestFirst(transitions: Transition[]): string[] {
  return [...transitions]
    .reverse()
    .map(describeTransition)
    .sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b) || a.localeCompare(b));
}

describe("the collector on the ip-mode walkthrough", () => {
  let rig: CollectorRig;
  let collector: Collector;
  let summaries: SweepSummary[];
  let stored: Transition[];

  // One ten-minute run, shared by the assertions below (it takes a few seconds).
  beforeAll(async () => {
    rig = await startRig();
    collector = rig.collector();
    summaries = await rig.sweepEveryMinute(collector, 10);
    stored = await rig.store.listTransitions("default", { limit: 100 });
  });
  afterAll(() => rig.close());

  it("stores exactly the walkthrough's transitions, timed to the burst interval", () => {
    expect(summaries.flatMap((s) => s.errors)).toEqual([]);
    expect(oldestFirst(stored)).toEqual(WALKTHROUGH);
  });

  it("measures every time to healthy within one burst interval of the simulator's truth", () => {
    // Prepare: the truth is registration → healthy, to the millisecond
    const truth = rig.sim.world.truth();
    const registered = new Map(
      truth.filter((t) => t.from === "new").map((t) => [`${t.targetId}:${t.port}`, t.at]),
    );
    // Act
    const healthy = stored.filter((t): t is TargetTransition => t.kind === "target" && t.to === "healthy");
    // Assess
    expect(healthy).toHaveLength(6);
    for (const t of healthy) {
      const key = `${t.target.id}:${t.target.port}`;
      const trueHealthyAt = truth.find((e) => `${e.targetId}:${e.port}` === key && e.to === "healthy")
        ?.at as number;
      const trueSeconds = (trueHealthyAt - (registered.get(key) as number)) / 1000;
      expect(trueSeconds).toBe(90);
      expect(Math.abs((t.timeToHealthySeconds as number) - trueSeconds)).toBeLessThanOrEqual(5);
    }
  });

  it("keeps observedBetween honest: every true change lies inside its window", () => {
    const truth = rig.sim.world.truth();
    for (const t of stored) {
      if (t.kind !== "target" || t.from === "unregistered" || t.to === "deregistered") continue;
      const real = truth.find((e) => e.targetId === t.target.id && e.port === t.target.port && e.to === t.to);
      expect(real, describeTransition(t)).toBeDefined();
      expect(real?.at).toBeGreaterThan(t.observedBetween[0]);
      expect(real?.at).toBeLessThanOrEqual(t.observedBetween[1]);
    }
    expect(
      stored.every((t) => t.observedBetween[0] <= t.observedBetween[1] && t.at === t.observedBetween[1]),
    ).toBe(true);
    expect(stored.every((t) => t.at >= START)).toBe(true);
  });

  it("writes about one item per workshop in a sweep where nothing changed", () => {
    // Minute 10: everything healthy and drained, nothing transitional.
    const last = summaries.at(-1) as SweepSummary;
    expect(last.transitions).toBe(0);
    expect(last.burstRounds).toBe(0);
    expect(last.dynamodbWrites).toBe(1);
  });

  it("adds up in its stats the requests its sweeps reported", () => {
    const stats = collector.stats();
    expect(stats.store.writeRequests).toBe(summaries.reduce((n, s) => n + s.dynamodbWrites, 0));
    expect(stats.source.apiCalls).toBe(summaries.reduce((n, s) => n + s.elbApiCalls, 0));
    expect(stats.store.readRequests).toBeGreaterThan(0);
  });
});

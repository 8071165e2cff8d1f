import { seedFromString } from "../random.ts";
import { World } from "../world/world.ts";
import type { ClusterSpec, Scenario } from "./schema.ts";

/** Replica clusters of a class are named `<name>-01`, `<name>-02`, … */
export function replicaName(name: string, index: number, count: number): string {
  return `${name}-${String(index + 1).padStart(Math.max(2, String(count).length), "0")}`;
}

/** One cluster of the world as a scenario describes it: a cluster, or one copy of a class. */
export interface ClusterCopy {
  spec: ClusterSpec;
  name: string;
  /** How much later than t = 0 it starts (its services and steps shift with it). */
  offsetMs: number;
  accountId: string;
}

/** Every cluster the scenario creates, class copies expanded, each in its account. */
export function clusterCopies(scenario: Scenario): ClusterCopy[] {
  return scenario.clusters.flatMap((spec) => {
    const replicate = spec.replicate;
    const home = spec.account ?? scenario.accountId;
    if (!replicate) return [{ spec, name: spec.name, offsetMs: 0, accountId: home }];
    return Array.from({ length: replicate.count }, (_, i) => ({
      spec,
      name: replicaName(spec.name, i, replicate.count),
      offsetMs: i * replicate.staggerSeconds * 1000,
      accountId: replicate.firstAccountId ? nthAccountId(replicate.firstAccountId, i) : home,
    }));
  });
}

/** The account `index` places after `first`: a class's accounts are consecutive ids. */
export function nthAccountId(first: string, index: number): string {
  return String(Number(first) + index).padStart(12, "0");
}

/** Creates the scenario's world at simulated `start` and schedules its whole timeline. */
export function buildWorld(
  scenario: Scenario,
  start: number,
  log?: (at: number, message: string) => void,
): World {
  const world = new World({
    accountId: scenario.accountId,
    defaultRegion: scenario.region,
    healthCheck: scenario.healthCheck,
    timing: scenario.timing,
    controller: scenario.controller,
    seed: scenario.seed ?? seedFromString(scenario.name),
    start,
    ...(log ? { log } : {}),
  });
  for (const copy of clusterCopies(scenario)) {
    world.addCluster(copy.spec, copy.name, start + copy.offsetMs, copy.accountId);
    for (const step of scenario.steps) {
      if (step.cluster !== copy.spec.name) continue;
      const { at, ...action } = step;
      world.schedule(start + copy.offsetMs + at * 1000, { ...action, cluster: copy.name });
    }
  }
  world.advanceTo(start);
  return world;
}

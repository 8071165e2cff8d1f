import { seedFromString } from "../random.ts";
import { World } from "../world/world.ts";
import type { Scenario } from "./schema.ts";

/** Replica clusters of a class are named `<name>-01`, `<name>-02`, … */
export function replicaName(name: string, index: number, count: number): string {
  return `${name}-${String(index + 1).padStart(Math.max(2, String(count).length), "0")}`;
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
  for (const cluster of scenario.clusters) {
    const copies = cluster.replicate
      ? Array.from({ length: cluster.replicate.count }, (_, i) => ({
          name: replicaName(cluster.name, i, cluster.replicate?.count ?? 1),
          offsetMs: i * (cluster.replicate?.staggerSeconds ?? 0) * 1000,
        }))
      : [{ name: cluster.name, offsetMs: 0 }];
    for (const copy of copies) {
      world.addCluster(cluster, copy.name, start + copy.offsetMs);
      for (const step of scenario.steps) {
        if (step.cluster !== cluster.name) continue;
        const { at, ...action } = step;
        world.schedule(start + copy.offsetMs + at * 1000, { ...action, cluster: copy.name });
      }
    }
  }
  world.advanceTo(start);
  return world;
}

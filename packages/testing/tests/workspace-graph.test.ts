import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const SCOPE = "@targetwatch/";

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8")) as Manifest;
}

/** Each workspace package and the workspace packages it depends on, in any kind of dependency. */
function workspaceGraph(): Map<string, string[]> {
  const { workspaces = [] } = readManifest(".") as Manifest & { workspaces?: string[] };
  return new Map(
    workspaces.map((dir) => {
      const manifest = readManifest(dir);
      const all = {
        ...manifest.dependencies,
        ...manifest.devDependencies,
        ...manifest.peerDependencies,
        ...manifest.optionalDependencies,
      };
      return [manifest.name, Object.keys(all).filter((name) => name.startsWith(SCOPE))];
    }),
  );
}

/** Every cycle reachable in `graph`, each as the path that closes it (`a → b → a`). */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const visit = (name: string, path: string[]) => {
    const repeated = path.indexOf(name);
    if (repeated >= 0) {
      cycles.push([...path.slice(repeated), name].join(" → "));
      return;
    }
    if (done.has(name)) return;
    for (const next of graph.get(name) ?? []) visit(next, [...path, name]);
    done.add(name);
  };
  for (const name of graph.keys()) visit(name, []);
  return cycles;
}

describe("the workspace packages", () => {
  const graph = workspaceGraph();

  it("depend only on packages of the workspace", () => {
    // Act
    const unknown = [...graph].flatMap(([name, deps]) =>
      deps.filter((dep) => !graph.has(dep)).map((dep) => `${name} → ${dep}`),
    );

    // Assess
    expect(graph.size).toBeGreaterThan(1);
    expect(unknown).toEqual([]);
  });

  it("depend on each other without a cycle, counting devDependencies", () => {
    // Act
    const cycles = cyclesOf(graph);

    // Assess
    expect(cycles).toEqual([]);
  });

  it("keep the shared test support below the packages it serves", () => {
    // Assess: testing builds on the simulator and DynamoDB Local only, and those two on nothing of ours.
    expect(graph.get(`${SCOPE}testing`)?.sort()).toEqual([`${SCOPE}dynamodb-local`, `${SCOPE}sim`]);
    expect(graph.get(`${SCOPE}dynamodb-local`)).toEqual([]);
    expect(graph.get(`${SCOPE}sim`)).toEqual([]);
  });

  it("the cycle check does find a cycle", () => {
    // Prepare
    const withCycle = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
    ]);

    // Act
    const cycles = cyclesOf(withCycle);

    // Assess
    expect(cycles).toEqual(["a → b → c → a"]);
  });
});

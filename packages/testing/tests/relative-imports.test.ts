import { globSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
/** Code of the packages and of the repository's own tools (which use the packages, not their files). */
const CHECKED = ["packages/*/src/**/*.ts", "packages/*/tests/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"];

/** The relative specifiers of a module's static and dynamic imports and re-exports. */
function relativeImports(source: string): string[] {
  const specifiers = source.matchAll(/(?:\bfrom|\bimport\s*\(?)\s*["'](\.\.?\/[^"']+)["']/g);
  return [...specifiers].map((match) => match[1] as string);
}

/** `packages/<name>` for a file inside a package; the repository itself for anything else. */
function ownerOf(file: string): string {
  const [top, name] = relative(ROOT, file).split(sep);
  return top === "packages" && name !== undefined ? join(ROOT, top, name) : ROOT;
}

/** `from → to` for every relative import that leaves its package, or reaches into one from outside. */
function crossingImports(file: string, source: string): string[] {
  const owner = ownerOf(file);
  return relativeImports(source)
    .map((specifier) => resolve(dirname(file), specifier))
    .filter((target) => ownerOf(target) !== owner)
    .map((target) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`);
}

describe("imports between packages", () => {
  it("go through package names, never relative paths into another package's files", () => {
    // Prepare
    // This file quotes crossing imports as examples.
    const files = CHECKED.flatMap((pattern) => globSync(pattern, { cwd: ROOT }))
      .map((f) => join(ROOT, f))
      .filter((f) => f !== import.meta.filename);

    // Act
    const crossing = files.flatMap((file) => crossingImports(file, readFileSync(file, "utf8")));

    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(crossing).toEqual([]);
  });

  it("the check sees imports that cross, and lets those within a package pass", () => {
    // Prepare
    const coreTest = join(ROOT, "packages/core/tests/integration/dynamodb/rig.ts");
    const bench = join(ROOT, "bench/api.ts");
    const source = [
      'import { a } from "../../../src/model/state.ts";',
      'import { b } from "../../../../local/tests/support/dynamodb.ts";',
      'export * from "../../../../../scripts/api-reference-source.ts";',
      'const c = await import("../../../../sim/src/random.ts");',
    ].join("\n");

    // Act
    const fromCore = crossingImports(coreTest, source);
    const fromBench = crossingImports(
      bench,
      'import { d } from "../packages/core/src/adapters/dynamodb/keys.ts";',
    );

    // Assess
    expect(fromCore).toEqual([
      "packages/core/tests/integration/dynamodb/rig.ts → packages/local/tests/support/dynamodb.ts",
      "packages/core/tests/integration/dynamodb/rig.ts → scripts/api-reference-source.ts",
      "packages/core/tests/integration/dynamodb/rig.ts → packages/sim/src/random.ts",
    ]);
    expect(fromBench).toEqual(["bench/api.ts → packages/core/src/adapters/dynamodb/keys.ts"]);
  });
});

/**
 * Bundles program.ts (with sst.config.ts, infra/ and the SST component sources it imports) the
 * way the SST CLI bundles an app, into `.sst/platform/` where `@pulumi/*` resolve to the
 * platform's own packages, then runs it once per stage in a child Node.js process.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";

export const ROOT = path.resolve(import.meta.dirname, "../../..");
const PLATFORM = path.join(ROOT, ".sst/platform");
const OUT_DIR = path.join(PLATFORM, "infra-test");

/** One resource as the mocks saw it registered. */
export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  // biome-ignore lint/suspicious/noExplicitAny: resource inputs are whatever each provider takes.
  inputs: Record<string, any>;
}

/** What program.ts writes: see there. */
export interface Recorded {
  resources: RecordedResource[];
  options: { type: string; name: string; parent?: string; retainOnDelete?: boolean; protect?: boolean }[];
  calls: { token: string; inputs: Record<string, unknown> }[];
  rpc: { method: string; params: Record<string, unknown> }[];
  outputs: Record<string, unknown>;
}

/** Fails with the command to run when `npm run infra:install` has not run yet. */
export function assertPlatformInstalled(): void {
  if (!existsSync(path.join(PLATFORM, "config.d.ts"))) {
    throw new Error(".sst/platform is missing: run `npm run infra:install` first (npm test does)");
  }
}

/** Bundles program.ts once; returns the bundle's path. */
export async function bundleProgram(): Promise<string> {
  assertPlatformInstalled();
  // The platform's own esbuild, installed with it by `sst install`.
  const esbuild = createRequire(path.join(PLATFORM, "package.json"))("esbuild") as typeof import("esbuild");
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = path.join(OUT_DIR, "program.mjs");
  await esbuild.build({
    entryPoints: [path.join(ROOT, "infra/tests/rig/program.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    // Packages stay packages, found from the bundle's folder: `@pulumi/*` in the platform's
    // node_modules, the app's own dependencies further up (the repository's node_modules).
    packages: "external",
    // One tsconfig for every file, the platform's own: compiles its sources as SST does, and keeps
    // infra/tsconfig.json's `paths` (for the typecheck) from turning packages into bundled files.
    tsconfig: path.join(PLATFORM, "tsconfig.json"),
    logLevel: "error",
  });
  return outfile;
}

/** Runs the bundled program for one stage with extra environment variables; returns what it recorded. */
export async function runProgram(
  bundle: string,
  stage: string,
  env: Record<string, string | undefined> = {},
): Promise<Recorded> {
  const out = path.join(OUT_DIR, `recorded-${stage}-${process.pid}.json`);
  const environment: NodeJS.ProcessEnv = { ...process.env };
  // A developer's own deploy settings must not leak into the asserted graph.
  for (const key of Object.keys(environment)) {
    if (key.startsWith("TARGETWATCH_") || key.startsWith("SST_")) delete environment[key];
  }
  Object.assign(environment, env, { INFRA_TEST_ROOT: ROOT, INFRA_TEST_STAGE: stage, INFRA_TEST_OUT: out });
  await promisify(execFile)(process.execPath, [bundle], {
    cwd: ROOT,
    env: environment,
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const recorded = JSON.parse(readFileSync(out, "utf8")) as Recorded;
  rmSync(out);
  return recorded;
}

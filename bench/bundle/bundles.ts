/**
 * The four bundles the benchmark compares, built as `sst deploy` builds them: the two handlers
 * and their anchors (the SDK clients each needs and nothing else), with targetwatch's bundling
 * options (infra/bundling.ts) on SST's option set (./sst-build.ts). Also what a build's
 * metafile says: what a cold start loads, and who the bytes belong to.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";
import { FUNCTION_BUNDLING } from "../../infra/bundling.ts";
import { installedSst, ROOT, sstBuildOptions } from "./sst-build.ts";

/** The runtime infra gives both functions (infra/lambda.ts; the infra test holds it there). */
export const RUNTIME = "nodejs24.x";

export const BUNDLES = {
  api: "packages/functions/src/api/handler.ts",
  anchorA: "bench/bundle/anchors/dynamodb.ts",
  collector: "packages/functions/src/collector/handler.ts",
  anchorC: "bench/bundle/anchors/collector-clients.ts",
} as const;
export type BundleName = keyof typeof BUNDLES;

export interface BuiltBundle {
  name: BundleName;
  /** The entry file to `import()`. */
  entry: string;
  /** Bytes of the files a cold start reads: the entry and the chunks it imports statically. */
  loadedBytes: number;
  /** Bytes of every file of the function's package (chunks loaded by `import()` included). */
  totalBytes: number;
  files: number;
  /** Bytes each package (or workspace source folder) contributes to the loaded files, largest first. */
  contributors: [string, number][];
  /** Every source file in the bundle, loaded at cold start or not. */
  inputs: string[];
  /** Source files only in the chunks loaded by `import()`. */
  lazyInputs: string[];
  /** Modules outside the bundle (Node.js built-ins) that the files a cold start reads import. */
  loadedExternals: string[];
}

/** Checks the installed SST against the transcription and builds one bundle into a fresh directory. */
export async function buildBundle(
  name: BundleName,
  outRoot = mkdtempSync(path.join(tmpdir(), "tw-bundle-")),
) {
  installedSst(esbuildVersion());
  const outdir = path.join(outRoot, name);
  const options = sstBuildOptions({
    entry: path.join(ROOT, BUNDLES[name]),
    outdir,
    runtime: RUNTIME,
    properties: {
      ...FUNCTION_BUNDLING,
      esbuild: { ...FUNCTION_BUNDLING.esbuild, external: [...FUNCTION_BUNDLING.esbuild.external] },
    },
  });
  const result = await esbuild.build({ ...options, absWorkingDir: ROOT });
  if (!result.metafile) throw new Error(`no metafile for ${name}`);
  return describeBuild(name, result.metafile);
}

function esbuildVersion(): string {
  return (
    JSON.parse(readFileSync(path.join(ROOT, "node_modules/esbuild/package.json"), "utf8")) as {
      version: string;
    }
  ).version;
}

function describeBuild(name: BundleName, metafile: esbuild.Metafile): BuiltBundle {
  const code = Object.entries(metafile.outputs).filter(([file]) => !file.endsWith(".map"));
  // SST names the handler's file `bundle.mjs`; chunks reached by `import()` are entry points too.
  const entryFile = code.find(([file]) => path.basename(file) === "bundle.mjs")?.[0];
  if (!entryFile) throw new Error(`no entry output for ${name}`);
  const loaded = new Set<string>();
  const externals = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind !== "import-statement") continue;
      if (metafile.outputs[imported.path]) visit(imported.path);
      else externals.add(imported.path);
    }
  };
  visit(entryFile);
  const byOwner = new Map<string, number>();
  const loadedInputs = new Set<string>();
  for (const file of loaded) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[file]?.inputs ?? {})) {
      loadedInputs.add(input);
      byOwner.set(ownerOf(input), (byOwner.get(ownerOf(input)) ?? 0) + bytesInOutput);
    }
  }
  const inputs = [...new Set(code.flatMap(([, output]) => Object.keys(output.inputs)))].sort();
  return {
    name,
    entry: path.join(ROOT, entryFile),
    loadedBytes: [...loaded].reduce((sum, file) => sum + (metafile.outputs[file]?.bytes ?? 0), 0),
    totalBytes: code.reduce((sum, [, output]) => sum + output.bytes, 0),
    files: code.length,
    contributors: [...byOwner.entries()].sort((a, b) => b[1] - a[1]),
    inputs,
    lazyInputs: inputs.filter((input) => !loadedInputs.has(input)),
    loadedExternals: [...externals].sort(),
  };
}

/** `node_modules/@aws-sdk/client-dynamodb/…` → `@aws-sdk/client-dynamodb`; `packages/core/src/…` → `packages/core`. */
function ownerOf(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (pkg) return pkg[1] as string;
  const workspace = /^(packages\/[^/]+|bench|infra)\//.exec(input);
  return workspace ? (workspace[1] as string) : input;
}

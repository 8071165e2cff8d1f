/**
 * Builds a Node.js handler exactly as `sst deploy` does, for the bundle benchmark and the test of
 * what a deployed bundle contains.
 *
 * SST's CLI (Go) bundles a function with esbuild's Go API in `pkg/runtime/node/build.go`; the
 * platform that `sst install` writes (`.sst/platform`) holds the TypeScript components, which
 * hand the function's `nodejs` argument to that code as `properties`. {@link sstBuildOptions}
 * is that Go function's option set, transcribed for SST 4.17 (the transcription is checked
 * against the installed CLI by {@link installedSst}: version, embedded esbuild, banner), with the
 * npm build of the very esbuild version the CLI embeds.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BuildOptions } from "esbuild";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** The function's `nodejs` argument as SST's CLI reads it (the subset targetwatch sets). */
export interface NodeProperties {
  format?: "esm" | "cjs";
  minify?: boolean;
  splitting?: boolean;
  sourcemap?: boolean;
  esbuild?: { sourcemap?: boolean; external?: string[]; keepNames?: boolean };
}

/** What SST's CLI always leaves out of a bundle (and installs into the package if imported). */
const FORCE_EXTERNAL = ["sharp", "pg-native"];
/** The esbuild target SST gives each Lambda runtime (build.go's `targetMap`). */
const TARGET_OF_RUNTIME: Record<string, string> = {
  "nodejs24.x": "es2024",
  "nodejs22.x": "es2023",
  "nodejs20.x": "es2023",
};
/** The first line of the banner SST puts on every ESM bundle, to recognise it in the CLI binary. */
const ESM_BANNER = [
  "import { createRequire as topLevelCreateRequire } from 'module';",
  "const require = topLevelCreateRequire(import.meta.url);",
  'import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"',
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  'const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))',
];
/** The SST version this transcription was made from (SST 4.17.0's build.go; 4.17.1 is the same). */
const TRANSCRIBED_FOR = /^4\.17\./;

/**
 * esbuild's options for one handler, as SST's CLI sets them for a deploy (not `sst dev`):
 * `properties` is the function's `nodejs` argument, `runtime` its runtime.
 */
export function sstBuildOptions(options: {
  entry: string;
  outdir: string;
  runtime: string;
  properties: NodeProperties;
}): BuildOptions {
  const { properties: p } = options;
  const esm = p.format !== "cjs";
  const target = TARGET_OF_RUNTIME[options.runtime];
  if (!target) throw new Error(`no esbuild target known for ${options.runtime}`);
  const esbuildSourcemap = p.esbuild?.sourcemap;
  return {
    entryPoints: [options.entry],
    platform: "node",
    external: [...FORCE_EXTERNAL, ...(p.esbuild?.external ?? [])],
    keepNames: p.esbuild?.keepNames ?? true,
    bundle: true,
    splitting: p.splitting ?? false,
    metafile: true,
    // SST writes linked maps unless `esbuild.sourcemap` says otherwise; `sourcemap: false` keeps them linked too.
    sourcemap: esbuildSourcemap === undefined || p.sourcemap === false ? "linked" : esbuildSourcemap,
    write: true,
    format: esm ? "esm" : "cjs",
    target,
    mainFields: esm ? ["module", "main"] : ["main"],
    banner: { js: esm ? [...ESM_BANNER, ""].join("\n") : "" },
    minifyWhitespace: p.minify === true,
    minifySyntax: p.minify === true,
    minifyIdentifiers: p.minify === true,
    ...(p.splitting
      ? { outdir: options.outdir, entryNames: "bundle", outExtension: { ".js": ".mjs" } }
      : { outfile: path.join(options.outdir, esm ? "bundle.mjs" : "bundle.cjs") }),
    logLevel: "error",
  };
}

/** What `sst install` and the CLI binary say about the SST that deploys this app. */
export interface InstalledSst {
  version: string;
  /** The Lambda runtime a function gets when it names none. */
  defaultRuntime: string;
  /** The esbuild version compiled into the CLI. */
  esbuildVersion: string;
}

/**
 * Reads the installed SST (`npm run infra:install` first) and checks that the transcription
 * above still describes it: a different SST version, embedded esbuild or ESM banner fails loudly
 * instead of measuring something `sst deploy` would not build.
 */
export function installedSst(installedEsbuild: string): InstalledSst {
  const platform = path.join(ROOT, ".sst/platform");
  const version = readFileSync(path.join(platform, "version"), "utf8").trim();
  const functionSource = readFileSync(path.join(platform, "src/components/aws/function.ts"), "utf8");
  const defaultRuntime = /output\(args\.runtime \?\? "([^"]+)"\)/.exec(functionSource)?.[1];
  const binary = readFileSync(
    path.join(ROOT, `node_modules/sst-${process.platform}-${process.arch}/bin/sst`),
  ).toString("latin1");
  const esbuildVersion = /github\.com\/evanw\/esbuild@v(\d+\.\d+\.\d+)/.exec(binary)?.[1];
  const problems = [
    TRANSCRIBED_FOR.test(version) ? "" : `SST ${version} (the build options were transcribed from 4.17)`,
    defaultRuntime ? "" : "no default runtime in the platform's function.ts",
    esbuildVersion === installedEsbuild
      ? ""
      : `the CLI embeds esbuild ${esbuildVersion}, the benchmark runs ${installedEsbuild}`,
    ESM_BANNER.every((line) => binary.includes(line)) ? "" : "the CLI's ESM banner changed",
  ].filter(Boolean);
  if (problems.length > 0)
    throw new Error(`installed SST does not match bench/bundle: ${problems.join("; ")}`);
  return { version, defaultRuntime: defaultRuntime as string, esbuildVersion: esbuildVersion as string };
}

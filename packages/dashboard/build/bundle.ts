/**
 * Bundles the page with esbuild: one minified script and one stylesheet, named by content hash
 * so they can be cached for good, and `index.html` pointing at them under `assets/` (never
 * cached). The folder is flat; whatever serves it maps `/assets/<name>` to `<name>`.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { DASHBOARD_DIST } from "./paths.ts";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

export interface BuiltPage {
  outdir: string;
  /** File names inside `outdir`. */
  files: { html: string; js: string; css: string };
}

/** Builds the page into `outdir` (default `dist/`), emptied first. */
export async function buildDashboard(outdir: string = DASHBOARD_DIST): Promise<BuiltPage> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(SRC, "main.tsx") },
    outdir,
    entryNames: "[name]-[hash]",
    bundle: true,
    minify: true,
    format: "esm",
    target: ["chrome110", "firefox110", "safari16"],
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const js = outputs.find((name) => name.endsWith(".js"));
  const css = outputs.find((name) => name.endsWith(".css"));
  if (!js || !css) throw new Error(`The build wrote no script or stylesheet: ${outputs.join(", ")}`);
  const template = await readFile(join(SRC, "index.html"), "utf8");
  // Served under /assets/ (packages/functions' static routes): one route for every build's files.
  const html = template.replace("%JS%", `./assets/${js}`).replace("%CSS%", `./assets/${css}`);
  await writeFile(join(outdir, "index.html"), html);
  return { outdir, files: { html: "index.html", js, css } };
}

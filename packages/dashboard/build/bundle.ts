/**
 * Bundles the page with esbuild: one minified script and one stylesheet, named by content hash
 * so they can be cached for good, and `index.html` pointing at them under `assets/` (never
 * cached). The folder is flat; whatever serves it maps `/assets/<name>` to `<name>`.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
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

/**
 * Writes `contents` to `path` through a temporary file and a rename: a server reading the file
 * while the page is rebuilt (`npm start` rebuilds it, and tests serve it) sees the old file or
 * the new one, never a half-written one.
 */
async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/**
 * Builds the page into `outdir` (default `dist/`). Each file is replaced atomically and files of
 * earlier builds are removed afterwards, so whatever serves the folder meanwhile never finds it
 * empty (the hashed names of an unchanged page stay the same).
 */
export async function buildDashboard(outdir: string = DASHBOARD_DIST): Promise<BuiltPage> {
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
    write: false,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const js = outputs.find((name) => name.endsWith(".js"));
  const css = outputs.find((name) => name.endsWith(".css"));
  if (!js || !css) throw new Error(`The build wrote no script or stylesheet: ${outputs.join(", ")}`);
  for (const file of result.outputFiles)
    await writeAtomically(join(outdir, basename(file.path)), file.contents);
  const template = await readFile(join(SRC, "index.html"), "utf8");
  // Served under /assets/ (packages/functions' static routes): one route for every build's files.
  const html = template.replace("%JS%", `./assets/${js}`).replace("%CSS%", `./assets/${css}`);
  await writeAtomically(join(outdir, "index.html"), html);
  const current = new Set([js, css, "index.html"]);
  for (const name of await readdir(outdir)) {
    // Another build's file in flight (`npm start` and a test may build at once) is its own to rename.
    if (!current.has(name) && !name.endsWith(".tmp"))
      await rm(join(outdir, name), { recursive: true, force: true });
  }
  return { outdir, files: { html: "index.html", js, css } };
}

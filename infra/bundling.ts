/**
 * How SST bundles targetwatch's functions (its `nodejs` function argument), set explicitly
 * rather than left to SST's defaults. Plain data: `npm run bench -- bundle` builds the handlers
 * with these very options, and the infra test checks that both functions get them.
 *
 * - `format: "esm"`: the handlers are ES modules (top-level await-free, `import()` for what only
 *   some requests need), as SST's default.
 * - `minify: true`: SST's CLI (4.17) minifies only when told, whatever its docs say; a smaller
 *   bundle is less to read and compile on every cold start.
 * - `splitting: true`: what only some requests need is reached by `import()` (CloudWatch's client
 *   and the alarms adapter; the OpenAPI generator; the SDK's own rarely used credential
 *   providers) and becomes a chunk of its own that a cold start does not load. Without
 *   splitting, esbuild inlines dynamic imports into the one file.
 * - Source maps off (`esbuild.sourcemap: false`): SST otherwise writes linked maps and uploads
 *   them to its bootstrap bucket (or, with `sourcemap: false`, ships them in the zip). Node reads
 *   them only with --enable-source-maps, which slows every stack trace; SST's default `keepNames`
 *   keeps function and class names readable in the logs.
 * - Nothing external: the AWS SDK v3 is in the Lambda Node.js 24 runtime, but bundling it is
 *   deliberate. The deployed code runs the SDK versions package-lock.json pins and the tests ran,
 *   not whichever version the runtime carries that month; and one bundle is read in a few large
 *   files, where the runtime's SDK is hundreds of small files resolved from disk at cold start.
 *   (SST itself always leaves `sharp` and `pg-native` out; neither is used.)
 */
export const FUNCTION_BUNDLING = {
  format: "esm",
  minify: true,
  splitting: true,
  esbuild: { sourcemap: false, external: [] as string[] },
} as const;

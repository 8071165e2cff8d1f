/**
 * `npm run infra:install`: `sst install` without AWS and without SST's own downloads, so that
 * CI (only the npm registry reachable) gets `.sst/platform/`: the SST components, their
 * `config.d.ts` for the typecheck, and the Pulumi SDKs the infrastructure test runs them on.
 *
 * - SST_BUN_PATH: SST installs the platform's packages with Bun; the `bun` devDependency ships it
 *   from the npm registry instead of SST downloading it.
 * - SST_SKIP_DEPENDENCY_CHECK: skips the Pulumi CLI download; only `sst deploy`/`diff`/`dev` need
 *   that CLI, and they need AWS too.
 * - SST_STAGE: `sst install` evaluates `app()` of sst.config.ts, which needs a stage; any will do.
 *
 * Idempotent: with `.sst/platform` already at the installed SST version it takes about a second.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

const result = spawnSync(path.join(root, "node_modules/.bin/sst"), ["install"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    SST_BUN_PATH: bunBinary(),
    SST_SKIP_DEPENDENCY_CHECK: "1",
    SST_TELEMETRY_DISABLED: "1",
    SST_STAGE: process.env.SST_STAGE || "ci",
  },
});
if (result.error) throw result.error;
if (result.status !== 0) {
  console.error(`infra:install: sst install exited with ${result.status ?? result.signal}`);
  process.exit(result.status ?? 1);
}
if (!existsSync(path.join(root, ".sst/platform/config.d.ts"))) {
  console.error("infra:install: sst install finished but wrote no .sst/platform/config.d.ts");
  process.exit(1);
}

/**
 * The `bun` package's `bin/bun.exe` (a native binary whatever the name) once its postinstall has
 * put the platform's binary there; if install scripts were skipped it is a small placeholder,
 * and the binary is still in the platform package `@oven/bun-<os>-<arch>` next to it.
 */
function bunBinary(): string {
  const shim = path.join(root, "node_modules/bun/bin/bun.exe");
  if (existsSync(shim) && statSync(shim).size > 1_000_000) return shim;
  const arch = process.arch === "arm64" ? "aarch64" : process.arch;
  for (const variant of [`${process.platform}-${arch}`, `${process.platform}-${arch}-musl`]) {
    const binary = path.join(root, `node_modules/@oven/bun-${variant}/bin/bun`);
    if (existsSync(binary)) return binary;
  }
  throw new Error("infra:install: no Bun binary in node_modules (is the `bun` devDependency installed?)");
}

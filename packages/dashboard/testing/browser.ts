/**
 * Debian's headless Chromium driven by playwright-core: no browser download, one browser per
 * test file (contexts are cheap, browsers are not, on two cores).
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";

/** `/usr/bin/chromium` (Debian's `chromium` package, which `.ci/run` installs), or `CHROMIUM_PATH`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launches the browser with a fresh profile (playwright gives each launch its own user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium)`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** Where test runs keep their screenshots: `test-artifacts/dashboard/` at the repository's root. */
export async function artifactsDir(): Promise<string> {
  const dir = fileURLToPath(new URL("../../../test-artifacts/dashboard/", import.meta.url));
  await mkdir(dir, { recursive: true });
  return dir;
}

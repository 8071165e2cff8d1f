// The built page: small, self-contained, nothing fetched from elsewhere at run time.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltPage, buildDashboard } from "../../build/bundle.ts";

/** The budget for the page, compressed, chart code included. */
const PAGE_BUDGET_BYTES = 150 * 1024;

let page: BuiltPage;

beforeAll(async () => {
  page = await buildDashboard(await mkdtemp(join(tmpdir(), "targetwatch-dashboard-build-")));
});

afterAll(async () => {
  if (page) await rm(page.outdir, { recursive: true, force: true });
});

describe("the built page", () => {
  it("weighs at most 150 KB gzip-compressed, everything included", async () => {
    // Act
    let compressed = 0;
    for (const file of await readdir(page.outdir))
      compressed += gzipSync(await readFile(join(page.outdir, file))).length;
    // Assess
    console.log(`dashboard page weight: ${(compressed / 1024).toFixed(1)} KB gzip`);
    expect(compressed).toBeLessThanOrEqual(PAGE_BUDGET_BYTES);
  });

  it("is one page with one hashed script and one stylesheet", async () => {
    expect((await readdir(page.outdir)).sort()).toEqual([page.files.js, page.files.css, "index.html"].sort());
    const html = await readFile(join(page.outdir, "index.html"), "utf8");
    expect(html).toContain(`src="./assets/${page.files.js}"`);
    expect(html).toContain(`href="./assets/${page.files.css}"`);
    expect(page.files.js).toMatch(/^app-[A-Z0-9]+\.js$/);
  });

  it("loads nothing from another origin: no URL to a CDN or font service, and a CSP that forbids it", async () => {
    const html = await readFile(join(page.outdir, "index.html"), "utf8");
    const css = await readFile(join(page.outdir, page.files.css), "utf8");
    const js = await readFile(join(page.outdir, page.files.js), "utf8");
    expect(html).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(css).not.toMatch(/@import|url\(/);
    expect(js).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/);
  });
});

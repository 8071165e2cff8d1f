// The page in a real headless Chromium (Debian's), against the fake board API: one browser for
// the file, a fresh context (storage, viewport, colour scheme) per test.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildDashboard } from "../../build/bundle.ts";
import type { Board } from "../../src/board.ts";
import {
  artifactsDir,
  boardOf,
  classSpecs,
  type FakeApi,
  FIXTURE_NOW,
  launchChromium,
  type ParticipantSpec,
  startFakeApi,
} from "../../testing/index.ts";

const TOKEN = "dashboard-test-token-0123456789";
const SPECS = classSpecs({ participants: 30, seed: 42 });
const BOARD = boardOf(SPECS);

let dist: string;
let api: FakeApi;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), "targetwatch-dashboard-"));
  await buildDashboard(dist);
  api = await startFakeApi({ token: TOKEN, board: BOARD, dist });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (dist) await rm(dist, { recursive: true, force: true });
});

afterEach(async () => {
  await context?.close();
  context = undefined;
  api.setBoard(BOARD);
});

async function open(
  options: {
    token?: string;
    viewport?: { width: number; height: number };
    colorScheme?: "light" | "dark";
  } = {},
): Promise<Page> {
  context = await browser.newContext({
    viewport: options.viewport ?? { width: 1920, height: 1080 },
    colorScheme: options.colorScheme ?? "light",
  });
  // Well under the test's own timeout, so a missing element fails at its step, not at the test's end.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().includes("401")) errors.push(message.text());
  });
  await page.goto(`${api.url}/?refresh=1#token=${options.token ?? TOKEN}`);
  if (options.token === undefined) await page.getByTestId("headline").waitFor();
  expect(errors).toEqual([]);
  return page;
}

const rowIds = (page: Page) =>
  page
    .locator("tr[data-participant]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-participant")));

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? "").replace(/\s+/g, " ").trim();

async function stageCounts(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const stage of Object.keys(BOARD.stages))
    counts[stage] = Number(await text(page, `stage-count-${stage}`));
  return counts;
}

/** The same class with one more participant done, a little later. */
function oneMoreDone(): Board {
  const specs: ParticipantSpec[] = SPECS.map((spec) => ({ ...spec }));
  const waiting = specs.find((spec) => spec.stage === "ipHealthy" && !spec.stuck && !spec.account);
  if (!waiting) throw new Error("The fixture class has nobody in ipHealthy");
  waiting.stage = "done";
  return boardOf(specs, { now: FIXTURE_NOW + 10_000 });
}

describe("the dashboard in Chromium", () => {
  it("shows every participant, and the headline and stage counts of the data", async () => {
    // Act
    const page = await open();
    // Assess
    expect((await rowIds(page)).sort()).toEqual(BOARD.participants.map((p) => p.id).sort());
    expect(await text(page, "headline")).toBe(
      `${BOARD.headline.done} of ${BOARD.headline.participants} participants done (${BOARD.headline.percentDone} %)`,
    );
    expect(await page.getByTestId("advice").getAttribute("data-advice")).toBe(BOARD.headline.advice);
    expect(await text(page, "advice")).toContain(BOARD.headline.adviceText);
    expect(await stageCounts(page)).toEqual(BOARD.stages);
    expect(await text(page, "alarm")).toContain(BOARD.alarm?.state);
    expect(await text(page, "sweep-age")).toMatch(/^last sweep \d+s ago$/);
    const problems = await text(page, "account-problems");
    for (const problem of BOARD.accounts.problems) expect(problems).toContain(problem.accountId);
  });

  it("moves the token from the address bar into session storage", async () => {
    const page = await open();
    expect(page.url()).not.toContain("token");
    expect(await page.evaluate(() => sessionStorage.getItem("targetwatch.token"))).toBe(TOKEN);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it("lists the stuck targets longest first, each with AWS's reason and its hint", async () => {
    // Act
    const page = await open();
    const items = page.getByTestId("stuck-list").locator("li");
    // Assess
    expect(BOARD.stuck.length).toBeGreaterThan(1);
    expect(await items.evaluateAll((li) => li.map((item) => item.getAttribute("data-participant")))).toEqual(
      BOARD.stuck.map((s) => s.participantId),
    );
    for (const [i, stuck] of BOARD.stuck.entries()) {
      const item = ((await items.nth(i).textContent()) ?? "").replace(/\s+/g, " ");
      expect(item).toContain(stuck.hint);
      expect(item).toContain(stuck.reason ?? "");
      expect(item).toContain(`${stuck.targetId}:${stuck.port}`);
    }
  });

  it("refreshes by itself: a 304 keeps the page as it is, new data shows up", async () => {
    // Prepare
    const page = await open();
    const main = page.locator("main[data-generated-at]");
    const before = {
      ids: await rowIds(page),
      headline: await text(page, "headline"),
      counts: await stageCounts(page),
    };
    const answered = api.requests.length;
    // Act 1: the page asks again; the board has not changed.
    await expect
      .poll(() => api.requests.slice(answered).filter((r) => r.status === 304).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    // Assess 1
    expect(api.requests.slice(answered).every((r) => r.status === 304 && r.ifNoneMatch === api.etag())).toBe(
      true,
    );
    expect(await main.getAttribute("data-generated-at")).toBe(BOARD.generatedAt);
    expect({
      ids: await rowIds(page),
      headline: await text(page, "headline"),
      counts: await stageCounts(page),
    }).toEqual(before);
    // Act 2: someone finishes.
    const next = oneMoreDone();
    api.setBoard(next);
    await page.waitForSelector(`main[data-generated-at="${next.generatedAt}"]`, { timeout: 10_000 });
    // Assess 2
    expect(await text(page, "headline")).toContain(`${next.headline.done} of ${next.headline.participants}`);
    expect(next.headline.done).toBe(BOARD.headline.done + 1);
    expect(await stageCounts(page)).toEqual(next.stages);
  });

  it("filters by stage, stuck and text, and sorts by a column both ways", async () => {
    const page = await open();
    // Stage
    await page.getByLabel("Stage", { exact: true }).selectOption("done");
    expect(await rowIds(page)).toHaveLength(BOARD.stages.done);
    expect(await page.locator("tr[data-participant]:not([data-stage=done])").count()).toBe(0);
    await page.getByLabel("Stage", { exact: true }).selectOption("all");
    // Stuck only
    await page.getByLabel("Stuck only").check();
    expect((await rowIds(page)).sort()).toEqual([...new Set(BOARD.stuck.map((s) => s.participantId))].sort());
    await page.getByLabel("Stuck only").uncheck();
    // Text
    const someone = BOARD.participants[7];
    await page.getByLabel("Account, label or cluster").fill(someone?.accountId ?? "");
    expect(await rowIds(page)).toEqual([someone?.id]);
    expect(await text(page, "shown-count")).toBe(`Showing 1 of ${BOARD.participants.length}`);
    await page.getByLabel("Account, label or cluster").fill("");
    // Sort, ungrouped so the whole column is in order
    await page.getByLabel("Group by table").uncheck();
    const sortButton = page.getByRole("button", { name: /To healthy/ });
    const times = () =>
      page
        .locator("tr[data-participant]")
        .evaluateAll((rows) => rows.map((row) => row.lastElementChild?.textContent ?? ""));
    const seconds = (cell: string) => {
      const m = /^(?:(\d+)m )?(\d+)s$/.exec(cell);
      return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : Number.NaN;
    };
    await sortButton.click();
    expect(await page.locator("th[aria-sort=ascending]").textContent()).toContain("To healthy");
    const up = (await times()).filter((cell) => cell !== "–").map(seconds);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await sortButton.click();
    expect(await page.locator("th[aria-sort=descending]").textContent()).toContain("To healthy");
    const down = (await times()).filter((cell) => cell !== "–").map(seconds);
    expect(down).toEqual([...up].sort((a, b) => b - a));
    expect((await times()).at(-1)).toBe("–");
  });

  it("groups participants by table, in reading order", async () => {
    const page = await open();
    const groups = await page
      .locator("tr.group-row th")
      .evaluateAll((cells) => cells.map((cell) => cell.firstChild?.textContent?.trim()));
    expect(groups).toEqual(["Table 1", "Table 2", "Table 3", "Table 4", "Table 5"]);
  });

  it("says plainly that a wrong token is refused, and shows no data", async () => {
    // Act
    const page = await open({ token: "not-the-token" });
    await page.getByTestId("token-refused").waitFor();
    // Assess
    expect(await text(page, "token-refused")).toMatch(/refused this token \(401\)\. No data is shown/);
    expect(
      await page.locator("[data-testid=headline], [data-testid=participants], tr[data-participant]").count(),
    ).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem("targetwatch.token"))).toBeNull();
    // And the right token, typed in, shows the class.
    await page.getByLabel("Token", { exact: true }).fill(TOKEN);
    await page.getByRole("button", { name: "Show the class" }).click();
    await page.getByTestId("headline").waitFor();
    expect(await rowIds(page)).toHaveLength(BOARD.participants.length);
  });

  it("lets the keyboard reach every control, with focus visible", async () => {
    // Prepare
    const page = await open();
    const reached: string[] = [];
    // Act
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press("Tab");
      // A string: it runs in the page, whose DOM types this (Node) test program does not load.
      const focused = await page.evaluate<string | null>(`(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        return (el.getAttribute("data-testid") ?? el.tagName) + "|" + getComputedStyle(el).outlineStyle;
      })()`);
      if (focused) reached.push(focused);
    }
    // Assess
    const names = reached.map((r) => r.split("|")[0]);
    for (const control of [
      "filter-stage",
      "filter-stuck",
      "filter-text",
      "group-toggle",
      "sort-participant",
      "sort-timeToHealthy",
    ])
      expect(names).toContain(control);
    expect(reached.every((r) => r.endsWith("|solid"))).toBe(true);
    // A sort header works from the keyboard.
    await page.getByTestId("sort-cluster").focus();
    await page.keyboard.press("Enter");
    expect(await page.locator("th[aria-sort=ascending]").textContent()).toContain("Cluster");
  });

  it("takes screenshots at 1920×1080 and 1280×720, light and dark", async () => {
    const dir = await artifactsDir();
    const written: string[] = [];
    for (const viewport of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      for (const colorScheme of ["light", "dark"] as const) {
        const page = await open({ viewport, colorScheme });
        const path = join(dir, `dashboard-${viewport.width}x${viewport.height}-${colorScheme}.png`);
        await page.screenshot({ path });
        written.push(path);
        if (viewport.width === 1920) {
          const full = join(dir, `dashboard-${viewport.width}-${colorScheme}-full-page.png`);
          await page.screenshot({ path: full, fullPage: true });
          written.push(full);
        }
        await context?.close();
        context = undefined;
      }
    }
    console.log(`dashboard screenshots:\n  ${written.join("\n  ")}`);
    expect(written).toHaveLength(6);
  });
});

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DataDirInUseError, lockDataDir, openRunData } from "../src/run-data.ts";

describe("a simulated run's own data directory", () => {
  let base = "";
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), "run-data-"));
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  it("is fresh for each run, also for two at once, and removed when the run ends", async () => {
    // Act
    const first = await openRunData(base, new Date("2026-12-03T10:00:00Z"));
    const second = await openRunData(base, new Date("2026-12-03T10:00:01Z"));
    // Assess
    expect(first.dir).not.toBe(second.dir);
    expect(first.dir).toBe(join(base, "runs", `2026-12-03T10-00-00Z-${process.pid}`));
    expect(await readdir(join(base, "runs"))).toHaveLength(2);
    expect(await first.finish(false)).toBeUndefined();
    expect(existsSync(first.dir)).toBe(false);
    expect(existsSync(second.dir)).toBe(true);
  });

  it("is kept with --keep-data, and a crashed run's directory is removed by the next run", async () => {
    // Prepare: a run that was kept, and one whose process is gone without cleaning up
    const kept = await openRunData(base);
    expect(await kept.finish(true)).toBe(kept.dir);
    const deadPid = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout;
    const abandoned = join(base, "runs", `2026-12-01T09-00-00Z-${deadPid}`);
    await mkdir(abandoned, { recursive: true });
    // Act
    const next = await openRunData(base);
    // Assess
    expect(existsSync(kept.dir)).toBe(true);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(next.dir)).toBe(true);
  });

  it("with --aws, is one run's at a time: a second run is refused while the first runs, and a dead run's lock is taken over", async () => {
    // Prepare: a lock left by a process that is gone
    const deadPid = String(
      spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout,
    );
    await writeFile(join(base, "targetwatch.lock"), `${deadPid}\n`);
    // Act
    const release = await lockDataDir(base);
    const second = lockDataDir(base);
    // Assess
    await expect(second).rejects.toThrow(DataDirInUseError);
    await expect(second).rejects.toThrow(`${base} is in use by another npm start (pid ${process.pid})`);
    await release();
    const again = await lockDataDir(base);
    await again();
  });
});

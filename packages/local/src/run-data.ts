import { existsSync, readdirSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A simulated run's own DynamoDB Local data directory, `<base>/runs/<id>`. */
export interface RunData {
  /** `<ISO time>-<pid>`: sorts by start, and names the process that owns it. */
  readonly id: string;
  readonly dir: string;
  /** Removes the directory, unless it is kept (then says where it is). */
  finish(keep: boolean): Promise<string | undefined>;
}

/** Marks a run directory a user asked to keep, so that no later run removes it as abandoned. */
const KEEP_MARKER = "KEPT";

/**
 * Makes a fresh data directory for one simulated run: a scenario always builds the same NLB
 * names, so a run sharing a database with an earlier (or a concurrent) one would show that
 * run's world as its own. Run directories that a crashed run left behind (its process is gone
 * and nobody asked to keep it) are removed first.
 */
export async function openRunData(base: string, now = new Date()): Promise<RunData> {
  const runs = join(base, "runs");
  await removeAbandonedRuns(runs);
  const id = `${now
    .toISOString()
    .replaceAll(":", "-")
    .replace(/\.\d+Z$/, "Z")}-${process.pid}`;
  const dir = join(runs, id);
  await mkdir(dir, { recursive: true });
  return {
    id,
    dir,
    finish: async (keep) => {
      if (keep) {
        await writeFile(join(dir, KEEP_MARKER), "kept with --keep-data\n");
        return dir;
      }
      await rm(dir, { recursive: true, force: true });
      return undefined;
    },
  };
}

async function removeAbandonedRuns(runs: string): Promise<void> {
  let entries: string[];
  try {
    entries = readdirSync(runs);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(/-(\d+)$/.exec(entry)?.[1]);
    if (!Number.isInteger(pid) || isRunning(pid) || existsSync(join(runs, entry, KEEP_MARKER))) continue;
    await rm(join(runs, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

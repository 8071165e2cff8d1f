import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
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

/** Thrown when another live `npm start` holds the data directory. */
export class DataDirInUseError extends Error {
  constructor(dir: string, pid: number) {
    super(`${dir} is in use by another npm start (pid ${pid}): stop it, or give this one another --data-dir`);
    this.name = "DataDirInUseError";
  }
}

const LOCK_FILE = "targetwatch.lock";

/**
 * Claims a data directory that outlives its runs (`--aws`): two DynamoDB Locals on one database
 * file would each overwrite what the other wrote. A lock left by a process that is gone is taken
 * over. Resolves to the release.
 *
 * @throws {DataDirInUseError} when a running process holds it.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const lock = join(dir, LOCK_FILE);
  for (;;) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: "wx" });
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = Number((await readFile(lock, "utf8").catch(() => "")).trim());
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) throw new DataDirInUseError(dir, holder);
    await rm(lock, { force: true });
  }
}

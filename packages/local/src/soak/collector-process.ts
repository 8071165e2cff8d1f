import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import type { SweepSummary } from "@targetwatch/core/collector";

const COLLECT_CLI = fileURLToPath(new URL("../collect-cli.ts", import.meta.url));

export interface CollectorProcessOptions {
  /** Names the collector in the soak's output. */
  name: string;
  simulatorEndpoint: string;
  dynamodbEndpoint: string;
  table: string;
  region: string;
  /** Simulated seconds. */
  intervalSeconds: number;
  budgetSeconds: number;
  burstIntervalSeconds: number;
  storeTimeoutSeconds: number;
  /** ELBv2 calls per wall second, and at once. */
  elbRate: number;
  elbBurst: number;
  log: (line: string) => void;
}

/**
 * `npm run collect` in a child process of its own, on the simulator's clock (`--sim-clock`), so
 * it can be killed with SIGKILL in the middle of a sweep. Keeps every sweep summary it prints.
 */
export class CollectorProcess {
  readonly name: string;
  readonly summaries: SweepSummary[] = [];
  readonly #child: ChildProcess;
  readonly #exited: Promise<unknown>;

  private constructor(options: CollectorProcessOptions) {
    this.name = options.name;
    this.#child = spawn(
      process.execPath,
      [
        COLLECT_CLI,
        ...["--sim-clock", options.simulatorEndpoint, "--table", options.table, "--region", options.region],
        ...["--interval", String(options.intervalSeconds), "--budget", String(options.budgetSeconds)],
        ...["--burst-interval", String(options.burstIntervalSeconds)],
        ...["--store-timeout", String(options.storeTimeoutSeconds)],
        ...["--elb-rate", String(options.elbRate), "--elb-burst", String(options.elbBurst)],
      ],
      {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: options.simulatorEndpoint,
          AWS_ENDPOINT_URL_DYNAMODB: options.dynamodbEndpoint,
          AWS_REGION: options.region,
          AWS_ACCESS_KEY_ID: "local",
          AWS_SECRET_ACCESS_KEY: "local",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    this.#exited = once(this.#child, "exit");
    lines(this.#child.stdout, (line) => {
      try {
        this.summaries.push(JSON.parse(line) as SweepSummary);
      } catch {
        options.log(`${this.name}: ${line}`);
      }
    });
    lines(this.#child.stderr, (line) => options.log(`${this.name}: ${line}`));
  }

  static start(options: CollectorProcessOptions): CollectorProcess {
    return new CollectorProcess(options);
  }

  /** SIGKILL, mid-sweep or not: nothing runs after it. */
  async kill(): Promise<void> {
    this.#child.kill("SIGKILL");
    await this.#exited;
  }

  /** SIGTERM, as Ctrl-C: the sweep under way finishes, then the process exits. */
  async stop(): Promise<void> {
    this.#child.kill("SIGTERM");
    await this.#exited;
  }
}

function lines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let buffered = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    buffered += chunk;
    let end = buffered.indexOf("\n");
    while (end >= 0) {
      const line = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (line) onLine(line);
      end = buffered.indexOf("\n");
    }
  });
}

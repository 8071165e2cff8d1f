import { type DynamoDbLocalHandle, startDynamoDbLocal } from "@targetwatch/dynamodb-local";

/**
 * A DynamoDB Local of the soak's own (never the test run's shared one), keeping its data in a
 * directory so that it can be killed with SIGKILL and started again on the same port with the
 * same data, or stopped with SIGSTOP and resumed, as a real outage and a stall would.
 */
export class OwnDynamoDb {
  readonly port: number;
  readonly endpoint: string;
  readonly #dbPath: string;
  #handle: DynamoDbLocalHandle;
  #paused = false;

  private constructor(handle: DynamoDbLocalHandle, dbPath: string) {
    this.#handle = handle;
    this.#dbPath = dbPath;
    this.port = handle.port;
    this.endpoint = handle.endpoint;
  }

  static async start(dbPath: string): Promise<OwnDynamoDb> {
    return new OwnDynamoDb(await startDynamoDbLocal({ dbPath }), dbPath);
  }

  /** SIGKILL to the Java process: no shutdown, connections refused until {@link restart}. */
  async kill(): Promise<void> {
    process.kill(this.#handle.pid, "SIGKILL");
    await this.#handle.exited;
  }

  /** A new Java process on the same port and data. */
  async restart(): Promise<void> {
    this.#handle = await startDynamoDbLocal({ port: this.port, dbPath: this.#dbPath });
  }

  /** SIGSTOP: connections are accepted by the kernel, nothing is answered. */
  pause(): void {
    process.kill(this.#handle.pid, "SIGSTOP");
    this.#paused = true;
  }

  resume(): void {
    process.kill(this.#handle.pid, "SIGCONT");
    this.#paused = false;
  }

  async stop(): Promise<void> {
    if (this.#paused) this.resume();
    await this.#handle.stop();
  }
}

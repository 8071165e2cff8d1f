import { CloudWatchClient, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";
import { VirtualClock } from "../../src/clock.ts";
import { CloudWatchSim } from "../../src/cloudwatch/cloudwatch-sim.ts";
import type { FaultInjector } from "../../src/faults/fault-injector.ts";
import { type RunningServer, startSimulatorServer } from "../../src/server.ts";
import { ACCOUNT_ID, REGION, START } from "./fixtures.ts";

export interface CloudWatchSimulator {
  server: RunningServer;
  clock: VirtualClock;
  cloudwatch: CloudWatchSim;
  /** A real SDK client signed for us-west-2 against the simulator. */
  client(config?: Partial<CloudWatchClientConfig>): CloudWatchClient;
  /** POSTs an awsJson1_0 request without the SDK, as curl would. */
  post(operation: string, body: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startCloudWatchSimulator(
  options: { faults?: FaultInjector } = {},
): Promise<CloudWatchSimulator> {
  const clock = VirtualClock.manual({ start: START });
  const cloudwatch = new CloudWatchSim({ clock, accountId: ACCOUNT_ID });
  const server = await startSimulatorServer({
    clock,
    defaultRegion: REGION,
    cloudwatch,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const clients: CloudWatchClient[] = [];
  return {
    server,
    clock,
    cloudwatch,
    client(config = {}) {
      const client = new CloudWatchClient({
        region: REGION,
        endpoint: server.endpoint,
        credentials: { accessKeyId: "AKIDSIMULATOR", secretAccessKey: "simulator-secret" },
        ...config,
      });
      clients.push(client);
      return client;
    },
    post(operation, body, headers = {}) {
      return fetch(`${server.endpoint}/`, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": `GraniteServiceVersion20100801.${operation}`,
          ...headers,
        },
        body,
      });
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
    },
  };
}

/** Calls the simulator in process, without HTTP; returns the status and the parsed JSON body. */
export function invoke(
  cloudwatch: CloudWatchSim,
  operation: string,
  input: object,
  now: number,
  region = REGION,
): { status: number; headers: Record<string, string>; json: Record<string, unknown> } {
  const response = cloudwatch.handle(operation, JSON.stringify(input), { region, requestId: "req-1", now });
  return {
    status: response.status,
    headers: response.headers,
    json: JSON.parse(response.body) as Record<string, unknown>,
  };
}

import { CloudWatchClient, type CloudWatchClientConfig } from "@aws-sdk/client-cloudwatch";
import { VirtualClock } from "../../src/clock.ts";
import { CloudWatchSim } from "../../src/cloudwatch/cloudwatch-sim.ts";
import type { FaultInjector } from "../../src/faults/fault-injector.ts";
import { type RunningServer, startSimulatorServer } from "../../src/server.ts";

export const REGION = "us-west-2";
export const ACCOUNT_ID = "123456789012";
/** 27/11/26 12:00:00 UTC, a whole minute, so evaluation times in assertions read naturally. */
export const START = Date.UTC(2026, 10, 27, 12, 0, 0);
export const MINUTE = 60_000;
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT_ID}:targetwatch-alerts`;

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

/** Seconds → Date, for building SDK inputs from simulated epoch ms. */
export function at(ms: number): Date {
  return new Date(ms);
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

/** A PutMetricData body for one value of the metric the alarm tests watch. */
export function datum(value: number, timestampMs: number, metricName = "UnhealthyTargets"): object {
  return {
    Namespace: "TargetWatch",
    MetricData: [
      {
        MetricName: metricName,
        Dimensions: [{ Name: "LoadBalancer", Value: "k8s-ui-uinlb-e1c1ebaeb4" }],
        Timestamp: timestampMs / 1000,
        Value: value,
      },
    ],
  };
}

/** A PutMetricAlarm body on that metric; `overrides` replace any field. */
export function alarmInput(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AlarmName: name,
    Namespace: "TargetWatch",
    MetricName: "UnhealthyTargets",
    Dimensions: [{ Name: "LoadBalancer", Value: "k8s-ui-uinlb-e1c1ebaeb4" }],
    Statistic: "Maximum",
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 0,
    ComparisonOperator: "GreaterThanThreshold",
    AlarmActions: [TOPIC_ARN],
    OKActions: [TOPIC_ARN],
    ...overrides,
  };
}

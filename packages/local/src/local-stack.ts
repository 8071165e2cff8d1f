import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  CloudWatchMetricsSink,
  type CollectorClock,
  createCollector,
  createTable,
  DEFAULT_WORKSHOP,
  type SweepSummary,
  WorkshopAlarms,
} from "@targetwatch/core";
import { type Scenario, type Simulator, startSimulator } from "@targetwatch/sim";
import { type DynamoDbLocalHandle, startDynamoDbLocal } from "./dynamodb-local.ts";
import { type LocalApi, startLocalApi } from "./local-api.ts";

export interface LocalStackOptions {
  scenario: Scenario;
  /** Simulated seconds per real second. */
  speed: number;
  apiPort: number;
  token?: string;
  /** Simulated seconds between scheduled sweeps (the deployed schedule is one minute). */
  sweepIntervalSeconds?: number;
  onSweep?: (summary: SweepSummary) => void;
  onSweepError?: (error: Error) => void;
  log?: (line: string) => void;
}

export interface LocalStack {
  sim: Simulator;
  dynamodb: DynamoDbLocalHandle;
  api: LocalApi;
  stop(): Promise<void>;
}

const TABLE = "targetwatch-local";
const ALARM_PREFIX = "targetwatch-local/workshop-";

class StackStopping extends Error {
  constructor() {
    super("the local stack is stopping");
    this.name = "StackStopping";
  }
}

/**
 * Everything `npm start` runs, in one process plus DynamoDB Local's JVM: the simulator playing a
 * scenario, the collector sweeping it on its schedule, and the API. Collector and API read the
 * simulator's clock, so at `--speed 4` a sweep runs every 15 real seconds and every time the API
 * shows is simulated time.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dynamodb = await startDynamoDbLocal();
  const cleanup: (() => Promise<void>)[] = [() => dynamodb.stop()];
  try {
    const sim = await startSimulator({
      scenario: options.scenario,
      speed: options.speed,
      ...(options.log ? { log: options.log } : {}),
    });
    cleanup.unshift(() => sim.stop());
    const credentials = { accessKeyId: "local", secretAccessKey: "local" };
    const dynamo = new DynamoDBClient({ endpoint: dynamodb.endpoint, region: sim.region, credentials });
    const elb = new ElasticLoadBalancingV2Client({ endpoint: sim.endpoint, region: sim.region, credentials });
    const cloudwatch = new CloudWatchClient({ endpoint: sim.endpoint, region: sim.region, credentials });
    cleanup.unshift(async () => {
      elb.destroy();
      cloudwatch.destroy();
      dynamo.destroy();
    });
    // As the deployed stack does: an SNS topic (here a name the simulator records notifications
    // for) and the implicit default workshop's alarm; the API manages the others.
    const alarmTopicArn = `arn:aws:sns:${sim.region}:${options.scenario.accountId}:targetwatch-local-Alarms`;
    await new WorkshopAlarms({ client: cloudwatch, prefix: ALARM_PREFIX, topicArn: alarmTopicArn }).put(
      DEFAULT_WORKSHOP,
    );
    await createTable(dynamo, TABLE);
    const now = () => sim.clock.now();
    let stopped = false;
    const sleepers = new Set<() => void>();
    const clock: CollectorClock = {
      now,
      // Burst sampling waits in simulated time; stopping the stack cuts the wait (and the sweep) short.
      sleep: (ms) =>
        new Promise((resolve, reject) => {
          if (stopped) return reject(new StackStopping());
          const timer = setTimeout(() => {
            sleepers.delete(wake);
            resolve();
          }, ms / options.speed);
          const wake = () => {
            clearTimeout(timer);
            reject(new StackStopping());
          };
          sleepers.add(wake);
        }),
    };
    const api = await startLocalApi({
      dynamodb: dynamo,
      tableName: TABLE,
      port: options.apiPort,
      regions: [sim.region],
      now,
      cloudwatch,
      alarmPrefix: ALARM_PREFIX,
      alarmTopicArn,
      ...(options.token ? { token: options.token } : {}),
    });
    cleanup.unshift(() => api.close());
    const collector = createCollector({
      tableName: TABLE,
      regions: [sim.region],
      dynamodb: dynamo,
      elbv2ClientFor: () => elb,
      clock,
      metrics: new CloudWatchMetricsSink({ client: cloudwatch }),
    });

    const intervalMs = (options.sweepIntervalSeconds ?? 60) * 1000;
    const loop = async () => {
      while (!stopped) {
        const started = now();
        try {
          options.onSweep?.(await collector.sweep(started + 50_000));
        } catch (error) {
          if (!(error instanceof StackStopping)) options.onSweepError?.(error as Error);
        }
        await clock.sleep(Math.max(0, started + intervalMs - now())).catch(() => {});
      }
    };
    const running = loop();
    cleanup.unshift(async () => {
      stopped = true;
      for (const wake of sleepers) wake();
      await running;
    });
    return {
      sim,
      dynamodb,
      api,
      stop: async () => {
        for (const step of cleanup.splice(0)) await step();
      },
    };
  } catch (error) {
    for (const step of cleanup.splice(0)) await step().catch(() => {});
    throw error;
  }
}

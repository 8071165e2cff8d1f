import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  CloudWatchMetricsSink,
  CloudWatchStuckAlarmDescriptions,
  createCloudWatchClient,
  WorkshopAlarms,
} from "@targetwatch/core/adapters/cloudwatch";
import { createDynamoDbClient, createTable } from "@targetwatch/core/adapters/dynamodb";
import { createElbv2Client } from "@targetwatch/core/adapters/elbv2";
import type { CredentialsProvider } from "@targetwatch/core/adapters/sts";
import { type Collector, createCollector, type SweepSummary, scaledClock } from "@targetwatch/core/collector";
import { DEFAULT_WORKSHOP } from "@targetwatch/core/model";
import type { CollectorClock } from "@targetwatch/core/ports";
import { type DynamoDbLocalHandle, startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import { type Scenario, type Simulator, startSimulator } from "@targetwatch/sim";
import { setUpClassWorkshop } from "./class-workshop.ts";
import { type LocalApi, startLocalApi } from "./local-api.ts";
import { localStoreTimeoutMs } from "./local-store-timeout.ts";

export interface LocalStackOptions {
  /** The world to simulate; `aws` instead reads real ELBv2 (or whatever AWS_ENDPOINT_URL_* name). */
  source: { kind: "simulator"; scenario: Scenario; speed: number } | { kind: "aws"; region: string };
  apiPort: number;
  token?: string;
  /** Where DynamoDB Local keeps its data; in memory when undefined. Ignored with AWS_ENDPOINT_URL_DYNAMODB. */
  dataDir?: string;
  /** Seconds (simulated, when simulating) between scheduled sweeps; the deployed schedule is one minute. */
  sweepIntervalSeconds?: number;
  onSweep?: (summary: SweepSummary) => void;
  onSweepError?: (error: Error) => void;
  log?: (line: string) => void;
}

export interface LocalStack {
  sim?: Simulator;
  /** Present when this stack started DynamoDB Local itself. */
  dynamodb?: DynamoDbLocalHandle;
  dynamodbEndpoint: string;
  api: LocalApi;
  region: string;
  /** The stack's time: the simulator's clock, or the wall clock against AWS. */
  now(): number;
  stop(): Promise<void>;
}

export class StackStopping extends Error {
  constructor() {
    super("the local stack is stopping");
    this.name = "StackStopping";
  }
}

/** `--aws` without credentials: said in one line, before anything starts. */
export class NoCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoCredentialsError";
  }
}

const TABLE = "targetwatch-local";
const ALARM_PREFIX = "targetwatch-local/workshop-";
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
/** Where the local API listens (the API Gateway stand-in's default). */
const API_HOST = "127.0.0.1";

/** Steps that undo what was started, newest first (each new step goes to the front). */
type Cleanup = (() => Promise<void>)[];

/**
 * Everything `npm start` runs: DynamoDB Local, the simulator playing a scenario (or real AWS),
 * the collector sweeping on its schedule, and the API. Simulated, the collector and the API read
 * the simulator's clock, so at `--speed 4` a sweep runs every 15 real seconds and every time the
 * API shows is simulated time.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const cleanup: Cleanup = [];
  const stopAll = async () => {
    for (const step of cleanup.splice(0)) await step().catch(() => {});
  };
  try {
    const source = options.source;
    const speed = source.kind === "simulator" ? source.speed : 1;
    // AWS first: a missing credential should fail before any process starts.
    const awsElb = source.kind === "aws" ? await awsElbClient(source.region) : undefined;
    const region = source.kind === "aws" ? source.region : source.scenario.region;
    // A taken API port, too, fails before any process starts (not after a JVM start and the world's first event).
    await assertPortFree(options.apiPort, API_HOST);
    const database = await startDatabase(options.dataDir, region, cleanup);

    // The simulated world starts last, once everything that watches it is up: its t = 0 is
    // then also the first sweep's time, as it would be for a facilitator starting targetwatch
    // before the session.
    const sim =
      source.kind === "simulator"
        ? await startWorld(source.scenario, speed, options.log, cleanup)
        : undefined;
    const elb = sim
      ? createElbv2Client(region, { endpoint: sim.endpoint, credentials: LOCAL_CREDENTIALS })
      : (awsElb as ElasticLoadBalancingV2Client);
    cleanup.unshift(async () => elb.destroy());

    const cloudwatch = cloudWatchClient(sim, region, cleanup);
    const accountId = source.kind === "simulator" ? source.scenario.accountId : "000000000000";
    const alarmTopicArn = `arn:aws:sns:${region}:${accountId}:targetwatch-local-Alarms`;
    if (cloudwatch) await putDefaultAlarm(cloudwatch, alarmTopicArn);

    const now = () => (sim ? sim.clock.now() : Date.now());
    const clock = stoppableClock(now, speed);
    const api = await startLocalApi({
      dynamodb: database.client,
      tableName: TABLE,
      port: options.apiPort,
      host: API_HOST,
      regions: [region],
      now,
      ...(cloudwatch ? { cloudwatch, alarmPrefix: ALARM_PREFIX, alarmTopicArn } : {}),
      ...(options.token ? { token: options.token } : {}),
      // Participants' joins are checked by the simulator's STS, as by AWS's deployed.
      ...(sim ? { stsEndpoint: sim.endpoint } : {}),
    });
    cleanup.unshift(() => api.close());
    // A class of participant accounts gets its workshop, and their role, before the first sweep.
    if (sim && source.kind === "simulator") await setUpClassWorkshop(sim, source.scenario, api.queries);
    const collector = localCollector({ database, elb, sim, cloudwatch, clock, region, speed, options });
    cleanup.unshift(sweepOnSchedule(collector, clock, options));
    return {
      ...(sim ? { sim } : {}),
      ...(database.local ? { dynamodb: database.local } : {}),
      dynamodbEndpoint: database.endpoint,
      api,
      region,
      now,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The simulator playing `scenario` at `speed`. */
async function startWorld(
  scenario: Scenario,
  speed: number,
  log: ((line: string) => void) | undefined,
  cleanup: Cleanup,
): Promise<Simulator> {
  const sim = await startSimulator({ scenario, speed, ...(log ? { log } : {}) });
  cleanup.unshift(() => sim.stop());
  return sim;
}

/**
 * As the deployed stack does: a topic (here a name the simulator records notifications for) and
 * the implicit default workshop's alarm; the API manages the others.
 */
async function putDefaultAlarm(
  cloudwatch: ReturnType<typeof createCloudWatchClient>,
  topicArn: string,
): Promise<void> {
  await new WorkshopAlarms({ client: cloudwatch, prefix: ALARM_PREFIX, topicArn }).put(DEFAULT_WORKSHOP);
}

/** An ELBv2 client for real AWS, once the default credential chain has answered. */
async function awsElbClient(region: string): Promise<ElasticLoadBalancingV2Client> {
  const elb = createElbv2Client(region);
  try {
    await elb.config.credentials();
  } catch (error) {
    elb.destroy();
    throw new NoCredentialsError(
      `--aws needs AWS credentials (a profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or SSO): ${firstLine((error as Error).message)}`,
    );
  }
  return elb;
}

/** The table, in the DynamoDB AWS_ENDPOINT_URL_DYNAMODB names, or else in a DynamoDB Local started here. */
async function startDatabase(
  dataDir: string | undefined,
  region: string,
  cleanup: Cleanup,
): Promise<{ client: DynamoDBClient; endpoint: string; local?: DynamoDbLocalHandle }> {
  let endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  let local: DynamoDbLocalHandle | undefined;
  if (!endpoint) {
    if (dataDir) await mkdir(dataDir, { recursive: true });
    const handle = await startDynamoDbLocal(
      dataDir ? { inMemory: false, dbPath: dataDir } : { inMemory: true },
    );
    local = handle;
    cleanup.unshift(() => handle.stop());
    endpoint = handle.endpoint;
  }
  const client = createDynamoDbClient({
    endpoint,
    region,
    ...(local ? { credentials: LOCAL_CREDENTIALS } : {}),
  });
  cleanup.unshift(async () => client.destroy());
  await createTable(client, TABLE);
  return { client, endpoint, ...(local ? { local } : {}) };
}

/**
 * Where metrics and alarms go: the simulator's CloudWatch; against AWS, only where
 * AWS_ENDPOINT_URL_CLOUDWATCH points (a laptop should not create alarms in a real account).
 */
function cloudWatchClient(sim: Simulator | undefined, region: string, cleanup: Cleanup) {
  const endpoint = sim?.endpoint ?? process.env.AWS_ENDPOINT_URL_CLOUDWATCH;
  if (!endpoint) return undefined;
  const client = createCloudWatchClient({
    endpoint,
    region,
    ...(sim ? { credentials: LOCAL_CREDENTIALS } : {}),
  });
  cleanup.unshift(async () => client.destroy());
  return client;
}

/** The collector's clock, and how to stop whatever waits on it. */
interface StoppableClock extends CollectorClock {
  stopped(): boolean;
  /** Wakes every sleeper with StackStopping; later sleeps fail at once. */
  stop(): void;
}

/**
 * The collector's clock at `speed`: burst sampling waits in simulated time, and stopping the
 * stack cuts the wait (and the sweep) short.
 */
function stoppableClock(now: () => number, speed: number): StoppableClock {
  let stopped = false;
  const sleepers = new Set<() => void>();
  const scaled = scaledClock(now, speed);
  return {
    now,
    deadline: (at) => scaled.deadline(at),
    sleep: (ms) =>
      new Promise((resolve, reject) => {
        if (stopped) return reject(new StackStopping());
        const timer = setTimeout(() => {
          sleepers.delete(wake);
          resolve();
        }, ms / speed);
        const wake = () => {
          clearTimeout(timer);
          reject(new StackStopping());
        };
        sleepers.add(wake);
      }),
    stopped: () => stopped,
    stop: () => {
      stopped = true;
      for (const wake of sleepers) wake();
    },
  };
}

/** The collector as deployed, reading the simulator (its STS too, for participant accounts) or AWS. */
function localCollector(parts: {
  database: { client: DynamoDBClient };
  elb: ElasticLoadBalancingV2Client;
  sim: Simulator | undefined;
  cloudwatch: ReturnType<typeof createCloudWatchClient> | undefined;
  clock: StoppableClock;
  region: string;
  speed: number;
  options: LocalStackOptions;
}): Collector {
  const { database, elb, sim, cloudwatch, clock, region, speed, options } = parts;
  return createCollector({
    tableName: TABLE,
    regions: [region],
    storeTimeoutMs: localStoreTimeoutMs(speed),
    maxSamplingIntervalSeconds: 1.5 * (options.sweepIntervalSeconds ?? 60),
    dynamodb: database.client,
    elbv2ClientFor: () => elb,
    // Participant accounts through the simulator's STS, as the collector role reaches them on AWS.
    ...(sim
      ? {
          stsEndpoint: sim.endpoint,
          stsCredentials: LOCAL_CREDENTIALS,
          accountElbv2ClientFor: (r: string, credentials: CredentialsProvider) =>
            createElbv2Client(r, { endpoint: sim.endpoint, credentials }),
        }
      : {}),
    clock,
    ...(cloudwatch
      ? {
          metrics: new CloudWatchMetricsSink({ client: cloudwatch }),
          // As deployed: the workshops' alarms say who is stuck.
          alarms: new CloudWatchStuckAlarmDescriptions({ client: cloudwatch, prefix: ALARM_PREFIX }),
        }
      : {}),
  });
}

/** Sweeps every interval until stopped; answers the step that stops it and waits for the last sweep. */
function sweepOnSchedule(
  collector: Collector,
  clock: StoppableClock,
  options: Pick<LocalStackOptions, "sweepIntervalSeconds" | "onSweep" | "onSweepError">,
): () => Promise<void> {
  const intervalMs = (options.sweepIntervalSeconds ?? 60) * 1000;
  const loop = async () => {
    while (!clock.stopped()) {
      const started = clock.now();
      try {
        // Up to a second before the next sweep, as deployed (DEFAULT_SWEEP_BUDGET_SECONDS).
        options.onSweep?.(await collector.sweep(started + intervalMs - 1000));
      } catch (error) {
        if (!(error instanceof StackStopping)) options.onSweepError?.(error as Error);
      }
      await clock.sleep(Math.max(0, started + intervalMs - clock.now())).catch(() => {});
    }
  };
  const running = loop();
  return async () => {
    clock.stop();
    await running;
  };
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

/** Fails with the listen error (EADDRINUSE, EACCES) when `port` cannot be listened on; port 0 always can. */
async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

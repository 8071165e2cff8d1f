#!/usr/bin/env node
import { mkdir } from "node:fs/promises";
import { setTimeout } from "node:timers/promises";
import { parseArgs } from "node:util";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDynamoDbClient, createTable } from "@targetwatch/core/adapters/dynamodb";
import { createElbv2Client } from "@targetwatch/core/adapters/elbv2";
import { createCollector, systemClock } from "@targetwatch/core/collector";
import { DEFAULT_SWEEP_BUDGET_SECONDS, REGION_PATTERN } from "@targetwatch/core/model";
import type { CollectorClock } from "@targetwatch/core/ports";
import { JavaNotFoundError, PortInUseError, startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import { type FollowedClock, followSimulatorClock } from "./sim-clock.ts";

const HELP = `Usage: npm run collect -- [--once] [options]

Sweeps every workshop NLB into DynamoDB and prints one summary line per sweep.

ELBv2 is whatever the AWS SDK's standard variables point at: the simulator
(AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=http://127.0.0.1:PORT, see npm run sim) or, without
them, real AWS through the default credential chain. DynamoDB is AWS_ENDPOINT_URL_DYNAMODB when
set; otherwise a DynamoDB Local started here, keeping its data in --data-dir.

Options:
  --once               one sweep, then exit (default: a sweep every --interval seconds until Ctrl-C)
  --interval N         seconds between sweeps (default 60, as the deployed schedule)
  --table NAME         DynamoDB table (default targetwatch-local; created if missing)
  --region R[,R…]      regions to watch (default AWS_REGION, else us-west-2)
  --burst-interval N   seconds between burst re-samples of transitional targets (default 5; 0 = off)
  --budget N           seconds a whole sweep may take, burst sampling included (default 59)
  --store-timeout N    seconds a DynamoDB request may take before the store counts as unavailable (default 5)
  --elb-rate N         ELBv2 calls started per (wall) second (default 20)
  --elb-burst N        ELBv2 calls started at once after a pause (default 20)
  --sim-clock URL      follow the clock of the simulator at URL (its endpoint): every time, interval
                       and budget is then simulated, as the simulator's truth is
  --data-dir DIR       where the local DynamoDB keeps data (default .data/dynamodb)
  -h, --help           show this help`;

interface Options {
  once: boolean;
  interval: number;
  table: string;
  regions: string[];
  burstInterval: number;
  budget: number;
  storeTimeout: number;
  elbRate: number;
  elbBurst: number;
  simClock: string | undefined;
  dataDir: string;
}

function parse(argv: string[]): Options | string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        once: { type: "boolean" },
        interval: { type: "string" },
        table: { type: "string" },
        region: { type: "string" },
        "burst-interval": { type: "string" },
        budget: { type: "string" },
        "store-timeout": { type: "string" },
        "elb-rate": { type: "string" },
        "elb-burst": { type: "string" },
        "sim-clock": { type: "string" },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return `${(error as Error).message} (see --help)`;
  }
  if (values.help) return "help";
  const number = (name: string, fallback: number, min: number): number | string => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    return Number.isFinite(n) && n >= min ? n : `--${name} must be a number ≥ ${min}, got "${raw}"`;
  };
  const interval = number("interval", 60, 1);
  const burstInterval = number("burst-interval", 5, 0);
  const budget = number("budget", DEFAULT_SWEEP_BUDGET_SECONDS, 0);
  const storeTimeout = number("store-timeout", 5, 0.001);
  const elbRate = number("elb-rate", 20, 0.1);
  const elbBurst = number("elb-burst", 20, 1);
  for (const v of [interval, burstInterval, budget, storeTimeout, elbRate, elbBurst])
    if (typeof v === "string") return v;
  const simClock = values["sim-clock"] as string | undefined;
  if (simClock !== undefined && !URL.canParse(simClock))
    return `--sim-clock must be a URL, got "${simClock}"`;
  const regionText = (values.region as string | undefined) ?? process.env.AWS_REGION ?? "us-west-2";
  const regions = regionText
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  if (regions.some((r) => !REGION_PATTERN.test(r)))
    return `--region must be AWS regions such as us-west-2, got "${regionText}"`;
  const table = (values.table as string | undefined) ?? "targetwatch-local";
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(table))
    return `--table must be a DynamoDB table name (3–255 of a-z A-Z 0-9 _ . -), got "${table}"`;
  return {
    once: values.once === true,
    interval: interval as number,
    table,
    regions,
    burstInterval: burstInterval as number,
    budget: budget as number,
    storeTimeout: storeTimeout as number,
    elbRate: elbRate as number,
    elbBurst: elbBurst as number,
    simClock,
    dataDir: (values["data-dir"] as string | undefined) ?? ".data/dynamodb",
  };
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  if (options === "help") {
    console.log(HELP);
    return 0;
  }
  if (typeof options === "string") {
    console.error(`collect: ${options}`);
    return 2;
  }
  // The simulator and DynamoDB Local accept any credentials; real AWS needs real ones.
  if (
    process.env.AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 &&
    !process.env.AWS_ACCESS_KEY_ID &&
    !process.env.AWS_PROFILE
  ) {
    process.env.AWS_ACCESS_KEY_ID = "local";
    process.env.AWS_SECRET_ACCESS_KEY = "local";
  }
  // Without credentials every call fails: one line now, rather than a sweep summary of nothing.
  const missing = await missingCredentials(options.regions[0] as string);
  if (missing) {
    console.error(`collect: ${missing}`);
    return 1;
  }
  const store = await openStore(options);
  if (typeof store === "string") {
    console.error(`collect: ${store}`);
    return 1;
  }
  try {
    const followed = options.simClock ? await followSimulatorClock(options.simClock) : undefined;
    return await sweepLoop(options, store.dynamodb, followed);
  } catch (error) {
    console.error(`collect: ${(error as Error).message}`);
    return 1;
  } finally {
    store.dynamodb.destroy();
    await store.stop?.();
  }
}

/** Why the default credential chain has no credentials, or undefined when it has some. */
async function missingCredentials(region: string): Promise<string | undefined> {
  const elb = createElbv2Client(region);
  try {
    await elb.config.credentials();
    return undefined;
  } catch (error) {
    const reason = ((error as Error).message.split("\n")[0] ?? "").trim();
    return (
      "real AWS needs credentials (a profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or SSO), " +
      `or point AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2 at the simulator: ${reason}`
    );
  } finally {
    elb.destroy();
  }
}

/** DynamoDB: what AWS_ENDPOINT_URL_DYNAMODB names, or a DynamoDB Local started here; a message when neither can be had. */
async function openStore(
  options: Options,
): Promise<{ dynamodb: DynamoDBClient; stop?: () => Promise<void> } | string> {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (endpoint) return { dynamodb: createDynamoDbClient({ endpoint }) };
  try {
    await mkdir(options.dataDir, { recursive: true });
    const local = await startDynamoDbLocal({ inMemory: false, dbPath: options.dataDir });
    console.error(`collect: DynamoDB Local at ${local.endpoint} (data in ${options.dataDir})`);
    const dynamodb = createDynamoDbClient({
      endpoint: local.endpoint,
      region: options.regions[0] as string,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    return { dynamodb, stop: () => local.stop() };
  } catch (error) {
    if (error instanceof JavaNotFoundError || error instanceof PortInUseError) return error.message;
    throw error;
  }
}

/** Sweeps every interval (on the followed simulator's clock, if any) until Ctrl-C, or once. */
async function sweepLoop(
  options: Options,
  dynamodb: DynamoDBClient,
  followed?: FollowedClock,
): Promise<number> {
  const clock: CollectorClock = followed ?? systemClock;
  const speed = followed?.speed ?? 1;
  // One listener for the whole run: Ctrl-C ends the wait between sweeps and the loop.
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // A store that is down now may be back by the first sweep, which then says how it went.
  await createTable(dynamodb, options.table).catch((error: unknown) => {
    console.error(`collect: cannot create table ${options.table}: ${(error as Error).message}`);
  });
  const collector = createCollector({
    tableName: options.table,
    regions: options.regions,
    burstIntervalSeconds: options.burstInterval,
    storeTimeoutMs: options.storeTimeout * 1000,
    maxRequestsPerSecond: options.elbRate,
    burst: Math.floor(options.elbBurst),
    // Gaps are told against this collector's own schedule.
    maxSamplingIntervalSeconds: 1.5 * options.interval,
    clock,
    dynamodb,
  });
  let failed = false;
  do {
    await followed?.refresh().catch(() => {});
    const started = clock.now();
    try {
      const summary = await collector.sweep(started + options.budget * 1000);
      console.log(JSON.stringify({ message: "sweep finished", ...summary }));
      if (!summary.storeAvailable) {
        console.error("collect: store unavailable: metrics from the last known states, nothing recorded");
      }
      failed = summary.errors.length > 0;
    } catch (error) {
      // A sweep that could not run at all (no credentials): say so and go on.
      console.error(`collect: sweep failed: ${(error as Error).message}`);
      failed = true;
    }
    if (options.once) break;
    const wait = Math.max(0, started + options.interval * 1000 - clock.now()) / speed;
    await setTimeout(wait, undefined, { signal: stopping.signal }).catch(() => {});
  } while (!stopping.signal.aborted);
  return options.once && failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`collect: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

#!/usr/bin/env node
import { mkdir } from "node:fs/promises";
import { setTimeout } from "node:timers/promises";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createTable } from "@targetwatch/core/adapters/dynamodb";
import { createCollector } from "@targetwatch/core/collector";
import { REGION_PATTERN } from "@targetwatch/core/model";
import { JavaNotFoundError, PortInUseError, startDynamoDbLocal } from "@targetwatch/dynamodb-local";

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
  --budget N           seconds a sweep may keep burst-sampling (default 50)
  --data-dir DIR       where the local DynamoDB keeps data (default .data/dynamodb)
  -h, --help           show this help`;

interface Options {
  once: boolean;
  interval: number;
  table: string;
  regions: string[];
  burstInterval: number;
  budget: number;
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
  const budget = number("budget", 50, 0);
  for (const v of [interval, burstInterval, budget]) if (typeof v === "string") return v;
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
  let stopDynamo: (() => Promise<void>) | undefined;
  let dynamoEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!dynamoEndpoint) {
    try {
      await mkdir(options.dataDir, { recursive: true });
      const local = await startDynamoDbLocal({ inMemory: false, dbPath: options.dataDir });
      dynamoEndpoint = local.endpoint;
      stopDynamo = () => local.stop();
      console.error(`collect: DynamoDB Local at ${local.endpoint} (data in ${options.dataDir})`);
    } catch (error) {
      if (error instanceof JavaNotFoundError || error instanceof PortInUseError) {
        console.error(`collect: ${error.message}`);
        return 1;
      }
      throw error;
    }
  }
  const dynamodb = new DynamoDBClient({
    endpoint: dynamoEndpoint,
    ...(stopDynamo
      ? { region: options.regions[0], credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
  });
  // One listener for the whole run: Ctrl-C ends the wait between sweeps and the loop.
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await createTable(dynamodb, options.table);
    const collector = createCollector({
      tableName: options.table,
      regions: options.regions,
      burstIntervalSeconds: options.burstInterval,
      dynamodb,
    });
    let failed = false;
    do {
      const started = Date.now();
      try {
        const summary = await collector.sweep(started + options.budget * 1000);
        console.log(JSON.stringify({ message: "sweep finished", ...summary }));
        failed = summary.errors.length > 0;
      } catch (error) {
        // A sweep that could not run at all (no table, no credentials): say so and go on.
        console.error(`collect: sweep failed: ${(error as Error).message}`);
        failed = true;
      }
      if (options.once) break;
      const wait = Math.max(0, started + options.interval * 1000 - Date.now());
      await setTimeout(wait, undefined, { signal: stopping.signal }).catch(() => {});
    } while (!stopping.signal.aborted);
    return options.once && failed ? 1 : 0;
  } finally {
    dynamodb.destroy();
    await stopDynamo?.();
  }
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

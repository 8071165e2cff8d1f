/**
 * Participant accounts benchmark: a class of 200 participants, each in their own AWS account with
 * one NLB (1 target group, 3 targets), in the simulator, which adds 20 ms to every call and
 * throttles Describe* per account at AWS's default bucket (10/s, burst 40). The collector sweeps
 * them all through AssumeRole of each participant's role (the simulator's STS), each account at
 * its own pace under the collector's global cap of calls in flight. Reports the steady sweep's
 * wall time, its STS calls once the credentials are cached, its ELBv2 calls against the
 * per-account floor summed, and, in the same run, what the AWS CLI loop a person would script
 * (assume-role, describe-target-groups, describe-target-health per participant) takes.
 */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createCollector, createTable, type SweepSummary } from "@targetwatch/core";
import { DynamoWorkshopStore } from "@targetwatch/core/adapters/dynamodb";
import { createElbv2Client } from "@targetwatch/core/adapters/elbv2";
import type { CredentialsProvider } from "@targetwatch/core/adapters/sts";
import {
  CLUSTER_TAG,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_STUCK_THRESHOLD_SECONDS,
} from "@targetwatch/core/model";
import { startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import { startSimulatorProcess, stopProcess } from "./sim-throughput.ts";

const ACCOUNTS = 200;
const FIRST_ACCOUNT = 210000000001;
const REGION = "us-west-2";
const MONITOR = "111111111111";
/** AWS's default Describe* bucket, each account its own. */
const THROTTLE = { ratePerSecond: 10, burst: 40 };
const LATENCY_MS = 20;
const EXTERNAL_ID = "tw-bench-accounts";
/** Participants the AWS CLI loop is timed on; the rest is extrapolated. */
const CLI_SAMPLE = 12;
const AWS_CLI = "/usr/bin/aws";
/** The monitor's collector role: static keys are it in the simulator. */
const MONITOR_CREDENTIALS = { accessKeyId: "bench", secretAccessKey: "bench" };
const run = promisify(execFile);

const accountIds = Array.from({ length: ACCOUNTS }, (_, i) => String(FIRST_ACCOUNT + i));

export async function accountsBenchmark(): Promise<void> {
  console.log(
    `accounts: ${ACCOUNTS} participant accounts × 1 NLB × 1 target group × 3 targets; simulator latency ${LATENCY_MS} ms, ` +
      `each account throttled at its own ${THROTTLE.ratePerSecond}/s burst ${THROTTLE.burst}; read through AssumeRole (simulator STS)`,
  );
  const dynamo = await startDynamoDbLocal();
  const { endpoint, child } = await startSimulatorProcess(await scenarioFile());
  const dynamodb = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: REGION,
    credentials: MONITOR_CREDENTIALS,
  });
  const clients: { destroy(): void }[] = [];
  try {
    // Every target healthy first: the measured sweeps have nothing to burst-sample.
    await simControl(endpoint, "POST", "clock/advance", { seconds: 600 });
    await createTable(dynamodb, "bench-accounts");
    const store = new DynamoWorkshopStore({
      client: DynamoDBDocumentClient.from(dynamodb),
      tableName: "bench-accounts",
    });
    await store.putWorkshop({
      id: "class",
      name: "200 participant accounts",
      selector: { tags: [{ key: CLUSTER_TAG }], regions: [] },
      stuckThresholdSeconds: DEFAULT_STUCK_THRESHOLD_SECONDS,
      retentionDays: DEFAULT_RETENTION_DAYS,
      accounts: accountIds.map((accountId) => ({ accountId })),
      externalId: EXTERNAL_ID,
    });
    // The participant template, deployed in every account with the workshop's external id.
    await simControl(endpoint, "PUT", "accounts/role", { externalId: EXTERNAL_ID });
    const collector = createCollector({
      tableName: "bench-accounts",
      regions: [REGION],
      dynamodb,
      stsEndpoint: endpoint,
      stsCredentials: MONITOR_CREDENTIALS,
      accountElbv2ClientFor: (region: string, credentials: CredentialsProvider) => {
        const client = createElbv2Client(region, { endpoint, credentials });
        clients.push(client);
        return client;
      },
      burstIntervalSeconds: 0,
    });
    const floorCalls = ACCOUNTS * perAccountFloor(1, 1);
    const sweep = async (label: string): Promise<{ summary: SweepSummary; sts: number }> => {
      const stsBefore = collector.stats().assumeRoleCalls;
      const cpuBefore = process.cpuUsage();
      const summary = await collector.sweep(Date.now() + 50_000);
      const cpu = process.cpuUsage(cpuBefore);
      const sts = collector.stats().assumeRoleCalls - stsBefore;
      console.log(
        // CPU time tells the collector's own cost from the wait for a share of a busy machine's cores.
        `  ${label}: ${(summary.durationMs / 1000).toFixed(2)} s (collector CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), ${sts} STS AssumeRole calls, ` +
          `${summary.elbApiCalls} ELBv2 calls (per-account floor summed: ${floorCalls}), ${summary.loadBalancers} NLBs, ` +
          `${summary.targets} targets, ${summary.elbThrottled} throttled, ${summary.errors.length} errors`,
      );
      for (const error of summary.errors.slice(0, 3)) console.log(`    error: ${error}`);
      return { summary, sts };
    };
    await sweep("first sweep (cold: every role assumed) ");
    // Sweeps run a minute apart: every account's bucket is full again when the next one starts.
    await new Promise((resolve) => setTimeout(resolve, (THROTTLE.burst / THROTTLE.ratePerSecond + 1) * 1000));
    const { summary: steady, sts: steadySts } = await sweep("steady sweep (credentials cached)     ");
    const cli = await awsCliLoop(endpoint);
    const cliTotalSeconds = cli.perAccountSeconds * ACCOUNTS;
    const speedup = cliTotalSeconds / (steady.durationMs / 1000);
    console.log(
      `  AWS CLI ${cli.version} loop (assume-role + describe-target-groups + describe-target-health per participant): ` +
        `${cli.perAccountSeconds.toFixed(2)} s per participant over a sample of ${CLI_SAMPLE}, ` +
        `${cliTotalSeconds.toFixed(0)} s for ${ACCOUNTS} extrapolated → the collector is ${speedup.toFixed(0)}× faster`,
    );
    console.log(
      `  goals: steady wall ≤ 3 s ${steady.durationMs <= 3_000 ? "met" : "NOT met"}; ` +
        `STS calls once warm = 0 ${steadySts === 0 ? "met" : "NOT met"}; ` +
        `ELBv2 calls = per-account floor summed ${steady.elbApiCalls === floorCalls ? "met" : "NOT met"}; ` +
        `≥ 100× the CLI loop ${speedup >= 100 ? "met" : "NOT met"}`,
    );
  } finally {
    for (const client of clients) client.destroy();
    dynamodb.destroy();
    await stopProcess(child);
    await dynamo.stop();
  }
}

/** The fewest calls that read one account's NLBs: ⌈LBs/400⌉ + ⌈NLBs/20⌉ (tags) + ⌈TGs/400⌉ + one per group. */
function perAccountFloor(nlbs: number, groups: number): number {
  return Math.ceil(nlbs / 400) + Math.ceil(nlbs / 20) + Math.ceil(groups / 400) + groups;
}

/**
 * The loop a facilitator would script with the AWS CLI, timed on the first participants: assume
 * the participant's role, then with its credentials find the target group and read its health.
 */
async function awsCliLoop(endpoint: string): Promise<{ perAccountSeconds: number; version: string }> {
  const { stdout: version } = await run(AWS_CLI, ["--version"]);
  const base = {
    ...process.env,
    AWS_ACCESS_KEY_ID: MONITOR_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MONITOR_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
    AWS_PAGER: "",
  };
  // The CLI 2.9 ignores AWS_ENDPOINT_URL_*: it is given --endpoint-url.
  const aws = async (args: string[], env: NodeJS.ProcessEnv) =>
    (await run(AWS_CLI, [...args, "--endpoint-url", endpoint, "--output", "json"], { env })).stdout;
  const started = performance.now();
  for (const accountId of accountIds.slice(0, CLI_SAMPLE)) {
    const assumed = JSON.parse(
      await aws(
        [
          "sts",
          "assume-role",
          "--role-arn",
          `arn:aws:iam::${accountId}:role/TargetWatchReader`,
          "--role-session-name",
          "facilitator",
          "--external-id",
          EXTERNAL_ID,
        ],
        base,
      ),
    ) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } };
    const env = {
      ...base,
      AWS_ACCESS_KEY_ID: assumed.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: assumed.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: assumed.Credentials.SessionToken,
    };
    const groups = JSON.parse(await aws(["elbv2", "describe-target-groups"], env)) as {
      TargetGroups: { TargetGroupArn: string }[];
    };
    for (const group of groups.TargetGroups) {
      const health = JSON.parse(
        await aws(["elbv2", "describe-target-health", "--target-group-arn", group.TargetGroupArn], env),
      ) as { TargetHealthDescriptions: unknown[] };
      if (health.TargetHealthDescriptions.length !== 3)
        throw new Error(`${accountId}: ${health.TargetHealthDescriptions.length} targets, expected 3`);
    }
  }
  const perAccountSeconds = (performance.now() - started) / 1000 / CLI_SAMPLE;
  return { perAccountSeconds, version: version.split(" ")[0]?.replace("aws-cli/", "") ?? "?" };
}

/** 200 copies of a one-NLB cluster, copy n in account 210000000001 + n − 1, all healthy after a few minutes. */
async function scenarioFile(): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "tw-bench-")), "accounts-200.json");
  await writeFile(
    file,
    JSON.stringify({
      name: "bench-accounts-200",
      region: REGION,
      accountId: MONITOR,
      faults: { latencyMs: LATENCY_MS, throttle: THROTTLE },
      clusters: [
        {
          name: "participant",
          replicate: { count: ACCOUNTS, firstAccountId: String(FIRST_ACCOUNT) },
          nodes: 3,
          deployments: [{ namespace: "ui", name: "ui", replicas: 1 }],
          services: [{ namespace: "ui", name: "ui-nlb", deployment: "ui/ui", targetType: "instance" }],
        },
      ],
    }),
  );
  return file;
}

async function simControl(endpoint: string, method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${endpoint}/_sim/${path}`, { method, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} /_sim/${path}: ${res.status} ${await res.text()}`);
}

/**
 * Class benchmark: a class of 100 participants in one account doing the IP-mode walkthrough,
 * under ELBv2's default Describe* throttle (a bucket of 40 refilled at 10/s, per account and
 * region) that their 100 Load Balancer Controllers draw from too, swept by the collector at its
 * default pace. Reports each sweep's calls against the floor and its wall time against the
 * bucket's floor, the throttling it met, and the budget it kept.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { createCollector, createTable, type SweepSummary } from "@targetwatch/core";
import { DEFAULT_BURST, DEFAULT_MAX_REQUESTS_PER_SECOND } from "@targetwatch/core/adapters/elbv2";
import { startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import { loadScenarioFile } from "@targetwatch/sim";
import { startSimulatorProcess, stopProcess } from "./sim-throughput.ts";

const PARTICIPANTS = 100;
/** Participants start over ten minutes, as at a real event. */
const STAGGER_SECONDS = 6;
/** ELBv2's default Describe* bucket, as the shipped scenarios set it. */
const BUCKET = { ratePerSecond: 10, burst: 40 };
/** The collector's sweep budget (TARGETWATCH_SWEEP_BUDGET_SECONDS). */
const BUDGET_SECONDS = 50;

export async function classSweepBenchmark(): Promise<void> {
  console.log(
    `class sweep: ${PARTICIPANTS} participants in one account (scenarios/class-one-account.yaml, starting ${STAGGER_SECONDS} s apart), ` +
      `throttle ${BUCKET.ratePerSecond}/s burst ${BUCKET.burst} shared with their controllers, 20 ms latency; ` +
      `collector at its default pace ${DEFAULT_MAX_REQUESTS_PER_SECOND}/s burst ${DEFAULT_BURST}`,
  );
  console.log(" controllers as in the EKS Workshop (pods without the readiness gate: reconciles only)");
  await classRun(0, true);
  console.log(
    " controllers polling every 15 s while a pod is initial (readiness gates; the scenarios' default)",
  );
  await classRun(15, false);
}

/** One class in its own simulator and table: sweeps at 8 and 9 minutes in, and optionally when all is healthy. */
async function classRun(pollSeconds: number, steady: boolean): Promise<void> {
  const scenario = await classScenario(pollSeconds);
  const dynamo = await startDynamoDbLocal();
  const { endpoint, child } = await startSimulatorProcess(scenario);
  const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
  const dynamodb = new DynamoDBClient({ endpoint: dynamo.endpoint, region: "us-west-2", credentials });
  const elb = new ElasticLoadBalancingV2Client({
    endpoint,
    region: "us-west-2",
    credentials,
    retryMode: "adaptive",
    maxAttempts: 6,
  });
  try {
    await createTable(dynamodb, "bench-class");
    const collector = (burstIntervalSeconds: number) =>
      createCollector({
        tableName: "bench-class",
        regions: ["us-west-2"],
        dynamodb,
        elbv2ClientFor: () => elb,
        burstIntervalSeconds,
      });
    const sweep = async (label: string, atSeconds: number, burstIntervalSeconds: number) => {
      await control(endpoint, "clock/advance", {
        to: new Date(Date.parse(START) + atSeconds * 1000).toISOString(),
      });
      const before = await controllerCounters(endpoint);
      const summary = await collector(burstIntervalSeconds).sweep(Date.now() + BUDGET_SECONDS * 1000);
      const after = await controllerCounters(endpoint);
      report(label, summary, after.calls - before.calls, after.throttled - before.throttled);
      return summary;
    };
    // 8 and 9 minutes in, most participants are between the switch and the scale-out, with pod
    // targets initial; the last ones are still in instance mode.
    await sweep("mid-class, one pass (no burst)", 8 * 60, 0);
    const full = await sweep("mid-class, burst-sampling  ", 9 * 60, 5);
    if (steady) await sweep("all healthy, one pass      ", 40 * 60, 5);
    const throttlingErrors = full.errors.filter((e) => /Throttl|Rate exceeded/i.test(e));
    console.log(
      `  goals: no throttling error surfacing ${throttlingErrors.length === 0 ? "met" : "NOT met"}; ` +
        `burst-sampling sweep within its ${BUDGET_SECONDS} s budget ${full.durationMs <= (BUDGET_SECONDS + 5) * 1000 ? "met" : "NOT met"}`,
    );
  } finally {
    elb.destroy();
    dynamodb.destroy();
    await stopProcess(child);
    await dynamo.stop();
  }
}

const START = "2026-11-27T09:00:00.000Z";

/** scenarios/class-one-account.yaml with 100 participants, a fixed start, the bench's latency and the controllers' polling. */
async function classScenario(pollSeconds: number): Promise<string> {
  const shipped = await loadScenarioFile("scenarios/class-one-account.yaml");
  const scenario = {
    ...shipped,
    name: "bench-class-100",
    start: START,
    faults: { ...shipped.faults, throttle: BUCKET, latencyMs: 20 },
    controller: { ...shipped.controller, targetHealthPollSeconds: pollSeconds },
    clusters: shipped.clusters.map((c) => ({
      ...c,
      replicate: { count: PARTICIPANTS, staggerSeconds: STAGGER_SECONDS },
    })),
  };
  const file = join(await mkdtemp(join(tmpdir(), "tw-bench-")), `class-100-poll-${pollSeconds}.json`);
  await writeFile(file, JSON.stringify(scenario));
  return file;
}

function report(label: string, s: SweepSummary, controllerCalls: number, controllerThrottled: number): void {
  // The fewest calls that read every NLB: ⌈LBs/400⌉ + ⌈NLBs/20⌉ + ⌈TGs/400⌉ + one per group, once.
  const floorCalls =
    Math.ceil(s.loadBalancers / 400) +
    Math.ceil(s.loadBalancers / 20) +
    Math.ceil(s.targetGroups / 400) +
    s.targetGroups;
  const bucketFloor = Math.max(0, s.elbApiCalls - BUCKET.burst) / BUCKET.ratePerSecond;
  const paceFloor = Math.max(0, s.elbApiCalls - DEFAULT_BURST) / DEFAULT_MAX_REQUESTS_PER_SECOND;
  console.log(
    `  ${label}: ${s.loadBalancers} NLBs, ${s.targets} targets, ${s.elbApiCalls} ELBv2 calls ` +
      `(one pass ${floorCalls}; ${s.burstRounds} burst rounds), ${(s.durationMs / 1000).toFixed(1)} s ` +
      `(bucket floor ${bucketFloor.toFixed(1)} s, collector's pace floor ${paceFloor.toFixed(1)} s), ` +
      `${s.elbThrottled} throttled, ${s.errors.length} errors; controllers meanwhile ${controllerCalls} calls, ` +
      `${controllerThrottled} throttled`,
  );
  for (const error of s.errors) console.log(`    error: ${error}`);
}

async function control(endpoint: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${endpoint}/_sim/${path}`, { method: "POST", body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST /_sim/${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function controllerCounters(endpoint: string): Promise<{ calls: number; throttled: number }> {
  const { counters } = (await (await fetch(`${endpoint}/_sim/faults`)).json()) as {
    counters: { controllerCalls: number; controllerThrottled: number };
  };
  return { calls: counters.controllerCalls, throttled: counters.controllerThrottled };
}

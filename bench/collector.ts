/**
 * Collector benchmark: 1,000 NLBs × 1 target group × 3 targets in the simulator, which
 * adds 20 ms to every call and throttles Describe* at 50/s with a burst of 200 (the largest
 * published ELBv2 bucket). Reports ELBv2 calls per sweep against the floor, sweep wall time
 * against the throttle floor, DynamoDB writes of a sweep where nothing changed, and peak memory.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { createCollector, createTable, type SweepSummary } from "@targetwatch/core";
import { startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import { startSimulatorProcess, stopProcess } from "./sim-throughput.ts";

const NLBS = 1000;
const THROTTLE = { ratePerSecond: 50, burst: 200 };
/** The collector's own bucket, a little inside AWS's so it never hits it. */
const CLIENT = { maxRequestsPerSecond: 48, burst: 190, maxConcurrency: 16 };

export async function collectorBenchmark(): Promise<void> {
  console.log(
    `collector: ${NLBS} NLBs × 1 target group × 3 targets; simulator latency 20 ms, throttle ${THROTTLE.ratePerSecond}/s burst ${THROTTLE.burst}; ` +
      `collector limit ${CLIENT.maxRequestsPerSecond}/s burst ${CLIENT.burst}, ${CLIENT.maxConcurrency} in flight`,
  );
  const dir = await mkdtemp(join(tmpdir(), "tw-bench-"));
  const scenario = join(dir, "class-1000.json");
  await writeFile(
    scenario,
    JSON.stringify({
      name: "bench-1000",
      faults: { latencyMs: 20, throttle: THROTTLE },
      clusters: [
        {
          name: "p",
          replicate: { count: NLBS },
          nodes: 3,
          deployments: [{ namespace: "ui", name: "ui", replicas: 1 }],
          services: [{ namespace: "ui", name: "ui-nlb", deployment: "ui/ui", targetType: "instance" }],
        },
      ],
    }),
  );
  const dynamo = await startDynamoDbLocal();
  const { endpoint, child } = await startSimulatorProcess(scenario);
  const dynamodb = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: "us-west-2",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const elb = new ElasticLoadBalancingV2Client({
    endpoint,
    region: "us-west-2",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    retryMode: "adaptive",
    maxAttempts: 6,
  });
  try {
    // Let every target become healthy first, so the measured sweeps have nothing transitional.
    await fetch(`${endpoint}/_sim/clock/advance`, { method: "POST", body: JSON.stringify({ seconds: 600 }) });
    await createTable(dynamodb, "bench");
    const collector = createCollector({
      tableName: "bench",
      regions: ["us-west-2"],
      dynamodb,
      elbv2ClientFor: () => elb,
      ...CLIENT,
      // DynamoDB Local applies transactions one at a time, slower still when the machine is
      // busy: with 16 writes in flight the last waits well past the collector's 5 s, and the
      // first sweep would then go on without its store, which is not what is measured here.
      storeTimeoutMs: 30_000,
    });
    const floorCalls = Math.ceil(NLBS / 400) + Math.ceil(NLBS / 20) + Math.ceil(NLBS / 400) + NLBS;
    const floorSeconds = Math.max(0, floorCalls - THROTTLE.burst) / THROTTLE.ratePerSecond;
    const report = (label: string, s: SweepSummary) =>
      console.log(
        `  ${label}: ${s.elbApiCalls} ELBv2 calls (floor ${floorCalls}), ${(s.durationMs / 1000).toFixed(2)} s ` +
          `(throttle floor ${floorSeconds.toFixed(2)} s → ${(s.durationMs / 1000 / floorSeconds).toFixed(2)}×), ` +
          `${s.elbThrottled} throttled, ${s.dynamodbWrites} DynamoDB writes, ${s.transitions} transitions, ${s.errors.length} errors`,
      );
    // V8's heap in use (live objects and garbage not yet collected); what was in use before the
    // sweep (code, SDK clients, the harness) is printed too, so a heavier harness shows as such.
    const heapBefore = process.memoryUsage().heapUsed;
    let peakHeap = 0;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 20);
    const first = await collector.sweep(Date.now() + 120_000);
    clearInterval(sampler);

    report("first sweep (every NLB new)  ", first);
    console.log(
      `  peak live heap in the first sweep: ${(peakHeap / 1048576).toFixed(0)} MB ` +
        `(${(heapBefore / 1048576).toFixed(0)} MB in use when it started)`,
    );
    // Sweeps run a minute apart: AWS's bucket is full again when the next one starts.
    await new Promise((resolve) => setTimeout(resolve, (THROTTLE.burst / THROTTLE.ratePerSecond + 1) * 1000));
    const steady = await collector.sweep(Date.now() + 120_000);
    report("steady sweep (nothing changed)", steady);
    // Peak RSS of this whole process (collector and bench harness; the simulator and DynamoDB
    // Local run in their own processes), as Lambda's "Max Memory Used" would report it.
    const peakMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      `  goals: calls = floor ${steady.elbApiCalls === floorCalls ? "met" : "NOT met"}; ` +
        `wall ≤ 1.25× ${steady.durationMs / 1000 <= 1.25 * floorSeconds ? "met" : "NOT met"}; ` +
        `no throttling surfacing ${steady.errors.length === 0 ? "met" : "NOT met"}; ` +
        `writes ≤ 1 per workshop ${steady.dynamodbWrites <= 1 ? "met" : "NOT met"}; ` +
        `peak memory ${peakMb.toFixed(0)} MB (goal ≤ 200 MB) ${peakMb <= 200 ? "met" : "NOT met"}`,
    );
  } finally {
    elb.destroy();
    dynamodb.destroy();
    await stopProcess(child);
    await dynamo.stop();
  }
}

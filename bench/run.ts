/**
 * `npm run bench`: performance figures for docs/benchmarks.md. Each benchmark prints what it
 * measured and the goal it is held to; figures are reported, never asserted in tests.
 *
 * Each benchmark's module is imported only when it runs: the collector's child process measures
 * its own peak heap and RSS, and must not carry the other benchmarks' dependencies (Playwright
 * alone is 27 MB of heap and 41 MB of RSS).
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { measureDescribeTargetHealth, startSimulatorProcess, stopProcess } from "./sim-throughput.ts";

const SIM_GOAL_PER_SECOND = 2000;

async function simulatorThroughput(): Promise<void> {
  console.log(
    "simulator: DescribeTargetHealth over HTTP, one-account class scenario (30 NLBs), no injected latency or throttle",
  );
  const { endpoint, child } = await startSimulatorProcess("scenarios/class-one-account.yaml");
  try {
    // The scenario throttles as AWS does; this measures the simulator itself.
    await fetch(`${endpoint}/_sim/faults`, { method: "PUT", body: "{}" });
    await measureDescribeTargetHealth(endpoint, { seconds: 1, concurrency: 16 }); // warm-up (JIT, sockets)
    for (const concurrency of [1, 16, 64]) {
      const r = await measureDescribeTargetHealth(endpoint, { seconds: 5, concurrency });
      console.log(
        `  concurrency ${String(concurrency).padStart(2)}: ${Math.round(r.perSecond)} req/s ` +
          `(p50 ${r.p50Ms.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms, ${r.requests} requests, ${r.errors} errors)` +
          (concurrency === 16
            ? `  goal ≥ ${SIM_GOAL_PER_SECOND}/s: ${r.perSecond >= SIM_GOAL_PER_SECOND ? "met" : "NOT met"}`
            : ""),
      );
    }
  } finally {
    await stopProcess(child);
  }
}

const only = process.argv[2];
if (!only || only === "sim") await simulatorThroughput();
if (!only || only === "collector") {
  if (process.env.TARGETWATCH_BENCH_CHILD) await (await import("./collector.ts")).collectorBenchmark();
  else await runInChild("collector");
}
if (!only || only === "class") {
  if (process.env.TARGETWATCH_BENCH_CHILD) await (await import("./class-sweep.ts")).classSweepBenchmark();
  else await runInChild("class");
}
if (!only || only === "accounts") {
  if (process.env.TARGETWATCH_BENCH_CHILD) await (await import("./accounts.ts")).accountsBenchmark();
  else await runInChild("accounts");
}
// In this process, with Node's default flags: the API function gets no NODE_OPTIONS.
if (!only || only === "api") await (await import("./api.ts")).apiBenchmark();
if (!only || only === "board") await (await import("./board.ts")).boardBenchmark();
if (!only || only === "dashboard") await (await import("./dashboard.ts")).dashboardBenchmark();
if (!only || only === "bundle") await (await import("./bundle/benchmark.ts")).bundleBenchmark();

/** The collector is measured in a process started with the Lambda's own Node.js flags. */
async function runInChild(name: string): Promise<void> {
  // Here, not at the top: the functions package's entry loads the API too, which the child must not.
  const { COLLECTOR_NODE_OPTIONS } = await import("@targetwatch/functions");
  const child = spawn(process.execPath, [...COLLECTOR_NODE_OPTIONS, "bench/run.ts", name], {
    stdio: "inherit",
    env: { ...process.env, TARGETWATCH_BENCH_CHILD: "1" },
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) throw new Error(`${name} benchmark failed (exit ${code})`);
}

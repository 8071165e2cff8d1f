import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDynamoDbClient, createTable, DynamoWorkshopStore } from "@targetwatch/core/adapters/dynamodb";
import { createElbv2Client } from "@targetwatch/core/adapters/elbv2";
import { createCollector, type SweepSummary, scaledClock } from "@targetwatch/core/collector";
import { DEFAULT_SWEEP_BUDGET_SECONDS, type Transition } from "@targetwatch/core/model";
import {
  type FaultConfig,
  loadScenarioFile,
  type Simulator,
  startSimulator,
  type TruthChange,
} from "@targetwatch/sim";
import { CollectorProcess, type CollectorProcessOptions } from "./collector-process.ts";
import { type Incident, incidentsFor } from "./incidents.ts";
import { OwnDynamoDb } from "./own-dynamodb.ts";

export interface SoakOptions {
  /** A scenario file, e.g. `scenarios/class-one-account.yaml` (the collector reads one account). */
  scenario: string;
  /** Simulated seconds per wall second. */
  speed: number;
  /** Simulated minutes to play. */
  minutes: number;
  /** ELBv2 faults for the whole run (wall-time throttling, latency, 5xx). */
  faults: FaultConfig;
  burstIntervalSeconds: number;
  /** ELBv2 calls per wall second each collector may start. */
  elbRate: number;
  progress: (line: string) => void;
}

/** What a soak recorded: the stored history, the truth, and what the collectors said. */
export interface SoakRun {
  start: number;
  /** The final clean sweep's start: every true change before it could have been read. */
  until: number;
  stored: Transition[];
  truth: TruthEventAt[];
  sweeps: Record<string, SweepSummary[]>;
  incidents: Incident[];
  wallSeconds: number;
  faultCounters: { requests: number; throttled: number; serverErrors: number };
}

/** The simulator's truth as `GET /_sim/truth` gives it, `at` back in epoch ms. */
export type TruthEventAt = TruthChange;

const TABLE = "targetwatch-soak";

/**
 * Plays a scenario at `speed` against collectors in child processes on the simulator's clock,
 * all writing to one DynamoDB Local of the soak's own, while incidents happen to them
 * ({@link incidentsFor}); then stops them, sweeps once more without faults, and returns what
 * was stored with the simulator's truth. Loopback only; bounded by `minutes / speed`.
 */
export async function runSoak(options: SoakOptions): Promise<SoakRun> {
  const began = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), "targetwatch-soak-"));
  const cleanup: (() => Promise<unknown>)[] = [async () => rm(dataDir, { recursive: true, force: true })];
  try {
    const dynamodb = await OwnDynamoDb.start(dataDir);
    cleanup.unshift(() => dynamodb.stop());
    const client = createDynamoDbClient({
      endpoint: dynamodb.endpoint,
      region: "us-west-2",
      credentials: LOCAL,
    });
    cleanup.unshift(async () => client.destroy());
    await createTable(client, TABLE);
    const scenario = await loadScenarioFile(options.scenario);
    const sim = await startSimulator({ scenario, speed: options.speed, faults: options.faults });
    cleanup.unshift(() => sim.stop());
    const start = sim.clock.now();
    const collectorOptions = (name: string): CollectorProcessOptions => ({
      name,
      simulatorEndpoint: sim.endpoint,
      dynamodbEndpoint: dynamodb.endpoint,
      table: TABLE,
      region: scenario.region,
      intervalSeconds: 60,
      budgetSeconds: DEFAULT_SWEEP_BUDGET_SECONDS,
      burstIntervalSeconds: options.burstIntervalSeconds,
      // Four wall seconds, however fast simulated time runs, at most half the budget: DynamoDB
      // Local answers in wall time, queues the transactions of two collectors one by one, and
      // is slow for a while after it is started again.
      storeTimeoutSeconds: Math.min(25, Math.max(5, 4 * options.speed)),
      elbRate: options.elbRate,
      elbBurst: options.elbRate,
      log: options.progress,
    });
    const incidents = incidentsFor(options.minutes * 60);
    const sweeps = await playIncidents(sim, dynamodb, incidents, collectorOptions, options);
    sim.faults.configure({});
    const until = await finalSweep(sim, client, scenario.region, options.speed);
    const store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(client), tableName: TABLE });
    const stored = await store.listTransitions("default");
    const truth = await readTruth(sim);
    return {
      start,
      until,
      stored,
      truth,
      sweeps,
      incidents,
      wallSeconds: (performance.now() - began) / 1000,
      faultCounters: { ...sim.faults.counters },
    };
  } finally {
    for (const step of cleanup) await step().catch(() => {});
  }
}

const LOCAL = { accessKeyId: "local", secretAccessKey: "local" };

/** Runs collector "a" throughout and each incident at its simulated time; returns every collector's sweeps. */
async function playIncidents(
  sim: Simulator,
  dynamodb: OwnDynamoDb,
  incidents: readonly Incident[],
  collectorOptions: (name: string) => CollectorProcessOptions,
  options: SoakOptions,
): Promise<Record<string, SweepSummary[]>> {
  const start = sim.clock.now();
  const sweeps: Record<string, SweepSummary[]> = { a: [], b: [] };
  const finished: CollectorProcess[] = [];
  let a = CollectorProcess.start(collectorOptions("a"));
  let b: CollectorProcess | undefined;
  const untilSimulated = async (seconds: number) => {
    const wallMs = (start + seconds * 1000 - sim.clock.now()) / options.speed;
    if (wallMs > 0) await sleep(wallMs);
  };
  for (const incident of incidents) {
    await untilSimulated(incident.at);
    options.progress(`t+${incident.at}s ${incident.kind} (collector a: ${a.summaries.length} sweeps so far)`);
    switch (incident.kind) {
      case "stall-store":
        dynamodb.pause();
        break;
      case "resume-store":
        dynamodb.resume();
        break;
      case "kill-store":
        await dynamodb.kill();
        break;
      case "restart-store":
        await dynamodb.restart();
        break;
      case "start-overlapping-collector":
        b = CollectorProcess.start(collectorOptions("b"));
        break;
      case "stop-overlapping-collector":
        await b?.stop();
        if (b) finished.push(b);
        b = undefined;
        break;
      case "kill-collector":
        await a.kill();
        finished.push(a);
        a = CollectorProcess.start(collectorOptions("a"));
        break;
    }
  }
  await untilSimulated(options.minutes * 60);
  await a.stop();
  await b?.stop();
  for (const collector of [...finished, a, ...(b ? [b] : [])])
    sweeps[collector.name]?.push(...collector.summaries);
  return sweeps;
}

/**
 * One sweep without faults after everything stopped: where the comparison with the truth ends.
 * It is the soak's measuring stick, not what is measured: it gets all the time it needs, and
 * is tried again (a restarted DynamoDB Local is slow for a while) until it records everything.
 */
async function finalSweep(
  sim: Simulator,
  client: DynamoDBClient,
  region: string,
  speed: number,
): Promise<number> {
  const elb = createElbv2Client(region, { endpoint: sim.endpoint, credentials: LOCAL });
  try {
    const clock = scaledClock(() => sim.clock.now(), speed);
    const collector = createCollector({
      tableName: TABLE,
      regions: [region],
      clock,
      dynamodb: client,
      elbv2ClientFor: () => elb,
      burstIntervalSeconds: 0,
      storeTimeoutMs: 30_000 * speed,
    });
    for (let attempt = 1; ; attempt++) {
      const until = clock.now();
      const summary = await collector.sweep(until + 120_000 * speed);
      const clean = summary.storeAvailable && summary.errors.length === 0 && summary.incomplete.length === 0;
      if (clean) return until;
      if (attempt === 3)
        throw new Error(
          `the final sweep could not record: ${[...summary.errors, ...summary.incomplete].join("; ")}`,
        );
    }
  } finally {
    elb.destroy();
  }
}

async function readTruth(sim: Simulator): Promise<TruthEventAt[]> {
  const response = await fetch(new URL("/_sim/truth", sim.endpoint));
  const body = (await response.json()) as { transitions: (Omit<TruthEventAt, "at"> & { at: string })[] };
  return body.transitions.map((t) => ({ ...t, at: Date.parse(t.at) }));
}

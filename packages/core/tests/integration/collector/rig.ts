import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { FaultConfig, Simulator } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import {
  elbv2ClientFor,
  SIM_REGION,
  type SimRigOptions,
  startScenarioFile,
  WORKSHOP_START,
} from "@targetwatch/testing/sim";
import { inject } from "vitest";
import { createTable, DynamoWorkshopStore } from "../../../src/adapters/dynamodb/index.ts";
import { steppedClock } from "../../../src/collector/clocks.ts";
import { type Collector, createCollector } from "../../../src/collector/create-collector.ts";
import type { Transition } from "../../../src/model/transition.ts";

export const START = WORKSHOP_START;
export const REGION = SIM_REGION;

export interface CollectorRig {
  sim: Simulator;
  tableName: string;
  /** The collectors' table, to read back what they stored. */
  store: DynamoWorkshopStore;
  /** A collector on the simulator's clock: its burst sleeps move simulated time. */
  collector(options?: { burstIntervalSeconds?: number }): Collector;
  /** Runs the scheduled sweep at each whole minute up to `minutes`, each with a 50 s budget. */
  sweepEveryMinute(collector: Collector, minutes: number): Promise<Awaited<ReturnType<Collector["sweep"]>>[]>;
  close(): Promise<void>;
}

/**
 * The simulator playing `scenario` (a file of scenarios/), a table of its own, and collectors for
 * them; `world` picks another seed or pins the timings.
 */
export async function startRig(
  scenario = "ip-mode.yaml",
  faults?: FaultConfig,
  world: Pick<SimRigOptions, "seed" | "timing"> = {},
): Promise<CollectorRig> {
  const sim = await startScenarioFile(scenario, { start: START, ...(faults ? { faults } : {}), ...world });
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const tableName = uniqueTableName("collector");
  await createTable(dynamodb, tableName);
  const elb = elbv2ClientFor(sim, { retryMode: "adaptive", maxAttempts: 6 });
  const clock = steppedClock(
    () => sim.clock.now(),
    (ms) => sim.advance(ms / 1000),
  );
  return {
    sim,
    tableName,
    store: new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName }),
    collector: (options = {}) =>
      createCollector({
        tableName,
        regions: [REGION],
        clock,
        dynamodb,
        elbv2ClientFor: () => elb,
        burstIntervalSeconds: options.burstIntervalSeconds ?? 5,
      }),
    async sweepEveryMinute(collector, minutes) {
      const summaries = [];
      for (let minute = 0; minute <= minutes; minute++) {
        sim.clock.advanceTo(START + minute * 60_000);
        summaries.push(await collector.sweep(sim.clock.now() + 59_000));
      }
      return summaries;
    },
    async close() {
      elb.destroy();
      dynamodb.destroy();
      await sim.stop();
    },
  };
}

/** A transition as a facilitator reads it: seconds from the start, what, from → to. */
export function describeTransition(t: Transition): string {
  const at = (t.at - START) / 1000;
  if (t.kind === "target")
    return `${at}s ${t.target.id.startsWith("i-") ? "instance" : "ip"} ${t.from}→${t.to}`;
  return `${at}s ${t.kind} ${t.from}→${t.to}`;
}

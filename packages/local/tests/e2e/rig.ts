import {
  type Collector,
  createCollector,
  createTable,
  type SweepSummary,
  steppedClock,
} from "@targetwatch/core";
import type { Simulator } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import {
  elbv2ClientFor,
  type SimRigOptions,
  startScenarioFile,
  startScenarioText,
  WORKSHOP_START,
} from "@targetwatch/testing/sim";
import { inject } from "vitest";
import { type LocalApi, startLocalApi } from "../../src/local-api.ts";

export const START = WORKSHOP_START;

/** The whole system on one machine: simulator, collector on the simulator's clock, DynamoDB Local, the API. */
export interface SystemRig {
  sim: Simulator;
  collector: Collector;
  api: LocalApi;
  /** Runs the scheduled sweep at whole simulated minute `minute` (with its burst sampling). */
  sweepAt(minute: number): Promise<SweepSummary>;
  get(path: string, init?: RequestInit): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * The whole system playing `scenario`, a file of the repository's scenarios/ or a scenario
 * written in the test (`{ text }`); `world` pins its timings, say.
 */
export async function startSystem(
  scenario: string | { text: string } = "ip-mode.yaml",
  world: Pick<SimRigOptions, "seed" | "timing"> = {},
): Promise<SystemRig> {
  const sim =
    typeof scenario === "string"
      ? await startScenarioFile(scenario, { start: START, ...world })
      : await startScenarioText(scenario.text, { start: START, ...world });
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const tableName = uniqueTableName("e2e");
  await createTable(dynamodb, tableName);
  const elb = elbv2ClientFor(sim);
  const now = () => sim.clock.now();
  const collector = createCollector({
    tableName,
    regions: ["us-west-2"],
    dynamodb,
    elbv2ClientFor: () => elb,
    clock: steppedClock(now, (ms) => sim.advance(ms / 1000)),
  });
  const api = await startLocalApi({ dynamodb, tableName, now, workshopCacheMs: 0, logLevel: "SILENT" });
  return {
    sim,
    collector,
    api,
    sweepAt: async (minute) => {
      sim.clock.advanceTo(START + minute * 60_000);
      return collector.sweep(sim.clock.now() + 50_000);
    },
    get: async (path, init = {}) => {
      const res = await fetch(`${api.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${api.token}`, ...(init.headers ?? {}) },
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    close: async () => {
      await api.close();
      elb.destroy();
      dynamodb.destroy();
      await sim.stop();
    },
  };
}

#!/usr/bin/env node
import { parseArgs } from "node:util";
import { loadScenarioFile, ScenarioError, startSimulator } from "@targetwatch/sim";
import { JavaNotFoundError, PortInUseError, startDynamoDbLocal } from "./dynamodb-local.ts";

const HELP = `Usage: npm start -- [options]

Runs targetwatch locally with no AWS account: DynamoDB Local and the workshop simulator playing
the IP-mode walkthrough. (The collector and the API join this stack as they land.)

Options:
  --scenario FILE   scenario to play (default scenarios/ip-mode.yaml; see docs/scenarios.md)
  --speed X         simulated seconds per real second (default 4: the walkthrough in about 2 minutes)
  -h, --help        show this help`;

async function main(): Promise<number> {
  let values: { scenario?: string; speed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: "string" },
        speed: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`start: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const speed = values.speed === undefined ? 4 : Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed)) {
    console.error(`start: --speed must be a positive number, got "${values.speed}"`);
    return 2;
  }
  const scenarioPath = values.scenario ?? "scenarios/ip-mode.yaml";
  let scenario: Awaited<ReturnType<typeof loadScenarioFile>>;
  try {
    scenario = await loadScenarioFile(scenarioPath);
  } catch (error) {
    if (error instanceof ScenarioError) {
      console.error(`start: bad scenario\n${error.message}`);
      return 1;
    }
    throw error;
  }
  let dynamodb: Awaited<ReturnType<typeof startDynamoDbLocal>>;
  try {
    dynamodb = await startDynamoDbLocal();
  } catch (error) {
    if (error instanceof JavaNotFoundError || error instanceof PortInUseError) {
      console.error(`start: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const sim = await startSimulator({ scenario, speed, log: (line) => console.log(line) });
  console.log(`DynamoDB Local:  ${dynamodb.endpoint}`);
  console.log(
    `simulator:       ${sim.endpoint} (ELBv2 + CloudWatch, scenario ${scenario.name}, ${speed}× speed)`,
  );
  console.log(`  export AWS_ENDPOINT_URL_DYNAMODB=${dynamodb.endpoint}`);
  console.log(
    `  export AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=${sim.endpoint} AWS_ENDPOINT_URL_CLOUDWATCH=${sim.endpoint}`,
  );
  console.log("Ctrl-C stops everything.");
  const stopped = await Promise.race([
    new Promise<string>((resolve) => {
      process.once("SIGINT", () => resolve("stopping"));
      process.once("SIGTERM", () => resolve("stopping"));
    }),
    dynamodb.exited.then(
      (exit) => `DynamoDB Local exited unexpectedly (code ${exit.code}, signal ${exit.signal})`,
    ),
  ]);
  console.log(stopped);
  await sim.stop();
  await dynamodb.stop();
  return stopped === "stopping" ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`start: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

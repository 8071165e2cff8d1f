#!/usr/bin/env node
import { parseArgs } from "node:util";
import { loadScenarioFile, ScenarioError } from "@targetwatch/sim";
import { JavaNotFoundError, PortInUseError } from "./dynamodb-local.ts";
import { startLocalStack } from "./local-stack.ts";

const HELP = `Usage: npm start -- [options]

Runs targetwatch on this machine with no AWS account: DynamoDB Local, the workshop simulator
playing a scenario, the collector sweeping it every simulated minute, and the API.

Options:
  --scenario FILE   scenario to play (default scenarios/ip-mode.yaml; see docs/scenarios.md)
  --speed X         simulated seconds per real second (default 4: the walkthrough in about 2 minutes)
  --port N          API port (default 3000)
  -h, --help        show this help

The API token is TARGETWATCH_API_TOKEN when set, otherwise generated and printed.`;

async function main(): Promise<number> {
  let values: { scenario?: string; speed?: string; port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: "string" },
        speed: { type: "string" },
        port: { type: "string" },
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
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`start: --port must be a port number (0–65535), got "${values.port}"`);
    return 2;
  }
  const token = process.env.TARGETWATCH_API_TOKEN;
  if (token !== undefined && token.length < 16) {
    console.error("start: TARGETWATCH_API_TOKEN must be at least 16 characters long");
    return 2;
  }
  let scenario: Awaited<ReturnType<typeof loadScenarioFile>>;
  try {
    scenario = await loadScenarioFile(values.scenario ?? "scenarios/ip-mode.yaml");
  } catch (error) {
    if (error instanceof ScenarioError) {
      console.error(`start: bad scenario\n${error.message}`);
      return 1;
    }
    throw error;
  }
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  let notified = 0;
  try {
    stack = await startLocalStack({
      scenario,
      speed,
      apiPort: port,
      ...(token ? { token } : {}),
      log: (line) => console.log(line),
      onSweep: (s) => {
        for (const n of stack?.sim.cloudwatch.notifications.slice(notified) ?? []) {
          console.log(`alarm ${n.alarmName}: ${n.oldState} → ${n.newState} (notified ${n.actionArn})`);
        }
        notified = stack?.sim.cloudwatch.notifications.length ?? notified;
        console.log(
          `sweep: ${s.loadBalancers} NLBs, ${s.targets} targets, ${s.transitions} transitions, ${s.elbApiCalls} ELBv2 calls, ${s.dynamodbWrites} writes${s.errors.length ? `, errors: ${s.errors.join("; ")}` : ""}`,
        );
      },
      onSweepError: (error) => console.error(`sweep failed: ${error.message}`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      console.error(`start: port ${port} is already in use (choose another with --port)`);
      return 1;
    }
    if (error instanceof JavaNotFoundError || error instanceof PortInUseError) {
      console.error(`start: ${error.message}`);
      return 1;
    }
    throw error;
  }
  if (!stack) return 1;
  console.log(`targetwatch API: ${stack.api.url}   token: ${stack.api.token}`);
  console.log(
    `  curl -H "Authorization: Bearer ${stack.api.token}" ${stack.api.url}/workshops/default/load-balancers`,
  );
  console.log(
    `simulator: ${stack.sim.endpoint} (scenario ${scenario.name}, ${speed}× speed)   DynamoDB Local: ${stack.dynamodb.endpoint}`,
  );
  console.log("Ctrl-C stops everything.");
  const reason = await Promise.race([
    new Promise<string>((resolve) => {
      process.once("SIGINT", () => resolve("stopping"));
      process.once("SIGTERM", () => resolve("stopping"));
    }),
    stack.dynamodb.exited.then(
      (exit) => `DynamoDB Local exited unexpectedly (code ${exit.code}, signal ${exit.signal})`,
    ),
  ]);
  console.log(reason);
  await stack.stop();
  return reason === "stopping" ? 0 : 1;
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

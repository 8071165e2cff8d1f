#!/usr/bin/env node
import { parseArgs } from "node:util";
import { loadScenarioFile, ScenarioError } from "./scenario/load.ts";
import type { Scenario } from "./scenario/schema.ts";
import { type Simulator, startSimulator } from "./simulator.ts";

const HELP = `Usage: npm run sim -- [options]

Runs the targetwatch workshop simulator: a local ELBv2 and STS (awsQuery) and CloudWatch
(awsJson1_0) endpoint that plays a scenario, with an AWS account per participant when the
scenario has them. Point any AWS client at it with
  AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=<endpoint> AWS_ENDPOINT_URL_CLOUDWATCH=<endpoint>
  AWS_ENDPOINT_URL_STS=<endpoint>

Options:
  --scenario FILE   YAML or JSON scenario (docs/scenarios.md); default: an empty world
  --speed X         simulated seconds per real second, e.g. 20 plays a 10-minute walkthrough
                    in 30 s (default 1); 0 stops the clock: simulated time then moves only
                    through POST /_sim/clock/advance
  --port N          port to listen on (default: a free port)
  --host ADDR       address to bind (default 127.0.0.1)
  --quiet           do not print what happens in the world
  -h, --help        show this help

Control API (docs/simulator.md): GET <endpoint>/_sim/clock, POST /_sim/clock/advance,
GET /_sim/world, POST /_sim/steps, GET /_sim/truth, GET|PUT /_sim/faults, GET /_sim/notifications,
GET /_sim/accounts, GET /_sim/accounts/{id}/credentials, PUT /_sim/accounts/role,
PUT|DELETE /_sim/accounts/{id}/role`;

interface CliOptions {
  scenario?: Scenario;
  speed: number;
  port?: number;
  host?: string;
  quiet: boolean;
}

async function main(): Promise<number> {
  const options = await parseOptions();
  if (typeof options === "number") return options;
  const sim = await start(options);
  if (typeof sim === "number") return sim;
  const participants = sim.accounts.directory.list().length - 1;
  console.log(
    `targetwatch simulator ready at ${sim.endpoint} — ELBv2 + CloudWatch + STS, region ${sim.region}, ` +
      `scenario ${options.scenario?.name ?? "(empty)"}, ` +
      (options.speed === 0 ? "clock stopped (POST /_sim/clock/advance moves it)" : `speed ${options.speed}×`),
  );
  console.log(
    `  monitor account ${sim.accounts.directory.monitorId}` +
      (participants > 0
        ? `, ${participants} participant account${participants > 1 ? "s" : ""} (GET /_sim/accounts)`
        : ""),
  );
  console.log(
    `  export AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2=${sim.endpoint} AWS_ENDPOINT_URL_CLOUDWATCH=${sim.endpoint} AWS_ENDPOINT_URL_STS=${sim.endpoint}`,
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await sim.stop();
  return 0;
}

/** The command line, checked, with the scenario loaded; an exit code when there is nothing to run. */
async function parseOptions(): Promise<CliOptions | number> {
  let values: {
    scenario?: string;
    speed?: string;
    port?: string;
    host?: string;
    quiet?: boolean;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: "string" },
        speed: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`sim: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!(speed >= 0) || !Number.isFinite(speed)) {
    console.error(`sim: --speed must be a number ≥ 0, got "${values.speed}"`);
    return 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    console.error(`sim: --port must be a port number (0–65535), got "${values.port}"`);
    return 2;
  }
  let scenario: Scenario | undefined;
  try {
    scenario = values.scenario ? await loadScenarioFile(values.scenario) : undefined;
  } catch (error) {
    if (error instanceof ScenarioError) {
      console.error(`sim: bad scenario\n${error.message}`);
      return 1;
    }
    throw error;
  }
  return {
    ...(scenario ? { scenario } : {}),
    speed,
    ...(port !== undefined ? { port } : {}),
    ...(values.host ? { host: values.host } : {}),
    quiet: values.quiet ?? false,
  };
}

/** The running simulator, or exit code 1 with a one-line reason when it cannot listen. */
async function start(options: CliOptions): Promise<Simulator | number> {
  const { scenario, speed, port, host } = options;
  try {
    return await startSimulator({
      ...(scenario ? { scenario } : {}),
      speed,
      ...(port !== undefined ? { port } : {}),
      ...(host ? { host } : {}),
      ...(options.quiet ? {} : { log: (line: string) => console.log(line) }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      console.error(
        `sim: port ${port} is already in use (choose another with --port, or omit it for a free one)`,
      );
      return 1;
    }
    if (code === "EACCES" || code === "EADDRNOTAVAIL") {
      console.error(`sim: cannot listen on ${host ?? "127.0.0.1"}:${port} (${code})`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`sim: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

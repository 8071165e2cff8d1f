#!/usr/bin/env node
import { parseArgs } from "node:util";
import type { SweepSummary } from "@targetwatch/core/collector";
import { REGION_PATTERN } from "@targetwatch/core/model";
import { JavaNotFoundError, PortInUseError } from "@targetwatch/dynamodb-local";
import { loadScenarioFile, ScenarioError } from "@targetwatch/sim";
import { joinNegativeValues, npmTookOptions, START_OPTIONS } from "./cli-args.ts";
import { RecentEvents } from "./live-view-recent.ts";
import { LiveView } from "./live-view-terminal.ts";
import {
  type LocalStack,
  type LocalStackOptions,
  NoCredentialsError,
  startLocalStack,
} from "./local-stack.ts";
import { DataDirInUseError, lockDataDir, openRunData, type RunData } from "./run-data.ts";

const HELP = `Usage: npm start -- [options]

Runs targetwatch on this machine with no AWS account: DynamoDB Local, the workshop simulator
playing a scenario, the collector sweeping it every (simulated) minute, and the API on
http://127.0.0.1:3000. A live view shows every NLB; Ctrl-C stops everything.

Options:
  --scenario FILE   scenario to play (default scenarios/ip-mode.yaml; see docs/scenarios.md)
  --speed X         simulated seconds per real second (default 4: the walkthrough in about 2 minutes)
  --port N          API port (default 3000)
  --region R        region of the simulated world (default: the scenario's), or to read with --aws
                    (default AWS_REGION, else us-west-2)
  --data-dir DIR    where DynamoDB Local keeps its data. Simulated, every run is its own world:
                    its data goes to a fresh DIR/runs/<id> (default DIR: .data), removed when the
                    run ends. With --aws, the data stays in DIR across runs (default .data/dynamodb)
  --keep-data       simulated: keep this run's data directory when it ends (and print where)
  --in-memory       keep DynamoDB Local's data in memory only
  --aws             read real ELBv2 through the default credential chain (or whatever
                    AWS_ENDPOINT_URL_* point at) instead of the simulator; DynamoDB stays local
                    unless AWS_ENDPOINT_URL_DYNAMODB is set; no metrics or alarms are created
                    unless AWS_ENDPOINT_URL_CLOUDWATCH is set
  --plain           plain log lines even on a terminal (the default when output is not a terminal)
  -h, --help        show this help

The API token is TARGETWATCH_API_TOKEN when set (16+ characters), otherwise generated and printed,
with the dashboard's link (http://127.0.0.1:<port>/#token=<token>).`;

interface Options {
  scenario: string;
  speed: number;
  port: number;
  region?: string;
  /** With --aws the data directory; simulated, the directory holding each run's own. */
  dataDir?: string;
  keepData: boolean;
  aws: boolean;
  plain: boolean;
}

function parse(): Options | number {
  const argv = process.argv.slice(2);
  const npmMistake = npmTookOptions(argv);
  if (npmMistake) return fail(npmMistake, 2);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv),
      options: START_OPTIONS,
    }));
  } catch (error) {
    return fail(`${(error as Error).message} (see --help)`, 2);
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const speed = values.speed === undefined ? 4 : Number(values.speed);
  if (!(speed > 0) || !Number.isFinite(speed))
    return fail(`--speed must be a positive number, got "${values.speed}"`, 2);
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return fail(`--port must be a port number (0–65535), got "${values.port}"`, 2);
  const region = values.region as string | undefined;
  if (region !== undefined && !REGION_PATTERN.test(region))
    return fail(`--region must be an AWS region such as us-west-2, got "${region}"`, 2);
  if (values["in-memory"] && values["data-dir"])
    return fail("--in-memory and --data-dir exclude each other", 2);
  if (values.aws && (values.scenario || values.speed))
    return fail("--aws reads real AWS: --scenario and --speed do not apply", 2);
  if (values["keep-data"] && (values.aws || values["in-memory"]))
    return fail(
      "--keep-data keeps a simulated run's data directory: --aws always keeps its data, --in-memory has none",
      2,
    );
  return {
    scenario: (values.scenario as string | undefined) ?? "scenarios/ip-mode.yaml",
    speed,
    port,
    ...(region ? { region } : {}),
    ...(values["in-memory"]
      ? {}
      : { dataDir: (values["data-dir"] as string | undefined) ?? (values.aws ? ".data/dynamodb" : ".data") }),
    keepData: values["keep-data"] === true,
    aws: values.aws === true,
    plain: values.plain === true || !process.stdout.isTTY,
  };
}

function fail(message: string, code: number): number {
  console.error(`start: ${message}`);
  return code;
}

async function main(): Promise<number> {
  const options = parse();
  if (typeof options === "number") return options;
  const token = process.env.TARGETWATCH_API_TOKEN;
  if (token !== undefined && token.length < 16)
    return fail("TARGETWATCH_API_TOKEN must be at least 16 characters long", 2);
  const source = await sourceOf(options);
  if (typeof source === "number") return source;
  const data = await claimData(options);
  if (typeof data === "number") return data;
  const started = await startWithLiveView(options, source, token, data);
  if (typeof started === "number") return started;
  const { stack, view } = started;

  printWelcome(stack, options, data);
  view.start();
  const reason = await stopReason(stack);
  // A draw in progress reads DynamoDB Local: let it finish before the stack stops under it.
  await view.stop();
  console.log(reason);
  await stack.stop();
  await data.unlock?.();
  const kept = await data.runData?.finish(options.keepData);
  if (kept) console.log(`this run's data is kept in ${kept}`);
  return reason === "stopping" ? 0 : 1;
}

type Source = LocalStackOptions["source"];

/** What the stack watches: real AWS, or the simulator playing the scenario (an exit code if it is bad). */
async function sourceOf(options: Options): Promise<Source | number> {
  if (options.aws) return { kind: "aws", region: options.region ?? process.env.AWS_REGION ?? "us-west-2" };
  try {
    const scenario = await loadScenarioFile(options.scenario);
    return {
      kind: "simulator",
      scenario: options.region ? { ...scenario, region: options.region } : scenario,
      speed: options.speed,
    };
  } catch (error) {
    if (error instanceof ScenarioError)
      return fail(`bad scenario: ${error.message.split("\n").join("; ")}`, 1);
    throw error;
  }
}

/** Where DynamoDB Local keeps this run's data, and how to give it back when the run ends. */
interface DataClaim {
  dataDir: string | undefined;
  /** Simulated runs only: the run's own directory. */
  runData: RunData | undefined;
  /** With --aws only: the lock on the shared directory. */
  unlock: (() => Promise<void>) | undefined;
}

async function claimData(options: Options): Promise<DataClaim | number> {
  // Simulated, a fresh database per run; against AWS, the history carries over.
  const runData = options.dataDir && !options.aws ? await openRunData(options.dataDir) : undefined;
  const dataDir = runData?.dir ?? options.dataDir;
  if (!(options.aws && dataDir)) return { dataDir, runData, unlock: undefined };
  try {
    return { dataDir, runData, unlock: await lockDataDir(dataDir) };
  } catch (error) {
    if (error instanceof DataDirInUseError) return fail(error.message, 1);
    throw error;
  }
}

/** Starts the stack with every log line and sweep noted in the live view (an exit code if it cannot start). */
async function startWithLiveView(
  options: Options,
  source: Source,
  token: string | undefined,
  data: DataClaim,
): Promise<{ stack: LocalStack; view: LiveView } | number> {
  const recent = new RecentEvents();
  let stack: LocalStack | undefined;
  let notified = 0;
  const view = new LiveView(() => stack, recent, options.plain);
  const note = (line: string) => {
    recent.add(line, stack ? stack.now() : Date.now());
    if (options.plain) console.log(line);
    else view.schedule();
  };
  try {
    stack = await startLocalStack({
      source,
      apiPort: options.port,
      ...(token ? { token } : {}),
      ...(data.dataDir ? { dataDir: data.dataDir } : {}),
      log: note,
      onSweep: (s) => {
        for (const n of stack?.sim?.cloudwatch.notifications.slice(notified) ?? []) {
          note(`alarm ${n.alarmName}: ${n.oldState} → ${n.newState} (notified ${n.actionArn})`);
        }
        notified = stack?.sim?.cloudwatch.notifications.length ?? notified;
        note(sweepLine(s));
        view.schedule(true);
      },
      onSweepError: (error) => note(`sweep failed: ${error.message}`),
    });
  } catch (error) {
    await data.runData?.finish(false);
    await data.unlock?.();
    return startFailure(error, options.port);
  }
  return { stack, view };
}

/** The exit code for a stack that could not start for a reason the user can fix; anything else is rethrown. */
function startFailure(error: unknown, port: number): number {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return fail(`port ${port} is already in use (choose another with --port)`, 1);
  if (
    error instanceof JavaNotFoundError ||
    error instanceof PortInUseError ||
    error instanceof NoCredentialsError
  ) {
    return fail(error.message, 1);
  }
  throw error;
}

function printWelcome(stack: LocalStack, options: Options, data: DataClaim): void {
  const watched = stack.sim
    ? `simulator ${stack.sim.endpoint} (${options.scenario}, ${options.speed}× speed)`
    : `AWS ELBv2 in ${stack.region}`;
  console.log(`targetwatch API: ${stack.api.url}   token: ${stack.api.token}`);
  // The token rides in the fragment, which browsers never send: the page keeps it and drops it from the address bar.
  console.log(`  dashboard: ${stack.api.url}/#token=${encodeURIComponent(stack.api.token)}`);
  console.log(
    `  curl -H "Authorization: Bearer ${stack.api.token}" ${stack.api.url}/workshops/default/load-balancers`,
  );
  console.log(
    `watching ${watched}; DynamoDB ${stack.dynamodbEndpoint}${dataDescription(stack, data.dataDir, data.runData !== undefined)}`,
  );
  console.log("Ctrl-C stops everything.");
}

/** Resolves on Ctrl-C or SIGTERM ("stopping"), or with why DynamoDB Local died under the stack. */
function stopReason(stack: LocalStack): Promise<string> {
  return Promise.race([
    new Promise<string>((resolve) => {
      // `on`, not `once`: a second Ctrl-C (npm forwards one too) must not kill the clean-up halfway.
      process.on("SIGINT", () => resolve("stopping"));
      process.on("SIGTERM", () => resolve("stopping"));
    }),
    ...(stack.dynamodb
      ? [
          stack.dynamodb.exited.then(
            (exit) => `DynamoDB Local exited unexpectedly (code ${exit.code}, signal ${exit.signal})`,
          ),
        ]
      : []),
  ]);
}

function dataDescription(stack: LocalStack, dataDir: string | undefined, perRun: boolean): string {
  if (!stack.dynamodb) return "";
  if (!dataDir) return " (in memory)";
  return perRun ? ` (this run's own data in ${dataDir})` : ` (data in ${dataDir})`;
}

function sweepLine(s: SweepSummary): string {
  return (
    `sweep: ${s.loadBalancers} NLBs, ${s.targets} targets, ${s.transitions} transitions, ` +
    `${s.elbApiCalls} ELBv2 calls, ${s.dynamodbWrites} writes${s.errors.length ? `, errors: ${s.errors.join("; ")}` : ""}`
  );
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

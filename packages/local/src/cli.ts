#!/usr/bin/env node
import { parseArgs } from "node:util";
import type { SweepSummary } from "@targetwatch/core/collector";
import { REGION_PATTERN } from "@targetwatch/core/model";
import { JavaNotFoundError, PortInUseError } from "@targetwatch/dynamodb-local";
import { loadScenarioFile, ScenarioError } from "@targetwatch/sim";
import { type DashboardData, renderDashboard } from "./live-view.ts";
import { type LocalStack, NoCredentialsError, startLocalStack } from "./local-stack.ts";

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
  --data-dir DIR    where DynamoDB Local keeps its data (default .data/dynamodb)
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
  dataDir?: string;
  aws: boolean;
  plain: boolean;
}

function parse(): Options | number {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: "string" },
        speed: { type: "string" },
        port: { type: "string" },
        region: { type: "string" },
        "data-dir": { type: "string" },
        "in-memory": { type: "boolean" },
        aws: { type: "boolean" },
        plain: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
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
  return {
    scenario: (values.scenario as string | undefined) ?? "scenarios/ip-mode.yaml",
    speed,
    port,
    ...(region ? { region } : {}),
    ...(values["in-memory"]
      ? {}
      : { dataDir: (values["data-dir"] as string | undefined) ?? ".data/dynamodb" }),
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

  let source: Parameters<typeof startLocalStack>[0]["source"];
  if (options.aws) {
    source = { kind: "aws", region: options.region ?? process.env.AWS_REGION ?? "us-west-2" };
  } else {
    try {
      const scenario = await loadScenarioFile(options.scenario);
      source = {
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

  const recent: string[] = [];
  const note = (line: string) => {
    recent.push(line);
    if (recent.length > 8) recent.shift();
    if (options.plain) console.log(line);
    else view.schedule();
  };
  let stack: LocalStack | undefined;
  let notified = 0;
  const view = new LiveView(() => stack, recent, options.plain);
  try {
    stack = await startLocalStack({
      source,
      apiPort: options.port,
      ...(token ? { token } : {}),
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
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
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      return fail(`port ${options.port} is already in use (choose another with --port)`, 1);
    if (
      error instanceof JavaNotFoundError ||
      error instanceof PortInUseError ||
      error instanceof NoCredentialsError
    ) {
      return fail(error.message, 1);
    }
    throw error;
  }

  const source_ = stack.sim
    ? `simulator ${stack.sim.endpoint} (${options.scenario}, ${options.speed}× speed)`
    : `AWS ELBv2 in ${stack.region}`;
  console.log(`targetwatch API: ${stack.api.url}   token: ${stack.api.token}`);
  // The token rides in the fragment, which browsers never send: the page keeps it and drops it from the address bar.
  console.log(`  dashboard: ${stack.api.url}/#token=${encodeURIComponent(stack.api.token)}`);
  console.log(
    `  curl -H "Authorization: Bearer ${stack.api.token}" ${stack.api.url}/workshops/default/load-balancers`,
  );
  console.log(
    `watching ${source_}; DynamoDB ${stack.dynamodbEndpoint}${options.dataDir && stack.dynamodb ? ` (data in ${options.dataDir})` : ""}`,
  );
  console.log("Ctrl-C stops everything.");
  view.start();

  const reason = await Promise.race([
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
  // A draw in progress reads DynamoDB Local: let it finish before the stack stops under it.
  await view.stop();
  console.log(reason);
  await stack.stop();
  return reason === "stopping" ? 0 : 1;
}

function sweepLine(s: SweepSummary): string {
  return (
    `sweep: ${s.loadBalancers} NLBs, ${s.targets} targets, ${s.transitions} transitions, ` +
    `${s.elbApiCalls} ELBv2 calls, ${s.dynamodbWrites} writes${s.errors.length ? `, errors: ${s.errors.join("; ")}` : ""}`
  );
}

/**
 * The terminal view: redrawn in place on a terminal when sweeps land (and every second for the
 * clock); in plain mode, one summary line per NLB after each sweep instead.
 */
class LiveView {
  readonly #stack: () => LocalStack | undefined;
  readonly #recent: string[];
  readonly #plain: boolean;
  #timer: NodeJS.Timeout | undefined;
  #drawing = false;
  #again = false;
  #pendingSummary = false;
  #stopped = false;
  #drawn: Promise<void> = Promise.resolve();

  constructor(stack: () => LocalStack | undefined, recent: string[], plain: boolean) {
    this.#stack = stack;
    this.#recent = recent;
    this.#plain = plain;
  }

  start(): void {
    if (!this.#plain) {
      this.#timer = setInterval(() => this.schedule(), 1000);
      this.#timer.unref();
    }
  }

  /** Stops drawing; resolves once a draw in progress (which reads the stack) has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#drawn;
  }

  /** Redraws soon (coalescing bursts of events); `sweep` also prints the plain summary. */
  schedule(sweep = false): void {
    if (this.#stopped) return;
    if (sweep) this.#pendingSummary = true;
    if (this.#drawing) {
      // What the draw in progress read may predate this event: draw again once it is done.
      this.#again = true;
      return;
    }
    this.#drawing = true;
    this.#drawn = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#draw())
      .catch((error: unknown) => {
        if (this.#plain) console.error(`view: ${(error as Error).message}`);
      })
      .finally(() => {
        this.#drawing = false;
        if (this.#again) {
          this.#again = false;
          this.schedule();
        }
      });
  }

  async #draw(): Promise<void> {
    const stack = this.#stack();
    if (!stack || this.#stopped) return;
    if (this.#plain && !this.#pendingSummary) return;
    this.#pendingSummary = false;
    const data = await dashboardData(stack, this.#recent);
    if (this.#plain) {
      for (const { workshop, loadBalancers } of data.workshops) {
        for (const lb of loadBalancers) {
          const states = Object.entries(lb.targetsByState)
            .filter(([, n]) => n > 0)
            .map(([s, n]) => `${n} ${s}`);
          const tth = lb.targets.flatMap((t) =>
            t.timeToHealthySeconds === null ? [] : [Math.round(t.timeToHealthySeconds)],
          );
          console.log(
            `  ${workshop.id} ${lb.name}: cluster ${lb.cluster ?? "-"}, service ${lb.service ?? "-"}, mode ${lb.mode}, ` +
              `targets ${states.join(", ") || "none"}, time to healthy ${tth.length ? `${tth.join("/")} s` : "-"}, ` +
              `stuck ${lb.stuck}, alarm ${workshop.alarm?.state ?? "none"}`,
          );
        }
      }
      return;
    }
    process.stdout.write(`\x1b[H\x1b[2J${renderDashboard(data, process.stdout.columns ?? 110)}`);
  }
}

async function dashboardData(stack: LocalStack, recent: string[]): Promise<DashboardData> {
  const { queries } = stack.api;
  const workshops = await queries.listWorkshops();
  return {
    now: stack.now(),
    ...(stack.sim ? { elapsedSeconds: (stack.now() - stack.sim.start) / 1000 } : {}),
    apiUrl: stack.api.url,
    token: stack.api.token,
    recent: [...recent],
    workshops: await Promise.all(
      workshops.map(async (workshop) => {
        const page = await queries.listLoadBalancers(workshop.id, { limit: 100 });
        // Targets (for time to healthy) of the first 50; a class larger than that shows counts only.
        const details = await Promise.all(
          page.items.slice(0, 50).map((lb) => queries.getLoadBalancer(workshop.id, lb.name, lb.region)),
        );
        const loadBalancers = page.items.map((lb, i) => details[i] ?? { ...lb, targets: [] });
        return { workshop, stats: await queries.stats(workshop.id), loadBalancers };
      }),
    ),
  };
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

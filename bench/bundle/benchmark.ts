/**
 * `npm run bench -- bundle`: each handler bundled as `sst deploy` bundles it, next to its anchor
 * (the SDK clients it needs and nothing else), built and measured in the same run.
 *
 * For each bundle: the bytes a cold start loads (entry file and the chunks it imports
 * statically) and the whole package, the largest contributors, and, in a fresh Node.js process
 * per measurement (./cold-start.ts), the `import()` time and the first request's time (import
 * plus one invocation, with every cache cold) against DynamoDB Local, and for the collector and
 * its anchor the simulator's ELBv2 and CloudWatch. Rounds run the four bundles in a shuffled
 * order so that the machine's drift hits them alike; the spread between rounds is the noise.
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createTable } from "@targetwatch/core/adapters/dynamodb";
import { startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import { COLLECTOR_NODE_OPTIONS } from "@targetwatch/functions/definitions";
import { startSimulator, VirtualClock } from "@targetwatch/sim";
import { BUNDLES, type BuiltBundle, type BundleName, buildBundle } from "./bundles.ts";
import { REGION, seedBundleBenchmark, WORKSHOP_ID } from "./seed.ts";

const ROUNDS = Number(process.env.TARGETWATCH_BENCH_ROUNDS ?? 15);
const TABLE = "bench-bundle";
/** The collector's own table: its sweep of the empty world would delete the API's NLBs. */
const COLLECTOR_TABLE = "bench-bundle-collector";
const TOKEN = "bench-token-0123456789abcdef";
const GOALS = { loaded: 1.3, importMs: 1.3, firstRequestMs: 1.5 };
const PAIRS: [BundleName, BundleName][] = [
  ["api", "anchorA"],
  ["collector", "anchorC"],
];

interface ColdStart {
  importMs: number;
  firstRequestMs: number;
  importCpuMs: number;
  firstRequestCpuMs: number;
}

export async function bundleBenchmark(): Promise<void> {
  const built = new Map<BundleName, BuiltBundle>();
  for (const name of Object.keys(BUNDLES) as BundleName[]) built.set(name, await buildBundle(name));
  printSizes(built);

  const dynamodbLocal = await startDynamoDbLocal();
  const sim = await startSimulator({ clock: VirtualClock.manual({ start: Date.now() }) });
  try {
    const dynamodb = new DynamoDBClient({
      endpoint: dynamodbLocal.endpoint,
      region: REGION,
      credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    });
    await seedBundleBenchmark(dynamodb, TABLE);
    await createTable(dynamodb, COLLECTOR_TABLE);
    dynamodb.destroy();
    const env = functionEnvironment(dynamodbLocal.endpoint, sim.endpoint);
    const samples = new Map<BundleName, ColdStart[]>([...built.keys()].map((name) => [name, []]));
    // One round unmeasured: the first processes pay for the file system cache and DynamoDB Local's JIT.
    for (let round = -1; round < ROUNDS; round++) {
      for (const name of shuffled([...built.keys()])) {
        const sample = await coldStart(built.get(name) as BuiltBundle, env);
        if (round >= 0) samples.get(name)?.push(sample);
      }
    }
    printColdStarts(samples);
  } finally {
    await sim.stop();
    await dynamodbLocal.stop();
  }
}

/** What the deployed functions get from SST and Lambda, pointed at the local stand-ins. */
function functionEnvironment(dynamodbEndpoint: string, simEndpoint: string): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _ignored, ...inherited } = process.env;
  return {
    PATH: inherited.PATH,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2: simEndpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: simEndpoint,
    SST_RESOURCE_App: JSON.stringify({ name: "targetwatch", stage: "bench" }),
    SST_RESOURCE_Table: JSON.stringify({ name: TABLE }),
    SST_RESOURCE_ApiToken: JSON.stringify({ value: TOKEN }),
    SST_RESOURCE_Alarms: JSON.stringify({ arn: `arn:aws:sns:${REGION}:123456789012:bench-Alarms` }),
    TARGETWATCH_ALARM_PREFIX: "targetwatch-bench-",
    TARGETWATCH_REGIONS: REGION,
    TARGETWATCH_CORS_ORIGINS: "",
    // The sweep of an empty world ends at once; no burst sampling to wait for.
    TARGETWATCH_BURST_INTERVAL_SECONDS: "0",
    POWERTOOLS_LOG_LEVEL: "WARN",
  };
}

/** The API's cold request: a page of the workshop's NLBs. The collector's: one scheduled sweep. */
function eventFor(name: BundleName): unknown {
  if (name === "collector" || name === "anchorC") {
    return { "detail-type": "Scheduled Event", source: "aws.scheduler", time: new Date().toISOString() };
  }
  const rawPath = `/workshops/${WORKSHOP_ID}/load-balancers`;
  return {
    version: "2.0",
    routeKey: "GET /workshops/{id}/load-balancers",
    rawPath,
    rawQueryString: "limit=50",
    headers: { authorization: `Bearer ${TOKEN}`, host: "bench.execute-api" },
    queryStringParameters: { limit: "50" },
    pathParameters: { id: WORKSHOP_ID },
    requestContext: {
      accountId: "123456789012",
      apiId: "bench",
      domainName: "bench.execute-api",
      domainPrefix: "bench",
      http: { method: "GET", path: rawPath, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "bench" },
      requestId: "bench",
      routeKey: "GET /workshops/{id}/load-balancers",
      stage: "$default",
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

async function coldStart(bundle: BuiltBundle, env: NodeJS.ProcessEnv): Promise<ColdStart> {
  const collectorSide = bundle.name === "collector" || bundle.name === "anchorC";
  const child = fork(new URL("./cold-start.ts", import.meta.url), [bundle.entry], {
    // Both collector-side bundles run with the collector function's Node flags, as deployed.
    execArgv: collectorSide ? [...COLLECTOR_NODE_OPTIONS] : [],
    env: {
      ...env,
      ...(collectorSide ? { SST_RESOURCE_Table: JSON.stringify({ name: COLLECTOR_TABLE }) } : {}),
      BENCH_EVENT: JSON.stringify(eventFor(bundle.name)),
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const [message] = (await once(child, "message")) as [ColdStart & { result: unknown }];
  await once(child, "exit");
  assertAnswered(bundle.name, message.result);
  const { result: _result, ...times } = message;
  return times;
}

/** A cold start counts only if its request did the work: 200 with the page, or a sweep without errors. */
function assertAnswered(name: BundleName, result: unknown): void {
  const r = result as { statusCode?: number; body?: string; errors?: unknown[] };
  const ok =
    name === "api" || name === "anchorA"
      ? r.statusCode === 200 &&
        (JSON.parse(r.body ?? "{}") as { loadBalancers?: unknown[] }).loadBalancers?.length === 50
      : name === "collector"
        ? Array.isArray(r.errors) && r.errors.length === 0
        : true;
  if (!ok)
    throw new Error(`${name}: the first request did not succeed: ${JSON.stringify(result).slice(0, 500)}`);
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const verdict = (ratio: number, goal: number) =>
  `${ratio.toFixed(2)}× (goal ≤ ${goal}×: ${ratio <= goal ? "met" : "NOT met"})`;

function printSizes(built: Map<BundleName, BuiltBundle>): void {
  console.log("bundle: each handler as `sst deploy` builds it (infra/bundling.ts on SST's esbuild options)");
  for (const [name, anchor] of PAIRS) {
    const b = built.get(name) as BuiltBundle;
    const a = built.get(anchor) as BuiltBundle;
    console.log(
      `  ${name}: loaded at cold start ${kb(b.loadedBytes)} vs ${anchor} ${kb(a.loadedBytes)} → ` +
        `${verdict(b.loadedBytes / a.loadedBytes, GOALS.loaded)}; whole package ${kb(b.totalBytes)} in ${b.files} files ` +
        `(${anchor}: ${kb(a.totalBytes)} in ${a.files})`,
    );
    const top = b.contributors
      .slice(0, 8)
      .map(([owner, bytes]) => `${owner} ${kb(bytes)}`)
      .join(", ");
    console.log(`    largest at cold start: ${top}`);
    const lazy = new Set(b.lazyInputs.map((input) => input.replace(/^.*node_modules\//, "")));
    const notable =
      /client-cloudwatch\/dist-es\/CloudWatchClient|openapi-document\.json|workshop-alarms|zod\/v4\/core\/schemas\.js|logger\/lib\/esm\/Logger\.js/;
    const onDemand = [...lazy].filter((input) => notable.test(input));
    if (onDemand.length > 0) console.log(`    loaded on demand only: ${onDemand.join(", ")}`);
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] as number;
}

function printColdStarts(samples: Map<BundleName, ColdStart[]>): void {
  console.log(
    `  cold starts: ${ROUNDS} fresh Node.js ${process.version} processes per bundle, shuffled per round; ` +
      "median (p10–p90) of wall-clock time, and of the CPU time the process spent",
  );
  const metrics = [
    ["import()", "importMs", "importCpuMs", GOALS.importMs],
    ["first request", "firstRequestMs", "firstRequestCpuMs", GOALS.firstRequestMs],
  ] as const;
  for (const [name, anchor] of PAIRS) {
    for (const [label, wall, cpu, goal] of metrics) {
      const of = (bundle: BundleName, key: keyof ColdStart) => (samples.get(bundle) ?? []).map((s) => s[key]);
      const range = (v: number[]) =>
        `${quantile(v, 0.5).toFixed(1)} ms (${quantile(v, 0.1).toFixed(1)}–${quantile(v, 0.9).toFixed(1)})`;
      const ratio = (key: keyof ColdStart) => quantile(of(name, key), 0.5) / quantile(of(anchor, key), 0.5);
      console.log(
        `  ${name} ${label}: wall ${range(of(name, wall))} vs ${anchor} ${range(of(anchor, wall))} → ` +
          `${verdict(ratio(wall), goal)}; CPU ${range(of(name, cpu))} vs ${range(of(anchor, cpu))} → ${ratio(cpu).toFixed(2)}×`,
      );
    }
  }
}

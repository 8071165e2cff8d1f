/**
 * API benchmark: one workshop of 500 NLBs (1,500 targets) and 20,000 transitions in
 * DynamoDB Local. For every read endpoint: DynamoDB requests per API call, cold (no workshop
 * cache) and warm (the deployed 5 s cache), against the goal of one per page of results; and the
 * middy handler's latency, called in-process with API Gateway HTTP API (2.0) events so no HTTP
 * is measured, next to the bare DynamoDB request(s) for the same items on the same
 * DocumentClient, against the goal of an overhead ≤ 1.3×.
 */
import { randomBytes } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import {
  createTable,
  DynamoWorkshopStore,
  GSI1_NAME,
  type NlbState,
  type SweepHeartbeat,
  TABLE_DEFINITION,
  type TargetRecord,
  type TargetTransition,
  type Transition,
  type Workshop,
  WorkshopQueries,
} from "@targetwatch/core";
import {
  heartbeatSk,
  NLB_SK_PREFIX,
  nlbSkPrefix,
  nlbTransitionsGsiPk,
  transitionsPk,
  WORKSHOPS_PK,
  workshopConfigSk,
  workshopPk,
} from "@targetwatch/core/dynamodb-keys";
import { startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import { type Api, createApi } from "@targetwatch/functions";
import {
  compileRoutes,
  createLambdaContext,
  matchRoute,
  type RouteTable,
  toHttpApiEvent,
} from "@targetwatch/local";
import { SeededRandom } from "@targetwatch/sim";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";

const PARTITION_KEY = TABLE_DEFINITION.primaryIndex.hashKey;
const SORT_KEY = TABLE_DEFINITION.primaryIndex.rangeKey;
const GSI1_PARTITION_KEY = TABLE_DEFINITION.globalIndexes[GSI1_NAME].hashKey;

const NLBS = 500;
const TARGETS_PER_NLB = 3;
const TRANSITIONS_PER_NLB = 40;
const WORKSHOP_ID = "reinvent-2026-con301";
const REGION = "us-west-2";
const ACCOUNT = "123456789012";
const TABLE = "bench-api";
/** Transactions in flight while seeding (DynamoDB Local applies them one at a time anyway). */
const SEED_CONCURRENCY = 8;
const WARMUP_ROUNDS = 30;
const ROUNDS = 200;
/** `stats` reads all 500 NLBs (~80 ms a call on DynamoDB Local): fewer rounds keep the bench to a few minutes. */
const STATS_ROUNDS = 100;
const OVERHEAD_GOAL = 1.3;
export const TOKEN = "bench-token-0123456789abcdef";

type Sent = () => Promise<unknown>;

/** The simulator's seeded generator, so every run seeds the same data. */
const random = new SeededRandom(20261127);
const hex = (length: number) => random.hex(length);
const between = (min: number, max: number) => random.int(min, max);

const HEALTH_CHECK = {
  protocol: "TCP",
  port: "traffic-port",
  intervalSeconds: 10,
  timeoutSeconds: 10,
  healthyThreshold: 3,
  unhealthyThreshold: 3,
};

export interface SeededNlb {
  state: NlbState;
  transitions: Transition[];
}

/**
 * One participant's `ui-nlb` Service as the Load Balancer Controller leaves it after the lab:
 * switched from instance to ip mode, three pods registered. Its history (40 transitions over the
 * last three hours): the NLB appearing in instance mode, three instance targets registering and
 * becoming healthy, the switch (mixed, three ip targets registering and becoming healthy, the
 * instance targets draining), then ip targets flapping (pod restarts during the lab).
 */
export function seededNlb(index: number, now: number): SeededNlb {
  const name = `k8s-ui-uinlb-${hex(10)}`;
  const lbId = hex(16);
  const arn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/${name}/${lbId}`;
  const tgArn = () =>
    `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/k8s-ui-uinlb-${hex(10)}/${hex(16)}`;
  const instanceTg = tgArn();
  const ipTg = tgArn();
  const zones = ["a", "b", "c"].map((z) => `${REGION}${z}`);
  const instances = zones.map(() => `i-0${hex(16)}`);
  // One pod per zone, each from its zone's slice of the VPC.
  const ips = zones.map((_, z) => `10.42.${z * 64 + between(0, 63)}.${between(1, 254)}`);

  const start = now - 3 * 3_600_000 + between(0, 20 * 60_000);
  let at = start;
  const transitions: Transition[] = [];
  const base = () => ({ region: REGION, loadBalancerArn: arn, loadBalancerName: name });
  const step = (minSeconds: number, maxSeconds: number) => {
    at += between(minSeconds, maxSeconds) * 1000;
    return { at, observedBetween: [at - between(5, 15) * 1000, at] as [number, number] };
  };
  const target = (
    tg: string,
    id: string,
    port: number,
    from: TargetTransition["from"],
    to: TargetTransition["to"],
    seconds?: number,
    extra: { reason?: string; timeToHealthySeconds?: number } = {},
  ) => {
    const s = step(20, 90);
    transitions.push({
      kind: "target",
      ...base(),
      at: s.at,
      observedBetween: s.observedBetween,
      targetGroupArn: tg,
      target: { id, port },
      from,
      to,
      ...(seconds === undefined ? {} : { secondsInPreviousState: seconds }),
      ...extra,
    });
  };
  const mode = (from: "instance" | "mixed", to: "mixed" | "ip") => {
    const s = step(30, 120);
    transitions.push({ kind: "mode", ...base(), at: s.at, observedBetween: s.observedBetween, from, to });
  };

  transitions.push({
    kind: "loadBalancer",
    ...base(),
    at,
    observedBetween: [at - 60_000, at],
    from: "absent",
    to: "present",
    mode: "instance",
  });
  for (const id of instances) target(instanceTg, id, 30080, "unregistered", "initial");
  for (const id of instances) {
    target(instanceTg, id, 30080, "initial", "healthy", between(60, 120), {
      timeToHealthySeconds: between(60, 120),
    });
  }
  mode("instance", "mixed");
  const registeredAt: number[] = [];
  for (const ip of ips) {
    target(ipTg, ip, 8080, "unregistered", "initial", undefined, { reason: "Elb.RegistrationInProgress" });
    registeredAt.push(at);
  }
  const timeToHealthy = ips.map(() => between(45, 150));
  for (const [i, ip] of ips.entries()) {
    target(ipTg, ip, 8080, "initial", "healthy", timeToHealthy[i], {
      timeToHealthySeconds: timeToHealthy[i] as number,
    });
  }
  for (const id of instances) target(instanceTg, id, 30080, "healthy", "draining", between(600, 1200));
  for (const id of instances) target(instanceTg, id, 30080, "draining", "deregistered", 300);
  mode("mixed", "ip");
  const modeSince = at;
  // 21 so far; the rest are ip targets flapping during the lab.
  for (let i = 0; transitions.length < TRANSITIONS_PER_NLB; i++) {
    const ip = ips[i % ips.length] as string;
    if (i % 2 === 0) {
      target(ipTg, ip, 8080, "healthy", "unhealthy", between(120, 900), {
        reason: "Target.FailedHealthChecks",
      });
    } else target(ipTg, ip, 8080, "unhealthy", "healthy", between(20, 60));
  }
  if (at >= now) throw new Error(`seed data runs into the future (NLB ${index})`);

  // One NLB in ten has a pod that was just restarted and is still `initial` (some of them stuck).
  const restarting = index % 10 === 0;
  const lastSeenAt = now - between(5, 55) * 1000;
  const targets: TargetRecord[] = ips.map((ip, i) => {
    const reg = registeredAt[i] as number;
    if (restarting && i === 0) {
      const since = now - between(60, 900) * 1000;
      return {
        targetGroupArn: ipTg,
        id: ip,
        port: 8080,
        availabilityZone: zones[i] as string,
        state: "initial",
        reason: "Elb.RegistrationInProgress",
        description: "Target registration is in progress",
        since,
        lastSeenAt,
        registeredAt: since,
        registeredAfter: since - 60_000,
        notHealthySince: since,
      };
    }
    const healthyAt = reg + (timeToHealthy[i] as number) * 1000;
    return {
      targetGroupArn: ipTg,
      id: ip,
      port: 8080,
      availabilityZone: zones[i] as string,
      state: "healthy",
      since: at - between(0, 600) * 1000,
      lastSeenAt,
      registeredAt: reg,
      registeredAfter: reg - 60_000,
      healthyAt,
      timeToHealthySeconds: timeToHealthy[i] as number,
    };
  });
  const state: NlbState = {
    region: REGION,
    arn,
    name,
    dnsName: `${name}-${lbId}.elb.${REGION}.amazonaws.com`,
    scheme: "internet-facing",
    lbState: "active",
    cluster: `eks-workshop-${String(index + 1).padStart(3, "0")}`,
    service: "ui/ui-nlb",
    mode: "ip",
    modeSince,
    targetGroups: [
      {
        arn: ipTg,
        name: ipTg.split("/")[1] as string,
        targetType: "ip",
        protocol: "TCP",
        port: 8080,
        healthCheck: HEALTH_CHECK,
      },
    ],
    targets: targets.slice(0, TARGETS_PER_NLB),
    firstSeenAt: start,
    lastSeenAt,
    lastChangeAt: Math.max(...targets.map((t) => t.since)),
  };
  return { state, transitions };
}

async function seed(store: DynamoWorkshopStore, now: number): Promise<SeededNlb[]> {
  const workshop: Workshop = {
    id: WORKSHOP_ID,
    name: "re:Invent 2026 CON301: EKS Workshop",
    selector: { tags: [{ key: "elbv2.k8s.aws/cluster" }], namePrefix: "k8s-ui-", regions: [REGION] },
    stuckThresholdSeconds: 300,
    retentionDays: 30,
  };
  await store.putWorkshop(workshop);
  const nlbs = Array.from({ length: NLBS }, (_, i) => seededNlb(i, now));
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < nlbs.length) {
      const nlb = nlbs[next++] as SeededNlb;
      // 40 transitions + the state: one TransactWriteItems (≤ 100 actions).
      await store.applyUpdate(
        { workshopId: WORKSHOP_ID, next: nlb.state, transitions: nlb.transitions },
        workshop.retentionDays,
      );
      done++;
      if (done % 100 === 0) {
        console.log(
          `  seeding: ${done}/${NLBS} NLBs, ${done * TRANSITIONS_PER_NLB} transitions, ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  const targetsByState: Record<string, number> = {};
  for (const { state } of nlbs) {
    for (const t of state.targets) targetsByState[t.state] = (targetsByState[t.state] ?? 0) + 1;
  }
  const heartbeat: SweepHeartbeat = {
    workshopId: WORKSHOP_ID,
    at: now - 20_000,
    durationMs: 18_600,
    apiCalls: 530,
    errors: [],
    loadBalancers: NLBS,
    targets: NLBS * TARGETS_PER_NLB,
    targetsByState,
    stuck: nlbs.filter(({ state }) => state.targets.some((t) => now - (t.notHealthySince ?? now) > 300_000))
      .length,
    regionsObservedAt: { [REGION]: now - 20_000 },
  };
  await store.putHeartbeat(heartbeat);
  return nlbs;
}

// ---- calling the handler as API Gateway would ----

/** The event and context API Gateway would hand the API's Lambda for an authorised `GET url`. */
export function gatewayGet(
  table: RouteTable,
  url: string,
  requestId: string,
  headers: [string, string][] = [],
): { event: ReturnType<typeof toHttpApiEvent>; context: ReturnType<typeof createLambdaContext> } {
  const path = url.split("?")[0] ?? url;
  const route = matchRoute(table, "GET", path);
  if (!route) throw new Error(`no route for GET ${path}`);
  const now = new Date();
  const event = toHttpApiEvent(
    {
      method: "GET",
      url,
      headers: [
        ["Host", "a1b2c3d4e5.execute-api.us-west-2.amazonaws.com"],
        ["Authorization", `Bearer ${TOKEN}`],
        ...headers,
      ],
      body: Buffer.alloc(0),
      sourceIp: "203.0.113.7",
    },
    route,
    { stage: "$default", requestId, now, apiId: "a1b2c3d4e5", port: 443 },
  );
  const context = createLambdaContext({
    requestId,
    functionName: "targetwatch-api",
    timeoutMs: 29_000,
    region: REGION,
    accountId: ACCOUNT,
    now,
  });
  return { event, context };
}

interface ApiCall {
  path: string;
  query?: Record<string, string>;
}

function invoker(api: Api, table: RouteTable) {
  let n = 0;
  /** Builds the event and context (not timed), then returns the timed invocation. */
  return (call: ApiCall): (() => Promise<APIGatewayProxyStructuredResultV2>) => {
    const search = call.query ? `?${new URLSearchParams(call.query).toString()}` : "";
    const requestId = `bench-${++n}-${randomBytes(4).toString("hex")}`;
    const { event, context } = gatewayGet(table, `${call.path}${search}`, requestId, [
      ["User-Agent", "curl/8.5.0"],
      ["Accept", "application/json"],
    ]);
    return async () => {
      const result = (await api.handler(event, context)) as APIGatewayProxyStructuredResultV2;
      if (result.statusCode !== 200) {
        throw new Error(
          `GET ${call.path}${search} → ${result.statusCode}: ${String(result.body).slice(0, 300)}`,
        );
      }
      return result;
    };
  };
}

// ---- measuring ----

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

export interface Series {
  p50: number;
  p99: number;
}

export function summarise(samples: number[]): Series {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

export async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  return performance.now() - t0;
}

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

interface Case {
  label: string;
  call: ApiCall;
  /** Pages of results the endpoint answers with (the goal: this many DynamoDB requests). */
  pages: number;
  /** The DynamoDB request(s) reading the same items, on the same DocumentClient. */
  bare: Sent;
  /** Measured calls of each kind; {@link ROUNDS} by default. */
  rounds?: number;
}

interface CaseResult {
  label: string;
  pages: number;
  readsCold: number;
  readsWarm: number;
  readsWarmDuringRun: number;
  /** Read capacity DynamoDB reported for the warm call. */
  rcuWarm: number;
  /** Size of the warm call's JSON response. */
  responseBytes: number;
  warm: Series;
  cold: Series;
  bare: Series;
  bareCold: Series;
}

export async function apiBenchmark(): Promise<void> {
  const began = performance.now();
  console.log(
    `api: one workshop, ${NLBS} NLBs × ${TARGETS_PER_NLB} targets, ${NLBS * TRANSITIONS_PER_NLB} transitions in DynamoDB Local (in memory); ` +
      `handler called in-process with HTTP API 2.0 events, ${ROUNDS} calls per endpoint (stats ${STATS_ROUNDS}) after ${WARMUP_ROUNDS} warm-up rounds`,
  );
  const dynamo = await startDynamoDbLocal();
  const dynamodb = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: REGION,
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const doc = DynamoDBDocumentClient.from(dynamodb);
  try {
    await createTable(dynamodb, TABLE);
    const store = new DynamoWorkshopStore({ client: doc, tableName: TABLE });
    const now = Date.now();
    const seedStarted = performance.now();
    const nlbs = await seed(store, now);
    console.log(
      `  seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s with ${store.stats().writeRequests} write requests`,
    );

    const logger = new Logger({ serviceName: "targetwatch-api", logLevel: "INFO" });
    const tokenSecret = randomBytes(32).toString("hex");
    const apiWith = (workshopCacheMs?: number) =>
      createApi({
        queries: new WorkshopQueries({
          store,
          defaultRegions: [REGION],
          tokenSecret,
          ...(workshopCacheMs === undefined ? {} : { workshopCacheMs }),
        }),
        token: TOKEN,
        logger,
      });
    const warmApi = apiWith(); // as deployed: the workshop's config and heartbeat reused for 5 s
    const coldApi = apiWith(0);
    const table = compileRoutes(warmApi.routes.map((r) => `${r.method} ${r.path}`));
    const warm = invoker(warmApi, table);
    const cold = invoker(coldApi, table);

    // ---- the bare DynamoDB requests ----
    const query = (input: Omit<QueryCommandInput, "TableName">) =>
      doc.send(new QueryCommand({ TableName: TABLE, ...input, ReturnConsumedCapacity: "TOTAL" }));
    const queryAll = async (input: Omit<QueryCommandInput, "TableName">) => {
      let key: Record<string, unknown> | undefined;
      let items = 0;
      do {
        const out = await query({ ...input, ...(key ? { ExclusiveStartKey: key } : {}) });
        items += out.Items?.length ?? 0;
        key = out.LastEvaluatedKey;
      } while (key);
      return items;
    };
    const workshopBatchGet = () =>
      doc.send(
        new BatchGetCommand({
          RequestItems: {
            [TABLE]: {
              Keys: [workshopConfigSk(WORKSHOP_ID), heartbeatSk(WORKSHOP_ID)].map((sk) => ({
                [PARTITION_KEY]: WORKSHOPS_PK,
                [SORT_KEY]: sk,
              })),
            },
          },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
    const nlbPage = (exclusiveStartKey?: Record<string, unknown>): Omit<QueryCommandInput, "TableName"> => ({
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
      ExpressionAttributeValues: { ":pk": workshopPk(WORKSHOP_ID), ":prefix": NLB_SK_PREFIX },
      Limit: 50,
      ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
    });
    const transitionPage = (
      exclusiveStartKey?: Record<string, unknown>,
      loadBalancer?: string,
    ): Omit<QueryCommandInput, "TableName"> => ({
      ...(loadBalancer ? { IndexName: GSI1_NAME } : {}),
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": loadBalancer ? GSI1_PARTITION_KEY : PARTITION_KEY },
      ExpressionAttributeValues: {
        ":pk": loadBalancer ? nlbTransitionsGsiPk(WORKSHOP_ID, loadBalancer) : transitionsPk(WORKSHOP_ID),
      },
      ScanIndexForward: false,
      Limit: 100,
      ...(exclusiveStartKey ? { ExclusiveStartKey: exclusiveStartKey } : {}),
    });
    /** The `ExclusiveStartKey` of page `page` (1-based) of a bare query, and the handler's `nextToken` for the same page. */
    const laterPage = async (
      page: number,
      bareInput: (key?: Record<string, unknown>) => Omit<QueryCommandInput, "TableName">,
      call: ApiCall,
      tokenOf: (body: { nextToken?: string }) => string | undefined,
      firstOf: (body: Record<string, unknown>) => unknown,
    ) => {
      let key: Record<string, unknown> | undefined;
      let token: string | undefined;
      let firstBare: unknown;
      let firstApi: unknown;
      for (let p = 1; p <= page; p++) {
        const out = await query(bareInput(key));
        const body = JSON.parse(
          String(
            (
              await warm({
                path: call.path,
                query: { ...call.query, ...(token ? { nextToken: token } : {}) },
              })()
            ).body,
          ),
        ) as Record<string, unknown> & { nextToken?: string };
        firstBare = out.Items?.[0];
        firstApi = firstOf(body);
        if (p < page) {
          key = out.LastEvaluatedKey;
          token = tokenOf(body);
          if (!key || !token) throw new Error(`fewer than ${page} pages`);
        }
      }
      return { key: key as Record<string, unknown>, token: token as string, firstBare, firstApi };
    };

    const ws = `/workshops/${WORKSHOP_ID}`;
    const some = nlbs[137] as SeededNlb;
    const lbPage = await laterPage(
      6,
      nlbPage,
      { path: `${ws}/load-balancers`, query: { limit: "50" } },
      (b) => b.nextToken,
      (b) => (b.loadBalancers as { name: string }[])[0]?.name,
    );
    if ((lbPage.firstBare as { name?: string }).name !== lbPage.firstApi) {
      throw new Error("the bare query and the API disagree on page 6 of the load balancers");
    }
    const trPage = await laterPage(
      50,
      transitionPage,
      { path: `${ws}/transitions`, query: { limit: "100" } },
      (b) => b.nextToken,
      (b) => (b.transitions as { at: string }[])[0]?.at,
    );
    if (new Date((trPage.firstBare as { at: number }).at).toISOString() !== trPage.firstApi) {
      throw new Error("the bare query and the API disagree on page 50 of the transitions");
    }

    const cases: Case[] = [
      {
        label: "GET /workshops",
        call: { path: "/workshops" },
        pages: 1,
        bare: () =>
          queryAll({
            KeyConditionExpression: "#pk = :pk",
            ExpressionAttributeNames: { "#pk": PARTITION_KEY },
            ExpressionAttributeValues: { ":pk": WORKSHOPS_PK },
          }),
      },
      { label: "GET /workshops/{id}", call: { path: ws }, pages: 1, bare: workshopBatchGet },
      {
        label: "GET …/load-balancers?limit=50 (page 1)",
        call: { path: `${ws}/load-balancers`, query: { limit: "50" } },
        pages: 1,
        bare: () => query(nlbPage()),
      },
      {
        label: "GET …/load-balancers?limit=50 (page 6, nextToken)",
        call: { path: `${ws}/load-balancers`, query: { limit: "50", nextToken: lbPage.token } },
        pages: 1,
        bare: () => query(nlbPage(lbPage.key)),
      },
      {
        label: "GET …/load-balancers/{name}",
        call: { path: `${ws}/load-balancers/${some.state.name}` },
        pages: 1,
        bare: () =>
          query({
            KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
            ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
            ExpressionAttributeValues: {
              ":pk": workshopPk(WORKSHOP_ID),
              ":prefix": nlbSkPrefix(REGION, some.state.name),
            },
          }),
      },
      {
        label: "GET …/transitions?limit=100 (page 1)",
        call: { path: `${ws}/transitions`, query: { limit: "100" } },
        pages: 1,
        bare: () => query(transitionPage()),
      },
      {
        label: "GET …/transitions?limit=100 (page 50, nextToken)",
        call: { path: `${ws}/transitions`, query: { limit: "100", nextToken: trPage.token } },
        pages: 1,
        bare: () => query(transitionPage(trPage.key)),
      },
      {
        label: "GET …/transitions?loadBalancer=<name>&limit=100",
        call: { path: `${ws}/transitions`, query: { limit: "100", loadBalancer: some.state.name } },
        pages: 1,
        bare: () => query(transitionPage(undefined, some.state.name)),
      },
      {
        // The current NLBs only: the default scope also reads every transition of the retention window.
        label: "GET …/stats?scope=current",
        call: { path: `${ws}/stats`, query: { scope: "current" } },
        pages: 1,
        rounds: STATS_ROUNDS,
        bare: () =>
          queryAll({
            KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
            ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
            ExpressionAttributeValues: { ":pk": workshopPk(WORKSHOP_ID), ":prefix": NLB_SK_PREFIX },
            ConsistentRead: true,
          }),
      },
    ];

    // Sanity: the stats endpoint sees every NLB and target.
    const statsBody = JSON.parse(String((await warm({ path: `${ws}/stats` })()).body)) as {
      loadBalancers: number;
      targets: number;
    };
    if (statsBody.loadBalancers !== NLBS || statsBody.targets !== NLBS * TARGETS_PER_NLB) {
      throw new Error(`stats sees ${statsBody.loadBalancers} NLBs and ${statsBody.targets} targets`);
    }

    const reads = async (run: () => Promise<APIGatewayProxyStructuredResultV2>) => {
      const before = store.stats();
      const result = await run();
      const after = store.stats();
      return {
        requests: after.readRequests - before.readRequests,
        rcu: after.readCapacityUnits - before.readCapacityUnits,
        bytes: Buffer.byteLength(String(result.body)),
      };
    };

    const results: CaseResult[] = [];
    for (const c of cases) {
      const caseStarted = performance.now();
      const readsCold = (await reads(cold(c.call))).requests;
      await warm(c.call)(); // fills the workshop cache
      const warmCall = await reads(warm(c.call));
      const readsWarm = warmCall.requests;
      // What the cold handler reads besides the page: the workshop's BatchGet (none for GET /workshops).
      const extraColdReads = readsCold - readsWarm;
      const bareCold: Sent =
        extraColdReads > 0 && c.bare !== workshopBatchGet
          ? async () => {
              await workshopBatchGet();
              await c.bare();
            }
          : c.bare;
      const samples = {
        warm: [] as number[],
        cold: [] as number[],
        bare: [] as number[],
        bareCold: [] as number[],
      };
      let warmReads = 0;
      const rounds = c.rounds ?? ROUNDS;
      for (let round = 0; round < WARMUP_ROUNDS + rounds; round++) {
        const measuring = round >= WARMUP_ROUNDS;
        // Events are built before the clock starts; the four calls run in a random order each round.
        const ops: [keyof typeof samples, () => Promise<unknown>][] = shuffle([
          ["warm", warm(c.call)],
          ["cold", cold(c.call)],
          ["bare", c.bare],
          ["bareCold", bareCold],
        ]);
        for (const [kind, run] of ops) {
          const before = store.stats().readRequests;
          const elapsed = await timed(run);
          if (measuring) {
            samples[kind].push(elapsed);
            if (kind === "warm") warmReads += store.stats().readRequests - before;
          }
        }
      }
      const r: CaseResult = {
        label: c.label,
        pages: c.pages,
        readsCold,
        readsWarm,
        readsWarmDuringRun: warmReads / rounds,
        rcuWarm: warmCall.rcu,
        responseBytes: warmCall.bytes,
        warm: summarise(samples.warm),
        cold: summarise(samples.cold),
        bare: summarise(samples.bare),
        bareCold: summarise(samples.bareCold),
      };
      results.push(r);
      console.log(
        `  ${c.label}: reads cold ${r.readsCold} / warm ${r.readsWarm} (${r.rcuWarm} RCU, response ${kb(r.responseBytes)}); ` +
          `handler ${ms(r.warm)} vs bare ${ms(r.bare)}; cold handler ${ms(r.cold)} vs bare ${ms(r.bareCold)} ` +
          `(${((performance.now() - caseStarted) / 1000).toFixed(1)} s)`,
      );
    }

    printTable(results);
    console.log(`  api benchmark took ${((performance.now() - began) / 1000).toFixed(1)} s in all`);
  } finally {
    dynamodb.destroy();
    await dynamo.stop();
  }
}

function ms(s: Series): string {
  return `${s.p50.toFixed(2)}/${s.p99.toFixed(2)} ms`;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

/** The ratio at p50 with the absolute difference, then the ratio at p99. */
function ratios(handler: Series, bare: Series): string {
  const delta = handler.p50 - bare.p50;
  return `${ratio(handler.p50, bare.p50)} (${delta >= 0 ? "+" : "−"}${Math.abs(delta).toFixed(2)} ms), ${ratio(handler.p99, bare.p99)}`;
}

function printTable(results: CaseResult[]): void {
  const rows = [
    [
      "endpoint",
      "reads cold",
      "reads warm",
      "RCU warm",
      "response",
      "handler p50/p99",
      "bare p50/p99",
      "ratio p50 (Δ), p99",
      "cold handler p50/p99",
      "bare+BatchGet p50/p99",
      "ratio p50 (Δ), p99",
    ],
    ...results.map((r) => [
      r.label,
      String(r.readsCold),
      `${r.readsWarm}${r.readsWarmDuringRun !== r.readsWarm ? ` (run avg ${r.readsWarmDuringRun.toFixed(2)})` : ""}`,
      String(r.rcuWarm),
      kb(r.responseBytes),
      ms(r.warm),
      ms(r.bare),
      ratios(r.warm, r.bare),
      ms(r.cold),
      ms(r.bareCold),
      ratios(r.cold, r.bareCold),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length))) ?? [];
  for (const row of rows) {
    console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i] as number)).join(" | ")}`);
  }
  const perPageWarm = results.every((r) => r.readsWarm <= r.pages);
  const perPageCold = results.every((r) => r.readsCold <= r.pages);
  const overWarm = results.filter((r) => r.readsWarm > r.pages).map((r) => r.label);
  const overCold = results.filter((r) => r.readsCold > r.pages).map((r) => r.label);
  const p50Miss = results.filter((r) => r.warm.p50 > OVERHEAD_GOAL * r.bare.p50).map((r) => r.label);
  const p99Miss = results.filter((r) => r.warm.p99 > OVERHEAD_GOAL * r.bare.p99).map((r) => r.label);
  console.log(
    `  goals: one DynamoDB request per page, warm ${perPageWarm ? "met" : `NOT met (${overWarm.join("; ")})`}, ` +
      `cold ${perPageCold ? "met" : `NOT met (${overCold.join("; ")})`}`,
  );
  console.log(
    `         handler ≤ ${OVERHEAD_GOAL}× bare at p50 ${p50Miss.length === 0 ? "met" : `NOT met (${p50Miss.join("; ")})`}, ` +
      `at p99 ${p99Miss.length === 0 ? "met" : `NOT met (${p99Miss.join("; ")})`}`,
  );
  console.log(
    "         (warm GET /workshops/{id} is answered from the workshop cache: no DynamoDB request; " +
      "a p99 of 100–200 calls is one of the two slowest, dominated by DynamoDB Local's pauses on both sides)",
  );
}

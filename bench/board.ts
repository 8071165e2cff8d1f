/**
 * `npm run bench -- board`: the facilitators' board, `GET /workshops/{id}/board`, for a class of
 * 200 participants (one NLB each, 3 targets, 40 transitions of history) in DynamoDB Local. Per
 * call: the DynamoDB requests (goal: one per page of NLBs) and the handler's latency, called
 * in-process with API Gateway HTTP API (2.0) events, next to the bare Query of the same NLB
 * pages on the same DocumentClient (goal ≤ 1.3×). Three cases: a refresh between sweeps (the
 * page's common case: workshop cached), the same answered 304, and the first refresh after a
 * sweep landed (the workshop and its heartbeat read again, the heartbeat with a full progress
 * series: a changed count at every sweep, once a minute, for 3 hours).
 */
import { randomBytes } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import {
  createTable,
  DynamoWorkshopStore,
  type SweepHeartbeat,
  TABLE_DEFINITION,
  WorkshopQueries,
} from "@targetwatch/core";
import { NLB_SK_PREFIX, workshopPk } from "@targetwatch/core/dynamodb-keys";
import { emptyStageCounts, PROGRESS_WINDOW_MS } from "@targetwatch/core/rules";
import { startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import { createApi } from "@targetwatch/functions";
import { compileRoutes } from "@targetwatch/local";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { gatewayGet, type Series, seededNlb, shuffle, summarise, TOKEN, timed } from "./api.ts";

const PARTICIPANTS = 200;
const WORKSHOP_ID = "con301-board";
const REGION = "us-west-2";
const TABLE = "bench-board";
const WARMUP_ROUNDS = 20;
const ROUNDS = 100;
const OVERHEAD_GOAL = 1.3;

export async function boardBenchmark(): Promise<void> {
  console.log(
    `board: GET /workshops/{id}/board for ${PARTICIPANTS} participants (one NLB each, 3 targets, 40 transitions), DynamoDB Local in memory; ` +
      `handler in-process, ${ROUNDS} calls per case after ${WARMUP_ROUNDS} warm-up calls, interleaved with the bare query`,
  );
  const dynamo = await startDynamoDbLocal();
  const dynamodb = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: REGION,
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  const sent: string[] = [];
  dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(context.commandName ?? "?");
      return next(args);
    },
    { step: "finalizeRequest", name: "countRequests" },
  );
  const doc = DynamoDBDocumentClient.from(dynamodb);
  try {
    await createTable(dynamodb, TABLE);
    const store = new DynamoWorkshopStore({ client: doc, tableName: TABLE });
    const now = Date.now();
    await seed(store, now);
    let clock = now;
    const api = createApi({
      queries: new WorkshopQueries({
        store,
        defaultRegions: [REGION],
        tokenSecret: randomBytes(32).toString("hex"),
        now: () => clock,
      }),
      token: TOKEN,
      logger: new Logger({ serviceName: "targetwatch-api", logLevel: "WARN" }),
    });
    const call = invoker(api);
    const path = `/workshops/${WORKSHOP_ID}/board`;

    // The bare read: the same NLB pages, eventually consistent, as listNlbStates sends them.
    const bare = async () => {
      let key: Record<string, unknown> | undefined;
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: TABLE,
            KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
            ExpressionAttributeNames: {
              "#pk": TABLE_DEFINITION.primaryIndex.hashKey,
              "#sk": TABLE_DEFINITION.primaryIndex.rangeKey,
            },
            ExpressionAttributeValues: { ":pk": workshopPk(WORKSHOP_ID), ":prefix": NLB_SK_PREFIX },
            ...(key ? { ExclusiveStartKey: key } : {}),
          }),
        );
        key = out.LastEvaluatedKey;
      } while (key);
    };
    sent.length = 0;
    await bare();
    const pages = sent.length;

    const first = await call(path)();
    const etag = String(first.headers?.etag);
    const bytes = Buffer.byteLength(String(first.body));
    const requestsOf = async (run: () => Promise<unknown>) => {
      sent.length = 0;
      await run();
      return [...sent].sort().join(" + ");
    };
    /** A sweep lands: a new heartbeat, read once the workshop cache (5 s) has run out. */
    const sweep = async () => {
      clock += 6_000;
      await store.putHeartbeat(heartbeat(clock - 1_000));
    };

    const results: { label: string; requests: string; handler: Series; bare: Series }[] = [];
    const measure = async (label: string, run: () => Promise<unknown>, before?: () => Promise<void>) => {
      if (before) await before();
      const requests = await requestsOf(run);
      const handlerTimes: number[] = [];
      const bareTimes: number[] = [];
      for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
        for (const kind of shuffle(["handler", "bare"] as const)) {
          if (kind === "handler" && before) await before();
          const t = await timed(kind === "handler" ? run : bare);
          if (i >= WARMUP_ROUNDS) (kind === "handler" ? handlerTimes : bareTimes).push(t);
        }
      }
      results.push({ label, requests, handler: summarise(handlerTimes), bare: summarise(bareTimes) });
    };
    await measure("refresh between sweeps (200)", call(path));
    await measure("unchanged board (304)", call(path, etag, 304));
    await measure("first refresh after a sweep (200)", call(path), sweep);

    console.log(
      `  ${PARTICIPANTS} NLBs are ${pages} Query page(s); the board is ${(bytes / 1024).toFixed(0)} KB of JSON`,
    );
    for (const r of results) {
      const ratio = r.handler.p50 / r.bare.p50;
      console.log(
        `  ${r.label}: DynamoDB ${r.requests}; handler p50 ${r.handler.p50.toFixed(1)} ms, p99 ${r.handler.p99.toFixed(1)} ms; ` +
          `bare query p50 ${r.bare.p50.toFixed(1)} ms, p99 ${r.bare.p99.toFixed(1)} ms; ${ratio.toFixed(2)}× ` +
          `(goal ≤ ${OVERHEAD_GOAL}×: ${ratio <= OVERHEAD_GOAL ? "met" : "NOT met"})`,
      );
    }
  } finally {
    dynamodb.destroy();
    await dynamo.stop();
  }
}

/** The deployed schedule's largest series: the counts changed at each sweep (once a minute) for 3 hours. */
const PROGRESS_POINTS = PROGRESS_WINDOW_MS / 60_000;

function heartbeat(at: number): SweepHeartbeat {
  const progress = Array.from({ length: PROGRESS_POINTS }, (_, i) => {
    const done = Math.round((PARTICIPANTS * i) / PROGRESS_POINTS);
    const stages = { ...emptyStageCounts(), done, ipHealthy: PARTICIPANTS - done };
    return { at: at - (PROGRESS_POINTS - 1 - i) * 60_000, stages };
  });
  return {
    workshopId: WORKSHOP_ID,
    at,
    durationMs: 4_200,
    apiCalls: 230,
    errors: [],
    loadBalancers: PARTICIPANTS,
    targets: PARTICIPANTS * 3,
    targetsByState: { healthy: PARTICIPANTS * 3 },
    stuck: 0,
    regionsObservedAt: { [REGION]: at },
    progress,
  };
}

async function seed(store: DynamoWorkshopStore, now: number): Promise<void> {
  await store.putWorkshop({
    id: WORKSHOP_ID,
    name: "re:Invent 2026 CON301: EKS Workshop",
    selector: { tags: [{ key: "elbv2.k8s.aws/cluster" }], regions: [REGION] },
    stuckThresholdSeconds: 300,
    retentionDays: 30,
  });
  const nlbs = Array.from({ length: PARTICIPANTS }, (_, i) => seededNlb(i, now));
  let next = 0;
  const worker = async () => {
    while (next < nlbs.length) {
      const nlb = nlbs[next++];
      if (!nlb) return;
      await store.applyUpdate({ workshopId: WORKSHOP_ID, next: nlb.state, transitions: nlb.transitions }, 30);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await store.putHeartbeat(heartbeat(now - 20_000));
}

/** The handler called as API Gateway would, with an optional `If-None-Match`; fails on another status. */
function invoker(api: ReturnType<typeof createApi>) {
  const table = compileRoutes(api.routes.map((r) => `${r.method} ${r.path}`));
  let n = 0;
  return (path: string, ifNoneMatch?: string, status = 200) =>
    async (): Promise<APIGatewayProxyStructuredResultV2> => {
      const { event, context } = gatewayGet(
        table,
        path,
        `bench-board-${++n}`,
        ifNoneMatch ? [["If-None-Match", ifNoneMatch]] : [],
      );
      const result = (await api.handler(event, context)) as APIGatewayProxyStructuredResultV2;
      if (result.statusCode !== status)
        throw new Error(`GET ${path} → ${result.statusCode}, expected ${status}`);
      return result;
    };
}

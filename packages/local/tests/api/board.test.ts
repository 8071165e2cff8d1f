import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTable, DynamoWorkshopStore } from "@targetwatch/core/adapters/dynamodb";
import {
  DEFAULT_WORKSHOP_GOAL,
  type NlbState,
  type TargetRecord,
  type Transition,
} from "@targetwatch/core/model";
import { classStageCounts, recordProgress, type StagePoint } from "@targetwatch/core/rules";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../src/local-api.ts";

/**
 * `GET /workshops/{id}/board` with the real SDK against DynamoDB Local: what it answers for a
 * small class, what it costs in DynamoDB requests (counted on the client's middleware stack),
 * its ETag and 304; and the page it serves at `/` without a token.
 */
const REGION = "us-west-2";
const T0 = Date.parse("2026-12-03T14:00:00.000Z");
const NOW = T0 + 900_000;
const arnOf = (kind: string, name: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:123456789012:${kind}/${name}/${name.length.toString(16).padStart(16, "0")}`;

function group(name: string, targetType: "ip" | "instance") {
  return {
    arn: arnOf("targetgroup", name),
    name,
    targetType,
    protocol: "TCP",
    port: targetType === "ip" ? 8080 : 30080,
    healthCheck: {
      protocol: "TCP",
      port: "traffic-port",
      intervalSeconds: 10,
      timeoutSeconds: 10,
      healthyThreshold: 3,
      unhealthyThreshold: 3,
    },
  };
}

function healthy(groupArn: string, id: string, tth: number): TargetRecord {
  return {
    targetGroupArn: groupArn,
    id,
    port: 8080,
    state: "healthy",
    since: T0 + tth * 1000,
    lastSeenAt: NOW,
    registeredAt: T0,
    healthyAt: T0 + tth * 1000,
    timeToHealthySeconds: tth,
  };
}

/** A participant's NLB in cluster `cluster`, in `mode` with `targets`. */
function nlb(cluster: string, mode: "ip" | "instance", targets: (g: string) => TargetRecord[]): NlbState {
  const name = `k8s-ui-${cluster}`;
  const tg = group(`tg-${cluster}`, mode);
  return {
    region: REGION,
    arn: arnOf("loadbalancer/net", name),
    name,
    dnsName: `${name}.elb.${REGION}.amazonaws.com`,
    scheme: "internet-facing",
    lbState: "active",
    cluster,
    service: "ui/ui-nlb",
    mode,
    modeSince: T0,
    targetGroups: [tg],
    targets: targets(tg.arn),
    firstSeenAt: T0,
    lastSeenAt: NOW,
    lastChangeAt: NOW,
  };
}

const CLASS: NlbState[] = [
  nlb("alice", "ip", (g) => [
    healthy(g, "10.42.1.1", 80),
    healthy(g, "10.42.1.2", 95),
    healthy(g, "10.42.1.3", 110),
  ]),
  nlb("bob", "ip", (g) => [
    {
      targetGroupArn: g,
      id: "10.42.2.1",
      port: 8080,
      state: "unhealthy",
      reason: "Target.FailedHealthChecks",
      description: "Health checks failed",
      since: NOW - 400_000,
      lastSeenAt: NOW,
      registeredAt: NOW - 400_000,
      notHealthySince: NOW - 400_000,
    },
  ]),
  nlb("carol", "instance", (g) => [{ ...healthy(g, "i-0aaaabbbbccccdddd", 70), port: 30080 }]),
];

/** Each NLB appears, then each of its targets turns up in its state. */
function history(): Transition[] {
  return CLASS.flatMap((state, i): Transition[] => [
    ...state.targets.map(
      (t): Transition => ({
        kind: "target",
        at: t.since,
        observedBetween: [t.since - 5_000, t.since],
        region: REGION,
        loadBalancerArn: state.arn,
        loadBalancerName: state.name,
        targetGroupArn: t.targetGroupArn,
        target: { id: t.id, port: t.port },
        from: "unregistered",
        to: t.state,
      }),
    ),
    {
      kind: "loadBalancer",
      at: T0 + i * 1000,
      observedBetween: [T0 + i * 1000 - 60_000, T0 + i * 1000],
      region: REGION,
      loadBalancerArn: state.arn,
      loadBalancerName: state.name,
      from: "absent",
      to: "present",
      mode: state.mode,
    },
  ]);
}

interface Sent {
  operation: string;
}

describe("GET /workshops/{id}/board", () => {
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const sent: Sent[] = [];
  let api: LocalApi;
  let store: DynamoWorkshopStore;
  let now = NOW;
  let progress: StagePoint[] | undefined;

  beforeAll(async () => {
    const tableName = uniqueTableName("board");
    await createTable(dynamodb, tableName);
    store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName });
    await store.putWorkshop({
      id: "con301",
      name: "CON301",
      selector: { tags: [{ key: "elbv2.k8s.aws/cluster" }], regions: [REGION] },
      stuckThresholdSeconds: 300,
      retentionDays: 1,
    });
    const transitions = history();
    for (const state of CLASS) {
      const own = transitions.filter((t) => t.loadBalancerArn === state.arn);
      await store.applyUpdate({ workshopId: "con301", next: state, transitions: own }, 1);
    }
    await store.putHeartbeat(heartbeat(NOW - 12_000));
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push({ operation: context.commandName ?? "?" });
        return next(args);
      },
      { step: "finalizeRequest", name: "recordRequests" },
    );
    api = await startLocalApi({ dynamodb, tableName, regions: [REGION], now: () => now, logLevel: "SILENT" });
  });

  afterAll(async () => {
    await api?.close();
    dynamodb.destroy();
  });

  /** As the collector writes it: with the class's stage counts observed at that sweep added to its series. */
  function heartbeat(at: number, states: readonly NlbState[] = CLASS) {
    progress = recordProgress(progress, { at, stages: classStageCounts({}, states, DEFAULT_WORKSHOP_GOAL) });
    return {
      workshopId: "con301",
      at,
      durationMs: 800,
      apiCalls: 7,
      errors: [],
      loadBalancers: 3,
      targets: 5,
      targetsByState: { healthy: 4, unhealthy: 1 },
      stuck: 1,
      progress,
    };
  }

  async function get(path: string, headers: Record<string, string> = {}) {
    sent.length = 0;
    const response = await fetch(`${api.url}${path}`, {
      headers: { authorization: `Bearer ${api.token}`, ...headers },
    });
    const text = await response.text();
    return { response, text, operations: sent.map((s) => s.operation).sort() };
  }

  it("answers the class: stages, the stuck participant with its hint, time to healthy, progress", async () => {
    // Act
    const { response, text, operations } = await get("/workshops/con301/board");
    // Assess
    expect(response.status).toBe(200);
    const board = JSON.parse(text);
    expect(board.participants.map((p: { id: string; stage: string }) => [p.id, p.stage])).toEqual([
      ["alice", "done"],
      ["bob", "switching"],
      ["carol", "instance"],
    ]);
    expect(board.stages).toEqual({
      noNlb: 0,
      instance: 1,
      switching: 1,
      ipHealthy: 0,
      scaledOut: 0,
      done: 1,
    });
    expect(board.headline).toMatchObject({
      participants: 3,
      done: 1,
      percentDone: 33,
      advice: "troubleshoot",
    });
    expect(board.stuck).toHaveLength(1);
    expect(board.stuck[0]).toMatchObject({
      participantId: "bob",
      targetId: "10.42.2.1",
      targetType: "ip",
      reason: "Target.FailedHealthChecks",
      stuckSeconds: 400,
    });
    expect(board.stuck[0].hint).toContain("security group");
    expect(board.timeToHealthy.ip).toMatchObject({ count: 3, p50: 95, max: 110 });
    expect(board.timeToHealthy.instance).toMatchObject({ count: 1, max: 70 });
    expect(board.sweep).toMatchObject({ ageSeconds: 12, errors: [] });
    expect(board.progress.at(-1).stages).toEqual({
      noNlb: 0,
      instance: 1,
      switching: 1,
      ipHealthy: 0,
      scaledOut: 0,
      done: 1,
    });
    expect(board.accounts).toEqual({ ok: 0, pending: 0, roleNotAssumable: 0, error: 0, problems: [] });
    // The workshop's lookup (its heartbeat carries the progress), sent with the Query for the (one) page of NLBs.
    expect(operations).toEqual(["BatchGetItemCommand", "QueryCommand"]);
    expect(response.headers.get("etag")).toMatch(/^"[\w-]{27}"$/);
  });

  it("answers an unchanged board with 304 and no body, for one Query: the NLB page", async () => {
    // Prepare
    const first = await get("/workshops/con301/board");
    const etag = first.response.headers.get("etag") as string;
    now += 3_000; // time passes: the ages tick, the ETag stays
    // Act
    const again = await get("/workshops/con301/board", { "if-none-match": etag });
    const weak = await get("/workshops/con301/board", { "if-none-match": `"other", W/${etag}` });
    const stale = await get("/workshops/con301/board", { "if-none-match": '"stale"' });
    // Assess
    expect([again.response.status, again.text]).toEqual([304, ""]);
    expect(again.response.headers.get("etag")).toBe(etag);
    expect(again.operations).toEqual(["QueryCommand"]);
    expect(weak.response.status).toBe(304);
    expect(stale.response.status).toBe(200);
    expect(JSON.parse(stale.text).sweep.ageSeconds).toBe(15);
  });

  it("changes its ETag when a sweep lands, with its progress, for the lookup and the NLB page then only", async () => {
    // Prepare
    const before = await get("/workshops/con301/board");
    const { version } = (await store.getNlbStates("con301", REGION, "k8s-ui-bob"))[0] as { version: number };
    const bob = CLASS[1] as NlbState;
    const fixed = { ...bob, targets: bob.targets.map((t) => ({ ...t, state: "healthy" as const })) };
    await store.applyUpdate(
      { workshopId: "con301", previous: { state: bob, version }, next: fixed, transitions: [] },
      1,
    );
    await store.putHeartbeat(heartbeat(now, [CLASS[0] as NlbState, fixed, CLASS[2] as NlbState]));
    now += 10_000; // past the workshop cache (5 s): the new heartbeat is read
    // Act
    const after = await get("/workshops/con301/board", {
      "if-none-match": before.response.headers.get("etag") as string,
    });
    const next = await get("/workshops/con301/board");
    // Assess
    expect(after.response.status).toBe(200);
    expect(after.response.headers.get("etag")).not.toBe(before.response.headers.get("etag"));
    expect(JSON.parse(after.text).stuck).toEqual([]);
    expect(JSON.parse(after.text).progress.at(-1)).toEqual({
      at: new Date(now - 10_000).toISOString(),
      stages: JSON.parse(after.text).stages,
    });
    expect(after.operations).toEqual(["BatchGetItemCommand", "QueryCommand"]);
    expect(next.operations).toEqual(["QueryCommand"]);
  });

  it("needs the token, and says 404 for an unknown workshop", async () => {
    // Act
    const anonymous = await fetch(`${api.url}/workshops/con301/board`);
    const wrong = await fetch(`${api.url}/workshops/con301/board`, {
      headers: { authorization: "Bearer nope" },
    });
    const unknown = await get("/workshops/nope/board");
    // Assess
    expect(anonymous.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("alice");
    expect(unknown.response.status).toBe(404);
  });
});

describe("the dashboard page at /", () => {
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  let api: LocalApi;

  beforeAll(async () => {
    const tableName = uniqueTableName("board-page");
    await createTable(dynamodb, tableName);
    api = await startLocalApi({ dynamodb, tableName, regions: [REGION], logLevel: "SILENT" });
  });

  afterAll(async () => {
    await api?.close();
    dynamodb.destroy();
  });

  it("serves the built page without a token: index revalidated, hashed files cached for good", async () => {
    // Act
    const index = await fetch(`${api.url}/`);
    const html = await index.text();
    const [, script] = /src="\.\/assets\/([^"]+\.js)"/.exec(html) ?? [];
    const [, style] = /href="\.\/assets\/([^"]+\.css)"/.exec(html) ?? [];
    const js = await fetch(`${api.url}/assets/${script}`);
    const css = await fetch(`${api.url}/assets/${style}`);
    // Assess
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(index.headers.get("cache-control")).toBe("no-cache");
    expect(script).toMatch(/^app-[A-Z0-9]+\.js$/);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await js.text()).length).toBeGreaterThan(1000);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("answers 404 for a file the build did not write, and keeps the API's routes behind the token", async () => {
    // Act
    const missing = await fetch(`${api.url}/assets/app-NOPE.js`);
    const traversal = await fetch(`${api.url}/assets/..%2Fpackage.json`);
    const workshops = await fetch(`${api.url}/workshops`);
    // Assess
    expect(missing.status).toBe(404);
    expect(traversal.status).toBeGreaterThanOrEqual(400);
    expect(traversal.status).toBeLessThan(500);
    expect(workshops.status).toBe(401);
  });
});

import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTable, DynamoWorkshopStore } from "@targetwatch/core/adapters/dynamodb";
import {
  DEFAULT_WORKSHOP_GOAL,
  type NlbState,
  type TargetRecord,
  type Transition,
  type Workshop,
} from "@targetwatch/core/model";
import { classStageCounts, recordProgress } from "@targetwatch/core/rules";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../src/local-api.ts";

/**
 * A class where every participant has their own account, through the API handler against
 * DynamoDB Local: labels in every view, `?account=`, and the 409 of an NLB name that is in
 * several accounts (the controller names the workshop's NLB alike in every participant's cluster).
 */
const REGION = "us-west-2";
const T0 = Date.parse("2026-12-03T14:00:00.000Z");
const NOW = T0 + 900_000;
const NAME = "k8s-ui-uinlb-e1c1ebaeb4";
const ALICE = "210000000001";
const BOB = "210000000002";
const CAROL = "210000000003";
const arnOf = (account: string, kind: string, name: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${account}:${kind}/${name}/${account.slice(-4).padStart(16, "0")}`;

function nlb(account: string, targets: (groupArn: string) => TargetRecord[]): NlbState {
  const group = arnOf(account, "targetgroup", "k8s-ui-uinlb-ip");
  return {
    region: REGION,
    arn: arnOf(account, "loadbalancer/net", NAME),
    name: NAME,
    dnsName: `${NAME}.elb.${REGION}.amazonaws.com`,
    scheme: "internet-facing",
    lbState: "active",
    cluster: "eks-workshop",
    service: "ui/ui-nlb",
    mode: "ip",
    modeSince: T0,
    targetGroups: [
      {
        arn: group,
        name: "k8s-ui-uinlb-ip",
        targetType: "ip",
        protocol: "TCP",
        port: 8080,
        healthCheck: {
          protocol: "TCP",
          port: "traffic-port",
          intervalSeconds: 10,
          timeoutSeconds: 10,
          healthyThreshold: 3,
          unhealthyThreshold: 3,
        },
      },
    ],
    targets: targets(group),
    firstSeenAt: T0,
    lastSeenAt: NOW,
    lastChangeAt: NOW,
  };
}

const target = (groupArn: string, id: string, state: "healthy" | "unhealthy"): TargetRecord => ({
  targetGroupArn: groupArn,
  id,
  port: 8080,
  state,
  since: T0 + 60_000,
  lastSeenAt: NOW,
  registeredAt: T0,
  ...(state === "healthy"
    ? { healthyAt: T0 + 60_000, timeToHealthySeconds: 60 }
    : { notHealthySince: T0, reason: "Target.FailedHealthChecks" }),
});

/** Alice done (3 healthy pods), Bob's only pod stuck, Carol without an NLB yet. */
const CLASS: NlbState[] = [
  nlb(ALICE, (g) => ["10.42.1.1", "10.42.1.2", "10.42.1.3"].map((id) => target(g, id, "healthy"))),
  nlb(BOB, (g) => [target(g, "10.42.2.1", "unhealthy")]),
];

function appeared(state: NlbState): Transition {
  return {
    kind: "loadBalancer",
    at: T0,
    observedBetween: [T0 - 60_000, T0],
    region: REGION,
    loadBalancerArn: state.arn,
    loadBalancerName: state.name,
    from: "absent",
    to: "present",
    mode: state.mode,
  };
}

describe("a class of participant accounts through the API", () => {
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const sent: string[] = [];
  let api: LocalApi;

  beforeAll(async () => {
    const tableName = uniqueTableName("participant-views");
    await createTable(dynamodb, tableName);
    const store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName });
    const workshop: Workshop = {
      id: "con301",
      name: "CON301",
      selector: { tags: [], regions: [REGION] },
      stuckThresholdSeconds: 300,
      retentionDays: 1,
      accounts: [
        { accountId: ALICE, label: "Table 1 – Alice" },
        { accountId: BOB, label: "Table 1 – Bob" },
        { accountId: CAROL },
      ],
      externalId: "a".repeat(32),
    };
    await store.putWorkshop(workshop);
    for (const state of CLASS) {
      await store.applyUpdate({ workshopId: "con301", next: state, transitions: [appeared(state)] }, 1);
    }
    await store.putHeartbeat({
      workshopId: "con301",
      at: NOW - 10_000,
      durationMs: 900,
      apiCalls: 6,
      errors: [],
      loadBalancers: 2,
      targets: 4,
      targetsByState: { healthy: 3, unhealthy: 1 },
      stuck: 1,
      accounts: {
        [ALICE]: { status: "ok", lastSweptAt: NOW - 10_000, loadBalancers: 1 },
        [BOB]: { status: "ok", lastSweptAt: NOW - 10_000, loadBalancers: 1 },
        [CAROL]: { status: "roleNotAssumable", message: "AccessDenied", loadBalancers: 0 },
      },
      // As the collector keeps it: the class's stage counts, every account counted
      progress: recordProgress(undefined, {
        at: NOW - 10_000,
        stages: classStageCounts(workshop, CLASS, DEFAULT_WORKSHOP_GOAL),
      }),
    });
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(context.commandName ?? "?");
        return next(args);
      },
      { step: "finalizeRequest", name: "recordRequests" },
    );
    api = await startLocalApi({ dynamodb, tableName, regions: [REGION], now: () => NOW, logLevel: "SILENT" });
    await get("/workshops/con301"); // the workshop's lookup, cached: what follows counts the pages only
  });

  afterAll(async () => {
    await api?.close();
    dynamodb.destroy();
  });

  async function get(path: string) {
    sent.length = 0;
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
    return { status: response.status, body: JSON.parse(await response.text()), operations: [...sent] };
  }

  it("labels each NLB with its participant, and lists one account's with ?account= in one Query", async () => {
    // Act
    const all = await get("/workshops/con301/load-balancers");
    const bob = await get(`/workshops/con301/load-balancers?account=${BOB}`);
    // Assess
    expect(
      all.body.loadBalancers.map((lb: { accountId: string; label: string }) => [lb.accountId, lb.label]),
    ).toEqual([
      [ALICE, "Table 1 – Alice"],
      [BOB, "Table 1 – Bob"],
    ]);
    expect(bob.body.loadBalancers.map((lb: { accountId: string }) => lb.accountId)).toEqual([BOB]);
    expect(bob.operations).toEqual(["QueryCommand"]);
  });

  it("keeps a page token to its account", async () => {
    // Act
    const first = await get(`/workshops/con301/load-balancers?account=${ALICE}&limit=1`);
    const moved = await get(
      `/workshops/con301/load-balancers?account=${BOB}&limit=1&nextToken=${encodeURIComponent(first.body.nextToken)}`,
    );
    // Assess
    expect(first.body.loadBalancers.map((lb: { accountId: string }) => lb.accountId)).toEqual([ALICE]);
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe("InvalidNextToken");
  });

  it("refuses an account that is not 12 digits with 400", async () => {
    for (const path of [
      "/workshops/con301/load-balancers?account=21000000000",
      `/workshops/con301/load-balancers/${NAME}?account=abc`,
      "/workshops/con301/transitions?account=2100000000011",
      "/workshops/con301/stats?account=x",
    ]) {
      const reply = await get(path);
      expect([path, reply.status, reply.body.error.code, reply.body.error.details?.[0]?.field]).toEqual([
        path,
        400,
        "ValidationError",
        "query.account",
      ]);
    }
  });

  it("answers 409 with the accounts and labels to choose from for a name in several accounts", async () => {
    // Act
    const ambiguous = await get(`/workshops/con301/load-balancers/${NAME}`);
    // Assess
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.error).toMatchObject({
      code: "AmbiguousName",
      accounts: [
        { accountId: ALICE, label: "Table 1 – Alice", region: REGION },
        { accountId: BOB, label: "Table 1 – Bob", region: REGION },
      ],
    });
    expect(ambiguous.body.error.message).toContain("?account=");
  });

  it("answers the asked account's NLB with ?account=, and 404 for an account without one", async () => {
    // Act
    const bob = await get(`/workshops/con301/load-balancers/${NAME}?account=${BOB}`);
    const carol = await get(`/workshops/con301/load-balancers/${NAME}?account=${CAROL}`);
    // Assess
    expect(bob.status).toBe(200);
    expect(bob.body).toMatchObject({ accountId: BOB, label: "Table 1 – Bob", stuck: 1 });
    expect(bob.operations).toEqual(["QueryCommand"]);
    expect([carol.status, carol.body.error.code]).toEqual([404, "NotFound"]);
  });

  it("labels transitions, filters them by account, and answers 409 for a name's transitions in several accounts", async () => {
    // Act
    const all = await get("/workshops/con301/transitions");
    const alice = await get(`/workshops/con301/transitions?account=${ALICE}`);
    const ambiguous = await get(`/workshops/con301/transitions?loadBalancer=${NAME}`);
    const named = await get(`/workshops/con301/transitions?loadBalancer=${NAME}&account=${BOB}`);
    // Assess
    const labels = (body: { transitions: { label: string }[] }) =>
      body.transitions.map((t) => t.label).sort();
    expect(labels(all.body)).toEqual(["Table 1 – Alice", "Table 1 – Bob"]);
    expect(labels(alice.body)).toEqual(["Table 1 – Alice"]);
    expect(alice.operations).toEqual(["QueryCommand"]);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.error.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([
      ALICE,
      BOB,
    ]);
    expect(labels(named.body)).toEqual(["Table 1 – Bob"]);
    expect(named.operations).toEqual(["QueryCommand"]);
  });

  it("counts participants by stage in /stats, names the stuck one by label, and narrows to one account", async () => {
    // Act
    const stats = await get("/workshops/con301/stats");
    const carol = await get(`/workshops/con301/stats?account=${CAROL}`);
    // Assess
    expect(stats.body.participants).toEqual({
      by: "account",
      count: 3,
      stages: { noNlb: 1, instance: 0, switching: 1, ipHealthy: 0, scaledOut: 0, done: 1 },
    });
    expect(stats.body.stuckTargets.map((t: { label: string; id: string }) => [t.label, t.id])).toEqual([
      ["Table 1 – Bob", "10.42.2.1"],
    ]);
    expect(carol.body).toMatchObject({ loadBalancers: 0, participants: { count: 1, stages: { noNlb: 1 } } });
  });

  it("shows each account as a participant on the board, with its label, group and status", async () => {
    // Act
    const { status, body: board } = await get("/workshops/con301/board");
    // Assess
    expect(status).toBe(200);
    expect(
      board.participants.map((p: Record<string, unknown>) => [
        p.id,
        p.label,
        p.group,
        p.accountStatus,
        p.stage,
      ]),
    ).toEqual([
      [ALICE, "Table 1 – Alice", "Table 1", "ok", "done"],
      [BOB, "Table 1 – Bob", "Table 1", "ok", "switching"],
      [CAROL, null, null, "roleNotAssumable", "noNlb"],
    ]);
    expect(board.stuck.map((t: Record<string, unknown>) => [t.participantId, t.accountId, t.label])).toEqual([
      [BOB, BOB, "Table 1 – Bob"],
    ]);
    expect(board.accounts).toEqual({
      ok: 2,
      pending: 0,
      roleNotAssumable: 1,
      error: 0,
      problems: [{ accountId: CAROL, label: null, status: "roleNotAssumable", message: "AccessDenied" }],
    });
    expect(board.progress.at(-1).stages.noNlb).toBe(1);
    expect(Object.values(board.progress.at(-1).stages).reduce((a, b) => Number(a) + Number(b), 0)).toBe(3);
  });
});

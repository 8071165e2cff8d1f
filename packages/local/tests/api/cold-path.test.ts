import { performance } from "node:perf_hooks";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTable, DynamoWorkshopStore } from "@targetwatch/core/adapters/dynamodb";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../src/local-api.ts";

/** One DynamoDB request as the SDK sent it: its operation and when it was in flight. */
interface Sent {
  operation: string;
  start: number;
  end: number;
}

const REGION = "us-west-2";
const NLB_NAME = "k8s-ui-uinlb-e1c1ebaeb4";
const NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/${NLB_NAME}/50dc6c495c0c9188`;
const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/k8s-ui-uinlb-5a7b3c1d2e/73e2d6bc24d8a067`;

/**
 * The API's cold path: with the workshop not in the cache (every request of a fresh Lambda
 * instance, and here every request: `workshopCacheMs: 0`), a request under `/workshops/{id}/`
 * sends the workshop's lookup and its own read together, not one after the other. Counted and
 * timed on the DynamoDB client's middleware stack, around each request on the wire.
 */
describe("the API's cold requests", () => {
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const sent: Sent[] = [];
  const apis: LocalApi[] = [];
  let cold: LocalApi;
  let warm: LocalApi;

  beforeAll(async () => {
    const tableName = uniqueTableName("cold-path");
    await createTable(dynamodb, tableName);
    const store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName });
    await store.putWorkshop({
      id: "con301",
      name: "CON301",
      selector: { tags: [{ key: "elbv2.k8s.aws/cluster" }], regions: [REGION] },
      stuckThresholdSeconds: 300,
      retentionDays: 1,
    });
    await store.applyUpdate({ workshopId: "con301", next: nlb(), transitions: [] }, 1);
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const entry = { operation: context.commandName ?? "?", start: performance.now(), end: Number.NaN };
        sent.push(entry);
        try {
          return await next(args);
        } finally {
          entry.end = performance.now();
        }
      },
      { step: "finalizeRequest", name: "recordRequests" },
    );
    cold = await startLocalApi({
      dynamodb,
      tableName,
      regions: [REGION],
      workshopCacheMs: 0,
      logLevel: "SILENT",
    });
    warm = await startLocalApi({ dynamodb, tableName, regions: [REGION], logLevel: "SILENT" });
    apis.push(cold, warm);
  });

  afterAll(async () => {
    for (const api of apis) await api.close();
    dynamodb.destroy();
  });

  async function requestsOf(api: LocalApi, path: string): Promise<{ status: number; sent: Sent[] }> {
    sent.length = 0;
    const response = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
    await response.arrayBuffer();
    return { status: response.status, sent: [...sent].sort((a, b) => a.start - b.start) };
  }

  /** Whether every request started before any of them had answered. */
  const allInFlightTogether = (requests: Sent[]) =>
    requests.every((r) => r.start < Math.min(...requests.map((other) => other.end)));

  it.each([
    ["/workshops/con301/load-balancers?limit=10", ["BatchGetItemCommand", "QueryCommand"]],
    ["/workshops/con301/transitions?limit=10", ["BatchGetItemCommand", "QueryCommand"]],
    // The NLBs and the window's transitions, both read while the workshop is looked up.
    ["/workshops/con301/stats", ["BatchGetItemCommand", "QueryCommand", "QueryCommand"]],
    ["/workshops/con301/stats?scope=current", ["BatchGetItemCommand", "QueryCommand"]],
    [`/workshops/con301/load-balancers/${NLB_NAME}`, ["BatchGetItemCommand", "QueryCommand"]],
    [
      `/workshops/con301/load-balancers/${NLB_NAME}?region=${REGION}`,
      ["BatchGetItemCommand", "QueryCommand"],
    ],
  ])("GET %s sends the workshop's lookup and its read together", async (path, operations) => {
    // Act
    const { status, sent: requests } = await requestsOf(cold, path);
    // Assess
    expect(status).toBe(200);
    expect(requests.map((r) => r.operation).sort()).toEqual(operations);
    expect(allInFlightTogether(requests)).toBe(true);
  });

  it("answers a cold GET /workshops/{id} with the workshop's one BatchGetItem", async () => {
    // Act
    const { status, sent: requests } = await requestsOf(cold, "/workshops/con301");
    // Assess
    expect(status).toBe(200);
    expect(requests.map((r) => r.operation)).toEqual(["BatchGetItemCommand"]);
  });

  it("still answers 404 for an unknown workshop, even with a page token that is not its own", async () => {
    // Act
    const unknown = await requestsOf(cold, "/workshops/nope/load-balancers");
    const forged = await requestsOf(cold, "/workshops/nope/transitions?nextToken=abc.def");
    // Assess
    expect(unknown.status).toBe(404);
    expect(forged.status).toBe(404);
  });

  it("sends only the page's request once the workshop is cached", async () => {
    // Prepare
    await requestsOf(warm, "/workshops/con301/load-balancers");
    // Act
    const { status, sent: requests } = await requestsOf(warm, "/workshops/con301/load-balancers");
    // Assess
    expect(status).toBe(200);
    expect(requests.map((r) => r.operation)).toEqual(["QueryCommand"]);
  });
});

function nlb() {
  const at = Date.parse("2026-11-27T09:00:00.000Z");
  return {
    region: REGION,
    arn: NLB_ARN,
    name: NLB_NAME,
    dnsName: `${NLB_NAME}.elb.${REGION}.amazonaws.com`,
    scheme: "internet-facing",
    lbState: "active",
    cluster: "eks-workshop",
    service: "ui/ui-nlb",
    mode: "ip" as const,
    modeSince: at,
    targetGroups: [
      {
        arn: TG_ARN,
        name: "k8s-ui-uinlb-5a7b3c1d2e",
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
    targets: [
      {
        targetGroupArn: TG_ARN,
        id: "10.42.1.17",
        port: 8080,
        state: "healthy" as const,
        since: at,
        lastSeenAt: at,
        registeredAt: at - 90_000,
        healthyAt: at,
        timeToHealthySeconds: 90,
      },
    ],
    firstSeenAt: at,
    lastSeenAt: at,
    lastChangeAt: at,
  };
}

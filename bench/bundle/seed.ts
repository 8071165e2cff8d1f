/**
 * The bundle benchmark's data: one workshop with its heartbeat and 50 NLBs (a page of
 * `GET …/load-balancers`), each the shape the Load Balancer Controller leaves after the lab
 * (ip mode, one ip target group, three healthy pods), written through the store.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createTable, DynamoWorkshopStore, type NlbState } from "@targetwatch/core";

export const WORKSHOP_ID = "bench";
export const REGION = "us-west-2";
const ACCOUNT = "123456789012";
const NLBS = 50;

function nlb(index: number, now: number): NlbState {
  const suffix = index.toString(16).padStart(10, "0");
  const name = `k8s-ui-uinlb-${suffix}`;
  const arn = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/net/${name}/${suffix}abcdef`;
  const tg = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/k8s-ui-uinlb-${suffix}/${suffix}123456`;
  const since = now - 3_600_000;
  return {
    region: REGION,
    arn,
    name,
    dnsName: `${name}-${suffix}.elb.${REGION}.amazonaws.com`,
    scheme: "internet-facing",
    lbState: "active",
    cluster: "eks-workshop",
    service: "ui/ui-nlb",
    mode: "ip",
    modeSince: since,
    targetGroups: [
      {
        arn: tg,
        name: `k8s-ui-uinlb-${suffix}`,
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
    targets: ["a", "b", "c"].map((zone, i) => ({
      targetGroupArn: tg,
      id: `10.42.${i * 64 + (index % 64)}.${(index % 250) + 1}`,
      port: 8080,
      availabilityZone: `${REGION}${zone}`,
      state: "healthy",
      since,
      lastSeenAt: now,
      registeredAt: since - 90_000,
      healthyAt: since,
      timeToHealthySeconds: 90,
    })),
    firstSeenAt: since - 600_000,
    lastSeenAt: now,
    lastChangeAt: since,
  };
}

/** Creates `tableName` and writes the workshop, its heartbeat and its NLBs. */
export async function seedBundleBenchmark(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  await createTable(dynamodb, tableName);
  const store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName });
  const now = Date.now();
  await store.putWorkshop({
    id: WORKSHOP_ID,
    name: "Bundle benchmark",
    selector: { tags: [{ key: "elbv2.k8s.aws/cluster" }], regions: [REGION] },
    stuckThresholdSeconds: 300,
    retentionDays: 1,
  });
  await store.putHeartbeat({
    workshopId: WORKSHOP_ID,
    at: now,
    durationMs: 1200,
    apiCalls: 4,
    errors: [],
    loadBalancers: NLBS,
    targets: NLBS * 3,
    targetsByState: { healthy: NLBS * 3 },
    stuck: 0,
  });
  for (let i = 0; i < NLBS; i++) {
    await store.applyUpdate({ workshopId: WORKSHOP_ID, next: nlb(i, now), transitions: [] }, 1);
  }
}

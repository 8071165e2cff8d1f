import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toItem } from "../../../src/adapters/dynamodb/item-codec.ts";
import { ENTITY, nlbSk, transitionsPk, workshopPk } from "../../../src/adapters/dynamodb/keys.ts";
import { transitionItem } from "../../../src/adapters/dynamodb/nlb-update-plan.ts";
import type { NlbState } from "../../../src/model/state.ts";
import type { TargetTransition } from "../../../src/model/transition.ts";
import { WorkshopQueries } from "../../../src/queries/workshop-queries.ts";
import { nlbState, REGION, T0, target, workshop } from "./fixtures.ts";
import { createTestTable, type TestTable } from "./rig.ts";

const NLBS = 2_000;
const WORKSHOP = "big-event";
const NOW = T0 + 3_600_000;
const DAY = 86_400_000;
/** Node targets of the instance-mode start, gone since the switch: their first healthy transitions remain. */
const LEFT = 2_400;
/** Of NLBs 0…199, pod 0's first healthy transition: the same registration as the current record. */
const REPEATED = 200;
/** Transitions from before the 30-day window (expired, not yet deleted by TTL). */
const EXPIRED = 100;

function healthyTransition(
  nlb: number,
  at: number,
  target: { id: string; port: number },
  group: string,
  seconds: number,
): TargetTransition {
  const name = `k8s-ui-uinlb-${nlb.toString(16).padStart(10, "0")}`;
  return {
    kind: "target",
    at,
    observedBetween: [at - 5_000, at],
    region: REGION,
    loadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/${name}/${nlb.toString(16).padStart(16, "0")}`,
    loadBalancerName: name,
    targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/${group}/${nlb.toString(16).padStart(16, "0")}`,
    target,
    from: "initial",
    to: "healthy",
    timeToHealthySeconds: seconds,
  };
}

/** Every stored transition of the big event: those that left, repeated ones, expired ones. */
function transitions(): TargetTransition[] {
  const left = Array.from({ length: LEFT }, (_, k) =>
    healthyTransition(
      k % NLBS,
      T0 - 600_000 + k,
      { id: `i-${k.toString(16).padStart(17, "0")}`, port: 30080 },
      `inst-${k % NLBS}`,
      90 + (k % 10),
    ),
  );
  const repeated = Array.from({ length: REPEATED }, (_, i) =>
    healthyTransition(i, T0, { id: `10.42.0.${i % 250}`, port: 8080 }, `ip-${i}`, 60 + (i % 60)),
  );
  const expired = Array.from({ length: EXPIRED }, (_, k) =>
    healthyTransition(
      k,
      NOW - 31 * DAY + k,
      { id: `i-${k.toString(16).padStart(17, "f")}`, port: 30080 },
      `old-${k}`,
      1_000,
    ),
  );
  return [...left, ...repeated, ...expired];
}

/**
 * NLB `i` of a large event: ip mode but every 5th still mixed (an instance target draining), three
 * healthy pods that took 60–119 s, and every 10th with a pod `initial` for 400 s (stuck past
 * the 300 s threshold). About 1.5 KB an item: 2,000 make about 3 MB, three Query pages at least.
 */
function bigNlb(i: number): NlbState {
  const name = `k8s-ui-uinlb-${i.toString(16).padStart(10, "0")}`;
  const arn = `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/${name}/${i.toString(16).padStart(16, "0")}`;
  const ipGroup = `arn:aws:elasticloadbalancing:${REGION}:123456789012:targetgroup/ip-${i}/${i.toString(16).padStart(16, "0")}`;
  const base = nlbState();
  const group = base.targetGroups[0] as NlbState["targetGroups"][number];
  const healthy = [0, 1, 2].map((pod) =>
    target(`10.42.${pod}.${i % 250}`, {
      targetGroupArn: ipGroup,
      state: "healthy",
      reason: undefined,
      description: undefined,
      notHealthySince: undefined,
      since: T0,
      lastSeenAt: NOW,
      healthyAt: T0,
      timeToHealthySeconds: 60 + ((i + pod) % 60),
    }),
  );
  const stuck =
    i % 10 === 0
      ? [
          target(`10.42.9.${i % 250}`, {
            targetGroupArn: ipGroup,
            since: NOW - 400_000,
            notHealthySince: NOW - 400_000,
          }),
        ]
      : [];
  return nlbState({
    name,
    arn,
    mode: i % 5 === 0 ? "mixed" : "ip",
    targetGroups: [{ ...group, arn: ipGroup, name: `ip-${i}` }],
    targets: [...healthy, ...stuck],
  });
}

describe("WorkshopQueries.stats of a workshop with 2,000 NLBs", () => {
  let table: TestTable;
  const queries: { consistentRead: unknown; pk: unknown }[] = [];

  beforeAll(async () => {
    table = await createTestTable("stats-pages");
    table.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "QueryCommand") {
          const input = args.input as {
            ConsistentRead?: unknown;
            ExpressionAttributeValues?: Record<string, unknown>;
          };
          queries.push({
            consistentRead: input.ConsistentRead,
            pk: input.ExpressionAttributeValues?.[":pk"],
          });
        }
        return next(args);
      },
      { step: "initialize", name: "recordQueries" },
    );
    await table.store().putWorkshop(workshop({ id: WORKSHOP, stuckThresholdSeconds: 300 }));
    // Written the fast way, 25 items a BatchWriteItem, 8 at a time: what the collector would have stored.
    const items = Array.from({ length: NLBS }, (_, i) => {
      const state = bigNlb(i);
      return toItem(
        state,
        {
          pk: workshopPk(WORKSHOP),
          sk: nlbSk(state.region, state.name, state.arn),
          entity: ENTITY.nlb,
          version: 1,
          updatedAt: T0,
        },
        state.name,
      );
    });
    items.push(...transitions().map((t) => transitionItem(WORKSHOP, t, 30, Date.now())));
    const batches = Array.from({ length: Math.ceil(items.length / 25) }, (_, b) =>
      items.slice(b * 25, b * 25 + 25),
    );
    for (let start = 0; start < batches.length; start += 8) {
      await Promise.all(
        batches.slice(start, start + 8).map(async (batch) => {
          let pending = batch.map((Item) => ({ PutRequest: { Item } }));
          while (pending.length > 0) {
            const out = await table.documents.send(
              new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }),
            );
            pending = (out.UnprocessedItems?.[table.tableName] ?? []) as typeof pending;
          }
        }),
      );
    }
  }, 120_000);

  afterAll(() => table.destroy());

  function queriesAt(now: number) {
    return new WorkshopQueries({
      store: table.store(),
      defaultRegions: [REGION],
      tokenSecret: "stats",
      now: () => now,
      workshopCacheMs: 0,
    });
  }

  it("counts every NLB, target, mode and stuck target, reading page after page, eventually consistent", async () => {
    // Prepare
    const api = queriesAt(NOW);
    queries.length = 0;

    // Act
    const stats = await api.stats(WORKSHOP, "current");

    // Assess
    const pages = queries.filter((q) => q.pk === workshopPk(WORKSHOP));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((q) => q.consistentRead !== true)).toBe(true);
    expect(queries.filter((q) => q.pk === transitionsPk(WORKSHOP))).toEqual([]);
    expect(stats).toMatchObject({ scope: "current", windowStart: null });
    expect(stats.loadBalancers).toBe(NLBS);
    expect(stats.targets).toBe(NLBS * 3 + NLBS / 10);
    expect(stats.targetsSeen).toBe(stats.targets);
    expect(stats.modes).toEqual({ instance: 0, ip: NLBS - NLBS / 5, mixed: NLBS / 5, none: 0 });
    // 6,000 durations, 60–119 s, each value 100 times: p50 is 89, p90 is 113 (nearest rank).
    expect(stats.timeToHealthy.ip).toEqual({ count: NLBS * 3, p50: 89, p90: 113, max: 119 });
    expect(stats.timeToHealthy.instance).toEqual({ count: 0 });
    expect(stats.stuckTargets).toHaveLength(NLBS / 10);
    expect(stats.stuckTargets.every((t) => t.notHealthySeconds === 400 && t.state === "initial")).toBe(true);
  });

  it("counts, over the retention window, the targets that have left too, each once, reading every page of transitions eventually consistent", async () => {
    // Prepare
    const api = queriesAt(NOW);
    queries.length = 0;

    // Act: the default scope
    const stats = await api.stats(WORKSHOP);

    // Assess
    const transitionPages = queries.filter((q) => q.pk === transitionsPk(WORKSHOP));
    expect(transitionPages.length).toBeGreaterThanOrEqual(3);
    expect(transitionPages.every((q) => q.consistentRead !== true)).toBe(true);
    expect(stats).toMatchObject({ scope: "window", windowStart: new Date(NOW - 30 * DAY).toISOString() });
    // The current NLBs, as before.
    expect(stats.loadBalancers).toBe(NLBS);
    expect(stats.targets).toBe(NLBS * 3 + NLBS / 10);
    expect(stats.modes).toEqual({ instance: 0, ip: NLBS - NLBS / 5, mixed: NLBS / 5, none: 0 });
    expect(stats.stuckTargets).toHaveLength(NLBS / 10);
    // The node targets that left: 90–99 s, typed by their ids; the expired ones are not counted.
    expect(stats.timeToHealthy.instance).toEqual({ count: LEFT, p50: 94, p90: 98, max: 99 });
    // A current target's first healthy transition is the same registration, counted once.
    expect(stats.timeToHealthy.ip).toEqual({ count: NLBS * 3, p50: 89, p90: 113, max: 119 });
    expect(stats.targetsSeen).toBe(NLBS * 3 + NLBS / 10 + LEFT);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidCursorError } from "../../../src/adapters/dynamodb/errors.ts";
import type { Transition } from "../../../src/model/transition.ts";
import { modeTransition, NLB_ARN, NLB_NAME, nlbState, REGION, T0, targetTransition } from "./fixtures.ts";
import { createTestTable, type TestTable } from "./rig.ts";

const OTHER_NAME = "k8s-ui-uinlb-0f0f0f0f0f";
const OTHER_ARN = `arn:aws:elasticloadbalancing:${REGION}:123456789012:loadbalancer/net/${OTHER_NAME}/1111222233334444`;

/** Transitions of two NLBs, interleaved in time, stored out of order across three updates. */
const FIRST: Transition[] = [
  targetTransition(10_000, { from: "unregistered", to: "initial", secondsInPreviousState: undefined }),
  modeTransition(50_000),
];
const SECOND: Transition[] = [
  targetTransition(20_000, {
    loadBalancerArn: OTHER_ARN,
    loadBalancerName: OTHER_NAME,
    target: { id: "i-0abc", port: 30080 },
  }),
  targetTransition(40_000, {
    loadBalancerArn: OTHER_ARN,
    loadBalancerName: OTHER_NAME,
    target: { id: "i-0def", port: 30080 },
    to: "unhealthy",
    reason: "Target.FailedHealthChecks",
  }),
];
const THIRD: Transition[] = [
  targetTransition(90_000),
  targetTransition(30_000, { target: { id: "10.42.2.9", port: 8080 }, from: "healthy", to: "draining" }),
];
const ALL_NEWEST_FIRST = [...FIRST, ...SECOND, ...THIRD].sort((a, b) => b.at - a.at);

describe("DynamoWorkshopStore transitions", () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable("transitions");
    const store = table.store();
    await store.applyUpdate({ workshopId: "history", next: nlbState(), transitions: FIRST }, 30);
    await store.applyUpdate(
      { workshopId: "history", next: nlbState({ arn: OTHER_ARN, name: OTHER_NAME }), transitions: SECOND },
      30,
    );
    await store.applyUpdate(
      {
        workshopId: "history",
        previous: { state: nlbState(), version: 1 },
        next: nlbState(),
        transitions: THIRD,
      },
      30,
    );
  });

  afterAll(() => table.destroy());

  it("lists a workshop's transitions newest first", async () => {
    // Prepare
    const store = table.store();

    // Act
    const listed = await store.listTransitions("history");

    // Assess
    expect(listed).toEqual(ALL_NEWEST_FIRST);
  });

  it("lists one NLB's transitions newest first through the index", async () => {
    // Prepare
    const store = table.store();

    // Act
    const listed = await store.listTransitions("history", { loadBalancerName: OTHER_NAME });

    // Assess
    expect(listed).toEqual(ALL_NEWEST_FIRST.filter((t) => t.loadBalancerArn === OTHER_ARN));
  });

  it("gives one NLB's history since a time, for a workshop that adopts it", async () => {
    // Prepare
    const store = table.store();

    // Act
    const all = await store.loadNlbHistory("history", NLB_NAME, T0);
    const recent = await store.loadNlbHistory("history", NLB_NAME, T0 + 30_000);
    const none = await store.loadNlbHistory("history", NLB_NAME, T0 + 100_000);

    // Assess: both ends included, the other NLB's left out
    const own = ALL_NEWEST_FIRST.filter((t) => t.loadBalancerArn === NLB_ARN);
    expect(all).toEqual(own);
    expect(recent).toEqual(own.filter((t) => t.at >= T0 + 30_000));
    expect(recent.map((t) => t.at - T0)).toEqual([90_000, 50_000, 30_000]);
    expect(none).toEqual([]);
  });

  it("returns at most `limit` transitions, the newest", async () => {
    // Prepare
    const store = table.store();

    // Act
    const listed = await store.listTransitions("history", { loadBalancerName: NLB_NAME, limit: 2 });

    // Assess
    expect(listed).toEqual(ALL_NEWEST_FIRST.filter((t) => t.loadBalancerArn === NLB_ARN).slice(0, 2));
  });

  it("pages through a workshop's transitions with a cursor, without gaps or repeats", async () => {
    // Prepare
    const store = table.store();
    const pages: Transition[][] = [];
    let cursor: string | undefined;

    // Act
    do {
      const page = await store.listTransitionsPage("history", {
        limit: 4,
        ...(cursor === undefined ? {} : { exclusiveStartKey: cursor }),
      });
      pages.push(page.items);
      cursor = page.lastEvaluatedKey;
    } while (cursor !== undefined);

    // Assess
    expect(pages.map((p) => p.length).slice(0, 2)).toEqual([4, 2]);
    expect(pages.flat()).toEqual(ALL_NEWEST_FIRST);
  });

  it("keeps to the [since, until] window, both ends included", async () => {
    // Prepare
    const store = table.store();

    // Act
    const window = await store.listTransitionsPage("history", {
      limit: 100,
      since: T0 + 20_000,
      until: T0 + 50_000,
    });
    const sinceOnly = await store.listTransitionsPage("history", { limit: 100, since: T0 + 50_000 });
    const untilOnly = await store.listTransitionsPage("history", { limit: 100, until: T0 + 20_000 });
    const inverted = await store.listTransitionsPage("history", { limit: 100, since: T0 + 9e6, until: T0 });

    // Assess
    const at = (page: { items: Transition[] }) => page.items.map((t) => t.at - T0);
    expect(at(window)).toEqual([50_000, 40_000, 30_000, 20_000]);
    expect(at(sinceOnly)).toEqual([90_000, 50_000]);
    expect(at(untilOnly)).toEqual([20_000, 10_000]);
    expect(inverted.items).toEqual([]);
  });

  it("filters one NLB's transitions by region", async () => {
    // Prepare
    const store = table.store();

    // Act
    const here = await store.listTransitionsPage("history", {
      loadBalancerName: NLB_NAME,
      region: REGION,
      limit: 10,
    });
    const elsewhere = await store.listTransitionsPage("history", {
      loadBalancerName: NLB_NAME,
      region: "eu-west-1",
      limit: 10,
    });

    // Assess
    expect(here.items).toHaveLength(4);
    expect(elsewhere.items).toEqual([]);
  });

  it("rejects a cursor from another query, or one that is not a cursor", async () => {
    // Prepare
    const store = table.store();
    const { lastEvaluatedKey } = await store.listTransitionsPage("history", { limit: 1 });

    // Act
    const otherWorkshop = store.listTransitionsPage("elsewhere", {
      limit: 1,
      exclusiveStartKey: lastEvaluatedKey,
    });
    const otherIndex = store.listTransitionsPage("history", {
      loadBalancerName: NLB_NAME,
      limit: 1,
      exclusiveStartKey: lastEvaluatedKey,
    });
    const garbage = store.listTransitionsPage("history", { limit: 1, exclusiveStartKey: "not a cursor" });

    // Assess
    await expect(otherWorkshop).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(otherIndex).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(garbage).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("returns no transitions for a workshop without history", async () => {
    // Prepare
    const store = table.store();

    // Act
    const listed = await store.listTransitions("quiet");

    // Assess
    expect(listed).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { ItemTooLargeError } from "../../../../src/adapters/dynamodb/errors.ts";
import {
  MAX_TRANSACTION_ACTIONS,
  planNlbUpdate,
  transitionItem,
  versionConflict,
} from "../../../../src/adapters/dynamodb/nlb-update-plan.ts";
import { NLB_ARN, NLB_KEY, record, s, state, transition, transitions, update, WORKSHOP } from "./fixtures.ts";

const NOW = s(60);
const RETENTION_DAYS = 30;
const IF_ABSENT = {
  ConditionExpression: "attribute_not_exists(#pk)",
  ExpressionAttributeNames: { "#pk": "pk" },
};
const IF_VERSION = (version: number) => ({
  ConditionExpression: "#version = :expected",
  ExpressionAttributeNames: { "#version": "version" },
  ExpressionAttributeValues: { ":expected": version },
});

/** Before every transition of these tests: each expires `retention` after it happened (expiry.ts has its own tests). */
const WRITTEN_AT = 0;

describe("planNlbUpdate", () => {
  it("creates a new NLB at version 1, only if its item is absent", () => {
    // Prepare
    const next = state([record()]);

    // Act
    const plan = planNlbUpdate(update({ next }), RETENTION_DAYS, NOW, WRITTEN_AT);

    // Assess
    expect(plan).toEqual({
      guard: { key: NLB_KEY, expectedVersion: undefined },
      transaction: [
        { Put: { Item: { ...next, ...NLB_KEY, entity: "nlb", version: 1, updatedAt: NOW }, ...IF_ABSENT } },
      ],
      overflow: [],
    });
  });

  it("moves a known NLB to the next version, only if the stored one is still the previous", () => {
    // Prepare
    const previous = { state: state([record()]), version: 7 };
    const next = state([record({ state: "healthy", since: s(30) })], { lastChangeAt: s(30) });

    // Act
    const plan = planNlbUpdate(update({ previous, next }), RETENTION_DAYS, NOW, WRITTEN_AT);

    // Assess
    expect(plan?.guard).toEqual({ key: NLB_KEY, expectedVersion: 7 });
    expect(plan?.transaction).toEqual([
      { Put: { Item: { ...next, ...NLB_KEY, entity: "nlb", version: 8, updatedAt: NOW }, ...IF_VERSION(7) } },
    ]);
  });

  it("deletes a vanished NLB's item, only if it is still at the previous version", () => {
    // Act
    const plan = planNlbUpdate(
      update({ previous: { state: state([]), version: 3 } }),
      RETENTION_DAYS,
      NOW,
      WRITTEN_AT,
    );

    // Assess
    expect(plan?.transaction).toEqual([{ Delete: { Key: NLB_KEY, ...IF_VERSION(3) } }]);
  });

  it("puts each transition if absent, under its content-derived key, after the state action", () => {
    // Prepare
    const changes = [transition(10), transition(20, { from: "healthy", to: "unhealthy" })];

    // Act
    const plan = planNlbUpdate(
      update({ next: state([]), transitions: changes }),
      RETENTION_DAYS,
      NOW,
      WRITTEN_AT,
    );

    // Assess
    expect(plan?.transaction.slice(1)).toEqual(
      changes.map((t) => ({
        Put: { Item: transitionItem(WORKSHOP, t, RETENTION_DAYS, WRITTEN_AT), ...IF_ABSENT },
      })),
    );
  });

  it("plans transitions without a state action and without a guard when there is no state", () => {
    // Act
    const plan = planNlbUpdate(update({ transitions: [transition(10)] }), RETENTION_DAYS, NOW, WRITTEN_AT);

    // Assess
    expect(plan?.guard).toBeUndefined();
    expect(plan?.transaction).toEqual([
      { Put: { Item: transitionItem(WORKSHOP, transition(10), RETENTION_DAYS, WRITTEN_AT), ...IF_ABSENT } },
    ]);
  });

  it("plans nothing for an update with no state and no transitions", () => {
    expect(planNlbUpdate(update(), RETENTION_DAYS, NOW, WRITTEN_AT)).toBeUndefined();
  });

  it("puts a transition listed twice once: a transaction may touch an item only once", () => {
    // Act
    const plan = planNlbUpdate(
      update({ next: state([]), transitions: [transition(10), { ...transition(10) }] }),
      RETENTION_DAYS,
      NOW,
      WRITTEN_AT,
    );

    // Assess
    expect(plan?.transaction).toHaveLength(2);
  });

  it("keeps the state action and the first 99 transitions in the transaction and the rest as overflow", () => {
    // Act
    const plan = planNlbUpdate(
      update({ next: state([]), transitions: transitions(250) }),
      RETENTION_DAYS,
      NOW,
      WRITTEN_AT,
    );

    // Assess
    expect(plan?.transaction).toHaveLength(MAX_TRANSACTION_ACTIONS);
    expect(plan?.transaction[0]).toHaveProperty("Put.Item.entity", "nlb");
    expect(plan?.overflow).toHaveLength(250 - 99);
    expect(plan?.overflow[0]).toEqual({
      Item: transitionItem(
        WORKSHOP,
        transitions(250)[99] as ReturnType<typeof transition>,
        RETENTION_DAYS,
        WRITTEN_AT,
      ),
      ...IF_ABSENT,
    });
  });

  it("gives all 100 actions to transitions when there is no state action", () => {
    // Act
    const plan = planNlbUpdate(update({ transitions: transitions(101) }), RETENTION_DAYS, NOW, WRITTEN_AT);

    // Assess
    expect(plan?.transaction).toHaveLength(100);
    expect(plan?.overflow).toHaveLength(1);
  });

  it("refuses a malformed update before building any item", () => {
    const other = state([], { arn: NLB_ARN.replace(/[0-9a-f]+$/, "0000111122223333") });
    expect(() => planNlbUpdate(update({ workshopId: "a#b", next: state([]) }), 30, NOW, WRITTEN_AT)).toThrow(
      RangeError,
    );
    expect(() => planNlbUpdate(update({ next: state([]) }), 0, NOW, WRITTEN_AT)).toThrow(RangeError);
    expect(() => planNlbUpdate(update({ next: state([]) }), Number.NaN, NOW, WRITTEN_AT)).toThrow(RangeError);
    expect(() =>
      planNlbUpdate(update({ previous: { state: state([]), version: 1 }, next: other }), 30, NOW, WRITTEN_AT),
    ).toThrow(RangeError);
  });

  it("refuses an NLB state too large for one item", () => {
    // Prepare
    const huge = state(
      Array.from({ length: 3_000 }, (_, i) => record({ id: `10.${Math.floor(i / 250)}.${i % 250}.1` })),
    );

    // Act
    const planning = () => planNlbUpdate(update({ next: huge }), RETENTION_DAYS, NOW, WRITTEN_AT);

    // Assess
    expect(planning).toThrow(ItemTooLargeError);
  });
});

describe("transitionItem", () => {
  it("stores the transition with its keys, the NLB's GSI partition and an expiry in epoch seconds", () => {
    // Prepare
    const change = transition(95.5);

    // Act
    const item = transitionItem(WORKSHOP, change, 7, WRITTEN_AT);

    // Assess
    expect(item).toMatchObject({
      ...change,
      pk: `WS#${WORKSHOP}#TR`,
      sk: `${new Date(change.at).toISOString()}#${item.transitionId}`,
      gsi1pk: `WS#${WORKSHOP}#NLB#${change.loadBalancerName}`,
      gsi1sk: item.sk,
      expiresAt: Math.floor(change.at / 1000) + 7 * 86_400,
      entity: "transition",
    });
    expect(item.transitionId).toMatch(/^[0-9a-f]{24}$/);
  });

  it("derives the same key from the same change, whenever it is written", () => {
    expect(transitionItem(WORKSHOP, transition(10), 30, WRITTEN_AT).sk).toBe(
      transitionItem(WORKSHOP, transition(10), 1, WRITTEN_AT).sk,
    );
    expect(transitionItem(WORKSHOP, transition(10), 30, WRITTEN_AT).sk).not.toBe(
      transitionItem(WORKSHOP, transition(11), 30, WRITTEN_AT).sk,
    );
  });

  it("leaves out fields the transition does not have", () => {
    expect(
      transitionItem(WORKSHOP, transition(10, { secondsInPreviousState: undefined }), 30, WRITTEN_AT),
    ).not.toHaveProperty("secondsInPreviousState");
  });
});

describe("versionConflict", () => {
  it("accepts the expected version, or an absent item when none is expected", () => {
    expect(versionConflict(4, 4)).toBeUndefined();
    expect(versionConflict(undefined, undefined)).toBeUndefined();
  });

  it("says which version was found instead", () => {
    expect(versionConflict(5, 4)).toBe("stored version is 5, not 4");
    expect(versionConflict(undefined, 4)).toBe("stored version is absent, not 4");
    expect(versionConflict(1, undefined)).toBe("stored version is 1, not absent");
  });
});

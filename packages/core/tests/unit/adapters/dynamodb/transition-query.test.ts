import { describe, expect, it } from "vitest";
import { encodeCursor } from "../../../../src/adapters/dynamodb/cursor.ts";
import { InvalidCursorError } from "../../../../src/adapters/dynamodb/errors.ts";
import { transitionQuery } from "../../../../src/adapters/dynamodb/transition-log.ts";

const SINCE = Date.parse("2026-11-27T09:00:00.000Z");
const UNTIL = Date.parse("2026-11-27T10:00:00.000Z");

describe("transitionQuery", () => {
  it("reads a workshop's history newest first, one page of `limit`", () => {
    expect(transitionQuery("w1", { limit: 50 })).toEqual({
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": "pk" },
      ExpressionAttributeValues: { ":pk": "WS#w1#TR" },
      ScanIndexForward: false,
      Limit: 50,
    });
  });

  it("reads one NLB's transitions from gsi1, optionally filtered by region", () => {
    expect(transitionQuery("w1", { limit: 10, loadBalancerName: "k8s-ui", region: "us-west-2" })).toEqual({
      IndexName: "gsi1",
      KeyConditionExpression: "#pk = :pk",
      FilterExpression: "#region = :region",
      ExpressionAttributeNames: { "#pk": "gsi1pk", "#region": "region" },
      ExpressionAttributeValues: { ":pk": "WS#w1#NLB#k8s-ui", ":region": "us-west-2" },
      ScanIndexForward: false,
      Limit: 10,
    });
  });

  it("filters by account in the Query itself, beside the region: still one request a page", () => {
    expect(
      transitionQuery("w1", {
        limit: 10,
        loadBalancerName: "k8s-ui",
        region: "us-west-2",
        accountId: "210000000001",
      }),
    ).toMatchObject({
      IndexName: "gsi1",
      FilterExpression: "#region = :region AND contains(#accountArn, :accountArn)",
      ExpressionAttributeNames: { "#pk": "gsi1pk", "#region": "region", "#accountArn": "loadBalancerArn" },
      ExpressionAttributeValues: {
        ":pk": "WS#w1#NLB#k8s-ui",
        ":region": "us-west-2",
        ":accountArn": ":210000000001:loadbalancer/",
      },
      Limit: 10,
    });
    expect(transitionQuery("w1", { limit: 10, accountId: "210000000001" })?.FilterExpression).toBe(
      "contains(#accountArn, :accountArn)",
    );
  });

  it("bounds the sort key by ISO times, including every transition of the last millisecond", () => {
    expect(transitionQuery("w1", { limit: 10, since: SINCE, until: UNTIL })).toMatchObject({
      KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :since AND :until",
      ExpressionAttributeNames: { "#pk": "pk", "#sk": "sk" },
      ExpressionAttributeValues: {
        ":since": "2026-11-27T09:00:00.000Z",
        ":until": "2026-11-27T10:00:00.000Z#~",
      },
    });
    expect(transitionQuery("w1", { limit: 10, since: SINCE })).toMatchObject({
      KeyConditionExpression: "#pk = :pk AND #sk >= :since",
    });
    expect(transitionQuery("w1", { limit: 10, until: UNTIL, loadBalancerName: "k8s-ui" })).toMatchObject({
      KeyConditionExpression: "#pk = :pk AND #sk <= :until",
      ExpressionAttributeNames: { "#pk": "gsi1pk", "#sk": "gsi1sk" },
    });
  });

  it("has no query for an empty time range", () => {
    expect(transitionQuery("w1", { limit: 10, since: UNTIL, until: SINCE })).toBeUndefined();
  });

  it("starts after the cursor of the same query only", () => {
    // Prepare
    const key = { pk: "WS#w1#TR", sk: "2026-11-27T09:00:00.000Z#abc" };

    // Act
    const query = transitionQuery("w1", { limit: 10, exclusiveStartKey: encodeCursor(key) });

    // Assess
    expect(query?.ExclusiveStartKey).toEqual(key);
    expect(() => transitionQuery("w2", { limit: 10, exclusiveStartKey: encodeCursor(key) })).toThrow(
      InvalidCursorError,
    );
  });

  it("refuses a malformed workshop id, NLB name or limit", () => {
    expect(() => transitionQuery("a#b", { limit: 10 })).toThrow(RangeError);
    expect(() => transitionQuery("w1", { limit: 10, loadBalancerName: "" })).toThrow(RangeError);
    expect(() => transitionQuery("w1", { limit: 0 })).toThrow(RangeError);
  });
});

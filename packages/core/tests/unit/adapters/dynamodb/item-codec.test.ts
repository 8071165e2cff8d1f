import { describe, expect, it } from "vitest";
import { ItemTooLargeError } from "../../../../src/adapters/dynamodb/errors.ts";
import { fromItem, MAX_ITEM_BYTES, toItem } from "../../../../src/adapters/dynamodb/item-codec.ts";

describe("the item codec", () => {
  it("drops undefined values at every depth, and from lists", () => {
    // Act
    const item = toItem(
      { a: 1, b: undefined, nested: { c: undefined, d: [1, undefined, { e: undefined }] } },
      {},
      "x",
    );

    // Assess
    expect(item).toStrictEqual({ a: 1, nested: { d: [1, {}] } });
  });

  it("writes the store's attributes over the model's, so a model field can never move a key", () => {
    expect(toItem({ pk: "forged", name: "n" }, { pk: "WS#w1", sk: "s" }, "x")).toEqual({
      pk: "WS#w1",
      sk: "s",
      name: "n",
    });
  });

  it("reads back the model without the store's attributes", () => {
    // Prepare
    const model = { id: "w1", name: "Workshop", regions: ["us-west-2"] };
    const meta = {
      pk: "WORKSHOPS",
      sk: "w1#CONFIG",
      gsi1pk: "g",
      gsi1sk: "h",
      expiresAt: 1,
      entity: "workshop",
      version: 2,
      updatedAt: 3,
      transitionId: "t",
    };

    // Act
    const read = fromItem(toItem(model, meta, "workshop w1"));

    // Assess
    expect(read).toEqual(model);
  });

  it("refuses an item near DynamoDB's 400 KB limit, saying which and how large", () => {
    // Act
    let error: unknown;
    try {
      toItem({ text: "x".repeat(MAX_ITEM_BYTES) }, {}, "workshop big");
    } catch (thrown) {
      error = thrown;
    }

    // Assess
    expect(error).toBeInstanceOf(ItemTooLargeError);
    expect((error as ItemTooLargeError).sizeBytes).toBeGreaterThan(MAX_ITEM_BYTES);
    expect((error as Error).message).toContain("workshop big");
  });
});

import { describe, expect, it } from "vitest";
import {
  assertPageLimit,
  decodeCursor,
  encodeCursor,
  GSI1_CURSOR_ATTRIBUTES,
  TABLE_CURSOR_ATTRIBUTES,
} from "../../../../src/adapters/dynamodb/cursor.ts";
import { InvalidCursorError } from "../../../../src/adapters/dynamodb/errors.ts";

const KEY = { pk: "WS#w1#TR", sk: "2026-11-27T09:00:00.000Z#abc" };
const GSI_KEY = { ...KEY, gsi1pk: "WS#w1#NLB#k8s-ui", gsi1sk: KEY.sk };

describe("pagination cursors", () => {
  it("hands back the key it was made of, for the query it came from", () => {
    expect(decodeCursor(encodeCursor(KEY), TABLE_CURSOR_ATTRIBUTES, { pk: KEY.pk })).toEqual(KEY);
    expect(decodeCursor(encodeCursor(GSI_KEY), GSI1_CURSOR_ATTRIBUTES, { gsi1pk: GSI_KEY.gsi1pk })).toEqual(
      GSI_KEY,
    );
  });

  it("is an opaque URL-safe string", () => {
    expect(encodeCursor(GSI_KEY)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("refuses a cursor of another partition or another index", () => {
    expect(() => decodeCursor(encodeCursor(KEY), TABLE_CURSOR_ATTRIBUTES, { pk: "WS#w2#TR" })).toThrow(
      InvalidCursorError,
    );
    expect(() => decodeCursor(encodeCursor(KEY), GSI1_CURSOR_ATTRIBUTES, {})).toThrow(InvalidCursorError);
    expect(() => decodeCursor(encodeCursor(GSI_KEY), TABLE_CURSOR_ATTRIBUTES, {})).toThrow(
      InvalidCursorError,
    );
  });

  it("refuses anything that is not a key of strings", () => {
    for (const cursor of [
      "%%%",
      encodeCursor({ pk: 1, sk: "x" }),
      Buffer.from("[1,2]").toString("base64url"),
    ]) {
      expect(() => decodeCursor(cursor, TABLE_CURSOR_ATTRIBUTES, {})).toThrow(InvalidCursorError);
    }
    expect(() =>
      decodeCursor(Buffer.from("null").toString("base64url"), TABLE_CURSOR_ATTRIBUTES, {}),
    ).toThrow(InvalidCursorError);
  });
});

describe("assertPageLimit", () => {
  it("allows 1 to 1000 items per page", () => {
    expect(() => assertPageLimit(1)).not.toThrow();
    expect(() => assertPageLimit(1000)).not.toThrow();
    for (const limit of [0, 1001, 2.5, Number.NaN]) expect(() => assertPageLimit(limit)).toThrow(RangeError);
  });
});

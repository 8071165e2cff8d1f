import { InvalidCursorError } from "./errors.ts";
import { GSI1_PARTITION_KEY, GSI1_SORT_KEY, PARTITION_KEY, SORT_KEY } from "./table-definition.ts";

/** DynamoDB's `LastEvaluatedKey` of a query on this table: key attribute → string value. */
export type Cursor = Record<string, string>;

/** Largest page a query may ask for. */
export const MAX_PAGE_LIMIT = 1000;

/** Key attributes in the `LastEvaluatedKey` of a query on the table. */
export const TABLE_CURSOR_ATTRIBUTES = [PARTITION_KEY, SORT_KEY] as const;
/** Key attributes in the `LastEvaluatedKey` of a query on `gsi1`: the index's and the table's. */
export const GSI1_CURSOR_ATTRIBUTES = [PARTITION_KEY, SORT_KEY, GSI1_PARTITION_KEY, GSI1_SORT_KEY] as const;

/** @throws RangeError unless `limit` is an integer from 1 to {@link MAX_PAGE_LIMIT}. */
export function assertPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${limit}`);
  }
}

/** An opaque string for a `LastEvaluatedKey` (base64url of its JSON). */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

/**
 * The `ExclusiveStartKey` in `cursor`, if it is one of this query's: exactly `attributes`, all
 * strings, with the values in `expected` (the query's partition).
 *
 * @throws InvalidCursorError for anything else (malformed, tampered, or from another query).
 */
export function decodeCursor(cursor: string, attributes: readonly string[], expected: Cursor): Cursor {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("The cursor is not one this store produced");
  }
  const valid =
    key !== null &&
    typeof key === "object" &&
    !Array.isArray(key) &&
    Object.keys(key).length === attributes.length &&
    attributes.every((name) => typeof (key as Cursor)[name] === "string") &&
    Object.entries(expected).every(([name, value]) => (key as Cursor)[name] === value);
  if (!valid) throw new InvalidCursorError("The cursor belongs to another query");
  return key as Cursor;
}

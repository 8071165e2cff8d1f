import { ItemTooLargeError } from "./errors.ts";
import {
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from "./table-definition.ts";

/** An item as the document client reads and writes it: plain data. */
export type Item = Record<string, unknown>;

/** DynamoDB's limit is 400 KB; stay well clear of it (and of the size estimate's slack). */
export const MAX_ITEM_BYTES = 350_000;

/**
 * Attributes the store adds to items; stripped again when items are read back into the model.
 * Written after the model's fields, so a model field of the same name could never move a key.
 */
const META_ATTRIBUTES = new Set<string>([
  PARTITION_KEY,
  SORT_KEY,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  TTL_ATTRIBUTE,
  "entity",
  "version",
  "updatedAt",
  "transitionId",
]);

/**
 * The item storing `fields` under `meta` (keys, entity, version…), without `undefined` values.
 * Refuses, with {@link ItemTooLargeError}, an item near DynamoDB's size limit: items are built
 * before the first request of an operation, so a too-large one stops it before anything is written.
 *
 * @param what names the item in the error, e.g. `workshop reinvent-2026`.
 */
export function toItem(fields: object, meta: Item, what: string): Item {
  const item = withoutUndefined({ ...fields, ...meta }) as Item;
  // JSON is a slight over-estimate of DynamoDB's item size (names + values), which is what a guard wants.
  const size = Buffer.byteLength(JSON.stringify(item), "utf8");
  if (size > MAX_ITEM_BYTES) {
    throw new ItemTooLargeError(
      `The ${what} would be a ${size}-byte item, over the ${MAX_ITEM_BYTES}-byte guard below DynamoDB's 400 KB limit`,
      size,
    );
  }
  return item;
}

/** The model object stored in `item`: every attribute but the store's own. */
export function fromItem<T>(item: Item): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !META_ATTRIBUTES.has(name))) as T;
}

/** The document client refuses `undefined` unless configured to drop it; the model uses optional fields everywhere. */
export function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(withoutUndefined);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}

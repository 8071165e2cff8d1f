import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidTokenError } from "./query-errors.ts";

/** One page of a list, with the token for the next one when there is more. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/**
 * Signed, opaque page tokens: the store's cursor with a MAC over the query it belongs to, so a
 * client can neither forge nor alter one, nor move it to another query.
 */
export class PageTokens {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** The page of `items`, with a token for the rest when the store stopped at `lastEvaluatedKey`. */
  page<T>(items: T[], lastEvaluatedKey: string | undefined, scope: string): Page<T> {
    return lastEvaluatedKey === undefined
      ? { items }
      : { items, nextToken: this.#sign(lastEvaluatedKey, scope) };
  }

  /** The store cursor a client's token stands for, in `scope`; {@link InvalidTokenError} otherwise. */
  startKey(token: string | undefined, scope: string): { exclusiveStartKey?: string } {
    return token === undefined ? {} : { exclusiveStartKey: this.#verify(token, scope) };
  }

  /** `<cursor>.<mac>`: the MAC covers the query it belongs to, so a token cannot be moved to another one. */
  #sign(cursor: string, scope: string): string {
    return `${cursor}.${this.#mac(cursor, scope)}`;
  }

  #verify(token: string, scope: string): string {
    const dot = token.lastIndexOf(".");
    if (dot <= 0 || token.length > 4096) throw new InvalidTokenError();
    const cursor = token.slice(0, dot);
    // Compared as text, not decoded: base64url decoding ignores the spare bits of the last
    // character and any padding, so several spellings decode to the same MAC.
    const given = Buffer.from(token.slice(dot + 1), "utf8");
    const expected = Buffer.from(this.#mac(cursor, scope), "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError();
    return cursor;
  }

  #mac(cursor: string, scope: string): string {
    return createHmac("sha256", this.#secret).update(scope).update("\n").update(cursor).digest("base64url");
  }
}

import { describe, expect, it } from "vitest";
import { currentOpenApiDocument } from "../../src/api/api-reference-source.ts";

/*
 * When the contracts moved to zod/mini, this test also showed that the document without these
 * patterns hashed to the one served before (4657ce15…cb7ca): the move changed nothing else. The
 * document has grown since (gap marks, time-to-healthy bounds), so that hash is history; what stays
 * checked here is where the plain-text rule applies.
 */
const PLAIN_TEXT = "^[^\\p{Cc}\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]*$";

/** Every `pattern: PLAIN_TEXT` of the document, by where it is, and the document without them. */
function withoutPlainTextPatterns(value: unknown, where: string[] = [], found: string[] = []): unknown {
  if (Array.isArray(value))
    return value.map((v, i) => withoutPlainTextPatterns(v, [...where, String(i)], found));
  if (!value || typeof value !== "object") return value;
  const kept: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "pattern" && v === PLAIN_TEXT) found.push(where.join("."));
    else kept[key] = withoutPlainTextPatterns(v, [...where, key], found);
  }
  return kept;
}

describe("the OpenAPI document's plain-text rule", () => {
  it("applies to the workshop's name, tag keys and values, name prefix and account labels, and a joining participant's label", () => {
    const found: string[] = [];
    withoutPlainTextPatterns(currentOpenApiDocument(), [], found);
    expect(
      found.map((path) => path.replace(/^components\.schemas\.WorkshopInput\.properties\./, "")),
    ).toEqual([
      "name",
      "selector.properties.tags.items.properties.key",
      "selector.properties.tags.items.properties.value",
      "selector.properties.namePrefix",
      "accounts.items.properties.label",
      // The body of PUT /workshops/{id}/accounts/{accountId}: the same hygiene as PUT's accounts.
      "components.schemas.AccountInput.properties.label",
      "components.schemas.JoinInput.properties.label",
    ]);
  });
});

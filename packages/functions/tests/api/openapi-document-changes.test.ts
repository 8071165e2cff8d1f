import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { currentOpenApiDocument } from "../../src/api/api-reference-source.ts";

/** The served document's SHA-256 before issue 9's input hygiene (openapi-document.test.ts pinned it). */
const BEFORE_INPUT_HYGIENE = "4657ce152708c42857775f5d4f04838e6eecbb4b1c2f83c97397d2aa5e4cb7ca";
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

describe("the OpenAPI document's changes since the zod/mini contracts (issue 14)", () => {
  it("are only the plain-text patterns of the workshop's name, tag keys and values, and name prefix (issue 9)", () => {
    const found: string[] = [];
    const before = withoutPlainTextPatterns(currentOpenApiDocument(), [], found);
    expect(createHash("sha256").update(JSON.stringify(before)).digest("hex")).toBe(BEFORE_INPUT_HYGIENE);
    expect(
      found.map((path) => path.replace(/^components\.schemas\.WorkshopInput\.properties\./, "")),
    ).toEqual([
      "name",
      "selector.properties.tags.items.properties.key",
      "selector.properties.tags.items.properties.value",
      "selector.properties.namePrefix",
    ]);
  });
});

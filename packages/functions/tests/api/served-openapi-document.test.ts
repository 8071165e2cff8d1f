import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { servedOpenApiDocumentText } from "../../src/api/api-reference-source.ts";

describe("the OpenAPI document the API serves (src/api/openapi-document.json)", () => {
  it("is what the routes' schemas generate today (run `npm run docs` after changing the API)", async () => {
    const committed = await readFile(new URL("../../src/api/openapi-document.json", import.meta.url), "utf8");
    expect(committed).toBe(servedOpenApiDocumentText());
  });
});

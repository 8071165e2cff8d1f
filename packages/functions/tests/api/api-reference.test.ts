import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { apiReferenceMarkdown } from "../../src/api/api-reference-source.ts";

describe("docs/api.md", () => {
  it("is the reference the code generates today (run `npm run docs` after changing the API)", async () => {
    const committed = await readFile("docs/api.md", "utf8");
    expect(committed).toBe(await apiReferenceMarkdown());
  });
});

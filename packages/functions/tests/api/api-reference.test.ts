import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { apiReferenceMarkdown } from "../../src/api/api-reference-source.ts";

describe("docs/api.md", () => {
  it("is the reference the code generates today (run `npm run docs` after changing the API)", async () => {
    const committed = await readFile("docs/api.md", "utf8");
    expect(committed).toBe(await apiReferenceMarkdown());
  });

  it("gives every field and parameter a note, and no integer JavaScript's safe-integer limits as its range", async () => {
    // Act
    const reference = await apiReferenceMarkdown();
    // Assess: table rows whose last cell (notes) is empty, and the limits zod gives a bare z.int()
    const rows = reference.split("\n").filter((line) => line.startsWith("| `"));
    expect(rows.filter((row) => /\|\s*\|$/.test(row))).toEqual([]);
    expect(reference).not.toContain(String(Number.MAX_SAFE_INTEGER));
    expect(rows).toContainEqual(
      expect.stringMatching(/^\| `stuckThresholdSeconds` \| integer \| 30–86400; default 300 \|$/),
    );
  });
});

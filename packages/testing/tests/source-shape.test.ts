import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const MAX_FILE_LINES = 350;
const MAX_FUNCTION_LINES = 80;
/** A comment carrying this marker, with its reason, exempts the file or function it precedes. */
const EXEMPTION = "long-by-design:";

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    // Generated code (`*.generated.ts`, written by `npm run docs`) is read by no one.
    else if (/\.tsx?$/.test(name) && !/\.(d|generated)\.ts$/.test(name)) yield path;
  }
}

function packageSources(): string[] {
  const packages = join(ROOT, "packages");
  return readdirSync(packages).flatMap((name) => {
    const src = join(packages, name, "src");
    try {
      return statSync(src).isDirectory() ? [...sourceFiles(src)] : [];
    } catch {
      return [];
    }
  });
}

function isExempt(text: string, node: ts.Node): boolean {
  const comments = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return comments.some((range) => text.slice(range.pos, range.end).includes(EXEMPTION));
}

/** Functions longer than the limit, as `path:line (n lines)`; an exempt function's inner functions are still measured. */
function longFunctions(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const lineOf = (position: number) => file.getLineAndCharacterOfPosition(position).line + 1;
  // `pending`: an exemption comment before the statement that holds the function (`const f = () =>`).
  const visit = (node: ts.Node, pending: boolean) => {
    const exempt = pending || isExempt(text, node);
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const lines = lineOf(node.end) - lineOf(node.getStart()) + 1;
      if (lines > MAX_FUNCTION_LINES && !exempt) {
        found.push(`${relative(ROOT, path)}:${lineOf(node.getStart())} (${lines} lines)`);
      }
      ts.forEachChild(node, (child) => visit(child, false));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, exempt));
  };
  ts.forEachChild(file, (child) => visit(child, false));
  return found;
}

describe("the shape of the source", () => {
  const files = packageSources().map((path) => ({ path, text: readFileSync(path, "utf8") }));

  it("finds the packages' sources", () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it(`has no source file over ${MAX_FILE_LINES} lines unless its header says why`, () => {
    const long = files
      .filter(({ text }) => text.split("\n").length > MAX_FILE_LINES)
      .filter(({ text }) => !text.slice(0, 2_000).includes(EXEMPTION))
      .map(({ path, text }) => `${relative(ROOT, path)} (${text.split("\n").length} lines)`);
    expect(long).toEqual([]);
  });

  it(`has no function over ${MAX_FUNCTION_LINES} lines unless a comment before it says why`, () => {
    expect(files.flatMap(({ path, text }) => longFunctions(path, text))).toEqual([]);
  });
});

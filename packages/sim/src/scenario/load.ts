import { readFile } from "node:fs/promises";
import { type Document, isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { checkAccounts, checkSteps } from "./checks.ts";
import { type Scenario, scenarioSchema } from "./schema.ts";

/** A scenario that cannot be used, with a message naming the file, the field and the problem. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

/** Reads a YAML or JSON scenario file (YAML is a superset of JSON, so one parser serves both). */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(
      `${path}: cannot read scenario file (${code === "ENOENT" ? "no such file" : (code ?? String(error))})`,
    );
  }
  return parseScenario(text, path);
}

/** Parses and validates scenario text; `source` names it in error messages. */
export function parseScenario(text: string, source = "scenario"): Scenario {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const pos = syntaxError.linePos?.[0];
    throw new ScenarioError(
      `${source}${pos ? `:${pos.line}:${pos.col}` : ""}: not valid YAML or JSON: ${firstLine(syntaxError.message)}`,
    );
  }
  const result = scenarioSchema.safeParse(document.toJS() ?? {});
  if (!result.success) {
    throw new ScenarioError(
      formatIssues(result.error.issues, source, (path, key) => position(document, lineCounter, path, key)),
    );
  }
  const scenario = result.data;
  const problems = [...checkAccounts(scenario), ...checkSteps(scenario)];
  if (problems.length > 0) {
    throw new ScenarioError(
      problems
        .map(
          ({ path, message }) =>
            `${source}${position(document, lineCounter, path)}: ${fieldName(path)}: ${message}`,
        )
        .join("\n"),
    );
  }
  return scenario;
}

/** `:line:col` of the value at `path` (or of its key `key`), or nothing when it cannot be found. */
function position(document: Document, lineCounter: LineCounter, path: PropertyKey[], key?: string): string {
  const offset = sourceOffset(document, path, key);
  if (offset === undefined) return "";
  const { line, col } = lineCounter.linePos(offset);
  return `:${line}:${col}`;
}

/** `steps[3].pod`, or `(top level)`. */
function fieldName(path: PropertyKey[]): string {
  return path.length > 0
    ? path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("")
    : "(top level)";
}

/** Where the value at `path` (or, given `key`, that key of the mapping at `path`) starts in the text. */
function sourceOffset(document: Document, path: PropertyKey[], key?: string): number | undefined {
  const node = path.length === 0 ? document.contents : document.getIn(path as unknown[], true);
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
    return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  }
  return (node as { range?: [number, number, number] } | undefined)?.range?.[0];
}

function formatIssues(
  issues: z.core.$ZodIssue[],
  source: string,
  position: (path: PropertyKey[], key?: string) => string,
): string {
  return issues
    .slice(0, 10)
    .map((issue) => {
      const path = issue.path;
      const field = fieldName(path);
      let message = issue.message;
      if (issue.code === "unrecognized_keys")
        message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
      const key = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
      return `${source}${position(path, key)}: ${field}: ${message}`;
    })
    .join("\n");
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

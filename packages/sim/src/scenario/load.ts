import { readFile } from "node:fs/promises";
import { type Document, isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
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
      formatIssues(result.error.issues, source, (path, key) => {
        const offset = sourceOffset(document, path, key);
        if (offset === undefined) return "";
        const { line, col } = lineCounter.linePos(offset);
        return `:${line}:${col}`;
      }),
    );
  }
  const scenario = result.data;
  const problems = [...checkAccounts(scenario), ...checkReferences(scenario)];
  if (problems.length > 0) throw new ScenarioError(problems.map((p) => `${source}: ${p}`).join("\n"));
  return scenario;
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
      const field =
        path.length > 0
          ? path
              .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`))
              .join("")
          : "(top level)";
      let message = issue.message;
      if (issue.code === "unrecognized_keys")
        message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
      const key = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
      return `${source}${position(path, key)}: ${field}: ${message}`;
    })
    .join("\n");
}

/** Account ids the schema cannot check on its own: each declared once, a class's ids all 12 digits. */
function checkAccounts(scenario: Scenario): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  scenario.accounts.forEach((account, i) => {
    if (seen.has(account.id)) problems.push(`accounts[${i}].id: account ${account.id} is listed twice`);
    seen.add(account.id);
  });
  scenario.clusters.forEach((cluster, i) => {
    const first = cluster.replicate?.firstAccountId;
    if (first === undefined) return;
    if (cluster.account !== undefined) {
      problems.push(
        `clusters[${i}]: give either account (every copy in one account) or replicate.firstAccountId (one account per copy), not both`,
      );
    }
    const count = cluster.replicate?.count ?? 1;
    if (Number(first) + count - 1 > 999_999_999_999) {
      problems.push(
        `clusters[${i}].replicate.firstAccountId: ${count} accounts from ${first} run past 999999999999`,
      );
    }
  });
  return problems;
}

/** Names that the schema cannot check on its own: steps must aim at clusters, deployments and services that exist. */
function checkReferences(scenario: Scenario): string[] {
  const problems: string[] = [];
  const clusters = new Map(scenario.clusters.map((c) => [c.name, c]));
  const services = new Map<string, Set<string>>();
  scenario.clusters.forEach((cluster, i) => {
    const deployments = new Set(cluster.deployments.map((d) => `${d.namespace}/${d.name}`));
    services.set(cluster.name, new Set(cluster.services.map((s) => `${s.namespace}/${s.name}`)));
    cluster.services.forEach((service, j) => {
      if (!deployments.has(service.deployment)) {
        problems.push(
          `clusters[${i}].services[${j}].deployment: no deployment ${service.deployment} in cluster "${cluster.name}"`,
        );
      }
    });
  });
  const ordered = scenario.steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => a.step.at - b.step.at || a.i - b.i);
  for (const { step, i } of ordered) {
    const cluster = clusters.get(step.cluster);
    if (!cluster) {
      problems.push(
        `steps[${i}].cluster: no cluster named "${step.cluster}" (clusters: ${[...clusters.keys()].join(", ") || "none"})`,
      );
      continue;
    }
    const deployments = new Set(cluster.deployments.map((d) => `${d.namespace}/${d.name}`));
    const known = services.get(step.cluster) as Set<string>;
    switch (step.action) {
      case "createService":
        if (!deployments.has(step.service.deployment)) {
          problems.push(
            `steps[${i}].service.deployment: no deployment ${step.service.deployment} in cluster "${step.cluster}"`,
          );
        }
        known.add(`${step.service.namespace}/${step.service.name}`);
        break;
      case "deleteService":
      case "setTargetType":
        if (!known.has(step.service))
          problems.push(
            `steps[${i}].service: no service ${step.service} in cluster "${step.cluster}" at ${step.at}s`,
          );
        if (step.action === "deleteService") known.delete(step.service);
        break;
      default:
        if (!deployments.has(step.deployment)) {
          problems.push(
            `steps[${i}].deployment: no deployment ${step.deployment} in cluster "${step.cluster}"`,
          );
        }
    }
  }
  return problems;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

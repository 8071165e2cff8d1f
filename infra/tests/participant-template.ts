/**
 * infra/participant-role.yaml as data: read with a plain YAML parser (long-form intrinsics are
 * maps like any other), and the checks its trust policy must pass, kept apart from the test so
 * that the test can show they catch what they are meant to catch.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { PolicyDocument, Statement } from "./iam-audit.ts";

export const TEMPLATE_PATH = path.resolve(import.meta.dirname, "../participant-role.yaml");

/** A CloudFormation parameter, as far as the template uses them. */
export interface Parameter {
  Type: string;
  Default?: string;
  MinLength?: number;
  MaxLength?: number;
  AllowedPattern?: string;
}

/** The template's sections, as far as the tests read them. */
export interface Template {
  AWSTemplateFormatVersion: string;
  Parameters: Record<string, Parameter>;
  // biome-ignore lint/suspicious/noExplicitAny: resource properties are whatever each type takes.
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
  Outputs: Record<string, { Value: unknown }>;
}

/** What the YAML parser said besides the data: errors, and warnings such as unresolved `!Ref` tags. */
export function parseProblems(text: string): string[] {
  const document = parseDocument(text);
  return [...document.errors, ...document.warnings].map((problem) => problem.message);
}

/** The template, parsed; throws on anything the parser complains about. */
export function readTemplate(text = readFileSync(TEMPLATE_PATH, "utf8")): Template {
  const problems = parseProblems(text);
  if (problems.length > 0) throw new Error(`participant-role.yaml: ${problems.join("; ")}`);
  return parseDocument(text).toJS() as Template;
}

/** The template's one IAM role (its trust policy and inline policies). */
export function roleOf(template: Template) {
  const roles = Object.values(template.Resources).filter((r) => r.Type === "AWS::IAM::Role");
  if (roles.length !== 1) throw new Error(`expected one AWS::IAM::Role, found ${roles.length}`);
  const properties = (roles[0] as Template["Resources"][string]).Properties;
  return {
    properties,
    trust: properties.AssumeRolePolicyDocument as PolicyDocument,
    permissions: ((properties.Policies ?? []) as { PolicyDocument: PolicyDocument }[]).flatMap(
      (policy) => policy.PolicyDocument.Statement,
    ),
  };
}

/** The trust policy's principal and condition that every allowing statement must carry, exactly. */
export const REQUIRED_TRUST = {
  Principal: { AWS: { Ref: "CollectorRoleArn" } },
  Action: "sts:AssumeRole",
  Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
};

/**
 * What is wrong with a participant role's trust policy, as readable lines (none: it admits only
 * the collector role given as CollectorRoleArn, only to AssumeRole, only with the external id):
 * any other principal (an account root, `*`, a service), NotPrincipal or NotAction, any other
 * action (TagSession, AssumeRoleWithWebIdentity…), a missing or different external id condition
 * or any extra condition that could widen it.
 */
export function trustViolations(statements: Statement[]): string[] {
  const violations: string[] = [];
  for (const statement of statements) {
    const where = JSON.stringify(statement);
    if (statement.Effect !== "Allow") continue;
    const record = statement as unknown as Record<string, unknown>;
    if ("NotPrincipal" in record) violations.push(`NotPrincipal in ${where}`);
    if ("NotAction" in record) violations.push(`NotAction in ${where}`);
    if (JSON.stringify(statement.Principal) !== JSON.stringify(REQUIRED_TRUST.Principal))
      violations.push(`principal other than the collector role in ${where}`);
    const actions = [statement.Action ?? []].flat();
    if (actions.length !== 1 || actions[0] !== REQUIRED_TRUST.Action)
      violations.push(`actions other than sts:AssumeRole in ${where}`);
    if (JSON.stringify(statement.Condition) !== JSON.stringify(REQUIRED_TRUST.Condition))
      violations.push(`condition other than StringEquals sts:ExternalId = ExternalId in ${where}`);
  }
  if (!statements.some((s) => s.Effect === "Allow")) violations.push("no statement lets the collector in");
  return violations;
}

/** Does a CloudFormation AllowedPattern accept this value? (CloudFormation matches the whole value.) */
export function patternAccepts(pattern: string | undefined, value: string): boolean {
  if (pattern === undefined) return true;
  return new RegExp(`^(?:${pattern})$`).test(value);
}

/** Every `Ref` and `Fn::Sub` variable in a value, by name. */
export function referencedNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedNames);
  if (!value || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  const own: string[] = [];
  if (typeof record.Ref === "string") own.push(record.Ref);
  if (typeof record["Fn::Sub"] === "string")
    own.push(...[...record["Fn::Sub"].matchAll(/\$\{([\w:.]+)\}/g)].map((m) => m[1] as string));
  if (Array.isArray(record["Fn::GetAtt"])) own.push(String(record["Fn::GetAtt"][0]));
  return [...own, ...Object.values(record).flatMap(referencedNames)];
}

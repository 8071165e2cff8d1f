/**
 * The participant role template (infra/participant-role.yaml), offline: parsed as plain YAML and
 * audited like the stack's own IAM. That its ELBv2 actions are the ones the collector's code
 * calls is checked in infra.test.ts, next to the call graph of the handlers.
 */
import { readFileSync } from "node:fs";
import { DEFAULT_PARTICIPANT_ROLE_NAME, ROLE_NAME_PATTERN } from "@targetwatch/core/model";
import { describe, expect, it } from "vitest";
import { ELB_DESCRIBE_ACTIONS, participantRoleNames } from "../participant-access.ts";
import { findPolicyDocuments, findViolations, type Statement } from "./iam-audit.ts";
import {
  parseProblems,
  patternAccepts,
  readTemplate,
  referencedNames,
  roleOf,
  TEMPLATE_PATH,
  type Template,
  trustViolations,
} from "./participant-template.ts";

/** What the collector calls (packages/core's ELBv2 adapter), written out: the template must grant exactly these. */
const ELB_DESCRIBE = [
  "elasticloadbalancing:DescribeLoadBalancers",
  "elasticloadbalancing:DescribeTags",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeTargetHealth",
];
const COLLECTOR_ROLE_ARN = "arn:aws:iam::123456789012:role/targetwatch-prod-CollectorRole-a1b2c3d";

const template: Template = readTemplate();
const role = roleOf(template);
const parameter = (name: string) => template.Parameters[name];

describe("the participant role template", () => {
  it("is plain YAML: long-form intrinsics, nothing a YAML parser cannot resolve", () => {
    expect(parseProblems(readFileSync(TEMPLATE_PATH, "utf8"))).toEqual([]);
    expect(template.AWSTemplateFormatVersion).toBe("2010-09-09");
    const declared = [...Object.keys(template.Parameters), ...Object.keys(template.Resources)];
    const referenced = referencedNames([template.Resources, template.Outputs]);
    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((name) => !declared.includes(name))).toEqual([]);
  });

  it("creates one IAM role, named by RoleName, with one inline policy, no managed policy and sessions of at most an hour", () => {
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(["AWS::IAM::Role"]);
    expect(role.properties.RoleName).toEqual({ Ref: "RoleName" });
    expect(role.properties.MaxSessionDuration).toBe(3600);
    expect(role.properties.ManagedPolicyArns).toBeUndefined();
    expect(role.properties.PermissionsBoundary).toBeUndefined();
    expect(role.properties.Policies).toHaveLength(1);
  });

  it("lets only the collector role given as CollectorRoleArn assume it, and only with the workshop's external id", () => {
    expect(role.trust.Statement).toEqual([
      {
        Sid: "TargetWatchCollector",
        Effect: "Allow",
        Principal: { AWS: { Ref: "CollectorRoleArn" } },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } } },
      },
    ]);
    expect(trustViolations(role.trust.Statement)).toEqual([]);
  });

  it("grants exactly the collector's ELBv2 Describe* actions, on `*` only because ELBv2 requires it", () => {
    expect(role.permissions).toHaveLength(1);
    const [describe] = role.permissions as [Statement];
    expect(describe.Effect).toBe("Allow");
    expect([describe.Action].flat().sort()).toEqual([...ELB_DESCRIBE].sort());
    expect([describe.Action].flat().sort()).toEqual([...ELB_DESCRIBE_ACTIONS].sort());
    expect(describe.Resource).toBe("*");
    expect(describe.Condition).toBeUndefined();
    // The stack's own audit, over every policy document of the template (trust policy included).
    const statements = findPolicyDocuments(template.Resources).flatMap((d) => d.Statement);
    expect(statements).toHaveLength(2);
    expect(findViolations(statements, [{ actions: ELB_DESCRIBE_ACTIONS }])).toEqual([]);
  });

  it("accepts only an IAM role's ARN as CollectorRoleArn: never an account, a user or a wildcard", () => {
    const pattern = parameter("CollectorRoleArn")?.AllowedPattern;

    expect(pattern).toBeDefined();
    for (const arn of [
      COLLECTOR_ROLE_ARN,
      "arn:aws:iam::123456789012:role/service-role/targetwatch-collector",
      "arn:aws-cn:iam::123456789012:role/targetwatch-collector",
    ])
      expect(patternAccepts(pattern, arn), arn).toBe(true);
    for (const arn of [
      "*",
      "123456789012",
      "arn:aws:iam::123456789012:root",
      "arn:aws:iam::123456789012:user/ci",
      "arn:aws:iam::*:role/targetwatch-collector",
      "arn:aws:iam::123456789012:role/*",
      "arn:aws:sts::123456789012:assumed-role/targetwatch-collector/session",
    ])
      expect(patternAccepts(pattern, arn), arn).toBe(false);
  });

  it("requires an external id as STS takes one (2–1224 of letters, digits and +=,.@:/_-)", () => {
    const externalId = parameter("ExternalId");

    expect(externalId).toMatchObject({ Type: "String", MinLength: 2, MaxLength: 1224 });
    expect(externalId?.Default).toBeUndefined();
    expect(patternAccepts(externalId?.AllowedPattern, "tw-3q2x_9VbK8mN4pLz-0aQ1wE7rT5yU")).toBe(true);
    expect(patternAccepts(externalId?.AllowedPattern, "has space")).toBe(false);
    expect(patternAccepts(externalId?.AllowedPattern, 'quote"d')).toBe(false);
  });

  it("names the role TargetWatchReader by default: the one name the deployment allows by default", () => {
    const roleName = parameter("RoleName");

    expect(roleName?.Default).toBe(DEFAULT_PARTICIPANT_ROLE_NAME);
    expect(participantRoleNames(undefined)).toEqual([roleName?.Default]);
    for (const name of ["TargetWatchReader", "EventReader+2", "a".repeat(64)])
      expect(patternAccepts(roleName?.AllowedPattern, name), name).toBe(ROLE_NAME_PATTERN.test(name));
    for (const name of ["", "a".repeat(65), "with space", "path/name", "*"])
      expect(patternAccepts(roleName?.AllowedPattern, name), name).toBe(false);
  });

  it("outputs the role's ARN", () => {
    const [logical] = Object.keys(template.Resources);

    expect(template.Outputs.RoleArn?.Value).toEqual({ "Fn::GetAtt": [logical, "Arn"] });
  });
});

describe("the participant template's trust audit", () => {
  const good = role.trust.Statement[0] as Statement;

  it("catches another principal, another action, and a missing or loosened external id condition", () => {
    const bad: Statement[] = [
      { ...good, Principal: { AWS: "arn:aws:iam::123456789012:root" } },
      { ...good, Principal: "*" },
      { ...good, Principal: { Service: "lambda.amazonaws.com" } },
      { ...good, Action: ["sts:AssumeRole", "sts:TagSession"] },
      { ...good, Condition: undefined },
      { ...good, Condition: { StringLike: { "sts:ExternalId": "*" } } },
      {
        ...good,
        Condition: {
          StringEquals: { "sts:ExternalId": { Ref: "ExternalId" } },
          Bool: { "aws:SecureTransport": "true" },
        } as unknown as Statement["Condition"],
      },
      { ...good, NotPrincipal: { AWS: COLLECTOR_ROLE_ARN } } as Statement,
    ];

    for (const statement of bad)
      expect(trustViolations([statement]), JSON.stringify(statement)).not.toEqual([]);
    expect(trustViolations([{ ...good, Effect: "Deny" }])).toEqual(["no statement lets the collector in"]);
  });

  it("refuses `!Ref` tags, which a plain YAML parser cannot resolve", () => {
    expect(parseProblems("RoleName: !Ref RoleName\n")).toHaveLength(1);
    expect(() => readTemplate("RoleName: !Ref RoleName\n")).toThrow(/Unresolved tag/);
  });
});

describe("the deploy setting TARGETWATCH_PARTICIPANT_ROLE_NAMES", () => {
  it("defaults to TargetWatchReader, trims and drops repeats and blanks", () => {
    expect(participantRoleNames(undefined)).toEqual(["TargetWatchReader"]);
    expect(participantRoleNames(" , ")).toEqual(["TargetWatchReader"]);
    expect(participantRoleNames(" EventReader, TargetWatchReader ,EventReader,")).toEqual([
      "EventReader",
      "TargetWatchReader",
    ]);
  });

  it("fails the deploy on a name IAM would refuse, rather than grant AssumeRole on it", () => {
    expect(() => participantRoleNames("TargetWatchReader,*")).toThrow(
      /TARGETWATCH_PARTICIPANT_ROLE_NAMES.*"\*"/,
    );
    expect(() => participantRoleNames("team/reader")).toThrow(/"team\/reader"/);
    expect(() => participantRoleNames("a".repeat(65))).toThrow(/not IAM role names/);
  });
});

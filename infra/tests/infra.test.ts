/**
 * The deployed resource graph, without AWS: sst.config.ts runs on the real SST components under
 * Pulumi mocks (harness/program.ts), as a development stage, as the stage the README's Deploy
 * section deploys, and as another stage deployed with TARGETWATCH_PROTECT=true, and the resources
 * they register are asserted here: what `sst deploy` would ask AWS to create.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { TABLE_DEFINITION, WORKSHOPS_PK } from "@targetwatch/core/definitions";
import {
  API_ROUTE_KEYS,
  COLLECTOR_NODE_OPTIONS,
  DASHBOARD_PACKAGE_DIR,
} from "@targetwatch/functions/definitions";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PROTECT_SETTING, protectsData } from "../data-protection.ts";
import {
  findPolicyDocuments,
  findViolations,
  iamPatternMatches,
  type StarResourceAllowance,
  type Statement,
} from "./iam-audit.ts";
import { roleOf as participantRoleOf, readTemplate } from "./participant-template.ts";
import { bundleProgram, type Recorded, type RecordedResource, ROOT, runProgram } from "./rig/run-program.ts";
import { actionsOf as actionsCalled, type SdkCall, sdkCallsOfHandlers } from "./sdk-usage.ts";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const ELB_DESCRIBE = [
  "elasticloadbalancing:DescribeLoadBalancers",
  "elasticloadbalancing:DescribeTags",
  "elasticloadbalancing:DescribeTargetGroups",
  "elasticloadbalancing:DescribeTargetHealth",
];
/** The only statements where AWS requires `Resource: "*"`. */
const STAR_RESOURCE_ALLOWED: StarResourceAllowance[] = [
  { actions: ELB_DESCRIBE },
  {
    actions: ["cloudwatch:PutMetricData"],
    condition: { StringEquals: { "cloudwatch:namespace": ["TargetWatch"] } },
  },
];
const LOG_RETENTION_DAYS = 30;
/** Granted for the Lambda runtime (it writes the function's logs), not for calls of the code. */
const RUNTIME_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents"];
/** Each function's handler, as SST builds it, and its function in the graph (by short name). */
const HANDLERS = {
  collector: "packages/functions/src/collector/handler.handler",
  api: "packages/functions/src/api/handler.handler",
};
/** The audit's own fixture (see its README). */
const FIXTURE_HANDLER = "infra/tests/fixtures/sdk-usage/handler.handler";
/** What the production run is deployed with (the dev run gets none). */
const DEPLOY_SETTINGS = {
  TARGETWATCH_ALARM_EMAIL: "ops@example.com",
  TARGETWATCH_REGIONS: "eu-west-1,us-east-1",
  TARGETWATCH_PARTICIPANT_ROLE_NAMES: " TargetWatchReader, EventReader ",
};
/** The participant roles the collector may assume: by default the template's default name. */
const PARTICIPANT_ROLE_NAMES = {
  dev: ["TargetWatchReader"],
  production: ["TargetWatchReader", "EventReader"],
};

/** The stage the README's Deploy section tells people to deploy: the production run uses it. */
const README_STAGE = readmeDeployStage();

const stages = {} as Record<"dev" | typeof README_STAGE, Recorded>;
/** A stage that is not production by name, deployed with the protections turned on. */
let protectedStaging: Recorded;
/** The AWS calls each handler's code can make, by handler. */
let sdkCalls: Map<string, SdkCall[]>;

beforeAll(async () => {
  const bundle = await bundleProgram();
  // One process per run: Pulumi's runtime is one per process. Production also tries the deploy-time settings.
  const runs = Promise.all([
    runProgram(bundle, "dev"),
    runProgram(bundle, README_STAGE, DEPLOY_SETTINGS),
    runProgram(bundle, "staging", { [PROTECT_SETTING]: "true" }),
  ]);
  // The call graph is this process's work (seconds of type checking) while the runs are the children's.
  sdkCalls = sdkCallsOfHandlers(ROOT, [...Object.values(HANDLERS), FIXTURE_HANDLER]);
  const [dev, production, staging] = await runs;
  stages.dev = dev;
  stages[README_STAGE] = production;
  protectedStaging = staging;
}, 180_000);

/** The one `--stage` that README.md's Deploy section uses throughout. */
function readmeDeployStage(): string {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Deploy");
  const deploy = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const named = new Set([...deploy.matchAll(/--stage ([\w-]+)/g)].map((m) => m[1] as string));
  if (named.size !== 1) throw new Error(`README's Deploy section names stages ${[...named].join(", ")}`);
  return [...named][0] as string;
}

// --- reading the graph ----------------------------------------------------------------------------

function all(stage: Recorded, type: string): RecordedResource[] {
  return stage.resources.filter((r) => r.type === type);
}

function one(stage: Recorded, type: string, where: (r: RecordedResource) => boolean = () => true) {
  const found = all(stage, type).filter(where);
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0] as RecordedResource;
}

const lambdaName = (stage: string, short: string) => `targetwatch-${stage}-${short}`;
const lambdaArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

function fn(stage: Recorded, name: string) {
  return one(stage, "aws:lambda/function:Function", (r) => r.inputs.name === name);
}

function roleOf(stage: Recorded, fnResource: RecordedResource) {
  const roleName = String(fnResource.inputs.role).split("/").pop();
  return one(stage, "aws:iam/role:Role", (r) => r.inputs.name === roleName);
}

function inlineStatements(role: RecordedResource): Statement[] {
  const policies = (role.inputs.inlinePolicies ?? []) as { policy: string }[];
  return policies.flatMap((p) => (JSON.parse(p.policy) as { Statement: Statement[] }).Statement);
}

const actionsOf = (s: Statement) => [s.Action ?? []].flat();
const resourcesOf = (s: Statement) => [s.Resource ?? []].flat();

describe.each(["dev", README_STAGE])("the %s stage", (stageName) => {
  const stage = () => stages[stageName];
  const isProduction = stageName === README_STAGE;
  const collectorName = lambdaName(stageName, "collector");
  const apiName = lambdaName(stageName, "api");
  const roleNames = isProduction ? PARTICIPANT_ROLE_NAMES.production : PARTICIPANT_ROLE_NAMES.dev;

  describe("storage", () => {
    it("creates the table with packages/core's keys, index and TTL, on demand", () => {
      const table = one(stage(), "aws:dynamodb/table:Table").inputs;

      expect(table.billingMode).toBe("PAY_PER_REQUEST");
      expect(table.hashKey).toBe(TABLE_DEFINITION.primaryIndex.hashKey);
      expect(table.rangeKey).toBe(TABLE_DEFINITION.primaryIndex.rangeKey);
      expect(table.attributes).toEqual(
        Object.keys(TABLE_DEFINITION.fields).map((name) => ({ name, type: "S" })),
      );
      expect(table.globalSecondaryIndexes).toEqual([
        {
          name: "gsi1",
          hashKey: TABLE_DEFINITION.globalIndexes.gsi1.hashKey,
          rangeKey: TABLE_DEFINITION.globalIndexes.gsi1.rangeKey,
          projectionType: "ALL",
        },
      ]);
      expect(table.ttl).toEqual({ attributeName: TABLE_DEFINITION.ttl, enabled: true });
    });

    it(`${isProduction ? "protects" : "does not pay to protect"} the table (PITR, deletion protection, retained on removal)`, () => {
      const table = one(stage(), "aws:dynamodb/table:Table");
      const options = stage().options.find((o) => o.type === table.type && o.name === table.name);

      expect(table.inputs.pointInTimeRecovery).toEqual({ enabled: isProduction });
      expect(table.inputs.deletionProtectionEnabled).toBe(isProduction);
      expect(Boolean(options?.retainOnDelete)).toBe(isProduction);
    });
  });

  describe("collector", () => {
    it("runs every minute on the collector function, without retries", () => {
      const schedule = one(stage(), "aws:scheduler/schedule:Schedule").inputs;

      expect(schedule.scheduleExpression).toBe("rate(1 minute)");
      expect(schedule.state).toBe("ENABLED");
      expect(schedule.target.arn).toBe(lambdaArn(collectorName));
      expect(schedule.target.retryPolicy).toEqual({ maximumRetryAttempts: 0 });
    });

    it("is one Node.js 24 arm64 function with reserved concurrency 1 and room for burst sampling", () => {
      const collector = fn(stage(), collectorName).inputs;
      const budget = Number(collector.environment.variables.TARGETWATCH_SWEEP_BUDGET_SECONDS);

      expect(collector.runtime).toBe("nodejs24.x");
      expect(collector.architectures).toEqual(["arm64"]);
      expect(collector.memorySize).toBe(512);
      expect(collector.timeout).toBe(90);
      expect(budget).toBe(59);
      expect(collector.timeout).toBeGreaterThanOrEqual(budget + 30);
      expect(collector.reservedConcurrentExecutions).toBe(1);
    });

    it("passes the collector's settings and Node flags", () => {
      const variables = fn(stage(), collectorName).inputs.environment.variables;

      expect(variables).toMatchObject({
        TARGETWATCH_BURST_INTERVAL_SECONDS: "5",
        TARGETWATCH_SWEEP_BUDGET_SECONDS: "59",
        TARGETWATCH_ELB_MAX_RPS: "5",
        TARGETWATCH_ELB_BURST: "5",
        NODE_OPTIONS: COLLECTOR_NODE_OPTIONS.join(" "),
        TARGETWATCH_PARTICIPANT_ROLE_NAMES: roleNames.join(","),
        TARGETWATCH_ALARM_PREFIX: `targetwatch-${stageName}/workshop-`,
      });
      if (isProduction) expect(variables.TARGETWATCH_REGIONS).toBe(DEPLOY_SETTINGS.TARGETWATCH_REGIONS);
      // Unset at deploy time: the collector watches the region it runs in.
      else expect(variables).not.toHaveProperty("TARGETWATCH_REGIONS");
    });

    it("may assume the participant roles named at deploy time in any account, and no other role", () => {
      const statements = inlineStatements(roleOf(stage(), fn(stage(), collectorName)));
      const assume = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("sts:")));
      const roleArns = roleNames.map((name) => `arn:aws:iam::*:role/${name}`);

      expect(assume).toEqual([{ Effect: "Allow", Action: ["sts:AssumeRole"], Resource: roleArns }]);
      const [granted] = assume.map(resourcesOf) as [string[]];
      for (const name of roleNames) {
        expect(granted.some((p) => iamPatternMatches(p, `arn:aws:iam::210000000001:role/${name}`))).toBe(
          true,
        );
      }
      for (const other of [
        "arn:aws:iam::210000000001:role/Admin",
        `arn:aws:iam::210000000001:role/${roleNames[0]}-admin`,
        `arn:aws:iam::210000000001:role/team/${roleNames[0]}`,
        `arn:aws:iam::210000000001:user/${roleNames[0]}`,
        roleArn(roleOf(stage(), fn(stage(), collectorName))),
      ]) {
        expect(
          granted.some((p) => iamPatternMatches(p, other)),
          other,
        ).toBe(false);
      }
    });

    it("drops an asynchronous event rather than start a stale sweep", () => {
      const config = one(stage(), "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig").inputs;

      expect(config.functionName).toBe(collectorName);
      expect(config.maximumRetryAttempts).toBe(0);
      expect(config.maximumEventAgeInSeconds).toBe(60);
    });

    it("may describe load balancers, put TargetWatch metrics, describe the workshops' alarms, read and write the table, nothing else", () => {
      const statements = inlineStatements(roleOf(stage(), fn(stage(), collectorName)));

      expect(statements.map((s) => actionsOf(s))).toEqual([
        ELB_DESCRIBE,
        ["sts:AssumeRole"],
        ["cloudwatch:PutMetricData"],
        ["cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm"],
        ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem"],
        RUNTIME_ACTIONS,
      ]);
      const [elb, , metrics, alarms, table, logs] = statements as [
        Statement,
        Statement,
        Statement,
        Statement,
        Statement,
        Statement,
      ];
      expect(resourcesOf(alarms)).toEqual([
        `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:targetwatch-${stageName}/workshop-*`,
      ]);
      expect(resourcesOf(elb)).toEqual(["*"]);
      expect(resourcesOf(metrics)).toEqual(["*"]);
      expect(metrics.Condition).toEqual({ StringEquals: { "cloudwatch:namespace": ["TargetWatch"] } });
      expect(resourcesOf(table)).toEqual([tableArn(stage()), `${tableArn(stage())}/index/*`]);
      expect(table.Condition).toBeUndefined();
      expect(resourcesOf(logs)).toEqual([
        `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${collectorName}:*`,
      ]);
    });
  });

  describe("api", () => {
    it("routes every API route key and $default to the one API function", () => {
      const routes = all(stage(), "aws:apigatewayv2/route:Route");
      const integrations = all(stage(), "aws:apigatewayv2/integration:Integration");
      const api = one(stage(), "aws:apigatewayv2/api:Api");

      expect(routes.map((r) => r.inputs.routeKey).sort()).toEqual([...API_ROUTE_KEYS, "$default"].sort());
      for (const route of routes) {
        const integration = integrations.find((i) => `integrations/${i.name}-id` === route.inputs.target);
        expect(integration?.inputs, route.inputs.routeKey).toMatchObject({
          apiId: `${api.name}-id`,
          integrationType: "AWS_PROXY",
          integrationUri: lambdaArn(apiName),
          payloadFormatVersion: "2.0",
        });
      }
      expect(
        all(stage(), "aws:lambda/function:Function")
          .map((f) => f.inputs.name)
          .sort(),
      ).toEqual([apiName, collectorName].sort());
    });

    it("lets only this API invoke the function, and leaves CORS to the handler", () => {
      const api = one(stage(), "aws:apigatewayv2/api:Api");
      const permissions = all(stage(), "aws:lambda/permission:Permission");

      expect(permissions).toHaveLength(API_ROUTE_KEYS.length + 1);
      for (const permission of permissions) {
        expect(permission.inputs).toMatchObject({
          action: "lambda:InvokeFunction",
          function: lambdaArn(apiName),
          principal: "apigateway.amazonaws.com",
          sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${api.name.toLowerCase()}/*`,
        });
      }
      expect(api.inputs.protocolType).toBe("HTTP");
      expect(api.inputs.corsConfiguration ?? {}).toEqual({});
    });

    it("is a Node.js 24 arm64 function with a timeout under API Gateway's 29 s", () => {
      const api = fn(stage(), apiName).inputs;

      expect(api.runtime).toBe("nodejs24.x");
      expect(api.architectures).toEqual(["arm64"]);
      expect(api.memorySize).toBe(256);
      expect(api.timeout).toBe(10);
      expect(api.timeout).toBeLessThan(29);
      expect(api.environment.variables).toMatchObject({
        TARGETWATCH_CORS_ORIGINS: "",
        TARGETWATCH_ALARM_PREFIX: `targetwatch-${stageName}/workshop-`,
      });
      expect(api.environment.variables.TARGETWATCH_REGIONS).toBe(
        isProduction ? DEPLOY_SETTINGS.TARGETWATCH_REGIONS : undefined,
      );
    });

    it("tells the API the collector's role and the participant role names a workshop may use", () => {
      const variables = fn(stage(), apiName).inputs.environment.variables;
      const collectorRole = roleOf(stage(), fn(stage(), collectorName));

      expect(variables.TARGETWATCH_COLLECTOR_ROLE_ARN).toBe(roleArn(collectorRole));
      expect(variables.TARGETWATCH_COLLECTOR_ROLE_ARN).toBe(fn(stage(), collectorName).inputs.role);
      expect(variables.TARGETWATCH_PARTICIPANT_ROLE_NAMES).toBe(roleNames.join(","));
    });

    it("may read the table, write workshop configs and use this stage's workshop alarms, nothing else", () => {
      const statements = inlineStatements(roleOf(stage(), fn(stage(), apiName)));
      const alarmPattern = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:targetwatch-${stageName}/workshop-*`;

      expect(statements).toHaveLength(4);
      const [alarms, reads, writes, logs] = statements as [Statement, Statement, Statement, Statement];
      expect(actionsOf(alarms)).toEqual([
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DeleteAlarms",
        "cloudwatch:DescribeAlarms",
      ]);
      expect(resourcesOf(alarms)).toEqual([alarmPattern]);
      expect(actionsOf(reads)).toEqual(["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"]);
      expect(resourcesOf(reads)).toEqual([tableArn(stage()), `${tableArn(stage())}/index/*`]);
      expect(reads.Condition).toBeUndefined();
      // Workshop configs are the only items the API writes, all in the WORKSHOPS partition.
      expect(actionsOf(writes)).toEqual(["dynamodb:PutItem", "dynamodb:DeleteItem"]);
      expect(writes.Condition).toEqual({
        "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [WORKSHOPS_PK] },
      });
      expect(actionsOf(logs)).toEqual(RUNTIME_ACTIONS);
      expect(resourcesOf(logs)).toEqual([
        `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${apiName}:*`,
      ]);
      // The stack's own alarms are out of the API's reach.
      for (const alarm of all(stage(), "aws:cloudwatch/metricAlarm:MetricAlarm")) {
        const arn = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${alarm.inputs.name}`;
        // The default workshop's alarm is a workshop alarm: the API reports its state.
        const isWorkshopAlarm = alarm.inputs.name === `targetwatch-${stageName}/workshop-stuck-default`;
        expect(iamPatternMatches(alarmPattern, arn), arn).toBe(isWorkshopAlarm);
      }
      expect(iamPatternMatches(alarmPattern, `${alarmPattern.slice(0, -1)}class-1-stuck`)).toBe(true);
    });

    it("outputs the API's URL, the alarm topic and the collector's role for the participant template", () => {
      const api = one(stage(), "aws:apigatewayv2/api:Api");

      expect(stage().outputs).toMatchObject({
        api: `https://${api.name.toLowerCase()}.execute-api.${REGION}.amazonaws.com`,
        alarmsTopic: topicArn(stage()),
        collectorRoleArn: roleArn(roleOf(stage(), fn(stage(), collectorName))),
      });
    });
  });

  describe("links", () => {
    it("gives the collector the table, and the API the table, the token and the alarm topic", () => {
      const builds = stage().rpc.filter((c) => c.method === "Runtime.Build");
      const linksOf = (id: string) => builds.find((b) => b.params.functionID === id)?.params.links;

      expect(Object.keys(linksOf("Collector") ?? {})).toEqual(["Table"]);
      expect(Object.keys(linksOf("ApiHandler") ?? {}).sort()).toEqual(["Alarms", "ApiToken", "Table"]);
      expect(linksOf("ApiHandler")).toMatchObject({
        Table: { name: one(stage(), "aws:dynamodb/table:Table").inputs.name },
        Alarms: { arn: topicArn(stage()) },
      });
    });

    it("builds handlers that exist and export `handler`", () => {
      const builds = stage().rpc.filter((c) => c.method === "Runtime.Build");

      expect(builds.map((b) => b.params.handler).sort()).toEqual([
        "packages/functions/src/api/handler.handler",
        "packages/functions/src/collector/handler.handler",
      ]);
      for (const build of builds) {
        const file = path.join(ROOT, `${String(build.params.handler).replace(/\.handler$/, "")}.ts`);
        expect(existsSync(file), file).toBe(true);
        expect(readFileSync(file, "utf8")).toMatch(/export\s+(const|async function|function)\s+handler\b/);
      }
      expect(new Set(stage().rpc.map((c) => c.method))).toEqual(
        new Set(["Runtime.Build", "Provider.Aws.Bootstrap"]),
      );
    });

    it("copies the built dashboard page into the API's package, where the handler serves it from", () => {
      const builds = stage().rpc.filter((c) => c.method === "Runtime.Build");
      const copied = (handler: string) =>
        (builds.find((b) => b.params.handler === handler)?.params as { copyFiles?: unknown } | undefined)
          ?.copyFiles;

      expect(copied(HANDLERS.api)).toEqual([
        { from: path.join(ROOT, "packages/dashboard/dist"), to: DASHBOARD_PACKAGE_DIR, isDir: true },
      ]);
      expect(copied(HANDLERS.collector) ?? []).toEqual([]);
      expect(existsSync(path.join(ROOT, "packages/dashboard/dist/index.html"))).toBe(true);
    });

    it("bundles both handlers as minified ES modules split into chunks, without source maps, nothing external", () => {
      const builds = stage().rpc.filter((c) => c.method === "Runtime.Build");

      expect(builds).toHaveLength(2);
      for (const build of builds) {
        // What SST's CLI reads from the function's `nodejs` argument (plus the architecture).
        const properties = (build.params as { properties: Record<string, unknown> }).properties;
        expect(properties, String(build.params.functionID)).toEqual({
          format: "esm",
          minify: true,
          splitting: true,
          esbuild: { sourcemap: false, external: [] },
          architecture: "arm64",
        });
        expect(build.params.runtime).toBe("nodejs24.x");
      }
    });
  });

  describe("logs", () => {
    it(`keeps every log group ${LOG_RETENTION_DAYS} days, and each function logs to its own`, () => {
      const groups = all(stage(), "aws:cloudwatch/logGroup:LogGroup");

      expect(groups).toHaveLength(3);
      for (const group of groups) expect(group.inputs.retentionInDays, group.name).toBe(LOG_RETENTION_DAYS);
      for (const name of [collectorName, apiName]) {
        expect(fn(stage(), name).inputs.loggingConfig.logGroup).toBe(`/aws/lambda/${name}`);
        expect(groups.map((g) => g.inputs.name)).toContain(`/aws/lambda/${name}`);
      }
    });
  });

  describe("alarms", () => {
    it("declares the implicit default workshop's stuck alarm from the API's own definition", () => {
      const alarm = all(stage(), "aws:cloudwatch/metricAlarm:MetricAlarm").find(
        (a) => a.inputs.name === `targetwatch-${stageName}/workshop-stuck-default`,
      );
      expect(alarm?.inputs).toMatchObject({
        namespace: "TargetWatch",
        metricName: "StuckTargets",
        dimensions: { Workshop: "default" },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
        alarmActions: [topicArn(stage())],
        okActions: [topicArn(stage())],
      });
    });

    it("alarms on any collector error within 5 minutes, to the topic", () => {
      const alarm = one(
        stage(),
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        (a) => a.inputs.metricName === "Errors",
      );

      expect(alarm.inputs).toMatchObject({
        namespace: "AWS/Lambda",
        dimensions: { FunctionName: collectorName },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      });
    });

    it("alarms when no sweep was published for 3 minutes (missing data breaches)", () => {
      const alarm = one(
        stage(),
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        (a) => a.inputs.metricName === "SweepDuration",
      );

      expect(alarm.inputs).toMatchObject({
        namespace: "TargetWatch",
        statistic: "SampleCount",
        period: 60,
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparisonOperator: "LessThanThreshold",
        threshold: 1,
        treatMissingData: "breaching",
      });
      expect(alarm.inputs.dimensions).toBeUndefined();
    });

    it("names the stack's alarms after the stage and sends ALARM and OK to the topic", () => {
      const alarms = all(stage(), "aws:cloudwatch/metricAlarm:MetricAlarm");

      expect(alarms).toHaveLength(3);
      for (const alarm of alarms) {
        expect(alarm.inputs.name).toMatch(new RegExp(`^targetwatch-${stageName}/`));
        expect(alarm.inputs.alarmActions).toEqual([topicArn(stage())]);
        expect(alarm.inputs.okActions).toEqual([topicArn(stage())]);
      }
    });

    it(`subscribes an e-mail address to the topic only when given one (${isProduction ? "given" : "none"})`, () => {
      const subscriptions = all(stage(), "aws:sns/topicSubscription:TopicSubscription");

      if (!isProduction) {
        expect(subscriptions).toEqual([]);
        return;
      }
      expect(subscriptions.map((s) => s.inputs)).toEqual([
        { topic: topicArn(stage()), protocol: "email", endpoint: DEPLOY_SETTINGS.TARGETWATCH_ALARM_EMAIL },
      ]);
    });
  });

  describe("least privilege", () => {
    it("has no wildcard action anywhere, and `Resource: *` only where AWS requires it", () => {
      const statements = stage().resources.flatMap((r) =>
        findPolicyDocuments(r.inputs).flatMap((d) => d.Statement.map((s) => ({ ...s, Sid: r.name }))),
      );

      expect(statements.length).toBeGreaterThan(0);
      expect(findViolations(statements, STAR_RESOURCE_ALLOWED)).toEqual([]);
    });

    it("attaches no managed policy, and lets only the owning service assume each role", () => {
      for (const role of all(stage(), "aws:iam/role:Role")) {
        expect(role.inputs.managedPolicyArns ?? [], role.name).toEqual([]);
        const trust = findPolicyDocuments(role.inputs.assumeRolePolicy).flatMap((d) => d.Statement);
        expect(trust.map((s) => s.Principal)).toSatisfy((principals: unknown[]) =>
          principals.every(
            (p) =>
              JSON.stringify(p) === JSON.stringify({ Service: "lambda.amazonaws.com" }) ||
              JSON.stringify(p) === JSON.stringify({ Service: "scheduler.amazonaws.com" }),
          ),
        );
      }
    });

    it("lets the schedule invoke only the collector", () => {
      const scheduleRole = one(stage(), "aws:iam/role:Role", (r) =>
        JSON.stringify(r.inputs.assumeRolePolicy).includes("scheduler.amazonaws.com"),
      );

      expect(inlineStatements(scheduleRole)).toEqual([
        { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [lambdaArn(collectorName)] },
      ]);
    });

    it.each(Object.entries(HANDLERS))(
      "lets the %s do exactly what its code calls: no call without a permission, no permission without a call",
      (short, handler) => {
        const calls = sdkCalls.get(handler) ?? [];
        const build = stage()
          .rpc.filter((c) => c.method === "Runtime.Build")
          .find((b) => b.params.handler === handler);
        const granted = new Set(
          inlineStatements(roleOf(stage(), fn(stage(), lambdaName(stageName, short))))
            .flatMap(actionsOf)
            .filter((action) => !RUNTIME_ACTIONS.includes(action)),
        );
        const called = actionsCalled(calls);

        expect(build, `a function is built from ${handler}`).toBeDefined();
        expect(calls.length).toBeGreaterThan(0);
        const uncovered = calls.filter((call) => call.actions.some((action) => !granted.has(action)));
        expect(uncovered, "calls without a permission").toEqual([]);
        expect(
          [...granted].filter((action) => !called.has(action)),
          "permissions without a call",
        ).toEqual([]);
      },
    );

    it("audits every function the stage deploys", () => {
      const audited = Object.keys(HANDLERS).map((short) => lambdaName(stageName, short));

      expect(
        all(stage(), "aws:lambda/function:Function")
          .map((f) => f.inputs.name)
          .sort(),
      ).toEqual(audited.sort());
    });
  });
});

describe("data protection", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  /** sst.config.ts's `app()`, as the SST CLI calls it before anything else. */
  async function appFor(stage: string) {
    (globalThis as { $config?: unknown }).$config ??= (config: unknown) => config;
    const { default: config } = (await import("../../sst.config.ts")) as unknown as {
      default: { app(input: { stage: string }): { removal?: string } };
    };
    return config.app({ stage });
  }

  it("protects any stage deployed with TARGETWATCH_PROTECT=true (PITR, deletion protection, retained on removal)", () => {
    const table = one(protectedStaging, "aws:dynamodb/table:Table");
    const options = protectedStaging.options.find((o) => o.type === table.type && o.name === table.name);

    expect(table.inputs.pointInTimeRecovery).toEqual({ enabled: true });
    expect(table.inputs.deletionProtectionEnabled).toBe(true);
    expect(options?.retainOnDelete).toBe(true);
  });

  it("protects the production stages by name, and no other stage unless told", () => {
    expect(protectsData(README_STAGE, {})).toBe(true);
    expect(protectsData("prod", {})).toBe(true);
    expect(protectsData("production", {})).toBe(true);
    expect(protectsData("dev", {})).toBe(false);
    expect(protectsData("prod-eu", {})).toBe(false);
    expect(protectsData("dev", { [PROTECT_SETTING]: "" })).toBe(false);
  });

  it("lets TARGETWATCH_PROTECT turn the protections on or off for any stage, and refuses other values", () => {
    expect(protectsData("dev", { [PROTECT_SETTING]: "true" })).toBe(true);
    expect(protectsData("staging", { [PROTECT_SETTING]: " TRUE " })).toBe(true);
    expect(protectsData("prod", { [PROTECT_SETTING]: "false" })).toBe(false);
    expect(() => protectsData("prod", { [PROTECT_SETTING]: "yes" })).toThrow(/TARGETWATCH_PROTECT must be/);
  });

  it("retains the table on `sst remove` exactly for protected stages (removal in app())", async () => {
    expect((await appFor(README_STAGE)).removal).toBe("retain");
    expect((await appFor("production")).removal).toBe("retain");
    expect((await appFor("dev")).removal).toBe("remove");
    vi.stubEnv(PROTECT_SETTING, "true");
    expect((await appFor("dev")).removal).toBe("retain");
    vi.stubEnv(PROTECT_SETTING, "false");
    expect((await appFor(README_STAGE)).removal).toBe("remove");
  });
});

describe("the least-privilege audit", () => {
  it("catches wildcard actions, NotAction/NotResource and stray `Resource: *`", () => {
    const bad: Statement[] = [
      { Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::bucket" },
      { Effect: "Allow", Action: ["dynamodb:*"], Resource: ["arn:aws:dynamodb:::table/t"] },
      { Effect: "Allow", Action: ["elasticloadbalancing:Describe*"], Resource: ["*"] },
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] },
      { Effect: "Allow", Action: ["cloudwatch:PutMetricData"], Resource: ["*"] },
      { Effect: "Allow", NotAction: ["iam:*"], Resource: ["arn:aws:s3:::bucket"] },
      { Effect: "Allow", Action: ["s3:GetObject"], NotResource: ["arn:aws:s3:::bucket"] },
    ];

    const violations = findViolations(bad, STAR_RESOURCE_ALLOWED);

    expect(violations.filter((v) => v.startsWith("wildcard action"))).toHaveLength(3);
    expect(violations.filter((v) => v.startsWith("resource *"))).toHaveLength(3);
    expect(violations.filter((v) => v.startsWith("Not"))).toHaveLength(2);
  });

  it("accepts the ELBv2 Describe* and namespaced PutMetricData statements", () => {
    const good: Statement[] = [
      { Effect: "Allow", Action: ELB_DESCRIBE, Resource: "*" },
      {
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": "TargetWatch" } },
      },
    ];

    expect(findViolations(good, STAR_RESOURCE_ALLOWED)).toEqual([]);
  });
});

describe("the audit of what the code calls", () => {
  it("follows the handler through ports, private methods, callbacks, module loading and credential providers, and no further", () => {
    const calls = sdkCalls.get(FIXTURE_HANDLER) ?? [];

    expect(calls.map((c) => c.operation).sort()).toEqual([
      "AssumeRole",
      "DescribeAlarms",
      "Get",
      "TransactWriteItems",
    ]);
    // The transaction's items: one ConditionCheck, and the Puts its callback builds.
    expect(calls.find((c) => c.operation === "TransactWriteItems")?.actions).toEqual([
      "dynamodb:ConditionCheckItem",
      "dynamodb:PutItem",
    ]);
    // Neither the store's unused Delete nor the module's unused Scan.
    expect([...actionsCalled(calls)].sort()).toEqual([
      "cloudwatch:DescribeAlarms",
      "dynamodb:ConditionCheckItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "sts:AssumeRole",
    ]);
  });
});

describe("the participant role template (infra/participant-role.yaml)", () => {
  it("grants exactly the ELBv2 actions the collector's code calls", () => {
    const elbCalled = [...actionsCalled(sdkCalls.get(HANDLERS.collector) ?? [])].filter((action) =>
      action.startsWith("elasticloadbalancing:"),
    );
    const template = participantRoleOf(readTemplate()).permissions.flatMap(actionsOf);

    expect(elbCalled.length).toBeGreaterThan(0);
    expect([...template].sort()).toEqual([...elbCalled].sort());
  });
});

function tableArn(stage: Recorded): string {
  return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${one(stage, "aws:dynamodb/table:Table").inputs.name}`;
}

function roleArn(role: RecordedResource): string {
  return `arn:aws:iam::${ACCOUNT}:role/${role.inputs.name}`;
}

function topicArn(stage: Recorded): string {
  return `arn:aws:sns:${REGION}:${ACCOUNT}:${one(stage, "aws:sns/topic:Topic").inputs.name}`;
}

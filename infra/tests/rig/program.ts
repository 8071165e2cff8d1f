/**
 * Runs sst.config.ts's `run()` on the real SST components (from `.sst/platform`) under Pulumi
 * mocks, the way SST's own platform tests do, and writes what it registered as JSON: every
 * resource with its inputs, every provider function call, every call to the SST CLI's RPC server
 * and the stack outputs. infra/tests/infra.test.ts asserts on that file.
 *
 * It runs in its own Node.js process, bundled by run-program.ts into `.sst/platform/` so that
 * `@pulumi/*` resolve to the very packages the components import (Pulumi's runtime is a
 * process-wide singleton, and one process per stage keeps runs independent).
 *
 * Environment: INFRA_TEST_ROOT (the repository), INFRA_TEST_STAGE, INFRA_TEST_OUT (JSON file),
 * plus whatever deploy-time settings the test wants to try (TARGETWATCH_ALARM_EMAIL, …).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

const root = required("INFRA_TEST_ROOT");
const stage = required("INFRA_TEST_STAGE");
const out = required("INFRA_TEST_OUT");
const work = mkdtempSync(path.join(os.tmpdir(), "targetwatch-infra-"));

interface Recorded {
  resources: { type: string; name: string; custom: boolean; inputs: Record<string, unknown> }[];
  options: { type: string; name: string; parent?: string; retainOnDelete?: boolean; protect?: boolean }[];
  calls: { token: string; inputs: Record<string, unknown> }[];
  rpc: { method: string; params: unknown }[];
  outputs?: unknown;
}
const recorded: Recorded = { resources: [], options: [], calls: [], rpc: [] };

// --- the SST CLI's RPC server, as far as a deploy without `sst dev` uses it ---------------------
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => {
    body += chunk;
  });
  req.on("end", () => {
    const { method, params } = JSON.parse(body) as { method: string; params: unknown[] };
    const input = params[0];
    recorded.rpc.push({ method, params: input });
    const reply = (result: unknown, error?: string) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: null, result, error: error ?? null }));
    };
    if (method === "Runtime.Build") {
      // The real CLI bundles the handler; an empty bundle is enough for the graph (the test
      // checks separately that each handler's file exists and exports the function).
      const { functionID, handler } = input as { functionID: string; handler: string };
      const bundle = path.join(work, "bundles", functionID);
      mkdirSync(bundle, { recursive: true });
      writeFileSync(path.join(bundle, "index.mjs"), "export const handler = async () => {};\n");
      reply({ handler: `index.${handler.split(".").pop()}`, out: bundle, errors: [], sourcemaps: [] });
    } else if (method === "Provider.Aws.Bootstrap") {
      reply({
        asset: "sst-asset-mock",
        assetEcrRegistryId: ACCOUNT,
        assetEcrUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/sst-asset`,
        state: "sst-state-mock",
        appsyncHttp: "mock.appsync-api.example",
        appsyncRealtime: "mock.appsync-realtime-api.example",
      });
    } else {
      reply(null, `rpc: can't find method ${method}`);
    }
  });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
process.env.SST_SERVER = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
process.env.SST_SECRET_ApiToken ??= "a-test-token-of-more-than-16-characters";

// --- Pulumi mocks: resources get plausible ids and ARNs, provider functions answer for one account
const arnOf = (type: string, name: string, inputs: Record<string, unknown>): string => {
  const physical = (inputs.name as string | undefined) ?? name;
  switch (type) {
    case "aws:lambda/function:Function":
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${physical}`;
    case "aws:dynamodb/table:Table":
      return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${physical}`;
    case "aws:sns/topic:Topic":
      return `arn:aws:sns:${REGION}:${ACCOUNT}:${physical}`;
    case "aws:cloudwatch/logGroup:LogGroup":
      return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${physical}`;
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${physical}`;
    case "aws:iam/role:Role":
      return `arn:aws:iam::${ACCOUNT}:role/${physical}`;
    default:
      return `arn:aws:${type.split(":")[1]?.split("/")[0]}:${REGION}:${ACCOUNT}:${physical}`;
  }
};

await pulumi.runtime.setMocks(
  {
    newResource(args) {
      recorded.resources.push({
        type: args.type,
        name: args.name,
        custom: args.custom ?? true,
        inputs: args.inputs,
      });
      const inputs = args.inputs as Record<string, unknown>;
      const state: Record<string, unknown> = {
        ...inputs,
        name: inputs.name ?? `${args.name}-physical`,
        arn: arnOf(args.type, args.name, inputs),
      };
      if (args.type === "aws:apigatewayv2/api:Api") {
        state.apiEndpoint = `https://${args.name.toLowerCase()}.execute-api.${REGION}.amazonaws.com`;
        state.executionArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${args.name.toLowerCase()}`;
      }
      if (args.type === "aws:lambda/function:Function") {
        state.invokeArn = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${state.arn}/invocations`;
        state.qualifiedArn = `${state.arn}:$LATEST`;
        state.version = "$LATEST";
      }
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      recorded.calls.push({ token: args.token, inputs: args.inputs });
      switch (args.token) {
        case "aws:index/getRegion:getRegion":
          return { ...args.inputs, id: REGION, name: REGION, region: REGION };
        case "aws:index/getPartition:getPartition":
          return { ...args.inputs, id: "aws", partition: "aws", dnsSuffix: "amazonaws.com" };
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { ...args.inputs, id: ACCOUNT, accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/ci` };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
          return { ...args.inputs, id: "policy", json: JSON.stringify(policyJson(args.inputs)) };
        default:
          return args.inputs;
      }
    },
  },
  "targetwatch",
  stage,
  false,
);

/** The IAM JSON that the provider's getPolicyDocument renders from its `statements` input. */
function policyJson(inputs: Record<string, unknown>) {
  type Statement = {
    effect?: string;
    actions?: string[];
    resources?: string[];
    principals?: { type: string; identifiers: string[] }[];
    conditions?: { test: string; variable: string; values: string[] }[];
  };
  const statements = (inputs.statements ?? []) as Statement[];
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      Effect: s.effect ?? "Allow",
      ...(s.principals?.length
        ? { Principal: Object.fromEntries(s.principals.map((p) => [p.type, p.identifiers] as const)) }
        : {}),
      ...(s.actions ? { Action: s.actions } : {}),
      ...(s.resources ? { Resource: s.resources } : {}),
      ...(s.conditions?.length
        ? {
            Condition: Object.fromEntries(
              s.conditions.map((c) => [c.test, { [c.variable]: c.values }] as const),
            ),
          }
        : {}),
    })),
  };
}

// --- SST's globals, as the CLI defines them before it runs sst.config.ts --------------------------
const platform = path.join(root, ".sst/platform");
const g = globalThis as Record<string, unknown>;
g.$dev = false;
g.$cli = {
  command: "deploy",
  rpc: process.env.SST_SERVER,
  paths: { home: os.homedir(), root, work, platform },
  state: { version: {} },
};
const shim = await import("../../../.sst/platform/src/shim/run.js");
Object.assign(g, shim);
// `app()` first: some component modules read `$app` as they load.
const { default: config } = await import("../../../sst.config.ts");
const app = await config.app({ stage });
g.$app = {
  name: app.name,
  stage,
  removal: app.removal ?? "retain",
  providers: app.providers ?? {},
  protect: app.protect ?? false,
};
g.sst = await import("../../../.sst/platform/src/components/index.ts");
g.aws = await import("@pulumi/aws");

// SST's own wrapper around `run()` (removal policy, tags…), inside a Pulumi stack like `sst deploy`.
const { run } = await import("../../../.sst/platform/src/auto/run.ts");
const outputs = await pulumi.runtime.runInPulumiStack(() =>
  run(async () => {
    // Registered after SST's own stack transformations, so it sees their effect on each resource.
    pulumi.runtime.registerStackTransformation((args) => {
      recorded.options.push({
        type: args.type,
        name: args.name,
        parent: (args.opts.parent as { __name?: string } | undefined)?.__name,
        retainOnDelete: args.opts.retainOnDelete,
        protect: args.opts.protect,
      });
      return undefined;
    });
    return config.run();
  }),
);
await pulumi.runtime.disconnect();
recorded.outputs = outputs;

writeFileSync(out, JSON.stringify(unwrapSecrets(recorded), null, 1));
rmSync(work, { recursive: true, force: true });
// Node's HTTP client keeps connections alive: close them instead of waiting for their timeout.
server.closeAllConnections();
server.close();

/**
 * Pulumi marks values derived from secrets (a function's ARN, once it is linked to the Secret)
 * as `{ <signature>: <secret marker>, value }`; the test asserts on the values.
 */
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
      return unwrapSecrets(record.value);
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

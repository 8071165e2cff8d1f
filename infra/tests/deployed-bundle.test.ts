import { beforeAll, describe, expect, it } from "vitest";
import { type BuiltBundle, buildBundle } from "../../bench/bundle/bundles.ts";

/**
 * What a deployed function carries and loads, read from esbuild's metafile of the handler built
 * as `sst deploy` builds it (SST's options for the installed SST, infra/bundling.ts): no test,
 * documentation, simulator or local-stack code in it, and the parts only some requests need in
 * chunks a cold start does not load. Needs `npm run infra:install` (part of `npm test`).
 */
describe("the deployed bundles", () => {
  let api: BuiltBundle;
  let collector: BuiltBundle;

  beforeAll(async () => {
    [api, collector] = await Promise.all([buildBundle("api"), buildBundle("collector")]);
  }, 60_000);

  const NOT_DEPLOYED = [
    /^packages\/(sim|testing|local|dynamodb-local)\//,
    /\/tests?\//,
    /^(docs|scripts|bench|infra)\//,
    /node_modules\/(vitest|@vitest|fast-check|ajv|ajv-formats|typescript|esbuild|yaml|@pulumi)\//,
    /packages\/functions\/src\/api\/(api-reference|api-reference-source|openapi)\.ts$/,
    /zod\/v4\/core\/(to-json-schema|json-schema-processors|json-schema-generator)\.js$/,
  ];

  it.each(["api", "collector"] as const)("%s: holds no test, docs, simulator or local-stack code", (name) => {
    const bundle = name === "api" ? api : collector;
    const strays = bundle.inputs.filter((input) => NOT_DEPLOYED.some((pattern) => pattern.test(input)));
    expect(strays).toEqual([]);
    expect(bundle.inputs.some((input) => input.startsWith(`packages/functions/src/${name}/handler.ts`))).toBe(
      true,
    );
  });

  it("api: loads CloudWatch and the OpenAPI document only when a request needs them", () => {
    const lazy = (pattern: RegExp) => api.lazyInputs.some((input) => pattern.test(input));
    expect(lazy(/@aws-sdk\/client-cloudwatch\//)).toBe(true);
    expect(lazy(/packages\/core\/src\/adapters\/cloudwatch\/workshop-alarms\.ts$/)).toBe(true);
    expect(lazy(/packages\/functions\/src\/api\/openapi-document\.json$/)).toBe(true);
    const loaded = api.inputs.filter((input) => !api.lazyInputs.includes(input));
    expect(
      loaded.filter((input) => /client-cloudwatch|workshop-alarms|openapi-document/.test(input)),
    ).toEqual([]);
  });

  it("api: loads the join checks and the STS adapter only when a join route is asked for", () => {
    const loaded = api.inputs.filter((input) => !api.lazyInputs.includes(input));
    const join =
      /packages\/(core\/src\/(join\/join-workshop|rules\/join-request|rules\/sigv4-authorization|adapters\/sts\/sts-caller-identity)|functions\/src\/api\/routes\/join-actions)\.ts$/;
    expect(api.lazyInputs.filter((input) => join.test(input))).toHaveLength(5);
    expect(loaded.filter((input) => join.test(input))).toEqual([]);
  });

  it("api: loads zod (with the contracts' schemas) and the Powertools logger only when a request needs them", () => {
    const loaded = api.inputs.filter((input) => !api.lazyInputs.includes(input));
    const onDemand =
      /node_modules\/(zod|@aws-lambda-powertools\/logger)\/|packages\/core\/src\/contracts\/index\.ts$/;
    expect(loaded.filter((input) => onDemand.test(input))).toEqual([]);
    expect(api.lazyInputs.some((input) => /node_modules\/zod\/v4\/core\/schemas\.js$/.test(input))).toBe(
      true,
    );
    expect(
      api.lazyInputs.some((input) => /@aws-lambda-powertools\/logger\/lib\/esm\/Logger\.js$/.test(input)),
    ).toBe(true);
  });

  it("collector: carries no schema library", () => {
    expect(collector.inputs.filter((input) => /node_modules\/zod\//.test(input))).toEqual([]);
  });

  it("collector: loads the Powertools logger and the AssumeRole provider only once a sweep needs them", () => {
    const loaded = collector.inputs.filter((input) => !collector.lazyInputs.includes(input));
    const onDemand =
      /@aws-lambda-powertools\/logger\/lib\/esm\/Logger\.js$|@aws-sdk\/credential-providers\/dist-es\/fromTemporaryCredentials/;
    expect(loaded.filter((input) => onDemand.test(input))).toEqual([]);
    expect(collector.lazyInputs.filter((input) => onDemand.test(input))).not.toEqual([]);
    // No middleware engine left to load: the logger gets the Lambda context from the handler.
    expect(collector.inputs.filter((input) => /node_modules\/@middy\//.test(input))).toEqual([]);
  });

  it("api: keeps no CloudWatch waiter, paginator or unused command (its chunk names what it uses)", () => {
    const strays = api.inputs.filter((input) =>
      /client-cloudwatch\/dist-es\/(waiters|pagination)\/|client-cloudwatch\/dist-es\/commands\/(GetMetricData|PutDashboard|ListMetrics)Command\.js$/.test(
        input,
      ),
    );
    expect(strays).toEqual([]);
  });

  it.each(["api", "collector"] as const)(
    "%s: does not import node:http as an ES module at cold start (Node would load undici for it)",
    (name) => {
      const bundle = name === "api" ? api : collector;
      expect(bundle.loadedExternals.filter((module) => /^(node:)?http$/.test(module))).toEqual([]);
    },
  );
});

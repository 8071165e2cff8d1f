import { readFile } from "node:fs/promises";
import { stripTypeScriptTypes } from "node:module";
import { isDeepStrictEqual } from "node:util";
import * as contracts from "@targetwatch/core/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { requestValidatorsSource } from "../../src/api/api-reference-source.ts";
import { CompileError, compileValidators } from "../../src/api/validation/compile-validators.ts";
import { VALIDATORS as compiled, UNDECIDED } from "../../src/api/validation/request-validators.generated.ts";

type Name = keyof typeof compiled;
const NAMES = Object.keys(compiled) as Name[];
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: a test of every request contract
const schemaOf = (name: Name): z.ZodMiniType => contracts[name];

/** What is wrong with the compiled answer for `input`: it must be UNDECIDED or zod's very output. */
function disagreement(name: Name, input: unknown): string | undefined {
  const fast = compiled[name](input);
  if (fast === UNDECIDED) return undefined;
  const zod = schemaOf(name).safeParse(input);
  if (zod.success && isDeepStrictEqual(fast, zod.data)) return undefined;
  return `${name} compiled ${JSON.stringify(fast)} for ${JSON.stringify(input)}, zod ${JSON.stringify(zod)}`;
}

const text = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "x",
    " x ",
    "us-west-2",
    "0x10",
    "1e2",
    "007",
    "100",
    "101",
    "500",
    "501",
    "😀",
    "\ud800",
  ),
  fc.constantFrom("ip", "instance", "mixed", "healthy", "unhealthy.draining", "2026-11-27T09:00:00.000Z"),
  fc.constantFrom(
    "2026-11-27T09:00:00+23:59",
    "2026-02-30T00:00:00Z",
    "k8s-ui-uinlb-e1c1ebaeb4",
    "a".repeat(33),
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.integer({ min: 0, max: 100_000 }).map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
const anyValue = fc.oneof(
  text,
  fc.jsonValue(),
  fc.constantFrom(undefined, null, -0, 1.5, 30, 86_400, 365, []),
);
const QUERY_KEYS = [
  "limit",
  "nextToken",
  "mode",
  "cluster",
  "state",
  "since",
  "until",
  "loadBalancer",
  "region",
];
const queryObject = fc.dictionary(
  fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 6 })),
  text,
  {
    maxKeys: 5,
  },
);
const tag = fc.record({ key: anyValue, value: anyValue }, { requiredKeys: [] });
const accountId = fc.oneof(fc.constantFrom("210000000001", "210000000002", "21000000000"), anyValue);
const account = fc.record({ accountId, label: anyValue, extra: anyValue }, { requiredKeys: [] });
const workshopInput = fc.record(
  {
    name: anyValue,
    selector: fc.oneof(
      anyValue,
      fc.record(
        {
          tags: fc.oneof(anyValue, fc.array(tag, { maxLength: 12 })),
          namePrefix: anyValue,
          regions: fc.oneof(anyValue, fc.array(fc.oneof(text, anyValue), { maxLength: 31 })),
          extra: anyValue,
        },
        { requiredKeys: [] },
      ),
    ),
    stuckThresholdSeconds: anyValue,
    retentionDays: anyValue,
    accounts: fc.oneof(anyValue, fc.array(account, { maxLength: 4 })),
    roleName: fc.oneof(anyValue, fc.constantFrom("TargetWatchReader", "bad role")),
    colour: anyValue,
  },
  { requiredKeys: [] },
);

describe("the request validators compiled from the contracts", () => {
  it("are what the contracts compile to today (run `npm run docs` after changing a contract)", async () => {
    const committed = await readFile(
      new URL("../../src/api/validation/request-validators.generated.ts", import.meta.url),
      "utf8",
    );
    expect(committed).toBe(requestValidatorsSource());
  });

  it("cover every contract a route validates", () => {
    expect(NAMES.sort()).toEqual([
      "accountIdSchema",
      "accountInputSchema",
      "dashboardAssetNameSchema",
      "joinInputSchema",
      "loadBalancerNameSchema",
      "loadBalancerQuerySchema",
      "loadBalancersQuerySchema",
      "statsQuerySchema",
      "transitionsQuerySchema",
      "workshopIdSchema",
      "workshopInputSchema",
    ]);
  });

  it("never accept what zod refuses, and answer zod's output for what they accept", () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        fc.oneof(anyValue, queryObject, workshopInput),
        (name, input) => {
          expect(disagreement(name, input)).toBeUndefined();
          if (compiled[name](input) !== UNDECIDED) accepted++;
        },
      ),
      { numRuns: 5_000 },
    );
    // Not a vacuous agreement: a good share of the inputs were decided by the compiled functions.
    expect(accepted).toBeGreaterThan(100);
  });

  it("decide ordinary requests themselves, so a deployed function does not load zod for them", () => {
    const decided = (name: Name, input: unknown) => compiled[name](input) !== UNDECIDED;
    expect(decided("workshopIdSchema", "reinvent-2026-con301")).toBe(true);
    expect(decided("loadBalancerNameSchema", "k8s-ui-uinlb-e1c1ebaeb4")).toBe(true);
    expect(decided("loadBalancersQuerySchema", {})).toBe(true);
    expect(
      decided("loadBalancersQuerySchema", { limit: "50", mode: "ip", state: "healthy", nextToken: "t" }),
    ).toBe(true);
    expect(decided("loadBalancerQuerySchema", { region: "us-west-2" })).toBe(true);
    expect(
      decided("transitionsQuerySchema", {
        loadBalancer: "k8s-ui-uinlb-e1c1ebaeb4",
        since: "2026-11-27T09:00:00Z",
        until: "2026-11-27T10:00:00.000+01:00",
        limit: "500",
      }),
    ).toBe(true);
    expect(decided("workshopInputSchema", { name: " re:Invent 2026 😀 " })).toBe(true);
    expect(
      decided("workshopInputSchema", {
        name: "CON301",
        selector: { tags: [{ key: "team", value: "é" }], namePrefix: "k8s-ui-", regions: ["us-west-2"] },
        stuckThresholdSeconds: 600,
        retentionDays: 7,
      }),
    ).toBe(true);
    expect(
      decided("workshopInputSchema", {
        name: "CON301",
        accounts: [{ accountId: "210000000001", label: " Ana " }, { accountId: "210000000002" }],
        roleName: "TargetWatchReader",
      }),
    ).toBe(true);
    // The ordinary requests, decided as zod decides them.
    expect(compiled.loadBalancersQuerySchema({})).toEqual({ limit: 50 });
    expect(compiled.workshopInputSchema({ name: " x " })).toEqual(
      schemaOf("workshopInputSchema").parse({ name: " x " }),
    );
  });

  it("leave refusals to zod, whose messages the API answers with", () => {
    expect(compiled.loadBalancersQuerySchema({ limit: "0x10" })).toBe(UNDECIDED);
    expect(
      compiled.transitionsQuerySchema({ since: "2026-11-28T00:00:00Z", until: "2026-11-27T00:00:00Z" }),
    ).toBe(UNDECIDED);
    expect(compiled.workshopInputSchema({ name: "evil\u202Egpj.exe" })).toBe(UNDECIDED);
    expect(compiled.workshopInputSchema({ name: "x", colour: "red" })).toBe(UNDECIDED);
    const twice = { name: "x", accounts: [{ accountId: "210000000001" }, { accountId: "210000000001" }] };
    expect(schemaOf("workshopInputSchema").safeParse(twice).success).toBe(false);
    expect(compiled.workshopInputSchema(twice)).toBe(UNDECIDED);
  });

  it("compile literals and booleans as zod decides them", async () => {
    // Prepare: a module compiled from a schema with both, loaded as Node loads TypeScript
    const schema = z.strictObject({
      stuck: z.optional(z.literal(["true", "false"])),
      on: z.optional(z.boolean()),
    });
    const code = stripTypeScriptTypes(compileValidators({ schema }, "a test"));
    const compiledModule = (await import(`data:text/javascript,${encodeURIComponent(code)}`)) as {
      VALIDATORS: { schema: (input: unknown) => unknown };
      UNDECIDED: symbol;
    };
    const decide = (input: unknown) => compiledModule.VALIDATORS.schema(input);
    // Act, Assess: zod's output where they decide; left to zod where zod refuses
    for (const input of [{}, { stuck: "true" }, { stuck: "false", on: true }, { on: false }]) {
      expect(decide(input)).toEqual(schema.parse(input));
    }
    for (const input of [{ stuck: "yes" }, { on: "true" }, { stuck: true }, { x: 1 }]) {
      expect(schema.safeParse(input).success).toBe(false);
      expect(decide(input)).toBe(compiledModule.UNDECIDED);
    }
  });

  it("refuse to compile what they cannot decide exactly as zod does", () => {
    expect(() => compileValidators({ email: z.email() }, "a test")).toThrow(CompileError);
    const refined = z.object({ a: z.string() }).check(z.refine((o) => o.a !== "x"));
    expect(() => compileValidators({ refined }, "a test")).toThrow(/not one of/);
    expect(() => compileValidators({ coerced: z.coerce.number() }, "a test")).toThrow(CompileError);
  });
});

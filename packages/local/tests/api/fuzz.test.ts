import { METHODS } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SystemRig, startSystem } from "../e2e/rig.ts";
import { HttpClient, type Reply } from "./http-client.ts";
import { errorShapeProblems, hasStackTrace, OpenApiContract } from "./openapi-contract.ts";

/**
 * Property-based fuzzing of the API over HTTP: whatever a client sends, the API never answers
 * 5xx, every error has the JSON error body, and a refused PUT changes nothing.
 */

const TEMPLATES = [
  "/health",
  "/openapi.json",
  "/workshops",
  "/workshops/{id}",
  "/workshops/{id}/load-balancers",
  "/workshops/{id}/load-balancers/{name}",
  "/workshops/{id}/transitions",
  "/workshops/{id}/stats",
  "/workshops/{id}/board",
  "/",
  "/assets/{file}",
];
/** Every method Node's HTTP parser knows but CONNECT (a tunnel, not a request), the API's own more often. */
const METHOD = fc.oneof(
  { weight: 6, arbitrary: fc.constant("GET") },
  { weight: 2, arbitrary: fc.constant("PUT") },
  { weight: 1, arbitrary: fc.constant("DELETE") },
  { weight: 2, arbitrary: fc.constantFrom("POST", "PATCH", "OPTIONS", "HEAD") },
  { weight: 1, arbitrary: fc.constantFrom(...METHODS.filter((m) => m !== "CONNECT")) },
);
/** Runs per property; `FUZZ_RUNS=5000 npx vitest run …/fuzz.test.ts` digs deeper. */
const RUNS = Number(process.env.FUZZ_RUNS) || 300;
const KNOWN_STATUSES = [200, 201, 204, 400, 401, 404, 405, 413, 415];
/** The workshop the PUT fuzz owns: no generated path comes near it. */
const PUT_TARGET = "fuzz-put-target-7f3a";

/** Request-target-safe (node:http refuses spaces and control characters in a path). */
const printable = (s: string) => s.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));

const segment = (lbName: string) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "default",
        lbName,
        "no-such",
        "..",
        ".",
        "%2e%2e",
        "%00",
        "%zz",
        "%",
        "%2F",
        "a%2Fb",
        "a%20b",
        "~",
        "__proto__",
        "constructor",
        "UPPER",
        "-x",
        "x-",
        "",
        "%F0%9F%98%80",
        "%C3%A9t%C3%A9",
      ),
    },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }).map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc
        .string({ maxLength: 12 })
        .map((s) => printable(s).replaceAll("/", "%2F").replaceAll("?", "%3F")),
    },
    { weight: 1, arbitrary: fc.integer({ min: 64, max: 4000 }).map((n) => "a".repeat(n)) },
  );

const path = (lbName: string) =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(...TEMPLATES), fc.constantFrom("", "", "/"))
        .map(
          ([t, tail]) =>
            t.replace("{id}", "default").replace("{name}", lbName).replace("{file}", "app-NOTBUILT.css") +
            tail,
        ),
    },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...TEMPLATES),
          segment(lbName),
          segment(lbName),
          fc.constantFrom("", "", "/", "//"),
        )
        .map(
          ([t, id, name, tail]) =>
            t.replace("{id}", id).replace("{name}", name).replace("{file}", name) + tail,
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .array(
          fc.oneof(
            segment(lbName),
            fc.constantFrom("workshops", "load-balancers", "transitions", "stats", "health"),
          ),
          { maxLength: 7 },
        )
        .map((parts) => `/${parts.join("/")}`),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "/",
        "//",
        "/workshops/../health",
        "/./workshops",
        "/workshops/default/../../openapi.json",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/WORKSHOPS",
        "/health/",
        "/openapi.json/",
        "/openapiXjson",
        "/workshops/default/load-balancers/",
        "http://example.com/workshops",
        "*",
      ),
    },
  );

const queryValue = (tokens: string[]) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "0",
        "1",
        "100",
        "500",
        "501",
        "-1",
        "1e2",
        "0x10",
        "NaN",
        "Infinity",
        " 5",
        "",
        "ip",
        "instance",
        "mixed",
        "none",
        "healthy",
        "initial",
        "unhealthy.draining",
        "us-west-2",
        "eu-west-1",
        "eks-workshop",
        "2026-11-27T09:00:00.000Z",
        "2026-11-27T09:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "0000-01-01T00:00:00+23:59",
        "a.b",
        "%zz",
        "+",
        "%00",
        ...tokens,
      ),
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 10 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  );

const queryString = (tokens: string[]) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant("") },
    {
      weight: 1,
      arbitrary: fc.constantFrom("?", "?&&", "?=", "?limit", "?limit=1&limit=2", "?mode=ip&mode=ip"),
    },
    {
      weight: 4,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom(
                "limit",
                "nextToken",
                "mode",
                "cluster",
                "state",
                "since",
                "until",
                "loadBalancer",
                "region",
                "__proto__",
                "constructor",
                "toString",
              ),
              fc.string({ maxLength: 8 }),
            ),
            queryValue(tokens),
            fc.boolean(),
          ),
          { minLength: 1, maxLength: 6 },
        )
        .map(
          (pairs) =>
            `?${pairs
              .map(([k, v, encode]) =>
                encode
                  ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}`
                  : `${printable(k)}=${printable(v)}`,
              )
              .join("&")}`,
        ),
    },
  );

const headerValue = fc.string({ maxLength: 40 }).map((s) => s.trim());
const headers = (token: string) =>
  fc
    .tuple(
      fc.oneof(
        { weight: 10, arbitrary: fc.constant(`Bearer ${token}`) },
        { weight: 2, arbitrary: fc.constant(undefined) },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            `bearer ${token}`,
            `Bearer  ${token}  `,
            `Bearer ${token}x`,
            `Bearer ${token.slice(0, -1)}`,
            `Bearer ${token},Bearer ${token}`,
            "Basic eDp5",
            "Bearer",
            token,
          ),
        },
        { weight: 1, arbitrary: headerValue.map((s) => `Bearer ${s}`) },
        { weight: 1, arbitrary: headerValue },
      ),
      fc.option(
        fc.oneof(
          fc.constantFrom(
            "application/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "application/json;;;",
            "text/plain",
            "application/xml",
            "application/octet-stream",
            "multipart/form-data; boundary=x",
            "application/vnd.api+json",
            "application/x-www-form-urlencoded",
          ),
          headerValue,
        ),
      ),
      fc.array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              "authorization",
              "content-type",
              "content-encoding",
              "cookie",
              "x-forwarded-for",
              "origin",
              "accept",
              "x-amzn-trace-id",
              "access-control-request-method",
            ),
            fc.stringMatching(/^x-[a-z0-9-]{1,15}$/),
          ),
          headerValue,
        ),
        { maxLength: 4 },
      ),
    )
    .map(([authorization, type, extra]) => {
      const list: [string, string][] = [];
      if (authorization !== undefined) list.push(["authorization", authorization]);
      if (type !== null) list.push(["content-type", type]);
      return [...list, ...extra];
    });

const body = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 100 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 65_500, max: 65_560 })
      .map((n) => JSON.stringify({ name: "x".repeat(n - 11) })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 300_000 }).map((n) => "x".repeat(n)) },
  {
    weight: 2,
    arbitrary: fc
      .record(
        { name: fc.string(), stuckThresholdSeconds: fc.integer({ min: 0, max: 100_000 }) },
        { requiredKeys: [] },
      )
      .map((v) => JSON.stringify(v)),
  },
);

/** The dashboard's page and files (`/`, `/assets/…`) answer 200 with these; their errors are JSON. */
const PAGE_CONTENT = /^text\/(html|javascript|css); charset=utf-8$/;

/** What is wrong with one exchange; empty when the API behaved. */
function problemsOf(method: string, reply: Reply): string[] {
  const problems: string[] = [];
  if (reply.status >= 500 || !KNOWN_STATUSES.includes(reply.status)) problems.push(`status ${reply.status}`);
  if (hasStackTrace(reply)) problems.push("a stack trace in the body");
  if (method === "HEAD" || reply.status === 204) {
    if (reply.text !== "") problems.push("a body where there must be none");
    return problems;
  }
  if (reply.status === 200 && PAGE_CONTENT.test(String(reply.headers["content-type"]))) return problems;
  if (!String(reply.headers["content-type"]).startsWith("application/json")) {
    problems.push(`content-type ${reply.headers["content-type"]}`);
  }
  if (reply.body === undefined) problems.push("a body that is not JSON");
  if (reply.status >= 400) problems.push(...errorShapeProblems(reply.body));
  return problems;
}

// ---- near-valid workshops for the PUT fuzz ----

const REGIONS = ["us-west-2", "us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1"];
const validWorkshop = fc.record(
  {
    name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
    selector: fc.record(
      {
        tags: fc.array(
          fc.record(
            { key: fc.string({ minLength: 1, maxLength: 20 }), value: fc.string({ maxLength: 20 }) },
            { requiredKeys: ["key"] },
          ),
          { maxLength: 10 },
        ),
        namePrefix: fc.string({ minLength: 1, maxLength: 32 }),
        regions: fc.uniqueArray(fc.constantFrom(...REGIONS), { maxLength: 5 }),
      },
      { requiredKeys: [] },
    ),
    stuckThresholdSeconds: fc.integer({ min: 30, max: 86_400 }),
    retentionDays: fc.integer({ min: 1, max: 365 }),
  },
  { requiredKeys: ["name"] },
);

const FIELDS = [
  [],
  ["name"],
  ["selector"],
  ["selector", "tags"],
  ["selector", "tags", "0"],
  ["selector", "tags", "0", "key"],
  ["selector", "tags", "0", "value"],
  ["selector", "namePrefix"],
  ["selector", "regions"],
  ["selector", "regions", "0"],
  ["stuckThresholdSeconds"],
  ["retentionDays"],
];
const oddValue = fc.oneof(
  fc.constantFrom(
    29,
    30,
    86_400,
    86_401,
    0,
    1,
    365,
    366,
    -1,
    1.5,
    1e300,
    "",
    " ",
    "x".repeat(201),
    "x".repeat(33),
    "x".repeat(129),
    "x".repeat(257),
    null,
    [],
    {},
    "mars-1",
    "us-west-2",
    "\ud800",
    "\u0000",
    "300",
    true,
  ),
  fc.jsonValue(),
  fc.string({ unit: "grapheme", maxLength: 30 }),
);
type Mutation = (value: unknown) => unknown;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // set a field (or the whole body) to an odd value
  fc.tuple(fc.constantFrom(...FIELDS), oddValue).map(
    ([at, v]): Mutation =>
      (x) =>
        setAt(x, at, v),
  ),
  // drop a field
  fc.constantFrom(...FIELDS.filter((f) => f.length > 0)).map(
    (at): Mutation =>
      (x) =>
        setAt(x, at, undefined),
  ),
  // an unknown field, at the top, in the selector or in a tag
  fc
    .tuple(
      fc.constantFrom([], ["selector"], ["selector", "tags", "0"]),
      fc.string({ minLength: 1, maxLength: 10 }),
    )
    .map(
      ([at, key]): Mutation =>
        (x) =>
          setAt(x, [...at, key], "surprise"),
    ),
  // too many tags or regions
  fc.constantFrom<Mutation>(
    (x) =>
      setAt(
        x,
        ["selector", "tags"],
        Array.from({ length: 11 }, (_, i) => ({ key: `k${i}` })),
      ),
    (x) =>
      setAt(
        x,
        ["selector", "regions"],
        Array.from({ length: 31 }, () => "us-west-2"),
      ),
    (x) => setAt(x, ["name"], ` ${String((x as { name?: unknown }).name)} `),
  ),
);

/** A copy of `value` with the field at `at` set (`undefined`: removed); missing objects on the way are made. */
function setAt(value: unknown, at: string[], v: unknown): unknown {
  if (at.length === 0) return v;
  const [head, ...rest] = at as [string, ...string[]];
  const base: Record<string, unknown> | unknown[] = Array.isArray(value)
    ? [...value]
    : value && typeof value === "object"
      ? { ...value }
      : /^\d+$/.test(head)
        ? []
        : {};
  const next = setAt((base as Record<string, unknown>)[head], rest, v);
  if (next === undefined) {
    if (Array.isArray(base)) base.splice(Number(head), 1);
    else delete base[head];
  } else (base as Record<string, unknown>)[head] = next;
  return base;
}

/**
 * The workshop a valid input becomes: name trimmed, defaults filled in, its accounts added to
 * those `current` has (a PUT never removes one).
 */
function stored(
  id: string,
  input: Record<string, unknown>,
  current: Record<string, unknown>,
): Record<string, unknown> {
  const accounts = [...((current.accounts ?? []) as { accountId: string; label: string | null }[])];
  for (const a of (input.accounts ?? []) as { accountId: string; label?: string }[]) {
    const label = a.label?.trim() ?? null;
    const at = accounts.findIndex((b) => b.accountId === a.accountId);
    if (at < 0) accounts.push({ accountId: a.accountId, label });
    else if (label !== null) accounts[at] = { accountId: a.accountId, label };
  }
  const selector = input.selector as
    | { tags?: { key: string; value?: string }[]; namePrefix?: string; regions?: string[] }
    | undefined;
  return {
    id,
    name: String(input.name).trim(),
    selector: selector
      ? {
          tags: selector.tags ?? [],
          ...(selector.namePrefix !== undefined ? { namePrefix: selector.namePrefix } : {}),
          regions: selector.regions ?? [],
        }
      : { tags: [{ key: "elbv2.k8s.aws/cluster" }], regions: [] },
    stuckThresholdSeconds: input.stuckThresholdSeconds ?? 300,
    retentionDays: input.retentionDays ?? 30,
    roleName: input.roleName ?? "TargetWatchReader",
    // Generated when the workshop was created, and kept by every PUT since.
    externalId: current.externalId,
    accounts,
    // No join code until a facilitator makes one.
    joinCode: { enabled: false, code: null, createdAt: null },
    accountCount: accounts.length,
    // This rig's API is not told the collector role's ARN.
    participantRole: null,
    implicit: false,
    // This rig runs without CloudWatch: no alarms to report.
    alarm: null,
  };
}

const withoutSummary = (body: unknown) => {
  const { summary: _, ...rest } = body as Record<string, unknown>;
  return rest;
};

describe("the API under random requests (fast-check, over HTTP)", () => {
  let rig: SystemRig;
  let http: HttpClient;
  let lbName: string;
  let tokens: string[];
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

  beforeAll(async () => {
    rig = await startSystem();
    http = new HttpClient(rig.api.url);
    for (let minute = 0; minute <= 3; minute++) await rig.sweepAt(minute);
    const lbs = await http.send({ path: "/workshops/default/load-balancers?limit=1", token: rig.api.token });
    const transitions = await http.send({
      path: "/workshops/default/transitions?limit=2",
      token: rig.api.token,
    });
    lbName = (lbs.body as { loadBalancers: { name: string }[] }).loadBalancers[0]?.name as string;
    const real = [lbs, transitions].map((r) => (r.body as { nextToken: string }).nextToken);
    // Real page tokens, and the same with their last character changed.
    tokens = real.flatMap((t) => [t, `${t.slice(0, -1)}${t.endsWith("A") ? "B" : "A"}`]);
  });
  afterAll(async () => {
    http?.close();
    await rig?.close();
  });

  it("never answers 5xx, and answers every error with the JSON error body", async () => {
    // Prepare
    const statuses = new Map<number, number>();
    const request = fc.record({
      method: METHOD,
      path: path(lbName),
      query: queryString(tokens),
      headers: headers(rig.api.token),
      body,
    });
    // Act
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const reply = await http.send({
          method: r.method,
          path: r.path + r.query,
          headers: r.headers,
          ...(r.body !== undefined ? { body: r.body } : {}),
        });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        const problems = problemsOf(r.method, reply);
        if (problems.length > 0) {
          throw new Error(
            `${r.method} ${r.path}${r.query} → ${reply.status}: ${problems.join("; ")}\n${reply.text.slice(0, 500)}`,
          );
        }
      }),
      { numRuns: RUNS },
    );
    // Assess: the runs reached the handler's every kind of answer, not only one
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 400, 401, 404, 405]));
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  });

  it("answers a PUT of a mutated workshop 200 or 400 as the document's schema says, and a 400 changes nothing", async () => {
    // Prepare
    const doc = (await http.send({ path: "/openapi.json" })).body;
    const documented = new OpenApiContract(doc).validator("#/components/schemas/WorkshopInput");
    const put = (value: unknown) =>
      http.send({
        method: "PUT",
        path: `/workshops/${PUT_TARGET}`,
        token: rig.api.token,
        headers: [["content-type", "application/json"]],
        body: JSON.stringify(value) ?? "",
      });
    const first = await put({ name: "Before the fuzz", selector: { regions: ["us-west-2"] } });
    let current = withoutSummary(first.body);
    const outcomes = new Map<number, number>();
    // Act
    await fc.assert(
      fc.asyncProperty(validWorkshop, fc.array(mutation, { maxLength: 3 }), async (valid, mutations) => {
        const input = mutations.reduce<unknown>((x, m) => m(x), valid);
        const reply = await put(input);
        const after = await http.send({ path: `/workshops/${PUT_TARGET}`, token: rig.api.token });
        outcomes.set(reply.status, (outcomes.get(reply.status) ?? 0) + 1);
        const label = `PUT ${JSON.stringify(input)?.slice(0, 300)} → ${reply.status} ${reply.text.slice(0, 300)}`;
        expect(problemsOf("PUT", reply), label).toEqual([]);
        expect([200, 400], label).toContain(reply.status);
        // The document's WorkshopInput says the same (zod trims the name before checking it).
        const trimmed =
          input &&
          typeof input === "object" &&
          !Array.isArray(input) &&
          typeof (input as { name?: unknown }).name === "string"
            ? { ...input, name: (input as { name: string }).name.trim() }
            : input;
        expect(documented(trimmed) ? 200 : 400, label).toBe(reply.status);
        if (reply.status === 200) {
          const expected = stored(PUT_TARGET, input as Record<string, unknown>, current);
          expect(withoutSummary(reply.body), label).toEqual(expected);
          expect(withoutSummary(after.body), label).toEqual(expected);
          current = expected;
        } else {
          expect(withoutSummary(after.body), label).toEqual(current);
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
    // Assess: both outcomes happened
    expect(first.status).toBe(201);
    expect([...outcomes.keys()].sort()).toEqual([200, 400]);
  });
});

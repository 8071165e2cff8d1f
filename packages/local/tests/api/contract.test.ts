import { Logger } from "@aws-lambda-powertools/logger";
import { MODES, TARGET_STATES } from "@targetwatch/core/model";
import { createApi } from "@targetwatch/functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START, type SystemRig, startSystem } from "../e2e/rig.ts";
import { HttpClient, pathOf, type Reply } from "./http-client.ts";
import { HTTP_METHODS, OpenApiContract, refsIn, resolvePointer } from "./openapi-contract.ts";

/** The routes the API promises facilitators: the document must have exactly these operations. */
const CONTRACT_ROUTES = [
  "GET /health",
  "GET /openapi.json",
  "GET /workshops",
  "GET /workshops/{id}",
  "PUT /workshops/{id}",
  "DELETE /workshops/{id}",
  "GET /workshops/{id}/load-balancers",
  "GET /workshops/{id}/load-balancers/{name}",
  "GET /workshops/{id}/transitions",
  "GET /workshops/{id}/accounts",
  "POST /workshops/{id}/join-code/rotate",
  "DELETE /workshops/{id}/join-code",
  "POST /workshops/{id}/join",
  "PUT /workshops/{id}/accounts/{accountId}",
  "DELETE /workshops/{id}/accounts/{accountId}",
  "POST /workshops/{id}/external-id/rotate",
  "GET /workshops/{id}/stats",
  "GET /workshops/{id}/board",
  "GET /",
  "GET /assets/{file}",
];
/** The dashboard's page and files: HTML, script and stylesheet, not JSON (checked in board.test.ts). */
const PAGE_ROUTES = ["GET /", "GET /assets/{file}"];
/** Joining needs the workshop's join code, not the token. */
const PUBLIC_ROUTES = ["GET /health", "GET /openapi.json", "POST /workshops/{id}/join", ...PAGE_ROUTES];

type Obj = Record<string, unknown>;
const iso = (ms: number) => new Date(ms).toISOString();

interface Call {
  method?: string;
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: string;
  headers?: [string, string][];
  /** `null`: send no token. */
  token?: string | null;
  /** The status this call must get. */
  status: number;
}

describe("the API's responses during the ip-mode walkthrough, against the OpenAPI document it serves", () => {
  let rig: SystemRig;
  let http: HttpClient;
  let contract: OpenApiContract;
  let served: Reply;
  /** `METHOD template status` of every response checked against the document. */
  const exercised = new Set<string>();
  const violations: string[] = [];
  let checked = 0;

  /** Sends one request for `METHOD template` and checks its response against the document. */
  async function call(template: string, c: Call): Promise<Reply> {
    const method = c.method ?? "GET";
    const reply = await http.send({
      method,
      path: pathOf(template, c.params, c.query),
      ...(c.headers ? { headers: c.headers } : {}),
      ...(c.body !== undefined ? { body: c.body } : {}),
      ...(c.token === null ? {} : { token: c.token ?? rig.api.token }),
    });
    const label = `${method} ${pathOf(template, c.params, c.query)}`;
    if (reply.status !== c.status) violations.push(`${label}: status ${reply.status}, expected ${c.status}`);
    violations.push(...contract.check(method, template, reply).map((v) => `${v} (${label})`));
    exercised.add(`${method} ${template} ${reply.status}`);
    checked++;
    return reply;
  }

  /** Every page of a listing with `limit`, following `nextToken` (at most `max` pages). */
  async function pages(
    template: string,
    key: "loadBalancers" | "transitions",
    query: Record<string, string | number | undefined>,
    max = 40,
  ): Promise<Obj[]> {
    const items: Obj[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < max; page++) {
      const reply = await call(template, {
        params: { id: "default" },
        query: { ...query, nextToken },
        status: 200,
      });
      const body = reply.body as Obj;
      items.push(...((body[key] as Obj[] | undefined) ?? []));
      nextToken = body.nextToken as string | undefined;
      if (!nextToken) return items;
    }
    violations.push(`${template} ${JSON.stringify(query)}: still a nextToken after ${max} pages`);
    return items;
  }

  /**
   * Every GET endpoint, with filters and paging, as a facilitator would call them after a sweep;
   * independent listings run side by side.
   */
  async function everyGet(minute: number): Promise<void> {
    const now = START + minute * 60_000;
    const lbList = "/workshops/{id}/load-balancers";
    const tr = "/workshops/{id}/transitions";
    const [, , names] = await Promise.all([
      (async () => {
        await call("/health", { token: null, status: 200 });
        const document = await call("/openapi.json", { token: null, status: 200 });
        if (JSON.stringify(document.body) !== JSON.stringify(contract.doc)) {
          violations.push(`minute ${minute}: /openapi.json changed between requests`);
        }
        await call("/workshops", { status: 200 });
        await call("/workshops/{id}", { params: { id: "default" }, status: 200 });
        await call("/workshops/{id}/stats", { params: { id: "default" }, status: 200 });
        await call("/workshops/{id}/board", { params: { id: "default" }, status: 200 });
        await call("/workshops/{id}/accounts", { params: { id: "default" }, status: 200 });
      })(),
      Promise.all([
        ...MODES.map((mode) => pages(lbList, "loadBalancers", { mode })),
        ...TARGET_STATES.map((state) => pages(lbList, "loadBalancers", { state, limit: 1 })),
        ...["eks-workshop", "another-cluster"].map((cluster) =>
          pages(lbList, "loadBalancers", { cluster, mode: "ip", limit: 100 }),
        ),
      ]),
      (async () => {
        const all = (
          (await call(lbList, { params: { id: "default" }, status: 200 })).body as { loadBalancers: Obj[] }
        ).loadBalancers;
        const paged = await pages(lbList, "loadBalancers", { limit: 1 });
        if (JSON.stringify(paged.map((lb) => lb.arn)) !== JSON.stringify(all.map((lb) => lb.arn))) {
          violations.push(`minute ${minute}: pages of 1 NLB do not add up to the whole list`);
        }
        const detail = "/workshops/{id}/load-balancers/{name}";
        for (const lb of all) {
          const name = String(lb.name);
          await call(detail, { params: { id: "default", name }, status: 200 });
          await call(detail, {
            params: { id: "default", name },
            query: { region: "us-west-2" },
            status: 200,
          });
        }
        return all.map((lb) => String(lb.name));
      })(),
      (async () => {
        const transitions = (
          (await call(tr, { params: { id: "default" }, status: 200 })).body as { transitions: Obj[] }
        ).transitions;
        const paged = await pages(tr, "transitions", { limit: 1 });
        if (JSON.stringify(paged) !== JSON.stringify(transitions)) {
          violations.push(`minute ${minute}: pages of 1 transition do not add up to the whole list`);
        }
      })(),
      pages(tr, "transitions", { since: iso(START), until: iso(now), limit: 3 }),
      pages(tr, "transitions", { since: iso(now - 90_000), limit: 500 }),
      pages(tr, "transitions", { until: iso(START + 60_000), limit: 4 }),
      pages(tr, "transitions", { since: iso(now), until: iso(now) }),
      pages(tr, "transitions", { loadBalancer: "k8s-no-such-nlb" }),
    ]);
    await Promise.all(names.map((name) => pages(tr, "transitions", { loadBalancer: name, limit: 2 })));
  }

  beforeAll(async () => {
    rig = await startSystem();
    http = new HttpClient(rig.api.url);
    served = await http.send({ path: "/openapi.json" });
    contract = new OpenApiContract(served.body);
  });
  afterAll(async () => {
    http?.close();
    await rig?.close();
  });

  describe("the document", () => {
    it("is OpenAPI 3.1.0 with exactly the routes of the contract, which are the API's routes", () => {
      // Prepare
      const api = createApi({
        queries: {} as never,
        token: "x".repeat(32),
        logger: new Logger({ logLevel: "SILENT" }),
      });
      // Act
      const doc = contract.doc as Obj;
      const operations = Object.entries(doc.paths as Record<string, Obj>).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((k) => HTTP_METHODS.includes(k))
          .map((m) => `${m.toUpperCase()} ${path}`),
      );
      // Assess
      expect(served.status).toBe(200);
      expect(served.headers["content-type"]).toMatch(/^application\/json/);
      expect(doc.openapi).toBe("3.1.0");
      expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
      expect(operations.sort()).toEqual([...CONTRACT_ROUTES].sort());
      expect(api.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...CONTRACT_ROUTES].sort());
    });

    it("gives every operation an id, path parameters matching its template, and described responses", () => {
      // Prepare
      const problems: string[] = [];
      const ids = new Set<string>();
      // Act
      for (const route of CONTRACT_ROUTES) {
        const [method, template] = route.split(" ") as [string, string];
        const op = contract.operation(method, template) as Obj;
        const id = op.operationId;
        if (typeof id !== "string" || ids.has(id)) problems.push(`${route}: operationId ${String(id)}`);
        ids.add(String(id));
        const inPath = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const params = (op.parameters as Obj[] | undefined) ?? [];
        const pathParams = params.filter((p) => p.in === "path");
        if (
          JSON.stringify(pathParams.map((p) => p.name).sort()) !== JSON.stringify(inPath.sort()) ||
          pathParams.some((p) => p.required !== true)
        ) {
          problems.push(`${route}: path parameters ${JSON.stringify(pathParams)}`);
        }
        for (const p of params) {
          if (!["path", "query"].includes(String(p.in)) || !p.schema)
            problems.push(`${route}: parameter ${p.name}`);
        }
        const responses = op.responses as Record<string, Obj>;
        if (Object.keys(responses).length === 0) problems.push(`${route}: no responses`);
        for (const [status, response] of Object.entries(responses)) {
          if (!/^[1-5]\d\d$/.test(status)) problems.push(`${route}: response key ${status}`);
          if (typeof response.description !== "string") problems.push(`${route} ${status}: no description`);
          for (const type of Object.keys((response.content as Obj | undefined) ?? {})) {
            if (type !== "application/json") problems.push(`${route} ${status}: content ${type}`);
          }
        }
      }
      // Assess
      expect(problems).toEqual([]);
    });

    it("asks for the bearer token everywhere but /health and /openapi.json, and documents 401 where it does", () => {
      // Act
      const doc = contract.doc as Obj;
      const open = CONTRACT_ROUTES.filter((route) => {
        const [method, template] = route.split(" ") as [string, string];
        return JSON.stringify(contract.operation(method, template)?.security) === "[]";
      });
      const without401 = CONTRACT_ROUTES.filter((route) => {
        const [method, template] = route.split(" ") as [string, string];
        const responses = (contract.operation(method, template)?.responses ?? {}) as Obj;
        return !responses["401"];
      });
      // Assess
      expect(doc.security).toEqual([{ bearerAuth: [] }]);
      expect((doc.components as Obj).securitySchemes).toMatchObject({
        bearerAuth: { type: "http", scheme: "bearer" },
      });
      expect(open).toEqual(PUBLIC_ROUTES);
      expect(without401).toEqual(PUBLIC_ROUTES);
    });

    it("resolves every $ref to a schema with content (no dangling reference, no reference to itself)", () => {
      // Act
      const problems = refsIn(contract.doc).flatMap(({ at, ref }) => {
        const seen = new Set<string>();
        let current = ref;
        for (;;) {
          if (seen.has(current)) return [`${at}: ${ref} is a cycle of references (${[...seen].join(" → ")})`];
          seen.add(current);
          const target = resolvePointer(contract.doc, current) as Obj | undefined;
          if (target === undefined || target === null || typeof target !== "object") {
            return [`${at}: ${ref} resolves to nothing`];
          }
          const keys = Object.keys(target);
          if (keys.length === 1 && typeof target.$ref === "string") {
            current = target.$ref;
            continue;
          }
          return [];
        }
      });
      // Assess
      expect(refsIn(contract.doc).length).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    });

    it("has components that compile as JSON Schema 2020-12, and a WorkshopInput example that is valid", () => {
      // Prepare
      const schemas = (contract.doc.components as Obj).schemas as Record<string, Obj>;
      // Act
      const compiled = Object.keys(schemas).map((name) => {
        contract.validator(`#/components/schemas/${name}`);
        return name;
      });
      const validInput = contract.validator("#/components/schemas/WorkshopInput");
      // Assess
      expect(compiled).toEqual(expect.arrayContaining(["Workshop", "LoadBalancer", "Transition", "Error"]));
      expect(schemas.WorkshopInput?.example).toBeDefined();
      expect(validInput(schemas.WorkshopInput?.example)).toBe(true);
      expect(validInput({ name: "x", colour: "blue" })).toBe(false);
      expect(contract.validator("#/components/schemas/Error")({ error: { code: "X" } })).toBe(false);
    });
  });

  it("answers every GET endpoint, after each sweep of minutes 0–9, as the document says", async () => {
    // Act
    for (let minute = 0; minute <= 9; minute++) {
      await rig.sweepAt(minute);
      await everyGet(minute);
    }
    // Assess
    expect(violations).toEqual([]);
    // Hundreds of responses: most are pages of one transition, 17 by minute 9 (the node targets
    // leave at the switch instead of draining for five minutes, as they did before issue 11).
    expect(checked).toBeGreaterThan(500);
    expect([...exercised].filter((e) => e.startsWith("GET ") && e.endsWith(" 200")).sort()).toEqual(
      CONTRACT_ROUTES.filter((r) => r.startsWith("GET ") && !PAGE_ROUTES.includes(r))
        .map((r) => `${r} 200`)
        .sort(),
    );
  });

  it("answers PUT, GET and DELETE of a configured workshop (and of its accounts) as the document says", async () => {
    // Prepare
    const id = "contract-ws";
    const input = {
      name: "  Contract check  ",
      selector: { tags: [{ key: "elbv2.k8s.aws/cluster", value: "eks-workshop" }], regions: ["us-west-2"] },
      stuckThresholdSeconds: 120,
    };
    const json: [string, string][] = [["content-type", "application/json"]];
    // Act
    const created = await call("/workshops/{id}", {
      method: "PUT",
      params: { id },
      headers: json,
      body: JSON.stringify(input),
      status: 201,
    });
    const replaced = await call("/workshops/{id}", {
      method: "PUT",
      params: { id },
      headers: json,
      body: JSON.stringify({ ...input, retentionDays: 7 }),
      status: 200,
    });
    const account = { id, accountId: "210000000001" };
    const accountPath = "/workshops/{id}/accounts/{accountId}";
    const label = JSON.stringify({ label: "Table 1 – Alice" });
    await call(accountPath, { method: "PUT", params: account, headers: json, body: label, status: 201 });
    await call(accountPath, { method: "PUT", params: account, headers: json, body: "{}", status: 200 });
    const rotated = await call("/workshops/{id}/external-id/rotate", {
      method: "POST",
      params: { id },
      status: 200,
    });
    await call("/workshops/{id}/accounts", { params: { id }, status: 200 });
    await call(accountPath, { method: "DELETE", params: account, status: 204 });
    await call(accountPath, { method: "DELETE", params: account, status: 404 });
    await rig.sweepAt(10);
    const read = await call("/workshops/{id}", { params: { id }, status: 200 });
    const listed = await call("/workshops", { status: 200 });
    await call("/workshops/{id}/load-balancers", { params: { id }, status: 200 });
    await call("/workshops/{id}/stats", { params: { id }, status: 200 });
    await call("/workshops/{id}/transitions", { params: { id }, status: 200 });
    await call("/workshops/{id}", { params: { id: "default" }, status: 404 });
    const deleted = await call("/workshops/{id}", { method: "DELETE", params: { id }, status: 204 });
    await call("/workshops/{id}", { method: "DELETE", params: { id }, status: 404 });
    await call("/workshops/{id}", { params: { id }, status: 404 });
    const back = await call("/workshops", { status: 200 });
    // Assess
    expect(violations).toEqual([]);
    expect(created.body).toMatchObject({ id, name: "Contract check", retentionDays: 30, implicit: false });
    expect(replaced.body).toMatchObject({ id, retentionDays: 7 });
    expect(read.body).toMatchObject({ id, retentionDays: 7, summary: { loadBalancers: 1, targets: 3 } });
    expect((read.body as Obj).externalId).toBe((rotated.body as Obj).externalId);
    expect((listed.body as { workshops: Obj[] }).workshops.map((w) => w.id)).toEqual([id]);
    expect(deleted.text).toBe("");
    expect((back.body as { workshops: Obj[] }).workshops.map((w) => w.id)).toEqual(["default"]);
  });

  it("answers the client's mistakes with the documented 400, 401, 404, 413 and 415 and an Error body", async () => {
    // Prepare
    const json: [string, string][] = [["content-type", "application/json"]];
    const ws = "/workshops/{id}";
    // Act
    await call(ws, { params: { id: "Not_A_Slug" }, status: 400 });
    await call("/workshops/{id}/transitions", {
      params: { id: "default" },
      query: { limit: 0 },
      status: 400,
    });
    await call("/workshops/{id}/load-balancers", {
      params: { id: "default" },
      query: { nextToken: "forged.token" },
      status: 400,
    });
    await call("/workshops/{id}/transitions", {
      params: { id: "default" },
      query: { since: iso(START + 60_000), until: iso(START) },
      status: 400,
    });
    await call(ws, { method: "PUT", params: { id: "x" }, headers: json, body: '{"name":', status: 400 });
    await call(ws, { method: "PUT", params: { id: "x" }, headers: json, body: '{"name":""}', status: 400 });
    await call("/workshops", { token: null, status: 401 });
    await call("/workshops/{id}/stats", { params: { id: "default" }, token: "not-the-token", status: 401 });
    await call(ws, { params: { id: "no-such-workshop" }, status: 404 });
    await call("/workshops/{id}/load-balancers/{name}", {
      params: { id: "default", name: "k8s-no-such-nlb" },
      status: 404,
    });
    await call(ws, {
      method: "PUT",
      params: { id: "x" },
      headers: json,
      body: JSON.stringify({ name: "x".repeat(70_000) }),
      status: 413,
    });
    await call(ws, {
      method: "PUT",
      params: { id: "x" },
      headers: [["content-type", "text/plain"]],
      body: "name=x",
      status: 415,
    });
    // Assess
    expect(violations).toEqual([]);
  });

  it("answers an unknown route with 404 and a method the document lacks with 405 and the documented methods", async () => {
    // Prepare
    const cases: [string, string, string | undefined][] = [
      ["POST", "/workshops", "/workshops"],
      ["PATCH", "/workshops/default", "/workshops/{id}"],
      ["DELETE", "/workshops/default/stats", "/workshops/{id}/stats"],
      ["PUT", "/health", "/health"],
      ["GET", "/nope", undefined],
      ["GET", "/workshops/default/nope", undefined],
    ];
    // Act
    const problems: string[] = [];
    for (const [method, path, template] of cases) {
      const reply = await http.send({ method, path, token: rig.api.token });
      problems.push(...contract.checkUndocumented(method, template, reply));
    }
    // Assess
    expect(problems).toEqual([]);
  });
});

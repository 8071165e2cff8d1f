import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { START, type SystemRig, startSystem } from "../e2e/rig.ts";
import { HttpClient, type RawRequest, type Reply } from "./http-client.ts";
import { errorShapeProblems, hasStackTrace } from "./openapi-contract.ts";

const JSON_TYPE: [string, string] = ["content-type", "application/json"];
const MAX_BODY = 64 * 1024;
const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const iso = (ms: number) => new Date(ms).toISOString();

interface ErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}

describe("the API's error contract: { error: { code, message, details? } } with the right status", () => {
  let rig: SystemRig;
  let http: HttpClient;

  /** A request with the valid token unless told otherwise; no response may show a stack trace. */
  async function send(req: RawRequest): Promise<Reply> {
    const reply = await http.send({ token: rig.api.token, ...req });
    expect(hasStackTrace(reply), `stack trace in ${req.method ?? "GET"} ${req.path}: ${reply.text}`).toBe(
      false,
    );
    return reply;
  }

  const put = (id: string, body: unknown, headers: [string, string][] = [JSON_TYPE]) =>
    send({
      method: "PUT",
      path: `/workshops/${id}`,
      headers,
      body: typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });

  /** Asserts the status, the JSON error shape and the code; answers the error. */
  function expectError(reply: Reply, status: number, code: string): ErrorBody["error"] {
    expect({ status: reply.status, text: reply.text }).toMatchObject({ status });
    expect(reply.headers["content-type"]).toMatch(/^application\/json/);
    expect(errorShapeProblems(reply.body)).toEqual([]);
    const { error } = reply.body as ErrorBody;
    expect(error.code).toBe(code);
    return error;
  }

  function expectFieldError(reply: Reply, field: string, message?: RegExp): void {
    const error = expectError(reply, 400, "ValidationError");
    expect(error.details?.map((d) => d.field)).toContain(field);
    if (message) expect(error.details?.find((d) => d.field === field)?.message).toMatch(message);
    expect(error.message).toContain(field);
  }

  /** A real nextToken: the first page of `path` with `limit=1`. */
  async function tokenOf(path: string): Promise<string> {
    const reply = await send({ path: `${path}${path.includes("?") ? "&" : "?"}limit=1` });
    expect(reply.status).toBe(200);
    const token = (reply.body as { nextToken?: string }).nextToken;
    if (!token) throw new Error(`no nextToken from ${path}`);
    return token;
  }

  const withToken = (path: string, token: string) =>
    `${path}${path.includes("?") ? "&" : "?"}limit=1&nextToken=${encodeURIComponent(token)}`;

  beforeAll(async () => {
    rig = await startSystem();
    http = new HttpClient(rig.api.url);
    // A few sweeps of the ip-mode walkthrough: an NLB, its targets and transitions to page through.
    for (let minute = 0; minute <= 3; minute++) await rig.sweepAt(minute);
  });
  afterAll(async () => {
    http?.close();
    await rig?.close();
  });

  describe("400: invalid input, field by field", () => {
    it("names an unknown field of the PUT body, at whatever depth", async () => {
      // Act
      const top = await put("ws-unknown", { name: "x", colour: "blue" });
      const nested = await put("ws-unknown", { name: "x", selector: { regions: [], colour: "blue" } });
      const inTag = await put("ws-unknown", {
        name: "x",
        selector: { tags: [{ key: "k", colour: "blue" }] },
      });
      // Assess
      expectFieldError(top, "body", /unknown field\(s\): colour/);
      expectFieldError(nested, "body.selector", /colour/);
      expectFieldError(inTag, "body.selector.tags.0", /colour/);
    });

    it("names every field of the PUT body with a wrong type", async () => {
      // Act
      const reply = await put("ws-types", {
        name: 42,
        selector: { tags: "elbv2.k8s.aws/cluster", regions: "us-west-2", namePrefix: 7 },
        stuckThresholdSeconds: "300",
        retentionDays: true,
      });
      // Assess
      const error = expectError(reply, 400, "ValidationError");
      expect(error.details?.sort((a, b) => a.field.localeCompare(b.field))).toEqual([
        { field: "body.name", message: "Invalid input: expected string, received number" },
        { field: "body.retentionDays", message: "Invalid input: expected number, received boolean" },
        { field: "body.selector.namePrefix", message: "Invalid input: expected string, received number" },
        { field: "body.selector.regions", message: "Invalid input: expected array, received string" },
        // Only the type: not also "expected string to have <=10 characters" (the check of the array's size)
        { field: "body.selector.tags", message: "Invalid input: expected array, received string" },
        { field: "body.stuckThresholdSeconds", message: "Invalid input: expected number, received string" },
      ]);
    });

    it.each([29, 86_401, 300.5, -1, 0, "300", null])(
      "refuses stuckThresholdSeconds %j (an integer from 30 to 86400)",
      async (value) => {
        // Act
        const reply = await put("ws-threshold", { name: "x", stuckThresholdSeconds: value });
        // Assess
        expectFieldError(reply, "body.stuckThresholdSeconds");
      },
    );

    it.each(["mars-1", "US-WEST-2", "us-west", "us-west-2a", ""])("refuses the region %j", async (region) => {
      // Act
      const reply = await put("ws-region", { name: "x", selector: { regions: ["us-west-2", region] } });
      // Assess
      expectFieldError(reply, "body.selector.regions.1", /AWS region/);
    });

    it.each([
      ["a name of blanks", { name: "   " }, "body.name"],
      ["a missing name", { selector: { regions: [] } }, "body.name"],
      [
        "eleven tags",
        { name: "x", selector: { tags: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}` })) } },
        "body.selector.tags",
      ],
      ["an empty name prefix", { name: "x", selector: { namePrefix: "" } }, "body.selector.namePrefix"],
      ["retention of 0 days", { name: "x", retentionDays: 0 }, "body.retentionDays"],
      ["a JSON array", [], "body"],
      ["JSON null", null, "body"],
    ])("refuses %s", async (_, body, field) => {
      // Act
      const reply = await put("ws-other", body);
      // Assess
      expectFieldError(reply, field);
    });

    it.each([
      "Bad_Id",
      "UPPER",
      "-leading",
      "trailing-",
      "dot.ted",
      "a".repeat(64),
      "..",
      "a%2Fb",
      "%F0%9F%98%80",
      "%zz",
      "a%20b",
    ])("refuses the workshop id %s on every workshop route", async (id) => {
      // Act
      const replies = await Promise.all([
        send({ path: `/workshops/${id}` }),
        send({ method: "DELETE", path: `/workshops/${id}` }),
        put(id, { name: "x" }),
        send({ path: `/workshops/${id}/load-balancers` }),
        send({ path: `/workshops/${id}/load-balancers/k8s-ui` }),
        send({ path: `/workshops/${id}/transitions` }),
        send({ path: `/workshops/${id}/stats` }),
      ]);
      // Assess
      for (const reply of replies) expectFieldError(reply, "path.id", /slug/);
    });

    it.each(["a_b", "x".repeat(33), "%F0%9F%98%80"])("refuses the NLB name %s", async (name) => {
      // Act
      const reply = await send({ path: `/workshops/default/load-balancers/${name}` });
      // Assess
      expectFieldError(reply, "path.name");
    });

    it.each([
      ["transitions", "0"],
      ["transitions", "501"],
      ["transitions", "abc"],
      ["transitions", "-1"],
      ["transitions", "1.5"],
      ["transitions", ""],
      ["transitions", "1&limit=2"],
      ["load-balancers", "0"],
      ["load-balancers", "101"],
      ["load-balancers", "abc"],
    ])("refuses /%s?limit=%s", async (listing, limit) => {
      // Act
      const reply = await send({ path: `/workshops/default/${listing}?limit=${limit}` });
      // Assess
      expectFieldError(reply, "query.limit");
    });

    it.each([
      ["transitions", 1],
      ["transitions", 500],
      ["load-balancers", 1],
      ["load-balancers", 100],
    ])("accepts /%s?limit=%i", async (listing, limit) => {
      // Act
      const reply = await send({ path: `/workshops/default/${listing}?limit=${limit}` });
      // Assess
      expect(reply.status).toBe(200);
    });

    it("names an unknown query parameter and a bad filter value", async () => {
      // Act
      const unknown = await send({ path: "/workshops/default/load-balancers?colour=blue" });
      const mode = await send({ path: "/workshops/default/load-balancers?mode=ipv6" });
      const state = await send({ path: "/workshops/default/load-balancers?state=sick" });
      const region = await send({ path: "/workshops/default/load-balancers/k8s-ui?region=moon" });
      const name = await send({ path: "/workshops/default/transitions?loadBalancer=a_b" });
      // Assess
      expectFieldError(unknown, "query", /colour/);
      expectFieldError(mode, "query.mode");
      expectFieldError(state, "query.state");
      expectFieldError(region, "query.region");
      expectFieldError(name, "query.loadBalancer");
    });

    it("refuses since after until, and times that are not ISO 8601 with an offset", async () => {
      // Act
      const reversed = await send({
        path: `/workshops/default/transitions?since=${iso(START + 60_000)}&until=${iso(START)}`,
      });
      const words = await send({ path: "/workshops/default/transitions?since=yesterday" });
      const dateOnly = await send({ path: "/workshops/default/transitions?until=2026-11-27" });
      const noOffset = await send({ path: "/workshops/default/transitions?since=2026-11-27T09:00:00" });
      const equal = await send({
        path: `/workshops/default/transitions?since=${iso(START)}&until=${iso(START)}`,
      });
      // Assess
      expectFieldError(reversed, "query.since", /since must not be after until/);
      expectFieldError(words, "query.since");
      expectFieldError(dateOnly, "query.until");
      expectFieldError(noOffset, "query.since");
      expect(equal.status).toBe(200);
    });

    it.each(["nope", ".", "abc.", ".abc", "a.b.c", "%%%", "x".repeat(300)])(
      "refuses the malformed nextToken %s",
      async (token) => {
        // Act
        const transitions = await send({ path: withToken("/workshops/default/transitions", token) });
        const lbs = await send({ path: withToken("/workshops/default/load-balancers", token) });
        // Assess
        expectError(transitions, 400, "InvalidNextToken");
        expectError(lbs, 400, "InvalidNextToken");
      },
    );

    it("refuses a nextToken over 4096 characters", async () => {
      // Act
      const reply = await send({ path: withToken("/workshops/default/transitions", "x".repeat(4097)) });
      // Assess
      expectFieldError(reply, "query.nextToken");
    });

    it.each(["/workshops/default/transitions", "/workshops/default/load-balancers"])(
      "refuses every one-character alteration of a real nextToken of %s",
      async (path) => {
        // Prepare
        const token = await tokenOf(path);
        const mac = token.lastIndexOf(".");
        const altered = new Set<string>();
        // Every character of the MAC and the separator, every 10th of the cursor.
        for (let i = 0; i < token.length; i++) {
          if (i < mac && i % 10 !== 0) continue;
          const at = BASE64URL.indexOf(token[i] as string);
          const other = at === -1 ? "A" : (BASE64URL[(at + 1) % BASE64URL.length] as string);
          altered.add(token.slice(0, i) + other + token.slice(i + 1));
        }
        // The last character of a 32-byte MAC in base64url carries 2 spare bits: the spellings
        // that decode to the very same bytes, and padding, must be refused too.
        const decoded = Buffer.from(token.slice(mac + 1), "base64url");
        for (const c of BASE64URL) {
          const spelling = token.slice(mac + 1, -1) + c;
          if (Buffer.from(spelling, "base64url").equals(decoded))
            altered.add(token.slice(0, mac + 1) + spelling);
        }
        for (const extra of ["=", "A", "=="]) altered.add(token + extra);
        altered.add(token.slice(0, -1));
        altered.add(`A${token}`);
        altered.delete(token);
        // Act
        const refused: string[] = [];
        const accepted: string[] = [];
        const variants = [...altered];
        for (let i = 0; i < variants.length; i += 16) {
          const batch = variants.slice(i, i + 16);
          const replies = await Promise.all(batch.map((t) => send({ path: withToken(path, t) })));
          replies.forEach((reply, j) => {
            const variant = batch[j] as string;
            if (reply.status === 400 && (reply.body as ErrorBody).error.code === "InvalidNextToken") {
              refused.push(variant);
            } else accepted.push(`${variant} → ${reply.status}`);
          });
        }
        const original = await send({ path: withToken(path, token) });
        // Assess
        expect(accepted).toEqual([]);
        expect(refused.length).toBe(variants.length);
        expect(original.status).toBe(200);
      },
    );

    it("refuses a real nextToken handed to another query", async () => {
      // Prepare
      const transitions = await tokenOf("/workshops/default/transitions");
      const lbs = await tokenOf("/workshops/default/load-balancers");
      const name = (
        (await send({ path: "/workshops/default/load-balancers" })).body as {
          loadBalancers: { name: string }[];
        }
      ).loadBalancers[0]?.name as string;
      // Act
      const replies = await Promise.all([
        send({ path: withToken("/workshops/default/load-balancers", transitions) }),
        send({ path: withToken("/workshops/default/transitions", lbs) }),
        send({ path: withToken(`/workshops/default/transitions?loadBalancer=${name}`, transitions) }),
        send({ path: withToken(`/workshops/default/transitions?since=${iso(START)}`, transitions) }),
        send({
          path: withToken(`/workshops/default/transitions?until=${iso(START + 600_000)}`, transitions),
        }),
      ]);
      // Assess
      for (const reply of replies) expectError(reply, 400, "InvalidNextToken");
    });
  });

  describe("edge values that are no mistake", () => {
    it("takes since and until whose offset carries them past year 9999 or before year 0", async () => {
      // Prepare
      const all = (await send({ path: "/workshops/default/transitions" })).body as { transitions: unknown[] };
      // Act: 9999-12-31T23:59:59-23:59 is 10000-01-01T23:58:59Z, 0000-01-01T00:00:00+23:59 is in year -1
      const farUntil = await send({ path: "/workshops/default/transitions?until=9999-12-31T23:59:59-23:59" });
      const farSince = await send({ path: "/workshops/default/transitions?since=9999-12-31T23:59:59-23:59" });
      const earlySince = await send({
        path: "/workshops/default/transitions?since=0000-01-01T00:00:00%2B23:59",
      });
      const earlyUntil = await send({
        path: "/workshops/default/transitions?until=0000-01-01T00:00:00%2B23:59",
      });
      // Assess
      expect(all.transitions.length).toBeGreaterThan(0);
      expect(farUntil.body).toEqual(all);
      expect(farSince.body).toEqual({ transitions: [] });
      expect(earlySince.body).toEqual(all);
      expect(earlyUntil.body).toEqual({ transitions: [] });
    });
  });

  describe("401: the bearer token", () => {
    const challenge = 'Bearer realm="targetwatch"';

    it.each([
      ["no authorization header", undefined],
      ["a wrong token", "Bearer not-the-token"],
      ["an empty bearer token", "Bearer "],
      ["the Basic scheme", `Basic ${Buffer.from("user:pass").toString("base64")}`],
      ["the Token scheme", "Token TOKEN"],
      ["the token without a scheme", "TOKEN"],
      ["the token with something after it", "Bearer TOKEN extra"],
      ["the token with a character more", "Bearer TOKENx"],
    ])("refuses %s, with a www-authenticate challenge", async (_, authorization) => {
      // Prepare
      const headers: [string, string][] =
        authorization === undefined ? [] : [["authorization", authorization.replace("TOKEN", rig.api.token)]];
      // Act
      const replies = await Promise.all(
        [
          { path: "/workshops" },
          { path: "/workshops/default/load-balancers" },
          { path: "/workshops/no-such-workshop/stats" },
          { path: "/no-such-route" },
          {
            method: "PUT",
            path: "/workshops/ws-401",
            headers: [...headers, JSON_TYPE],
            body: '{"name":"x"}',
          },
          { method: "DELETE", path: "/workshops/default" },
        ].map((req) => http.send({ headers, ...req })),
      );
      // Assess
      for (const reply of replies) {
        expectError(reply, 401, "Unauthorized");
        expect(reply.headers["www-authenticate"]).toBe(challenge);
      }
      expect((await send({ path: "/workshops/ws-401" })).status).toBe(404);
    });

    it("takes the scheme in any case, as RFC 9110 says", async () => {
      // Act
      const reply = await http.send({
        path: "/workshops",
        headers: [["authorization", `bearer ${rig.api.token}`]],
      });
      // Assess
      expect(reply.status).toBe(200);
    });

    it("answers /health and /openapi.json without a token, and with a wrong one", async () => {
      // Act
      const replies = await Promise.all([
        http.send({ path: "/health" }),
        http.send({ path: "/openapi.json" }),
        http.send({ path: "/health", headers: [["authorization", "Bearer wrong"]] }),
        http.send({ path: "/openapi.json", headers: [["authorization", "Basic eDp5"]] }),
      ]);
      // Assess
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(replies[0]?.body).toEqual({ ok: true });
      expect(replies[1]?.body).toMatchObject({ openapi: "3.1.0" });
    });
  });

  describe("404: what does not exist", () => {
    it("answers an unknown workshop on every workshop route", async () => {
      // Act
      const replies = await Promise.all([
        send({ path: "/workshops/no-such-workshop" }),
        send({ method: "DELETE", path: "/workshops/no-such-workshop" }),
        send({ path: "/workshops/no-such-workshop/load-balancers" }),
        send({ path: "/workshops/no-such-workshop/load-balancers/k8s-ui" }),
        send({ path: "/workshops/no-such-workshop/transitions" }),
        send({ path: "/workshops/no-such-workshop/stats" }),
      ]);
      // Assess
      for (const reply of replies) {
        expect(expectError(reply, 404, "NotFound").message).toContain("no-such-workshop");
      }
    });

    it("answers DELETE of the implicit default workshop, which is not configured", async () => {
      // Act
      const reply = await send({ method: "DELETE", path: "/workshops/default" });
      // Assess
      expectError(reply, 404, "NotFound");
      expect((await send({ path: "/workshops/default" })).status).toBe(200);
    });

    it("answers an unknown NLB, in the workshop's regions or in the region asked for", async () => {
      // Prepare
      const name = (
        (await send({ path: "/workshops/default/load-balancers" })).body as {
          loadBalancers: { name: string }[];
        }
      ).loadBalancers[0]?.name as string;
      // Act
      const unknown = await send({ path: "/workshops/default/load-balancers/k8s-no-such-nlb" });
      const prefix = await send({ path: `/workshops/default/load-balancers/${name.slice(0, -1)}` });
      const otherRegion = await send({ path: `/workshops/default/load-balancers/${name}?region=eu-west-1` });
      const found = await send({ path: `/workshops/default/load-balancers/${name}` });
      // Assess
      expect(expectError(unknown, 404, "NotFound").message).toContain("k8s-no-such-nlb");
      expectError(prefix, 404, "NotFound");
      expect(expectError(otherRegion, 404, "NotFound").message).toContain("eu-west-1");
      expect(found.status).toBe(200);
    });

    // `/` is the dashboard's page (board.test.ts).
    it.each([
      "/nope",
      "/workshop",
      "/workshops/default/nope",
      "/workshops/default/load-balancers/k8s-ui/targets",
      "/workshops//stats",
      "/openapiXjson",
      "/healthz",
    ])("answers the unknown route %s", async (path) => {
      // Act
      const reply = await send({ path });
      // Assess
      expectError(reply, 404, "NotFound");
    });
  });

  describe("405: a method the path does not have", () => {
    it.each([
      ["POST", "/workshops", "GET"],
      ["DELETE", "/workshops", "GET"],
      ["PATCH", "/workshops/default", "GET, PUT, DELETE"],
      ["POST", "/workshops/default", "GET, PUT, DELETE"],
      ["PUT", "/workshops/default/load-balancers", "GET"],
      ["DELETE", "/workshops/default/load-balancers/k8s-ui", "GET"],
      ["POST", "/workshops/default/transitions", "GET"],
      ["DELETE", "/workshops/default/stats", "GET"],
      ["PUT", "/health", "GET"],
      ["POST", "/openapi.json", "GET"],
      ["OPTIONS", "/workshops", "GET"],
    ])("answers %s %s with 405 and allow: %s", async (method, path, allow) => {
      // Act
      const reply = await send({ method, path });
      // Assess
      expectError(reply, 405, "MethodNotAllowed");
      expect(reply.headers.allow).toBe(allow);
    });

    it("answers HEAD with 405 and no body", async () => {
      // Act
      const reply = await send({ method: "HEAD", path: "/workshops" });
      // Assess
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe("GET");
      expect(reply.text).toBe("");
    });

    it("answers a wrong method with 405 even when its body is not JSON or too large", async () => {
      // Act
      const text = await send({
        method: "POST",
        path: "/workshops/default",
        headers: [["content-type", "text/plain"]],
        body: "hello",
      });
      const bodyless = await send({ method: "PUT", path: "/health" });
      const large = await send({
        method: "PATCH",
        path: "/workshops/default",
        headers: [JSON_TYPE],
        body: JSON.stringify({ name: "x".repeat(MAX_BODY) }),
      });
      const unknownRoute = await send({
        method: "PUT",
        path: "/nope",
        headers: [["content-type", "text/plain"]],
        body: "x",
      });
      // Assess
      expectError(text, 405, "MethodNotAllowed");
      expectError(bodyless, 405, "MethodNotAllowed");
      expectError(large, 405, "MethodNotAllowed");
      expectError(unknownRoute, 404, "NotFound");
    });
  });

  describe("413, 415 and malformed JSON: the PUT body", () => {
    it("refuses a body over 64 KB and takes one of exactly 64 KB", async () => {
      // Prepare
      const json = JSON.stringify({ name: "Exactly 64 KB" });
      const exact = json.slice(0, -1) + " ".repeat(MAX_BODY - json.length) + json.slice(-1);
      // Act
      const over = await put("ws-size", `${exact} `);
      const huge = await put("ws-size", JSON.stringify({ name: "x".repeat(5 * MAX_BODY) }));
      const atLimit = await put("ws-size", exact);
      await send({ method: "DELETE", path: "/workshops/ws-size" });
      // Assess
      expect(Buffer.byteLength(exact)).toBe(MAX_BODY);
      expect(expectError(over, 413, "PayloadTooLarge").message).toContain(String(MAX_BODY + 1));
      expectError(huge, 413, "PayloadTooLarge");
      expect(atLimit.status).toBe(201);
    });

    it.each([
      ["no content type", []],
      ["text/plain", [["content-type", "text/plain"]]],
      ["application/xml", [["content-type", "application/xml"]]],
      ["a form", [["content-type", "application/x-www-form-urlencoded"]]],
      ["application/jsonx", [["content-type", "application/jsonx"]]],
      ["multipart", [["content-type", "multipart/form-data; boundary=x"]]],
      ["application/merge-patch+json", [["content-type", "application/merge-patch+json"]]],
    ] as [string, [string, string][]][])("refuses a body sent as %s", async (_, headers) => {
      // Act
      const reply = await put("ws-type", { name: "x" }, headers);
      // Assess
      expectError(reply, 415, "UnsupportedMediaType");
      expect((await send({ path: "/workshops/ws-type" })).status).toBe(404);
    });

    it.each(["application/json; charset=utf-8", "Application/JSON", " application/json ;charset=UTF-8"])(
      "takes a body sent as %s",
      async (type) => {
        // Act
        const reply = await put("ws-json", { name: "x" }, [["content-type", type]]);
        await send({ method: "DELETE", path: "/workshops/ws-json" });
        // Assess
        expect(reply.status).toBe(201);
      },
    );

    it.each([
      ["a truncated object", '{"name":'],
      ["an empty body", ""],
      ["single quotes", "{'name':'x'}"],
      ["a bare word", "nul"],
      ["trailing garbage", '{"name":"x"}}'],
      ["a __proto__ key", '{"__proto__":{"polluted":true},"name":"x"}'],
      ["a constructor key", '{"name":"x","selector":{"constructor":{"prototype":{}}}}'],
      ["bytes that are not UTF-8", Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ])("refuses %s as malformed JSON", async (_, body) => {
      // Act
      const reply = await put("ws-json", body);
      // Assess
      expectError(reply, 400, "InvalidJson");
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((await send({ path: "/workshops/ws-json" })).status).toBe(404);
    });
  });

  describe("the workshop lifecycle", () => {
    it("creates with 201, replaces with 200, deletes with 204 then 404, and lists configured workshops only", async () => {
      // Prepare
      const id = "ws-lifecycle";
      const before = await send({ path: "/workshops" });
      // Act
      const created = await put(id, { name: "First", selector: { regions: ["us-west-2"] } });
      const listed = await send({ path: "/workshops" });
      const defaultGone = await send({ path: "/workshops/default" });
      const replaced = await put(id, { name: "Second", stuckThresholdSeconds: 600, retentionDays: 7 });
      const read = await send({ path: `/workshops/${id}` });
      const deleted = await send({ method: "DELETE", path: `/workshops/${id}` });
      const deletedAgain = await send({ method: "DELETE", path: `/workshops/${id}` });
      const readAgain = await send({ path: `/workshops/${id}` });
      const after = await send({ path: "/workshops" });
      // Assess
      expect((before.body as { workshops: { id: string; implicit: boolean }[] }).workshops).toEqual([
        expect.objectContaining({ id: "default", implicit: true }),
      ]);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ id, name: "First", implicit: false, stuckThresholdSeconds: 300 });
      expect((listed.body as { workshops: { id: string }[] }).workshops.map((w) => w.id)).toEqual([id]);
      // The README's tour configures a workshop, then asks for default: the answer says where it went
      expect(expectError(defaultGone, 404, "NotFound").message).toBe(
        'workshop "default" watches every Load Balancer Controller NLB only while no workshop is configured; ' +
          "configured now: ws-lifecycle (GET /workshops lists them; PUT /workshops/default configures default alongside them)",
      );
      expect(replaced.status).toBe(200);
      expect(read.body).toMatchObject({
        id,
        name: "Second",
        stuckThresholdSeconds: 600,
        retentionDays: 7,
        selector: { tags: [{ key: "elbv2.k8s.aws/cluster" }], regions: [] },
      });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe("");
      expectError(deletedAgain, 404, "NotFound");
      expectError(readAgain, 404, "NotFound");
      expect((after.body as { workshops: { id: string }[] }).workshops.map((w) => w.id)).toEqual(["default"]);
    });

    it("configures the default workshop by PUT, and makes it implicit again by DELETE", async () => {
      // Act
      const configured = await put("default", { name: "Configured default", stuckThresholdSeconds: 60 });
      const read = await send({ path: "/workshops/default" });
      const deleted = await send({ method: "DELETE", path: "/workshops/default" });
      const implicit = await send({ path: "/workshops/default" });
      // Assess
      expect(configured.status).toBe(201);
      expect(read.body).toMatchObject({ id: "default", implicit: false, stuckThresholdSeconds: 60 });
      expect(deleted.status).toBe(204);
      expect(implicit.body).toMatchObject({ id: "default", implicit: true, stuckThresholdSeconds: 300 });
    });

    it("refuses a nextToken of one workshop on another", async () => {
      // Prepare: two workshops over the same NLB, swept once
      const json = { name: "Twin", selector: { regions: ["us-west-2"] } };
      await put("ws-twin-a", json);
      await put("ws-twin-b", json);
      await rig.sweepAt(4);
      const tokenA = await tokenOf("/workshops/ws-twin-a/load-balancers");
      // Act
      const onB = await send({ path: withToken("/workshops/ws-twin-b/load-balancers", tokenA) });
      const onA = await send({ path: withToken("/workshops/ws-twin-a/load-balancers", tokenA) });
      await send({ method: "DELETE", path: "/workshops/ws-twin-a" });
      await send({ method: "DELETE", path: "/workshops/ws-twin-b" });
      // Assess
      expectError(onB, 400, "InvalidNextToken");
      expect(onA.status).toBe(200);
    });
  });
});

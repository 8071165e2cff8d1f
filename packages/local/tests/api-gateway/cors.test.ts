import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../src/local-api.ts";
import { HttpClient, type RawRequest, type Reply } from "../api/http-client.ts";

const ALLOWED = "https://dashboard.example.com";
const OTHER_ALLOWED = "https://ops.example.com";
const STRANGER = "https://evil.example.net";

/** The `Vary` header's entries, lower-cased, in order (repeats kept: they must not be there). */
function varyOf(reply: Reply): string[] {
  const vary = reply.headers.vary;
  return [vary ?? []]
    .flat()
    .flatMap((value) => value.split(","))
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
}

/**
 * CORS through the local stand-in for API Gateway, which (like the deployed HTTP API, whose own
 * CORS is off) passes every request to the API handler: with CORS configured, every answer
 * depends on the request's Origin — an allowed origin gets `Access-Control-Allow-Origin`, any
 * other origin or none gets no such header — so every answer must say `Vary: Origin`, or a
 * shared cache may hand one origin's answer to another. No request here reaches DynamoDB.
 */
describe.each([
  ["one allowed origin", [ALLOWED]],
  ["two allowed origins", [ALLOWED, OTHER_ALLOWED]],
])("CORS with %s", (_, corsOrigins) => {
  let api: LocalApi;
  let dynamodb: DynamoDBClient;
  let http: HttpClient;

  beforeAll(async () => {
    // Never called: the requests below are answered before the store is asked anything.
    dynamodb = new DynamoDBClient({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    api = await startLocalApi({ dynamodb, tableName: "unused", corsOrigins, logLevel: "SILENT" });
    http = new HttpClient(api.url);
  });

  afterAll(async () => {
    await api.close();
    dynamodb.destroy();
  });

  /** `authorized`: sent with the API's token. */
  const requests: Record<string, RawRequest & { status: number; authorized?: boolean }> = {
    "a public GET": { path: "/health", status: 200 },
    "a preflight": {
      method: "OPTIONS",
      path: "/workshops/con301",
      headers: [
        ["access-control-request-method", "PUT"],
        ["access-control-request-headers", "authorization,content-type"],
      ],
      status: 204,
    },
    "a request without the token": { path: "/workshops", status: 401 },
    "an unknown path": { path: "/nope", authorized: true, status: 404 },
    "a method the path does not serve": { method: "DELETE", path: "/health", status: 405 },
  };

  it("allows from an allowed origin every method the API serves, POST included (rotations, joins)", async () => {
    const reply = await http.send({
      method: "OPTIONS",
      path: "/workshops/con301/join",
      headers: [
        ["access-control-request-method", "POST"],
        ["origin", ALLOWED],
      ],
    });

    expect(reply.status).toBe(204);
    expect(String(reply.headers["access-control-allow-methods"]).split(",")).toEqual([
      "GET",
      "PUT",
      "POST",
      "DELETE",
    ]);
  });

  describe.each(Object.entries(requests))("%s", (_, request) => {
    const send = async (origin?: string) => {
      const { status, authorized, ...raw } = request;
      const reply = await http.send({
        ...raw,
        ...(authorized ? { token: api.token } : {}),
        headers: [...(raw.headers ?? []), ...(origin ? [["origin", origin] as [string, string]] : [])],
      });
      expect(reply.status).toBe(status);
      return reply;
    };

    it("from an allowed origin: allows it, and says Vary: Origin once", async () => {
      const reply = await send(ALLOWED);

      expect(reply.headers["access-control-allow-origin"]).toBe(ALLOWED);
      expect(varyOf(reply).filter((entry) => entry === "origin")).toEqual(["origin"]);
    });

    it("from another origin: does not allow it, and still says Vary: Origin once", async () => {
      const reply = await send(STRANGER);

      expect(reply.headers["access-control-allow-origin"]).toBeUndefined();
      expect(varyOf(reply).filter((entry) => entry === "origin")).toEqual(["origin"]);
    });

    it("without an Origin: allows none, and says Vary: Origin once", async () => {
      const reply = await send();

      expect(reply.headers["access-control-allow-origin"]).toBeUndefined();
      expect(varyOf(reply).filter((entry) => entry === "origin")).toEqual(["origin"]);
    });
  });
});

describe("without CORS", () => {
  it("answers the same whatever the Origin, so without CORS headers and without Vary: Origin", async () => {
    const dynamodb = new DynamoDBClient({
      endpoint: "http://127.0.0.1:9",
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const api = await startLocalApi({ dynamodb, tableName: "unused", logLevel: "SILENT" });
    try {
      const reply = await new HttpClient(api.url).send({ path: "/health", headers: [["origin", ALLOWED]] });

      expect(reply.status).toBe(200);
      expect(reply.headers["access-control-allow-origin"]).toBeUndefined();
      expect(varyOf(reply)).not.toContain("origin");
    } finally {
      await api.close();
      dynamodb.destroy();
    }
  });
});

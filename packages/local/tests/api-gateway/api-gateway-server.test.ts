import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { Agent, request } from "node:http";
import type { Socket } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ApiGatewayServer,
  type ApiGatewayServerOptions,
  type HttpApiHandler,
  startApiGatewayServer,
} from "../../src/api-gateway/api-gateway-server.ts";

/** Echoes the event (and a few context fields) back as JSON. */
const echo: HttpApiHandler = async (event, context) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    event,
    context: {
      awsRequestId: context.awsRequestId,
      functionName: context.functionName,
      remainingMs: context.getRemainingTimeInMillis(),
    },
  }),
});

interface Echoed {
  event: APIGatewayProxyEventV2;
  context: { awsRequestId: string; functionName: string; remainingMs: number };
}

const servers: ApiGatewayServer[] = [];
const logLines: string[] = [];

async function start(options: Partial<ApiGatewayServerOptions> = {}): Promise<ApiGatewayServer> {
  const server = await startApiGatewayServer({
    handler: echo,
    log: (line) => logLines.push(line),
    ...options,
  });
  servers.push(server);
  return server;
}

async function echoed(response: Response): Promise<Echoed> {
  expect(response.status).toBe(200);
  return (await response.json()) as Echoed;
}

/** A request through node:http, which (unlike fetch) can send a header twice. */
async function rawRequest(
  url: string,
  headers: Record<string, string | string[]>,
  agent?: Agent,
): Promise<{ status: number; body: string; socket: Socket }> {
  const req = request(url, { headers, agent });
  req.end();
  const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
  let body = "";
  for await (const chunk of res) body += chunk;
  return { status: res.statusCode ?? 0, body, socket: req.socket as Socket };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  logLines.length = 0;
});

describe("request → event", () => {
  it("lower-cases header names and joins a repeated header with commas", async () => {
    // Prepare
    const server = await start();

    // Act
    const { status, body } = await rawRequest(`${server.url}/`, {
      "X-Workshop-Id": "w1",
      "X-Dup": ["a", "b"],
    });

    // Assess
    expect(status).toBe(200);
    const { event } = JSON.parse(body) as Echoed;
    expect(event.headers["x-workshop-id"]).toBe("w1");
    expect(event.headers["x-dup"]).toBe("a,b");
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it("fills requestContext like API Gateway", async () => {
    // Prepare
    const server = await start({ functionName: "targetwatch-api-test" });
    const before = Date.now();

    // Act
    const response = await fetch(`${server.url}/workshops?x=1`, {
      headers: { "user-agent": "facilitator/1.0" },
    });

    // Assess
    const { event, context } = await echoed(response);
    const requestId = response.headers.get("apigw-requestid");
    expect(requestId).toMatch(/^[A-Za-z0-9+/]{14}==?$|^[A-Za-z0-9+/]{15}=$/);
    expect(event.version).toBe("2.0");
    expect(event.requestContext).toMatchObject({
      accountId: "123456789012",
      apiId: "local",
      domainName: `127.0.0.1:${server.port}`,
      domainPrefix: "127",
      http: {
        method: "GET",
        path: "/workshops",
        protocol: "HTTP/1.1",
        sourceIp: "127.0.0.1",
        userAgent: "facilitator/1.0",
      },
      requestId,
      routeKey: "$default",
      stage: "$default",
    });
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(event.requestContext.timeEpoch).toBeLessThanOrEqual(Date.now());
    expect(event.headers["x-forwarded-for"]).toBe("127.0.0.1");
    expect(event.headers["x-forwarded-port"]).toBe(String(server.port));
    expect(event.headers["x-amzn-trace-id"]).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.stageVariables).toBeUndefined();
    expect(context).toMatchObject({ awsRequestId: requestId, functionName: "targetwatch-api-test" });
  });

  it("moves the Cookie header into cookies", async () => {
    // Prepare
    const server = await start();

    // Act
    const { event } = await echoed(
      await fetch(server.url, { headers: { cookie: "session=abc; theme=dark" } }),
    );

    // Assess
    expect(event.cookies).toEqual(["session=abc", "theme=dark"]);
    expect(event.headers.cookie).toBeUndefined();
  });

  it("keeps the raw query string and decodes repeated and encoded parameters", async () => {
    // Prepare
    const server = await start();

    // Act
    const { event } = await echoed(
      await fetch(`${server.url}/search?tag=a&tag=b&q=caf%C3%A9%20au+lait&plus=%2B&flag`),
    );

    // Assess
    expect(event.rawPath).toBe("/search");
    expect(event.rawQueryString).toBe("tag=a&tag=b&q=caf%C3%A9%20au+lait&plus=%2B&flag");
    expect(event.queryStringParameters).toEqual({ tag: "a,b", q: "café au lait", plus: "+", flag: "" });
  });

  it("omits queryStringParameters, cookies and body when the request has none", async () => {
    // Prepare
    const server = await start();

    // Act
    const { event } = await echoed(await fetch(`${server.url}/health`));

    // Assess
    expect(event.rawQueryString).toBe("");
    expect(event).not.toHaveProperty("queryStringParameters");
    expect(event).not.toHaveProperty("cookies");
    expect(event).not.toHaveProperty("body");
    expect(event).not.toHaveProperty("pathParameters");
    expect(event.isBase64Encoded).toBe(false);
  });

  it("passes a JSON body as text", async () => {
    // Prepare
    const server = await start();
    const json = JSON.stringify({ name: "Équipe A", thresholdMinutes: 5 });

    // Act
    const { event } = await echoed(
      await fetch(`${server.url}/workshops/w1`, {
        method: "PUT",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: json,
      }),
    );

    // Assess
    expect(event.body).toBe(json);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.requestContext.http.method).toBe("PUT");
  });

  it("round-trips random bytes base64-encoded both ways", async () => {
    // Prepare
    const bytes = randomBytes(64 * 1024);
    const server = await start({
      handler: async (event) => ({
        statusCode: 200,
        headers: {
          "content-type": "application/octet-stream",
          "x-was-base64": String(event.isBase64Encoded),
        },
        body: event.body,
        isBase64Encoded: true,
      }),
    });

    // Act
    const response = await fetch(`${server.url}/upload`, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: bytes,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("x-was-base64")).toBe("true");
    expect(response.headers.get("content-length")).toBe(String(bytes.length));
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it("base64-encodes a body sent without a content type", async () => {
    // Prepare
    const server = await start();

    // Act
    const { event } = await echoed(
      await fetch(server.url, { method: "POST", body: new Blob([Buffer.from("plain words")]) }),
    );

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body as string, "base64").toString()).toBe("plain words");
  });
});

describe("routes", () => {
  const routes = ["GET /health", "GET /workshops/{id}", "PUT /workshops/{id}", "GET /files/{proxy+}"];

  it("fills routeKey and decoded pathParameters from the matched route", async () => {
    // Prepare
    const server = await start({ routes });

    // Act
    const { event } = await echoed(await fetch(`${server.url}/workshops/team%20a%2Fb`));
    const { event: greedy } = await echoed(await fetch(`${server.url}/files/logs/2024/a%20b.txt`));
    const { event: literal } = await echoed(await fetch(`${server.url}/health`));

    // Assess
    expect(event.routeKey).toBe("GET /workshops/{id}");
    expect(event.requestContext.routeKey).toBe("GET /workshops/{id}");
    expect(event.rawPath).toBe("/workshops/team%20a%2Fb");
    expect(event.pathParameters).toEqual({ id: "team a/b" });
    expect(greedy.routeKey).toBe("GET /files/{proxy+}");
    expect(greedy.pathParameters).toEqual({ proxy: "logs/2024/a b.txt" });
    expect(literal.routeKey).toBe("GET /health");
    expect(literal).not.toHaveProperty("pathParameters");
  });

  it("answers API Gateway's own 404 when no route matches, without calling the handler", async () => {
    // Prepare
    let calls = 0;
    const server = await start({
      routes,
      handler: async () => {
        calls++;
        return "called";
      },
    });

    // Act
    const unknownPath = await fetch(`${server.url}/nope`);
    const wrongMethod = await fetch(`${server.url}/health`, { method: "DELETE" });

    // Assess
    for (const response of [unknownPath, wrongMethod]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(response.headers.get("apigw-requestid")).toBeTruthy();
      expect(await response.json()).toEqual({ message: "Not Found" });
    }
    expect(calls).toBe(0);
  });

  it("sends everything to $default by default, and what no other route takes when listed", async () => {
    // Prepare
    const catchAll = await start();
    const withDefault = await start({ routes: [...routes, "$default"] });

    // Act
    const { event: any } = await echoed(await fetch(`${catchAll.url}/any/path`, { method: "DELETE" }));
    const { event: fallback } = await echoed(await fetch(`${withDefault.url}/nope`, { method: "POST" }));
    const { event: specific } = await echoed(await fetch(`${withDefault.url}/workshops/w1`));

    // Assess
    expect(any.routeKey).toBe("$default");
    expect(any.rawPath).toBe("/any/path");
    expect(fallback.routeKey).toBe("$default");
    expect(specific.routeKey).toBe("GET /workshops/{id}");
  });

  it("serves a named stage under /<stage> with the stage in rawPath", async () => {
    // Prepare
    const server = await start({ routes, stage: "dev" });

    // Act
    const { event } = await echoed(await fetch(`${server.url}/dev/workshops/w1`));
    const outside = await fetch(`${server.url}/workshops/w1`);

    // Assess
    expect(event.routeKey).toBe("GET /workshops/{id}");
    expect(event.rawPath).toBe("/dev/workshops/w1");
    expect(event.requestContext.stage).toBe("dev");
    expect(event.pathParameters).toEqual({ id: "w1" });
    expect(outside.status).toBe(404);
  });

  it("refuses to start with an invalid route key", async () => {
    // Act / Assess
    await expect(start({ routes: ["GET workshops"] })).rejects.toThrow(/invalid route key "GET workshops"/);
  });
});

describe("result → response", () => {
  it("uses a structured result's status, headers and body, with Content-Length and apigw-requestid", async () => {
    // Prepare
    const server = await start({
      handler: async (event) => ({
        statusCode: 201,
        headers: { "Content-Type": "text/plain; charset=utf-8", "X-Request": event.requestContext.requestId },
        body: "créé",
      }),
    });

    // Act
    const response = await fetch(server.url, { method: "POST" });

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength("créé")));
    expect(response.headers.get("apigw-requestid")).toBe(response.headers.get("x-request"));
    expect(await response.text()).toBe("créé");
  });

  it("sends each cookie of the result as its own Set-Cookie header", async () => {
    // Prepare
    const server = await start({
      handler: async () => ({
        statusCode: 200,
        cookies: ["session=abc; Path=/; HttpOnly", "theme=dark; Max-Age=60"],
      }),
    });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.headers.getSetCookie()).toEqual([
      "session=abc; Path=/; HttpOnly",
      "theme=dark; Max-Age=60",
    ]);
  });

  it("infers 200 and application/json for an object without statusCode", async () => {
    // Prepare
    const server = await start({ handler: async () => ({ message: "Hello from Lambda!" }) as never });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe('{"message":"Hello from Lambda!"}');
  });

  it("infers 200 and application/json for a string, sent as it is", async () => {
    // Prepare
    const server = await start({ handler: async () => "Hello from Lambda!" });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe("Hello from Lambda!");
  });

  it("decodes a base64 result body", async () => {
    // Prepare
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const server = await start({
      handler: async () => ({
        statusCode: 200,
        headers: { "content-type": "image/png" },
        body: png.toString("base64"),
        isBase64Encoded: true,
      }),
    });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await response.arrayBuffer())).toEqual(png);
  });

  it("keeps framing to itself: a handler's Content-Length or Transfer-Encoding is dropped", async () => {
    // Prepare
    const server = await start({
      handler: async () => ({
        statusCode: 200,
        headers: { "content-length": "999", "transfer-encoding": "chunked", connection: "close" },
        body: "ok",
      }),
    });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.headers.get("content-length")).toBe("2");
    expect(response.headers.get("transfer-encoding")).toBeNull();
    expect(await response.text()).toBe("ok");
  });

  it("answers HEAD with the headers and no body", async () => {
    // Prepare
    const server = await start({
      handler: async (event) => ({
        statusCode: 200,
        headers: { "x-method": event.requestContext.http.method },
        body: "hello",
      }),
    });

    // Act
    const response = await fetch(server.url, { method: "HEAD" });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get("x-method")).toBe("HEAD");
    expect(response.headers.get("content-length")).toBe("5");
    expect(await response.text()).toBe("");
  });
});

describe("failures", () => {
  it("answers 500 without the error when the handler throws, and logs it with the request id", async () => {
    // Prepare
    const server = await start({
      handler: async () => {
        throw new Error("DynamoDB said no: secret-table-name");
      },
    });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ message: "Internal Server Error" });
    expect(body).not.toContain("secret-table-name");
    const requestId = response.headers.get("apigw-requestid") as string;
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toContain(requestId);
    expect(logLines[0]).toContain("DynamoDB said no: secret-table-name");
    expect(logLines[0]).toMatch(/at .*api-gateway-server\.test\.ts/);
  });

  it("answers 500 when the handler throws synchronously", async () => {
    // Prepare
    const server = await start({
      handler: (() => {
        throw new TypeError("not even async");
      }) as unknown as HttpApiHandler,
    });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "Internal Server Error" });
  });

  it("answers 500 for a malformed structured result", async () => {
    // Prepare
    const server = await start({
      handler: async () =>
        ({ statusCode: 200, body: { not: "a string" } }) as unknown as APIGatewayProxyResultV2,
    });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "Internal Server Error" });
    expect(logLines[0]).toMatch(/invalid handler result: .*body must be a string/);
  });

  it("answers 503 when the handler outlives the timeout", async () => {
    // Prepare
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const server = await start({
      timeoutMs: 50,
      handler: async () => {
        await released;
        finished = true;
        return { statusCode: 200, body: "too late" };
      },
    });

    // Act
    const response = await fetch(server.url);

    // Assess
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: "Service Unavailable" });
    expect(finished).toBe(false);
    expect(logLines[0]).toContain(response.headers.get("apigw-requestid") as string);
    release();
  });

  it("gives the handler a context whose remaining time counts down from timeoutMs", async () => {
    // Prepare
    let observed: Context | undefined;
    let first = 0;
    const server = await start({
      timeoutMs: 10_000,
      handler: async (event, context) => {
        observed = context;
        first = context.getRemainingTimeInMillis();
        return echo(event, context);
      },
    });

    // Act
    const { context } = await echoed(await fetch(server.url));

    // Assess
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(10_000);
    expect(context.remainingMs).toBeLessThanOrEqual(first);
    expect(observed?.invokedFunctionArn).toBe(
      "arn:aws:lambda:us-east-1:123456789012:function:targetwatch-api",
    );
    expect(observed?.functionVersion).toBe("$LATEST");
  });

  it("answers 413 for a body over the limit without calling the handler", async () => {
    // Prepare
    let calls = 0;
    const server = await start({
      maxBodyBytes: 1024,
      handler: async () => {
        calls++;
        return "ok";
      },
    });
    const post = (body: RequestInit["body"]) =>
      fetch(server.url, { method: "POST", headers: { "content-type": "text/plain" }, body, duplex: "half" });

    // Act
    const atLimit = await post("x".repeat(1024));
    const overLimit = await post("x".repeat(1025));
    const huge = await post(new Uint8Array(4 * 1024 * 1024));
    const chunked = await post(
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < 8; i++) controller.enqueue(new Uint8Array(512));
          controller.close();
        },
      }),
    );

    // Assess
    expect(atLimit.status).toBe(200);
    await atLimit.text();
    for (const response of [overLimit, huge, chunked]) {
      expect(response.status).toBe(413);
      expect(await response.json()).toEqual({ message: "Request Entity Too Large" });
    }
    expect(calls).toBe(1);
  });
});

describe("server", () => {
  it("serves requests concurrently", async () => {
    // Prepare: the first request can only finish once the second one has reached the handler
    let secondArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => {
      secondArrived = resolve;
    });
    const server = await start({
      timeoutMs: 5_000,
      handler: async (event) => {
        if (event.rawPath === "/first") await arrived;
        else secondArrived();
        return event.rawPath;
      },
    });

    // Act
    const [first, second] = await Promise.all([fetch(`${server.url}/first`), fetch(`${server.url}/second`)]);

    // Assess
    expect([first.status, await first.text()]).toEqual([200, "/first"]);
    expect([second.status, await second.text()]).toEqual([200, "/second"]);
  });

  it("ends keep-alive connections and stops listening on close", async () => {
    // Prepare
    const server = await startApiGatewayServer({ handler: echo });
    const agent = new Agent({ keepAlive: true });
    const { status, socket } = await rawRequest(`${server.url}/`, {}, agent);
    expect(status).toBe(200);
    const socketClosed = once(socket, "close");

    // Act
    await server.close();

    // Assess
    await socketClosed;
    await expect(fetch(server.url)).rejects.toThrow();
    agent.destroy();
  });

  it("lets a request in flight finish when closing", async () => {
    // Prepare
    let entered: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await startApiGatewayServer({
      handler: async () => {
        entered();
        await released;
        return "finished";
      },
    });
    const pending = fetch(server.url);
    await inHandler;

    // Act
    const closed = server.close();
    release();
    const response = await pending;

    // Assess
    expect(await response.text()).toBe("finished");
    expect(response.headers.get("connection")).toBe("close");
    await closed;
  });
});

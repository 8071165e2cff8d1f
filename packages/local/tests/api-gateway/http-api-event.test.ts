import { describe, expect, it } from "vitest";
import {
  type EventMeta,
  formatRequestTime,
  isTextualContentType,
  parseQueryString,
  type ReceivedRequest,
  toHttpApiEvent,
} from "../../src/api-gateway/http-api-event.ts";

const META: EventMeta = {
  stage: "$default",
  requestId: "JBkXsiJ2IAMEVOw=",
  now: new Date("2020-03-12T19:03:58.390Z"),
};

function request(overrides: Partial<ReceivedRequest> = {}): ReceivedRequest {
  return {
    method: "GET",
    url: "/",
    headers: { host: "127.0.0.1:3000" },
    body: Buffer.alloc(0),
    sourceIp: "127.0.0.1",
    ...overrides,
  };
}

describe("toHttpApiEvent", () => {
  it("builds the whole payload format 2.0 event", () => {
    // Prepare
    const received = request({
      method: "put",
      url: "/workshops/team%20a?force=true&tag=a&tag=b",
      headers: [
        ["Host", "abc123.execute-api.us-west-2.amazonaws.com"],
        ["User-Agent", "curl/8.5.0"],
        ["Content-Type", "application/json"],
        ["Cookie", "session=s1; theme=dark"],
        ["X-Dup", "one"],
        ["x-dup", "two"],
        ["Connection", "keep-alive"],
      ],
      body: Buffer.from('{"name":"Team A"}'),
      sourceIp: "203.0.113.9",
    });

    // Act
    const event = toHttpApiEvent(
      received,
      { routeKey: "PUT /workshops/{id}", pathParameters: { id: "team a" } },
      {
        ...META,
        accountId: "111122223333",
        apiId: "abc123",
        port: 443,
        traceId: "Root=1-5e6a8a0e-0123456789abcdef01234567",
      },
    );

    // Assess
    expect(event).toEqual({
      version: "2.0",
      routeKey: "PUT /workshops/{id}",
      rawPath: "/workshops/team%20a",
      rawQueryString: "force=true&tag=a&tag=b",
      cookies: ["session=s1", "theme=dark"],
      headers: {
        host: "abc123.execute-api.us-west-2.amazonaws.com",
        "user-agent": "curl/8.5.0",
        "content-type": "application/json",
        "x-dup": "one,two",
        "x-forwarded-for": "203.0.113.9",
        "x-forwarded-proto": "http",
        "x-forwarded-port": "443",
        "x-amzn-trace-id": "Root=1-5e6a8a0e-0123456789abcdef01234567",
      },
      queryStringParameters: { force: "true", tag: "a,b" },
      requestContext: {
        accountId: "111122223333",
        apiId: "abc123",
        domainName: "abc123.execute-api.us-west-2.amazonaws.com",
        domainPrefix: "abc123",
        http: {
          method: "PUT",
          path: "/workshops/team%20a",
          protocol: "HTTP/1.1",
          sourceIp: "203.0.113.9",
          userAgent: "curl/8.5.0",
        },
        requestId: "JBkXsiJ2IAMEVOw=",
        routeKey: "PUT /workshops/{id}",
        stage: "$default",
        time: "12/Mar/2020:19:03:58 +0000",
        timeEpoch: 1584039838390,
      },
      body: '{"name":"Team A"}',
      pathParameters: { id: "team a" },
      isBase64Encoded: false,
    });
  });

  it("omits cookies, queryStringParameters, pathParameters, body and stageVariables when there are none", () => {
    // Act
    const event = toHttpApiEvent(request(), { routeKey: "$default" }, META);

    // Assess
    expect(Object.keys(event)).toEqual([
      "version",
      "routeKey",
      "rawPath",
      "rawQueryString",
      "headers",
      "requestContext",
      "isBase64Encoded",
    ]);
    expect(event.rawQueryString).toBe("");
    expect(event.isBase64Encoded).toBe(false);
  });

  it("joins duplicates from Node's parsed headers with commas and drops the cookie header", () => {
    // Prepare
    const headers = { host: "localhost:3000", "x-list": ["a", "b"], cookie: "a=1;b=2" };

    // Act
    const event = toHttpApiEvent(request({ headers }), { routeKey: "$default" }, META);

    // Assess
    expect(event.headers["x-list"]).toBe("a,b");
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(["a=1", "b=2"]);
    expect(event.requestContext.domainPrefix).toBe("localhost:3000");
  });

  it("reads Node's flat rawHeaders list and splits every Cookie header", () => {
    // Prepare
    const headers = [
      "Host",
      "localhost",
      "Cookie",
      "a=1; b=2",
      "Cookie",
      "c=3",
      "X-Forwarded-For",
      "198.51.100.7",
    ];

    // Act
    const event = toHttpApiEvent(request({ headers }), { routeKey: "$default" }, META);

    // Assess
    expect(event.cookies).toEqual(["a=1", "b=2", "c=3"]);
    expect(event.headers["x-forwarded-for"]).toBe("198.51.100.7, 127.0.0.1");
  });

  it("keeps the raw query string and decodes the parameters", () => {
    // Prepare
    const url = "/search?q=caf%C3%A9+au%20lait&tag=a&tag=b&empty=&flag&&plus=%2B&bad=100%";

    // Act
    const event = toHttpApiEvent(request({ url }), { routeKey: "$default" }, META);

    // Assess
    expect(event.rawPath).toBe("/search");
    expect(event.rawQueryString).toBe("q=caf%C3%A9+au%20lait&tag=a&tag=b&empty=&flag&&plus=%2B&bad=100%");
    expect(event.queryStringParameters).toEqual({
      q: "café au lait",
      tag: "a,b",
      empty: "",
      flag: "",
      plus: "+",
      bad: "100%",
    });
  });

  it("passes a textual body as UTF-8 text", () => {
    // Prepare
    const body = Buffer.from("name=Caf%C3%A9&note=é");

    // Act
    const event = toHttpApiEvent(
      request({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }),
      { routeKey: "$default" },
      META,
    );

    // Assess
    expect(event.body).toBe("name=Caf%C3%A9&note=é");
    expect(event.isBase64Encoded).toBe(false);
  });

  it.each([
    ["binary content", "application/octet-stream", undefined, Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ["no content type", undefined, undefined, Buffer.from("hello")],
    ["a compressed text", "application/json", "gzip", Buffer.from("{}")],
    ["bytes that are not UTF-8", "text/plain", undefined, Buffer.from([0x66, 0xff, 0xfe])],
  ])("passes a body with %s base64-encoded", (_, contentType, contentEncoding, body) => {
    // Prepare
    const headers: Record<string, string> = {};
    if (contentType) headers["content-type"] = contentType;
    if (contentEncoding) headers["content-encoding"] = contentEncoding;

    // Act
    const event = toHttpApiEvent(request({ method: "POST", headers, body }), { routeKey: "$default" }, META);

    // Assess
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body as string, "base64")).toEqual(body);
  });

  it("drops hop-by-hop headers and reduces an absolute-form target to path and query", () => {
    // Prepare
    const headers = {
      host: "h",
      connection: "keep-alive",
      "transfer-encoding": "chunked",
      "keep-alive": "5",
    };

    // Act
    const event = toHttpApiEvent(request({ url: "http://h/a?b=1", headers }), { routeKey: "$default" }, META);

    // Assess
    expect(Object.keys(event.headers).sort()).toEqual(["host", "x-forwarded-for", "x-forwarded-proto"]);
    expect(event.rawPath).toBe("/a");
    expect(event.rawQueryString).toBe("b=1");
  });
});

describe("isTextualContentType", () => {
  it.each([
    "text/plain",
    "text/html; charset=utf-8",
    "application/json",
    "Application/JSON; charset=UTF-8",
    "application/problem+json",
    "application/xml",
    "application/atom+xml",
    "application/x-www-form-urlencoded",
    "application/javascript",
  ])("treats %s as text", (contentType) => {
    expect(isTextualContentType(contentType)).toBe(true);
  });

  it.each([
    undefined,
    "",
    "application/octet-stream",
    "image/png",
    "multipart/form-data; boundary=x",
    "application/pdf",
  ])("treats %s as binary", (contentType) => {
    expect(isTextualContentType(contentType)).toBe(false);
  });
});

describe("parseQueryString", () => {
  it("returns undefined for an empty query string", () => {
    expect(parseQueryString("")).toBeUndefined();
    expect(parseQueryString("&&")).toBeUndefined();
  });

  it("decodes keys as well as values", () => {
    expect(parseQueryString("a%5B0%5D=1&a%5B0%5D=2")).toEqual({ "a[0]": "1,2" });
  });
});

describe("formatRequestTime", () => {
  it("formats like API Gateway's requestContext.time, in UTC with zero padding", () => {
    expect(formatRequestTime(new Date("2020-03-12T19:03:58.390Z"))).toBe("12/Mar/2020:19:03:58 +0000");
    expect(formatRequestTime(new Date("2024-01-05T03:04:05+02:00"))).toBe("05/Jan/2024:01:04:05 +0000");
  });
});

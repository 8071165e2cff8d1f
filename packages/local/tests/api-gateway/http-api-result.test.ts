import { describe, expect, it } from "vitest";
import { fromHttpApiResult, InvalidHandlerResultError } from "../../src/api-gateway/http-api-result.ts";

describe("fromHttpApiResult with a structured result", () => {
  it("uses statusCode, headers (lower-cased, stringified), cookies and body", () => {
    // Act
    const response = fromHttpApiResult({
      statusCode: 201,
      headers: { "Content-Type": "text/plain", "X-Count": 3, "X-Cached": false },
      cookies: ["a=1; Path=/", "b=2; HttpOnly"],
      body: "créé",
    });

    // Assess
    expect(response).toEqual({
      statusCode: 201,
      headers: { "content-type": "text/plain", "x-count": "3", "x-cached": "false" },
      cookies: ["a=1; Path=/", "b=2; HttpOnly"],
      body: Buffer.from("créé", "utf8"),
    });
  });

  it("adds no content type and an empty body when the result has neither", () => {
    // Act
    const response = fromHttpApiResult({ statusCode: 204 });

    // Assess
    expect(response).toEqual({ statusCode: 204, headers: {}, cookies: [], body: Buffer.alloc(0) });
  });

  it("decodes a base64 body", () => {
    // Prepare
    const bytes = Buffer.from([0, 1, 2, 253, 254, 255]);

    // Act
    const response = fromHttpApiResult({
      statusCode: 200,
      body: bytes.toString("base64"),
      isBase64Encoded: true,
    });

    // Assess
    expect(response.body).toEqual(bytes);
  });

  it("sends a set-cookie header along with the cookies", () => {
    // Act
    const response = fromHttpApiResult({
      statusCode: 200,
      headers: { "Set-Cookie": "h=1" },
      cookies: ["c=2"],
    });

    // Assess
    expect(response.cookies).toEqual(["h=1", "c=2"]);
    expect(response.headers).toEqual({});
  });

  it("ignores multiValueHeaders, which format 2.0 does not have", () => {
    // Act
    const response = fromHttpApiResult({
      statusCode: 200,
      multiValueHeaders: { "x-multi": ["a", "b"] },
    } as unknown as { statusCode: number });

    // Assess
    expect(response.headers).toEqual({});
  });

  it.each([
    ["a statusCode that is a string", { statusCode: "200" }],
    ["a statusCode out of range", { statusCode: 99 }],
    ["a fractional statusCode", { statusCode: 200.5 }],
    ["a body that is an object", { statusCode: 200, body: { a: 1 } }],
    ["headers that are an array", { statusCode: 200, headers: ["a"] }],
    ["a header value that is an object", { statusCode: 200, headers: { "x-a": { b: 1 } } }],
    ["an invalid header name", { statusCode: 200, headers: { "bad name": "x" } }],
    ["a header value with a line break", { statusCode: 200, headers: { "x-a": "1\r\nx-b: 2" } }],
    ["cookies that are not strings", { statusCode: 200, cookies: [1] }],
    ["a body that is not base64", { statusCode: 200, body: "not base64!", isBase64Encoded: true }],
    ["isBase64Encoded that is not a boolean", { statusCode: 200, body: "", isBase64Encoded: "true" }],
  ])("rejects %s", (_, result) => {
    // Act / Assess
    expect(() => fromHttpApiResult(result)).toThrow(InvalidHandlerResultError);
  });

  it("rejects a result that cannot be serialized to JSON", () => {
    // Prepare
    const circular: Record<string, unknown> = { statusCode: 200 };
    circular.self = circular;

    // Act / Assess
    expect(() => fromHttpApiResult(circular)).toThrow(InvalidHandlerResultError);
    expect(() => fromHttpApiResult({ count: 1n })).toThrow(InvalidHandlerResultError);
  });
});

describe("fromHttpApiResult with any other result (inferred response)", () => {
  it("answers 200 with a JSON content type and the object's JSON as body", () => {
    // Act
    const response = fromHttpApiResult({
      message: "Hello from Lambda!",
      at: new Date("2020-03-12T19:03:58Z"),
    });

    // Assess
    expect(response).toEqual({
      statusCode: 200,
      headers: { "content-type": "application/json" },
      cookies: [],
      body: Buffer.from('{"message":"Hello from Lambda!","at":"2020-03-12T19:03:58.000Z"}'),
    });
  });

  it("uses a string as the body as it is", () => {
    // Act
    const response = fromHttpApiResult("Hello from Lambda!");

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ "content-type": "application/json" });
    expect(response.body.toString()).toBe("Hello from Lambda!");
  });

  it.each([
    ["an array", [1, "two"], '[1,"two"]'],
    ["a number", 42, "42"],
    ["a boolean", true, "true"],
    ["null", null, "null"],
    ["undefined (Lambda returns null)", undefined, "null"],
    ["an object whose statusCode is undefined", { statusCode: undefined, ok: 1 }, '{"ok":1}'],
  ])("serializes %s as JSON", (_, result, body) => {
    // Act
    const response = fromHttpApiResult(result);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body.toString()).toBe(body);
  });
});
